"""`tq actions …`: PDCA/CAPA actions from recommendations, verified by the data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer

from .._errors import InputError, StoreError
from ._app import DbOption, JsonOption, Output, QuietOption, Table, app, esc, guarded
from ._workspace_io import is_imported

actions_app = typer.Typer(
    help="PDCA/CAPA actions: plan → do → check → act, with the effect verified by the data.",
    no_args_is_help=True,
)
app.add_typer(actions_app, name="actions")

WorkspaceArg = typer.Argument(..., help="The workspace folder (imported with `tq import`).")
IdArg = typer.Argument(..., help="Action id (see `tq actions list`).")
ByOption = typer.Option("", "--by", help="Who makes the change (kept in the history).")


def _open(workspace: Path, db: str | None) -> Any:
    from ..store import open_workspace

    if not (is_imported(workspace) or db):
        raise StoreError(
            f"{workspace} has no store yet: actions live in the store; run "
            f"`tq import {workspace}` (or `tq init {workspace}`) first"
        )
    return open_workspace(workspace, db_url=db)


def _due(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"--due {value!r}: expected a date such as 2026-12-31") from None


def _recommendation(workspace: Path, rank: int, results: Path | None) -> dict[str, Any]:
    file = results or workspace / ".tq" / "results.json"
    if not file.exists():
        raise InputError(
            f"{file}: no results to take recommendation {rank} from; run "
            f"`tq analyze {workspace} --out DIR` first or pass --results DIR/results.json"
        )
    try:
        recs = json.loads(file.read_text(encoding="utf-8"))["recommendations"]
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{file}: not a results.json written by `tq analyze`") from None
    for rec in recs:
        if rec.get("rank") == rank:
            return dict(rec)
    raise InputError(f"{file} has {len(recs)} recommendations; there is no rank {rank}")


def _show(out: Output, action: Any) -> None:
    table = Table(title=f"Action {action.action_id}: {action.title}", show_header=False)
    for name in (
        "status",
        "recommendation_key",
        "owner",
        "due",
        "root_cause",
        "corrective",
        "preventive",
        "started_at",
        "effective",
    ):
        value = getattr(action, name)
        table.add_row(name.replace("_", " "), "" if value is None else str(value))
    out.print(table)
    if action.checks:
        checks = Table(title="Checks (before → after)")
        for col in ("checked", "metric", "before", "after", "difference [95% CI]", "p", "real?"):
            checks.add_column(col)
        for c in action.checks:
            checks.add_row(
                c.checked_at,
                c.metric,
                f"{c.before:.4g} (n={c.n_before})",
                f"{c.after:.4g} (n={c.n_after})",
                f"{c.difference:+.4g} [{c.ci_low:+.4g}, {c.ci_high:+.4g}]",
                f"{c.p_value:.3g}",
                "yes" if c.significant else "no",
            )
        out.print(checks)
    history = Table(title="History")
    for col in ("when", "who", "what", "note"):
        history.add_column(col)
    for e in action.history:
        history.add_row(
            str(e.get("at", "")), str(e.get("by", "")), str(e.get("event", "")), e.get("note") or ""
        )
    out.print(history)
    out.data(action)


@actions_app.command("list")
@guarded
def actions_list(
    workspace: Path = WorkspaceArg,
    status: str | None = typer.Option(None, "--status", help="Only actions in this status."),
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """List the workspace's actions."""
    from ..store import list_actions

    out = Output(json_out, quiet)
    with _open(workspace, db) as ws:
        actions = list_actions(ws, status=status)
    table = Table(title=f"{len(actions)} action(s)")
    for col in ("id", "status", "title", "owner", "due", "recommendation", "effective"):
        table.add_column(col, overflow="fold")  # ids and keys are copied: never cut them
    for a in actions:
        table.add_row(
            a.action_id,
            a.status,
            a.title,
            a.owner,
            a.due or "",
            a.recommendation_key,
            "" if a.effective is None else ("yes" if a.effective else "no"),
        )
    out.print(table)
    out.data(actions)


