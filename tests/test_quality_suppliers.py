"""Incoming quality per supplier and supplier lot, bad-lot flags and traceability.

Hand-computed cases: the conditional binomial test of two Poisson rates (Przyborowski &
Wilenski 1940; given the total count, a lot's count is Binomial(total, e_lot/e_total)), Fisher's
exact test (checked against scipy.stats.fisher_exact), the chi-square homogeneity statistic and
Benjamini–Hochberg (1995) adjusted p-values. A simulation checks that a clearly bad lot is
flagged while, with no bad lot, false flags stay within the FDR level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from totalquality._errors import InputError
from totalquality._findings import FINDING_KINDS, SUBJECT_TYPES
from totalquality.build_quality_in._suppliers import (
    incoming_quality,
    supplier_lot_exposure,
    supplier_quality,
    trace_finished_lot,
    trace_supplier_lot,
)


def test_two_lots_conditional_binomial_and_bh_by_hand():
    data = pd.DataFrame(
        {
            "supplier_id": ["A", "A"],
            "supplier_lot_id": ["A1", "A2"],
            "units": [100, 100],
            "defects": [10, 0],
        }
    )
    res = supplier_quality(data, group=None)
    lots = res.lots.set_index("supplier_lot_id")
    # all 10 defects in one of two equally exposed lots: P = 0.5**10
    assert lots.loc["A1", "p_value"] == pytest.approx(0.5**10)
    assert lots.loc["A2", "p_value"] == pytest.approx(1.0)
    # BH: q(1) = min(2/1 · p(1), q(2)) with q(2) = p(2) = 1
    assert lots.loc["A1", "q_value"] == pytest.approx(2 * 0.5**10)
    assert lots.loc["A1", "rest_rate"] == 0 and lots.loc["A1", "rate"] == pytest.approx(0.1)
    assert bool(lots.loc["A1", "flagged"]) and not bool(lots.loc["A2", "flagged"])
    # exact Poisson interval of 10 defects in 100 units: 0.04795 … 0.18390
    assert lots.loc["A1", "rate_lower"] == pytest.approx(0.04795, abs=5e-6)
    assert lots.loc["A1", "rate_upper"] == pytest.approx(0.18390, abs=5e-6)


def test_unequal_exposure_conditional_binomial():
    data = pd.DataFrame(
        {
            "supplier_id": ["A"] * 3,
            "supplier_lot_id": ["A1", "A2", "A3"],
            "units": [200, 300, 500],
            "defects": [9, 3, 6],
        }
    )
    lots = supplier_quality(data).lots.set_index("supplier_lot_id")
    # A1 vs the rest: 9 of 18 defects, exposure share 200/1000
    assert lots.loc["A1", "p_value"] == pytest.approx(stats.binom.sf(8, 18, 0.2))
    assert lots.loc["A1", "reference"] == "supplier"


def test_proportion_lot_test_is_one_sided_fisher():
    data = pd.DataFrame(
        {
            "supplier_id": ["A"] * 3,
            "supplier_lot_id": ["A1", "A2", "A3"],
            "units": [50, 60, 40],
            "defects": [8, 2, 1],
        }
    )
    res = supplier_quality(data, measure="proportion")
    lots = res.lots.set_index("supplier_lot_id")
    fisher = stats.fisher_exact([[8, 42], [3, 97]], alternative="greater").pvalue
    assert lots.loc["A1", "p_value"] == pytest.approx(fisher)
    lo, hi = proportion_confint(8, 50, method="wilson")
    assert lots.loc["A1", "rate_lower"] == pytest.approx(lo)
    assert lots.loc["A1", "rate_upper"] == pytest.approx(hi)


def test_supplier_comparison_by_hand():
    data = pd.DataFrame(
        {
            "supplier_id": ["A", "B"],
            "supplier_lot_id": ["A1", "B1"],
            "part": ["cell", "cell"],
            "units": [1000, 1000],
            "defects": [30, 10],
        }
    )
    res = supplier_quality(data)
    hom = res.homogeneity.iloc[0]
    # expected 20 and 20: chi² = 10²/20 + 10²/20 = 10 with 1 degree of freedom
    assert hom["statistic"] == pytest.approx(10.0)
    assert hom["p_value"] == pytest.approx(stats.chi2.sf(10.0, 1))
    sup = res.suppliers.set_index("supplier_id")
    # supplier vs the rest: exact two-sided binomial test of 30 of 40 with p = 0.5
    assert sup.loc["A", "p_value"] == pytest.approx(stats.binomtest(30, 40, 0.5).pvalue)
    assert sup.loc["A", "direction"] == "above" and bool(sup.loc["A", "significant"])
    assert sup.loc["A", "rate_ratio"] == pytest.approx(3.0)
    # single-lot suppliers: each lot is compared with its group instead
    assert set(res.lots["reference"]) == {"group"}
    kinds = {f.kind for f in res.findings()}
    assert "supplier_problem" in kinds


def test_proportion_homogeneity_uses_fisher_for_small_2x2():
    data = pd.DataFrame({"supplier_id": ["A", "B"], "units": [10, 10], "defects": [5, 0]})
    hom = supplier_quality(data, measure="proportion").homogeneity.iloc[0]
    assert hom["test"] == "fisher"
    assert hom["p_value"] == pytest.approx(stats.fisher_exact([[5, 5], [0, 10]]).pvalue)


def test_rate_homogeneity_is_exact_for_two_suppliers_with_few_defects():
    data = pd.DataFrame({"supplier_id": ["A", "B"], "units": [100, 300], "defects": [4, 1]})
    hom = supplier_quality(data).homogeneity.iloc[0]
    assert hom["test"] == "exact-poisson"
    assert hom["p_value"] == pytest.approx(stats.binomtest(4, 5, 0.25).pvalue)


def _simulate(rng, bad_factor=None, suppliers=3, lots=30, units=400, rate=0.01):
    rows = []
    for s in range(suppliers):
        for i in range(lots):
            r = rate * (bad_factor if (bad_factor and s == 0 and i == 7) else 1)
            rows.append(
                {
                    "supplier_id": f"S{s}",
                    "supplier_lot_id": f"S{s}-{i}",
                    "part": "cell",
                    "units": units,
                    "defects": rng.poisson(r * units),
                }
            )
    return pd.DataFrame(rows)


def test_clearly_bad_lot_is_flagged():
    data = _simulate(np.random.default_rng(11), bad_factor=8)
    res = supplier_quality(data)
    assert list(res.flagged_lots["supplier_lot_id"]) == ["S0-7"]
    findings = res.findings()
    lot_findings = [f for f in findings if f.kind == "supplier_lot_problem"]
    assert [f.subject_id for f in lot_findings] == ["S0-7"]
    f = lot_findings[0]
    assert f.kind in FINDING_KINDS and f.subject_type in SUBJECT_TYPES
    assert f.related["supplier"] == "S0" and f.evidence["rate_ratio"] > 3
    assert 0 < f.severity <= 1 and f.confidence > 0.99


def test_no_bad_lot_keeps_false_flags_within_fdr():
    """Under the complete null, P(any lot flagged) ≤ alpha under BH; 40 simulated workspaces."""
    rng = np.random.default_rng(2024)
    runs, alpha = 40, 0.05
    any_flag = sum(
        bool(supplier_quality(_simulate(rng), alpha=alpha).lots["flagged"].any())
        for _ in range(runs)
    )
    # at most alpha · runs = 2 expected; P(Binomial(40, 0.05) ≥ 7) < 0.001
    assert any_flag <= 6


# ----------------------------------------------------------------------------- workspace tables
@pytest.fixture
def workspace():
    lots = pd.DataFrame(
        {
            "lot_id": ["L1", "L2", "L3", "L4"],
            "product_id": ["P1", "P1", "P2", "P2"],
            "produced_at": ["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04"],
            "size": [100, 100, 200, None],
        }
    )
    lot_parts = pd.DataFrame(
        {
            "lot_id": ["L1", "L1", "L2", "L3", "L3", "L4"],
            "part": ["cell", "panel", "cell", "cell", "panel", "cell"],
            "supplier_id": ["VOLTA", "LUMI", "VOLTA", "ENER", "LUMI", "VOLTA"],
            "supplier_lot_id": ["V1", "LU1", "V2", "E1", "LU1", "V2"],
        }
    )
    defects = pd.DataFrame(
        {
            "stage_id": ["S60"] * 5,
            "found_at": ["2026-05-10"] * 5,
            "lot_id": ["L1", "L1", "L2", "L3", None],
            "defect_type": ["battery swelling", "battery swelling", "scratch", "dead pixel", "x"],
            "count": [3, 1, 2, 1, 1],
            "supplier_id": ["VOLTA", "VOLTA", "VOLTA", "LUMI", "VOLTA"],
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3", "O4"],
            "customer_id": ["C1", "C2", "C1", "C3"],
            "lot_id": ["L1", "L2", "L4", "L3"],
            "quantity": [2, 1, 5, 1],
        }
    )
    return {"lots": lots, "lot_parts": lot_parts, "defects": defects, "orders": orders}


def test_exposure_from_workspace_tables(workspace):
    exp, notes = supplier_lot_exposure(
        workspace["defects"], workspace["lot_parts"], workspace["lots"]
    )
    e = exp.set_index("supplier_lot_id")
    assert e.loc["V1", "units"] == 100 and e.loc["V1", "defects"] == 4
    # V2 went into L2 (100) and L4 (no size → median size 100)
    assert e.loc["V2", "units"] == 200 and e.loc["V2", "defects"] == 2
    assert e.loc["V2", "finished_lots"] == 2
    assert e.loc["LU1", "units"] == 300 and e.loc["LU1", "defects"] == 1
    assert e.loc["E1", "defects"] == 0
    assert any("without a size" in n for n in notes)
    assert any("cannot be traced" in n for n in notes)  # the defect without lot_id

    only, _ = supplier_lot_exposure(
        workspace["defects"],
        workspace["lot_parts"],
        workspace["lots"],
        defect_types=["battery swelling"],
    )
    assert only.set_index("supplier_lot_id").loc["V2", "defects"] == 0


def test_incoming_quality_runs_on_workspace(workspace):
    res = incoming_quality(workspace["defects"], workspace["lot_parts"], workspace["lots"])
    assert {"finished_lots", "flagged", "q_value"} <= set(res.lots.columns)
    assert set(res.suppliers["group"]) == {"cell", "panel"}
    assert res.to_dict()["measure"] == "rate"


def test_trace_finished_lot(workspace):
    t = trace_finished_lot("L1", workspace["lot_parts"])
    assert t.to_dict("records") == [
        {"part": "cell", "supplier_id": "VOLTA", "supplier_lot_id": "V1"},
        {"part": "panel", "supplier_id": "LUMI", "supplier_lot_id": "LU1"},
    ]
    with pytest.raises(InputError, match="L404"):
        trace_finished_lot("L404", workspace["lot_parts"])


def test_trace_supplier_lot_to_orders_and_customers(workspace):
    tr = trace_supplier_lot(
        "V2", workspace["lot_parts"], workspace["lots"], workspace["orders"], supplier_id="VOLTA"
    )
    assert list(tr.finished_lots["lot_id"]) == ["L2", "L4"]
    assert list(tr.orders["order_id"]) == ["O2", "O3"]
    assert tr.customers == ("C1", "C2")
    assert tr.supplier_id == "VOLTA"
    assert tr.units == 100  # L4 has no size
    assert tr.finished_lots.set_index("lot_id").loc["L4", "units_shipped"] == 5
    lu = trace_supplier_lot("LU1", workspace["lot_parts"], orders=workspace["orders"])
    assert lu.customers == ("C1", "C3")
    with pytest.raises(InputError, match="not in lot_parts"):
        trace_supplier_lot("NOPE", workspace["lot_parts"])


def test_invalid_input_is_reported():
    with pytest.raises(InputError, match="measure"):
        supplier_quality(pd.DataFrame({"supplier_id": ["A"], "units": [1], "defects": [0]}), "x")
    bad = pd.DataFrame({"supplier_id": ["A", "B"], "units": [10, 10], "defects": [11, -1]})
    with pytest.raises(InputError) as err:
        supplier_quality(bad, measure="proportion")
    assert {p.row for p in err.value.problems} == {1, 2}
    with pytest.raises(InputError, match="units"):
        supplier_quality(pd.DataFrame({"supplier_id": ["A"], "defects": [1]}))


def test_supplier_comparison_figure():
    import json

    from totalquality._base import to_jsonable
    from totalquality.build_quality_in._plots_quality import supplier_comparison

    res = supplier_quality(_simulate(np.random.default_rng(11), bad_factor=8))
    fig = supplier_comparison(res, level="lots", top=5)
    json.dumps(to_jsonable(fig))
    assert fig["data"][0]["x"][0].startswith("S0-7")  # worst lot first
    assert len(fig["data"][0]["x"]) == 5
    assert len(supplier_comparison(res)["data"][0]["x"]) == 3


def test_demo_bad_supplier_lot_is_flagged(demo_dir):
    """The demo's built-in bad battery-cell lot (SCENARIO.bad_supplier_lot) is flagged.

    Needs the demo generator (``totalquality.demo.generate``) through the ``demo_dir`` fixture.
    """
    from totalquality.demo._scenario import SCENARIO

    tables = {
        name: pd.read_csv(demo_dir / f"{name}.csv") for name in ("defects", "lot_parts", "lots")
    }
    res = incoming_quality(
        tables["defects"],
        tables["lot_parts"],
        tables["lots"],
        defect_types=[SCENARIO.bad_lot_defect_type],
    )
    flagged = set(res.flagged_lots["supplier_lot_id"])
    assert SCENARIO.bad_supplier_lot in flagged
    row = res.lots.set_index("supplier_lot_id").loc[SCENARIO.bad_supplier_lot]
    assert row["supplier_id"] == SCENARIO.bad_supplier
