"""PDCA/CAPA actions in the store: every field, check and history event survives a round trip,
the history is only ever appended to, a stale copy cannot overwrite newer changes, and an
action closes as effective only with a significant before/after check (issue 6, point 6).

The workspace is tiny (tests/_tiny_actions.py): characteristic K1 sits 0.30 off target until
2026-04-01 and 0.05 off after it (a real improvement); K2 alternates 0.1/0.3 off target
throughout (no effect).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from scipy import stats

from _tiny_actions import K1, K2, START, build_tiny_workspace
from totalquality import ActionError, InputError
from totalquality.improve import advance, check_effect, close, record_check, update
from totalquality.listen import import_workspace
from totalquality.store import Action as ActionRow
from totalquality.store import (
    ActionHistory,
    change_action,
    create_action,
    get_action,
    head_revision,
    init_workspace,
    list_actions,
    open_workspace,
    save_action,
    update_action_fields,
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = build_tiny_workspace(tmp_path_factory.mktemp("actions_store") / "ws")
    import_workspace(folder)
    with open_workspace(folder) as ws:
        yield ws


def _to_check(ws, key: str, by: str = "qm"):
    action = create_action(ws, key, f"Fix {key}", owner="Mari", by=by)
    action = change_action(ws, action.action_id, lambda a: advance(a, "do", at=START, by=by))
    return change_action(ws, action.action_id, lambda a: advance(a, "check", by=by))


def test_every_field_check_and_event_round_trips_through_the_store(workspace):
    action = create_action(
        workspace,
        K1,
        "Stop the bore drift",
        owner="Mari",
        due="2026-12-31",
        root_cause="worn collet",
        corrective="replace the collet",
        preventive="collet in the PM plan",
        by="qm",
    )
    action = update_action_fields(workspace, action.action_id, owner="Jaan", by="lead")
    action = change_action(workspace, action.action_id, lambda a: advance(a, "do", at=START))
    action = change_action(workspace, action.action_id, lambda a: advance(a, "check", by="eng"))
    effect = check_effect(action, workspace)
    in_memory = record_check(action, effect, by="eng")
    save_action(workspace, in_memory, by="eng")

    stored = get_action(workspace, action.action_id)
    assert stored.action_id == action.action_id and stored.action_id.isdigit()
    for name in ("recommendation_key", "title", "due", "root_cause", "corrective", "preventive"):
        assert getattr(stored, name) == getattr(in_memory, name), name
    assert stored.owner == "Jaan" and stored.status == "check" and stored.effective is None
    assert stored.started_at == "2026-04-01T00:00:00+00:00"
    assert stored.checks == in_memory.checks  # every number of the check, exactly
    assert stored.history == in_memory.history
    assert [e["event"] for e in stored.history] == [
        "created",
        "owner changed",
        "plan → do",
        "do → check",
        "check",
    ]

    # action_history rows: who, when, what, old → new status, the event as JSON
    with workspace.session() as s:
        rows = s.scalars(
            sa.select(ActionHistory)
            .where(ActionHistory.action_id == int(action.action_id))
            .order_by(ActionHistory.id)
        ).all()
    assert [r.who for r in rows] == ["qm", "lead", None, "eng", "eng"]
    assert [r.old for r in rows] == [None, "plan", "plan", "do", "check"]
    assert [json.loads(r.new)["status"] for r in rows] == ["plan", "plan", "do", "check", "check"]
    assert json.loads(rows[1].new) == in_memory.history[1]
    assert json.loads(rows[4].new)["effect"]["p_value"] == effect.p_value


def test_the_check_is_welchs_one_sided_test_of_the_distance_from_target(workspace):
    """Reference: Welch's unequal-variance t-test with Welch–Satterthwaite degrees of freedom
    (NIST/SEMATECH e-Handbook of Statistical Methods, section 7.3.1), computed here from its
    formula on the workspace's own measurements; p is one-sided (H1: after closer to target)."""
    action = _to_check(workspace, K1)
    effect = check_effect(action, workspace)
    m = workspace.pandas("measurements")
    m = m[m["characteristic_id"] == "K1"]
    when = pd.to_datetime(m["measured_at"], utc=True)
    dev = (m["value"] - 10.0).abs().to_numpy()
    after, before = (
        dev[when >= pd.Timestamp(START, tz="UTC")],
        dev[when < pd.Timestamp(START, tz="UTC")],
    )
    va, vb = after.var(ddof=1) / len(after), before.var(ddof=1) / len(before)
    df = (va + vb) ** 2 / (va**2 / (len(after) - 1) + vb**2 / (len(before) - 1))
    d = after.mean() - before.mean()
    half = stats.t.ppf(0.975, df) * np.sqrt(va + vb)
    assert (effect.n_before, effect.n_after) == (90, 91)
    assert effect.difference == pytest.approx(d, rel=1e-12)
    assert (effect.ci_low, effect.ci_high) == pytest.approx((d - half, d + half), rel=1e-9)
    assert effect.p_value == pytest.approx(stats.t.cdf(d / np.sqrt(va + vb), df), rel=1e-6)
    assert effect.improved and effect.significant and effect.ci_high < 0


