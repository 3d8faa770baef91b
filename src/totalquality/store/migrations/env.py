"""Alembic environment of the totalquality store.

The store runs migrations itself on open (``_migrate.upgrade``), passing its own
connection in ``config.attributes["connection"]``; ``alembic`` on the command line
works too with ``-x url=...``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from totalquality.store._models import metadata

config = context.config


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        if not url:
            raise SystemExit(
                "give the database: alembic ... -x url=sqlite:///WORKSPACE/.tq/store.db"
            )
        engine = create_engine(url)
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
