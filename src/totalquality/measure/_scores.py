"""Customer scores with honest uncertainty: NPS, CSAT and CES.

NPS follows the R ``NPS`` package (Brendan Rocks): each respondent scores +1
(promoter, 9–10), 0 (passive, 7–8) or −1 (detractor, 0–6); NPS = p − d on the
−1…1 scale (multiply by 100 for points) with per-respondent variance
v = p + d − (p − d)² and standard error sqrt(v / n). Three intervals:

* ``wald`` — NPS ± z·SE;
* ``adjusted_wald`` — add 0.75 detractors, 1.5 passives and 0.75 promoters
  (n + 3) and centre the Wald interval on the adjusted NPS (better coverage in
  small samples and near ±1);
* ``iterative`` — Tango's score interval found by bisection (the R package's
  ``iterative``).

CSAT is reported as the top-2-box share (Wilson interval) and as the mean
(t interval); CES as the mean (t interval) and the share of "easy" answers
(5–7 on the 1–7 scale, Wilson interval).

Grouped scores (per segment, country, product, … and per week, month or
quarter) are one Polars group-by followed by vectorised interval arithmetic —
no Python loop per group. Groups smaller than ``min_n`` carry a per-row
``warning`` and raise a :class:`SmallSampleWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import polars as pl
from scipy import stats

from .._base import Result
from .._errors import InputError, InsufficientDataError, SmallSampleWarning
from .._stats import bh_adjust, wilson_interval

NpsMethod = Literal["wald", "adjusted_wald", "iterative"]
Period = Literal["day", "week", "month", "quarter", "year"]

NPS_METHODS: tuple[str, ...] = ("wald", "adjusted_wald", "iterative")
METRICS: tuple[str, ...] = ("nps", "csat", "csat_mean", "ces", "ces_easy")
SMALL_SAMPLE_N = 30
_PERIOD_EVERY = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}
# Pseudo-observations of the adjusted Wald interval (R NPS package): d, passives, p
_ADJUST = (0.75, 1.5, 0.75)


def _z(level: float) -> float:
    if not 0 < level < 1:
        raise InputError(f"confidence level must be between 0 and 1, got {level}")
    return float(stats.norm.ppf(0.5 + level / 2))


def _numeric(values: Any) -> np.ndarray:
    """Answers as a flat float array; what is not a number becomes NaN."""
    return np.asarray(pd.to_numeric(pd.Series(np.asarray(values).ravel()), errors="coerce"), float)


def _adjusted(d: Any, pa: Any, p: Any) -> tuple[Any, Any, Any]:
    """Counts plus the adjusted Wald pseudo-observations (detractors, passives, promoters)."""
    return d + _ADJUST[0], pa + _ADJUST[1], p + _ADJUST[2]


def _z_p_value(diff: Any, se: Any) -> np.ndarray:
    """Two-sided p-value of the z test diff / se; without spread 1 when diff = 0, else 0."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(se > 0, 2 * stats.norm.sf(np.abs(diff) / se), np.where(diff == 0, 1.0, 0.0))


def _direction(significant: Any, change: Any) -> np.ndarray:
    """Label each change: significant decline, significant improvement or no significant change."""
    return np.where(
        significant & (change < 0),
        "significant decline",
        np.where(significant & (change > 0), "significant improvement", "no significant change"),
    )


def _group_codes(g: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, Any]:
    """Integer code of each row's group and the groups (one group "all" without keys)."""
    if not keys:
        return np.zeros(len(g), dtype=int), pd.Index(["all"])
    codes, uniques = pd.factorize(
        pd.MultiIndex.from_frame(g[keys]) if len(keys) > 1 else g[keys[0]]
    )
    return codes, uniques


def _group_frame(uniques: Any, keys: list[str]) -> pd.DataFrame:
    """One row per group of :func:`_group_codes`, with the key columns (or ``group``)."""
    if not keys:
        return pd.DataFrame({"group": ["all"]})
    return pd.DataFrame([u if isinstance(u, tuple) else (u,) for u in uniques], columns=keys)


# ---------------------------------------------------------------------------------------------
# NPS: counts, variance and intervals (vectorised over groups)
# ---------------------------------------------------------------------------------------------


def nps_counts(
    scores: Sequence[float] | np.ndarray | pd.Series, breaks: tuple[float, float] = (6, 8)
) -> tuple[int, int, int]:
    """(detractors, passives, promoters) of likelihood-to-recommend answers.

    ``breaks`` are the highest detractor and highest passive answer (0–6, 7–8 and
    9–10 by default; the R package's ``breaks = list(0:6, 7:8, 9:10)``). Missing
    answers are ignored.
    """
    x = _numeric(scores)
    x = x[~np.isnan(x)]
    det = int(np.count_nonzero(x <= breaks[0]))
    pas = int(np.count_nonzero((x > breaks[0]) & (x <= breaks[1])))
    return det, pas, int(x.size - det - pas)


def nps_variance(detractors: Any, passives: Any, promoters: Any) -> Any:
    """Per-respondent NPS variance v = p + d − (p − d)² (vectorised; 0 for empty groups)."""
    d = np.asarray(detractors, float)
    pa = np.asarray(passives, float)
    p = np.asarray(promoters, float)
    n = d + pa + p
    with np.errstate(invalid="ignore", divide="ignore"):
        pd_, pp = d / n, p / n
        v = pp + pd_ - (pp - pd_) ** 2
    return np.where(n > 0, v, np.nan) if v.ndim else (float(v) if n > 0 else float("nan"))


