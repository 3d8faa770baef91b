"""Small statistical building blocks shared by several loop steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats


def bh_adjust(p_values: np.ndarray | list[float]) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (NaN stays NaN)."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    return out


def wilson_interval(
    successes: np.ndarray | float, n: np.ndarray | float, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a binomial proportion (vectorised)."""
    x = np.asarray(successes, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    z = stats.norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n_arr
        denom = 1 + z**2 / n_arr
        centre = (p + z**2 / (2 * n_arr)) / denom
        half = z * np.sqrt(p * (1 - p) / n_arr + z**2 / (4 * n_arr**2)) / denom
    return centre - half, centre + half


@dataclass(frozen=True)
class ProportionDifference:
    """p1 − p2 with a Newcombe (hybrid Wilson) interval and a two-sided z-test."""

    p1: float
    p2: float
    n1: int
    n2: int
    difference: float
    ci_low: float
    ci_high: float
    p_value: float


def proportion_difference(
    x1: float, n1: float, x2: float, n2: float, level: float = 0.95
) -> ProportionDifference:
    """Difference of two independent proportions (Newcombe 1998, method 10)."""
    p1 = x1 / n1 if n1 else np.nan
    p2 = x2 / n2 if n2 else np.nan
    l1, u1 = wilson_interval(x1, n1, level)
    l2, u2 = wilson_interval(x2, n2, level)
    d = p1 - p2
    low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    pooled = (x1 + x2) / (n1 + n2) if (n1 + n2) else np.nan
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)) if n1 and n2 else np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        z = d / se if se and se > 0 else 0.0
    p_value = float(2 * stats.norm.sf(abs(z))) if np.isfinite(z) else float("nan")
    return ProportionDifference(
        float(p1), float(p2), int(n1), int(n2), float(d), float(low), float(high), p_value
    )


def mean_difference(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> dict[str, Any]:
    """Welch's difference of means a − b with interval and p-value."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a = a[~np.isnan(a)]
    b = b[~np.isnan(b)]
    if len(a) < 2 or len(b) < 2:
        return {
            "difference": float("nan"),
            "ci_low": float("nan"),
            "ci_high": float("nan"),
            "p_value": float("nan"),
            "n1": len(a),
            "n2": len(b),
        }
    res = stats.ttest_ind(a, b, equal_var=False)
    ci = res.confidence_interval(level)
    return {
        "difference": float(a.mean() - b.mean()),
        "ci_low": float(ci.low),
        "ci_high": float(ci.high),
        "p_value": float(res.pvalue),
        "n1": len(a),
        "n2": len(b),
    }
