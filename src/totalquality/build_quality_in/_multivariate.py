"""Hotelling T² control charts for subgroups and for individual observations (qcc ``mqcc``).

Subgroups of size n (m subgroups, p variables):
T²_i = n (x̄_i − x̄̄)' S⁻¹ (x̄_i − x̄̄), S = pooled within-subgroup covariance;
phase I UCL = p(m − 1)(n − 1)/(mn − m − p + 1) · F_conf(p, mn − m − p + 1);
phase II UPL = p(m + 1)(n − 1)/(mn − m − p + 1) · F_conf(p, mn − m − p + 1).

Individuals (n = 1): T²_i = (x_i − x̄)' S⁻¹ (x_i − x̄), S = sample covariance (divisor m − 1);
phase I UCL = (m − 1)²/m · Beta_conf(p/2, (m − p − 1)/2) (Tracy, Mason & Young 1992);
phase II UPL = p(m + 1)(m − 1)/(m(m − p)) · F_conf(p, m − p).

The default confidence level is (1 − 0.0027)^p, as qcc. The LCL is 0.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError, SmallSampleWarning


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class HotellingT2Result(Result):
    """T² statistics with phase I control limit (UCL) and phase II prediction limit (UPL)."""

    sample_ids: tuple[Any, ...]
    variables: tuple[str, ...]
    statistics: np.ndarray
    center: np.ndarray
    covariance: np.ndarray
    determinant: float
    subgroup_size: int
    n_subgroups: int
    confidence_level: float
    lcl: float
    ucl: float
    upl: float
    limit: np.ndarray
    phase: tuple[str, ...]
    beyond_limits: tuple[int, ...]
    warnings: tuple[str, ...] = ()

    def figure(self, title: str | None = None) -> dict[str, Any]:
        from ._plots_charts import t2_figure

        return t2_figure(self, title=title)


def _to_3d(data: Any, subgroup: Any, what: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """(m, n, p) array, subgroup ids, variable names."""
    if isinstance(data, pd.DataFrame):
        names = tuple(str(c) for c in data.columns)
        arr = data.to_numpy(dtype=float)
    else:
        arr = np.asarray(data, dtype=float)
        names = ()
    if arr.ndim == 3:
        if subgroup is not None:
            raise InputError(f"{what}: a 3-D array is already grouped; do not pass subgroup")
        ids = np.arange(1, arr.shape[0] + 1)
        cube = arr
    elif arr.ndim == 2:
        if subgroup is None:
            cube = arr[:, None, :]
            ids = np.arange(1, arr.shape[0] + 1)
        else:
            labels = np.asarray(subgroup)
            if len(labels) != arr.shape[0]:
                raise InputError(f"{what}: {len(labels)} subgroup labels for {arr.shape[0]} rows")
            codes, uniques = pd.factorize(labels, sort=False)
            counts = np.bincount(codes)
            if np.any(counts != counts[0]):
                raise InputError(
                    f"{what}: the T² chart for subgroups needs equal subgroup sizes "
                    f"(found sizes {sorted(set(counts.tolist()))})"
                )
            order = np.argsort(codes, kind="stable")
            cube = arr[order].reshape(len(uniques), int(counts[0]), arr.shape[1])
            ids = np.asarray(uniques)
    else:
        raise InputError(f"{what}: expected rows × variables (2-D) or subgroups × n × variables")
    if np.any(np.isnan(cube)):
        raise InputError(f"{what}: missing values are not allowed in a T² chart")
    if not names:
        names = tuple(f"x{j + 1}" for j in range(cube.shape[2]))
    return cube, ids, names


class HotellingT2Chart(Analysis):
    """Hotelling T² chart; subgroups when ``subgroup`` labels (or a 3-D array) are given,
    individual observations otherwise. Phase II points (``newdata``) are judged against the
    prediction limit UPL, phase I points against the control limit UCL."""

    def __init__(
        self,
        *,
        confidence_level: float | None = None,
        center: Any = None,
        covariance: Any = None,
    ) -> None:
        self.confidence_level = confidence_level
        self.center = center
        self.covariance = covariance

    def fit(
        self,
        data: Any,
        subgroup: Any = None,
        newdata: Any = None,
        new_subgroup: Any = None,
    ) -> HotellingT2Chart:
        """Estimate center and covariance from ``data``; chart ``newdata`` as phase II."""
        cube, ids, names = _to_3d(data, subgroup, "data")
        m, n, p = cube.shape
        if p < 2:
            raise InputError("a T² chart needs at least 2 variables; use a univariate chart")
        conf = self.confidence_level
        if conf is None:
            conf = (1.0 - 0.0027) ** p
        if not 0 < conf < 1:
            raise InputError(f"confidence_level must be in (0, 1) (got {conf})")
        means = cube.mean(axis=1)
        center = (
            cube.reshape(-1, p).mean(axis=0)
            if self.center is None
            else np.asarray(self.center, dtype=float).reshape(p)
        )
        if self.covariance is not None:
            cov = np.asarray(self.covariance, dtype=float).reshape(p, p)
        elif n == 1:
            if m <= p + 1:
                raise InsufficientDataError(
                    f"{m} observations of {p} variables are too few (need more than {p + 1})"
                )
            dev = cube[:, 0, :] - center
            cov = dev.T @ dev / (m - 1)
        else:
            within = cube - means[:, None, :]
            cov = np.einsum("kij,kil->jl", within, within) / (n - 1) / m
        try:
            inv = np.linalg.inv(cov)
        except np.linalg.LinAlgError as exc:
            raise InputError(
                "the covariance matrix is singular (a variable is constant or a linear "
                "combination of others)"
            ) from exc
        t2 = n * np.einsum("ij,jk,ik->i", means - center, inv, means - center)
        if n == 1:
            ucl = (m - 1) ** 2 / m * stats.beta.ppf(conf, p / 2.0, (m - p - 1) / 2.0)
            upl = p * (m + 1) * (m - 1) / (m * (m - p)) * stats.f.ppf(conf, p, m - p)
        else:
            dfd = m * n - m - p + 1
            if dfd <= 0:
                raise InsufficientDataError("too few subgroups for the number of variables")
            quant = stats.f.ppf(conf, p, dfd)
            ucl = p * (m - 1) * (n - 1) / dfd * quant
            upl = p * (m + 1) * (n - 1) / dfd * quant
        stats_all = [t2]
        all_ids = [np.asarray(ids, dtype=object)]
        phase = [np.full(m, "I")]
        if newdata is not None:
            cube2, ids2, _ = _to_3d(newdata, new_subgroup, "newdata")
            if cube2.shape[1:] != (n, p):
                raise InputError(
                    f"newdata must have subgroups of {n} and {p} variables like the phase I data"
                )
            means2 = cube2.mean(axis=1)
            stats_all.append(n * np.einsum("ij,jk,ik->i", means2 - center, inv, means2 - center))
            if new_subgroup is None and cube2.shape[0] and np.issubdtype(ids2.dtype, np.integer):
                ids2 = ids2 + m
            all_ids.append(np.asarray(ids2, dtype=object))
            phase.append(np.full(cube2.shape[0], "II"))
        statistic = np.concatenate(stats_all)
        ph = np.concatenate(phase)
        limit = np.where(ph == "I", ucl, upl)
        notes: list[str] = []
        if m < 20:
            msg = f"T² limits rest on only {m} phase I samples"
            warnings.warn(msg, SmallSampleWarning, stacklevel=2)
            notes.append(msg)
        self.result_ = HotellingT2Result(
            sample_ids=tuple(
                v.item() if hasattr(v, "item") else v for v in np.concatenate(all_ids)
            ),
            variables=names,
            statistics=statistic,
            center=center,
            covariance=cov,
            determinant=float(np.linalg.det(cov)),
            subgroup_size=int(n),
            n_subgroups=int(m),
            confidence_level=float(conf),
            lcl=0.0,
            ucl=float(ucl),
            upl=float(upl),
            limit=limit,
            phase=tuple(str(v) for v in ph),
            beyond_limits=tuple(int(i) + 1 for i in np.flatnonzero(statistic > limit)),
            warnings=tuple(notes),
        )
        return self