def _tango_interval(
    det: np.ndarray, pro: np.ndarray, n: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    """Tango's score interval for p − d, by bisection on all groups at once."""

    def score(delta: np.ndarray) -> np.ndarray:
        pa = 2 * n
        pb = -det - pro + (2 * n - pro + det) * delta
        pc = -det * delta * (1 - delta)
        q21 = (np.sqrt(np.maximum(pb**2 - 4 * pa * pc, 0)) - pb) / (2 * pa)
        return (pro - det - n * delta) / np.sqrt(n * (2 * q21 + delta * (1 - delta)))

    est = (pro - det) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        # upper limit: score falls from 0 at the estimate to −∞ at 1; find score = −z
        lo_b, hi_b = est.copy(), np.ones_like(est)
        for _ in range(60):
            mid = (lo_b + hi_b) / 2
            inside = score(mid) > -z
            lo_b = np.where(inside, mid, lo_b)
            hi_b = np.where(inside, hi_b, mid)
        upper = np.where(pro == n, 1.0, (lo_b + hi_b) / 2)
        lo_b, hi_b = -np.ones_like(est), est.copy()
        for _ in range(60):
            mid = (lo_b + hi_b) / 2
            inside = score(mid) < z
            hi_b = np.where(inside, mid, hi_b)
            lo_b = np.where(inside, lo_b, mid)
        lower = np.where(det == n, -1.0, (lo_b + hi_b) / 2)
    bad = n <= 0
    return np.where(bad, np.nan, lower), np.where(bad, np.nan, upper)


def _nps_arrays(det: Any, pas: Any, pro: Any, method: str, level: float) -> dict[str, np.ndarray]:
    """NPS estimate, SE, interval and p-value (H0: NPS = 0) for arrays of counts."""
    if method not in NPS_METHODS:
        raise InputError(f"unknown NPS interval method {method!r}; use one of {NPS_METHODS}")
    z = _z(level)
    d = np.atleast_1d(np.asarray(det, float))
    pa = np.atleast_1d(np.asarray(pas, float))
    p = np.atleast_1d(np.asarray(pro, float))
    n = d + pa + p
    with np.errstate(invalid="ignore", divide="ignore"):
        est = np.where(n > 0, (p - d) / n, np.nan)
        if method == "iterative":
            lo, hi = _tango_interval(d, p, n, z)
            se = np.full_like(est, np.nan)
            pval = np.full_like(est, np.nan)
        else:
            if method == "adjusted_wald":
                d, pa, p = _adjusted(d, pa, p)
            nn = d + pa + p
            centre = np.where(nn > 0, (p - d) / nn, np.nan)
            se = np.sqrt(nps_variance(d, pa, p) / nn)
            lo, hi = centre - z * se, centre + z * se
            pval = np.where(se > 0, 2 * stats.norm.sf(np.abs(centre) / se), np.nan)
    return {"estimate": est, "se": se, "ci_low": lo, "ci_high": hi, "p_value": pval, "n": n}


@dataclass(frozen=True)
class ScoreEstimate(Result):
    """One score with its uncertainty.

    ``estimate`` is the raw score (NPS on −1…1, shares on 0…1, means on the answer
    scale); ``ci_low``/``ci_high`` the interval of ``method``; ``p_value`` tests
    ``null`` (NaN where the method gives no test).
    """

    metric: str
    estimate: float
    n: int
    se: float
    ci_low: float
    ci_high: float
    level: float
    method: str
    p_value: float = float("nan")
    null: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreDifference(Result):
    """Difference ``x − y`` of two independent scores (two groups or two periods)."""

    metric: str
    estimate_x: float
    estimate_y: float
    difference: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    level: float
    method: str
    n_x: int
    n_y: int
    warnings: tuple[str, ...] = ()

    @property
    def significant(self) -> bool:
        return bool(self.p_value < 1 - self.level)


def _small_sample(metric: str, n: int, min_n: int) -> tuple[str, ...]:
    if n < min_n:
        msg = f"{metric}: only {n} answers (< {min_n}); the interval is unreliable"
        warnings.warn(msg, SmallSampleWarning, stacklevel=3)
        return (msg,)
    return ()


def _counts_from(
    scores: Any, counts: tuple[float, float, float] | None, name: str
) -> tuple[float, float, float]:
    if counts is not None:
        if scores is not None:
            raise InputError(f"give either {name} scores or counts, not both")
        if len(counts) != 3 or min(counts) < 0:
            raise InputError(
                f"{name} counts must be (detractors, passives, promoters) and non-negative"
            )
        return float(counts[0]), float(counts[1]), float(counts[2])
    if scores is None:
        raise InputError(f"no {name} answers given")
    x = _numeric(scores)
    bad = x[~np.isnan(x) & ((x < 0) | (x > 10))]
    if bad.size:
        raise InputError(f"{name}: NPS answers must be 0..10; got {bad[:5].tolist()}")
    return tuple(float(c) for c in nps_counts(x))  # type: ignore[return-value]


def nps(
    scores: Any = None,
    *,
    counts: tuple[float, float, float] | None = None,
    method: NpsMethod = "adjusted_wald",
    level: float = 0.95,
    min_n: int = SMALL_SAMPLE_N,
) -> ScoreEstimate:
    """Net Promoter Score with a confidence interval and a test of NPS = 0.

    Give the 0–10 answers or ``counts=(detractors, passives, promoters)``.
    """
    d, pa, p = _counts_from(scores, counts, "nps")
    n = int(d + pa + p)
    if n == 0:
        raise InsufficientDataError("NPS needs at least one answer")
    r = _nps_arrays(d, pa, p, method, level)
    return ScoreEstimate(
        metric="nps",
        estimate=float(r["estimate"][0]),
        n=n,
        se=float(r["se"][0]),
        ci_low=float(max(r["ci_low"][0], -1.0)),
        ci_high=float(min(r["ci_high"][0], 1.0)),
        level=level,
        method=method,
        p_value=float(r["p_value"][0]),
        counts={"detractors": int(d), "passives": int(pa), "promoters": int(p)},
        warnings=_small_sample("nps", n, min_n),
    )


def _nps_diff_arrays(
    cx: tuple[Any, Any, Any], cy: tuple[Any, Any, Any], method: str, level: float
) -> dict[str, np.ndarray]:
    """Vectorised two-sample NPS difference x − y (Wald or adjusted Wald)."""
    if method not in ("wald", "adjusted_wald"):
        raise InputError("two-sample NPS tests are 'wald' or 'adjusted_wald'")
    z = _z(level)
    dx, pax, px = (np.asarray(c, float) for c in cx)
    dy, pay, py = (np.asarray(c, float) for c in cy)
    if method == "adjusted_wald":
        dx, pax, px = _adjusted(dx, pax, px)
        dy, pay, py = _adjusted(dy, pay, py)
    nx, ny = dx + pax + px, dy + pay + py
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = (px - dx) / nx - (py - dy) / ny
        se = np.sqrt(nps_variance(dx, pax, px) / nx + nps_variance(dy, pay, py) / ny)
    return {
        "difference": diff,
        "se": se,
        "ci_low": diff - z * se,
        "ci_high": diff + z * se,
        "p_value": _z_p_value(diff, se),
    }


def nps_difference(
    x: Any = None,
    y: Any = None,
    *,
    counts_x: tuple[float, float, float] | None = None,
    counts_y: tuple[float, float, float] | None = None,
    method: Literal["wald", "adjusted_wald"] = "adjusted_wald",
    level: float = 0.95,
    min_n: int = SMALL_SAMPLE_N,
) -> ScoreDifference:
    """Two-sample test of NPS(x) − NPS(y) for two groups or two periods (R NPS package)."""
    c1 = _counts_from(x, counts_x, "x")
    c2 = _counts_from(y, counts_y, "y")
    n1, n2 = int(sum(c1)), int(sum(c2))
    if n1 == 0 or n2 == 0:
        raise InsufficientDataError("both samples need at least one NPS answer")
    r = _nps_diff_arrays(c1, c2, method, level)
    warn = _small_sample("nps (x)", n1, min_n) + _small_sample("nps (y)", n2, min_n)
    return ScoreDifference(
        metric="nps",
        estimate_x=(c1[2] - c1[0]) / n1,
        estimate_y=(c2[2] - c2[0]) / n2,
        difference=float(r["difference"]),
        se=float(r["se"]),
        ci_low=float(r["ci_low"]),
        ci_high=float(r["ci_high"]),
        p_value=float(r["p_value"]),
        level=level,
        method=method,
        n_x=n1,
        n_y=n2,
        warnings=warn,
    )


# ---------------------------------------------------------------------------------------------
# CSAT and CES
# ---------------------------------------------------------------------------------------------


def _answers(values: Any, scale: tuple[float, float], name: str) -> np.ndarray:
    x = _numeric(values)
    x = x[~np.isnan(x)]
    bad = x[(x < scale[0]) | (x > scale[1])]
    if bad.size:
        raise InputError(
            f"{name} answers must be within {scale[0]:g}..{scale[1]:g}; got {bad[:5].tolist()}"
        )
    if x.size == 0:
        raise InsufficientDataError(f"{name} needs at least one answer")
    return x


def _share(metric: str, hits: int, n: int, level: float, min_n: int) -> ScoreEstimate:
    lo, hi = wilson_interval(hits, n, level)
    p = hits / n
    return ScoreEstimate(
        metric=metric,
        estimate=p,
        n=n,
        se=float(np.sqrt(p * (1 - p) / n)),
        ci_low=float(lo),
        ci_high=float(hi),
        level=level,
        method="wilson",
        p_value=float("nan"),
        counts={"hits": hits},
        warnings=_small_sample(metric, n, min_n),
    )


def _mean(metric: str, x: np.ndarray, level: float, min_n: int) -> ScoreEstimate:
    n = x.size
    m = float(x.mean())
    se = float(x.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    t = float(stats.t.ppf(0.5 + level / 2, n - 1)) if n > 1 else float("nan")
    return ScoreEstimate(
        metric=metric,
        estimate=m,
        n=n,
        se=se,
        ci_low=m - t * se,
        ci_high=m + t * se,
        level=level,
        method="t",
        warnings=_small_sample(metric, n, min_n),
    )


def csat(
    values: Any,
    *,
    scale: tuple[float, float] = (1, 5),
    top_box: int = 2,
    level: float = 0.95,
    min_n: int = SMALL_SAMPLE_N,
) -> dict[str, ScoreEstimate]:
    """CSAT: ``{"share": top-box share (Wilson), "mean": mean (t interval)}``."""
    x = _answers(values, scale, "csat")
    hits = int(np.count_nonzero(x > scale[1] - top_box))
    return {
        "share": _share("csat", hits, x.size, level, min_n),
        "mean": _mean("csat_mean", x, level, min_n),
    }


def ces(
    values: Any,
    *,
    scale: tuple[float, float] = (1, 7),
    easy_from: float = 5,
    level: float = 0.95,
    min_n: int = SMALL_SAMPLE_N,
) -> dict[str, ScoreEstimate]:
    """CES: ``{"mean": mean effort score (t), "easy": share answering ≥ easy_from (Wilson)}``."""
    x = _answers(values, scale, "ces")
    hits = int(np.count_nonzero(x >= easy_from))
    return {
        "mean": _mean("ces", x, level, min_n),
        "easy": _share("ces_easy", hits, x.size, level, min_n),
    }


# ---------------------------------------------------------------------------------------------
# Grouped scores
# ---------------------------------------------------------------------------------------------


def _to_polars(frame: Any) -> pl.DataFrame:
    if isinstance(frame, pl.DataFrame):
        return frame
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if isinstance(frame, pd.DataFrame):
        return pl.from_pandas(frame)
    raise InputError(f"expected a pandas or polars DataFrame, got {type(frame).__name__}")


def _time_expr(df: pl.DataFrame, column: str) -> pl.Expr:
    dtype = df.schema[column]
    if dtype.is_temporal():
        col = pl.col(column)
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            col = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        return col.cast(pl.Datetime("us"))
    return (
        pl.col(column)
        .cast(pl.String)
        .str.to_datetime(strict=False, time_zone="UTC")
        .dt.replace_time_zone(None)
    )


def _utc_days(col: pd.Series) -> pl.Series | None:
    """The UTC calendar day of pandas timestamps as a Polars Date (None if not datetime64).

    Integer division of the int64 values: 6× cheaper than converting the timestamps
    to Polars and taking their date there.
    """
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        col = col.dt.tz_convert("UTC").dt.tz_localize(None)
    elif col.dtype.kind != "M":
        return None
    values = col.to_numpy()
    unit, _ = np.datetime_data(values.dtype)
    per_day = int(np.array(1, "m8[D]").astype(f"m8[{unit}]").view(np.int64))
    days = pl.Series((values.view(np.int64) // per_day).astype(np.int32)).cast(pl.Date)
    missing = np.isnat(values)
    return days.scatter(np.flatnonzero(missing), None) if missing.any() else days


def grouped_scores(
    frame: Any,
    by: str | Sequence[str] | None = None,
    *,
    period: Period | None = None,
    time_column: str = "answered_at",
    nps_column: str = "nps",
    csat_column: str = "csat",
    ces_column: str = "ces",
    nps_method: NpsMethod = "adjusted_wald",
    csat_scale: tuple[float, float] = (1, 5),
    top_box: int = 2,
    ces_scale: tuple[float, float] = (1, 7),
    easy_from: float = 5,
    level: float = 0.95,
    min_n: int = SMALL_SAMPLE_N,
) -> pd.DataFrame:
    """NPS, CSAT and CES with intervals per group (and per period), in one group-by.

    ``by`` names grouping columns (segment, country, language, product_id, channel,
    …); ``period`` adds a ``period`` column (start of the week/month/quarter) from
    ``time_column``. Score columns absent from ``frame`` are skipped. Each score has
    ``<m>``, ``<m>_se``, ``<m>_ci_low``, ``<m>_ci_high`` and its count ``<m>_n``
    (m = nps, csat, csat_mean, ces, ces_easy) plus the sufficient statistics used by
    :func:`score_trend`. ``warning`` names the scores with fewer than ``min_n``
    answers (a :class:`SmallSampleWarning` is raised once if any).
    """
    keys = [by] if isinstance(by, str) else list(by or [])
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    if not isinstance(frame, pd.DataFrame | pl.DataFrame):
        frame = _to_polars(frame)  # says what it expected
    available = list(frame.columns)
    missing = [k for k in keys if k not in available]
    if missing:
        raise InputError(f"cannot group by {missing}: no such column(s); have {available}")
    days = None
    if isinstance(frame, pd.DataFrame):  # convert only the columns used (responses are wide)
        used = [*keys, time_column, nps_column, csat_column, ces_column]
        frame = frame[[c for c in dict.fromkeys(used) if c in available]]
        if period is not None and time_column in frame.columns:
            days = _utc_days(frame[time_column])
            if days is not None:
                frame = frame.drop(columns=[time_column])
    df = _to_polars(frame)
    if days is not None:
        df = df.with_columns(days.alias(time_column))
    have = {
        "nps": nps_column in df.columns,
        "csat": csat_column in df.columns,
        "ces": ces_column in df.columns,
    }
    if not any(have.values()):
        raise InputError(
            f"no score columns: expected at least one of {nps_column!r}, {csat_column!r}, "
            f"{ces_column!r}"
        )
    # Aggregate the sufficient statistics (counts, sums, sums of squares): they add up,
    # so with a period the data are first reduced per group and calendar day (cheap
    # integer dates) and only those few rows are truncated to week/month/quarter —
    # calendar truncation of every timestamp would cost more than the group-by itself.
    aggs: list[pl.Expr] = []
    if have["nps"]:
        v = pl.col(nps_column)
        aggs += [
            v.count().alias("nps_n"),
            (v <= 6).sum().alias("nps_detractors"),
            (v >= 9).sum().alias("nps_promoters"),
        ]
    if have["csat"]:
        v = pl.col(csat_column)
        aggs += [
            v.count().alias("csat_n"),
            (v > csat_scale[1] - top_box).sum().alias("csat_top"),
            v.sum().cast(pl.Float64).alias("csat_sum"),
            (v.cast(pl.Float64) ** 2).sum().alias("csat_sumsq"),
        ]
    if have["ces"]:
        v = pl.col(ces_column)
        aggs += [
            v.count().alias("ces_n"),
            (v >= easy_from).sum().alias("ces_easy_hits"),
            v.sum().cast(pl.Float64).alias("ces_sum"),
            (v.cast(pl.Float64) ** 2).sum().alias("ces_sumsq"),
        ]
    names = [a.meta.output_name() for a in aggs]
    lf = df.lazy()
    if period is not None:
        if period not in _PERIOD_EVERY:
            raise InputError(f"unknown period {period!r}; use one of {tuple(_PERIOD_EVERY)}")
        if time_column not in df.columns:
            raise InputError(f"the data have no time column {time_column!r} to group by {period}")
        day = (
            pl.col(time_column)
            if df.schema[time_column] == pl.Date
            else _time_expr(df, time_column).dt.date()
        ).alias("_day")
        daily = lf.with_columns(day).group_by([*keys, "_day"]).agg(aggs)
        lf = daily.with_columns(
            pl.col("_day")
            .dt.truncate(_PERIOD_EVERY[period])
            .cast(pl.Datetime("us"))
            .alias("period")
        )
        aggs = [pl.col(c).sum() for c in names]
    group_keys = [*keys, *(["period"] if period is not None else [])]
    if group_keys:
        out = lf.group_by(group_keys).agg(aggs).sort(group_keys, nulls_last=True)
        if period is not None:  # answers without a usable time
            out = out.filter(pl.col("period").is_not_null())
    else:
        out = lf.select(aggs)
    counts = [c for c in names if not c.endswith(("_sum", "_sumsq"))]
    collected = out.with_columns([pl.col(c).cast(pl.Int64) for c in counts]).collect()
    res = collected.to_pandas()
    return _add_intervals(res, nps_method=nps_method, level=level, min_n=min_n)


def _add_intervals(res: pd.DataFrame, *, nps_method: str, level: float, min_n: int) -> pd.DataFrame:
    """Vectorised estimates and intervals from the sufficient statistics.

    The new columns are collected in a dict and attached in one step: inserting ~26
    columns one by one costs pandas more than the whole group-by (≈10 ms).
    """
    new: dict[str, Any] = {}
    small: list[np.ndarray] = []
    names: list[str] = []
    if "nps_n" in res:
        d, p = res["nps_detractors"].to_numpy(), res["nps_promoters"].to_numpy()
        pa = res["nps_n"].to_numpy() - d - p
        r = _nps_arrays(d, pa, p, nps_method, level)
        new["nps_passives"] = pa
        new["nps"] = r["estimate"]
        new["nps_se"] = np.sqrt(nps_variance(d, pa, p) / res["nps_n"].to_numpy(float))
        new["nps_ci_low"] = np.clip(r["ci_low"], -1, 1)
        new["nps_ci_high"] = np.clip(r["ci_high"], -1, 1)
        small.append(res["nps_n"].to_numpy() < min_n)
        names.append("nps")
    for base, share_col, hits in (
        ("csat", "csat", "csat_top"),
        ("ces", "ces_easy", "ces_easy_hits"),
    ):
        if f"{base}_n" not in res:
            continue
        counts = res[f"{base}_n"].to_numpy()
        n = counts.astype(float)
        x = res[hits].to_numpy(float)
        lo, hi = wilson_interval(x, n, level)
        mean_col = "csat_mean" if base == "csat" else "ces"
        with np.errstate(invalid="ignore", divide="ignore"):
            p = x / n
            mean, se = _mean_se(
                n, res[f"{base}_sum"].to_numpy(float), res[f"{base}_sumsq"].to_numpy(float)
            )
            t = stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1))
            new |= {
                share_col: p,
                f"{share_col}_n": counts,
                f"{share_col}_se": np.sqrt(p * (1 - p) / n),
                f"{share_col}_ci_low": lo,
                f"{share_col}_ci_high": hi,
                mean_col: mean,
                f"{mean_col}_n": counts,
                f"{mean_col}_se": se,
                f"{mean_col}_ci_low": mean - t * se,
                f"{mean_col}_ci_high": mean + t * se,
            }
        small.append(n < min_n)
        names.append(base)
    if small:
        flags = np.column_stack(small)
        labels = np.array(names, dtype=object)
        text = [
            (f"n < {min_n} for " + ", ".join(labels[row]) + ": interval unreliable")
            if row.any()
            else None
            for row in flags
        ]
        new["warning"] = pd.array(text, dtype="string")
        n_small = int(flags.any(axis=1).sum())
        if n_small:
            warnings.warn(
                f"{n_small} of {len(res)} groups have fewer than {min_n} answers; "
                "their intervals are unreliable (see the 'warning' column)",
                SmallSampleWarning,
                stacklevel=3,
            )
    for c in [c for c in new if c in res.columns]:  # csat_n, ces_n: same place, same values
        res[c] = new.pop(c)
    return pd.concat([res, pd.DataFrame(new, index=res.index)], axis=1)


def _mean_se(n: np.ndarray, s: np.ndarray, ss: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
        var = np.maximum(ss - s * s / n, 0) / (n - 1)
        se = np.where(n > 1, np.sqrt(var / n), np.nan)
    return mean, se


# ---------------------------------------------------------------------------------------------
# Trends: each period vs the previous one and vs a baseline; per-group slope
# ---------------------------------------------------------------------------------------------

# sufficient statistics of each metric (summable over periods)
_STATS: dict[str, tuple[str, ...]] = {
    "nps": ("nps_detractors", "nps_passives", "nps_promoters"),
    "csat": ("csat_top", "csat_n"),
    "ces_easy": ("ces_easy_hits", "ces_n"),
    "csat_mean": ("csat_n", "csat_sum", "csat_sumsq"),
    "ces": ("ces_n", "ces_sum", "ces_sumsq"),
}
#: for CES a higher mean means more effort only if the scale runs that way; the
#: common 1–7 "the company made it easy" wording makes higher better, as for the others.


def _est_se(
    metric: str, s: Sequence[np.ndarray], nps_method: str = "wald"
) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        if metric == "nps":
            d, pa, p = (np.asarray(a, float) for a in s)
            if nps_method == "adjusted_wald":
                d, pa, p = _adjusted(d, pa, p)
            n = d + pa + p
            return (p - d) / n, np.sqrt(nps_variance(d, pa, p) / n)
        if metric in ("csat", "ces_easy"):
            x, n = (np.asarray(a, float) for a in s)
            p = x / n
            return p, np.sqrt(p * (1 - p) / n)
        n, sm, ss = (np.asarray(a, float) for a in s)
        return _mean_se(n, sm, ss)


@dataclass(frozen=True)
class TrendResult(Result):
    """Per group and period: the score, its change vs the previous period and vs the
    baseline with BH-adjusted p-values and a flag; per group: the weighted slope."""

    metric: str
    by: tuple[str, ...]
    period: str
    baseline: str
    table: pd.DataFrame
    slopes: pd.DataFrame
    alpha: float
    warnings: tuple[str, ...] = ()

    def flagged(self) -> pd.DataFrame:
        """Rows with a significant change vs the baseline."""
        return self.table[self.table["flag"] != "no significant change"]


def score_trend(
    frame: Any,
    metric: str = "nps",
    by: str | Sequence[str] | None = None,
    *,
    period: Period = "month",
    time_column: str = "answered_at",
    baseline: Literal["first_half", "trailing"] = "first_half",
    window: int = 3,
    nps_method: Literal["wald", "adjusted_wald"] = "wald",
    alpha: float = 0.05,
    level: float = 0.95,
    min_n: int = SMALL_SAMPLE_N,
    **score_options: Any,
) -> TrendResult:
    """Significance-aware trend of one score per group.

    Each group's score per period is compared with the previous period and with a
    baseline — ``first_half`` (the pooled answers of the first half of all periods)
    or ``trailing`` (the pooled ``window`` periods before) — using the two-sample
    test (NPS: Wald or adjusted Wald as in the R NPS package; shares and means: Wald
    z). p-values are Benjamini–Hochberg adjusted across all groups and periods, and
    a row is flagged "significant decline" or "significant improvement" when its
    change vs the baseline has q < ``alpha``. Per group, the slope of the score over
    periods is fitted by weighted least squares (weights 1/SE²) with a z-test, BH
    adjusted across groups.
    """
    if metric not in _STATS:
        raise InputError(f"unknown metric {metric!r}; use one of {tuple(_STATS)}")
    keys = [by] if isinstance(by, str) else list(by or [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = grouped_scores(
            frame,
            keys,
            period=period,
            time_column=time_column,
            level=level,
            min_n=min_n,
            **score_options,
        )
    warn_msgs = tuple(dict.fromkeys(str(w.message) for w in caught))
    for msg in warn_msgs:
        warnings.warn(msg, SmallSampleWarning, stacklevel=2)
    cols = _STATS[metric]
    if cols[0] not in g.columns:
        raise InputError(f"the data have no answers for {metric}")
    g = g[g[f"{metric}_n"] > 0].copy()
    g = g.sort_values([*keys, "period"]).reset_index(drop=True)
    periods = np.sort(g["period"].unique())
    if len(periods) < 2:
        raise InsufficientDataError(f"a trend needs at least two {period}s of data")
    g["period_index"] = np.searchsorted(periods, g["period"].to_numpy())
    s = [g[c].to_numpy(float) for c in cols]
    est, se = _est_se(metric, s, nps_method)
    z = _z(level)
    grp = g.groupby(keys, sort=False, dropna=False) if keys else None

    def shifted(col: str, k: int = 1) -> np.ndarray:
        if grp is None:
            return g[col].shift(k).to_numpy(float)
        return grp[col].shift(k).to_numpy(float)

    # previous period (within group)
    prev = [shifted(c) for c in cols]
    diff_prev, p_prev = _diff_test(metric, s, prev, nps_method)
    # baseline
    if baseline == "first_half":
        cut = len(periods) // 2
        in_base = (g["period_index"] < cut).to_numpy()
        base_stats = []
        for c in cols:
            tmp = g[c].where(in_base, 0)
            tot = (
                tmp.groupby([g[k] for k in keys], dropna=False).transform("sum")
                if keys
                else pd.Series(np.full(len(g), tmp.sum()))
            )
            base_stats.append(np.where(in_base, np.nan, tot.to_numpy(float)))
        baseline_label = f"first half ({pd.Timestamp(periods[0]).date()} .. {pd.Timestamp(periods[cut - 1]).date()})"
    elif baseline == "trailing":
        if window < 1:
            raise InputError("window must be at least 1 period")
        base_stats = []
        pos = grp.cumcount().to_numpy() if grp is not None else np.arange(len(g))
        for c in cols:
            x_c = g[c].astype(float)
            csum = grp[c].cumsum() if grp is not None else x_c.cumsum()
            csum = csum.astype(float)
            # pooled window = cumsum up to i − 1 minus cumsum up to i − window − 1
            if keys:
                older = csum.groupby([g[k] for k in keys], dropna=False).shift(window + 1)
            else:
                older = csum.shift(window + 1)
            vals = (csum - x_c).to_numpy() - np.nan_to_num(older.to_numpy(float), nan=0.0)
            base_stats.append(np.where(pos >= 1, vals, np.nan))
        baseline_label = f"trailing {window} {period}s"
    else:
        raise InputError("baseline must be 'first_half' or 'trailing'")
    diff_base, p_base = _diff_test(metric, s, base_stats, nps_method)
    base_est, _ = _est_se(metric, base_stats, nps_method)

    q_prev = bh_adjust(p_prev)
    q_base = bh_adjust(p_base)
    g[metric] = est
    g[f"{metric}_se"] = se
    g[f"{metric}_ci_low"] = est - z * se if metric != "nps" else g[f"{metric}_ci_low"]
    g[f"{metric}_ci_high"] = est + z * se if metric != "nps" else g[f"{metric}_ci_high"]
    g["change_vs_previous"] = diff_prev
    g["p_vs_previous"] = p_prev
    g["q_vs_previous"] = q_prev
    g["baseline"] = base_est
    g["change_vs_baseline"] = diff_base
    g["p_vs_baseline"] = p_base
    g["q_vs_baseline"] = q_base
    g["flag"] = _direction(q_base < alpha, diff_base)
    g["flag_vs_previous"] = _direction(q_prev < alpha, diff_prev)
    keep = [
        *keys,
        "period",
        f"{metric}_n",
        metric,
        f"{metric}_se",
        f"{metric}_ci_low",
        f"{metric}_ci_high",
        "change_vs_previous",
        "p_vs_previous",
        "q_vs_previous",
        "flag_vs_previous",
        "baseline",
        "change_vs_baseline",
        "p_vs_baseline",
        "q_vs_baseline",
        "flag",
        *(["warning"] if "warning" in g else []),
    ]
    table = g[keep].rename(columns={f"{metric}_n": "n"})
    slopes = _slopes(g, keys, est, se, alpha)
    return TrendResult(
        metric=metric,
        by=tuple(keys),
        period=period,
        baseline=baseline_label,
        table=table.reset_index(drop=True),
        slopes=slopes,
        alpha=alpha,
        warnings=warn_msgs,
    )


def _diff_test(
    metric: str, a: Sequence[np.ndarray], b: Sequence[np.ndarray], nps_method: str
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised two-sample z test a − b; NaN where either side is missing."""
    if metric == "nps":
        r = _nps_diff_arrays(tuple(a), tuple(b), nps_method, 0.95)  # type: ignore[arg-type]
        diff, pval = r["difference"], r["p_value"]
    else:
        ea, sa = _est_se(metric, a)
        eb, sb = _est_se(metric, b)
        with np.errstate(invalid="ignore", divide="ignore"):
            diff = ea - eb
            se = np.sqrt(sa**2 + sb**2)
        pval = _z_p_value(diff, se)
    bad = np.isnan(diff)
    return diff, np.where(bad, np.nan, pval)


def change_points(
    frame: Any,
    metric: str = "nps",
    by: str | Sequence[str] | None = None,
    *,
    period: Period = "month",
    time_column: str = "answered_at",
    nps_method: Literal["wald", "adjusted_wald"] = "wald",
    min_periods: int = 2,
    alpha: float = 0.05,
    **score_options: Any,
) -> pd.DataFrame:
    """The most significant step change of a score in each group.

    For every split of a group's periods into "before" (pooled) and "after"
    (pooled, at least ``min_periods`` periods each side), the two-sample test of
    after − before; the split with the largest |z| is the change point. Its p-value
    is Bonferroni-adjusted for the number of splits tried, then Benjamini–Hochberg
    across groups. All splits of all groups are computed at once from cumulative
    sums. Returns one row per group: ``since`` (first period after the change),
    ``before``, ``after``, ``change``, ``p_value``, ``q_value``, ``direction``.
    """
    if metric not in _STATS:
        raise InputError(f"unknown metric {metric!r}; use one of {tuple(_STATS)}")
    keys = [by] if isinstance(by, str) else list(by or [])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        g = grouped_scores(frame, keys, period=period, time_column=time_column, **score_options)
    cols = _STATS[metric]
    if cols[0] not in g.columns:
        raise InputError(f"the data have no answers for {metric}")
    periods = np.sort(g["period"].unique())
    n_p = len(periods)
    if n_p < 2 * min_periods:
        raise InsufficientDataError(
            f"a change point needs at least {2 * min_periods} {period}s of data, have {n_p}"
        )
    codes, uniques = _group_codes(g, keys)
    k = len(uniques)
    pidx = np.searchsorted(periods, g["period"].to_numpy())
    # (group, period) grids of the sufficient statistics, then cumulative sums
    grids = []
    for c in cols:
        grid = np.zeros((k, n_p))
        np.add.at(grid, (codes, pidx), g[c].to_numpy(float))
        grids.append(grid)
    cum = [np.cumsum(gr, axis=1) for gr in grids]
    total = [cs[:, -1:] for cs in cum]
    splits = np.arange(min_periods, n_p - min_periods + 1)  # first "after" period index
    before = [cs[:, splits - 1] for cs in cum]
    after = [t - b for t, b in zip(total, before, strict=True)]
    diff, pval = _diff_test(metric, after, before, nps_method)
    with np.errstate(invalid="ignore", divide="ignore"):
        zabs = np.where(np.isfinite(pval), np.abs(diff), -np.inf)
        # rank splits by the test statistic (|diff| / se): smallest p-value
        score = np.where(np.isfinite(pval), -np.log(np.maximum(pval, 1e-300)), -np.inf)
        score = score + 1e-12 * zabs  # ties: the larger change
    best = np.argmax(score, axis=1)
    rows = np.arange(k)
    p_best = np.minimum(1.0, pval[rows, best] * len(splits))
    eb, _ = _est_se(metric, [b[rows, best] for b in before], nps_method)
    ea, _ = _est_se(metric, [a[rows, best] for a in after], nps_method)
    out = _group_frame(uniques, keys)
    out["since"] = periods[splits[best]]
    out["before"] = eb
    out["after"] = ea
    out["change"] = diff[rows, best]
    # answers on each side: the count statistic of the metric
    if metric == "nps":
        n_before = sum(b[rows, best] for b in before)
        n_after = sum(a[rows, best] for a in after)
    else:
        i_n = 1 if metric in ("csat", "ces_easy") else 0
        n_before, n_after = before[i_n][rows, best], after[i_n][rows, best]
    out["n_before"] = np.asarray(n_before).astype(int)
    out["n_after"] = np.asarray(n_after).astype(int)
    out["splits_tested"] = len(splits)
    out["p_value"] = p_best
    out["q_value"] = bh_adjust(p_best)
    out["direction"] = _direction(out["q_value"].to_numpy() < alpha, out["change"])
    return out


def _slopes(
    g: pd.DataFrame, keys: list[str], est: np.ndarray, se: np.ndarray, alpha: float
) -> pd.DataFrame:
    """Weighted least-squares slope of the score over period index per group (z-test)."""
    x = g["period_index"].to_numpy(float)
    # groups with SE 0 (all answers alike) get the weight of the smallest positive SE
    pos = se[np.isfinite(se) & (se > 0)]
    floor = pos.min() if pos.size else 1.0
    w = 1 / np.where(np.isfinite(se) & (se > 0), se, floor) ** 2
    w = np.where(np.isfinite(est), w, 0.0)
    y = np.nan_to_num(est)
    codes, uniques = _group_codes(g, keys)
    k = len(uniques)
    sw = np.bincount(codes, w, k)
    with np.errstate(invalid="ignore", divide="ignore"):
        xbar = np.bincount(codes, w * x, k) / sw
        ybar = np.bincount(codes, w * y, k) / sw
        dx = x - xbar[codes]
        sxx = np.bincount(codes, w * dx * dx, k)
        sxy = np.bincount(codes, w * dx * (y - ybar[codes]), k)
        slope = sxy / sxx
        slope_se = np.sqrt(1 / sxx)
        pval = 2 * stats.norm.sf(np.abs(slope / slope_se))
    n_periods = np.bincount(codes, (w > 0).astype(float), k)
    pval = np.where(n_periods >= 3, pval, np.nan)
    q = bh_adjust(pval)
    out = _group_frame(uniques, keys)
    out["periods"] = n_periods.astype(int)
    out["slope_per_period"] = slope
    out["slope_se"] = slope_se
    out["p_value"] = pval
    out["q_value"] = q
    out["trend"] = np.where(
        q < alpha,
        np.where(slope < 0, "significant decline", "significant improvement"),
        "no significant trend",
    )
    return out
