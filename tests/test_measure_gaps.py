"""SERVQUAL gaps (gap = perception − expectation; negative = shortfall) and IPA quadrants.

Sources (EXPECTED.md section 4): the 12manage.com forum example (dimension gaps −0.65,
−1.10, −0.83, −0.70, −1.01 → sum −4.29, unweighted −0.858); the restaurant student report
(N = 51, Table 5) perception / expectation / gap per dimension; the 1988 item map
(servqual_items_1988.csv). IPA quadrant labels: Martilla & James (1977), EXPECTED.md
section 7. Paired-t intervals are checked against scipy.stats.ttest_rel.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from totalquality import InputError, SmallSampleWarning
from totalquality.measure import (
    GapAnalysis,
    gaps_from_means,
    importance_performance,
    servqual_score,
)


def test_unweighted_servqual_12manage():
    gaps = {
        "Tangibles": -0.65,
        "Reliability": -1.10,
        "Responsiveness": -0.83,
        "Assurance": -0.70,
        "Empathy": -1.01,
    }
    s = servqual_score(gaps)
    assert s["sum"] == pytest.approx(-4.29, abs=1e-12)
    assert s["unweighted"] == pytest.approx(-0.858, abs=1e-12)
    assert round(s["unweighted"], 2) == -0.86


def test_weighted_servqual_definition():
    """Weighted = Σ dimension score × points / 100 (EXPECTED.md section 4)."""
    gaps = [-0.65, -1.10, -0.83, -0.70, -1.01]
    s = servqual_score(gaps, points=[10, 30, 20, 20, 20])
    assert s["weighted"] == pytest.approx(
        (-0.65 * 10 - 1.10 * 30 - 0.83 * 20 - 0.70 * 20 - 1.01 * 20) / 100
    )
    with pytest.raises(InputError, match="100"):
        servqual_score(gaps, points=[10, 10, 10, 10, 10])


def test_restaurant_example_gaps():
    """Restaurant report (N = 51), Table 5: gap = P − E per dimension (4 decimals)."""
    p = {
        "Tangible": 3.5147,
        "Reliable": 3.4771,
        "Responsiveness": 3.5686,
        "Assurance": 3.4771,
        "Empathy": 3.8922,
    }
    e = {
        "Tangible": 3.9412,
        "Reliable": 3.9085,
        "Responsiveness": 4.000,
        "Assurance": 3.9706,
        "Empathy": 3.5490,
    }
    got = gaps_from_means(p, e).set_index("name")["gap"]
    expected = {
        "Tangible": -0.4265,
        "Reliable": -0.4314,
        "Responsiveness": -0.4314,
        "Assurance": -0.4935,
        "Empathy": 0.3432,
    }  # the table prints 0.3431 (rounding)
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, abs=1e-9), k
    assert got["Empathy"] > 0 and (got.drop("Empathy") < 0).all()  # sign: negative = shortfall


@pytest.fixture(scope="module")
def survey(reference_dir):
    """Respondent-level answers on the 22 SERVQUAL items (synthetic answers)."""
    items = pd.read_csv(reference_dir / "satisfaction" / "servqual_items_1988.csv")
    rng = np.random.default_rng(5)
    rows = []
    for resp in range(60):
        for it in items.itertuples():
            e = rng.integers(4, 8)
            shift = {"Reliability": -1.0, "Empathy": 0.5}.get(it.dimension, -0.2)
            p = int(np.clip(round(e + shift + rng.normal(0, 1)), 1, 7))
            rows.append((resp, f"Q{it.item}", it.dimension, e, p, rng.integers(1, 8)))
    return pd.DataFrame(
        rows,
        columns=[
            "respondent",
            "requirement",
            "dimension",
            "expectation",
            "perception",
            "importance",
        ],
    )


def test_gap_analysis_paired_t(survey):
    res = GapAnalysis().fit(survey, dimension="dimension", importance="importance").result_
    req = res.requirements.set_index("requirement")
    q1 = survey[survey["requirement"] == "Q5"]
    t = stats.ttest_rel(q1["perception"], q1["expectation"])
    ci = t.confidence_interval(0.95)
    assert req.loc["Q5", "gap"] == pytest.approx((q1["perception"] - q1["expectation"]).mean())
    assert req.loc["Q5", "ci_low"] == pytest.approx(ci.low)
    assert req.loc["Q5", "ci_high"] == pytest.approx(ci.high)
    assert req.loc["Q5", "p_value"] == pytest.approx(t.pvalue)
    # dimension score = mean of its item gaps; SERVQUAL = mean of the dimension scores
    dims = res.dimensions.set_index("dimension")
    rel_items = [f"Q{i}" for i in range(5, 10)]
    assert dims.loc["Reliability", "gap"] == pytest.approx(req.loc[rel_items, "gap"].mean())
    assert dims.loc["Reliability", "items"] == 5
    assert res.servqual["unweighted"] == pytest.approx(dims["gap"].mean())
    w = req["importance"].to_numpy()
    assert res.servqual["importance_weighted"] == pytest.approx(
        (req["gap"].to_numpy() * w).sum() / w.sum()
    )
    assert dims.loc["Reliability", "shortfall"] and not dims.loc["Empathy", "shortfall"]


def test_points_weighted_score(survey):
    points = {
        "Tangibles": 10,
        "Reliability": 30,
        "Responsiveness": 20,
        "Assurance": 20,
        "Empathy": 20,
    }
    res = GapAnalysis().fit(survey, dimension="dimension", points=points).result_
    dims = res.dimensions.set_index("dimension")["gap"]
    assert res.servqual["weighted"] == pytest.approx(
        sum(dims[k] * v for k, v in points.items()) / 100
    )


def test_small_sample_warning(survey):
    with pytest.warns(SmallSampleWarning):
        res = GapAnalysis().fit(survey[survey["respondent"] < 5]).result_
    assert res.warnings


def test_ipa_quadrants_martilla_james():
    data = pd.DataFrame(
        {
            "requirement": ["a", "b", "c", "d"],
            "importance": [6.0, 6.0, 2.0, 2.0],
            "performance": [2.0, 6.0, 2.0, 6.0],
        }
    )
    res = importance_performance(data)
    q = res.table.set_index("name")["quadrant"]
    assert q.to_dict() == {
        "a": "Concentrate here",
        "b": "Keep up the good work",
        "c": "Low priority",
        "d": "Possible overkill",
    }
    assert (res.importance_crosshair, res.performance_crosshair) == (4.0, 4.0)
    med = importance_performance(data.assign(importance=[6.0, 6.0, 2.0, 7.0]), crosshairs="median")
    assert med.importance_crosshair == 6.0 and med.crosshairs == "median"
    mid = importance_performance(data, crosshairs="midpoint", scale=(1, 7))
    assert mid.performance_crosshair == 4.0
    given = importance_performance(data, crosshairs=(1.0, 7.0))
    assert set(given.table["quadrant"]) == {"Concentrate here"}
    with pytest.raises(InputError, match="scale"):
        importance_performance(data, crosshairs="midpoint")


def test_missing_columns_are_named():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(InputError, match="perception"):
            GapAnalysis().fit(
                pd.DataFrame({"respondent": [1], "requirement": ["x"], "expectation": [3]})
            )
