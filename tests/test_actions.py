"""PDCA/CAPA actions kept in the store: created from a recommendation, moved plan → do →
check → act, checked against the data, closed as effective only with evidence; the full
history is kept (issue 6, point 6)."""

from __future__ import annotations

import json
import shutil

import pytest

from _cli import tq
from totalquality import ActionError
from totalquality.cli._app import EXIT_ACTION, EXIT_INPUT, EXIT_STORE
from totalquality.demo import SCENARIO
from totalquality.improve import advance, close, update
from totalquality.listen import import_workspace
from totalquality.store import create_action, get_action, list_actions, open_workspace, save_action

DRIFT_KEY = f"process_out_of_control:characteristic:{SCENARIO.drifting_characteristic}"
STRAIN_KEY = f"growth_strain:stage:{SCENARIO.strained_stage}"


@pytest.fixture(scope="module")
def workspace(demo_dir, tmp_path_factory):
    """An imported copy of the demo workspace (its store holds the actions)."""
    ws = tmp_path_factory.mktemp("actions") / "workspace"
    shutil.copytree(demo_dir, ws, ignore=shutil.ignore_patterns(".tq"))
    import_workspace(ws)
    return ws


def test_an_action_round_trips_through_the_store_with_its_history(workspace):
    with open_workspace(workspace) as ws:
        action = create_action(ws, DRIFT_KEY, "Stop the bezel gap drift", owner="Mari", by="qm")
        action = update(action, due="2026-12-31", root_cause="worn fixture", by="qm")
        save_action(ws, action, by="qm")
        action = advance(action, "do", at="2026-07-01", by="eng")
        save_action(ws, action, by="eng")
    with open_workspace(workspace) as ws:  # a fresh connection reads what was stored
        stored = get_action(ws, action.action_id)
        assert stored.status == "do"
        assert stored.due == "2026-12-31" and stored.root_cause == "worn fixture"
        assert stored.started_at.startswith("2026-07-01")
        events = [e["event"] for e in stored.history]
        assert events == ["created", "due changed", "root_cause changed", "plan → do"]
        assert [e["by"] for e in stored.history] == ["qm", "qm", "qm", "eng"]
        assert stored.action_id in {a.action_id for a in list_actions(ws, status="do")}


def test_a_stale_copy_cannot_overwrite_newer_history(workspace):
    with open_workspace(workspace) as ws:
        action = create_action(ws, STRAIN_KEY, "Relieve final assembly")
        first = advance(action, "do")
        save_action(ws, first)
        with pytest.raises(Exception, match="changed in the store"):
            save_action(ws, action)  # loaded before the move to do: refused, nothing lost


def test_unknown_action_is_a_clear_error(workspace):
    result = tq("actions", "show", workspace, "999")
    assert result.exit_code == EXIT_INPUT
    assert "no action 999" in result.output


def test_a_workspace_without_store_is_told_to_import_first(demo_dir, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(demo_dir, plain, ignore=shutil.ignore_patterns(".tq"))
    result = tq("actions", "list", plain)
    assert result.exit_code == EXIT_STORE
    assert "tq import" in result.output


def test_closing_as_effective_needs_a_significant_check():
    from totalquality.improve import new_action

    action = advance(advance(advance(new_action("1", DRIFT_KEY, "t"), "do"), "check"), "act")
    with pytest.raises(ActionError, match="check"):
        close(action, effective=True)


@pytest.mark.slow
def test_full_pdca_cycle_from_the_cli_verifies_a_real_effect(workspace, tmp_path):
    """The demo's drift at C-S30-GAP ended in June 2026: an action started in July shows a
    real improvement, and may close as effective."""
    out = tmp_path / "out"
    assert tq("analyze", workspace, "--out", out, "-q").exit_code == 0
    assert (workspace / ".tq" / "results.json").exists()
    recs = json.loads((out / "results.json").read_text())["recommendations"]
    rank = next(r["rank"] for r in recs if r["key"] == DRIFT_KEY)
    created = tq("actions", "create", workspace, "--rank", rank, "--owner", "Mari", "--json")
    assert created.exit_code == 0, created.output
    action_id = json.loads(created.output)["action_id"]
    assert tq("actions", "advance", workspace, action_id, "do", "--at", "2026-07-01").exit_code == 0
    # closing before checking is refused, with the reason
    refused = tq("actions", "close", workspace, action_id, "--effective")
    assert refused.exit_code == EXIT_ACTION
    assert tq("actions", "advance", workspace, action_id, "check").exit_code == 0
    checked = tq("actions", "check", workspace, action_id, "--json")
    assert checked.exit_code == 0, checked.output
    effect = json.loads(checked.output)
    assert effect["improved"] and effect["significant"]
    assert effect["ci_high"] < 0  # |value − target| fell, and the interval says so
    assert tq("actions", "advance", workspace, action_id, "act").exit_code == 0
    closed = tq("actions", "close", workspace, action_id, "--effective", "--json")
    assert closed.exit_code == 0, closed.output
    shown = json.loads(tq("actions", "show", workspace, action_id, "--json").output)
    assert shown["status"] == "closed" and shown["effective"] is True
    assert [e["event"] for e in shown["history"]] == [
        "created",
        "plan → do",
        "do → check",
        "check",
        "check → act",
        "closed",
    ]


def test_an_action_without_effect_cannot_close_as_effective(workspace):
    """Final assembly's yield got worse from August 2026 (growth strain): an action started
    in March shows no improvement, so it can only close as not effective, with a note."""
    created = tq("actions", "create", workspace, STRAIN_KEY, "--title", "Staffing", "--json")
    action_id = json.loads(created.output)["action_id"]
    for status, extra in (("do", ["--at", "2026-03-01"]), ("check", [])):
        assert tq("actions", "advance", workspace, action_id, status, *extra).exit_code == 0
    effect = json.loads(tq("actions", "check", workspace, action_id, "--json").output)
    assert not effect["significant"]
    assert tq("actions", "advance", workspace, action_id, "act").exit_code == 0
    refused = tq("actions", "close", workspace, action_id, "--effective")
    assert refused.exit_code == EXIT_ACTION
    assert "no significant improvement" in refused.output
    assert tq("actions", "close", workspace, action_id, "--not-effective").exit_code == EXIT_ACTION
    done = tq("actions", "close", workspace, action_id, "--not-effective", "--note", "no effect")
    assert done.exit_code == 0


def test_the_web_api_runs_the_same_cycle_with_the_same_rules(workspace):
    from fastapi.testclient import TestClient

    from totalquality.web import create_app

    client = TestClient(create_app(workspace))
    created = client.post("/api/actions", json={"key": DRIFT_KEY, "owner": "Mari"})
    assert created.status_code == 201, created.text
    action_id = created.json()["action_id"]
    url = f"/api/actions/{action_id}"
    moved = client.post(f"{url}/advance", json={"status": "do", "at": "2026-07-01"})
    assert moved.status_code == 200, moved.text
    refused = client.post(f"{url}/close", json={"effective": True})
    assert refused.status_code == 409 and "close it from 'act'" in refused.json()["error"]
    assert client.post(f"{url}/advance", json={"status": "check"}).status_code == 200
    effect = client.post(f"{url}/check", json={}).json()
    assert effect["significant"] and effect["improved"]
    assert client.post(f"{url}/advance", json={"status": "act"}).status_code == 200
    assert client.post(f"{url}/close", json={"effective": True}).status_code == 200
    assert client.get(url).json()["status"] == "closed"
    assert action_id in {a["action_id"] for a in client.get("/api/actions").json()}
    assert client.get("/api/actions/12345").status_code == 404  # no such action (issue 13)
