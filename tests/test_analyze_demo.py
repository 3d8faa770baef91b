"""`tq analyze` on the demo data finds every built-in problem (read from results.json),
and on the healthy variant claims no significant problem beyond the false-positive rate.

The built-in problems are defined in totalquality.demo.SCENARIO (docs/demo-data.md).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from totalquality.demo import SCENARIO

pytestmark = pytest.mark.slow
TOP = 10


def _analyze(workspace, out):
    from totalquality._pipeline import analyze
    from totalquality.cli._workspace_io import open_tables
    from totalquality.report import write_report

    run = analyze(open_tables(workspace))
    paths = write_report(run, out, workspace=workspace.name)
    return json.loads(paths["json"].read_text())


@pytest.fixture(scope="module")
def results(demo_dir, tmp_path_factory):
    return _analyze(demo_dir, tmp_path_factory.mktemp("analyze"))


@pytest.fixture(scope="module")
def healthy_results(healthy_demo_dir, tmp_path_factory):
    return _analyze(healthy_demo_dir, tmp_path_factory.mktemp("analyze-healthy"))


def _top(results, n=TOP):
    return [r for r in results["recommendations"][:n] if r["significant"]]


def _subjects(recs):
    out = set()
    for r in recs:
        out.add((r["kind"], r["subject_type"], r["subject_id"]))
        for k, v in r.get("related", {}).items():
            out.add((r["kind"], k, v))
    return out


def test_no_section_failed(results):
    assert results["errors"] == {}


def test_drifting_stage_is_a_top_recommendation(results):
    subjects = _subjects(_top(results))
    assert (
        "process_out_of_control",
        "characteristic",
        SCENARIO.drifting_characteristic,
    ) in subjects


def test_bad_supplier_lot_is_a_top_recommendation(results):
    """One item for the supplier, naming its bad lot (lots are evidence under their supplier)."""
    supplier = [
        r
        for r in _top(results)
        if (r["subject_type"], r["subject_id"]) == ("supplier", SCENARIO.bad_supplier)
    ]
    assert len(supplier) == 1
    assert SCENARIO.bad_supplier_lot in supplier[0]["title"]
    lots = [r for r in results["recommendations"] if r["subject_type"] == "supplier_lot"]
    assert not [r for r in lots if r["subject_id"] == SCENARIO.bad_supplier_lot]


def test_growth_strain_is_a_top_recommendation(results):
    subjects = _subjects(_top(results))
    assert ("growth_strain", "stage", SCENARIO.strained_stage) in subjects


def test_declining_segment_is_a_top_recommendation(results):
    """The segment's decline names its place and since when."""
    local = [
        r
        for r in _top(results)
        if r["kind"] == "local_problem" and r["place"] == {"segment": SCENARIO.declining_segment}
    ]
    assert len(local) == 1
    since = dt.date.fromisoformat(local[0]["since"])
    assert abs((since - SCENARIO.decline_start).days) <= 31


def test_emerging_requirement_is_a_top_recommendation(results):
    recs = [r for r in _top(results) if r["kind"] == "emerging_requirement"]
    assert recs, "no emerging requirement among the top recommendations"
    text = json.dumps(recs, ensure_ascii=False).lower()
    assert "usb" in text or SCENARIO.emerging_requirement.lower() in text


def test_retention_gap_is_reported_with_its_interval(results):
    summary = results["sections"]["retention"]["summary"]
    low, high = summary["repurchase_gap_ci"]
    assert low <= summary["repurchase_gap"] <= high < 0
    # the claim rests on the adjusted hazard ratio of repurchase, bad vs good first order
    hr_low, hr_high = summary["hazard_ratio_ci"]
    assert hr_low <= summary["hazard_ratio"] <= hr_high < 1
    gap = [r for r in results["recommendations"] if r["kind"] == "retention_gap"]
    assert gap and gap[0]["significant"]
    assert gap[0]["evidence"]["hazard_ratio"]["ci_high"] < 1


def test_healthy_workspace_claims_no_significant_problem(healthy_results):
    significant = [r for r in healthy_results["recommendations"] if r["significant"]]
    built_in = {
        ("characteristic", SCENARIO.drifting_characteristic),
        ("supplier", SCENARIO.bad_supplier),
        ("supplier_lot", SCENARIO.bad_supplier_lot),
        ("stage", SCENARIO.strained_stage),
        ("place", f"segment={SCENARIO.declining_segment}"),
    }
    assert not {(r["subject_type"], r["subject_id"]) for r in significant} & built_in
    # every test is run at a 5 % false-discovery rate: a couple of stray claims at most
    assert len(significant) <= 3, [r["title"] for r in significant]


def test_a_cause_shows_what_customers_wrote_in_their_own_languages(results):
    """The drift's evidence carries its complaint topic: a label per report language and
    example comments in the language they were written in."""
    drift = next(
        r
        for r in results["recommendations"]
        if r["key"] == f"process_out_of_control:characteristic:{SCENARIO.drifting_characteristic}"
    )
    topic = drift["evidence"]["topic"]
    assert topic["topic_id"] == drift["related"]["topic"]
    assert set(topic["labels"]) == {"en", "et", "pl"} and all(topic["labels"].values())
    assert {lang for lang, examples in topic["examples"].items() if examples} == {"en", "et", "pl"}
