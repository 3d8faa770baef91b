"""SQLAlchemy 2 models of the transactional store.

Two kinds of tables live here:

* the workspace tables that are not process data (customers ... complaints), built
  from :mod:`totalquality._schema` so the store and the import format cannot drift
  (``tests/test_store.py`` checks that the Alembic migrations create exactly these);
* the application's own tables: organisations, users, imports, rejects, topics,
  topic assignments, the text cache, control limits, PDCA/CAPA actions, their
  history and a general audit log.

High-volume process tables (measurements, inspections, defects) are not here:
they are append-only Parquet datasets (see ``_workspace.py``).

All timestamps are stored as UTC without a zone (``naive = UTC`` as in the
import format).

Workspace tables have no foreign keys on purpose: every table of the import
format is optional, so an order may name a customer whose table was never
imported. The importer checks references whenever the referenced table exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .._schema import TABLES, Column, Table

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: the column holding the import batch that loaded a row
IMPORT_COLUMN = "_import"
#: surrogate key of tables whose natural key has optional columns (lot_parts)
KEY_COLUMN = "_key"


def utcnow() -> dt.datetime:
    """Now, as naive UTC (the store's convention)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


def _sa_type(column: Column) -> sa.types.TypeEngine[Any]:
    if column.type == "id":
        return sa.String(column.max_length or 200)
    if column.type == "string":
        return sa.Text()
    if column.type == "integer":
        return sa.BigInteger()
    if column.type == "number":
        return sa.Double()
    if column.type == "timestamp":
        return sa.DateTime()
    if column.type == "date":
        return sa.Date()
    if column.type == "boolean":
        return sa.Boolean()
    raise ValueError(f"no SQL type for {column.type}")  # pragma: no cover - schema is fixed


def needs_surrogate_key(spec: Table) -> bool:
    """A natural key with an optional column cannot be a primary key (NULL)."""
    return any(not spec.column(k).required for k in spec.key)


def _workspace_table(spec: Table) -> sa.Table:
    surrogate = needs_surrogate_key(spec)
    columns: list[sa.schema.SchemaItem] = []
    if surrogate:
        columns.append(sa.Column(KEY_COLUMN, sa.Text(), primary_key=True))
    for c in spec.columns:
        columns.append(
            sa.Column(
                c.name,
                _sa_type(c),
                nullable=not c.required,
                primary_key=(not surrogate and c.name in spec.key),
                comment=c.description or None,
            )
        )
    # no secondary indexes: analytics read whole tables into DuckDB, and every index
    # would slow the bulk insert of an import (measured: 1M responses 16 s → 5 s)
    columns.append(sa.Column(IMPORT_COLUMN, sa.String(40), nullable=True))
    return sa.Table(spec.name, Base.metadata, *columns, comment=spec.description)


#: SQL tables of the workspace format (every table that is not process data)
WORKSPACE_TABLES: dict[str, sa.Table] = {
    t.name: _workspace_table(t) for t in TABLES if not t.process_data
}


class Organisation(Base):
    """An organisation using the store (one per workspace in the embedded default)."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class User(Base):
    """A person who acts in the store (owner of actions, author of limits and audit rows)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(320), unique=True)
    role: Mapped[str] = mapped_column(sa.String(40), default="analyst")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Import(Base):
    """One import batch. Parquet files of a batch count only once it is ``complete``."""

    __tablename__ = "imports"
    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    source: Mapped[str] = mapped_column(sa.Text)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    #: committed = SQL rows written, Parquet still being moved in; complete = all done
    status: Mapped[str] = mapped_column(sa.String(20), default="committed")
    strict: Mapped[bool] = mapped_column(default=False)
    update: Mapped[bool] = mapped_column(default=False)
    counts: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    rejected_rows: Mapped[int] = mapped_column(default=0)
    tq_version: Mapped[str] = mapped_column(sa.String(40), default="")


