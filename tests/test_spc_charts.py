"""Shewhart charts against R qcc's published numbers.

Every expected value is from tests/reference/spc/EXPECTED.md; the source key of each is in
the test's docstring or comment:
V25/V18 = qcc vignettes (qcc 3.0 / 2.x print formats), REF = qcc help-page examples,
FIG = statistics panels and highlighted points of qcc's rendered figures,
T = qcc's testthat suite, MIS = gedeck/mistat tests asserted against R qcc.
Printed values have 7 significant digits (R), compared at relative 5e-7.
"""

import json

import numpy as np
import pandas as pd
import pytest

from totalquality._errors import (
    InputError,
    InsufficientDataError,
    NotFittedError,
    SmallSampleWarning,
    UnstableProcessWarning,
)
from totalquality.build_quality_in._charts import (
    CChart,
    ControlLimits,
    IndividualsChart,
    NPChart,
    PChart,
    RChart,
    SChart,
    UChart,
    XbarChart,
    XbarRChart,
    XbarSChart,
)
from totalquality.build_quality_in._subgroups import make_subgroups

pytestmark = pytest.mark.filterwarnings("ignore::totalquality._errors.TotalQualityWarning")


def r7(value, printed):
    """Equal to R's 7-significant-digit print."""
    assert float(value) == pytest.approx(printed, rel=5e-7, abs=1e-15)


def summary(values):
    """R summary(): min, Q1, median, mean, Q3, max (quantile type 7 = numpy linear)."""
    v = np.asarray(values, dtype=float)
    q = np.percentile(v, [0, 25, 50, 75, 100])
    return [q[0], q[1], q[2], v.mean(), q[3], q[4]]


def assert_summary(values, printed, rel=5e-7):
    for got, want in zip(summary(values), printed, strict=True):
        assert got == pytest.approx(want, rel=rel, abs=1e-12)


@pytest.fixture(scope="module")
def spc(reference_dir):
    def read(name):
        return pd.read_csv(reference_dir / "spc" / name)

    return read


def _piston(spc, name="pistonrings.csv"):
    df = spc(name)
    sg = make_subgroups(df["diameter"], subgroup=df["sample"])
    ids = np.asarray(sg.ids)
    return sg.select(ids <= 25), sg.select(ids > 25)


# ------------------------------------------------------------------------------------
# pistonrings
# ------------------------------------------------------------------------------------
def test_pistonrings_xbar_r_s(spc):
    """[V25, REF, MIS] xbar/R/S phase I on samples 1–25."""
    phase1, _ = _piston(spc)
    res = XbarRChart().fit(phase1).result_
    xbar, rng = res.location, res.dispersion
    r7(xbar.center, 74.00118)
    r7(xbar.sigma, 0.009785039)
    r7(xbar.lcl[0], 73.98805)
    r7(xbar.ucl[0], 74.0143)
    assert xbar.beyond_limits == ()  # [MIS] nsigmas = 3: none
    assert xbar.sigma_method == "UWAVE-R"
    r7(rng.center, 0.02276)
    r7(rng.sigma, 0.009785039)
    assert rng.lcl[0] == 0.0
    r7(rng.ucl[0], 0.04812533)
    s = XbarSChart().fit(phase1).result_.dispersion
    r7(s.center, 0.009240037)
    r7(s.sigma, 0.009829977)
    assert s.lcl[0] == 0.0
    r7(s.ucl[0], 0.01930242)
    assert s.ucl[0] == pytest.approx(0.019302416, rel=5e-8)  # [MIS] 8 digits
    # standalone charts agree with the paired ones
    r7(RChart().fit(phase1).result_.ucl[0], 0.04812533)
    r7(SChart().fit(phase1).result_.ucl[0], 0.01930242)


def test_pistonrings_xbar_two_sigma(spc):
    """[MIS] nsigmas = 2: limits 73.99242 / 74.00993; sample 1 above, 14 below."""
    phase1, _ = _piston(spc)
    res = XbarChart(nsigmas=2).fit(phase1).result_
    r7(res.lcl[0], 73.99242)
    r7(res.ucl[0], 74.00993)
    assert res.beyond_limits == (1, 14)
    assert res.statistics[0] > res.ucl[0] and res.statistics[13] < res.lcl[13]


