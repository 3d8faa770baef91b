"""store — the transactional store (SQLAlchemy 2 + Alembic) and the workspace.

:func:`open_workspace` opens a workspace folder: its SQLite store (or PostgreSQL
by URL), its append-only Parquet process data, and every table exposed to Ibis
on an in-process DuckDB (:class:`Workspace` is a :class:`~totalquality.TableSource`).
Other areas reach the store's own tables (topics, actions, control limits, audit)
through :meth:`Workspace.session` and the models exported here.
"""

from ._action_store import (
    change_action,
    create_action,
    get_action,
    list_actions,
    save_action,
    update_action_fields,
)
from ._engine import DATABASE_URL_ENV, head_revision
from ._models import (
    ACTION_STATUSES,
    WORKSPACE_TABLES,
    Action,
    ActionHistory,
    AuditLog,
    Base,
    ControlLimits,
    Import,
    Organisation,
    Reject,
    TextCache,
    Topic,
    TopicAssignment,
    User,
    metadata,
    utcnow,
)
from ._text_cache import StoreTextCache
from ._topic_store import load_topic_table, save_topic_table
from ._workspace import (
    ANALYSIS_NEEDS,
    PROCESS_TABLES,
    SQL_TABLES,
    Needs,
    Workspace,
    WorkspaceStatus,
    init_workspace,
    open_workspace,
)

__all__ = [
    "ACTION_STATUSES",
    "ANALYSIS_NEEDS",
    "DATABASE_URL_ENV",
    "PROCESS_TABLES",
    "SQL_TABLES",
    "StoreTextCache",
    "WORKSPACE_TABLES",
    "Action",
    "ActionHistory",
    "AuditLog",
    "Base",
    "ControlLimits",
    "Import",
    "Needs",
    "Organisation",
    "Reject",
    "TextCache",
    "Topic",
    "TopicAssignment",
    "User",
    "Workspace",
    "WorkspaceStatus",
    "change_action",
    "create_action",
    "get_action",
    "head_revision",
    "init_workspace",
    "list_actions",
    "load_topic_table",
    "metadata",
    "open_workspace",
    "save_action",
    "save_topic_table",
    "update_action_fields",
    "utcnow",
]
