"""SPC for every characteristic at once (Ibis on DuckDB), checked against R qcc's published
numbers and, point for point, against the single-chart implementation (_charts/_rules).

References (tests/reference/spc/EXPECTED.md): pistonrings and pistonrings_varsize [V25, V18,
MIS, FIG c3-1/c9-1], capability_test_groups [T test-capability.R], the run-rule test
vectors [T test-rules.R, test-qcc.R].
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from totalquality import InputError, NotFittedError, SmallSampleWarning
from totalquality.build_quality_in._at_scale import (
    ON_LINE_TOLERANCE,
    ControlChartsAtScale,
    parse_rules,
    spc_at_scale,
)
from totalquality.build_quality_in._rules import TOLERANCE

T0 = pd.Timestamp("2026-01-05 06:00")


def _long(matrix: np.ndarray, char: str, *, start: pd.Timestamp = T0, step: str = "1h"):
    """Subgroups (rows of ``matrix``; NaN = missing) as measurement rows."""
    rows = []
    for i, row in enumerate(matrix):
        t = start + i * pd.Timedelta(step)
        for j, v in enumerate(row):
            if not np.isnan(v):
                rows.append((char, t + pd.Timedelta(seconds=j), float(v), f"{char}-{i + 1:04d}"))
    return pd.DataFrame(rows, columns=["characteristic_id", "measured_at", "value", "subgroup"])


def _shuffle(frame: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


@pytest.fixture(scope="module")
def pistonrings(reference_dir):
    df = pd.read_csv(reference_dir / "spc" / "pistonrings.csv")
    return df.pivot(index="sample", columns="obs", values="diameter").to_numpy()


@pytest.fixture(scope="module")
def pistonrings_varsize(reference_dir):
    df = pd.read_csv(reference_dir / "spc" / "pistonrings_varsize.csv")
    return df.pivot(index="sample", columns="obs", values="diameter").to_numpy()


# --------------------------------------------------------------------------- qcc numbers


def test_pistonrings_limits_and_rules_match_qcc(pistonrings):
    """qcc xbar, pistonrings, phase I = samples 1–25 [V25, REF, MIS]; R chart [V25];
    phase II with rules 1–4: 37, 38, 39 beyond, 35 and 40 by 2-of-3 [FIG c3-1]."""
    data = _shuffle(_long(pistonrings, "PR"))
    res = spc_at_scale(data, phase1=25, rules="we")
    row = res.summary.iloc[0]
    assert row["center"] == pytest.approx(74.00118, rel=5e-7)
    assert row["sigma"] == pytest.approx(0.009785039, rel=5e-7)
    assert row["lcl"] == pytest.approx(73.98805, rel=5e-7)
    assert row["ucl"] == pytest.approx(74.0143, rel=5e-7)
    assert row["r_center"] == pytest.approx(0.02276, rel=5e-7)
    assert row["r_ucl"] == pytest.approx(0.04812533, rel=5e-7)
    assert row["r_lcl"] == 0
    assert (row["points"], row["phase1_points"], row["n_modal"]) == (40, 25, 5)
    v = res.violations.set_index("subgroup")
    assert sorted(v.index[v["WE1"] == 1]) == ["PR-0037", "PR-0038", "PR-0039"]
    assert sorted(v.index[v["rule"] == "WE2"]) == ["PR-0035", "PR-0040"]
    assert set(v["phase"]) == {"II"}
    assert row["WE1"] == 3 and row["flagged_points"] == 5 and bool(row["has_violations"])
    # nsigmas = 2, phase I only: sample 1 above UCL and 14 below LCL [MIS]
    phase1_only = data[data["subgroup"] <= "PR-0025"]
    two = spc_at_scale(phase1_only, nsigmas=2, rules="WE1").violations
    assert sorted(two["subgroup"]) == ["PR-0001", "PR-0014"]
    assert two.loc[two["subgroup"] == "PR-0001", "ucl"].iloc[0] == pytest.approx(74.00993, rel=5e-7)
    assert spc_at_scale(phase1_only, rules="WE1").violations.empty  # nsigmas 3: none [MIS]


def test_pistonrings_capability_matches_qcc(pistonrings):
    """qcc process.capability, specs 73.95/74.05, target 74: Cp 1.703, Cpk 1.663,
    Cpm 1.691; 73.99/74.01: Cp 0.3407, Cpk 0.3006 [V18, V25, MIS]."""
    data = _long(pistonrings[:25], "PR")
    for lsl, usl, target, cp, cpk, cpm in (
        (73.95, 74.05, 74.0, 1.703, 1.663, 1.691),
        (73.99, 74.01, 74.0, 0.3407, 0.3006, 0.3382),
        (73.95, 74.05, 74.02, 1.7033, 1.6632, 0.7856),
    ):
        chars = pd.DataFrame(
            {"characteristic_id": ["PR"], "lsl": [lsl], "usl": [usl], "target": [target]}
        )
        row = spc_at_scale(data, chars).summary.iloc[0]
        digits = 3 if cp == 1.703 else 4
        assert round(row["cp"], digits) == cp
        assert round(row["cpk"], digits) == cpk
        assert round(row["cpm"], digits) == cpm
    # 95 % limits, specs 73.95/74.05 [V18]: Cp [1.491, 1.915], Cpk [1.448, 1.878]
    chars = pd.DataFrame({"characteristic_id": ["PR"], "lsl": [73.95], "usl": [74.05]})
    row = spc_at_scale(data, chars).summary.iloc[0]
    assert (round(row["cp_lower"], 3), round(row["cp_upper"], 3)) == (1.491, 1.915)
    assert (round(row["cpk_lower"], 3), round(row["cpk_upper"], 3)) == (1.448, 1.878)
    # observed fraction outside 73.99/74.01: 12% below, 16% above [V25]
    chars = pd.DataFrame({"characteristic_id": ["PR"], "lsl": [73.99], "usl": [74.01]})
    row = spc_at_scale(data, chars).summary.iloc[0]
    assert row["below_lsl"] == 15 and row["above_usl"] == 20  # 12% and 16% of 125
    assert row["ppm_observed"] == pytest.approx((15 + 20) / 125 * 1e6)
    # expected: 13% below, 18% above [V25] (normal model with the within sigma)
    assert row["ppm_expected"] / 1e6 == pytest.approx(0.13 + 0.18, abs=0.01)


def test_capability_pp_matches_qcc(reference_dir):
    """qcc tests/testthat/test-capability.R, 3 subgroups of 4, specs 9.9/10.1, target 10:
    Cp 1.372667, Cpk 1.304033, Cpm 1.344463, Pp 1.612598, Ppk 1.531968 (tolerance 1e-6)."""
    df = pd.read_csv(reference_dir / "spc" / "capability_test_groups.csv")
    mat = df.pivot(index="sample", columns="obs", values="value").to_numpy()
    chars = pd.DataFrame(
        {"characteristic_id": ["G"], "lsl": [9.9], "usl": [10.1], "target": [10.0]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 3 subgroups: the small-sample caveat is expected
        res = spc_at_scale(_long(mat, "G"), chars)
    row = res.summary.iloc[0]
    for name, value in (
        ("cp", 1.372667),
        ("cpl", 1.441300),
        ("cpu", 1.304033),
        ("cpk", 1.304033),
        ("cpm", 1.344463),
        ("pp", 1.612598),
        ("ppl", 1.693228),
        ("ppu", 1.531968),
        ("ppk", 1.531968),
    ):
        assert row[name] == pytest.approx(value, abs=1e-6), name
    # 95 % limits [T test-capability.R]: Cp [0.808460, 1.937713], Cp_k [0.727408, 1.880659]
    assert (row["cp_lower"], row["cp_upper"]) == pytest.approx((0.808460, 1.937713), abs=1e-6)
    assert (row["cpk_lower"], row["cpk_upper"]) == pytest.approx((0.727408, 1.880659), abs=1e-6)
    assert any("fewer than 20 phase I subgroups" in w for w in res.warnings)


def test_varying_subgroup_sizes_match_qcc(pistonrings_varsize):
    """qcc xbar/R with varying n (pistonrings without 12 rows) [V18, MIS]: center 74.00075,
    sigma 0.009856701, limits n=5 73.98753/74.01398, n=3 73.98368/74.01782; R center
    0.02230088, UCL n=5 0.04785198, n=3 0.04857007; phase II rules 1–4: 37, 38, 39 beyond,
    35 and 40 by 2-of-3 [FIG c9-1]."""
    data = _shuffle(_long(pistonrings_varsize, "PV"), seed=3)
    res = spc_at_scale(data, phase1=25, rules="we", chart_points="all")
    row = res.summary.iloc[0]
    assert row["center"] == pytest.approx(74.00075, rel=5e-7)
    assert row["sigma"] == pytest.approx(0.009856701, rel=5e-7)
    assert row["r_center"] == pytest.approx(0.02230088, rel=5e-7)
    pts = res.points.set_index("n")
    n5, n3 = pts.loc[5].iloc[0], pts.loc[3].iloc[0]
    assert (n5["lcl"], n5["ucl"]) == pytest.approx((73.98753, 74.01398), rel=5e-7)
    assert (n3["lcl"], n3["ucl"]) == pytest.approx((73.98368, 74.01782), rel=5e-7)
    assert n5["r_ucl"] == pytest.approx(0.04785198, rel=5e-7)
    assert n3["r_ucl"] == pytest.approx(0.04857007, rel=5e-7)
    v = res.violations.set_index("subgroup")["rule"]
    assert v.to_dict() == {
        "PV-0035": "WE2",
        "PV-0037": "WE1",
        "PV-0038": "WE1",
        "PV-0039": "WE1",
        "PV-0040": "WE2",
    }


# qcc tests/testthat/test-rules.R (center 0, sigma 1, individuals): input → flagged points
RULE_VECTORS = {
    "WE1": ([0, 3.2, -3.5, 2.9], [2, 3]),
    "WE2": ([0, 2.5, 1.0, 2.6, 0], [4]),
    "WE3": ([0, 1.2, 1.3, 0.2, 1.4, 1.5], [6]),
    "WE4": ([-1] * 8 + [1], [8]),
    "N1": ([0, 3.2, -3.4, 3], [2, 3]),
    "N2": ([0.5] * 10 + [-0.5] * 10, [9, 10, 19, 20]),
    "N3": ([1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1], [6, 7, 13, 14]),
    "N4": ([1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 8, 7, 9, 8], [14, 15]),
    "N5": ([0, 2.3, 0.4, 2.2, -2.4, -0.2, -2.5], [4, 7]),
    "N6": ([1.2, 1.3, 0.2, 1.4, 1.5, -1.2, -1.3, -0.1, -1.4, -1.5], [5, 10]),
    "N7": ([0.3] * 16 + [1.2], [15, 16]),
    "N8": ([1.2, -1.3, 1.1, -1.4, 1.5, -1.2, 1.3, -1.1, 0.2], [8]),
}


def test_rule_vectors_from_qcc():
    """Every rule on qcc's test vectors, all at once (one characteristic per vector),
    charted against the known standard center 0, sigma 1."""
    frames, standards = [], []
    for code, (values, _) in RULE_VECTORS.items():
        frames.append(_long(np.asarray(values, dtype=float)[:, None], code))
        standards.append((code, 0.0, 1.0))
    extra = {  # more vectors from the same file
        "N4b": ([0, 1] * 7 + [0], [14, 15]),
        "N8b": ([1.2] * 8, []),
        "WE4b": ([0.5] * 8 + [-0.5], [8]),
    }
    for name, (values, _) in extra.items():
        frames.append(_long(np.asarray(values, dtype=float)[:, None], name))
        standards.append((name, 0.0, 1.0))
    std = pd.DataFrame(standards, columns=["characteristic_id", "center", "sigma"])
    codes = ("WE1", "WE2", "WE3", "WE4", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = spc_at_scale(_shuffle(pd.concat(frames)), standards=std, rules=",".join(codes))
    v = res.violations
    for code, (_, expected) in RULE_VECTORS.items():
        got = v[(v["characteristic_id"] == code) & (v[code] == 1)]["index"] + 1
        assert sorted(got) == expected, code
    for name, code in (("N4b", "N4"), ("N8b", "N8"), ("WE4b", "WE4")):
        got = v[(v["characteristic_id"] == name) & (v[code] == 1)]["index"] + 1
        assert sorted(got) == extra[name][1], name
    # Western Electric rule 4 on the alternating 0/1 series: none [T test-rules.R]
    assert v[(v["characteristic_id"] == "N4b") & (v["WE4"] == 1)].empty


def test_rule_precedence_as_qcc():
    """2.5 ×7, 3.2 with rules 4,3,2,1: NA, NA, 2, 2, 2, 2, 2, 1 [T test-rules.R]."""
    data = _long(np.array([2.5] * 7 + [3.2])[:, None], "P")
    std = pd.DataFrame({"characteristic_id": ["P"], "center": [0.0], "sigma": [1.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = spc_at_scale(data, standards=std, rules="we", chart_points="all")
    assert res.points["rule"].tolist() == [None, None] + ["WE2"] * 5 + ["WE1"]


# --------------------------------------------------------------------------- cross-check


def _workspace(seed: int, chars: int = 12, subgroups: int = 60):
    """Random characteristics with shifts, trends, oscillation, gauge-resolution ties,
    varying n and individuals, rows shuffled."""
    rng = np.random.default_rng(seed)
    frames, specs = [], []
    for c in range(chars):
        cid = f"C{c:02d}"
        n = 1 if c % 6 == 5 else 5
        x = rng.normal(10.0, 1.0, size=(subgroups, n))
        kind = c % 6
        if kind == 1:
            x[35:] += 1.8  # shift
        elif kind == 2:
            x[30:42] += 1.5 * np.arange(12)[:, None]  # trend
        elif kind == 3:
            x[20:40] += np.where(np.arange(20) % 2 == 0, 1.5, -1.5)[:, None]  # oscillation
        elif kind == 4:
            x = np.round(x, 0)  # coarse gauge: many means tie the center line exactly
        if c % 4 == 0 and n > 1:
            x[rng.random(x.shape) < 0.12] = np.nan  # varying subgroup sizes
            x[np.isnan(x).all(axis=1), 0] = 10.0
        frames.append(_long(x, cid))
        specs.append((cid, "S", 6.5, 10.0, 13.5, n))
    data = _shuffle(pd.concat(frames), seed=seed)
    chars_df = pd.DataFrame(
        specs, columns=["characteristic_id", "stage_id", "lsl", "target", "usl", "subgroup_size"]
    )
    return data, chars_df


@pytest.mark.parametrize("phase1", [None, 30])
def test_equals_single_chart_implementation(phase1):
    """For every characteristic: same center, sigma and per-point limits (to 1e-9) and the
    same points flagged by every Nelson rule and the R chart as XbarRChart/IndividualsChart."""
    from totalquality.build_quality_in._charts import IndividualsChart, XbarRChart

    data, chars = _workspace(seed=11 if phase1 is None else 12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = spc_at_scale(data, chars, phase1=phase1, rules="nelson", chart_points="all")
    assert ON_LINE_TOLERANCE == TOLERANCE
    assert res.summary["N3"].sum() and res.summary["N4"].sum() and res.summary["N2"].sum()
    codes = list(parse_rules("nelson"))
    for cid, pts in res.points.groupby("characteristic_id"):
        raw = data[data["characteristic_id"] == cid].sort_values(["measured_at", "value"])
        groups = [g["value"].to_numpy() for _, g in raw.groupby("subgroup", sort=True)]
        width = max(len(g) for g in groups)
        mat = np.full((len(groups), width), np.nan)
        for i, g in enumerate(groups):
            mat[i, : len(g)] = g
        split = len(mat) if phase1 is None else phase1
        pts = pts.sort_values("index")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the single charts warn about unstable phase I
            if width == 1:
                fit = IndividualsChart(rules="nelson").fit(
                    mat[:split, 0], newdata=mat[split:, 0] if split < len(mat) else None
                )
                loc, disp = fit.result_.location, None
            else:
                fit = XbarRChart(rules="nelson", dispersion_rules="WE1").fit(
                    mat[:split], newdata=mat[split:] if split < len(mat) else None
                )
                loc, disp = fit.result_.location, fit.result_.dispersion
        assert pts["center"].iloc[0] == pytest.approx(loc.center, rel=1e-9, abs=1e-12)
        assert pts["sigma"].iloc[0] == pytest.approx(loc.sigma, rel=1e-9)
        np.testing.assert_allclose(pts["lcl"], loc.lcl, rtol=1e-9)
        np.testing.assert_allclose(pts["ucl"], loc.ucl, rtol=1e-9)
        for code in codes:
            mine = np.flatnonzero(pts[code].to_numpy() == 1) + 1
            theirs = next((v.positions for v in loc.violations if v.rule == code), ())
            assert tuple(mine) == tuple(theirs), (cid, code)
        assert [c or None for c in pts["rule"]] == list(loc.point_codes), cid
        if disp is not None:
            np.testing.assert_allclose(pts["r_ucl"], disp.ucl, rtol=1e-9)
            mine = tuple(np.flatnonzero(pts["r_beyond"].to_numpy() == 1) + 1)
            assert mine == disp.beyond_limits, cid


def test_row_order_does_not_matter():
    data, chars = _workspace(seed=5, chars=6, subgroups=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = spc_at_scale(data, chars)
        b = spc_at_scale(_shuffle(data, seed=99), chars)
    cols = ["characteristic_id", "center", "sigma", "flagged_points", "cpk", "pp"]
    pd.testing.assert_frame_equal(a.summary[cols], b.summary[cols], rtol=1e-12)
    pd.testing.assert_frame_equal(
        a.violations.drop(columns=["time"]), b.violations.drop(columns=["time"]), rtol=1e-12
    )


def test_subgroups_starting_at_the_same_time_are_ordered_by_key(pistonrings):
    """Subgroups 36..40 all start at subgroup 36's time: the subgroup id breaks the tie,
    so the chart is the one in sample order whatever order the rows come in."""
    data = _long(pistonrings, "PR")
    same = data.copy()
    late = same["subgroup"] >= "PR-0036"
    start = same.loc[same["subgroup"] == "PR-0036", "measured_at"].min()
    same.loc[late, "measured_at"] = start + pd.to_timedelta(
        same.loc[late].groupby("subgroup").cumcount(), unit="s"
    )
    a = spc_at_scale(data, phase1=25, chart_points="all").points
    for seed in (1, 2):
        b = spc_at_scale(_shuffle(same, seed), phase1=25, chart_points="all").points
        assert b["subgroup"].tolist() == a["subgroup"].tolist()
        assert b["rule"].tolist() == a["rule"].tolist()


def test_mean_on_the_center_line_is_on_neither_side():
    """Gauge-resolution data: subgroup means equal to the center break a one-side run."""
    # center 10 exactly; 8 above, one exactly on the line, 8 above again: no run of 9
    values = [10.5] * 8 + [10.0] + [10.5] * 8
    data = _long(np.array(values)[:, None], "G")
    std = pd.DataFrame({"characteristic_id": ["G"], "center": [10.0], "sigma": [1.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = spc_at_scale(data, standards=std, rules="N2")
        assert res.violations.empty
        # a hair off the line (1e-12 sigma, an engine's summation error) changes nothing
        nudged = _long(np.array([*values[:8], 10.0 + 1e-12, *values[9:]])[:, None], "G")
        assert spc_at_scale(nudged, standards=std, rules="N2").violations.empty
        # clearly above the line: the run of 17 flags points 9..17
        above = _long(np.array([*values[:8], 10.001, *values[9:]])[:, None], "G")
        flagged = spc_at_scale(above, standards=std, rules="N2").violations["index"] + 1
    assert flagged.tolist() == list(range(9, 18))


# --------------------------------------------------------------------------- subgrouping


def test_consecutive_and_column_subgroups_agree(pistonrings):
    """Consecutive groups of subgroup_size in time order give the same chart as the
    subgroup column when the column's subgroups are those groups."""
    data = _shuffle(_long(pistonrings, "PR"))
    chars = pd.DataFrame({"characteristic_id": ["PR"], "subgroup_size": [5]})
    by_col = spc_at_scale(data, chars, subgroups="column", phase1=25).summary.iloc[0]
    by_seq = spc_at_scale(data.drop(columns="subgroup"), chars, phase1=25)
    row = by_seq.summary.iloc[0]
    assert by_seq.options["subgroups"] == "consecutive"
    for col in ("center", "sigma", "lcl", "ucl", "N1", "N5", "flagged_points"):
        assert row[col] == pytest.approx(by_col[col], rel=1e-12), col


