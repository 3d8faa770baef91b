"""Gaps between what customers expect and what they get, and where to act first.

SERVQUAL-style gap analysis (Parasuraman, Zeithaml & Berry 1988). **Sign
convention: gap = perception − expectation**, so a negative gap is a shortfall
(the service falls below what customers expect) and a positive gap exceeds it.
Per requirement (item): the mean of the respondents' paired differences with a
paired-t interval. Per dimension: the mean of its items' gaps. The unweighted
SERVQUAL score is the mean of the dimension scores; the weighted score is
Σ dimension score × points / 100, the points (out of 100) allocated by customers
to the dimensions. An importance-weighted score weights each requirement's gap
by its mean stated importance.

Importance–performance analysis (Martilla & James 1977) places each requirement
by importance and performance; crosshairs at the means by default (or medians,
the scale midpoint or given values) split four quadrants: "Concentrate here"
(important, performing poorly), "Keep up the good work", "Low priority" and
"Possible overkill".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError
from .._stats import bh_adjust
from ._common import as_pandas, require_columns, warn_and_record

IPA_QUADRANTS = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


def servqual_score(
    dimension_gaps: Mapping[str, float] | Sequence[float],
    points: Mapping[str, float] | Sequence[float] | None = None,
) -> dict[str, float]:
    """Unweighted SERVQUAL (mean of dimension gaps) and, given points, the weighted one.

    ``points`` are the 100 points customers allocate over the dimensions (same
    keys/order as ``dimension_gaps``); weighted = Σ gap × points / 100.
    """
    if isinstance(dimension_gaps, Mapping):
        keys = list(dimension_gaps)
        gaps = np.array([dimension_gaps[k] for k in keys], float)
    else:
        keys = [str(i) for i in range(len(dimension_gaps))]
        gaps = np.asarray(dimension_gaps, float)
    if gaps.size == 0:
        raise InsufficientDataError("no dimension gaps given")
    out = {"unweighted": float(gaps.mean()), "sum": float(gaps.sum())}
    if points is not None:
        if isinstance(points, Mapping):
            missing = [k for k in keys if k not in points]
            if missing:
                raise InputError(f"points missing for dimension(s) {missing}")
            w = np.array([points[k] for k in keys], float)
        else:
            w = np.asarray(points, float)
        if w.shape != gaps.shape:
            raise InputError("points must give one value per dimension")
        if not np.isclose(w.sum(), 100):
            raise InputError(f"points must sum to 100 over the dimensions, got {w.sum():g}")
        out["weighted"] = float((gaps * w).sum() / 100)
    return out


def gaps_from_means(
    perception: Mapping[str, float], expectation: Mapping[str, float]
) -> pd.DataFrame:
    """Gap = perception − expectation from published mean scores (one row per key)."""
    keys = list(perception)
    missing = [k for k in keys if k not in expectation]
    if missing:
        raise InputError(f"no expectation for {missing}")
    p = np.array([perception[k] for k in keys], float)
    e = np.array([expectation[k] for k in keys], float)
    return pd.DataFrame({"name": keys, "perception": p, "expectation": e, "gap": p - e})


@dataclass(frozen=True)
class GapResult(Result):
    """Gap per requirement and per dimension (gap = perception − expectation)."""

    requirements: pd.DataFrame
    dimensions: pd.DataFrame | None
    servqual: dict[str, float]
    level: float
    warnings: tuple[str, ...] = ()


class GapAnalysis(Analysis):
    """Perception − expectation gaps with paired-t intervals, by requirement and dimension.

    ``fit(data)`` takes one row per respondent and requirement with columns
    ``respondent``, ``requirement``, ``expectation`` and ``perception``, optionally
    ``dimension`` and ``importance``. ``points`` (dimension → points out of 100)
    gives the weighted SERVQUAL score. p-values test gap = 0 and are
    Benjamini–Hochberg adjusted across requirements.
    """

    def __init__(self, level: float = 0.95, min_n: int = 30) -> None:
        self.level = level
        self.min_n = min_n

    def fit(
        self,
        data: pd.DataFrame,
        *,
        respondent: str = "respondent",
        requirement: str = "requirement",
        expectation: str = "expectation",
        perception: str = "perception",
        dimension: str | None = None,
        importance: str | None = None,
        points: Mapping[str, float] | None = None,
    ) -> GapAnalysis:
        data = as_pandas(data)
        cols = [respondent, requirement, expectation, perception]
        require_columns(data, cols + [c for c in (dimension, importance) if c], "gap")
        df = pd.DataFrame(
            {
                "respondent": data[respondent].to_numpy(),
                "requirement": data[requirement].astype(str).to_numpy(),
                "e": pd.to_numeric(data[expectation], errors="coerce").to_numpy(float),
                "p": pd.to_numeric(data[perception], errors="coerce").to_numpy(float),
            }
        )
        if dimension:
            df["dimension"] = data[dimension].astype("string").to_numpy()
        if importance:
            df["w"] = pd.to_numeric(data[importance], errors="coerce").to_numpy(float)
        df = df[df["e"].notna() & df["p"].notna()]
        if df.empty:
            raise InsufficientDataError("no paired expectation/perception answers")
        df["gap"] = df["p"] - df["e"]
        req = _paired_summary(df, "requirement", self.level)
        if importance:
            req["importance"] = df.groupby("requirement", sort=True)["w"].mean().to_numpy()
        warn: list[str] = []
        small = req.loc[req["n"] < self.min_n, "requirement"].tolist()
        if small:
            warn_and_record(
                warn, f"gaps: fewer than {self.min_n} paired answers for {', '.join(small)}"
            )
        dims = None
        score: dict[str, float] = {}
        if dimension:
            dim_of = df.groupby("requirement", sort=True)["dimension"].first()
            req["dimension"] = dim_of.reindex(req["requirement"]).to_numpy()
            # dimension score = mean of its item gaps; interval from each respondent's
            # mean gap over the dimension's items (paired t)
            per_resp = (
                df.groupby(["dimension", "respondent"], sort=True)[["gap", "p", "e"]]
                .mean()
                .reset_index()
            )
            dims = _paired_summary(per_resp, "dimension", self.level)
            item_mean = req.groupby("dimension", sort=True)["gap"].mean()
            dims["gap"] = item_mean.reindex(dims["dimension"]).to_numpy()
            dims["items"] = (
                req.groupby("dimension", sort=True).size().reindex(dims["dimension"]).to_numpy()
            )
            score = servqual_score(
                dict(zip(dims["dimension"], dims["gap"], strict=True)),
                {k: points[k] for k in dims["dimension"]} if points else None,
            )
        elif points:
            raise InputError("points are allocated to dimensions: give the dimension column")
        if importance and req["importance"].notna().any():
            w = req["importance"].fillna(0).to_numpy(float)
            if w.sum() > 0:
                score["importance_weighted"] = float(
                    (req["gap"].to_numpy(float) * w).sum() / w.sum()
                )
        score.setdefault("unweighted_items", float(req["gap"].mean()))
        self.requirements_ = req
        self.result_ = GapResult(
            requirements=req,
            dimensions=dims,
            servqual=score,
            level=self.level,
            warnings=tuple(warn),
        )
        return self


def _paired_summary(df: pd.DataFrame, key: str, level: float) -> pd.DataFrame:
    g = df.groupby(key, sort=True)
    out = pd.DataFrame(
        {
            "n": g["gap"].count(),
            "expectation": g["e"].mean(),
            "perception": g["p"].mean(),
            "gap": g["gap"].mean(),
            "sd": g["gap"].std(ddof=1),
        }
    )
    n = out["n"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = out["sd"].to_numpy(float) / np.sqrt(n)
        t = stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1))
        tstat = out["gap"].to_numpy(float) / se
        p = np.where(n > 1, 2 * stats.t.sf(np.abs(tstat), np.maximum(n - 1, 1)), np.nan)
        p = np.where(se == 0, np.where(out["gap"] == 0, 1.0, 0.0), p)
    out["se"] = se
    out["ci_low"] = out["gap"] - t * se
    out["ci_high"] = out["gap"] + t * se
    out["t"] = tstat
    out["p_value"] = p
    out["q_value"] = bh_adjust(p)
    out["shortfall"] = (out["ci_high"] < 0).to_numpy()
    return out.reset_index()


@dataclass(frozen=True)
class IPAResult(Result):
    """Importance–performance grid (Martilla & James 1977)."""

    table: pd.DataFrame
    importance_crosshair: float
    performance_crosshair: float
    crosshairs: str


def importance_performance(
    data: pd.DataFrame,
    *,
    name: str = "requirement",
    importance: str = "importance",
    performance: str = "performance",
    crosshairs: str | tuple[float, float] = "mean",
    scale: tuple[float, float] | None = None,
) -> IPAResult:
    """Quadrant of each attribute: crosshairs at the ``mean`` (default), ``median``,
    the scale ``midpoint`` (needs ``scale``; for importance too unless importance is
    on another scale — then give values) or given ``(importance, performance)``.
    Attributes on a crosshair count as high."""
    data = as_pandas(data)
    missing = [c for c in (name, importance, performance) if c not in data.columns]
    if missing:
        raise InputError(f"IPA data lack column(s) {missing}")
    df = data[[name, importance, performance]].copy()
    df = df.dropna(subset=[importance, performance])
    if df.empty:
        raise InsufficientDataError(
            "IPA needs at least one attribute with importance and performance"
        )
    imp = df[importance].to_numpy(float)
    perf = df[performance].to_numpy(float)
    if isinstance(crosshairs, tuple):
        ci, cp = float(crosshairs[0]), float(crosshairs[1])
        label = "given"
    elif crosshairs == "mean":
        ci, cp, label = float(imp.mean()), float(perf.mean()), "mean"
    elif crosshairs == "median":
        ci, cp, label = float(np.median(imp)), float(np.median(perf)), "median"
    elif crosshairs == "midpoint":
        if scale is None:
            raise InputError("crosshairs='midpoint' needs the answer scale, e.g. scale=(1, 7)")
        ci = cp = (scale[0] + scale[1]) / 2
        label = "midpoint"
    else:
        raise InputError(
            "crosshairs must be 'mean', 'median', 'midpoint' or (importance, performance)"
        )
    hi_imp = imp >= ci
    hi_perf = perf >= cp
    df["quadrant"] = [
        IPA_QUADRANTS[(bool(a), bool(b))] for a, b in zip(hi_imp, hi_perf, strict=True)
    ]
    df = df.rename(columns={name: "name", importance: "importance", performance: "performance"})
    # priority: how far into "concentrate here" (important and under-performing)
    df["priority"] = (imp - ci) - (perf - cp)
    return IPAResult(
        table=df.reset_index(drop=True),
        importance_crosshair=ci,
        performance_crosshair=cp,
        crosshairs=label,
    )
