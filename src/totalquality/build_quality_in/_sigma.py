"""Estimators of the within-subgroup process standard deviation (as R qcc, SAS/QC names).

Subgrouped data (``sizes`` n_i ≥ 2):

* ``UWAVE-R``  mean(R_i / d2(n_i))
* ``UWAVE-SD`` mean(S_i / c4(n_i))
* ``MVLUE-R``  Σ w_i R_i/d2(n_i) / Σ w_i, w_i = (d2(n_i)/d3(n_i))²
* ``MVLUE-SD`` Σ w_i S_i/c4(n_i) / Σ w_i, w_i = c4(n_i)²/(1 − c4(n_i)²)
* ``RMSDF``    sqrt(Σ (n_i − 1) S_i² / Σ (n_i − 1)) / c4(Σ (n_i − 1) + 1)

Individuals: ``MR`` (mean moving range of ``span`` consecutive points / d2(span)) and ``SD``
(sample standard deviation / c4(N)).

The default for X̄ charts is UWAVE-R, or RMSDF when any subgroup has more than 25 values
(ranges lose efficiency there), as qcc does.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._errors import InputError, InsufficientDataError
from ._constants import c4, d2, d3
from ._subgroups import Subgroups

SubgroupSigmaMethod = Literal["UWAVE-R", "UWAVE-SD", "MVLUE-R", "MVLUE-SD", "RMSDF"]
IndividualsSigmaMethod = Literal["MR", "SD"]

SUBGROUP_METHODS: tuple[str, ...] = ("UWAVE-R", "UWAVE-SD", "MVLUE-R", "MVLUE-SD", "RMSDF")
INDIVIDUALS_METHODS: tuple[str, ...] = ("MR", "SD")


def _check_sizes(sizes: np.ndarray) -> np.ndarray:
    sizes = np.asarray(sizes)
    if sizes.size == 0:
        raise InsufficientDataError("no subgroups to estimate sigma from")
    if np.any(sizes < 2):
        raise InputError(
            "every subgroup needs at least 2 values to estimate the within-subgroup sigma "
            f"(sizes {sorted(set(sizes.tolist()))[:5]}); use an individuals chart for n = 1"
        )
    return sizes


def sigma_uwave_r(ranges: np.ndarray, sizes: np.ndarray) -> float:
    """Unweighted average of R_i/d2(n_i)."""
    sizes = _check_sizes(sizes)
    return float(np.mean(np.asarray(ranges, dtype=float) / d2(sizes)))


def sigma_uwave_sd(stds: np.ndarray, sizes: np.ndarray) -> float:
    """Unweighted average of S_i/c4(n_i)."""
    sizes = _check_sizes(sizes)
    return float(np.mean(np.asarray(stds, dtype=float) / c4(sizes)))


def sigma_mvlue_r(ranges: np.ndarray, sizes: np.ndarray) -> float:
    """Minimum-variance linear unbiased combination of R_i/d2(n_i)."""
    sizes = _check_sizes(sizes)
    d2n = d2(sizes)
    w = (d2n / d3(sizes)) ** 2
    return float(np.sum(np.asarray(ranges, dtype=float) / d2n * w) / np.sum(w))


def sigma_mvlue_sd(stds: np.ndarray, sizes: np.ndarray) -> float:
    """Minimum-variance linear unbiased combination of S_i/c4(n_i)."""
    sizes = _check_sizes(sizes)
    c4n = c4(sizes)
    w = c4n**2 / (1.0 - c4n**2)
    return float(np.sum(np.asarray(stds, dtype=float) / c4n * w) / np.sum(w))


def sigma_rmsdf(stds: np.ndarray, sizes: np.ndarray) -> float:
    """Pooled (root-mean-square) standard deviation, bias-corrected with c4."""
    sizes = _check_sizes(sizes)
    w = sizes - 1.0
    pooled = np.sqrt(np.sum(np.asarray(stds, dtype=float) ** 2 * w) / np.sum(w))
    return float(pooled / c4(np.sum(w) + 1)[()])


def default_subgroup_method(sizes: np.ndarray) -> str:
    """qcc's default: UWAVE-R, or RMSDF when any subgroup is larger than 25."""
    return "RMSDF" if np.any(np.asarray(sizes) > 25) else "UWAVE-R"


def sigma_subgroups(subgroups: Subgroups, method: str | None = None) -> float:
    """Within-subgroup sigma of ``subgroups`` by ``method`` (default: qcc's choice)."""
    sizes = subgroups.sizes
    method = method or default_subgroup_method(sizes)
    if method == "UWAVE-R":
        return sigma_uwave_r(subgroups.ranges(), sizes)
    if method == "MVLUE-R":
        return sigma_mvlue_r(subgroups.ranges(), sizes)
    if method == "UWAVE-SD":
        return sigma_uwave_sd(subgroups.stds(), sizes)
    if method == "MVLUE-SD":
        return sigma_mvlue_sd(subgroups.stds(), sizes)
    if method == "RMSDF":
        return sigma_rmsdf(subgroups.stds(), sizes)
    raise InputError(
        f"unknown sigma method {method!r}; choose one of {', '.join(SUBGROUP_METHODS)}"
    )


def moving_ranges(x: np.ndarray, span: int = 2) -> np.ndarray:
    """Ranges of ``span`` consecutive values (missing values skipped), length N − span + 1."""
    values = np.asarray(x, dtype=float)
    values = values[~np.isnan(values)]
    if span < 2:
        raise InputError(f"the moving-range span must be at least 2 (got {span})")
    if len(values) < span:
        raise InsufficientDataError(f"{len(values)} values are too few for moving ranges of {span}")
    windows = sliding_window_view(values, span)
    return np.ptp(windows, axis=1)


def sigma_moving_range(x: np.ndarray, span: int = 2) -> float:
    """Mean moving range of ``span`` consecutive points divided by d2(span)."""
    return float(np.mean(moving_ranges(x, span)) / d2(span)[()])


def sigma_sd(x: np.ndarray) -> float:
    """Sample standard deviation of all values divided by c4(N)."""
    values = np.asarray(x, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) < 2:
        raise InsufficientDataError("at least 2 values are needed for a standard deviation")
    return float(np.std(values, ddof=1) / c4(len(values))[()])


def sigma_individuals(x: np.ndarray, method: str = "MR", span: int = 2) -> float:
    """Sigma for an individuals chart: ``"MR"`` (moving range of ``span``) or ``"SD"``."""
    if method == "MR":
        return sigma_moving_range(x, span)
    if method == "SD":
        return sigma_sd(x)
    raise InputError(
        f"unknown sigma method {method!r} for individuals; choose one of "
        + ", ".join(INDIVIDUALS_METHODS)
    )
