"""NPS, CSAT and CES with intervals by segment × month on 1 million responses.

Compares :func:`totalquality.measure.grouped_scores` (one Polars group-by plus
vectorised interval arithmetic) with a straightforward pandas implementation
(groupby → apply a function per group that computes the same scores and
intervals), measured in the same run. Target: ≥ 10× faster.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
from scipy import stats

from ._measure import measure_peak, timed

TARGET_RATIO = 10.0


def _data(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = np.datetime64("2025-11-01") + rng.integers(0, 365 * 24 * 3600, n).astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "answered_at": t,
            "segment": rng.choice(["consumer", "business", "education"], n),
            "nps": rng.integers(0, 11, n),
            "csat": rng.integers(1, 6, n),
            "ces": rng.integers(1, 8, n),
        }
    )


def _pandas_baseline(df: pd.DataFrame) -> pd.DataFrame:
    """What an analyst would write: a function per group applied with groupby.apply."""
    z = stats.norm.ppf(0.975)

    def scores(g: pd.DataFrame) -> pd.Series:
        n = len(g)
        d = (g["nps"] <= 6).sum() + 0.75
        p = (g["nps"] >= 9).sum() + 0.75
        na = n + 3
        centre = (p - d) / na
        v = (p + d) / na - centre**2
        se = np.sqrt(v / na)
        top = (g["csat"] >= 4).mean()
        denom = 1 + z**2 / n
        mid = (top + z**2 / (2 * n)) / denom
        half = z * np.sqrt(top * (1 - top) / n + z**2 / (4 * n**2)) / denom
        t = stats.t.ppf(0.975, n - 1)
        csat_se = g["csat"].std() / np.sqrt(n)
        ces_se = g["ces"].std() / np.sqrt(n)
        easy = (g["ces"] >= 5).mean()
        return pd.Series(
            {
                "n": n,
                "nps": ((g["nps"] >= 9).sum() - (g["nps"] <= 6).sum()) / n,
                "nps_ci_low": centre - z * se,
                "nps_ci_high": centre + z * se,
                "csat": top,
                "csat_ci_low": mid - half,
                "csat_ci_high": mid + half,
                "csat_mean": g["csat"].mean(),
                "csat_mean_ci_low": g["csat"].mean() - t * csat_se,
                "csat_mean_ci_high": g["csat"].mean() + t * csat_se,
                "ces": g["ces"].mean(),
                "ces_ci_low": g["ces"].mean() - t * ces_se,
                "ces_ci_high": g["ces"].mean() + t * ces_se,
                "ces_easy": easy,
            }
        )

    month = df["answered_at"].dt.to_period("M").dt.start_time
    return (
        df.assign(period=month)
        .groupby(["segment", "period"])[["nps", "csat", "ces"]]
        .apply(scores)
        .reset_index()
    )


def _floor(df: pd.DataFrame) -> list[np.ndarray]:
    """The least any implementation must do: one code per row for its group and calendar day
    (hashing the segment strings, unless they are already categorical) and one counting pass
    per score (np.bincount of group × answer); months are cheap from the few distinct days."""
    seg = df["segment"]
    codes = (
        seg.cat.codes.to_numpy().astype(np.int64)
        if seg.dtype == "category"
        else pd.factorize(seg)[0]
    )
    day = df["answered_at"].to_numpy().view(np.int64) // 86_400  # datetime64[s] here
    d0 = day.min()
    cell = codes * (day.max() - d0 + 1) + (day - d0)
    return [
        np.bincount(cell * w + df[c].to_numpy()) for c, w in (("nps", 11), ("csat", 6), ("ces", 8))
    ]


def _polars_floor(df: pl.DataFrame) -> pl.DataFrame:
    """The least a group-by engine on 2 threads does here: hash each row's segment and day and
    count the rows per group, no score at all (Polars, from a Polars frame)."""
    return df.lazy().group_by("segment", pl.col("answered_at").dt.date()).len().collect()


def _polars_floor_from_pandas(df: pd.DataFrame) -> pl.DataFrame:
    """The same floor from the pandas frame: the segment strings converted to Polars and the
    timestamps reduced to days on the way in, as grouped_scores does with pandas input."""
    from totalquality.measure._scores import _utc_days

    days = _utc_days(df["answered_at"])
    assert days is not None
    frame = pl.from_pandas(df[["segment"]]).with_columns(days.alias("day"))
    return frame.lazy().group_by("segment", "day").len().collect()


def _ours(df: pd.DataFrame) -> pd.DataFrame:
    from totalquality.measure import grouped_scores

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return grouped_scores(df, "segment", period="month")


def run(quick: bool = False) -> str:
    n = 20_000 if quick else 1_000_000
    df = _data(n)
    # peak memory of each job in this process (the high-water mark is reset before each;
    # it includes the 1M-row frame both read)
    _, mem_ours = measure_peak(lambda: _ours(df))
    _, mem_pd = measure_peak(lambda: _pandas_baseline(df))
    pl_df = pl.from_pandas(df)
    # same numbers first
    a = _ours(df).sort_values(["segment", "period"]).reset_index(drop=True)
    b = _pandas_baseline(df).sort_values(["segment", "period"]).reset_index(drop=True)
    for col in ("nps", "nps_ci_low", "nps_ci_high", "csat_ci_low", "csat_mean_ci_high", "ces"):
        np.testing.assert_allclose(a[col].to_numpy(float), b[col].to_numpy(float), rtol=1e-9)
    repeat = 1 if quick else 7  # best of 7: this 2-core machine is shared and noisy
    t_pd = timed(lambda: _pandas_baseline(df), repeat=repeat)
    t_ours = timed(lambda: _ours(df), repeat=repeat)
    t_ours_pl = timed(lambda: _ours(pl_df), repeat=repeat)  # type: ignore[arg-type]
    t_floor = timed(lambda: _floor(df), repeat=max(repeat, 5))
    t_floor_pl = timed(lambda: _polars_floor(pl_df), repeat=max(repeat, 5))
    t_floor_pl_pd = timed(lambda: _polars_floor_from_pandas(df), repeat=max(repeat, 5))
    cat = df.assign(segment=df["segment"].astype("category"))
    t_floor_cat = timed(lambda: _floor(cat), repeat=max(repeat, 5))
    t_pd_cat = timed(lambda: _pandas_baseline(cat), repeat=repeat)
    ratio = t_pd / t_ours
    groups = len(a)
    lines = [
        f"## Satisfaction scores with intervals ({n:,} responses, segment × month = {groups} groups)",
        "",
        "| implementation | seconds | responses/s | peak RSS |",
        "|---|---|---|---|",
        f"| pandas groupby.apply (baseline) | {t_pd:.3f} | {n / t_pd:,.0f} | {mem_pd / 2**20:.0f} MiB |",
        f"| grouped_scores (pandas in) | {t_ours:.3f} | {n / t_ours:,.0f} | {mem_ours / 2**20:.0f} MiB |",
        f"| grouped_scores (polars in) | {t_ours_pl:.3f} | {n / t_ours_pl:,.0f} | – |",
        f"| floor (one thread): group × day codes + one bincount per score, no intervals | {t_floor:.3f} | "
        f"{n / t_floor:,.0f} | – |",
        f"| floor, segment already categorical | {t_floor_cat:.3f} | {n / t_floor_cat:,.0f} | – |",
        f"| floor (Polars, 2 threads, polars in): group by segment × day and count, no scores | "
        f"{t_floor_pl:.3f} | {n / t_floor_pl:,.0f} | – |",
        f"| the same floor from pandas in (segment strings converted, days on the way in) | "
        f"{t_floor_pl_pd:.3f} | {n / t_floor_pl_pd:,.0f} | – |",
        f"| pandas baseline, segment already categorical | {t_pd_cat:.3f} | {n / t_pd_cat:,.0f} | – |",
        "",
        f"Speed-up vs pandas: **{ratio:.1f}×** (polars input {t_pd / t_ours_pl:.1f}×); target ≥ "
        f"{TARGET_RATIO:.0f}×: {'met' if ratio >= TARGET_RATIO else 'NOT met'}. Both compute NPS "
        "(adjusted Wald), CSAT top-2-box (Wilson) and mean (t), CES mean (t) and easy share; "
        "results checked equal before timing.",
        "",
        f"The floors bound what any implementation can reach against this baseline on this "
        f"machine. One thread: pandas / floor = {t_pd / t_floor:.1f}× with string segments and "
        f"{t_pd_cat / t_floor_cat:.1f}× with a categorical segment (no hashing), against the "
        "pandas baseline on the same categorical input. Two threads: Polars only grouping the "
        f"rows by segment × day and counting them takes {t_floor_pl * 1000:.0f} ms, so pandas / "
        f"that floor = {t_pd / t_floor_pl:.1f}× before a single score is aggregated; "
        f"grouped_scores (polars in) is {t_ours_pl / t_floor_pl:.1f}× that floor (the 11 "
        "aggregates of the sufficient statistics and the intervals), grouped_scores (pandas in) "
        f"{t_ours / t_floor_pl:.1f}× (plus converting the segment strings to Polars). From the "
        f"pandas frame that floor alone takes {t_floor_pl_pd * 1000:.0f} ms: pandas / it = "
        f"{t_pd / t_floor_pl_pd:.1f}×, the most a Polars-based implementation reading this pandas "
        f"frame could show against this baseline on this machine. With 36 "
        "groups the baseline's per-group overhead is small: most of its time is the same pass "
        "over the rows that every implementation makes.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(quick=True))
