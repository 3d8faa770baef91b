"""First-pass yield, rolled throughput yield, DPU and DPMO.

References:
* Wilson score and Clopper–Pearson intervals: Newcombe R.G. (1998), "Two-sided confidence
  intervals for the single proportion: comparison of seven methods", Statistics in Medicine
  17:857–872, Table I (81/263, 15/148, 0/20, 1/29), printed to 4 decimals.
* Exact Poisson (Garwood 1936) limits for a count of 0 and 10 at 95 %: 0–3.689 and 4.795–18.390
  (standard tables, e.g. Ulm 1990, Am J Epidemiol 131:373).
* Six sigma conversion (1.5 sigma shift): 3.4 DPMO ↔ 6 sigma, 66,807 DPMO ↔ 3 sigma
  (Harry & Schroeder, "Six Sigma", 2000, conversion table).
The remaining cases are hand-computed in the tests.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from totalquality._errors import InputError
from totalquality.build_quality_in._yield import (
    defects_per_unit,
    first_pass_yield,
    period_start,
    poisson_interval,
    proportion_interval,
    rolled_throughput_yield,
)

NEWCOMBE = [
    # x, n, Wilson (lower, upper), Clopper–Pearson (lower, upper)  [Newcombe 1998, Table I]
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0000, 0.1611), (0.0000, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
]


@pytest.mark.parametrize(("x", "n", "wilson", "exact"), NEWCOMBE)
def test_proportion_intervals_newcombe(x, n, wilson, exact):
    lo, hi = proportion_interval([x], [n], 0.95, "wilson")
    assert (round(lo[0], 4), round(hi[0], 4)) == wilson
    lo, hi = proportion_interval([x], [n], 0.95, "clopper-pearson")
    assert (round(lo[0], 4), round(hi[0], 4)) == exact


def test_poisson_interval_garwood():
    lo, hi = poisson_interval([0, 10], [1, 1])
    assert lo[0] == 0 and hi[0] == pytest.approx(3.689, abs=5e-4)
    assert lo[1] == pytest.approx(4.795, abs=5e-4) and hi[1] == pytest.approx(18.390, abs=5e-4)
    lo, hi = poisson_interval([10], [100])  # a rate: limits scale with exposure
    assert lo[0] == pytest.approx(0.04795, abs=5e-6)


@pytest.fixture
def inspections():
    return pd.DataFrame(
        {
            "stage_id": ["S10", "S10", "S20", "S20", "S30"],
            "inspected_at": [
                "2026-01-05T08:00",  # Monday, week 2026-01-05
                "2026-02-03",
                "2026-01-11T23:00",  # Sunday, still week 2026-01-05
                "2026-02-10",
                "2026-01-07",
            ],
            "lot_id": ["L1", "L2", "L1", "L2", "L1"],
            "inspected": [100, 100, 50, 50, 200],
            "passed_first_time": [90, 95, 50, 45, 190],
            "defects": [12, 6, 0, 7, 11],
        }
    )


@pytest.fixture
def stages():
    return pd.DataFrame({"stage_id": ["S30", "S10", "S20"], "sequence": [30, 10, 20]})


def test_first_pass_yield_per_stage(inspections):
    res = first_pass_yield(inspections)
    t = res.table.set_index("stage_id")
    assert t.loc["S10", "inspected"] == 200 and t.loc["S10", "passed_first_time"] == 185
    assert t.loc["S10", "fpy"] == pytest.approx(185 / 200)
    assert t.loc["S10", "failed"] == 15
    assert t.loc["S10", "dpu"] == pytest.approx(18 / 200)
    lo, _ = proportion_interval([185], [200])
    assert t.loc["S10", "fpy_lower"] == pytest.approx(lo[0])
    # Wilson by hand: (x + z²/2)/(n + z²) ± z/(n + z²)·sqrt(x(n − x)/n + z²/4)
    z = stats.norm.ppf(0.975)
    centre = (185 + z * z / 2) / (200 + z * z)
    half = z / (200 + z * z) * math.sqrt(185 * 15 / 200 + z * z / 4)
    assert t.loc["S10", "fpy_upper"] == pytest.approx(centre + half)
    assert t.loc["S20", "fpy"] == pytest.approx(95 / 100)


def test_first_pass_yield_by_week_and_month(inspections):
    weekly = first_pass_yield(inspections, period="week").table
    s20 = weekly[weekly["stage_id"] == "S20"]
    assert list(s20["period"]) == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-02-09")]
    monthly = first_pass_yield(inspections, period="month").table
    assert set(monthly["period"]) == {pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-01")}
    quarterly = first_pass_yield(inspections, by=None, period="quarter").table
    assert len(quarterly) == 1 and quarterly["inspected"].iloc[0] == 500
    assert quarterly["fpy"].iloc[0] == pytest.approx(470 / 500)


def test_period_start_handles_time_zones():
    got = period_start(pd.Series(["2026-03-31T23:30:00-02:00", "2026-03-31"]), "month")
    assert list(got) == [pd.Timestamp("2026-04-01"), pd.Timestamp("2026-03-01")]  # naive UTC


def test_rolled_throughput_yield_is_product_in_sequence(inspections, stages):
    res = rolled_throughput_yield(inspections, stages)
    assert res.sequence == ("S10", "S20", "S30")
    assert list(res.stages["stage_id"]) == ["S10", "S20", "S30"]
    expected = (185 / 200) * (95 / 100) * (190 / 200)
    assert res.rty == pytest.approx(expected)
    # delta method on the log scale with Agresti–Coull adjusted proportions, by hand
    z = stats.norm.ppf(0.975)
    var = 0.0
    for x, n in ((185, 200), (95, 100), (190, 200)):
        n_t = n + z * z
        p_t = (x + z * z / 2) / n_t
        var += (1 - p_t) / (n_t * p_t)
    row = res.table.iloc[0]
    assert row["rty_lower"] == pytest.approx(expected * math.exp(-z * math.sqrt(var)))
    assert row["rty_upper"] == pytest.approx(expected * math.exp(z * math.sqrt(var)))
    assert res.warnings == ()


def test_rolled_throughput_yield_per_period_notes_missing_stage(inspections, stages):
    res = rolled_throughput_yield(inspections, stages, period="month")
    feb = res.table[res.table["period"] == pd.Timestamp("2026-02-01")].iloc[0]
    assert feb["rty"] == pytest.approx(0.95 * 0.90)
    assert feb["missing_stages"] == ("S30",)
    assert any("S30" in w for w in res.warnings)
    assert math.isnan(res.rty)  # no single RTY when asked per period


def test_rolled_throughput_yield_stage_never_inspected(inspections):
    res = rolled_throughput_yield(inspections, ["S10", "S20", "S30", "S40"])
    assert any("S40" in w for w in res.warnings)
    assert res.rty == pytest.approx((185 / 200) * (95 / 100) * (190 / 200))


def test_rolled_throughput_yield_bootstrap_brackets_estimate(inspections, stages):
    res = rolled_throughput_yield(inspections, stages, interval="bootstrap", n_boot=4000)
    row = res.table.iloc[0]
    delta = rolled_throughput_yield(inspections, stages).table.iloc[0]
    assert row["rty_lower"] < row["rty"] < row["rty_upper"]
    # the two intervals agree roughly for these sample sizes
    assert row["rty_lower"] == pytest.approx(delta["rty_lower"], abs=0.02)
    assert not any("100 %" in w for w in res.warnings)  # no stage is at 100 % overall
    jan = inspections[inspections["inspected_at"] < "2026-02"]  # S20 is 50/50 in January
    res = rolled_throughput_yield(jan, stages, interval="bootstrap", n_boot=200)
    assert any("100 %" in w for w in res.warnings)


def test_rolled_throughput_yield_with_zero_yield_stage():
    insp = pd.DataFrame(
        {"stage_id": ["A", "B"], "inspected": [10, 10], "passed_first_time": [0, 10]}
    )
    row = rolled_throughput_yield(insp, ["A", "B"]).table.iloc[0]
    assert row["rty"] == 0 and row["rty_lower"] == 0 and 0 < row["rty_upper"] < 0.5


def test_defects_per_unit_and_dpmo(inspections):
    res = defects_per_unit(inspections, opportunities={"S10": 10, "S20": 5})
    t = res.table.set_index("stage_id")
    assert t.loc["S10", "dpu"] == pytest.approx(18 / 200)
    assert t.loc["S10", "dpmo"] == pytest.approx(18 / (200 * 10) * 1e6)
    lo, hi = poisson_interval([18], [200])
    assert t.loc["S10", "dpu_lower"] == pytest.approx(lo[0])
    assert t.loc["S10", "dpmo_upper"] == pytest.approx(hi[0] / 10 * 1e6)
    assert math.isnan(t.loc["S30", "dpmo"])
    assert any("S30" in w for w in res.warnings)


def test_defects_per_unit_from_defects_table(inspections):
    defects = pd.DataFrame(
        {
            "stage_id": ["S10", "S10", "S20", "S99"],
            "found_at": ["2026-01-05", "2026-01-06", "2026-02-10", "2026-01-05"],
            "defect_type": ["a", "b", "a", "a"],
            "count": [3, None, 2, 1],  # a missing count means one defect
        }
    )
    res = defects_per_unit(inspections.drop(columns=["defects"]), defects, period="month")
    t = res.table.set_index(["stage_id", "period"])
    assert t.loc[("S10", pd.Timestamp("2026-01-01")), "defects"] == 4
    assert t.loc[("S10", pd.Timestamp("2026-01-01")), "dpu"] == pytest.approx(4 / 100)
    assert t.loc[("S20", pd.Timestamp("2026-02-01")), "defects"] == 2
    assert t.loc[("S30", pd.Timestamp("2026-01-01")), "defects"] == 0
    assert any("no inspected units" in w for w in res.warnings)  # S99


def test_sigma_level_conversion():
    """3.4 DPMO ↔ 6 sigma and 66,807 DPMO ↔ 3 sigma with the 1.5 sigma shift [Harry 2000]."""
    insp = pd.DataFrame(
        {"stage_id": ["A", "B"], "inspected": [1_000_000, 1_000_000], "defects": [34, 668_070]}
    )
    t = defects_per_unit(insp, opportunities=10).table.set_index("stage_id")
    assert t.loc["A", "dpmo"] == pytest.approx(3.4)
    assert t.loc["A", "sigma_level"] == pytest.approx(6.0, abs=0.01)
    assert t.loc["B", "sigma_level"] == pytest.approx(3.0, abs=0.001)


def test_invalid_inspections_name_rows():
    bad = pd.DataFrame({"stage_id": ["A", "A"], "inspected": [10, 5], "passed_first_time": [9, 6]})
    with pytest.raises(InputError) as err:
        first_pass_yield(bad)
    assert err.value.problems[0].row == 2
    assert err.value.problems[0].column == "passed_first_time"
    with pytest.raises(InputError, match="passed_first_time"):
        first_pass_yield(pd.DataFrame({"stage_id": ["A"], "inspected": [3]}))
    with pytest.raises(InputError, match="period"):
        first_pass_yield(
            bad.assign(passed_first_time=[1, 1], inspected_at="2026-01-01"), period="day"
        )
    with pytest.raises(InputError, match="defect counts"):
        defects_per_unit(bad.drop(columns=["passed_first_time"]))


@pytest.mark.filterwarnings("ignore::totalquality._errors.SmallSampleWarning")
def test_zero_inspected_gives_nan_yield():
    t = first_pass_yield(
        pd.DataFrame({"stage_id": ["A"], "inspected": [0], "passed_first_time": [0]})
    ).table
    assert np.isnan(t["fpy"].iloc[0]) and np.isnan(t["fpy_lower"].iloc[0])


def test_low_yield_findings_and_trend(inspections):
    import json

    from totalquality._base import to_jsonable
    from totalquality.build_quality_in._plots_quality import yield_trend
    from totalquality.build_quality_in._yield import low_yield_findings

    res = first_pass_yield(inspections)
    found = {f.subject_id: f for f in low_yield_findings(res, target=0.97)}
    assert set(found) == {"S10", "S20", "S30"}
    assert found["S10"].significant  # Wilson upper 0.954 < 0.97
    assert not found["S20"].significant  # upper 0.978 ≥ 0.97
    assert low_yield_findings(res, target=0.9) == ()

    fig = yield_trend(first_pass_yield(inspections, period="month"))
    json.dumps(to_jsonable(fig))
    assert len(fig["data"]) == 2 * 3  # band + line per stage
    with pytest.raises(InputError, match="per period"):
        yield_trend(res)
