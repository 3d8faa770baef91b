"""PDCA/CAPA actions kept in the store, with their full history.

The rules of an action (which moves are allowed, when it may close as effective)
live in :mod:`totalquality.improve`; this module only loads and saves them. Each
save appends the events the action gained since it was loaded to
``action_history`` (who, when, what, old → new status, the event as JSON), so the
history is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from .._errors import ActionError, InputError, NotFoundError
from ..improve import STATUSES, Action, EffectCheck, new_action, update
from ._models import Action as ActionRow
from ._models import ActionHistory
from ._workspace import Workspace

#: the longest text each field of an action may hold (a title is a line, steps a page)
MAX_LENGTHS = {
    "recommendation_key": 500,
    "title": 500,
    "owner": 200,
    "by": 200,
    "due": 40,
    "root_cause": 10_000,
    "corrective": 10_000,
    "preventive": 10_000,
    "note": 10_000,
}
#: action ids are positive 64-bit integers in every database the store runs on
_MAX_ID = 2**63 - 1


def check_lengths(**fields: Any) -> None:
    """InputError naming every text field longer than :data:`MAX_LENGTHS` allows."""
    too_long = [
        f"{name} is {len(value):,} characters long; at most {MAX_LENGTHS[name]:,} allowed"
        for name, value in fields.items()
        if isinstance(value, str) and name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]
    ]
    if too_long:
        raise InputError("; ".join(too_long))


def _check_action(action: Action, by: str) -> None:
    """Every text the action would store, within bounds (titles, steps, notes in history)."""
    check_lengths(
        recommendation_key=action.recommendation_key,
        title=action.title,
        owner=action.owner,
        by=by,
        root_cause=action.root_cause,
        corrective=action.corrective,
        preventive=action.preventive,
    )
    for event in action.history:
        check_lengths(note=event.get("note"), by=event.get("by"))


def create_action(
    workspace: Workspace,
    recommendation_key: str,
    title: str,
    *,
    by: str = "",
    **fields: Any,
) -> Action:
    """A new action in *plan*, from a recommendation key (``kind:subject_type:subject_id``)."""
    if recommendation_key.count(":") < 2:
        raise InputError(
            f"{recommendation_key!r} is not a recommendation key; expected "
            "kind:subject_type:subject_id as in results.json (e.g. "
            "process_out_of_control:characteristic:C-S30-GAP)"
        )
    check_lengths(recommendation_key=recommendation_key, title=title, by=by, **fields)
    with workspace.session() as session, session.begin():
        row = ActionRow(
            recommendation_key=recommendation_key,
            kind=recommendation_key.split(":", 1)[0],
            subject=recommendation_key.split(":", 1)[1],
            title=title,
            status="plan",
        )
        session.add(row)
        session.flush()
        action = new_action(str(row.id), recommendation_key, title, by=by, **fields)
        _write(row, action)
        _append_history(row, action, by)
    return action


def get_action(workspace: Workspace, action_id: str) -> Action:
    """The action with this id (a number, as ``tq actions list`` shows), with its history."""
    with workspace.session() as session:
        return _to_action(_row(session, action_id))


def list_actions(workspace: Workspace, status: str | None = None) -> list[Action]:
    """Every action, oldest first; only those in ``status`` when given."""
    if status and status not in STATUSES:
        raise InputError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    query = sa.select(ActionRow).order_by(ActionRow.id)
    if status:
        query = query.where(ActionRow.status == status)
    with workspace.session() as session:
        return [_to_action(row) for row in session.scalars(query)]


def save_action(workspace: Workspace, action: Action, *, by: str = "") -> Action:
    """Store the action's fields and append the history events not stored yet.

    The stored history must be where this copy of the action started from: a copy
    loaded before someone else's change is refused rather than overwriting it.
    """
    _check_action(action, by)
    with workspace.session() as session, session.begin():
        row = _row(session, action.action_id, lock=True)
        stored = len(row.history)
        if stored > len(action.history) or (
            stored
            and _event_json(_stored_event(row.history[-1]))
            != _event_json(action.history[stored - 1])
        ):
            raise ActionError(
                f"action {action.action_id} changed in the store since it was loaded; "
                "load it again and repeat the change"
            )
        _write(row, action)
        _append_history(row, action, by, start=stored)
    return action


def change_action(
    workspace: Workspace,
    action_id: str,
    change: Callable[[Action], Action],
    *,
    by: str = "",
) -> Action:
    """Load an action, apply one of improve's rules (advance, update, close, …), save it."""
    action = change(get_action(workspace, action_id))
    return save_action(workspace, action, by=by)


