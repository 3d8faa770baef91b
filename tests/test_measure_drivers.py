"""Key driver analysis: Johnson's relative weights and LMG / Shapley.

Sources (EXPECTED.md section 6): mtcars Johnson weights and R² from the README of
martinctc/rwa (commit e13908a); LMG and Johnson (= relaimpo ``genizi``) for mtcars, swiss
and the bank ECSI block means from R relaimpo 2.2-7 ``calc.relimp`` in
kda_*_expected.csv. Tolerance: 1e-6 (the printed digits), 1e-9 against the CSV files.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from totalquality import InputError, InsufficientDataError, SmallSampleWarning
from totalquality.measure import KeyDriverAnalysis, relative_importance

SAT = "satisfaction"


def _fit(X, y, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return KeyDriverAnalysis(n_boot=0, **kw).fit(X, y).result_


def test_mtcars_against_rwa_readme(reference_dir):
    """rwa README: raw 0.2284797, 0.2221469, 0.2321744, 0.0963886; % 29.32274 …; R² 0.7791896."""
    mt = pd.read_csv(reference_dir / SAT / "kda_mtcars.csv")
    res = _fit(mt[["cyl", "disp", "hp", "gear"]], mt["mpg"])
    assert res.r2 == pytest.approx(0.7791896, abs=1e-7)
    t = res.table.set_index("driver")
    assert t["johnson"].to_numpy() == pytest.approx(
        [0.2284797, 0.2221469, 0.2321744, 0.0963886], abs=1e-7
    )
    assert t["johnson_pct"].to_numpy() == pytest.approx(
        [29.32274, 28.50999, 29.79691, 12.37037], abs=1e-5
    )
    # rwa's signs: −, −, −, +
    assert list(np.sign(t["correlation"])) == [-1, -1, -1, 1]
    assert t["lmg"].to_numpy() == pytest.approx([0.247052, 0.243500, 0.210913, 0.077725], abs=1e-6)
    assert t["lmg_pct"].to_numpy() == pytest.approx(
        [31.706278, 31.250364, 27.068237, 9.975121], abs=1e-6
    )


@pytest.mark.parametrize(
    ("data", "expected", "target"),
    [
        ("kda_mtcars.csv", "kda_mtcars_expected.csv", "mpg"),
        ("kda_swiss.csv", "kda_swiss_expected.csv", "Fertility"),
    ],
)
def test_against_relaimpo(reference_dir, data, expected, target):
    """relaimpo 2.2-7 lmg, genizi (= Johnson), first and last to the CSV's 12+ digits."""
    df = pd.read_csv(reference_dir / SAT / data)
    exp = pd.read_csv(reference_dir / SAT / expected)
    X = df[list(exp["predictor"])]
    res = _fit(X, df[target], methods=("johnson", "lmg", "first", "last"))
    t = res.table.set_index("driver").loc[list(exp["predictor"])]
    assert t["lmg"].to_numpy() == pytest.approx(exp["lmg"].to_numpy(), abs=1e-9)
    assert t["first"].to_numpy() == pytest.approx(exp["first"].to_numpy(), abs=1e-9)
    assert t["last"].to_numpy() == pytest.approx(exp["last"].to_numpy(), abs=1e-9)
    assert t["first_pct"].to_numpy() == pytest.approx(100 * t["first"].to_numpy() / res.r2)
    assert t["johnson"].to_numpy() == pytest.approx(exp["genizi"].to_numpy(), abs=1e-9)
    assert t["johnson"].to_numpy() == pytest.approx(exp["johnson_rw"].to_numpy(), abs=1e-9)
    assert t["lmg"].sum() == pytest.approx(res.r2)
    assert t["johnson"].sum() == pytest.approx(res.r2)


def test_swiss_printed_values(reference_dir):
    """EXPECTED.md 6b: R² 0.706735; LMG and Johnson to 6 decimals."""
    sw = pd.read_csv(reference_dir / SAT / "kda_swiss.csv")
    preds = ["Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality"]
    res = _fit(sw[preds], sw["Fertility"])
    assert res.r2 == pytest.approx(0.706735, abs=5e-7)
    t = res.table.set_index("driver")
    assert t["lmg"].to_numpy() == pytest.approx(
        [0.057091, 0.171173, 0.260135, 0.105570, 0.112766], abs=5e-7
    )
    assert t["johnson"].to_numpy() == pytest.approx(
        [0.048417, 0.154708, 0.271964, 0.114680, 0.116966], abs=5e-7
    )


def test_bank_block_means(reference_dir):
    """EXPECTED.md 6c: SAT ~ IMAG + EXPE + QUAL + VAL on unweighted block means (relaimpo)."""
    bank = pd.read_csv(reference_dir / SAT / "ecsi_satisfaction_bank.csv")
    blocks = {
        b: bank[[c for c in bank.columns if c.rstrip("0123456789") == b.lower()]].mean(axis=1)
        for b in ("IMAG", "EXPE", "QUAL", "VAL", "SAT")
    }
    assert all(len([c for c in bank.columns if c.startswith(b.lower())]) >= 4 for b in blocks)
    X = pd.DataFrame({k: blocks[k] for k in ("IMAG", "EXPE", "QUAL", "VAL")})
    res = _fit(X, blocks["SAT"].rename("SAT"))
    assert res.r2 == pytest.approx(0.683914, abs=5e-7)
    exp = pd.read_csv(reference_dir / SAT / "kda_satisfaction_blockmeans_expected.csv")
    t = res.table.set_index("driver").loc[list(exp["predictor"])]
    for col, ref in (
        ("lmg", "lmg"),
        ("johnson", "johnson_rw"),
        ("lmg_pct", "lmg_pct"),
        ("johnson_pct", "johnson_rw_pct"),
    ):
        assert t[col].to_numpy() == pytest.approx(exp[ref].to_numpy(), abs=1e-9), col
    # OLS coefficients (unstandardised) from the standardised betas
    sd = X.std().to_numpy()
    b = t["beta"].to_numpy() * blocks["SAT"].std() / sd
    assert b == pytest.approx([0.227666, 0.009335, 0.147027, 0.559296], abs=5e-7)
    intercept = blocks["SAT"].mean() - b @ X.mean().to_numpy()
    assert intercept == pytest.approx(0.060477, abs=5e-7)


