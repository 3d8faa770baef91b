"""Grouped scores, trends with significance-aware flags, change points, benchmarks.

Each grouped number is checked against the one-group functions (which are checked against
the R NPS package in test_measure_nps.py) and against scipy: Wilson intervals
(statsmodels ``proportion_confint(method="wilson")``), t intervals (scipy), BH
(scipy ``false_discovery_control``), WLS slope (statsmodels WLS with known variances).
"""

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from totalquality import InputError, InsufficientDataError, SmallSampleWarning
from totalquality.measure import (
    ces,
    change_points,
    compare_groups_with_value,
    compare_scores,
    csat,
    grouped_scores,
    nps,
    score_trend,
)


def _survey(seed=0, n=9000, decline=0.3):
    rng = np.random.default_rng(seed)
    t = pd.Timestamp("2025-11-01") + pd.to_timedelta(rng.integers(0, 365 * 24, n), unit="h")
    seg = rng.choice(["consumer", "business", "education"], n)
    bad = (seg == "business") & (t >= pd.Timestamp("2026-08-01"))
    u = rng.random(n)
    p_pro = np.where(bad, 0.5 - decline / 2, 0.5)
    p_det = np.where(bad, 0.2 + decline / 2, 0.2)
    score = np.where(u < p_pro, 10, np.where(u < p_pro + p_det, 4, 8))
    return pd.DataFrame(
        {
            "answered_at": t,
            "segment": seg,
            "country": rng.choice(["EE", "PL", "LV"], n),
            "nps": score,
            "csat": rng.integers(1, 6, n),
            "ces": rng.integers(1, 8, n),
        }
    )


@pytest.fixture(scope="module")
def survey():
    return _survey()


def test_grouped_equals_per_group(survey):
    g = grouped_scores(survey, ["segment", "country"]).set_index(["segment", "country"])
    for (seg, cty), sub in survey.groupby(["segment", "country"]):
        row = g.loc[(seg, cty)]
        e = nps(sub["nps"])
        assert row["nps"] == pytest.approx(e.estimate)
        assert row["nps_ci_low"] == pytest.approx(e.ci_low)
        assert row["nps_ci_high"] == pytest.approx(e.ci_high)
        c = csat(sub["csat"])
        assert row["csat"] == pytest.approx(c["share"].estimate)
        lo, hi = proportion_confint((sub["csat"] >= 4).sum(), len(sub), method="wilson")
        assert (row["csat_ci_low"], row["csat_ci_high"]) == pytest.approx((lo, hi))
        assert row["csat_mean"] == pytest.approx(sub["csat"].mean())
        ci = stats.ttest_1samp(sub["csat"], 0).confidence_interval(0.95)
        assert (row["csat_mean_ci_low"], row["csat_mean_ci_high"]) == pytest.approx(
            (ci.low, ci.high)
        )
        x = ces(sub["ces"])
        assert row["ces"] == pytest.approx(x["mean"].estimate)
        assert row["ces_ci_low"] == pytest.approx(x["mean"].ci_low)
        assert row["ces_easy"] == pytest.approx((sub["ces"] >= 5).mean())
        assert row["ces_easy_ci_high"] == pytest.approx(x["easy"].ci_high)


def test_polars_input_and_periods(survey):
    g = grouped_scores(pl.from_pandas(survey), "segment", period="quarter")
    assert set(g["period"].dt.month) <= {1, 4, 7, 10}
    assert g["nps_n"].sum() == len(survey)
    w = grouped_scores(
        survey.assign(answered_at=survey["answered_at"].astype(str)), None, period="week"
    )
    assert (w["period"].dt.day_of_week == 0).all()  # weeks start on Monday
    m = grouped_scores(survey, None, period="month")
    assert len(m) == 12


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_pandas_timestamps_fall_on_the_same_utc_days_as_in_polars(survey, period):
    """pandas timestamps take a shortcut to their UTC day; it must agree with Polars'."""
    t = survey["answered_at"].astype("datetime64[s]").where(survey.index % 13 != 0)  # NaT
    variants = {
        "naive, seconds, NaT": t,
        "Tallinn time": t.dt.tz_localize("UTC").dt.tz_convert("Europe/Tallinn"),
        "nanoseconds, before 1970": t.astype("datetime64[ns]") - pd.Timedelta(days=20_000),
    }
    for name, col in variants.items():
        frame = survey.assign(answered_at=col)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)  # the first and last days
            a = grouped_scores(frame, "segment", period=period)
            b = grouped_scores(pl.from_pandas(frame), "segment", period=period)
        pd.testing.assert_frame_equal(a, b, obj=name)
        assert a["nps_n"].sum() == col.notna().sum()  # answers without a time left out


def test_small_groups_warn_and_carry_a_field(survey):
    tiny = survey.iloc[:40]
    with pytest.warns(SmallSampleWarning):
        g = grouped_scores(tiny, "segment")
    assert g["warning"].notna().all()
    assert "n < 30" in g["warning"].iloc[0]
    big = grouped_scores(survey, "segment")
    assert big["warning"].isna().all()