def test_a_full_cycle_with_a_real_effect_closes_as_effective(workspace):
    action = _to_check(workspace, K1)
    effect = check_effect(action, workspace)
    save_action(workspace, record_check(action, effect, by="eng"), by="eng")
    change_action(workspace, action.action_id, lambda a: advance(a, "act"))
    done = change_action(workspace, action.action_id, lambda a: close(a, effective=True))
    stored = get_action(workspace, action.action_id)
    assert stored == done
    assert stored.status == "closed" and stored.effective is True
    assert [e["status"] for e in stored.history] == [
        "plan",
        "do",
        "check",
        "check",
        "act",
        "closed",
    ]
    assert action.action_id in {a.action_id for a in list_actions(workspace, status="closed")}


def test_no_effect_cannot_close_as_effective_and_the_store_keeps_the_action_open(workspace):
    action = _to_check(workspace, K2)
    effect = check_effect(action, workspace)
    assert not effect.significant
    save_action(workspace, record_check(action, effect))
    change_action(workspace, action.action_id, lambda a: advance(a, "act"))
    with pytest.raises(ActionError, match="no significant improvement"):
        change_action(workspace, action.action_id, lambda a: close(a, effective=True))
    kept = get_action(workspace, action.action_id)
    assert kept.status == "act" and kept.effective is None
    assert kept.history[-1]["event"] == "check → act"  # nothing of the refused close stored
    closed = change_action(
        workspace, action.action_id, lambda a: close(a, effective=False, note="not the fixture")
    )
    assert closed.effective is False
    assert get_action(workspace, action.action_id).effective is False


def test_closing_effective_without_any_check_is_refused(workspace):
    action = _to_check(workspace, K1)
    change_action(workspace, action.action_id, lambda a: advance(a, "act"))
    with pytest.raises(ActionError, match="missing; run check first"):
        change_action(workspace, action.action_id, lambda a: close(a, effective=True))


def test_two_copies_of_one_action_cannot_both_be_saved(workspace):
    """Both copies add one event to the same stored history: the second save would overwrite
    the first one's fields, so it is refused and nothing is lost."""
    action = create_action(workspace, K2, "Two editors")
    first = advance(action, "do", at=START)
    second = update(action, owner="Someone")
    save_action(workspace, first)
    with pytest.raises(ActionError, match="changed in the store since it was loaded"):
        save_action(workspace, second)
    stored = get_action(workspace, action.action_id)
    assert stored.status == "do" and stored.owner == ""


def test_updates_are_recorded_and_a_closed_action_cannot_change(workspace):
    action = create_action(workspace, K2, "Face depth")
    changed = update_action_fields(
        workspace, action.action_id, owner="Ana", due="2027-01-15", root_cause=None, by="qm"
    )
    assert changed.owner == "Ana" and changed.due == "2027-01-15"
    stored = get_action(workspace, action.action_id)
    assert [(e["field"], e["old"], e["new"]) for e in stored.history[1:]] == [
        ("owner", "", "Ana"),
        ("due", None, "2027-01-15"),
    ]
    with pytest.raises(ActionError, match="cannot change status"):
        update_action_fields(workspace, action.action_id, status="closed")


def test_unknown_ids_and_bad_values_are_clear_input_errors(workspace):
    with pytest.raises(InputError, match="no action 999 in this workspace"):
        get_action(workspace, "999")
    with pytest.raises(InputError, match="action ids are numbers"):
        get_action(workspace, "A-1")
    with pytest.raises(InputError, match="unknown status 'done'"):
        list_actions(workspace, status="done")
    with pytest.raises(InputError, match="not a recommendation key"):
        create_action(workspace, "K1", "no kind")
    with pytest.raises(InputError, match="expected a date"):
        create_action(workspace, K1, "bad due", due="31.12.2026")
    assert all(a.title != "bad due" for a in list_actions(workspace))  # nothing half-written


def test_a_store_made_before_migration_0002_upgrades_and_keeps_its_actions(tmp_path):
    """A store at revision 0001 (actions without started_at/checks) is migrated on open."""
    from alembic import command
    from sqlalchemy.engine import make_url

    from totalquality.store._engine import _alembic_config, current_revision, make_engine

    folder = tmp_path / "old"
    (folder / ".tq").mkdir(parents=True)
    engine = make_engine(make_url(f"sqlite:///{folder / '.tq' / 'store.db'}"))
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(
            sa.text(
                "INSERT INTO actions (recommendation_key, kind, subject, title, status, "
                "created_at, updated_at) VALUES (:k, 'process_out_of_control', "
                "'characteristic:K1', 'Old action', 'plan', '2026-01-05', '2026-01-05')"
            ),
            {"k": K1},
        )
    assert current_revision(engine) == "0001"
    engine.dispose()
    with open_workspace(folder, db_url=f"sqlite:///{folder / '.tq' / 'store.db'}") as ws:
        assert current_revision(ws.engine) == head_revision()
        columns = {c["name"] for c in sa.inspect(ws.engine).get_columns("actions")}
        assert {"started_at", "checks"} <= columns
        old = get_action(ws, "1")
        assert old.title == "Old action" and old.started_at is None and old.checks == ()
        change_action(ws, "1", lambda a: advance(a, "do", at=START))
        assert get_action(ws, "1").started_at == "2026-04-01T00:00:00+00:00"


def test_a_fresh_store_has_the_new_columns(tmp_path):
    with init_workspace(tmp_path / "new") as ws:
        columns = {c["name"]: c for c in sa.inspect(ws.engine).get_columns("actions")}
        assert columns["started_at"]["nullable"] and columns["checks"]["nullable"]
        assert ActionRow.__table__.c.checks.type.__class__.__name__ == "JSON"