def test_pistonrings_group_summaries(spc):
    """[V18] summaries of xbar, R, S in phase I and phase II."""
    phase1, phase2 = _piston(spc)
    assert_summary(phase1.means(), [73.99020, 73.99820, 74.00080, 74.00118, 74.00420, 74.01020])
    assert_summary(phase2.means(), [73.99220, 74.00290, 74.00720, 74.00765, 74.01270, 74.02340])
    assert_summary(phase1.ranges(), [0.00800, 0.01800, 0.02100, 0.02276, 0.02600, 0.03900])
    assert_summary(
        phase2.ranges(), [0.01400000, 0.01900000, 0.02500000, 0.02453333, 0.02750000, 0.04400000]
    )
    assert_summary(
        phase1.stds(),
        [0.002863564, 0.007314369, 0.008467585, 0.009240037, 0.011928956, 0.016177144],
    )
    assert_summary(
        phase2.stds(),
        [0.005310367, 0.007367603, 0.010329569, 0.009761757, 0.011232319, 0.016546903],
    )


def test_pistonrings_phase2_rules(spc):
    """[FIG c2-1] default rules: beyond = 37, 38, 39; [FIG c3-1] rules 1–4: + 35, 40 (WE2)."""
    phase1, phase2 = _piston(spc)
    res = XbarChart().fit(phase1, newdata=phase2).result_
    assert res.rules == ("WE1", "WE4")
    assert res.ids_at(res.beyond_limits) == (37, 38, 39)
    assert res.violating_runs == ()
    assert res.phase[:25] == ("I",) * 25 and res.phase[25:] == ("II",) * 15
    res = XbarChart(rules="western-electric").fit(phase1, newdata=phase2).result_
    assert res.ids_at(res.beyond_limits) == (37, 38, 39)
    assert res.ids_at(res.violating_runs) == (35, 40)
    assert res.point_codes[34] == "WE2" and res.point_codes[39] == "WE2"
    assert all(res.ucl[i] == res.ucl[0] for i in range(40))  # phase I limits throughout


def test_pistonrings_varsize(spc):
    """[V18, MIS] variable subgroup sizes: per-point limits for xbar, R and S."""
    phase1, phase2 = _piston(spc, "pistonrings_varsize.csv")
    sizes = phase1.sizes
    assert (sizes == 3).sum() == 4 and (sizes == 4).sum() == 4 and (sizes == 5).sum() == 17
    assert np.mean(phase1.ranges()) == pytest.approx(0.02168, rel=5e-7)  # [V18]
    res = XbarRChart().fit(phase1).result_
    xbar, rng = res.location, res.dispersion
    r7(xbar.center, 74.00075)
    r7(xbar.sigma, 0.009856701)
    i5, i3 = int(np.argmax(sizes == 5)), int(np.argmax(sizes == 3))
    r7(xbar.lcl[i5], 73.98753)
    r7(xbar.ucl[i5], 74.01398)
    r7(xbar.lcl[i3], 73.98368)
    r7(xbar.ucl[i3], 74.01782)
    r7(rng.center, 0.02230088)  # size-weighted mean of the ranges
    r7(rng.sigma, 0.009856701)
    assert rng.lcl[i5] == 0.0 and rng.lcl[i3] == 0.0
    r7(rng.ucl[i5], 0.04785198)
    r7(rng.ucl[i3], 0.04857007)
    s = SChart().fit(phase1).result_
    r7(s.center, 0.00938731)
    r7(s.sigma, 0.009930923)
    r7(s.ucl[i5], 0.01955302)
    r7(s.ucl[i3], 0.02318885)
    two = XbarChart(nsigmas=2).fit(phase1).result_  # [MIS]
    r7(two.lcl[i5], 73.99194)
    r7(two.ucl[i5], 74.00957)
    r7(two.lcl[i3], 73.98937)
    r7(two.ucl[i3], 74.01213)
    assert two.beyond_limits == (1, 14)
    assert xbar.beyond_limits == ()
    # [FIG c9-1] phase I + II with rules 1–4
    full = XbarChart(rules="WE").fit(phase1, newdata=phase2).result_
    assert full.ids_at(full.beyond_limits) == (37, 38, 39)
    assert full.ids_at(full.violating_runs) == (35, 40)


# ------------------------------------------------------------------------------------
# attribute charts
# ------------------------------------------------------------------------------------
def _phases(df):
    t = df["trial"].astype(bool).to_numpy()
    return t, ~t


