"""Sigma estimators, d2/d3/c4 constants and subgroup formation.

Sources (tests/reference/spc/EXPECTED.md):
* [MIS] gedeck/mistat test_statistics.py — "Sigma-estimator test vectors" (values asserted
  against R qcc), antifreeze moving-range sigma for r = 2…24.
* [REF] qcc stats.xbar.one.html (antifreeze), [V18] viscosity15.
* d2/d3 tables: qcc R/utilities.R (``.qcc.options``); c4: [MIS].
"""

import numpy as np
import pandas as pd
import pytest

from totalquality._errors import InputError, InsufficientDataError
from totalquality.build_quality_in._charts import SChart, XbarChart
from totalquality.build_quality_in._constants import c4, d2, d2_exact, d3, d3_exact
from totalquality.build_quality_in._sigma import (
    sigma_individuals,
    sigma_moving_range,
    sigma_mvlue_r,
    sigma_mvlue_sd,
    sigma_rmsdf,
    sigma_sd,
    sigma_subgroups,
    sigma_uwave_r,
    sigma_uwave_sd,
)
from totalquality.build_quality_in._subgroups import Subgroups, make_subgroups

pytestmark = pytest.mark.filterwarnings("ignore::totalquality._errors.TotalQualityWarning")

R7 = 5e-7  # R prints 7 significant digits


def r7(value, printed):
    assert float(value) == pytest.approx(printed, rel=R7, abs=1e-15)


TWO = [[1.0, 2.0, 3.0], [1.0, 2.0, np.nan]]  # [MIS] sizes 3 and 2


def test_constants_c4_and_tables():
    """[MIS] c4(2..4); qcc tables d2 (n ≤ 25) and d3 (n ≤ 50) agree with exact integration."""
    r7(c4(2)[()], 0.7978846)
    r7(c4(3)[()], 0.8862269)
    r7(c4(4)[()], 0.9213177)
    n = np.arange(2, 26)
    # the table is d2 rounded to 3 decimals
    assert np.all(np.abs(d2(n) - d2_exact(n)) <= 0.0005 + 1e-12)
    n = np.array([2, 3, 5, 10, 25, 40, 50])
    # qcc's 7-decimal d3 table differs from exact integration by ≤ 1.5e-5 (its own rounding)
    assert np.max(np.abs(d3(n) - d3_exact(n))) < 2e-5
    # exact d3(2) = sqrt(2 − 4/π); beyond the tables the exact values are used
    assert d3_exact(2)[()] == pytest.approx(np.sqrt(2 - 4 / np.pi), abs=1e-9)
    assert d2(30)[()] == pytest.approx(d2_exact(30)[()], abs=0)
    assert d2(3)[()] == 1.693 and d3(10)[()] == 0.7970584
    with pytest.raises(InputError):
        d2(1)


def test_mis_sigma_vectors():
    """[MIS] two subgroups (1,2,3), (1,2,NA): every estimator."""
    sg = Subgroups.from_matrix(TWO)
    assert sg.sizes.tolist() == [3, 2]
    assert sg.means().tolist() == [2.0, 1.5]
    r7(sigma_subgroups(sg, "UWAVE-R"), 1.03393)
    r7(sigma_subgroups(sg, "UWAVE-SD"), 1.007303)
    r7(sigma_subgroups(sg, "MVLUE-R"), 1.085444)
    r7(sigma_subgroups(sg, "MVLUE-SD"), 1.049987)
    r7(sigma_subgroups(sg, "RMSDF"), 0.9908318)
    # the same through the per-statistic functions
    r7(sigma_uwave_r(sg.ranges(), sg.sizes), 1.03393)
    r7(sigma_uwave_sd(sg.stds(), sg.sizes), 1.007303)
    r7(sigma_mvlue_r(sg.ranges(), sg.sizes), 1.085444)
    r7(sigma_mvlue_sd(sg.stds(), sg.sizes), 1.049987)
    r7(sigma_rmsdf(sg.stds(), sg.sizes), 0.9908318)


def test_mis_xbar_limits():
    """[MIS] xbar center 1.8 (size-weighted), UWAVE-R limits at 2 sigma and at 95 %."""
    res = XbarChart(nsigmas=2).fit(TWO).result_
    r7(res.center, 1.8)
    r7(res.lcl[0], 0.6061206)
    r7(res.ucl[0], 2.993879)
    r7(res.lcl[1], 0.3378024)
    r7(res.ucl[1], 3.262198)
    res = XbarChart(confidence_level=0.95).fit(TWO).result_
    r7(res.lcl[0], 0.6300197)
    r7(res.ucl[0], 2.969980)
    r7(res.lcl[1], 0.3670726)
    r7(res.ucl[1], 3.232927)


