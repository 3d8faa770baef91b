"""The measure step on the demo workspace: what the scenario built in must be found.

SCENARIO (src/totalquality/demo/_scenario.py): every requirement's Kano category
(``SCENARIO.kano``), R-USBC moving A → M from ``emerging_start`` (2026-08), and the
business segment's satisfaction falling from ``decline_start`` (2026-08).
"""

import json
import math
import warnings

import pandas as pd
import pytest

from _cli import tq
from totalquality import InMemoryTables, to_jsonable
from totalquality.cli._workspace_io import read_table_files
from totalquality.demo import SCENARIO
from totalquality.demo._scenario import SEGMENTS
from totalquality.measure import run_requirements_section, run_section


@pytest.fixture(scope="module")
def demo_tables(demo_dir):
    return read_table_files(demo_dir)


@pytest.fixture(scope="module")
def satisfaction(demo_tables):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_section(demo_tables)


@pytest.fixture(scope="module")
def requirements(demo_tables):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_requirements_section(demo_tables, n_boot=200)


def test_declining_segment_is_flagged(satisfaction):
    assert satisfaction.name == "satisfaction"
    declines = [f for f in satisfaction.findings if f.kind == "segment_decline"]
    subjects = {f.subject_id for f in declines}
    assert SCENARIO.declining_segment in subjects
    f = next(f for f in declines if f.subject_id == SCENARIO.declining_segment)
    assert f.subject_type == "segment" and f.significant
    assert f.evidence["metric"] == "nps"
    assert f.evidence["since"][:7] == SCENARIO.decline_start.isoformat()[:7]
    assert f.evidence["q_value"] < 0.05
    assert f.evidence["change"] < -0.15  # "NPS down by about 30 points"
    # the trend table flags the months from the decline on against the baseline
    flagged = f.evidence["periods_flagged_vs_baseline"]
    assert flagged and min(flagged) >= SCENARIO.decline_start.isoformat()[:7]


def test_only_the_declining_segment_is_flagged(satisfaction):
    """Business is the only segment built to decline: no other segment gets a decline."""
    declines = [f for f in satisfaction.findings if f.kind == "segment_decline"]
    assert [f.subject_id for f in declines] == [SCENARIO.declining_segment]
    assert satisfaction.summary["declining_segment"] == [SCENARIO.declining_segment]
    for metric in ("nps", "csat"):
        cp = pd.DataFrame(satisfaction.results[f"change_points_{metric}"])
        assert set(cp["segment"]) == set(SEGMENTS), metric
        down = cp.loc[cp["direction"] == "significant decline", "segment"]
        assert list(down) == [SCENARIO.declining_segment], metric


def test_satisfaction_results_are_jsonable_and_have_figures(satisfaction):
    json.dumps(to_jsonable(satisfaction.to_dict()))
    assert {"nps_trend", "nps_trend_by_segment"} <= set(satisfaction.figures)
    assert satisfaction.summary["nps_n"] > 0
    lo, hi = satisfaction.summary["nps_ci"]
    assert lo <= satisfaction.summary["nps"] <= hi
    by_segment = pd.DataFrame(satisfaction.results["by_segment"])
    assert SCENARIO.declining_segment in set(by_segment["segment"])


def test_kano_categories_are_recovered(requirements):
    kano = requirements.summary["kano"]
    for req, category in SCENARIO.kano.items():
        assert kano[req] == category, req


def test_usbc_moves_from_attractive_to_must_be(requirements):
    shifts = pd.DataFrame(requirements.results["kano_shifts"]).set_index("requirement")
    req = SCENARIO.emerging_requirement
    before, after = SCENARIO.kano_shift[req]
    row = shifts.loc[req]
    assert row["moved"] == f"{before}→{after}"
    assert bool(row["significant"])
    split = pd.Timestamp(row["split_at"])
    start = pd.Timestamp(SCENARIO.emerging_start)
    assert abs((split - start).days) <= 31  # "around 2026-08"
    others = shifts.drop(index=req)
    assert not others["significant"].any()
    found = [f for f in requirements.findings if f.kind == "emerging_requirement"]
    assert [f.subject_id for f in found] == [req]
    assert found[0].evidence["kano_shift"] == f"{before}→{after}"


def test_requirements_results(requirements):
    json.dumps(to_jsonable(requirements.to_dict()))
    assert requirements.name == "requirements"
    assert {"kano_map", "ipa", "drivers"} <= set(requirements.figures)
    drivers = requirements.results["drivers"]
    assert drivers["target"] == "nps" and 0 < drivers["r2"] < 1
    t = pd.DataFrame(drivers["drivers"])
    assert t["lmg"].sum() == pytest.approx(drivers["r2"])
    gaps = pd.DataFrame(requirements.results["gaps"])
    assert {"gap", "ci_low", "ci_high", "q_value"} <= set(gaps.columns)
    for f in requirements.findings:
        assert f.kind in {"emerging_requirement", "unmet_basic_requirement", "requirement_gap"}


