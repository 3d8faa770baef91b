"""Topics keep their key (T01 …), the user's name and the whole topic-table row

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic_key", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_topics_topic_key"), ["topic_key"])


def downgrade() -> None:
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_topics_topic_key"), type_="unique")
        batch_op.drop_column("details")
        batch_op.drop_column("name")
        batch_op.drop_column("topic_key")
