"""Process capability (Cp … Ppm) against R qcc's published output.

Sources (keys as in tests/reference/spc/EXPECTED.md):
* V18 — luca-scr/qcc @ 84d182a, rendered vignette (qcc 3.0-dev), pistonrings capability table;
* V25 — luca-scr/qcc @ af35099, rendered vignette "A quick tour of qcc" (qcc 3.0), pistonrings
  capability table and expected/observed percentages out of spec;
* MIS — gedeck/mistat @ 1085b13, ``test_processCapability.py`` (asserted against R qcc 2.x);
* T — luca-scr/qcc @ af35099, ``tests/testthat/test-capability.R`` (capability_test_groups.csv,
  Cp … Ppm with 95 % limits, test tolerance 1e-6).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from totalquality._errors import (
    InputError,
    InsufficientDataError,
    NonNormalWarning,
    UnstableProcessWarning,
)
from totalquality.build_quality_in._capability import ProcessCapability


def _fit(values, groups=None, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ProcessCapability(**params).fit(values, groups).result_


@pytest.fixture(scope="module")
def pistonrings_phase1(reference_dir):
    d = pd.read_csv(reference_dir / "spc" / "pistonrings.csv")
    return d[d["trial"]]


@pytest.fixture(scope="module")
def test_groups(reference_dir):
    return pd.read_csv(reference_dir / "spc" / "capability_test_groups.csv")


def _printed(value: float, expected: float, decimals: int) -> None:
    """``value`` rounds to the printed ``expected`` (half a unit in the last printed digit)."""
    assert abs(value - expected) <= 0.5 * 10.0**-decimals + 1e-12, (value, expected)


# ----------------------------------------------------------------------------- pistonrings
# (lsl, usl, target) → {index: (value, lower, upper)}, printed decimals.
PISTONRINGS = [
    # [V18, V25, MIS] 73.95–74.05, target = midpoint, printed to 3 decimals
    (
        (73.95, 74.05, None),
        3,
        {
            "Cp": (1.703, 1.491, 1.915),
            "Cp_l": (1.743, 1.555, 1.932),
            "Cp_u": (1.663, 1.483, 1.844),
            "Cp_k": (1.663, 1.448, 1.878),
            "Cpm": (1.691, 1.480, 1.902),
        },
    ),
    # [V25, MIS] target 74.02
    (
        (73.95, 74.05, 74.02),
        4,
        {
            "Cp": (1.7033, 1.4914, 1.9148),
            "Cp_l": (1.7433, 1.5548, 1.9319),
            "Cp_u": (1.6632, 1.4827, 1.8437),
            "Cp_k": (1.6632, 1.4481, 1.8783),
            "Cpm": (0.7856, 0.6556, 0.9154),
        },
    ),
    # [V25, MIS] 73.99–74.01
    (
        (73.99, 74.01, None),
        4,
        {
            "Cp": (0.3407, 0.2983, 0.3830),
            "Cp_l": (0.3807, 0.3176, 0.4439),
            "Cp_u": (0.3006, 0.2424, 0.3588),
            "Cp_k": (0.3006, 0.2312, 0.3700),
            "Cpm": (0.3382, 0.2960, 0.3804),
        },
    ),
    # [V25, MIS] 73.99–74.1, target = midpoint 74.045
    (
        (73.99, 74.1, None),
        4,
        {
            "Cp": (1.8736, 1.6406, 2.1063),
            "Cp_l": (0.3807, 0.3176, 0.4439),
            "Cp_u": (3.3665, 3.0115, 3.7215),
            "Cp_k": (0.3807, 0.3055, 0.4559),
            "Cpm": (0.4083, 0.3377, 0.4788),
        },
    ),
]


@pytest.mark.parametrize(("spec", "decimals", "expected"), PISTONRINGS, ids=lambda v: str(v))
def test_pistonrings_capability_indices(pistonrings_phase1, spec, decimals, expected):
    """Cp, Cp_l, Cp_u, Cp_k, Cpm with 95 % limits [V18, V25, MIS]."""
    lsl, usl, target = spec
    res = _fit(
        pistonrings_phase1["diameter"],
        pistonrings_phase1["sample"],
        lsl=lsl,
        usl=usl,
        target=target,
    )
    assert res.n == 125
    for name, (value, lower, upper) in expected.items():
        idx = res[name]
        _printed(idx.value, value, decimals)
        _printed(idx.lower, lower, decimals)
        _printed(idx.upper, upper, decimals)


def test_pistonrings_center_and_sigma(pistonrings_phase1):
    """Center 74.00118 and UWAVE-R sigma 0.009785039 [V25, REF, MIS], relative 5e-7."""
    res = _fit(pistonrings_phase1["diameter"], pistonrings_phase1["sample"], lsl=73.95, usl=74.05)
    assert res.center == pytest.approx(74.00118, rel=5e-7)
    assert res.sigma_within == pytest.approx(0.009785039, rel=5e-7)
    assert res.sigma_method == "uwave-r"
    assert res.target == pytest.approx(74.0)


def test_pistonrings_expected_and_observed_out_of_spec(pistonrings_phase1):
    """Exp/Obs % outside specs [V25]: 0/0; 13/12 and 18/16; 13/12 and 0/0 (2 significant digits)."""
    x, g = pistonrings_phase1["diameter"], pistonrings_phase1["sample"]
    wide = _fit(x, g, lsl=73.95, usl=74.05)
    # qcc prints an expected percentage below 0.01 % as 0
    assert 100 * wide.expected_below < 0.01 and 100 * wide.expected_above < 0.01
    assert wide.observed_below == 0 and wide.observed_above == 0

    narrow = _fit(x, g, lsl=73.99, usl=74.01)
    assert round(100 * narrow.expected_below) == 13
    assert narrow.observed_below == pytest.approx(0.12)  # 15 of 125
    assert round(100 * narrow.expected_above) == 18
    assert narrow.observed_above == pytest.approx(0.16)  # 20 of 125
    assert narrow.observed_total == pytest.approx(0.28)
    assert narrow.observed_ppm == pytest.approx(280_000)
    assert narrow.expected_total == pytest.approx(narrow.expected_below + narrow.expected_above)

    shifted = _fit(x, g, lsl=73.99, usl=74.1)
    assert round(100 * shifted.expected_below) == 13
    assert shifted.observed_below == pytest.approx(0.12)
    assert 100 * shifted.expected_above < 0.01 and shifted.observed_above == 0


def test_pistonrings_expected_fraction_is_normal_tail(pistonrings_phase1):
    res = _fit(pistonrings_phase1["diameter"], pistonrings_phase1["sample"], lsl=73.99, usl=74.01)
    z = (73.99 - res.center) / res.sigma_within
    assert res.expected_below == pytest.approx(stats.norm.cdf(z), rel=1e-12)
    zo = (74.01 - res.center) / res.sigma_overall
    assert res.expected_overall_above == pytest.approx(stats.norm.sf(zo), rel=1e-12)


# ----------------------------------------------------------------------------- qcc test groups
NA = (math.nan, math.nan, math.nan)
_COMMON = {
    "Cp": (1.372667, 0.808460, 1.937713),
    "Cp_l": (1.441300, 0.911657, 1.970943),
    "Cp_u": (1.304033, 0.820114, 1.787953),
    "Cp_k": (1.304033, 0.727408, 1.880659),
    "Pp": (1.612598, 0.949773, 2.276410),
    "Pp_l": (1.693228, 1.078708, 2.307749),
    "Pp_u": (1.531968, 0.971902, 2.092035),
    "Pp_k": (1.531968, 0.864608, 2.199329),
}
TEST_GROUPS = [
    ("target 10 (midpoint)", (9.9, 10.1, None), {
        **_COMMON,
        "Cpm": (1.344463, 0.804207, 1.885321),
        "Ppm": (1.567395, 0.933327, 2.202237),
    }),
    ("target 10.02", (9.9, 10.1, 10.02), {
        **_COMMON,
        "Cpm": (1.167834, 0.650542, 1.686689),
        "Ppm": (1.305161, 0.712493, 1.899988),
    }),
    ("USL only", (None, 10.1, 10.02), {
        "Cp": NA, "Cp_l": NA, "Cp_u": _COMMON["Cp_u"], "Cp_k": (1.304033, 0.727408, 1.880659),
        "Cpm": NA, "Pp": NA, "Pp_l": NA, "Pp_u": _COMMON["Pp_u"],
        "Pp_k": (1.531968, 0.864608, 2.199329), "Ppm": NA,
    }),
    ("LSL only", (9.9, None, 10.02), {
        "Cp": NA, "Cp_l": _COMMON["Cp_l"], "Cp_u": NA, "Cp_k": (1.441300, 0.810191, 2.072409),
        "Cpm": NA, "Pp": NA, "Pp_l": _COMMON["Pp_l"], "Pp_u": NA,
        "Pp_k": (1.693228, 0.960982, 2.425474), "Ppm": NA,
    }),
]  # fmt: skip


@pytest.mark.parametrize(("case", "spec", "expected"), TEST_GROUPS, ids=[c[0] for c in TEST_GROUPS])
def test_capability_test_groups(test_groups, case, spec, expected):
    """All ten indices with 95 % limits [T test-capability.R], tolerance 1e-6; one-sided → NA."""
    lsl, usl, target = spec
    res = _fit(test_groups["value"], test_groups["sample"], lsl=lsl, usl=usl, target=target)
    assert set(res.indices) == set(expected)
    for name, triple in expected.items():
        idx = res[name]
        for got, want in zip((idx.value, idx.lower, idx.upper), triple, strict=True):
            if math.isnan(want):
                assert math.isnan(got), (name, got)
            else:
                assert got == pytest.approx(want, abs=1e-6), (case, name)


def test_two_dimensional_input_equals_labelled_values(test_groups):
    wide = test_groups.pivot(index="sample", columns="obs", values="value").to_numpy()
    a = _fit(wide, lsl=9.9, usl=10.1)
    b = _fit(test_groups["value"], test_groups["sample"], lsl=9.9, usl=10.1)
    assert a.table().equals(b.table())


# ----------------------------------------------------------------------------- sigma estimators
def test_sigma_uwave_sd_matches_s_chart_sigma(pistonrings_phase1):
    """UWAVE-SD sigma 0.009829977 for pistonrings phase I [V25, MIS]."""
    res = _fit(
        pistonrings_phase1["diameter"],
        pistonrings_phase1["sample"],
        lsl=73.95,
        usl=74.05,
        sigma_method="uwave-sd",
    )
    assert res.sigma_within == pytest.approx(0.009829977, rel=5e-7)


def test_individuals_use_moving_range_sigma(reference_dir):
    """xbar.one MR sigma 0.5076521 and SD sigma 0.5769854, viscosity batches 1–20 [V25, REF]."""
    d = pd.read_csv(reference_dir / "spc" / "viscosity.csv")
    x = d[d["trial"]]["viscosity"]
    assert _fit(x, lsl=30, usl=38).sigma_within == pytest.approx(0.5076521, rel=5e-7)
    assert _fit(x, lsl=30, usl=38, sigma_method="sd").sigma_within == pytest.approx(
        0.5769854, rel=5e-7
    )


def test_known_sigma_is_used():
    x = np.array([9.9, 10.0, 10.1, 10.0, 9.95, 10.05])
    res = _fit(x, lsl=9.0, usl=11.0, sigma=0.5)
    assert res.sigma_within == 0.5
    assert res["Cp"].value == pytest.approx(2.0 / 3.0)


# ----------------------------------------------------------------------------- caveats
@pytest.mark.filterwarnings("ignore::totalquality._errors.SmallSampleWarning")
def test_unstable_process_warns_and_records(test_groups):
    x, g = test_groups["value"], test_groups["sample"]
    with pytest.warns(UnstableProcessWarning):
        res = ProcessCapability(lsl=9.9, usl=10.1).fit(x, g, in_control=False).result_
    assert res.in_control is False
    assert any("control" in w for w in res.warnings)
    with pytest.warns(UnstableProcessWarning):
        res = ProcessCapability(lsl=9.9, usl=10.1).fit(x, g, violations=3).result_
    assert res.in_control is False and any("3 control-chart violation" in w for w in res.warnings)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ProcessCapability(lsl=9.9, usl=10.1).fit(x, g, violations=0).result_
    assert res.in_control is True
    assert not [w for w in caught if issubclass(w.category, UnstableProcessWarning)]


def test_non_normal_data_warn():
    x = np.random.default_rng(3).exponential(1.0, 300)
    with pytest.warns(NonNormalWarning):
        res = ProcessCapability(usl=8.0).fit(x).result_
    assert res.normality_test == "Shapiro-Wilk" and res.normality_p < 0.01
    assert any("non-normal" in w for w in res.warnings)


def test_normal_data_do_not_warn():
    x = np.random.default_rng(4).normal(10, 1, 300)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ProcessCapability(lsl=6, usl=14).fit(x).result_
    assert not [w for w in caught if issubclass(w.category, NonNormalWarning)]
    assert res.normality_p > 0.01 and res.warnings == ()


# ----------------------------------------------------------------------------- non-normal methods
def test_boxcox_equals_normal_indices_on_transformed_scale():
    """Box-Cox: data, specs and target transformed with the ML λ (scipy.stats.boxcox)."""
    rng = np.random.default_rng(5)
    x = rng.lognormal(1.0, 0.4, 400)
    groups = np.repeat(np.arange(80), 5)
    res = _fit(x, groups, lsl=0.8, usl=12.0, method="boxcox")
    xt, lam = stats.boxcox(x)
    assert res.boxcox_lambda == pytest.approx(lam)

    def t(v):
        return (v**lam - 1) / lam

    manual = _fit(xt, groups, lsl=t(0.8), usl=t(12.0), target=t((0.8 + 12.0) / 2))
    assert res.table().to_numpy() == pytest.approx(manual.table().to_numpy(), nan_ok=True)
    # observed fractions stay on the original scale
    assert res.observed_below == pytest.approx(np.mean(x < 0.8))
    assert res.method == "boxcox"


def test_boxcox_rejects_non_positive_data():
    with pytest.raises(InputError, match="positive"):
        ProcessCapability(lsl=-1, usl=1, method="boxcox").fit([-0.5, 0.2, 0.3, 0.4])


def test_percentile_indices_match_iso_definition():
    """ISO 22514-2 / Clements: Cp = (USL − LSL)/(P99.865 − P0.135), Cpk from the median."""
    n = 20_000
    x = stats.norm.ppf((np.arange(1, n + 1) - 0.5) / n, loc=50, scale=2)  # ideal normal sample
    res = _fit(x, lsl=40, usl=62, method="percentile", n_boot=50)
    tail = stats.norm.sf(3)  # 0.135 % = Φ(−3)
    lo, med, hi = np.quantile(x, [tail, 0.5, 1 - tail])
    assert res["Cp"].value == pytest.approx(22 / (hi - lo))
    assert res["Cp_l"].value == pytest.approx((med - 40) / (med - lo))
    assert res["Cp_u"].value == pytest.approx((62 - med) / (hi - med))
    assert res["Cp_k"].value == pytest.approx(min(res["Cp_l"].value, res["Cp_u"].value))
    # for normal data the percentile and normal indices agree
    assert res["Cp"].value == pytest.approx(22 / 12, rel=0.01)
    assert res["Cp_k"].value == pytest.approx(10 / 6, rel=0.01)
    assert res["Cp"].lower <= res["Cp"].value <= res["Cp"].upper
    assert math.isnan(res["Cpm"].value)


# ----------------------------------------------------------------------------- user errors
def test_user_errors():
    with pytest.raises(InputError, match="specification limit"):
        ProcessCapability().fit([1.0, 2.0, 3.0])
    with pytest.raises(InputError, match="below the upper"):
        ProcessCapability(lsl=2, usl=1).fit([1.0, 2.0, 3.0])
    with pytest.raises(InputError, match="method"):
        ProcessCapability(lsl=0, usl=1, method="magic").fit([0.2, 0.5])
    with pytest.raises(InsufficientDataError):
        ProcessCapability(lsl=0, usl=1).fit([0.5])
    with pytest.raises(InsufficientDataError, match="no variation"):
        ProcessCapability(lsl=0, usl=1).fit([0.5, 0.5, 0.5])
    with pytest.raises(InputError, match="labels"):
        ProcessCapability(lsl=0, usl=1).fit([0.1, 0.2, 0.3], [1, 1])


def test_result_serialises(test_groups):
    res = _fit(test_groups["value"], test_groups["sample"], lsl=9.9, usl=None)
    d = res.to_dict()
    assert d["indices"]["Cp"]["value"] is None  # NaN → null
    assert d["indices"]["Cp_l"]["value"] == pytest.approx(1.4413)
    assert "observed_ppm" in d and "expected_ppm" in d


def test_capability_finding_and_histogram(pistonrings_phase1):
    import json

    from totalquality._base import to_jsonable
    from totalquality._findings import FINDING_KINDS
    from totalquality.build_quality_in._plots_quality import capability_histogram

    x, g = pistonrings_phase1["diameter"], pistonrings_phase1["sample"]
    poor = _fit(x, g, lsl=73.99, usl=74.01)
    f = poor.finding("C-RING", related={"stage": "S1"})
    assert f is not None and f.kind in FINDING_KINDS
    assert f.significant  # Cp_k upper limit 0.37 < 1.33
    assert f.evidence["value"] == pytest.approx(0.3006, abs=5e-5)
    assert _fit(x, g, lsl=73.95, usl=74.05).finding("C-RING") is None  # Cp_k 1.66

    fig = capability_histogram(x, poor)
    json.dumps(to_jsonable(fig))
    names = [t.get("name") for t in fig["data"]]
    assert "measurements" in names and "normal (within σ)" in names
    lines = {s["x0"] for s in fig["layout"]["shapes"]}
    assert {73.99, 74.01, 74.0} <= lines  # LSL, USL, target
