"""The "process" section on the demo workspace: it must find the problems built into the demo
(src/totalquality/demo/_scenario.py) and nothing on the healthy variant."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from totalquality import InMemoryTables
from totalquality._base import to_jsonable
from totalquality.build_quality_in._section import null_alarm_rates, run_section
from totalquality.demo import SCENARIO

ID_COLUMNS = (
    "characteristic_id",
    "stage_id",
    "subgroup",
    "lot_id",
    "supplier_id",
    "supplier_lot_id",
    "product_id",
    "order_id",
    "customer_id",
)


def _tables(folder: Path, names: tuple[str, ...] | None = None) -> InMemoryTables:
    frames = {}
    for f in sorted(folder.glob("*.csv")):
        if names is None or f.stem in names:
            head = pd.read_csv(f, nrows=0).columns
            frames[f.stem] = pd.read_csv(f, dtype={c: str for c in ID_COLUMNS if c in head})
    return InMemoryTables(frames)


@pytest.fixture(scope="module")
def demo_section(demo_dir):
    return run_section(_tables(demo_dir))


def test_drifting_stage_is_out_of_control(demo_section):
    sc = SCENARIO
    res = demo_section
    ooc = [f for f in res.findings if f.kind == "process_out_of_control"]
    assert [f.subject_id for f in ooc] == [sc.drifting_characteristic]
    finding = ooc[0]
    assert finding.subject_type == "characteristic"
    assert finding.related == {"stage": sc.drifting_stage}
    assert finding.significant and finding.evidence["q_value"] < 1e-4
    # the lots measured in the flagged subgroups, and what they went into
    assert finding.impact["lots"] > 0 and finding.impact["units"] >= finding.impact["lots"]
    assert finding.impact["orders"] > 0
    # most signals fall in the drift window
    busiest = pd.Timestamp(finding.evidence["busiest_month"] + "-01")
    assert pd.Timestamp(sc.drift_start) <= busiest <= pd.Timestamp(sc.drift_end)
    assert res.summary["stages_out_of_control"] == [sc.drifting_stage]
    signals = pd.DataFrame(res.results["signals"])
    assert set(signals["characteristic_id"]) == {sc.drifting_characteristic}
    window = (pd.Timestamp(sc.drift_start), pd.Timestamp(sc.drift_end) + pd.Timedelta(days=1))
    in_drift = signals["time"].between(*window)
    # every point beyond the limits is in the drift; the few others are zone/run alarms
    assert in_drift[signals["rule"] == "N1"].all() and (signals["rule"] == "N1").sum() >= 20
    assert in_drift.mean() >= 0.75
    assert f"control_{sc.drifting_characteristic}" in res.figures


def test_bad_supplier_lot_is_flagged(demo_section):
    sc = SCENARIO
    lots = [f for f in demo_section.findings if f.kind == "supplier_lot_problem"]
    assert [f.subject_id for f in lots] == [sc.bad_supplier_lot]
    assert lots[0].related["supplier"] == sc.bad_supplier
    assert sc.bad_supplier_lot in demo_section.summary["flagged_supplier_lots"]


def test_section_contents_are_json(demo_section):
    res = demo_section
    assert res.name == "process"
    assert res.missing_tables == ()
    for key in ("control_charts", "yield", "rty", "pareto", "suppliers"):
        assert key in res.results, key
    assert 0 < res.summary["rty"] < 1
    assert {"pareto", "yield_trend", "supplier_lots"} <= set(res.figures)
    text = json.dumps(to_jsonable(res.to_dict()))
    assert "process_out_of_control" in text


def test_healthy_demo_has_no_process_findings(healthy_demo_dir):
    res = run_section(_tables(healthy_demo_dir))
    kinds = {f.kind for f in res.findings}
    assert not kinds & {"process_out_of_control", "supplier_lot_problem", "supplier_problem"}
    # every characteristic still has its summary, flagged points included
    assert len(res.results["control_charts"]) == 6


def test_degrades_without_tables(demo_dir):
    only = _tables(demo_dir, ("measurements",))
    res = run_section(only)
    assert set(res.missing_tables) == {"inspections", "defects"}
    assert any("no characteristics table" in w for w in res.warnings)
    assert "capability_below_target" not in {f.kind for f in res.findings}
    empty = run_section(InMemoryTables({}))
    assert set(empty.missing_tables) == {"measurements", "inspections", "defects"}
    assert empty.findings == ()


def test_null_alarm_rates():
    """The simulated in-control rates behind the out-of-control test: rule 1 alone flags
    2·Φ(−3) = 0.0027 of the points in episodes of one point; the four Western Electric rules
    start an alarm about every 92 subgroups (Champ & Woodall 1987: in-control ARL 91.75; the
    episode rate also counts re-alarms, so it is a little higher)."""
    from scipy.stats import norm

    p_point, p_episode, length2 = null_alarm_rates(("N1",), 3.0)
    sd = (2 * norm.cdf(-3) / 400_000) ** 0.5
    assert p_point == pytest.approx(2 * norm.cdf(-3), abs=4 * sd)
    assert p_episode == pytest.approx(p_point, rel=0.01) and length2 == pytest.approx(1, rel=0.01)
    _, we_episode, _ = null_alarm_rates(("WE1", "WE2", "WE3", "WE4"), 3.0)
    assert 80 < 1 / we_episode < 92


@pytest.mark.slow
def test_cli_commands(demo_dir, tmp_path):
    """tq spc / capability / yield / pareto on the demo workspace (JSON output)."""
    from typer.testing import CliRunner

    from totalquality.cli._app import app

    runner = CliRunner()
    charts = tmp_path / "charts"
    res = runner.invoke(app, ["spc", str(demo_dir), "--out", str(charts), "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    ooc = [f["subject_id"] for f in payload["findings"] if f["kind"] == "process_out_of_control"]
    assert ooc == [SCENARIO.drifting_characteristic]
    from totalquality.report import chart_file_name

    assert (charts / chart_file_name(SCENARIO.drifting_characteristic)).exists()
    assert {Path(p).parent for p in payload["charts"]} == {charts}
    res = runner.invoke(app, ["capability", str(demo_dir), "--json"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.stdout)["capability"]) == 6
    res = runner.invoke(app, ["yield", str(demo_dir), "--period", "quarter", "--json"])
    assert res.exit_code == 0, res.output
    assert 0 < json.loads(res.stdout)["rty"][0]["rty"] < 1
    res = runner.invoke(app, ["pareto", str(demo_dir), "--by", "stage", "--json"])
    assert res.exit_code == 0, res.output
    assert {"stage_id", "defect_type", "vital"} <= set(json.loads(res.stdout)["pareto"][0])
    res = runner.invoke(app, ["spc", str(demo_dir), "--rules", "9"])
    assert res.exit_code == 3 and "rules must be" in res.output
    res = runner.invoke(app, ["pareto", str(demo_dir), "--by", "colour"])
    assert res.exit_code == 3


def test_characteristics_without_names_are_called_by_their_id(demo_dir):
    """A blank or missing `name` never shows as "C-… (nan)" in a finding's title."""
    tables = _tables(demo_dir)
    frames = {name: tables.pandas(name) for name in tables.names()}
    for blank in (float("nan"), None):  # a CSV's empty column, a frame's all-None column
        frames["characteristics"] = frames["characteristics"].assign(name=blank)
        res = run_section(InMemoryTables(frames))
        titles = [f.title for f in res.findings]
        assert titles and not any(("(nan)" in t or "(None)" in t) for t in titles), titles
        drift = next(f for f in res.findings if f.subject_id == SCENARIO.drifting_characteristic)
        assert drift.title.startswith(f"{SCENARIO.drifting_characteristic} ")
