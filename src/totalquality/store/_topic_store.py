"""The topic table — topics as discovered, with the user's names, merges, splits, pins and
mappings to requirements and stages — kept in the store's ``topics`` table.

The table is what :mod:`totalquality.understand` edits with pure functions; saving replaces
the stored topics in one transaction, so a half-written table is never seen.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import sqlalchemy as sa

from .._base import to_jsonable
from ._models import Topic
from ._workspace import Workspace


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def save_topic_table(workspace: Workspace, table: pd.DataFrame) -> None:
    """Replace the stored topic table with ``table`` (one transaction)."""
    rows: list[dict[str, Any]] = to_jsonable(table)  # type: ignore[assignment]
    with workspace.session() as session, session.begin():
        session.execute(sa.update(Topic).values(merged_into=None))
        session.execute(sa.delete(Topic))
        stored = {}
        for row in rows:
            key = str(row["topic_id"])
            topic = Topic(
                topic_key=key,
                label=str(row.get("label") or key)[:200],
                name=_text(row.get("name")),
                pinned=bool(row.get("pinned") is True),
                requirement_id=_text(row.get("requirement_id")),
                stage_id=_text(row.get("stage_id")),
                details=row,
            )
            session.add(topic)
            stored[key] = topic
        session.flush()
        for topic in stored.values():  # merges point at the stored row they went into
            target = _text((topic.details or {}).get("merged_into"))
            if target in stored:
                topic.merged_into = stored[target].id


def load_topic_table(workspace: Workspace) -> pd.DataFrame | None:
    """The stored topic table, or None when no topics were discovered yet."""
    with workspace.session() as session:
        topics = session.scalars(sa.select(Topic).order_by(Topic.id)).all()
        rows = [dict(t.details or {"topic_id": t.topic_key, "label": t.label}) for t in topics]
    return pd.DataFrame(rows) if rows else None
