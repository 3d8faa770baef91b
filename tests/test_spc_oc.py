"""OC curves (β, ARL) and overdispersion tests against qcc.

Sources (tests/reference/spc/EXPECTED.md): OC tables oc_xbar_beta_nsigmas3.csv,
oc_p_beta_orangejuice.csv, oc_c_beta_circuit.csv [V18], ARL values [V25, rounded];
qccOverdispersionTest [REF qccOverdispersionTest.html].
"""

import json

import numpy as np
import pandas as pd
import pytest

from totalquality._errors import InputError
from totalquality.build_quality_in._charts import CChart, PChart, XbarChart
from totalquality.build_quality_in._oc import (
    oc_c,
    oc_curve,
    oc_p,
    oc_r,
    oc_s,
    oc_xbar,
    overdispersion_test,
)

pytestmark = pytest.mark.filterwarnings("ignore::totalquality._errors.TotalQualityWarning")


@pytest.fixture(scope="module")
def spc(reference_dir):
    return lambda name: pd.read_csv(reference_dir / "spc" / name)


def test_oc_xbar_table(spc):
    """[V18] β for shifts 0–5 (step 0.05), n = 1, 5, 10, 15, 20, to 4 decimals."""
    table = spc("oc_xbar_beta_nsigmas3.csv")
    oc = oc_xbar(table["shift_sd"], sizes=(1, 5, 10, 15, 20))
    np.testing.assert_array_equal(np.round(oc.beta, 4), table.iloc[:, 1:].to_numpy())
    default = oc_xbar()
    np.testing.assert_allclose(default.x, table["shift_sd"])


def test_oc_xbar_arl():
    """[V25] ARL = 1/(1 − β), rounded: 370 at shift 0; 353/296/244/206/178 at 0.1;
    308/178/110/76/57 at 0.2; 1 at 4.9 and 5.0."""
    oc = oc_xbar([0, 0.1, 0.2, 4.9, 5.0], sizes=(1, 5, 10, 15, 20))
    arl = np.round(oc.arl)
    assert arl[0].tolist() == [370] * 5
    assert arl[1].tolist() == [353, 296, 244, 206, 178]
    assert arl[2].tolist() == [308, 178, 110, 76, 57]
    assert arl[3].tolist() == [1] * 5 and arl[4].tolist() == [1] * 5


def test_oc_p_orangejuice(spc):
    """[V18] β of the p chart n = 50, LCL 0.05242755, UCL 0.4102391, p = 0…1."""
    table = spc("oc_p_beta_orangejuice.csv")
    oc = oc_p(50, 0.05242755, 0.4102391, table["p"])
    np.testing.assert_array_equal(np.round(oc.beta, 4), table["beta"].to_numpy())
    # from the fitted chart itself
    df = spc("orangejuice.csv")
    t = df["trial"].astype(bool)
    res = PChart().fit(df["defectives"][t], df["size"][t]).result_
    from_chart = oc_curve(res)
    np.testing.assert_array_equal(np.round(from_chart.beta, 4), table["beta"].to_numpy())
    assert round(from_chart.beta[1], 4) == 0.0894 and round(from_chart.beta[2], 4) == 0.2642


def test_oc_c_circuit(spc):
    """[V18] β of the c chart LCL 6.481447, UCL 33.21086 for mean count 0–65."""
    table = spc("oc_c_beta_circuit.csv")
    oc = oc_c(6.481447, 33.21086, table["c_mean"])
    np.testing.assert_array_equal(np.round(oc.beta, 4), table["beta"].to_numpy())
    df = spc("circuit.csv")
    t = df["trial"].astype(bool)
    res = CChart().fit(df["nonconformities"][t]).result_
    from_chart = oc_curve(res)
    np.testing.assert_array_equal(from_chart.x, table["c_mean"].to_numpy(dtype=float))
    np.testing.assert_array_equal(np.round(from_chart.beta, 4), table["beta"].to_numpy())


def test_oc_from_xbar_chart_and_dispersion_curves():
    rng = np.random.default_rng(2)
    res = XbarChart().fit(rng.normal(size=(25, 4))).result_
    oc = oc_curve(res)
    assert oc.sizes == (1.0, 4.0, 5.0, 10.0, 15.0, 20.0)
    assert oc.beta[0, 0] == pytest.approx(0.9973002, abs=1e-7)
    r = oc_r(sizes=[5])
    s = oc_s(sizes=[5])
    # no shift in sigma: β = coverage of the 3-sigma limits; larger sigma → smaller β
    assert 0.99 < r.beta[0, 0] < 1 and 0.99 < s.beta[0, 0] < 1
    assert np.all(np.diff(r.beta[:, 0]) < 0) and np.all(np.diff(s.beta[:, 0]) < 0)
    json.dumps(oc.figure())
    json.dumps(oc_p(50, 0.05, 0.41).figure(what="ARL"))


def test_overdispersion(spc):
    """[REF] Wetherill & Brown: binomial 0.7644566 / 22.16924 / 0.81311;
    Poisson 1.472203 / 42.69388 / 0.048579."""
    b = spc("overdispersion_binomial.csv")
    res = overdispersion_test(b["defectives"], b["size"])
    assert res.distribution == "binomial" and res.df == 29
    assert res.variance_ratio == pytest.approx(0.7644566, rel=5e-7)
    assert res.statistic == pytest.approx(22.16924, rel=5e-7)
    assert res.p_value == pytest.approx(0.81311, rel=5e-5)  # printed with signif(, 5)
    assert not res.overdispersed
    p = spc("overdispersion_poisson.csv")
    res = overdispersion_test(p["count"])
    assert res.distribution == "poisson"
    assert res.variance_ratio == pytest.approx(1.472203, rel=5e-7)
    assert res.statistic == pytest.approx(42.69388, rel=5e-7)
    assert res.p_value == pytest.approx(0.048579, rel=5e-5)
    assert res.overdispersed
    with pytest.raises(InputError):
        overdispersion_test([1, 2, 3], distribution="binomial")
