"""The loop between `tq topics` and `tq analyze`: the analysis keeps its topic model in the
workspace, the user names a topic, and the next report uses that name for the same texts."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from totalquality.cli import app
from totalquality.demo import SCENARIO
from totalquality.listen import import_workspace
from totalquality.store import StoreTextCache, load_topic_table, open_workspace
from totalquality.understand._embed import MODEL_ID

pytestmark = pytest.mark.slow
runner = CliRunner()
DRIFT = f"process_out_of_control:characteristic:{SCENARIO.drifting_characteristic}"


def test_a_topic_named_by_the_user_is_named_so_in_the_next_report(demo_dir, tmp_path):
    ws = tmp_path / "workspace"
    shutil.copytree(demo_dir, ws, ignore=shutil.ignore_patterns(".tq", ".tq-text"))
    import_workspace(ws)

    def analyze():
        result = runner.invoke(app, ["analyze", str(ws), "--out", str(tmp_path / "out"), "-q"])
        assert result.exit_code == 0, result.output
        return json.loads((tmp_path / "out" / "results.json").read_text())

    first = analyze()
    assert (ws / ".tq" / "topic_model.pkl").exists()
    with open_workspace(ws) as store:  # topics and embeddings are kept in the store
        assert len(StoreTextCache(store, MODEL_ID)) > 100
        stored = load_topic_table(store)
        assert stored is not None and len(stored) >= 5
    assert not (ws / ".tq" / "text_cache.sqlite").exists()
    assert not (ws / ".tq" / "topics.json").exists()
    drift = next(r for r in first["recommendations"] if r["key"] == DRIFT)
    topic = drift["related"]["topic"]  # the complaints the drift explains

    renamed = runner.invoke(app, ["topics", "rename", str(ws), topic, "Display bezel gap"])
    assert renamed.exit_code == 0, renamed.output

    second = analyze()
    drift = next(r for r in second["recommendations"] if r["key"] == DRIFT)
    assert drift["related"]["topic"] == topic  # same topics: texts assigned by the saved model
    assert "Display bezel gap" in drift["title"]
    topics = {t["topic_id"]: t for t in second["sections"]["text"]["results"]["topics"]}
    assert topics[topic]["name"] == "Display bezel gap"
