"""`tq actions`: a recommendation becomes an action, moves plan → do → check → act, the check
reports the before/after test, and closing as effective without the evidence exits with a
clear message and code 6, never a traceback (issue 6, point 6).

The workspace is tiny (tests/_tiny_actions.py): characteristic K1 sits 0.30 off target until
2026-04-01 and 0.05 off after it (a real improvement); K2 alternates 0.1/0.3 off target
throughout (no effect).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from _cli import tq
from _tiny_actions import K1, K2, build_tiny_workspace
from totalquality.cli._app import EXIT_ACTION, EXIT_INPUT, EXIT_STORE
from totalquality.listen import import_workspace


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """Table files only (no store)."""
    return build_tiny_workspace(tmp_path_factory.mktemp("cli_actions") / "files")


@pytest.fixture(scope="module")
def workspace(tiny, tmp_path_factory) -> Path:
    """An imported copy of the tiny workspace, with a hand-written latest results.json."""
    ws = tmp_path_factory.mktemp("cli_actions_ws") / "ws"
    shutil.copytree(tiny, ws)
    import_workspace(ws)
    recs = [
        {"rank": 1, "key": K1, "title": "Bore diameter drifts", "action": "Replace the collet"},
        {"rank": 2, "key": K2, "title": "Face depth wanders", "action": "Re-zero the stop"},
    ]
    (ws / ".tq" / "results.json").write_text(json.dumps({"recommendations": recs}))
    return ws


def said(result) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(result.output.split())


def _created(*args: object) -> str:
    result = tq("actions", "create", *args, "--json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.output)["action_id"])


def test_a_full_cycle_with_a_real_effect(workspace):
    action_id = _created(
        workspace,
        "--rank",
        1,
        "--owner",
        "Mari Tamm",
        "--due",
        "2026-12-15",
        "--root-cause",
        "worn collet",
        "--preventive",
        "collet in the PM plan",
        "--by",
        "qm",
    )
    shown = json.loads(tq("actions", "show", workspace, action_id, "--json").output)
    assert shown["recommendation_key"] == K1 and shown["title"] == "Bore diameter drifts"
    assert shown["corrective"] == "Replace the collet"  # the recommendation's action
    assert (shown["owner"], shown["due"], shown["status"]) == ("Mari Tamm", "2026-12-15", "plan")

    moved = tq(
        "actions", "advance", workspace, action_id, "do", "--at", "2026-04-01", "--note", "x"
    )
    assert moved.exit_code == 0 and "now in 'do'" in said(moved)
    assert tq("actions", "advance", workspace, action_id, "check", "--by", "eng").exit_code == 0

    checked = tq("actions", "check", workspace, action_id)
    assert checked.exit_code == 0, checked.output
    text = said(checked)
    assert "before (n=90)" in text and "after (n=91)" in text
    assert "one-sided p =" in text and "a real improvement" in text
    effect = json.loads(tq("actions", "show", workspace, action_id, "--json").output)["checks"][0]
    assert effect["significant"] and effect["ci_low"] < effect["ci_high"] < 0

    assert tq("actions", "advance", workspace, action_id, "act").exit_code == 0
    closed = tq("actions", "close", workspace, action_id, "--effective", "--by", "qm")
    assert closed.exit_code == 0 and "closed as effective" in said(closed)

    shown = json.loads(tq("actions", "show", workspace, action_id, "--json").output)
    assert shown["status"] == "closed" and shown["effective"] is True
    assert shown["started_at"] == "2026-04-01T00:00:00+00:00"
    assert [(e["event"], e["by"]) for e in shown["history"]] == [
        ("created", "qm"),
        ("plan → do", ""),
        ("do → check", "eng"),
        ("check", ""),
        ("check → act", ""),
        ("closed", "qm"),
    ]
    human = said(tq("actions", "show", workspace, action_id))
    assert "Checks (before → after)" in human and "History" in human and "worn collet" in human


def test_no_effect_cannot_close_as_effective(workspace):
    action_id = _created(workspace, K2, "--title", "Face depth", "--owner", "Ana")
    assert tq("actions", "advance", workspace, action_id, "do", "--at", "2026-04-01").exit_code == 0
    early = tq("actions", "close", workspace, action_id, "--effective")
    assert early.exit_code == EXIT_ACTION and "close it from 'act'" in said(early)
    assert tq("actions", "advance", workspace, action_id, "check").exit_code == 0
    checked = tq("actions", "check", workspace, action_id, "--json")
    assert checked.exit_code == 0 and not json.loads(checked.output)["significant"]
    assert tq("actions", "advance", workspace, action_id, "act").exit_code == 0

    refused = tq("actions", "close", workspace, action_id, "--effective")
    assert refused.exit_code == EXIT_ACTION
    assert "cannot close as effective" in said(refused)
    assert "no significant improvement" in said(refused)
    assert json.loads(tq("actions", "show", workspace, action_id, "--json").output)["status"] == (
        "act"
    )
    no_note = tq("actions", "close", workspace, action_id, "--not-effective")
    assert no_note.exit_code == EXIT_ACTION and "needs a note" in said(no_note)
    done = tq("actions", "close", workspace, action_id, "--not-effective", "--note", "not it")
    assert done.exit_code == 0 and "not effective" in said(done)


def test_check_before_the_change_started_is_refused(workspace):
    action_id = _created(workspace, K1)
    refused = tq("actions", "check", workspace, action_id)
    assert refused.exit_code == EXIT_ACTION and "has not started" in said(refused)


def test_list_and_update(workspace):
    action_id = _created(workspace, K2, "--owner", "Ana")
    changed = tq("actions", "update", workspace, action_id, "--owner", "Jaan", "--by", "lead")
    assert changed.exit_code == 0
    listed = json.loads(tq("actions", "list", workspace, "--status", "plan", "--json").output)
    mine = next(a for a in listed if a["action_id"] == action_id)
    assert mine["owner"] == "Jaan" and mine["history"][-1]["event"] == "owner changed"
    assert all(a["status"] == "plan" for a in listed)
    human = said(tq("actions", "list", workspace))
    assert (
        f"{len(json.loads(tq('actions', 'list', workspace, '--json').output))} action(s)" in human
    )
    assert "Jaan" in human


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "{ws}", "999"), EXIT_INPUT, "no action 999 in this workspace"),
        (("show", "{ws}", "abc"), EXIT_INPUT, "action ids are numbers"),
        (("list", "{ws}", "--status", "done"), EXIT_INPUT, "unknown status 'done'"),
        (("create", "{ws}"), EXIT_INPUT, "give either a recommendation KEY or --rank N"),
        (("create", "{ws}", K1, "--rank", "1"), EXIT_INPUT, "either"),
        (("create", "{ws}", "--rank", "7"), EXIT_INPUT, "there is no rank 7"),
        (("create", "{ws}", K1, "--due", "15.12.2026"), EXIT_INPUT, "expected a date"),
        (("create", "{ws}", "K1"), EXIT_INPUT, "not a recommendation key"),
        (("advance", "{ws}", "{id}", "closed"), EXIT_ACTION, "use close()"),
        (("advance", "{ws}", "{id}", "finished"), EXIT_ACTION, "unknown status 'finished'"),
        (("advance", "{ws}", "{id}", "check"), EXIT_ACTION, "it can move to do"),
    ],
)
def test_mistakes_are_clear_messages(workspace, args, code, message):
    action_id = _created(workspace, K1)  # in plan
    result = tq("actions", *(a.format(ws=workspace, id=action_id) for a in args))
    assert result.exit_code == code, result.output
    assert message in said(result)


def test_rank_needs_results(workspace, tmp_path):
    other = tmp_path / "results.json"
    missing = tq("actions", "create", workspace, "--rank", 1, "--results", other)
    assert missing.exit_code == EXIT_INPUT and "no results to take recommendation 1 from" in (
        said(missing)
    )
    other.write_text("{}")
    bad = tq("actions", "create", workspace, "--rank", 1, "--results", other)
    assert bad.exit_code == EXIT_INPUT and "not a results.json" in said(bad)
    other.write_text(json.dumps({"recommendations": [{"rank": 1, "key": K2, "title": "T"}]}))
    action_id = _created(workspace, "--rank", 1, "--results", other)
    shown = json.loads(tq("actions", "show", workspace, action_id, "--json").output)
    assert shown["recommendation_key"] == K2 and shown["title"] == "T"


def test_a_workspace_without_store_is_told_to_import_first(tiny):
    result = tq("actions", "list", tiny)
    assert result.exit_code == EXIT_STORE
    assert f"tq import {tiny}" in said(result)
    assert not (tiny / ".tq").exists()  # nothing was created


def test_analyze_keeps_the_latest_results_for_create_by_rank(tiny, tmp_path):
    """`tq analyze` copies results.json into an imported workspace, so --rank needs no --results."""
    ws = tmp_path / "ws"
    shutil.copytree(tiny, ws)
    import_workspace(ws)
    missing = tq("actions", "create", ws, "--rank", 1)
    assert missing.exit_code == EXIT_INPUT and "tq analyze" in said(missing)
    assert tq("analyze", ws, "--out", tmp_path / "report", "-q").exit_code == 0
    kept = json.loads((ws / ".tq" / "results.json").read_text())
    assert kept == json.loads((tmp_path / "report" / "results.json").read_text())
    first = kept["recommendations"][0]
    action_id = _created(ws, "--rank", 1)
    shown = json.loads(tq("actions", "show", ws, action_id, "--json").output)
    assert shown["recommendation_key"] == first["key"] and shown["title"] == first["title"]


def test_alpha_outside_zero_one_is_refused_and_nothing_closes_effective(workspace):
    """`--alpha 5` counted p = 0.414 as significant and closed an action "effective" (issue 13)."""
    action_id = _created(workspace, K2, "--title", "Face depth")
    assert tq("actions", "advance", workspace, action_id, "do", "--at", "2026-04-01").exit_code == 0
    assert tq("actions", "advance", workspace, action_id, "check").exit_code == 0
    for alpha in ("5", "0", "1", "-0.1", "nan"):
        refused = tq("actions", "check", workspace, action_id, "--alpha", alpha)
        assert refused.exit_code == EXIT_INPUT, (alpha, refused.output)
        assert "alpha must be a significance level between 0 and 1" in said(refused)
    shown = json.loads(tq("actions", "show", workspace, action_id, "--json").output)
    assert shown["checks"] == []  # nothing recorded by a refused check
    assert tq("actions", "advance", workspace, action_id, "act").exit_code == 0
    closed = tq("actions", "close", workspace, action_id, "--effective")
    assert closed.exit_code == EXIT_ACTION


@pytest.mark.parametrize("action_id", ["9223372036854775808", "99999999999999999999999", "0"])
def test_an_id_out_of_range_is_no_such_action(workspace, action_id):
    """An action id ≥ 2⁶³ answered with a traceback from the database driver (issue 13)."""
    for args in (("show",), ("advance",), ("check",)):
        extra = ("do",) if args == ("advance",) else ()
        result = tq("actions", *args, workspace, action_id, *extra)
        assert result.exit_code == EXIT_INPUT and "no action" in said(result)


def test_texts_longer_than_their_bound_are_refused(workspace):
    result = tq("actions", "create", workspace, K1, "--title", "x" * 501)
    assert result.exit_code == EXIT_INPUT
    assert "title is 501 characters long; at most 500 allowed" in said(result)
    action_id = _created(workspace, K1, "--title", "short")
    result = tq("actions", "update", workspace, action_id, "--corrective", "y" * 10_001)
    assert result.exit_code == EXIT_INPUT and "corrective is 10,001 characters" in said(result)
