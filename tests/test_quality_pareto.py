"""Defect Pareto: counts, shares, cumulative shares and the vital few (hand-computed cases).

The 80 % cut follows Juran's Pareto principle as used in qcc's ``pareto.chart`` (cumulative
percentage of counts sorted in decreasing order; luca-scr/qcc ``R/paretochart.R``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from totalquality._errors import InputError
from totalquality.build_quality_in._pareto import defect_pareto


@pytest.fixture
def defects():
    return pd.DataFrame(
        {
            "stage_id": ["S1"] * 6 + ["S2"] * 5,
            "found_at": ["2026-01-10"] * 8 + ["2026-02-10"] * 3,
            "lot_id": ["L1", "L1", "L2", "L2", "L3", "L3", "L1", "L2", "L3", "L3", "L9"],
            "defect_type": list("aaaaabbbccd"),
        }
    )


def test_overall_pareto_by_hand(defects):
    res = defect_pareto(defects)
    t = res.table
    assert list(t["defect_type"]) == ["a", "b", "c", "d"]
    assert list(t["count"]) == [5, 3, 2, 1]
    assert list(t["share"]) == pytest.approx([5 / 11, 3 / 11, 2 / 11, 1 / 11])
    assert list(t["cumulative_share"]) == pytest.approx([5 / 11, 8 / 11, 10 / 11, 1.0])
    assert list(t["rank"]) == [1, 2, 3, 4]
    # 8/11 = 72.7 % < 80 %, so c (reaching 90.9 %) is still vital; d is not
    assert list(t["vital"]) == [True, True, True, False]
    assert res.vital_few() == {(): ("a", "b", "c")}


def test_count_column_and_exact_cut():
    d = pd.DataFrame({"defect_type": ["x", "y", "z", "w"], "count": [50, 30, 15, 5]})
    t = defect_pareto(d).table
    # cumulative 50 %, 80 %, 95 %: y reaches exactly 80 %, so z is not vital
    assert list(t["vital"]) == [True, True, False, False]
    assert list(t["cumulative_share"]) == pytest.approx([0.5, 0.8, 0.95, 1.0])


def test_ties_sorted_by_name():
    d = pd.DataFrame({"defect_type": ["b", "a", "c"], "count": [2, 2, 1]})
    assert list(defect_pareto(d).table["defect_type"]) == ["a", "b", "c"]


def test_per_stage_and_month(defects):
    res = defect_pareto(defects, by="stage_id", period="month")
    t = res.table
    s2_feb = t[(t["stage_id"] == "S2") & (t["period"] == pd.Timestamp("2026-02-01"))]
    assert list(s2_feb["defect_type"]) == ["c", "d"]
    assert list(s2_feb["share"]) == pytest.approx([2 / 3, 1 / 3])
    s1 = t[t["stage_id"] == "S1"]
    assert list(s1["count"]) == [5, 1] and list(s1["vital"]) == [True, False]
    few = res.vital_few()
    assert few[("S2", pd.Timestamp("2026-02-01"))] == ("c", "d")  # c alone is 67 %
    # shares sum to one within each group
    sums = t.groupby(["stage_id", "period"])["share"].sum()
    assert sums.to_numpy() == pytest.approx(1.0)


def test_per_product_through_lots(defects):
    lots = pd.DataFrame({"lot_id": ["L1", "L2", "L3"], "product_id": ["P1", "P1", "P2"]})
    res = defect_pareto(defects, by="product_id", lots=lots)
    t = res.table
    assert t[t["product_id"] == "P1"]["count"].sum() == 6
    assert t[t["product_id"] == "P2"]["count"].sum() == 4
    assert any("L9" in w or "no lot" in w for w in res.warnings)  # L9 is not in lots


def test_errors(defects):
    with pytest.raises(InputError, match="lots table"):
        defect_pareto(defects, by="product_id")
    with pytest.raises(InputError, match="vital_share"):
        defect_pareto(defects, vital_share=0)
    with pytest.raises(InputError, match="defect_type"):
        defect_pareto(defects.drop(columns=["defect_type"]))
    with pytest.raises(InputError, match="negative"):
        defect_pareto(defects.assign(count=-1))


def test_pareto_chart_figure(defects):
    import json

    from totalquality._base import to_jsonable
    from totalquality.build_quality_in._plots_quality import pareto_chart

    fig = pareto_chart(defect_pareto(defects, by="stage_id"), group="S1")
    json.dumps(to_jsonable(fig))
    bars, line = fig["data"][0], fig["data"][1]
    assert list(bars["x"]) == ["a", "b"] and list(bars["y"]) == [5, 1]
    assert list(line["y"]) == pytest.approx([500 / 6, 100.0])
