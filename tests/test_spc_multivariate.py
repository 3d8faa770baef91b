"""Hotelling T² charts against qcc ``mqcc``.

Sources (tests/reference/spc/EXPECTED.md): boiler [V25, REF, MIS, V18, FIG c30-1];
ryan_multivar [V25, REF, MIS, V18, FIG c26-1].
"""

import json

import numpy as np
import pandas as pd
import pytest

from totalquality._errors import InputError
from totalquality.build_quality_in._multivariate import HotellingT2Chart

pytestmark = pytest.mark.filterwarnings("ignore::totalquality._errors.TotalQualityWarning")


def r7(value, printed):
    assert float(value) == pytest.approx(printed, rel=5e-7, abs=1e-15)


def summary(values):
    v = np.asarray(values, dtype=float)
    q = np.percentile(v, [0, 25, 50, 75, 100])
    return [q[0], q[1], q[2], v.mean(), q[3], q[4]]


def test_boiler_t2_individuals(reference_dir):
    """T2.single, confidence 0.999: center, covariance, |S|, UCL, UPL, T² values."""
    df = pd.read_csv(reference_dir / "spc" / "boiler.csv").drop(columns="obs")
    res = HotellingT2Chart(confidence_level=0.999).fit(df).result_
    expected_center = [525.00, 513.56, 538.92, 521.68, 503.80, 512.44, 478.72, 477.24]
    np.testing.assert_allclose(res.center, expected_center, rtol=5e-7)
    row1 = [54.0000000, 0.9583333, 20.583333, 31.2916667, 20.3333333, -2.2916667, 20.3750000,
            0.2083333]  # fmt: skip
    for got, want in zip(res.covariance[0], row1, strict=True):
        r7(got, want)
    r7(res.determinant, 8313.241)
    assert res.lcl == 0.0
    r7(res.ucl, 17.41705)
    r7(res.upl, 70.02943)
    for got, want in zip(res.statistics[:3], [13.963962, 9.779084, 5.472671], strict=True):
        r7(got, want)  # [MIS]
    printed = [1.316342, 5.305689, 7.074224, 7.680000, 9.775744, 17.575293]
    for got, want in zip(summary(res.statistics), printed, strict=True):
        r7(got, want)  # [V18]
    assert res.beyond_limits == (9,)  # [FIG c30-1]
    assert res.variables[0] == "t1"
    json.dumps(res.to_dict())
    json.dumps(res.figure())


def test_ryan_t2_subgroups(reference_dir):
    """T2 for subgroups of 4, default confidence (1 − 0.0027)²."""
    df = pd.read_csv(reference_dir / "spc" / "ryan_multivar.csv")
    chart = HotellingT2Chart().fit(df[["X1", "X2"]], subgroup=df["sample"])
    res = chart.result_
    assert res.confidence_level == pytest.approx((1 - 0.0027) ** 2)
    r7(res.center[0], 60.3750)
    r7(res.center[1], 18.4875)
    r7(res.covariance[0, 0], 222.0333)
    r7(res.covariance[0, 1], 103.11667)
    r7(res.covariance[1, 0], 103.1167)
    r7(res.covariance[1, 1], 56.57917)
    r7(res.determinant, 1929.414)
    r7(res.ucl, 11.03976)
    assert res.ucl == pytest.approx(11.03975666295, rel=1e-11)  # [MIS]
    r7(res.upl, 12.20184)
    for got, want in zip(res.statistics[:3], [2.2416049, 0.6526961, 1.2721838], strict=True):
        r7(got, want)  # [MIS]
    printed = [0.12429, 1.32496, 2.50272, 6.47013, 5.34912, 63.76042]  # [V18] 5 decimals
    for got, want in zip(summary(res.statistics), printed, strict=True):
        assert round(got, 5) == pytest.approx(want, abs=1e-9)
    assert res.beyond_limits == (10, 20)  # [FIG c26-1]


def test_phase2_uses_prediction_limit(reference_dir):
    df = pd.read_csv(reference_dir / "spc" / "boiler.csv").drop(columns="obs")
    first, later = df.iloc[:20], df.iloc[20:]
    res = HotellingT2Chart(confidence_level=0.999).fit(first, newdata=later).result_
    assert res.phase == ("I",) * 20 + ("II",) * 5
    assert np.all(res.limit[20:] == res.upl) and np.all(res.limit[:20] == res.ucl)
    assert res.sample_ids[20] == 21
    # a 3-D array (subgroups × n × variables) is the same as subgroup labels
    ryan = pd.read_csv(reference_dir / "spc" / "ryan_multivar.csv")
    cube = ryan[["X1", "X2"]].to_numpy().reshape(20, 4, 2)
    a = HotellingT2Chart().fit(cube).result_
    b = HotellingT2Chart().fit(ryan[["X1", "X2"]], subgroup=ryan["sample"]).result_
    np.testing.assert_allclose(a.statistics, b.statistics)


def test_t2_errors():
    with pytest.raises(InputError, match="at least 2 variables"):
        HotellingT2Chart().fit(np.arange(10.0).reshape(10, 1))
    with pytest.raises(InputError, match="equal subgroup sizes"):
        HotellingT2Chart().fit(np.ones((5, 2)), subgroup=[1, 1, 2, 2, 2])
    with pytest.raises(InputError, match="singular"):
        x = np.arange(20.0)
        HotellingT2Chart().fit(np.column_stack([x, 2 * x]))