class Reject(Base):
    """A row (or a whole file) an import refused, with the reason and the raw row."""

    __tablename__ = "rejects"
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[str] = mapped_column(
        sa.ForeignKey("imports.id", ondelete="CASCADE"), index=True
    )
    table_name: Mapped[str] = mapped_column(sa.String(40))
    file: Mapped[str] = mapped_column(sa.Text)
    #: 1-based data row (header = 0); NULL when the whole file was refused
    row: Mapped[int | None]
    column: Mapped[str | None] = mapped_column(sa.String(200))
    reason: Mapped[str] = mapped_column(sa.Text)
    value: Mapped[str | None] = mapped_column(sa.Text)
    #: the row as read, a JSON object of column → text
    raw: Mapped[str | None] = mapped_column(sa.Text)


class Topic(Base):
    """A theme in comments and complaints; labels per language, optionally pinned."""

    __tablename__ = "topics"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(200))
    labels: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    key_terms: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    pinned: Mapped[bool] = mapped_column(default=False)
    requirement_id: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    stage_id: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    merged_into: Mapped[int | None] = mapped_column(sa.ForeignKey("topics.id"))
    #: the topic's id in analyses and reports (T01, T02, …)
    topic_key: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    #: the name a user gave it (None: the label is used)
    name: Mapped[str | None] = mapped_column(sa.String(200))
    #: the whole row of the topic table (volume, trend, splits, …) as JSON
    details: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TopicAssignment(Base):
    """A text (response comment or complaint) assigned to a topic."""

    __tablename__ = "topic_assignments"
    topic_id: Mapped[int] = mapped_column(
        sa.ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    #: "responses" or "complaints"
    source_table: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    source_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    score: Mapped[float | None] = mapped_column(sa.Double)
    #: "model" or "user" (a person's correction outranks the model)
    assigned_by: Mapped[str] = mapped_column(sa.String(40), default="model")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TextCache(Base):
    """Per-text results computed once at intake (language, sentiment, embedding)."""

    __tablename__ = "text_cache"
    #: sha256 hex of the text
    text_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    language: Mapped[str | None] = mapped_column(sa.String(8))
    language_probability: Mapped[float | None] = mapped_column(sa.Double)
    sentiment: Mapped[float | None] = mapped_column(sa.Double)
    #: float16 little-endian vector bytes
    embedding: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    model: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ControlLimits(Base):
    """Frozen control limits of a characteristic; a re-baseline is a new recorded version."""

    __tablename__ = "control_limits"
    __table_args__ = (sa.UniqueConstraint("characteristic_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    characteristic_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    version: Mapped[int] = mapped_column(default=1)
    locked: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(sa.String(200))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


ACTION_STATUSES = ("plan", "do", "check", "act", "closed")


class Action(Base):
    """A PDCA/CAPA action, usually started from a ranked recommendation."""

    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_key: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40), default="corrective")
    subject: Mapped[str] = mapped_column(sa.String(400))
    title: Mapped[str | None] = mapped_column(sa.Text)
    owner: Mapped[str | None] = mapped_column(sa.String(200))
    due: Mapped[dt.date | None]
    root_cause: Mapped[str | None] = mapped_column(sa.Text)
    corrective: Mapped[str | None] = mapped_column(sa.Text)
    preventive: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default="plan")
    #: None until checked; then whether the action worked
    effective: Mapped[bool | None]
    #: when the change started (entering *do*): the before/after split of a check
    started_at: Mapped[dt.datetime | None]
    #: every before/after check recorded, oldest first (EffectCheck as JSON)
    checks: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    history: Mapped[list[ActionHistory]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionHistory.id"
    )


class ActionHistory(Base):
    """Who changed what on an action, when, from what to what."""

    __tablename__ = "action_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        sa.ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    who: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    what: Mapped[str] = mapped_column(sa.String(200))
    old: Mapped[str | None] = mapped_column(sa.Text)
    new: Mapped[str | None] = mapped_column(sa.Text)
    action: Mapped[Action] = relationship(back_populates="history")


class AuditLog(Base):
    """A general audit trail: who did what to which entity, old → new (JSON)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    who: Mapped[str | None] = mapped_column(sa.String(200))
    entity: Mapped[str] = mapped_column(sa.String(80))
    entity_id: Mapped[str | None] = mapped_column(sa.String(200))
    what: Mapped[str] = mapped_column(sa.String(200))
    old: Mapped[Any | None] = mapped_column(sa.JSON)
    new: Mapped[Any | None] = mapped_column(sa.JSON)


metadata = Base.metadata
