"""NPS estimate, variance, intervals and tests against the R NPS package.

Source of every expected number: R package NPS (Brendan Rocks, GitHub brendan-r/NPS,
commit cd9473e) — unit cases from ``tests/testthat/test_01_basics.R`` and ``nps_test_()``
output in tests/reference/satisfaction/nps_one_sample_expected.csv and
nps_two_sample_expected.csv (EXPECTED.md section 5). Wald and adjusted-Wald numbers are
closed-form (tolerance 1e-9); the iterative (score) interval is a bisection in R that stops
at a step of 1e-7, so it is compared to 1e-6.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from totalquality import InputError, InsufficientDataError, SmallSampleWarning
from totalquality.measure import nps, nps_counts, nps_difference, nps_variance

METHOD = {"wald": "wald", "adjusted.wald": "adjusted_wald", "iterative": "iterative"}


@pytest.fixture(autouse=True)
def _quiet_small_samples():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        yield


@pytest.mark.parametrize(
    ("counts", "score", "variance", "se"),
    [
        ((1, 2, 3), 1 / 3, 5 / 9, 0.304),
        ((1, 0, 1), 0.0, 1.0, 0.707),
        ((0, 1, 1), 0.5, 0.25, 0.354),
        ((1, 1, 1), 0.0, 2 / 3, 0.471),
        ((1, 0, 0), -1.0, 0.0, 0.0),
        ((0, 1, 0), 0.0, 0.0, 0.0),
        ((0, 0, 1), 1.0, 0.0, 0.0),
    ],
)
def test_unit_cases(counts, score, variance, se):
    """R NPS package tests/testthat/test_01_basics.R (SE printed to 3 decimals)."""
    assert nps_variance(*counts) == pytest.approx(variance, abs=1e-12)
    e = nps(counts=counts, method="wald")
    assert e.estimate == pytest.approx(score, abs=1e-12)
    assert e.se == pytest.approx(se, abs=5e-4)


def test_scores_give_the_same_as_counts():
    """Scores c(0, 7, 7, 9, 9, 9) = counts 1, 2, 3 (R NPS package unit test)."""
    assert nps_counts([0, 7, 7, 9, 9, 9]) == (1, 2, 3)
    assert nps([0, 7, 7, 9, 9, 9], method="wald").estimate == pytest.approx(1 / 3)


def test_custom_breaks():
    """R NPS package: breaks c(0, 6, 8, 15) on the scores 1…15 give NPS 2/30, variance 0.8622."""
    d, pa, p = nps_counts(np.arange(1, 16), breaks=(6, 8))
    assert (d, pa, p) == (6, 2, 7)
    assert (p - d) / (d + pa + p) == pytest.approx(2 / 30)
    assert nps_variance(d, pa, p) == pytest.approx(0.8622, abs=5e-5)


@pytest.fixture(scope="module")
def one_sample(reference_dir):
    return pd.read_csv(reference_dir / "satisfaction" / "nps_one_sample_expected.csv")


def test_one_sample_intervals(one_sample):
    """nps_test_() one-sample Wald, adjusted Wald and iterative intervals (R NPS package)."""
    for row in one_sample.itertuples():
        e = nps(counts=(row.detractors, row.passives, row.promoters), method=METHOD[row.test])
        tol = 1e-6 if row.test == "iterative" else 1e-9
        assert e.estimate == pytest.approx(row.nps, abs=1e-12), row
        assert e.n == row.n
        if not np.isnan(row.se):
            assert e.se == pytest.approx(row.se, abs=1e-9), row
        assert e.ci_low == pytest.approx(row.ci_low, abs=tol), row
        assert e.ci_high == pytest.approx(row.ci_high, abs=tol), row
        if not np.isnan(row.p_value):
            assert e.p_value == pytest.approx(row.p_value, abs=1e-9), row


def test_one_sample_from_raw_testdata(reference_dir):
    """NPS::testdata$REC: 362 / 176 / 462, NPS 0.1, Wald SE 0.028531, p = 0.000457."""
    rec = pd.read_csv(reference_dir / "satisfaction" / "nps_testdata.csv")["REC"]
    e = nps(rec, method="wald")
    assert e.counts == {"detractors": 362, "passives": 176, "promoters": 462}
    assert e.estimate == pytest.approx(0.1)
    assert e.se == pytest.approx(0.028531, abs=5e-7)
    assert (e.ci_low, e.ci_high) == pytest.approx((0.044081, 0.155919), abs=5e-7)
    assert e.p_value == pytest.approx(0.000457, abs=5e-7)


def test_two_sample(reference_dir):
    """Apples vs Oranges (NPS::testdata), Wald and adjusted Wald (R NPS package)."""
    ref = pd.read_csv(reference_dir / "satisfaction" / "nps_two_sample_expected.csv")
    data = pd.read_csv(reference_dir / "satisfaction" / "nps_testdata.csv")
    for row in ref.itertuples():
        d = nps_difference(
            counts_x=(row.x_det, row.x_pas, row.x_pro),
            counts_y=(row.y_det, row.y_pas, row.y_pro),
            method=METHOD[row.test],
        )
        assert d.estimate_x == pytest.approx(row.nps_x)
        assert d.estimate_y == pytest.approx(row.nps_y)
        assert d.difference == pytest.approx(row.delta_hat, abs=1e-9)
        assert d.se == pytest.approx(row.se_diff, abs=1e-9)
        assert d.ci_low == pytest.approx(row.ci_low, abs=1e-9)
        assert d.ci_high == pytest.approx(row.ci_high, abs=1e-9)
        assert d.p_value == pytest.approx(row.p_value, abs=1e-9)
        assert not d.significant
        # the same from the raw answers of the two business units
        raw = nps_difference(
            data.loc[data["BU"].eq(row.x), "REC"],
            data.loc[data["BU"].eq(row.y), "REC"],
            method=METHOD[row.test],
        )
        assert raw.difference == pytest.approx(row.delta_hat, abs=1e-9)
        assert raw.p_value == pytest.approx(row.p_value, abs=1e-9)


def test_rule_of_thumb_width():
    """CYBAEA (2016): p = d = 1/3 → 95 % interval ≈ 320/√n points wide (n = 1024 → 10)."""
    e = nps(counts=(1024 / 3, 1024 / 3, 1024 / 3), method="wald")
    assert (e.ci_high - e.ci_low) * 100 == pytest.approx(320 / np.sqrt(1024), rel=0.03)


def test_small_sample_warns_and_records():
    with pytest.warns(SmallSampleWarning):
        e = nps(counts=(1, 2, 3))
    assert e.warnings and "6 answers" in e.warnings[0]


def test_mistakes_are_clear():
    with pytest.raises(InputError, match=r"0\.\.10"):
        nps([3, 11])
    with pytest.raises(InputError, match="method"):
        nps(counts=(1, 1, 1), method="exact")  # type: ignore[arg-type]
    with pytest.raises(InsufficientDataError):
        nps(counts=(0, 0, 0))
    with pytest.raises(InputError, match="either"):
        nps([1, 2], counts=(1, 1, 1))