def test_bootstrap_intervals_are_seedable_and_cover(reference_dir):
    mt = pd.read_csv(reference_dir / SAT / "kda_mtcars.csv")
    X, y = mt[["cyl", "disp", "hp", "gear"]], mt["mpg"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        a = KeyDriverAnalysis(n_boot=300, random_state=7).fit(X, y).result_.table
        b = KeyDriverAnalysis(n_boot=300, random_state=7).fit(X, y).result_.table
    pd.testing.assert_frame_equal(a, b)
    for m in ("johnson", "lmg"):
        assert (a[f"{m}_ci_low"] <= a[m]).all() and (a[m] <= a[f"{m}_ci_high"]).all()
        assert (a[f"{m}_pct_ci_low"] <= a[f"{m}_pct"] + 1e-9).all()
    # the bootstrap agrees with a plain loop over resamples (same resampling scheme)
    rng = np.random.default_rng(11)
    A = pd.concat([X, y], axis=1).to_numpy(float)
    loop = []
    for _ in range(50):
        idx = rng.integers(0, len(A), len(A))
        r = relative_importance(pd.DataFrame(A[idx, :4]), A[idx, 4], methods=("lmg",))
        loop.append(r.table["lmg"].to_numpy())
    assert np.mean(loop, axis=0) == pytest.approx(a["lmg"].to_numpy(), abs=0.05)


def test_mistakes():
    X = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 1, 1, 1]})
    with pytest.raises(InsufficientDataError, match="constant"):
        _fit(X, [1, 2, 3, 5])
    with pytest.raises(InsufficientDataError):
        _fit(X.iloc[:2], [1, 2])
    with pytest.raises(InputError, match="methods"):
        _fit(X, [1, 2, 3, 5], methods=("pratt",))
    rng = np.random.default_rng(1)
    ab = pd.DataFrame({"a": rng.normal(size=50), "b": rng.normal(size=50)})
    with pytest.raises(InputError, match="drivers a, b, a_plus_b are perfectly collinear"):
        _fit(ab.assign(a_plus_b=ab["a"] + ab["b"]), rng.normal(size=50))
    wide = pd.DataFrame(np.random.default_rng(0).normal(size=(100, 16)))
    with pytest.raises(InputError, match="15"):
        _fit(wide, np.arange(100))


def test_mtcars_first_and_last_printed_values(reference_dir):
    """EXPECTED.md 6a: first 0.726180, 0.718343, 0.602437, 0.230673; last 0.008505, … (6 d.p.)."""
    mt = pd.read_csv(reference_dir / SAT / "kda_mtcars.csv")
    res = _fit(mt[["cyl", "disp", "hp", "gear"]], mt["mpg"], methods=("first", "last"))
    t = res.table.set_index("driver")
    assert t["first"].to_numpy() == pytest.approx(
        [0.726180, 0.718343, 0.602437, 0.230673], abs=5e-7
    )
    assert t["last"].to_numpy() == pytest.approx([0.008505, 0.008185, 0.019364, 0.011302], abs=5e-7)
    assert list(t["rank"]) == [1, 2, 3, 4]  # ranked by the first method asked for


def test_bootstrap_intervals_of_first_and_last(reference_dir):
    mt = pd.read_csv(reference_dir / SAT / "kda_mtcars.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        t = (
            KeyDriverAnalysis(methods=("lmg", "first", "last"), n_boot=200, random_state=3)
            .fit(mt[["cyl", "disp", "hp", "gear"]], mt["mpg"])
            .result_.table
        )
    for m in ("first", "last"):
        assert (t[f"{m}_ci_low"] <= t[m]).all() and (t[m] <= t[f"{m}_ci_high"]).all()
        assert (t[f"{m}_ci_low"] >= -1e-12).all()
    # the LMG shares of each replicate still add up to its R²: % intervals straddle the point
    assert (t["lmg_pct_ci_low"] <= t["lmg_pct"] + 1e-9).all()
    assert (t["lmg_pct"] <= t["lmg_pct_ci_high"] + 1e-9).all()


def test_driver_bars_show_which_drivers_go_with_a_lower_score(reference_dir):
    from totalquality.measure._plots_satisfaction import driver_bars_figure

    mt = pd.read_csv(reference_dir / SAT / "kda_mtcars.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        t = KeyDriverAnalysis(n_boot=50, random_state=0).fit(
            mt[["cyl", "disp", "hp", "gear"]], mt["mpg"]
        )
    fig = driver_bars_figure(t.result_.table, "lmg", {"hp": "horsepower"}, "MPG")
    lower, higher = fig["data"]
    assert lower["name"] == "goes with a lower MPG" and set(lower["y"]) == {
        "cyl",
        "disp",
        "horsepower",
    }
    assert higher["y"] == ["gear"] and lower["marker"]["color"] != higher["marker"]["color"]
    assert len(lower["error_x"]["array"]) == 3
    # one order for both colours, the largest share last (on top of a horizontal bar chart)
    assert fig["layout"]["yaxis"]["categoryarray"] == ["gear", "horsepower", "disp", "cyl"]