def test_orangejuice_p_and_np(spc):
    """[V25, REF] p and np charts on samples 1–30; [FIG c10-1, MIS] 15 and 23 above UCL."""
    df = spc("orangejuice.csv")
    t, _ = _phases(df)
    res = PChart().fit(df["defectives"][t], df["size"][t], ids=df["sample"][t]).result_
    r7(res.center, 0.2313333)
    r7(res.point_sigma[0], 0.05963526)  # qcc 3.0 std.dev = sqrt(pbar(1 - pbar)/n)
    r7(res.sigma, 0.421685)  # [V18, MIS] qcc 2.x std.dev = sqrt(pbar(1 - pbar))
    r7(res.lcl[0], 0.05242755)
    r7(res.ucl[0], 0.4102391)
    assert res.ids_at(res.beyond_limits) == (15, 23)
    assert all(res.statistics[p - 1] > res.ucl[p - 1] for p in res.beyond_limits)
    assert_summary(res.statistics, [0.08, 0.16, 0.21, 0.2313333, 0.295, 0.48])  # [V18]
    np_res = NPChart().fit(df["defectives"][t], df["size"][t]).result_
    r7(np_res.center, 11.56667)
    r7(np_res.sigma, 2.981763)
    r7(np_res.lcl[0], 2.621377)
    r7(np_res.ucl[0], 20.51196)


def test_orangejuice_revised(spc):
    """[V25, V18, MIS] without 15 and 23; [FIG c11-1] with phase II samples 31–54."""
    df = spc("orangejuice.csv")
    t, new = _phases(df)
    chart = PChart(exclude=(15, 23))
    res = chart.fit(df["defectives"][t], df["size"][t], ids=df["sample"][t]).result_
    r7(res.center, 0.215)
    r7(res.point_sigma[0], 0.05809905)
    r7(res.sigma, 0.4108223)  # qcc 2.x print
    r7(res.lcl[0], 0.04070284)
    r7(res.ucl[0], 0.3892972)
    assert res.excluded == (15, 23)
    assert len(res.statistics) == 28
    assert res.ids_at(res.beyond_limits) == (21,)  # [MIS; FIG c11-1 position 20]
    assert res.beyond_limits == (20,)
    assert_summary(res.statistics, [0.080, 0.155, 0.200, 0.215, 0.265, 0.400])  # [V18]
    full = chart.fit(
        df["defectives"][t], df["size"][t], df["defectives"][new], df["size"][new],
        ids=df["sample"][t], new_ids=df["sample"][new],
    ).result_  # fmt: skip
    assert full.beyond_limits == (20, 39)
    assert full.ids_at(full.beyond_limits) == (21, 41)
    assert full.violating_runs == tuple(range(40, 53))
    assert full.ids_at(full.violating_runs) == tuple(range(42, 55))
    assert {full.point_codes[p - 1] for p in full.violating_runs} == {"WE4"}
    phase2 = full.statistics[np.asarray(full.phase) == "II"]
    assert_summary(phase2, [0.04, 0.08, 0.11, 0.1108333, 0.12, 0.24])  # [V18]


def test_orangejuice_auto_exclusion_iterates(spc):
    """Montgomery's iteration: 15 and 23 first, then 21 (above the revised UCL [MIS])."""
    df = spc("orangejuice.csv")
    t, _ = _phases(df)
    res = (
        PChart(auto_exclude=True)
        .fit(df["defectives"][t], df["size"][t], ids=df["sample"][t])
        .result_
    )
    assert res.excluded == (15, 21, 23)
    assert res.iterations == 3
    assert res.beyond_limits == ()
    assert res.limits.excluded == (15, 21, 23)


def test_orangejuice2(spc):
    """[V25, V18, MIS] p chart, phase I samples 31–54; [FIG c12-1] nothing flagged."""
    df = spc("orangejuice2.csv")
    t, new = _phases(df)
    res = PChart().fit(
        df["defectives"][t], df["size"][t], df["defectives"][new], df["size"][new],
        ids=df["sample"][t], new_ids=df["sample"][new],
    ).result_  # fmt: skip
    r7(res.center, 0.1108333)
    r7(res.point_sigma[0], 0.04439579)
    r7(res.sigma, 0.3139256)
    assert res.lcl[0] == 0.0
    r7(res.ucl[0], 0.2440207)
    assert res.beyond_limits == () and res.violating_runs == ()
    phase2 = res.statistics[np.asarray(res.phase) == "II"]
    assert_summary(phase2, [0.020, 0.080, 0.100, 0.109, 0.140, 0.220], rel=5e-4)  # [V18] 3 dp


