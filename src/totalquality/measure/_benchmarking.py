"""Is a score above or below a target or an external benchmark?

The target or benchmark is a value the user supplies (an internal goal, an
industry figure); it is treated as known, so the uncertainty is the score's
own. The verdict reads the score's interval: "above" when the whole interval is
above the value, "below" when it is entirely below, otherwise "not
distinguishable". The p-value is the two-sided Wald z-test of score = value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._base import Result
from .._errors import InputError
from ._scores import ScoreEstimate, _z_p_value, nps_variance


@dataclass(frozen=True)
class BenchmarkComparison(Result):
    """A score against one reference value."""

    metric: str
    reference: str
    value: float
    estimate: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    verdict: str
    level: float
    n: int


def _verdict(lo: Any, hi: Any) -> Any:
    return np.where(lo > 0, "above", np.where(hi < 0, "below", "not distinguishable"))


def compare_with_value(
    estimate: ScoreEstimate, value: float, *, reference: str = "benchmark"
) -> BenchmarkComparison:
    """Difference score − value with the score's interval, p-value and verdict."""
    if not np.isfinite(value):
        raise InputError(f"the {reference} value must be a finite number, got {value}")
    diff = estimate.estimate - value
    lo, hi = estimate.ci_low - value, estimate.ci_high - value
    se = estimate.se
    if not np.isfinite(se) and estimate.metric == "nps" and estimate.counts:
        # the score interval has no SE: test with the Wald SE of the counts
        c, n = estimate.counts, estimate.n
        v = nps_variance(c["detractors"], n - c["detractors"] - c["promoters"], c["promoters"])
        se = float(np.sqrt(v / n))
    p = float(_z_p_value(diff, se))
    return BenchmarkComparison(
        metric=estimate.metric,
        reference=reference,
        value=float(value),
        estimate=estimate.estimate,
        difference=float(diff),
        ci_low=float(lo),
        ci_high=float(hi),
        p_value=p,
        verdict=str(_verdict(lo, hi)),
        level=estimate.level,
        n=estimate.n,
    )


def compare_scores(
    estimate: ScoreEstimate, *, target: float | None = None, benchmark: float | None = None
) -> dict[str, BenchmarkComparison]:
    """Compare one score with a target and/or an external benchmark."""
    out: dict[str, BenchmarkComparison] = {}
    if target is not None:
        out["target"] = compare_with_value(estimate, target, reference="target")
    if benchmark is not None:
        out["benchmark"] = compare_with_value(estimate, benchmark, reference="benchmark")
    if not out:
        raise InputError("give a target, a benchmark or both")
    return out


def compare_groups_with_value(
    grouped: pd.DataFrame, metric: str, value: float, *, reference: str = "benchmark"
) -> pd.DataFrame:
    """Vectorised comparison of every row of :func:`grouped_scores` with a value."""
    need = [metric, f"{metric}_se", f"{metric}_ci_low", f"{metric}_ci_high"]
    missing = [c for c in need if c not in grouped.columns]
    if missing:
        raise InputError(f"grouped scores lack {missing}; was {metric!r} computed?")
    out = grouped.copy()
    est = out[metric].to_numpy(float)
    se = out[f"{metric}_se"].to_numpy(float)
    lo = out[f"{metric}_ci_low"].to_numpy(float) - value
    hi = out[f"{metric}_ci_high"].to_numpy(float) - value
    diff = est - value
    p = _z_p_value(diff, se)
    out["reference"] = reference
    out["reference_value"] = value
    out["difference"] = diff
    out["difference_ci_low"] = lo
    out["difference_ci_high"] = hi
    out["p_value"] = p
    out["verdict"] = _verdict(lo, hi)
    return out
