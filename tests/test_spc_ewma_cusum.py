"""EWMA and CUSUM charts, tabular CUSUM and its ARL.

Sources (tests/reference/spc/EXPECTED.md): [V25, REF, V18, FIG] qcc vignettes, help pages and
figures; [T] qcc tests/testthat/test-cusum.R and test-ewma.R; [PI] kgdunn/process-improve
tests transcribing Montgomery Example 9.1 / Table 9.1 (ARL values: Montgomery Table 9.3);
[NIST*] NIST/SEMATECH e-Handbook §6.3.2.4 (secondary transcription).
"""

import json

import numpy as np
import pandas as pd
import pytest

from totalquality._errors import InputError
from totalquality.build_quality_in._ewma_cusum import (
    CUSUMChart,
    EWMAChart,
    cusum_arl,
    ewma_smooth,
    tabular_cusum,
)
from totalquality.build_quality_in._subgroups import make_subgroups

pytestmark = pytest.mark.filterwarnings("ignore::totalquality._errors.TotalQualityWarning")


def r7(value, printed):
    assert float(value) == pytest.approx(printed, rel=5e-7, abs=1e-15)


@pytest.fixture(scope="module")
def spc(reference_dir):
    return lambda name: pd.read_csv(reference_dir / "spc" / name)


@pytest.fixture(scope="module")
def piston(spc):
    df = spc("pistonrings.csv")
    sg = make_subgroups(df["diameter"], subgroup=df["sample"])
    ids = np.asarray(sg.ids)
    return sg.select(ids <= 25), sg.select(ids > 25)


def test_pistonrings_ewma(piston):
    """[V25, REF, V18] EWMA λ = 0.2 limits; [FIG c23-2] 35, 37–40 outside at 2.7 sigma."""
    phase1, phase2 = piston
    res = EWMAChart().fit(phase1).result_
    r7(res.lcl[0], 73.99855)
    r7(res.ucl[0], 74.00380)
    r7(res.lcl[1], 73.99781)
    r7(res.ucl[1], 74.00454)
    r7(res.lcl[24], 73.99680)
    r7(res.ucl[24], 74.00555)
    res = EWMAChart(nsigmas=2.7).fit(phase1, newdata=phase2).result_
    r7(res.lcl[0], 73.99881)
    r7(res.ucl[0], 74.00354)
    r7(res.lcl[1], 73.99815)
    r7(res.ucl[1], 74.00420)
    r7(res.lcl[39], 73.99724)
    r7(res.ucl[39], 74.00511)
    assert res.violations == (35, 37, 38, 39, 40)
    json.dumps(res.to_dict())
    json.dumps(res.figure())


def test_pistonrings_cusum(piston):
    """[FIG c22-1] phase I, h = 4: no signal; [FIG c22-2] defaults: upper 37–40 only."""
    phase1, phase2 = piston
    res = CUSUMChart(decision_interval=4).fit(phase1).result_
    assert res.beyond_boundaries == ()
    res = CUSUMChart().fit(phase1, newdata=phase2).result_
    r7(res.center, 74.00118)
    r7(res.sigma, 0.009785039)
    assert res.upper_signals == (37, 38, 39, 40)
    assert res.lower_signals == ()
    json.dumps(res.figure())


def test_viscosity_ewma_and_cusum(spc):
    """[V25, REF] EWMA 2.7 sigma limits, [FIG c24-1] only 35 outside;
    [REF cusum.html, FIG cusum-3.png] CUSUM upper signals at batches 30–35."""
    df = spc("viscosity.csv")
    t = df["trial"].astype(bool).to_numpy()
    x = df["viscosity"]
    res = EWMAChart(nsigmas=2.7).fit(x[t], newdata=x[~t]).result_
    r7(res.lcl[0], 33.81387)
    r7(res.ucl[0], 34.36213)
    r7(res.lcl[1], 33.73694)
    r7(res.ucl[1], 34.43906)
    r7(res.lcl[34], 33.63111)
    r7(res.ucl[34], 34.54489)
    assert res.violations == (35,)
    res = CUSUMChart().fit(x[t], newdata=x[~t], ids=df["batch"][t], new_ids=df["batch"][~t])
    out = res.result_
    r7(out.center, 34.088)
    r7(out.sigma, 0.5076521)
    assert out.beyond_boundaries == (30, 31, 32, 33, 34, 35)
    assert out.lower_signals == ()


def test_viscosity15_ewma(spc):
    """[V18] λ = 0.2, 2.7 sigma: limits at points 1, 2, 15."""
    x = spc("viscosity15.csv")["viscosity"]
    res = EWMAChart(nsigmas=2.7).fit(x).result_
    r7(res.lcl[0], 33.29320)
    r7(res.ucl[0], 33.75346)
    r7(res.lcl[1], 33.22862)
    r7(res.ucl[1], 33.81804)
    r7(res.lcl[14], 33.14002)
    r7(res.ucl[14], 33.90664)