def test_circuit_c_and_u(spc):
    """[V25] c chart; [FIG c13-1] 6 below LCL, 20 above UCL; revised c and u charts."""
    df = spc("circuit.csv")
    t, new = _phases(df)
    x, n, ids = df["nonconformities"], df["size"], df["sample"]
    res = CChart().fit(x[t], ids=ids[t]).result_
    r7(res.center, 19.84615)
    r7(res.sigma, 4.454902)
    r7(res.lcl[0], 6.481447)
    r7(res.ucl[0], 33.21086)
    assert res.ids_at(res.beyond_limits) == (6, 20)
    assert res.statistics[5] < res.lcl[5] and res.statistics[19] > res.ucl[19]
    assert_summary(res.statistics, [5, 16, 19, 19.84615, 24, 39])  # [V18]
    rev = CChart(exclude=(6, 20)).fit(x[t], newdata=x[new], ids=ids[t], new_ids=ids[new])
    res = rev.result_
    r7(res.center, 19.66667)
    r7(res.sigma, 4.434712)
    r7(res.lcl[0], 6.362532)
    r7(res.ucl[0], 32.9708)
    assert res.beyond_limits == ()  # [FIG c14-1]
    assert res.violating_runs == (28,) and res.ids_at((28,)) == (30,)
    phase = np.asarray(res.phase)
    assert_summary(res.statistics[phase == "I"], [10, 16, 19, 19.66667, 24, 31])  # [V18]
    assert_summary(res.statistics[phase == "II"], [9.00, 15.75, 18.50, 18.30, 21.00, 28.00])
    u = UChart(exclude=(6, 20)).fit(x[t], n[t], x[new], n[new], ids=ids[t], new_ids=ids[new])
    res = u.result_
    r7(res.center, 0.1966667)
    r7(res.sigma, 0.4434712)
    r7(res.lcl[0], 0.06362532)
    r7(res.ucl[0], 0.329708)
    # [T test-qcc.R] exactly one violation in total
    assert sum(len(v.positions) for v in res.violations) == 1


def test_pcmanufact_u(spc):
    """[V25, REF] u chart; [V18] summary of u_i."""
    df = spc("pcmanufact.csv")
    res = UChart().fit(df["nonconformities"], df["size"]).result_
    r7(res.center, 1.93)
    r7(res.sigma, 1.389244)
    r7(res.lcl[0], 0.06613305)
    r7(res.ucl[0], 3.793867)
    assert_summary(res.statistics, [1.00, 1.40, 2.00, 1.93, 2.25, 3.20])


def test_dyedcloth_u_varsize(spc):
    """[FIG qcc-30.png] u chart with variable limits, nothing flagged."""
    df = spc("dyedcloth.csv")
    res = UChart().fit(df["nonconformities"], df["size"]).result_
    r7(res.center, 1.423256)
    r7(res.sigma, 1.193003)
    assert len(set(res.ucl.round(12))) > 1  # per-sample limits
    np.testing.assert_allclose(res.ucl, res.center + 3 * np.sqrt(res.center / df["size"]))
    assert res.beyond_limits == () and res.violating_runs == ()


def test_p_varsize_limits(spc):
    """[MIS test_statistics.py] per-sample p limits for sizes 4500–9900."""
    df = spc("p_varsize.csv")
    res = PChart().fit(df["defectives"], df["size"]).result_
    r7(res.center, 0.005343599)
    r7(res.sigma, 0.07290436)
    lcl = [
        0.002885994,
        0.002663582,
        0.002626614,
        0.002083217,
        0.002481608,
        0.002733204,
        0.002699080,
        0.002965721,
        0.002733204,
        0.003145450,
        0.003060875,
        0.002766041,
    ]
    ucl = [
        0.007801205,
        0.008023617,
        0.008060584,
        0.008603981,
        0.008205590,
        0.007953994,
        0.007988118,
        0.007721477,
        0.007953994,
        0.007541748,
        0.007626323,
        0.007921157,
    ]
    for i in range(12):
        r7(res.lcl[i], lcl[i])
        r7(res.ucl[i], ucl[i])