def test_time_buckets_and_date_phase(pistonrings):
    data = _long(pistonrings, "PR", start=pd.Timestamp("2026-01-05"), step="6h")  # 4 a day
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        day = spc_at_scale(data, subgroups="time", bucket="day", phase1="2026-01-11")
    assert any(
        issubclass(w.category, SmallSampleWarning) and "fewer than 20 phase I" in str(w.message)
        for w in caught
    )
    row = day.summary.iloc[0]
    assert row["points"] == 10 and row["n_modal"] == 20
    assert row["phase1_points"] == 6  # days 5..10 January start before the 11th
    assert day.options["bucket"] == "day"
    # the day means are the means of 4 consecutive pistonring subgroups
    expected = pistonrings[:24].reshape(6, 20).mean(axis=1)
    n = np.full(6, 20.0)
    assert row["center"] == pytest.approx(float((expected * n).sum() / n.sum()), rel=1e-12)


def test_phase_one_as_a_fraction_and_all_data_performance(pistonrings):
    """phase1=0.625 of 40 subgroups = the first 25 (qcc's phase I); the all-data mean and
    standard deviation pooled from subgroups equal the direct ones."""
    data = _shuffle(_long(pistonrings, "PR"))
    chars = pd.DataFrame({"characteristic_id": ["PR"], "lsl": [73.95], "usl": [74.05]})
    by_share = spc_at_scale(data, chars, phase1=0.625).summary.iloc[0]
    by_count = spc_at_scale(data, chars, phase1=25).summary.iloc[0]
    for col in ("phase1_points", "center", "sigma", "cpk", "pp", "flagged_points"):
        assert by_share[col] == pytest.approx(by_count[col], rel=1e-12), col
    assert by_count["mean_all"] == pytest.approx(pistonrings.mean(), rel=1e-13)
    assert by_count["sd_all"] == pytest.approx(np.std(pistonrings, ddof=1), rel=1e-10)
    expected = min(74.05 - pistonrings.mean(), pistonrings.mean() - 73.95) / (
        3 * np.std(pistonrings, ddof=1)
    )
    assert by_count["ppk_all"] == pytest.approx(expected, rel=1e-10)
    with pytest.raises(InputError, match="fraction"):
        spc_at_scale(data, phase1=1.5)


