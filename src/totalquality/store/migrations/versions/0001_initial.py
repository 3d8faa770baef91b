"""Initial store: every table of the workspace format and of the application

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_key", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("root_cause", sa.Text(), nullable=True),
        sa.Column("corrective", sa.Text(), nullable=True),
        sa.Column("preventive", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("effective", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_actions_recommendation_key"), ["recommendation_key"], unique=False
        )

    op.create_table(
        "answers",
        sa.Column("response_id", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("response_id", "item_id", name=op.f("pk_answers")),
        comment="Answers to survey items (Kano answers 1 like, 2 expect, 3 neutral, 4 live with, 5 dislike).",
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=True),
        sa.Column("entity", sa.String(length=80), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=True),
        sa.Column("what", sa.String(length=200), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "characteristics",
        sa.Column("characteristic_id", sa.String(length=200), nullable=False),
        sa.Column("stage_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("lsl", sa.Double(), nullable=True, comment="Lower specification limit"),
        sa.Column("target", sa.Double(), nullable=True),
        sa.Column("usl", sa.Double(), nullable=True, comment="Upper specification limit"),
        sa.Column("subgroup_size", sa.BigInteger(), nullable=True),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("characteristic_id", name=op.f("pk_characteristics")),
        comment="Measured quality characteristics, each at one stage, with specification limits.",
    )
    op.create_table(
        "complaints",
        sa.Column("complaint_id", sa.String(length=200), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=True),
        sa.Column("order_id", sa.String(length=200), nullable=True),
        sa.Column("product_id", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("severity", sa.BigInteger(), nullable=True),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_complaints")),
        comment="Complaints in any language.",
    )
    op.create_table(
        "control_limits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("characteristic_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_control_limits")),
        sa.UniqueConstraint(
            "characteristic_id", "version", name=op.f("uq_control_limits_characteristic_id_version")
        ),
    )
    with op.batch_alter_table("control_limits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_control_limits_characteristic_id"), ["characteristic_id"], unique=False
        )

    op.create_table(
        "customers",
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column(
            "segment",
            sa.Text(),
            nullable=True,
            comment="Customer segment, e.g. consumer, business, education",
        ),
        sa.Column("country", sa.Text(), nullable=True, comment="ISO 3166-1 alpha-2 country code"),
        sa.Column("language", sa.Text(), nullable=True, comment="ISO 639-1 language code"),
        sa.Column("since", sa.DateTime(), nullable=True, comment="Customer since"),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customers")),
        comment="Who buys: one row per customer.",
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("strict", sa.Boolean(), nullable=False),
        sa.Column("update", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("rejected_rows", sa.Integer(), nullable=False),
        sa.Column("tq_version", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_table(
        "items",
        sa.Column("item_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("requirement_id", sa.String(length=200), nullable=True),
        sa.Column(
            "block", sa.Text(), nullable=True, comment="Latent construct of an indicator item"
        ),
        sa.Column("scale_min", sa.Double(), nullable=True),
        sa.Column("scale_max", sa.Double(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_items")),
        comment="Survey questions.",
    )
    op.create_table(
        "lot_parts",
        sa.Column("_key", sa.Text(), nullable=False),
        sa.Column("lot_id", sa.String(length=200), nullable=False),
        sa.Column("part", sa.Text(), nullable=False),
        sa.Column("supplier_id", sa.String(length=200), nullable=False),
        sa.Column("supplier_lot_id", sa.String(length=200), nullable=True),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("_key", name=op.f("pk_lot_parts")),
        comment="Which supplier lots of which parts went into a finished lot (traceability).",
    )
    op.create_table(
        "lots",
        sa.Column("lot_id", sa.String(length=200), nullable=False),
        sa.Column("product_id", sa.String(length=200), nullable=True),
        sa.Column("produced_at", sa.DateTime(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("lot_id", name=op.f("pk_lots")),
        comment="Finished production lots.",
    )
    op.create_table(
        "orders",
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("product_id", sa.String(length=200), nullable=True),
        sa.Column("ordered_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("quantity", sa.BigInteger(), nullable=True),
        sa.Column("lot_id", sa.String(length=200), nullable=True, comment="Finished lot delivered"),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_orders")),
        comment="One row per order (line).",
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "products",
        sa.Column("product_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("family", sa.Text(), nullable=True),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_products")),
        comment="What is sold.",
    )
    op.create_table(
        "requirements",
        sa.Column("requirement_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("dimension", sa.Text(), nullable=True),
        sa.Column("stage_id", sa.String(length=200), nullable=True),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("requirement_id", name=op.f("pk_requirements")),
        comment="Customer requirements, optionally realised at a stage.",
    )
    op.create_table(
        "responses",
        sa.Column("response_id", sa.String(length=200), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=True),
        sa.Column("order_id", sa.String(length=200), nullable=True),
        sa.Column("product_id", sa.String(length=200), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("nps", sa.BigInteger(), nullable=True),
        sa.Column("csat", sa.BigInteger(), nullable=True),
        sa.Column("ces", sa.BigInteger(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_responses")),
        comment="Survey responses (one per respondent and survey).",
    )
    op.create_table(
        "stages",
        sa.Column("stage_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column(
            "sequence", sa.BigInteger(), nullable=False, comment="Position in the production flow"
        ),
        sa.Column("_import", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("stage_id", name=op.f("pk_stages")),
        comment="Production stages in flow order.",
    )
    op.create_table(
        "text_cache",
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("language_probability", sa.Double(), nullable=True),
        sa.Column("sentiment", sa.Double(), nullable=True),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("text_hash", name=op.f("pk_text_cache")),
    )
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("key_terms", sa.JSON(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("requirement_id", sa.String(length=200), nullable=True),
        sa.Column("stage_id", sa.String(length=200), nullable=True),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into"], ["topics.id"], name=op.f("fk_topics_merged_into_topics")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
    )
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_topics_requirement_id"), ["requirement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_topics_stage_id"), ["stage_id"], unique=False)

    op.create_table(
        "action_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("what", sa.String(length=200), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_history_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_history")),
    )
    with op.batch_alter_table("action_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_history_action_id"), ["action_id"], unique=False
        )

    op.create_table(
        "rejects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.String(length=40), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("column", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["imports.id"],
            name=op.f("fk_rejects_import_id_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejects")),
    )
    with op.batch_alter_table("rejects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rejects_import_id"), ["import_id"], unique=False)

    op.create_table(
        "topic_assignments",
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("source_table", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("assigned_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_topic_assignments_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "topic_id", "source_table", "source_id", name=op.f("pk_topic_assignments")
        ),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_users_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )


def downgrade() -> None:
    op.drop_table("users")
    op.drop_table("topic_assignments")
    with op.batch_alter_table("rejects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rejects_import_id"))

    op.drop_table("rejects")
    with op.batch_alter_table("action_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_history_action_id"))

    op.drop_table("action_history")
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topics_stage_id"))
        batch_op.drop_index(batch_op.f("ix_topics_requirement_id"))

    op.drop_table("topics")
    op.drop_table("text_cache")
    op.drop_table("stages")
    op.drop_table("responses")
    op.drop_table("requirements")
    op.drop_table("products")
    op.drop_table("organisations")
    op.drop_table("orders")
    op.drop_table("lots")
    op.drop_table("lot_parts")
    op.drop_table("items")
    op.drop_table("imports")
    op.drop_table("customers")
    with op.batch_alter_table("control_limits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_control_limits_characteristic_id"))

    op.drop_table("control_limits")
    op.drop_table("complaints")
    op.drop_table("characteristics")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("answers")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_recommendation_key"))

    op.drop_table("actions")