# ------------------------------------------------------------------------------------
# individuals
# ------------------------------------------------------------------------------------
def test_viscosity_individuals(spc):
    """[V25, REF] xbar.one on batches 1–20 (MR and SD); [T] one violation: batch 4."""
    df = spc("viscosity.csv")
    t, new = _phases(df)
    x, ids = df["viscosity"], df["batch"]
    res = IndividualsChart().fit(x[t], ids=ids[t]).result_.location
    r7(res.center, 34.088)
    r7(res.sigma, 0.5076521)
    r7(res.lcl[0], 32.56504)
    r7(res.ucl[0], 35.61096)
    assert sum(len(v.positions) for v in res.violations) == 1
    assert res.ids_at(res.beyond_limits) == (4,) and res.statistics[3] == 35.96
    sd = IndividualsChart(sigma_method="SD").fit(x[t]).result_.location
    r7(sd.sigma, 0.5769854)
    r7(sd.lcl[0], 32.35704)
    r7(sd.ucl[0], 35.81896)
    # without batch 4, with phase II and rules 1–4 [V25, FIG c16-3]
    rev = IndividualsChart(exclude=(4,), rules="WE").fit(
        x[t], newdata=x[new], ids=ids[t], new_ids=ids[new]
    )
    res = rev.result_.location
    r7(res.center, 33.98947)
    r7(res.sigma, 0.4117415)
    r7(res.lcl[0], 32.75425)
    r7(res.ucl[0], 35.2247)
    assert res.beyond_limits == (27,) and res.ids_at((27,)) == (28,)
    assert res.violating_runs == (28, 29, 30, 31, 32, 33, 34)
    codes = dict(zip(res.sample_ids, res.point_codes, strict=True))
    assert [b for b in range(29, 36) if codes[b] == "WE3"] == [29, 30, 31, 33, 34, 35]
    assert codes[32] == "WE4"
    mr = rev.result_.dispersion
    assert np.isnan(mr.statistics[0]) and mr.rules == ("WE1",)
    assert mr.ucl[1] == pytest.approx(mr.center * (1 + 3 * 0.8525033 / 1.128))  # D4 = 3.267


def test_viscosity15_and_antifreeze(spc):
    """[V18, MIS] viscosity15; [REF, MIS] antifreeze limits, confidence level 0.9."""
    v = spc("viscosity15.csv")["viscosity"]
    res = IndividualsChart().fit(v).result_.location
    r7(res.center, 33.52333)
    r7(res.sigma, 0.4261651)
    r7(res.lcl[0], 32.24484)
    r7(res.ucl[0], 34.80183)
    sd = IndividualsChart(sigma_method="SD").fit(v).result_.location
    r7(sd.sigma, 0.3415928)
    r7(sd.lcl[0], 32.49855)
    r7(sd.ucl[0], 34.54811)
    assert_summary(v, [33.000, 33.235, 33.540, 33.52333, 33.780, 34.020])  # [V18]
    x = spc("antifreeze.csv")["water"]
    mr = IndividualsChart().fit(x).result_.location
    r7(mr.center, 2.569706)
    r7(mr.sigma, 0.1794541)
    r7(mr.lcl[0], 2.031344)
    r7(mr.ucl[0], 3.108068)
    assert mr.beyond_limits == ()
    sd = IndividualsChart(sigma_method="SD").fit(x).result_.location
    r7(sd.sigma, 0.2216795)
    r7(sd.lcl[0], 1.904667)
    r7(sd.ucl[0], 3.234744)
    assert sd.beyond_limits == ()
    conf = IndividualsChart(confidence_level=0.9).fit(x).result_.location
    r7(conf.lcl[0], 2.27453)
    r7(conf.ucl[0], 2.864882)


def test_ryan_separate_xbar_charts(spc):
    """[V25, REF] separate xbar charts at confidence ((1 − 0.0027)²)^(1/2)."""
    df = spc("ryan_multivar.csv")
    conf = ((1 - 0.0027) ** 2) ** 0.5
    expected = {
        "X1": (60.375, 14.93443, 37.97352, 82.77648),
        "X2": (18.4875, 7.139388, 7.7785, 29.1965),
    }
    for var, (center, sigma, lcl, ucl) in expected.items():
        res = (
            XbarChart(confidence_level=conf)
            .fit(make_subgroups(df[var], subgroup=df["sample"]))
            .result_
        )
        r7(res.nsigmas, 2.999977)
        r7(res.center, center)
        r7(res.sigma, sigma)
        r7(res.lcl[0], lcl)
        r7(res.ucl[0], ucl)