def test_trend_flags_the_decline(survey):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        tr = score_trend(survey, "nps", "segment", period="month")
    t = tr.table
    bus = t[t["segment"] == "business"].set_index("period")
    after = bus.loc[bus.index >= pd.Timestamp("2026-08-01")]
    assert (after["flag"] == "significant decline").all()
    others = t[t["segment"] != "business"]
    assert (others["flag"] != "significant decline").all()
    # the step month is flagged against the previous month too
    assert bus.loc[pd.Timestamp("2026-08-01"), "flag_vs_previous"] == "significant decline"
    # BH across all groups and periods
    p = t["p_vs_baseline"].to_numpy()
    ok = ~np.isnan(p)
    assert t["q_vs_baseline"].to_numpy()[ok] == pytest.approx(
        stats.false_discovery_control(p[ok], method="bh")
    )
    slopes = tr.slopes.set_index("segment")
    assert slopes.loc["business", "trend"] == "significant decline"


def test_trend_slope_is_weighted_least_squares(survey):
    import statsmodels.api as sm

    tr = score_trend(survey, "csat", "segment", period="month")
    t = tr.table[tr.table["segment"] == "consumer"].reset_index(drop=True)
    x = np.arange(len(t), dtype=float)
    fit = sm.WLS(t["csat"], sm.add_constant(x), weights=1 / t["csat_se"] ** 2).fit()
    s = tr.slopes.set_index("segment").loc["consumer"]
    assert s["slope_per_period"] == pytest.approx(fit.params.iloc[1])
    # known variances: SE = sqrt((X'WX)^-1), not rescaled by the residual variance
    assert s["slope_se"] == pytest.approx(fit.bse.iloc[1] / np.sqrt(fit.scale))


def test_trailing_baseline(survey):
    tr = score_trend(survey, "nps", None, period="month", baseline="trailing", window=3)
    t = tr.table
    counts = grouped_scores(survey, None, period="month")
    d, pa, p = (counts[c].to_numpy() for c in ("nps_detractors", "nps_passives", "nps_promoters"))
    i = 6
    base = (p[i - 3 : i].sum() - d[i - 3 : i].sum()) / (
        d[i - 3 : i] + pa[i - 3 : i] + p[i - 3 : i]
    ).sum()
    assert t["baseline"].iloc[i] == pytest.approx(base)
    assert np.isnan(t["baseline"].iloc[0])


def test_change_point_finds_the_step(survey):
    cp = change_points(survey, "nps", "segment").set_index("segment")
    assert pd.Timestamp(cp.loc["business", "since"]) == pd.Timestamp("2026-08-01")
    assert cp.loc["business", "direction"] == "significant decline"
    # promoters 0.5 → 0.35 and detractors 0.2 → 0.35: NPS 0.3 → 0.0 from 2026-08
    assert cp.loc["business", "change"] == pytest.approx(-0.3, abs=0.1)
    assert (cp.drop("business")["direction"] == "no significant change").all()


def test_false_alarm_rate_without_a_change():
    """Bonferroni over splits + BH over groups keeps family-wise false alarms near 5 %:
    over 20 surveys without any change, at most 3 may raise an alarm (binomial 95 %)."""
    alarms = 0
    for seed in range(20):
        cp = change_points(_survey(seed=seed, n=3000, decline=0.0), "nps", "segment")
        alarms += bool((cp["direction"] != "no significant change").any())
    assert alarms <= 3


def test_benchmarks():
    e = nps(counts=(20, 30, 50))
    comp = compare_scores(e, target=0.5, benchmark=0.1)
    assert comp["target"].verdict == "below"
    assert comp["benchmark"].verdict == "above"
    assert comp["target"].difference == pytest.approx(0.3 - 0.5)
    assert comp["target"].ci_high == pytest.approx(e.ci_high - 0.5)
    z = (0.3 - 0.5) / e.se
    assert comp["target"].p_value == pytest.approx(2 * stats.norm.sf(abs(z)))
    near = compare_scores(e, benchmark=0.3)["benchmark"]
    assert near.verdict == "not distinguishable"
    g = grouped_scores(_survey(), "segment")
    v = compare_groups_with_value(g, "nps", 0.2).set_index("segment")["verdict"]
    assert set(v) <= {"above", "below", "not distinguishable"}
    with pytest.raises(InputError):
        compare_scores(e)


def test_mistakes(survey):
    with pytest.raises(InputError, match="no such column"):
        grouped_scores(survey, "region")
    with pytest.raises(InputError, match="period"):
        grouped_scores(survey, None, period="fortnight")  # type: ignore[arg-type]
    with pytest.raises(InsufficientDataError), pytest.warns(SmallSampleWarning):
        score_trend(survey.iloc[:5].assign(answered_at=pd.Timestamp("2026-01-01")), "nps")
    with pytest.raises(InputError, match=r"1\.\.5"):
        csat([0, 3])