def test_pooled_overall_sd_equals_direct(pistonrings):
    data = _long(pistonrings[:25], "PR")
    chars = pd.DataFrame({"characteristic_id": ["PR"], "lsl": [73.95], "usl": [74.05]})
    row = spc_at_scale(data, chars).summary.iloc[0]
    assert row["sd_overall"] == pytest.approx(np.std(pistonrings[:25], ddof=1), rel=1e-12)


# --------------------------------------------------------------------------- contract


def test_parse_rules():
    assert parse_rules("nelson") == ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
    assert parse_rules("we") == ("WE1", "WE2", "WE3", "WE4")
    assert parse_rules("1,2,5") == ("N1", "N2", "N5")
    assert parse_rules("WE4,WE1") == ("WE1", "WE4")
    with pytest.raises(InputError, match="rules must be"):
        parse_rules("9")


def test_clear_errors():
    with pytest.raises(InputError, match="measured_at"):
        spc_at_scale(pd.DataFrame({"characteristic_id": ["a"], "value": [1.0]}))
    ok = pd.DataFrame(
        {"characteristic_id": ["a"] * 4, "measured_at": pd.date_range(T0, periods=4), "value": 1.0}
    )
    with pytest.raises(InputError, match="subgroups must be"):
        spc_at_scale(ok, subgroups="weekly")
    with pytest.raises(InputError, match="bucket"):
        spc_at_scale(ok, subgroups="time", bucket="fortnight")
    with pytest.raises(NotFittedError):
        _ = ControlChartsAtScale().result_


def test_result_serialises(pistonrings):
    res = spc_at_scale(_long(pistonrings, "PR"), phase1=25)
    out = res.to_dict()
    assert out["rules"][0] == "N1" and "N8" in out["rule_descriptions"]
    assert out["summary"][0]["characteristic_id"] == "PR"
    assert isinstance(out["violations"][0]["time"], str)