def update_action_fields(
    workspace: Workspace, action_id: str, *, by: str = "", **changes: Any
) -> Action:
    """Change title, owner, due date, root cause or steps; each change is recorded.

    ``None`` leaves a field as it is (see :data:`totalquality.improve.EDITABLE`).
    """
    return change_action(workspace, action_id, lambda a: update(a, by=by, **changes), by=by)


def _row(session: Any, action_id: str, *, lock: bool = False) -> ActionRow:
    """The stored row; ``lock`` takes the write lock first so no other save interleaves."""
    try:
        key = int(str(action_id).strip())
    except (TypeError, ValueError):
        raise NotFoundError(f"no action {action_id!r}: action ids are numbers") from None
    if not 1 <= key <= _MAX_ID:  # a larger number overflows the database's integer
        raise NotFoundError(f"no action {action_id} in this workspace (see `tq actions list`)")
    if lock:
        # a no-op write: the row lock on PostgreSQL, the database write lock on SQLite
        # (taken before reading, so the read below sees every committed save)
        session.execute(
            sa.update(ActionRow).where(ActionRow.id == key).values(status=ActionRow.status)
        )
    row = session.get(ActionRow, key)
    if row is None:
        raise NotFoundError(f"no action {action_id} in this workspace (see `tq actions list`)")
    return row  # type: ignore[no-any-return]


def _write(row: ActionRow, action: Action) -> None:
    try:
        due = dt.date.fromisoformat(action.due) if action.due else None
    except (TypeError, ValueError):
        raise InputError(f"due date {action.due!r}: expected a date such as 2026-12-31") from None
    row.title = action.title
    row.owner = action.owner or None
    row.due = due
    row.root_cause = action.root_cause or None
    row.corrective = action.corrective or None
    row.preventive = action.preventive or None
    row.status = action.status
    row.effective = action.effective
    row.started_at = _naive_utc(action.started_at)
    row.checks = [c.to_dict() for c in action.checks] or None


def _append_history(row: ActionRow, action: Action, by: str, start: int = 0) -> None:
    previous = action.history[start - 1]["status"] if start else None
    for event in action.history[start:]:
        row.history.append(
            ActionHistory(
                who=event.get("by") or by or None,
                at=_naive_utc(event.get("at")) or dt.datetime.now(dt.UTC).replace(tzinfo=None),
                what=str(event.get("event", "")),
                old=previous,
                new=_event_json(event),
            )
        )
        previous = event.get("status", previous)


def _to_action(row: ActionRow) -> Action:
    return Action(
        action_id=str(row.id),
        recommendation_key=row.recommendation_key or f"{row.kind}:{row.subject}",
        title=row.title or "",
        owner=row.owner or "",
        due=row.due.isoformat() if row.due else None,
        root_cause=row.root_cause or "",
        corrective=row.corrective or "",
        preventive=row.preventive or "",
        status=row.status,
        started_at=row.started_at.isoformat() + "+00:00" if row.started_at else None,
        effective=row.effective,
        checks=tuple(EffectCheck(**c) for c in (row.checks or [])),
        history=tuple(_stored_event(h) for h in row.history),
    )


def _event_json(event: dict[str, Any]) -> str:
    """An event as stored in ``action_history.new`` (and as compared)."""
    return json.dumps(event, ensure_ascii=False, default=str, sort_keys=True)


def _stored_event(row: ActionHistory) -> dict[str, Any]:
    return json.loads(row.new) if row.new else {"event": row.what}  # type: ignore[no-any-return]


def _naive_utc(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a date or time (expected e.g. 2026-07-01)") from None
    if t.tzinfo is not None:
        t = t.astimezone(dt.UTC).replace(tzinfo=None)
    return t