def test_sections_degrade_gracefully():
    empty = InMemoryTables({})
    s = run_section(empty)
    assert s.missing_tables == ("responses",) and not s.findings
    r = run_requirements_section(empty)
    assert "items" in r.missing_tables and "answers" in r.missing_tables


@pytest.mark.slow
def test_cli_commands(demo_dir):
    res = tq("satisfaction", demo_dir, "--json")
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert any(f["kind"] == "segment_decline" for f in payload["findings"])
    res = tq("kano", demo_dir, "--json")
    assert res.exit_code == 0, res.output
    kano = {r["requirement"]: r["category_rule"] for r in json.loads(res.stdout)["kano"]}
    assert kano == SCENARIO.kano
    res = tq("drivers", demo_dir, "--target", "csat", "--n-boot", "50")
    assert res.exit_code == 0, res.output
    res = tq("satisfaction", demo_dir, "--period", "fortnight")
    assert res.exit_code == 3 and "period" in res.output
    res = tq("drivers", demo_dir, "--target", "ces")
    assert res.exit_code == 3


def test_cli_satisfaction_by_segment_and_month_flags_only_business(demo_dir):
    res = tq("satisfaction", demo_dir, "--by", "segment", "--period", "month", "--json")
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["results"]["period"] == "month"
    assert set(pd.DataFrame(payload["results"]["by_segment"])["segment"]) == set(SEGMENTS)
    declines = [f for f in payload["findings"] if f["kind"] == "segment_decline"]
    assert [(f["subject_type"], f["subject_id"]) for f in declines] == [
        ("segment", SCENARIO.declining_segment)
    ]
    f = declines[0]
    assert f["significant"] and f["evidence"]["q_value"] < 0.05
    assert f["evidence"]["metric"] == "nps" and f["evidence"]["change"] < -0.15
    assert f["evidence"]["since"][:7] == SCENARIO.decline_start.isoformat()[:7]
    assert payload["summary"]["declining_segment"] == [SCENARIO.declining_segment]


@pytest.mark.parametrize("by", ["colour", "Segment", ""])
def test_cli_satisfaction_rejects_unknown_by(demo_dir, by):
    res = tq("satisfaction", demo_dir, "--by", by)
    # an argument the command cannot use: exit 3 (docs/cli.md "Exit codes"), no traceback
    assert res.exit_code == 3, res.output
    assert "--by must be one of segment" in res.output and repr(by) in res.output


@pytest.mark.parametrize("target", ["nps", "csat"])
def test_cli_drivers_reports_weights_of_every_requirement(demo_dir, target):
    res = tq("drivers", demo_dir, "--target", target, "--n-boot", "30", "--json")
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["target"] == target
    r2 = payload["r2"]
    assert 0 < r2 < 1 and payload["n"] > 100
    t = pd.DataFrame(payload["drivers"])
    assert sorted(t["driver"]) == sorted(SCENARIO.kano)  # every requirement, once
    weights = ["johnson", "lmg", "johnson_pct", "lmg_pct"]
    intervals = [f"{w}_ci_{end}" for w in weights for end in ("low", "high")]
    for col in weights + intervals:
        assert all(math.isfinite(v) for v in t[col]), col
    assert (t[["johnson", "lmg"]] > 0).all().all()
    for w in ("johnson", "lmg"):
        assert abs(t[w].sum() - r2) <= 1e-9, w
        assert t[f"{w}_pct"].sum() == pytest.approx(100, abs=1e-7), w
        assert (t[f"{w}_ci_low"] <= t[f"{w}_ci_high"]).all(), w
    assert sorted(t["rank"]) == list(range(1, len(t) + 1))
    top = t.loc[t["rank"] == 1, "driver"].item()
    assert top == t.loc[t["johnson"].idxmax(), "driver"] == t.loc[t["lmg"].idxmax(), "driver"]


@pytest.mark.slow
def test_healthy_demo_raises_no_decline_or_shift(healthy_demo_dir):
    """The same company without the built-in problems: no segment decline, no Kano shift."""
    tables = read_table_files(healthy_demo_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sat = run_section(tables)
        req = run_requirements_section(tables, n_boot=0)
    assert not [f for f in sat.findings if f.kind == "segment_decline"]
    assert not [f for f in req.findings if f.kind == "emerging_requirement"]
    assert req.summary["kano"] == SCENARIO.kano