# ------------------------------------------------------------------------------------
# frozen limits, results, errors
# ------------------------------------------------------------------------------------
def test_frozen_limits_round_trip_and_phase2(spc):
    phase1, phase2 = _piston(spc)
    chart = XbarRChart().fit(phase1, newdata=phase2)
    xbar_limits, r_limits = chart.limits_
    assert isinstance(xbar_limits, ControlLimits)
    stored = json.loads(json.dumps(xbar_limits.to_dict()))
    assert stored["version"] == 1 and stored["locked"] is False
    back = ControlLimits.from_dict(stored)
    assert back == xbar_limits
    locked = back.lock()
    assert locked.locked and locked.version == 1
    newer = locked.revised(center=74.0)
    assert newer.version == 2 and not newer.locked
    # charting new data against the frozen limits: all phase II, same numbers
    later = XbarRChart(limits=(xbar_limits, r_limits)).fit(phase2).result_
    assert set(later.location.phase) == {"II"}
    np.testing.assert_allclose(later.location.ucl, chart.result_.location.ucl[25:])
    assert later.location.ids_at(later.location.beyond_limits) == (37, 38, 39)
    _, ucl = xbar_limits.limits([5, 3])
    r7(ucl[0], 74.0143)
    with pytest.raises(InputError):
        ControlLimits.from_dict({**stored, "colour": "red"})
    with pytest.raises(InputError):
        XbarChart(limits=r_limits).fit(phase2)


def test_result_to_dict_and_figure(spc):
    phase1, phase2 = _piston(spc)
    res = XbarRChart(rules="WE").fit(phase1, newdata=phase2).result_
    d = res.location.to_dict()
    text = json.dumps(d)
    assert d["beyond_limits"] == [37, 38, 39] and d["violating_runs"] == [35, 40]
    assert d["violations"][0]["rule"] == "WE1" and "NaN" not in text
    assert d["limits"]["chart"] == "xbar"
    fig = res.figure()
    json.dumps(fig)
    names = [t.get("name") for t in fig["data"]]
    assert "beyond limits" in names and "run rule" in names
    shapes = fig["layout"].get("shapes", [])
    assert any(s.get("x0") == 25.5 for s in shapes)  # phase boundary
    single = res.location.figure(title="X̄")
    assert single["layout"]["title"]["text"] == "X̄"
    json.dumps(res.to_dict())


def test_warnings_are_recorded(spc):
    df = spc("orangejuice.csv")
    t, _ = _phases(df)
    with pytest.warns(UnstableProcessWarning):
        res = PChart().fit(df["defectives"][t], df["size"][t]).result_
    assert any("beyond the trial limits" in w for w in res.warnings)
    with pytest.warns(SmallSampleWarning):
        res = IndividualsChart().fit([1.0, 2.0, 1.5, 1.7, 1.2]).result_
    assert any("only 5" in w for w in res.warnings)


def test_input_errors():
    with pytest.raises(NotFittedError):
        _ = PChart().result_
    with pytest.raises(InputError, match="sizes"):
        PChart().fit([1, 2, 3])
    with pytest.raises(InputError, match="more defectives"):
        PChart().fit([1, 60], 50)
    with pytest.raises(InputError, match="not in the phase I"):
        CChart(exclude=(99,)).fit([3, 4, 5])
    with pytest.raises(InsufficientDataError):
        CChart(exclude=(1, 2)).fit([3, 4, 5])
    with pytest.raises(InputError, match="at least 2"):
        XbarRChart().fit([[1.0], [2.0], [3.0]])
    with pytest.raises(InputError, match="one sample size"):
        NPChart().fit([1, 2, 3], [10, 20, 10])
    with pytest.raises(InputError, match="missing"):
        IndividualsChart().fit([1.0, np.nan, 2.0])
    with pytest.raises(InputError):
        XbarChart(confidence_level=1.5).fit([[1.0, 2.0], [2.0, 3.0]])
    with pytest.raises(InputError):
        XbarChart().fit([[1.0, 2.0], [2.0, 3.0]], sizes=[2, 2])


def test_probability_limits_attribute_and_r_charts():
    """confidence_level gives quantile limits (qcc: qbinom, qpois, qtukey, qchisq)."""
    from scipy import stats

    res = CChart(confidence_level=0.99).fit([10, 12, 8, 9, 11]).result_
    assert res.lcl[0] == stats.poisson.ppf(0.005, 10) and res.ucl[0] == stats.poisson.isf(0.005, 10)
    res = PChart(confidence_level=0.99).fit([5, 6, 4], 50).result_
    assert res.ucl[0] == stats.binom.isf(0.005, 50, 0.1) / 50
    rng = np.random.default_rng(3)
    data = rng.normal(size=(25, 5))
    res = RChart(confidence_level=0.9973).fit(data).result_
    # qtukey(0.99865, 5, Inf) = 5.4839… (range of 5 normals)
    assert res.ucl[0] / res.sigma == pytest.approx(
        stats.studentized_range.ppf(0.99865, 5, np.inf), rel=1e-6
    )