def test_cusum_vectors():
    """[T test-cusum.R] sums, strict signals, phase II with newsizes."""
    res = (
        CUSUMChart(decision_interval=1, center=0, sigma=1)
        .fit([1.5, 0.5, 0.6, -1.5, -0.5, -0.8])
        .result_
    )
    np.testing.assert_allclose(res.upper, [1.0, 1.0, 1.1, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(res.lower, [0, 0, 0, -1.0, -1.0, -1.3], atol=1e-12)
    assert res.upper_signals == (3,)  # 1.0 is not > 1
    assert res.lower_signals == (6,)
    res = (
        CUSUMChart(decision_interval=10, center=10, sigma=2)
        .fit(
            [[10, 10, 10], [10, 10, 10]],
            newdata=[[14, 14, np.nan], [16, 16, 16]],
            newsizes=[2, 3],
        )
        .result_
    )
    np.testing.assert_allclose(
        res.upper, [0, 0, 2.32842712474619, 7.02457954745282], rtol=1e-13, atol=1e-13
    )
    assert res.phase == ("I", "I", "II", "II")
    with pytest.raises(InputError):
        CUSUMChart(head_start=5).fit([1.0, 2.0, 3.0])


def test_cusum_head_start():
    """Fast initial response: both sums start at head_start (qcc cusum)."""
    res = CUSUMChart(center=0, sigma=1, head_start=2.5).fit([0.0, 0.0, 0.0]).result_
    np.testing.assert_allclose(res.upper, [2.0, 1.5, 1.0])
    np.testing.assert_allclose(res.lower, [-2.0, -1.5, -1.0])


def test_ewma_vectors():
    """[T test-ewma.R] EWMA values, sigmas, limits; smoothing order; λ = 1."""
    res = EWMAChart(lam=0.5, nsigmas=2, center=10, sigma=2).fit([11, 13, 12]).result_
    np.testing.assert_allclose(res.ewma, [10.5, 11.75, 11.875], rtol=1e-14)
    np.testing.assert_allclose(res.point_sigma, [1, np.sqrt(1.25), np.sqrt(1.3125)], rtol=1e-14)
    np.testing.assert_allclose(res.lcl, 10 - 2 * res.point_sigma, rtol=1e-14)
    np.testing.assert_allclose(res.ucl, 10 + 2 * res.point_sigma, rtol=1e-14)
    x, y = ewma_smooth([3, 1, 2], [30, 10, 20], lam=0.5, start=0)
    assert x.tolist() == [1, 2, 3]
    np.testing.assert_allclose(y, [5, 12.5, 21.25], rtol=1e-14)
    res = EWMAChart(lam=1, nsigmas=2, center=0, sigma=1).fit([0, 0], newdata=[0, 5]).result_
    np.testing.assert_allclose(res.ewma, [0, 0, 0, 5])
    assert res.violations == (4,)


def test_montgomery_tabular_cusum(spc):
    """[PI] Montgomery Table 9.1: C+ to 2 decimals, signal at 29, N+ = 7, new mean 11.25."""
    x = spc("montgomery_table9_1.csv")["x"]
    res = tabular_cusum(x, target=10, sigma=1, k=0.5, h=5)
    expected = [0.00, 0.00, 0.00, 1.16, 2.82, 2.50, 0.04, 1.00, 0.00, 0.00, 0.00, 0.97, 0.98,
                0.00, 0.00, 0.00, 0.12, 0.00, 0.00, 0.34, 0.74, 0.00, 1.79, 2.79, 2.89, 3.47,
                3.35, 4.47, 5.28]  # fmt: skip
    np.testing.assert_allclose(np.round(res.upper[:29], 2), expected, atol=1e-9)
    assert res.first_signal == 29
    assert res.upper[29] == pytest.approx(5.30, abs=0.005)  # no reset
    assert res.n_upper[28] == 7  # run started at period 23
    assert res.shifted_mean(29) == pytest.approx(11.25, abs=0.005)
    with_reset = tabular_cusum(x, target=10, sigma=1, k=0.5, h=5, reset=True)
    assert with_reset.first_signal == 29 and with_reset.upper[29] < res.upper[29]


def test_cusum_arl_table():
    """[PI, Montgomery Table 9.3] k = 0.5: h = 5 → ARL 465 in control, 10.4 at 1σ;
    h = 4 → 8.38 at 1σ (integral equation)."""
    assert round(cusum_arl(0.0, k=0.5, h=5).arl) == 465
    assert round(cusum_arl(1.0, k=0.5, h=5).arl, 1) == 10.4
    assert round(cusum_arl(1.0, k=0.5, h=4).arl, 2) == 8.38
    # Siegmund's approximation is close but coarser
    approx = cusum_arl(0.0, k=0.5, h=5, method="siegmund").arl
    assert abs(approx - 465) / 465 < 0.02
    # a head start shortens the ARL after a shift
    assert cusum_arl(1.0, h=5, head_start=2.5).arl < cusum_arl(1.0, h=5).arl


def test_nist_ewma(spc):
    """[NIST*] λ = 0.3, EWMA_0 = 50, s = 2.0539, k = 3, steady-state limits."""
    x = spc("nist_ewma_example.csv")["x"]
    res = EWMAChart(lam=0.3, center=50, sigma=2.0539, steady_state=True).fit(x).result_
    expected = [50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33, 50.11,
                49.36, 49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99]  # fmt: skip
    assert res.center == 50.0  # EWMA_0
    np.testing.assert_allclose(np.round(res.ewma, 2), expected, atol=1e-9)
    assert round(res.ucl[0], 4) == 52.5884
    # NIST prints 47.4115 (truncated); the exact value 47.41157 differs by < 1e-4
    assert abs(res.lcl[0] - 47.4115) < 1e-4
    assert res.violations == ()