def test_mis_s_chart():
    """[MIS] S chart statistics, center, 3-sigma and 90 % probability limits."""
    res = SChart().fit(TWO).result_
    r7(res.statistics[0], 1.0)
    r7(res.statistics[1], 0.7071068)
    r7(res.center, 0.8828427)
    assert res.lcl.tolist() == [0.0, 0.0]
    assert res.ucl[0] == pytest.approx(2.28274627669134, rel=1e-12)
    assert res.ucl[1] == pytest.approx(2.70448059144019, rel=1e-12)
    res = SChart(confidence_level=0.9).fit(TWO).result_
    assert res.lcl[0] == pytest.approx(0.228134225169997, rel=1e-12)
    assert res.ucl[0] == pytest.approx(1.74345862934255, rel=1e-12)
    assert res.lcl[1] == pytest.approx(0.063164728444235, rel=1e-12)
    assert res.ucl[1] == pytest.approx(1.97427769221479, rel=1e-12)
    other = [[1.0, 2.0, 3.0], [1.0, 2.0, 7.0]]
    res = SChart().fit(other).result_
    assert res.lcl[0] == 0.0
    r7(res.ucl[0], 5.41184)
    res = SChart(confidence_level=0.9).fit(other).result_
    r7(res.lcl[0], 0.5385259)
    r7(res.ucl[0], 4.115549)


def test_antifreeze_individual_sigmas(reference_dir):
    """[REF stats.xbar.one.html, MIS] MR and SD sigma; MR of r = 2…24 points [MIS]."""
    x = pd.read_csv(reference_dir / "spc" / "antifreeze.csv")["water"].to_numpy()
    r7(sigma_moving_range(x), 0.1794541)
    r7(sigma_sd(x), 0.2216795)
    expected = [
        0.1794541, 0.1897519, 0.1955224, 0.2019203, 0.2022154, 0.2041948, 0.2072357,
        0.2121212, 0.2126056, 0.2143082, 0.2172579, 0.2189612, 0.2183180, 0.2178859,
        0.2181558, 0.2172365, 0.2168714, 0.2151667, 0.2138331, 0.2128866, 0.2122988,
        0.2108173, 0.2095927,
    ]  # fmt: skip
    for span, value in zip(range(2, 25), expected, strict=True):
        r7(sigma_individuals(x, "MR", span), value)


def test_viscosity15_sigmas(reference_dir):
    """[V18, MIS] viscosity15: MR sigma 0.4261651, SD sigma 0.3415928."""
    x = pd.read_csv(reference_dir / "spc" / "viscosity15.csv")["viscosity"].to_numpy()
    r7(sigma_individuals(x, "MR"), 0.4261651)
    r7(sigma_individuals(x, "SD"), 0.3415928)


def test_default_method_switches_to_rmsdf_for_large_subgroups():
    """qcc: RMSDF when any subgroup has more than 25 values."""
    rng = np.random.default_rng(0)
    sg = Subgroups.from_matrix(rng.normal(size=(5, 30)))
    assert sigma_subgroups(sg) == sigma_subgroups(sg, "RMSDF")
    assert XbarChart().fit(sg).result_.sigma_method == "RMSDF"


def test_sigma_errors():
    with pytest.raises(InputError, match="at least 2"):
        sigma_uwave_r(np.array([0.1]), np.array([1]))
    with pytest.raises(InputError):
        sigma_subgroups(Subgroups.from_matrix(TWO), "NOPE")
    with pytest.raises(InsufficientDataError):
        sigma_moving_range([1.0])
    with pytest.raises(InputError):
        sigma_individuals([1.0, 2.0, 3.0], "XX")


def test_make_subgroups_three_ways():
    values = np.array([1.0, 2.0, 3.0, 4.0, np.nan, 6.0, 7.0])
    by_label = make_subgroups(values, subgroup=["b", "b", "a", "a", "a", "c", "c"])
    assert list(by_label.ids) == ["b", "a", "c"]  # order of first appearance
    assert by_label.sizes.tolist() == [2, 2, 2]  # the NaN is dropped
    assert by_label.means().tolist() == [1.5, 3.5, 6.5]
    by_size = make_subgroups(values, size=3)
    assert by_size.sizes.tolist() == [3, 2, 1] and list(by_size.ids) == [1, 2, 3]
    ts = pd.to_datetime(
        ["2024-01-01 08:10", "2024-01-01 08:50", "2024-01-01 09:05", "2024-01-01 11:00",
         "2024-01-01 11:30", "2024-01-01 08:20", "2024-01-01 09:59"]
    )  # fmt: skip
    by_time = make_subgroups(values, timestamps=ts, freq="h")
    assert [str(t) for t in by_time.ids] == [
        "2024-01-01 08:00:00", "2024-01-01 09:00:00", "2024-01-01 11:00:00"
    ]  # fmt: skip
    assert by_time.sizes.tolist() == [3, 2, 1]
    assert by_time.means().tolist() == [3.0, 5.0, 4.0]
    m = by_label.to_matrix()
    assert m.shape == (3, 2)
    assert Subgroups.from_matrix(m).means().tolist() == by_label.means().tolist()
    with pytest.raises(InputError):
        make_subgroups(values)
    with pytest.raises(InputError):
        make_subgroups(values, size=2, subgroup=[1] * 7)
    with pytest.raises(InputError):
        make_subgroups(values, timestamps=ts)