@actions_app.command("create")
@guarded
def actions_create(
    workspace: Path = WorkspaceArg,
    key: str | None = typer.Argument(
        None, help="Recommendation key kind:subject_type:subject_id (from results.json)."
    ),
    rank: int | None = typer.Option(
        None, "--rank", help="Take the recommendation with this rank from the latest results."
    ),
    results: Path | None = typer.Option(
        None, "--results", help="results.json to read --rank from (default: the latest analysis)."
    ),
    title: str | None = typer.Option(
        None, "--title", help="Title (default: the recommendation's)."
    ),
    owner: str = typer.Option("", "--owner", help="Who is responsible."),
    due: str | None = typer.Option(None, "--due", help="Due date, YYYY-MM-DD."),
    root_cause: str = typer.Option("", "--root-cause", help="The root cause, when known."),
    corrective: str = typer.Option("", "--corrective", help="Corrective steps."),
    preventive: str = typer.Option("", "--preventive", help="Preventive steps."),
    by: str = ByOption,
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Create an action (status plan) from a recommendation."""
    from ..store import create_action

    out = Output(json_out, quiet)
    if (key is None) == (rank is None):
        raise InputError("give either a recommendation KEY or --rank N")
    rec: dict[str, Any] = {}
    if rank is not None:
        rec = _recommendation(workspace, rank, results)
        key = str(rec["key"])
    assert key is not None
    corrective = corrective or str(rec.get("action", ""))
    with _open(workspace, db) as ws:
        action = create_action(
            ws,
            key,
            title or str(rec.get("title") or key),
            by=by,
            owner=owner,
            due=_due(due),
            root_cause=root_cause,
            corrective=corrective,
            preventive=preventive,
        )
    out.info(f"Created action {esc(action.action_id)} (plan): {esc(action.title)}")
    out.data(action)


@actions_app.command("show")
@guarded
def actions_show(
    workspace: Path = WorkspaceArg,
    action_id: str = IdArg,
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Show an action with its checks and full history."""
    from ..store import get_action

    with _open(workspace, db) as ws:
        action = get_action(ws, action_id)
    _show(Output(json_out, quiet), action)


@actions_app.command("update")
@guarded
def actions_update(
    workspace: Path = WorkspaceArg,
    action_id: str = IdArg,
    title: str | None = typer.Option(None, "--title", help="New title."),
    owner: str | None = typer.Option(None, "--owner", help="New owner."),
    due: str | None = typer.Option(None, "--due", help="New due date, YYYY-MM-DD."),
    root_cause: str | None = typer.Option(None, "--root-cause", help="The root cause."),
    corrective: str | None = typer.Option(None, "--corrective", help="Corrective steps."),
    preventive: str | None = typer.Option(None, "--preventive", help="Preventive steps."),
    by: str = ByOption,
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Change an action's owner, due date, root cause or steps (each change is recorded)."""
    from ..store import update_action_fields

    with _open(workspace, db) as ws:
        action = update_action_fields(
            ws,
            action_id,
            by=by,
            title=title,
            owner=owner,
            due=_due(due),
            root_cause=root_cause,
            corrective=corrective,
            preventive=preventive,
        )
    _show(Output(json_out, quiet), action)


@actions_app.command("advance")
@guarded
def actions_advance(
    workspace: Path = WorkspaceArg,
    action_id: str = IdArg,
    status: str = typer.Argument(..., help="The next status: do, check, act (or plan, do again)."),
    at: str | None = typer.Option(
        None, "--at", help="When the change started (entering do), YYYY-MM-DD; default now."
    ),
    note: str = typer.Option("", "--note", help="A note kept in the history."),
    by: str = ByOption,
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Move an action to its next PDCA status."""
    from ..improve import advance
    from ..store import change_action

    out = Output(json_out, quiet)
    start = _due(at)
    with _open(workspace, db) as ws:
        action = change_action(
            ws, action_id, lambda a: advance(a, status, by=by, note=note, at=start), by=by
        )
    out.info(f"Action {esc(action.action_id)} is now in '{esc(action.status)}'")
    out.data(action)


@actions_app.command("check")
@guarded
def actions_check(
    workspace: Path = WorkspaceArg,
    action_id: str = IdArg,
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level of the one-sided test."),
    by: str = ByOption,
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Re-measure the metric behind the action before vs after it started; record the result."""
    from ..improve import check_effect, record_check
    from ..store import get_action, save_action

    out = Output(json_out, quiet)
    with _open(workspace, db) as ws:
        action = get_action(ws, action_id)
        result = check_effect(action, ws, alpha=alpha)
        action = record_check(action, result, by=by)
        save_action(ws, action, by=by)
    verdict = (
        "a real improvement"
        if result.significant
        else ("an improvement, not yet significant" if result.improved else "no improvement")
    )
    out.info(
        esc(  # the metric names the user's ids; the interval's brackets are not markup
            f"{result.metric}: {result.before:.4g} before (n={result.n_before}) → "
            f"{result.after:.4g} after (n={result.n_after}); difference {result.difference:+.4g} "
            f"[{result.ci_low:+.4g}, {result.ci_high:+.4g}], one-sided p = {result.p_value:.3g}: "
            f"{verdict}." + (f" ({result.note})" if result.note else "")
        )
    )
    out.data(result)


@actions_app.command("close")
@guarded
def actions_close(
    workspace: Path = WorkspaceArg,
    action_id: str = IdArg,
    effective: bool = typer.Option(
        ...,
        "--effective/--not-effective",
        help="Effective needs a check that found a significant improvement.",
    ),
    note: str = typer.Option("", "--note", help="Why (required when not effective)."),
    by: str = ByOption,
    db: str | None = DbOption,
    json_out: bool = JsonOption,
    quiet: bool = QuietOption,
) -> None:
    """Close an action from act, as effective (with evidence) or not effective (with a note)."""
    from ..improve import close
    from ..store import change_action

    out = Output(json_out, quiet)
    with _open(workspace, db) as ws:
        action = change_action(
            ws, action_id, lambda a: close(a, effective=effective, by=by, note=note), by=by
        )
    out.info(
        f"Action {esc(action.action_id)} closed as {'effective' if effective else 'not effective'}"
    )
    out.data(action)
