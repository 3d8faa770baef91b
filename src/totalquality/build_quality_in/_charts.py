"""Shewhart control charts: X̄–R, X̄–S, individuals–MR, R, S, p, np, c, u.

The numbers follow R qcc (luca-scr/qcc) and Montgomery, *Introduction to Statistical
Quality Control*:

* X̄: center Σ n_i x̄_i / Σ n_i, limits center ± k σ/√n_i (σ by UWAVE-R unless chosen).
* R: center Σ n_i R_i / Σ n_i, limits max(0, center ∓ k d3(n_i) σ).
* S: center Σ n_i S_i / Σ n_i, limits max(0, center ∓ k σ √(1 − c4(n_i)²)).
* individuals: center mean(x), limits center ± k σ, σ = mean moving range / d2(2)
  (or SD / c4(N)); the MR chart plots the moving ranges with center MR̄ and the R-chart
  limits for n = span.
* p: p̄ = ΣD/Σn, limits p̄ ± k √(p̄(1 − p̄)/n_i) (LCL ≥ 0); np: n p̄ ± k √(n p̄(1 − p̄));
  c: c̄ ± k √c̄; u: ū = Σx/Σn, ū ± k √(ū/n_i).
* ``confidence_level`` gives probability limits as qcc: normal quantile for X̄ and
  individuals, the range distribution for R, χ² for S, binomial/Poisson quantiles for
  p/np/c/u.

Phase I (``data``) estimates the limits; phase II (``newdata``) is plotted against them.
Montgomery's revision of trial limits is built in: ``exclude`` lists phase-I samples with an
assignable cause (they are dropped from the estimation and from the charted sequence, as
when the book re-plots without them), and ``auto_exclude=True`` repeats
"drop the phase-I points beyond the limits, re-estimate" until no phase-I point is beyond.
Frozen limits (:class:`ControlLimits`) can be passed back with ``limits=`` to chart new
data against them (everything is then phase II).
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from .._base import Analysis, Result, to_jsonable
from .._errors import (
    ConvergenceWarning,
    InputError,
    InsufficientDataError,
    SmallSampleWarning,
    UnstableProcessWarning,
)
from ._constants import c4, d3, range_ppf
from ._rules import (
    BEYOND_LIMIT_RULES,
    TOLERANCE,
    Violation,
    combine_rules,
    evaluate_rules,
    normalize_rules,
    violations_from_flags,
)
from ._sigma import (
    SUBGROUP_METHODS,
    default_subgroup_method,
    moving_ranges,
    sigma_individuals,
    sigma_subgroups,
)
from ._subgroups import Subgroups, make_subgroups

__all__ = [
    "CChart",
    "ControlChartResult",
    "ControlLimits",
    "IndividualsChart",
    "NPChart",
    "PChart",
    "PairedChartResult",
    "RChart",
    "SChart",
    "UChart",
    "XbarChart",
    "XbarRChart",
    "XbarSChart",
    "make_subgroups",
]

CHART_TYPES: tuple[str, ...] = ("xbar", "R", "S", "xbar.one", "MR", "p", "np", "c", "u")
DISPERSION_CHARTS = frozenset({"R", "S", "MR"})
DISPERSION_DEFAULT_RULES: tuple[str, ...] = ("WE1",)
MIN_PHASE_I_SUBGROUPS = 20
"""Montgomery: base trial limits on at least 20–25 subgroups."""


# ======================================================================================
# frozen limits
# ======================================================================================
@dataclass(frozen=True)
class ControlLimits:
    """Control limits frozen after phase I: enough to give per-point limits for any sizes.

    ``sigma`` is the process-level standard deviation: the within-subgroup σ for
    xbar/R/S/xbar.one/MR; √(p̄(1 − p̄)) per item for p; √(n p̄(1 − p̄)) per sample for np;
    √c̄ for c; √ū per inspection unit for u. ``center`` is the center line of the chart
    (x̄̄, R̄, S̄, MR̄, p̄, n p̄, c̄, ū). ``span`` is the moving-range span of an MR chart.

    ``version`` and ``locked`` let a store keep a history of approved limits: a locked set
    is only replaced through :meth:`revised`, which returns version + 1.
    """

    chart: str
    center: float
    sigma: float
    nsigmas: float = 3.0
    confidence_level: float | None = None
    sizes: tuple[float, ...] = ()
    sigma_method: str | None = None
    span: int = 2
    n_subgroups: int = 0
    excluded: tuple[Any, ...] = ()
    version: int = 1
    locked: bool = False

    def __post_init__(self) -> None:
        if self.chart not in CHART_TYPES:
            raise InputError(f"unknown chart type {self.chart!r}; one of {', '.join(CHART_TYPES)}")
        if not (math.isfinite(self.center) and math.isfinite(self.sigma)) or self.sigma < 0:
            raise InputError(
                f"control limits need a finite center and sigma ≥ 0 (got {self.center}, "
                f"{self.sigma})"
            )
        if self.confidence_level is not None and not 0 < self.confidence_level < 1:
            raise InputError(f"confidence_level must be in (0, 1) (got {self.confidence_level})")
        if not self.nsigmas > 0:
            raise InputError(f"nsigmas must be positive (got {self.nsigmas})")

    # --- per point ---------------------------------------------------------------------
    def _np_size(self, sizes: np.ndarray) -> float:
        n0 = self.sizes[0] if self.sizes else float(sizes[0])
        if np.any(sizes != n0):
            raise InputError(
                "an np chart needs one sample size for every sample "
                f"(limits are for n = {n0:g}); use a p chart for varying sizes"
            )
        return float(n0)

    def point_sigma(self, sizes: Any) -> np.ndarray:
        """Standard deviation of the plotted statistic at each point."""
        n = np.asarray(sizes, dtype=float).reshape(-1)
        c, s = self.center, self.sigma
        with np.errstate(invalid="ignore", divide="ignore"):
            if self.chart == "xbar":
                return s / np.sqrt(n)
            if self.chart == "xbar.one":
                return np.full(n.shape, s)
            if self.chart == "R":
                return d3(n) * s
            if self.chart == "MR":
                return np.full(n.shape, float(d3(self.span)[()]) * s)
            if self.chart == "S":
                return s * np.sqrt(1.0 - c4(n) ** 2)
            if self.chart == "p":
                return np.sqrt(c * (1.0 - c) / n)
            if self.chart == "np":
                n0 = self._np_size(n)
                return np.full(n.shape, math.sqrt(max(c * (1.0 - c / n0), 0.0)))
            if self.chart == "c":
                return np.full(n.shape, math.sqrt(max(c, 0.0)))
            # u
            return np.sqrt(c / n)

    def limits(self, sizes: Any) -> tuple[np.ndarray, np.ndarray]:
        """(LCL, UCL) for each point of the given sizes."""
        n = np.asarray(sizes, dtype=float).reshape(-1)
        sd = self.point_sigma(n)
        c = self.center
        conf = self.confidence_level
        if conf is None:
            k = self.nsigmas
            lcl, ucl = c - k * sd, c + k * sd
            if self.chart in ("R", "MR", "S", "p", "np", "c", "u"):
                lcl = np.maximum(lcl, 0.0)
            return lcl, ucl
        lo_q, hi_q = (1.0 - conf) / 2.0, 1.0 - (1.0 - conf) / 2.0
        chart = self.chart
        if chart in ("xbar", "xbar.one"):
            k = float(stats.norm.ppf(hi_q))
            return c - k * sd, c + k * sd
        if chart in ("R", "MR"):
            sizes_r = np.full(n.shape, self.span) if chart == "MR" else n.astype(int)
            lcl = np.empty(n.shape)
            ucl = np.empty(n.shape)
            for size in np.unique(sizes_r):
                at = sizes_r == size
                lcl[at] = range_ppf(lo_q, int(size))[()] * self.sigma
                ucl[at] = range_ppf(hi_q, int(size))[()] * self.sigma
            return lcl, ucl
        if chart == "S":
            df = n - 1.0
            return (
                self.sigma * np.sqrt(stats.chi2.ppf(lo_q, df) / df),
                self.sigma * np.sqrt(stats.chi2.ppf(hi_q, df) / df),
            )
        if chart in ("p", "np"):
            nn = np.full(n.shape, self._np_size(n)) if chart == "np" else n
            p = c / nn if chart == "np" else np.full(n.shape, c)
            lcl = stats.binom.ppf(lo_q, nn, p)
            ucl = stats.binom.isf(lo_q, nn, p)
            return (lcl / nn, ucl / nn) if chart == "p" else (lcl, ucl)
        if chart == "c":
            return (
                np.full(n.shape, stats.poisson.ppf(lo_q, c)),
                np.full(n.shape, stats.poisson.isf(lo_q, c)),
            )
        # u
        return stats.poisson.ppf(lo_q, c * n) / n, stats.poisson.isf(lo_q, c * n) / n

    # --- persistence -------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (round-trips through :meth:`from_dict`)."""
        out = {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ControlLimits:
        """Rebuild limits stored with :meth:`to_dict`; unknown keys are an error."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise InputError(f"unknown control-limit field(s): {', '.join(sorted(unknown))}")
        kwargs = dict(data)
        for key in ("sizes", "excluded"):
            if key in kwargs and kwargs[key] is not None:
                kwargs[key] = tuple(kwargs[key])
        if kwargs.get("confidence_level") is None:
            kwargs["confidence_level"] = None
        return cls(**kwargs)

    def lock(self) -> ControlLimits:
        """The same limits, marked approved (``locked``)."""
        return dataclasses.replace(self, locked=True)

    def revised(self, **changes: Any) -> ControlLimits:
        """A new version with ``changes`` applied (unlocked until locked again)."""
        if "version" in changes:
            raise InputError("the version is assigned by revised(); do not set it")
        return dataclasses.replace(self, **changes, version=self.version + 1, locked=False)


# ======================================================================================
# results
# ======================================================================================
@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class ControlChartResult(Result):
    """One control chart: statistics, per-point limits, violations, phases.

    Positions are 1-based places in the plotted sequence (phase I first, then phase II,
    excluded samples not charted); ``sample_ids`` are the ids at those places.
    ``point_codes`` is the most serious rule flagging each point (or ``None``);
    ``violations`` lists every rule with all the points it flags.
    """

    chart: str
    sample_ids: tuple[Any, ...]
    statistics: np.ndarray
    sizes: np.ndarray
    center: float
    lcl: np.ndarray
    ucl: np.ndarray
    point_sigma: np.ndarray
    z: np.ndarray
    sigma: float
    nsigmas: float
    confidence_level: float | None
    sigma_method: str | None
    phase: tuple[str, ...]
    rules: tuple[str, ...]
    violations: tuple[Violation, ...]
    point_codes: tuple[str | None, ...]
    limits: ControlLimits
    excluded: tuple[Any, ...] = ()
    iterations: int = 1
    warnings: tuple[str, ...] = ()

    @property
    def beyond_limits(self) -> tuple[int, ...]:
        """Positions (1-based) of points beyond the control limits."""
        return tuple(i + 1 for i, c in enumerate(self.point_codes) if c in BEYOND_LIMIT_RULES)

    @property
    def violating_runs(self) -> tuple[int, ...]:
        """Positions flagged only by a run/zone rule (qcc's "violating runs")."""
        return tuple(
            i + 1
            for i, c in enumerate(self.point_codes)
            if c is not None and c not in BEYOND_LIMIT_RULES
        )

    @property
    def in_control(self) -> bool:
        """True when no rule flags any point."""
        return all(c is None for c in self.point_codes)

    def ids_at(self, positions: Sequence[int]) -> tuple[Any, ...]:
        """Sample ids at 1-based positions."""
        return tuple(self.sample_ids[p - 1] for p in positions)

    def phase_positions(self, phase: str) -> np.ndarray:
        """1-based positions of the points of phase ``"I"`` or ``"II"``."""
        return np.flatnonzero(np.asarray(self.phase) == phase) + 1

    def figure(self, title: str | None = None) -> dict[str, Any]:
        """A Plotly figure dict: zones ±1σ/±2σ shaded, violations marked, phase boundary."""
        from ._plots_charts import control_chart_figure

        return control_chart_figure(self, title=title)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["beyond_limits"] = list(self.beyond_limits)
        out["violating_runs"] = list(self.violating_runs)
        out["in_control"] = self.in_control
        return out


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class PairedChartResult(Result):
    """A location chart with its dispersion companion (X̄–R, X̄–S, individuals–MR)."""

    location: ControlChartResult
    dispersion: ControlChartResult
    excluded: tuple[Any, ...] = ()
    iterations: int = 1
    warnings: tuple[str, ...] = field(default=())

    @property
    def in_control(self) -> bool:
        return self.location.in_control and self.dispersion.in_control

    def figure(self, title: str | None = None) -> dict[str, Any]:
        """Both charts stacked in one Plotly figure dict."""
        from ._plots_charts import paired_chart_figure

        return paired_chart_figure(self, title=title)


# ======================================================================================
# helpers
# ======================================================================================
def _ids(ids: Any, n: int, start: int, what: str) -> np.ndarray:
    if ids is None:
        return np.arange(start + 1, start + n + 1)
    arr = np.asarray(ids)
    if arr.ndim != 1 or len(arr) != n:
        raise InputError(f"{what}: {len(arr)} ids given for {n} samples")
    return arr


def _excluded_mask(ids: np.ndarray, exclude: Sequence[Any]) -> np.ndarray:
    if not exclude:
        return np.zeros(len(ids), dtype=bool)
    index = pd.Index(ids)
    wanted = list(exclude)
    unknown = [e for e in wanted if e not in set(index.tolist())]
    if unknown:
        raise InputError(f"exclude lists sample id(s) not in the phase I data: {unknown[:10]}")
    return np.asarray(index.isin(wanted))


def _weighted_center(statistics: np.ndarray, sizes: np.ndarray) -> float:
    return float(np.sum(sizes * statistics) / np.sum(sizes))


def _check_nsigmas(nsigmas: float, confidence_level: float | None) -> float:
    if confidence_level is not None:
        if not 0 < confidence_level < 1:
            raise InputError(f"confidence_level must be between 0 and 1 (got {confidence_level})")
        return float(stats.norm.ppf(1.0 - (1.0 - confidence_level) / 2.0))
    if not nsigmas > 0:
        raise InputError(f"nsigmas must be positive (got {nsigmas})")
    return float(nsigmas)


def _standardize(
    statistics: np.ndarray, center: float, sd: np.ndarray, lcl: np.ndarray, ucl: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z, and the limits in z units; a zero sigma puts any departure at ±inf."""
    with np.errstate(invalid="ignore", divide="ignore"):
        dev = statistics - center
        z = np.where(sd > 0, dev / sd, np.where(dev == 0, 0.0, np.sign(dev) * np.inf))
        zl = np.where(sd > 0, (lcl - center) / sd, 0.0)
        zu = np.where(sd > 0, (ucl - center) / sd, 0.0)
    z = np.where(np.isnan(statistics), np.nan, z)
    return z, zl, zu


def _assemble(
    chart: str,
    limits: ControlLimits,
    ids: np.ndarray,
    statistics: np.ndarray,
    sizes: np.ndarray,
    phase: np.ndarray,
    rules: tuple[str, ...],
    tol: float,
    excluded: tuple[Any, ...],
    iterations: int,
    notes: tuple[str, ...],
) -> ControlChartResult:
    lcl, ucl = limits.limits(sizes)
    sd = limits.point_sigma(sizes)
    z, zl, zu = _standardize(statistics, limits.center, sd, lcl, ucl)
    finite_sd = sd[np.isfinite(sd) & (sd > 0)]
    ref = float(np.median(finite_sd)) if len(finite_sd) else 1.0
    trend = (statistics - limits.center) / ref
    flags = evaluate_rules(
        z, rules, nsigmas=limits.nsigmas, lower=zl, upper=zu, trend=trend, tol=tol
    )
    codes = combine_rules(flags) if flags else np.full(len(z), None, dtype=object)
    return ControlChartResult(
        chart=chart,
        sample_ids=tuple(v.item() if hasattr(v, "item") else v for v in ids),
        statistics=statistics,
        sizes=sizes,
        center=limits.center,
        lcl=lcl,
        ucl=ucl,
        point_sigma=sd,
        z=z,
        sigma=limits.sigma,
        nsigmas=limits.nsigmas,
        confidence_level=limits.confidence_level,
        sigma_method=limits.sigma_method,
        phase=tuple(str(p) for p in phase),
        rules=rules,
        violations=violations_from_flags(flags, ids),
        point_codes=tuple(codes.tolist()),
        limits=limits,
        excluded=excluded,
        iterations=iterations,
        warnings=notes,
    )


# ======================================================================================
# chart kinds: how to get statistics from the input and estimate center/sigma
# ======================================================================================
@dataclass
class _Series:
    """Charted samples of one phase: ids, statistics, sizes (+ raw data to re-estimate)."""

    ids: np.ndarray
    statistics: np.ndarray
    sizes: np.ndarray
    raw: Any

    def select(self, keep: np.ndarray) -> _Series:
        raw = self.raw
        if isinstance(raw, Subgroups):
            raw = raw.select(keep)
        elif isinstance(raw, tuple):
            raw = tuple(np.asarray(r)[keep] for r in raw)
        elif raw is not None:
            raw = np.asarray(raw)[keep]
        return _Series(self.ids[keep], self.statistics[keep], self.sizes[keep], raw)


def _concat(
    a: _Series | None, b: _Series | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    parts = [s for s in (a, b) if s is not None]
    ids = np.concatenate([np.asarray(s.ids, dtype=object) for s in parts])
    st = np.concatenate([s.statistics for s in parts])
    sz = np.concatenate([np.asarray(s.sizes, dtype=float) for s in parts])
    phase = np.concatenate([np.full(len(s.ids), "I" if s is a else "II") for s in parts])
    return ids, st, sz, phase


def _subgroups_input(data: Any, sizes: Any, ids: Any, start: int, what: str) -> Subgroups:
    if sizes is not None:
        raise InputError(
            f"{what}: subgroup sizes are taken from the data (count of non-missing values); "
            "do not pass sizes"
        )
    if isinstance(data, Subgroups):
        sg = data
        if ids is not None:
            sg = Subgroups(sg.values, sg.offsets, _ids(ids, len(sg), start, what))
        return sg
    try:
        sg = Subgroups.from_matrix(data)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(f"{what}: cannot read subgroups from {type(data).__name__}") from exc
    return Subgroups(sg.values, sg.offsets, _ids(ids, len(sg), start, what))


def _vector(data: Any, what: str) -> np.ndarray:
    try:
        arr = np.asarray(data, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what}: values must be numbers") from exc
    if arr.ndim != 1:
        raise InputError(f"{what}: expected a 1-D sequence of values (got shape {arr.shape})")
    return arr


def _attribute_input(chart: str, data: Any, sizes: Any, ids: Any, start: int, what: str) -> _Series:
    counts = _vector(data, what)
    if np.any(np.isnan(counts)):
        raise InputError(
            f"{what}: counts must not be missing (row {int(np.isnan(counts).argmax()) + 1})"
        )
    if np.any(counts < 0):
        raise InputError(f"{what}: counts must not be negative")
    if sizes is None:
        if chart in ("p", "np", "u"):
            raise InputError(f"a {chart} chart needs the sample sizes ({what}: sizes=)")
        n = np.ones(len(counts))
    else:
        n = np.asarray(sizes, dtype=float).reshape(-1)
        if n.size == 1:
            n = np.full(len(counts), float(n[0]))
        if len(n) != len(counts):
            raise InputError(f"{what}: {len(n)} sizes for {len(counts)} samples")
        if np.any(~np.isfinite(n)) or np.any(n <= 0):
            raise InputError(f"{what}: sample sizes must be positive numbers")
    if chart in ("p", "np") and np.any(counts > n):
        row = int(np.argmax(counts > n)) + 1
        raise InputError(f"{what}: more defectives than items inspected in sample {row}")
    statistic = counts / n if chart in ("p", "u") else counts
    return _Series(_ids(ids, len(counts), start, what), statistic, n, (counts, n))


def _estimate_attribute(chart: str, series: _Series) -> tuple[float, float]:
    counts, n = series.raw
    if chart in ("p", "np"):
        pbar = float(np.sum(counts) / np.sum(n))
        if chart == "p":
            return pbar, math.sqrt(pbar * (1 - pbar))
        if np.any(n != n[0]):
            raise InputError("an np chart needs one sample size; use a p chart for varying sizes")
        return float(n[0]) * pbar, math.sqrt(float(n[0]) * pbar * (1 - pbar))
    if chart == "c":
        cbar = float(np.mean(counts))
        return cbar, math.sqrt(cbar)
    ubar = float(np.sum(counts) / np.sum(n))
    return ubar, math.sqrt(ubar)


def _stat_of(chart: str, sg: Subgroups) -> np.ndarray:
    if chart == "xbar":
        return sg.means()
    if chart == "R":
        return sg.ranges()
    return sg.stds()


# ======================================================================================
# the analyses
# ======================================================================================
class _ChartBase(Analysis):
    """Shared machinery: phase I estimation with exclusion, phase II, rules, warnings."""

    #: chart codes produced (first = location chart)
    _charts: ClassVar[tuple[str, ...]] = ()

    # results (set by fit): a ControlChartResult or PairedChartResult, and the limits
    result_: Any
    limits_: Any

    # parameters every chart has (set by subclasses' __init__)
    nsigmas: float
    confidence_level: float | None
    rules: Any
    exclude: Sequence[Any]
    auto_exclude: bool
    max_iterations: int
    center: float | None
    limits: ControlLimits | None
    tol: float

    # --- per chart type ---------------------------------------------------------------
    def _read(self, data: Any, sizes: Any, ids: Any, start: int, what: str) -> Any:
        raise NotImplementedError

    def _series(self, raw: Any, chart: str) -> _Series:
        raise NotImplementedError

    def _estimate(self, phase1: Any, k: float) -> list[ControlLimits]:
        raise NotImplementedError

    def _rules_for(self, chart: str) -> tuple[str, ...]:
        return normalize_rules(self.rules)

    def _select(self, raw: Any, keep: np.ndarray) -> Any:
        if isinstance(raw, Subgroups):
            return raw.select(keep)
        if isinstance(raw, _Series):
            return raw.select(keep)
        return np.asarray(raw)[keep]

    def _raw_ids(self, raw: Any) -> np.ndarray:
        if isinstance(raw, _Series):
            return raw.ids
        if isinstance(raw, Subgroups):
            return np.asarray(raw.ids)
        raise NotImplementedError

    def _raw_len(self, raw: Any) -> int:
        return len(self._raw_ids(raw))

    def _charted(
        self, chart: str, phase1: Any, phase2: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        a = self._series(phase1, chart) if phase1 is not None else None
        b = self._series(phase2, chart) if phase2 is not None else None
        return _concat(a, b)

    # --- driver -----------------------------------------------------------------------
    def _run(
        self, data: Any, sizes: Any, newdata: Any, newsizes: Any, ids: Any, new_ids: Any
    ) -> list[ControlChartResult]:
        k = _check_nsigmas(self.nsigmas, self.confidence_level)
        tol = float(self.tol)
        frozen = self.limits
        if frozen is not None:
            if not isinstance(frozen, ControlLimits) and not (
                isinstance(frozen, Sequence) and all(isinstance(x, ControlLimits) for x in frozen)
            ):
                raise InputError("limits must be a ControlLimits (or one per chart) from a fit")
            # everything is charted against the given limits
            raw2 = self._read(data, sizes, ids, 0, "data")
            if newdata is not None:
                n0 = self._raw_len(raw2)
                more = self._read(newdata, newsizes, new_ids, n0, "newdata")
                raw2 = self._append(raw2, more)
            limit_list = [frozen] if isinstance(frozen, ControlLimits) else list(frozen)
            if len(limit_list) != len(self._charts):
                raise InputError(
                    f"{type(self).__name__} needs {len(self._charts)} sets of limits "
                    f"({', '.join(self._charts)})"
                )
            for lim, chart in zip(limit_list, self._charts, strict=True):
                if lim.chart != chart:
                    raise InputError(f"limits are for a {lim.chart} chart, not {chart}")
            return [
                _assemble(
                    chart,
                    lim,
                    *self._charted(chart, None, raw2),
                    self._rules_for(chart),
                    tol,
                    (),
                    0,
                    (),
                )
                for lim, chart in zip(limit_list, self._charts, strict=True)
            ]

        raw1 = self._read(data, sizes, ids, 0, "data")
        raw_new = None
        if newdata is not None:
            raw_new = self._read(newdata, newsizes, new_ids, self._raw_len(raw1), "newdata")
        all_ids = self._raw_ids(raw1)
        excluded_mask = _excluded_mask(all_ids, list(self.exclude or ()))
        notes: list[str] = []
        iterations = 0
        results: list[ControlChartResult] = []
        while True:
            iterations += 1
            kept = self._select(raw1, ~excluded_mask)
            if self._raw_len(kept) < 2:
                raise InsufficientDataError(
                    "fewer than 2 phase I samples are left after exclusions; "
                    "the limits cannot be estimated"
                )
            limit_list = self._estimate(kept, k)
            excluded_ids = tuple(
                v.item() if hasattr(v, "item") else v for v in all_ids[excluded_mask]
            )
            limit_list = [dataclasses.replace(lim, excluded=excluded_ids) for lim in limit_list]
            results = [
                _assemble(
                    chart,
                    lim,
                    *self._charted(chart, kept, raw_new),
                    self._rules_for(chart),
                    tol,
                    excluded_ids,
                    iterations,
                    (),
                )
                for lim, chart in zip(limit_list, self._charts, strict=True)
            ]
            if not self.auto_exclude:
                break
            beyond_ids: set[Any] = set()
            for res in results:
                for pos in res.beyond_limits:
                    if res.phase[pos - 1] == "I":
                        beyond_ids.add(res.sample_ids[pos - 1])
            if not beyond_ids:
                break
            if iterations >= self.max_iterations:
                msg = (
                    f"phase I still has points beyond the limits after {iterations} "
                    "re-estimations; the process is not stable"
                )
                warnings.warn(msg, ConvergenceWarning, stacklevel=3)
                notes.append(msg)
                break
            excluded_mask = excluded_mask | np.asarray(pd.Index(all_ids).isin(list(beyond_ids)))

        n_phase1 = self._raw_len(self._select(raw1, ~excluded_mask))
        if n_phase1 < MIN_PHASE_I_SUBGROUPS:
            msg = (
                f"trial limits rest on only {n_phase1} phase I samples; at least "
                f"{MIN_PHASE_I_SUBGROUPS}–25 are recommended"
            )
            warnings.warn(msg, SmallSampleWarning, stacklevel=3)
            notes.append(msg)
        phase1_beyond = sorted(
            {
                str(res.sample_ids[p - 1])
                for res in results
                for p in res.beyond_limits
                if res.phase[p - 1] == "I"
            }
        )
        if phase1_beyond:
            msg = (
                f"phase I sample(s) {', '.join(phase1_beyond[:10])} are beyond the trial "
                "limits: look for assignable causes, then exclude them (exclude=) and "
                "re-estimate"
            )
            warnings.warn(msg, UnstableProcessWarning, stacklevel=3)
            notes.append(msg)
        return [dataclasses.replace(r, warnings=tuple(notes)) for r in results]

    def _append(self, a: Any, b: Any) -> Any:
        if isinstance(a, Subgroups):
            offsets = np.concatenate([a.offsets, b.offsets[1:] + a.offsets[-1]])
            return Subgroups(
                np.concatenate([a.values, b.values]),
                offsets,
                np.concatenate([np.asarray(a.ids, dtype=object), np.asarray(b.ids, dtype=object)]),
            )
        if isinstance(a, _Series):
            raw = (
                None
                if a.raw is None
                else tuple(np.concatenate([x, y]) for x, y in zip(a.raw, b.raw, strict=True))
            )
            return _Series(
                np.concatenate([np.asarray(a.ids, dtype=object), np.asarray(b.ids, dtype=object)]),
                np.concatenate([a.statistics, b.statistics]),
                np.concatenate([a.sizes, b.sizes]),
                raw,
            )
        raise NotImplementedError

    def _limits(
        self,
        chart: str,
        center: float,
        sigma: float,
        k: float,
        sizes: np.ndarray,
        method: str | None,
        n: int,
        span: int = 2,
    ) -> ControlLimits:
        uniq = tuple(float(s) for s in np.unique(sizes))
        return ControlLimits(
            chart=chart,
            center=float(center),
            sigma=float(sigma),
            nsigmas=k,
            confidence_level=self.confidence_level,
            sizes=uniq,
            sigma_method=method,
            span=span,
            n_subgroups=n,
        )


class _VariablesChart(_ChartBase):
    """Charts of subgrouped measurements (X̄, R, S)."""

    sigma: float | None
    sigma_method: str | None

    def _read(self, data: Any, sizes: Any, ids: Any, start: int, what: str) -> Subgroups:
        return _subgroups_input(data, sizes, ids, start, what)

    def _series(self, raw: Subgroups, chart: str) -> _Series:
        return _Series(np.asarray(raw.ids), _stat_of(chart, raw), raw.sizes.astype(float), raw)

    def _method(self, sg: Subgroups, default: str | None) -> str:
        method = self.sigma_method or default or default_subgroup_method(sg.sizes)
        if method not in SUBGROUP_METHODS:
            raise InputError(
                f"unknown sigma_method {method!r}; choose one of {', '.join(SUBGROUP_METHODS)}"
            )
        return method

    def _sigma_of(self, sg: Subgroups, method: str) -> float:
        if self.sigma is not None:
            if not self.sigma > 0:
                raise InputError(f"sigma must be positive (got {self.sigma})")
            return float(self.sigma)
        return sigma_subgroups(sg, method)

    def _estimate_chart(self, chart: str, sg: Subgroups, k: float, method: str) -> ControlLimits:
        sizes = sg.sizes.astype(float)
        sigma = self._sigma_of(sg, method)
        stat = _stat_of(chart, sg)
        if chart == "xbar":
            center = self.center if self.center is not None else _weighted_center(stat, sizes)
        else:
            center = _weighted_center(stat, sizes)
        used = None if self.sigma is not None else method
        return self._limits(chart, center, sigma, k, sizes, used, len(sg))

    def fit(
        self,
        data: Any,
        sizes: Any = None,
        newdata: Any = None,
        newsizes: Any = None,
        *,
        ids: Any = None,
        new_ids: Any = None,
    ) -> Any:
        """Fit phase I on ``data`` (subgroups: :class:`Subgroups`, a 2-D array with NaN for
        missing values, or a list of sequences); chart ``newdata`` as phase II."""
        results = self._run(data, sizes, newdata, newsizes, ids, new_ids)
        self._store(results)
        return self

    def _store(self, results: list[ControlChartResult]) -> None:
        self.result_ = results[0]
        self.limits_ = results[0].limits


class XbarChart(_VariablesChart):
    """X̄ chart alone, with a choice of sigma estimator (``sigma_method``)."""

    _charts = ("xbar",)

    def __init__(
        self,
        *,
        nsigmas: float = 3.0,
        confidence_level: float | None = None,
        sigma_method: str | None = None,
        rules: Any = None,
        exclude: Sequence[Any] = (),
        auto_exclude: bool = False,
        max_iterations: int = 10,
        center: float | None = None,
        sigma: float | None = None,
        limits: Any = None,
        tol: float = TOLERANCE,
    ) -> None:
        self.nsigmas = nsigmas
        self.confidence_level = confidence_level
        self.sigma_method = sigma_method
        self.rules = rules
        self.exclude = exclude
        self.auto_exclude = auto_exclude
        self.max_iterations = max_iterations
        self.center = center
        self.sigma = sigma
        self.limits = limits
        self.tol = tol

    def _estimate(self, phase1: Subgroups, k: float) -> list[ControlLimits]:
        return [self._estimate_chart("xbar", phase1, k, self._method(phase1, None))]


class _DispersionChart(_VariablesChart):
    """R or S chart alone; run rules default to WE1 only (qcc 3.0)."""

    def __init__(
        self,
        *,
        nsigmas: float = 3.0,
        confidence_level: float | None = None,
        sigma_method: str | None = None,
        rules: Any = None,
        exclude: Sequence[Any] = (),
        auto_exclude: bool = False,
        max_iterations: int = 10,
        sigma: float | None = None,
        limits: Any = None,
        tol: float = TOLERANCE,
    ) -> None:
        self.nsigmas = nsigmas
        self.confidence_level = confidence_level
        self.sigma_method = sigma_method
        self.rules = rules
        self.exclude = exclude
        self.auto_exclude = auto_exclude
        self.max_iterations = max_iterations
        self.sigma = sigma
        self.limits = limits
        self.tol = tol

    def _rules_for(self, chart: str) -> tuple[str, ...]:
        return DISPERSION_DEFAULT_RULES if self.rules is None else normalize_rules(self.rules)


class RChart(_DispersionChart):
    """R chart (σ by UWAVE-R unless ``sigma_method="MVLUE-R"``); only WE1 by default."""

    _charts = ("R",)

    def _estimate(self, phase1: Subgroups, k: float) -> list[ControlLimits]:
        method = self._method(phase1, "UWAVE-R")
        if method not in ("UWAVE-R", "MVLUE-R"):
            raise InputError("an R chart estimates sigma from ranges: UWAVE-R or MVLUE-R")
        return [self._estimate_chart("R", phase1, k, method)]


class SChart(_DispersionChart):
    """S chart (σ by UWAVE-SD unless MVLUE-SD/RMSDF chosen); only WE1 by default."""

    _charts = ("S",)

    def _estimate(self, phase1: Subgroups, k: float) -> list[ControlLimits]:
        method = self._method(phase1, "UWAVE-SD")
        if method not in ("UWAVE-SD", "MVLUE-SD", "RMSDF"):
            raise InputError("an S chart estimates sigma from SDs: UWAVE-SD, MVLUE-SD or RMSDF")
        return [self._estimate_chart("S", phase1, k, method)]


class _PairedVariablesChart(_VariablesChart):
    """X̄ with its dispersion chart (R or S) on the same subgroups."""

    _dispersion: ClassVar[str] = "R"
    _default_method: ClassVar[str] = "UWAVE-R"
    dispersion_rules: Any

    def __init__(
        self,
        *,
        nsigmas: float = 3.0,
        confidence_level: float | None = None,
        sigma_method: str | None = None,
        rules: Any = None,
        dispersion_rules: Any = None,
        exclude: Sequence[Any] = (),
        auto_exclude: bool = False,
        max_iterations: int = 10,
        center: float | None = None,
        sigma: float | None = None,
        limits: Any = None,
        tol: float = TOLERANCE,
    ) -> None:
        self.nsigmas = nsigmas
        self.confidence_level = confidence_level
        self.sigma_method = sigma_method
        self.rules = rules
        self.dispersion_rules = dispersion_rules
        self.exclude = exclude
        self.auto_exclude = auto_exclude
        self.max_iterations = max_iterations
        self.center = center
        self.sigma = sigma
        self.limits = limits
        self.tol = tol

    def _rules_for(self, chart: str) -> tuple[str, ...]:
        if chart == "xbar":
            return normalize_rules(self.rules)
        return (
            DISPERSION_DEFAULT_RULES
            if self.dispersion_rules is None
            else normalize_rules(self.dispersion_rules)
        )

    def _estimate(self, phase1: Subgroups, k: float) -> list[ControlLimits]:
        method = self._method(phase1, self._default_method)
        return [
            self._estimate_chart("xbar", phase1, k, method),
            self._estimate_chart(self._dispersion, phase1, k, method),
        ]

    def _store(self, results: list[ControlChartResult]) -> None:
        first = results[0]
        self.result_ = PairedChartResult(
            location=first,
            dispersion=results[1],
            excluded=first.excluded,
            iterations=first.iterations,
            warnings=first.warnings,
        )
        self.limits_ = (first.limits, results[1].limits)


class XbarRChart(_PairedVariablesChart):
    """X̄ and R charts on the same subgroups; σ = mean(R_i/d2(n_i)) by default.

    ``result_.location`` is the X̄ chart, ``result_.dispersion`` the R chart. Run rules
    (``rules``) apply to the X̄ chart; the R chart uses ``dispersion_rules`` (default: WE1).
    Exclusions (``exclude``, ``auto_exclude``) act on both charts together.
    """

    _charts = ("xbar", "R")
    _dispersion = "R"
    _default_method = "UWAVE-R"


class XbarSChart(_PairedVariablesChart):
    """X̄ and S charts on the same subgroups; σ = mean(S_i/c4(n_i)) by default."""

    _charts = ("xbar", "S")
    _dispersion = "S"
    _default_method = "UWAVE-SD"

    def _estimate(self, phase1: Subgroups, k: float) -> list[ControlLimits]:
        method = self._method(phase1, "UWAVE-SD")
        if method not in ("UWAVE-SD", "MVLUE-SD", "RMSDF"):
            raise InputError("an X̄–S chart uses UWAVE-SD, MVLUE-SD or RMSDF")
        return [
            self._estimate_chart("xbar", phase1, k, method),
            self._estimate_chart("S", phase1, k, method),
        ]


class IndividualsChart(_ChartBase):
    """Individuals (X) chart with its moving-range (MR) companion.

    σ = mean moving range of ``span`` points / d2(span) (``sigma_method="MR"``) or
    SD/c4(N) (``"SD"``). The MR chart plots the moving ranges (none at the first point)
    with center MR̄ and limits max(0, MR̄ ∓ k d3(span) MR̄/d2(span)); only WE1 by default.
    Excluded points are removed before the moving ranges are taken (Montgomery).
    """

    _charts = ("xbar.one", "MR")

    def __init__(
        self,
        *,
        nsigmas: float = 3.0,
        confidence_level: float | None = None,
        sigma_method: str = "MR",
        span: int = 2,
        rules: Any = None,
        dispersion_rules: Any = None,
        exclude: Sequence[Any] = (),
        auto_exclude: bool = False,
        max_iterations: int = 10,
        center: float | None = None,
        sigma: float | None = None,
        limits: Any = None,
        tol: float = TOLERANCE,
    ) -> None:
        self.nsigmas = nsigmas
        self.confidence_level = confidence_level
        self.sigma_method = sigma_method
        self.span = span
        self.rules = rules
        self.dispersion_rules = dispersion_rules
        self.exclude = exclude
        self.auto_exclude = auto_exclude
        self.max_iterations = max_iterations
        self.center = center
        self.sigma = sigma
        self.limits = limits
        self.tol = tol

    def _rules_for(self, chart: str) -> tuple[str, ...]:
        if chart == "xbar.one":
            return normalize_rules(self.rules)
        return (
            DISPERSION_DEFAULT_RULES
            if self.dispersion_rules is None
            else normalize_rules(self.dispersion_rules)
        )

    def _read(self, data: Any, sizes: Any, ids: Any, start: int, what: str) -> _Series:
        if sizes is not None:
            raise InputError(f"{what}: an individuals chart has no sample sizes")
        x = _vector(data, what)
        if np.any(np.isnan(x)):
            raise InputError(
                f"{what}: value {int(np.isnan(x).argmax()) + 1} is missing; drop missing "
                "values before charting individuals"
            )
        return _Series(_ids(ids, len(x), start, what), x, np.ones(len(x)), None)

    def _series(self, raw: _Series, chart: str) -> _Series:
        return raw

    def _charted(
        self, chart: str, phase1: Any, phase2: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        ids, x, sizes, phase = _concat(phase1, phase2)
        if chart == "xbar.one":
            return ids, x, sizes, phase
        span = int(self.span)
        mr = np.full(len(x), np.nan)
        if len(x) >= span:
            mr[span - 1 :] = moving_ranges(x, span)
        return ids, mr, np.full(len(x), float(span)), phase

    def _estimate(self, phase1: _Series, k: float) -> list[ControlLimits]:
        x = phase1.statistics
        span = int(self.span)
        if self.sigma_method not in ("MR", "SD"):
            raise InputError(f"sigma_method must be 'MR' or 'SD' (got {self.sigma_method!r})")
        if len(x) <= span:
            raise InsufficientDataError(
                f"{len(x)} phase I values are too few for moving ranges of {span}"
            )
        if self.sigma is not None:
            sigma, method = float(self.sigma), None
        else:
            sigma, method = sigma_individuals(x, self.sigma_method, span), self.sigma_method
        center = float(np.mean(x)) if self.center is None else float(self.center)
        mr = moving_ranges(x, span)
        mr_bar = float(np.mean(mr))
        from ._constants import d2 as _d2

        mr_sigma = mr_bar / float(_d2(span)[()])
        ones = np.ones(len(x))
        return [
            self._limits("xbar.one", center, sigma, k, ones, method, len(x)),
            self._limits(
                "MR", mr_bar, mr_sigma, k, np.full(len(mr), float(span)), f"MR{span}", len(x), span
            ),
        ]

    def fit(
        self,
        data: Any,
        sizes: Any = None,
        newdata: Any = None,
        newsizes: Any = None,
        *,
        ids: Any = None,
        new_ids: Any = None,
    ) -> IndividualsChart:
        """Fit phase I on the individual values ``data``; chart ``newdata`` as phase II."""
        results = self._run(data, sizes, newdata, newsizes, ids, new_ids)
        first = results[0]
        self.result_ = PairedChartResult(
            location=first,
            dispersion=results[1],
            excluded=first.excluded,
            iterations=first.iterations,
            warnings=first.warnings,
        )
        self.limits_ = (first.limits, results[1].limits)
        return self


class _AttributeChart(_ChartBase):
    """p, np, c and u charts share their parameters and estimate from counts."""

    _kind: ClassVar[str] = "p"

    def __init__(
        self,
        *,
        nsigmas: float = 3.0,
        confidence_level: float | None = None,
        rules: Any = None,
        exclude: Sequence[Any] = (),
        auto_exclude: bool = False,
        max_iterations: int = 10,
        center: float | None = None,
        limits: Any = None,
        tol: float = TOLERANCE,
    ) -> None:
        self.nsigmas = nsigmas
        self.confidence_level = confidence_level
        self.rules = rules
        self.exclude = exclude
        self.auto_exclude = auto_exclude
        self.max_iterations = max_iterations
        self.center = center
        self.limits = limits
        self.tol = tol

    def _read(self, data: Any, sizes: Any, ids: Any, start: int, what: str) -> _Series:
        return _attribute_input(self._kind, data, sizes, ids, start, what)

    def _series(self, raw: _Series, chart: str) -> _Series:
        return raw

    def _estimate(self, phase1: _Series, k: float) -> list[ControlLimits]:
        center, sigma = _estimate_attribute(self._kind, phase1)
        if self.center is not None:  # a known standard (e.g. a target fraction defective)
            center = float(self.center)
            if self._kind == "p":
                sigma = math.sqrt(center * (1 - center))
            elif self._kind == "np":
                sigma = math.sqrt(center * (1 - center / float(phase1.sizes[0])))
            else:
                sigma = math.sqrt(center)
        return [self._limits(self._kind, center, sigma, k, phase1.sizes, None, len(phase1.ids))]

    def fit(
        self,
        data: Any,
        sizes: Any = None,
        newdata: Any = None,
        newsizes: Any = None,
        *,
        ids: Any = None,
        new_ids: Any = None,
    ) -> Any:
        """Fit phase I on the counts ``data`` (with ``sizes``); chart ``newdata`` as phase II."""
        results = self._run(data, sizes, newdata, newsizes, ids, new_ids)
        self.result_ = results[0]
        self.limits_ = results[0].limits
        return self


class PChart(_AttributeChart):
    """p chart of the fraction nonconforming D_i/n_i; per-point limits for varying n_i."""

    _charts = ("p",)
    _kind = "p"


class NPChart(_AttributeChart):
    """np chart of the number nonconforming (one sample size for all samples)."""

    _charts = ("np",)
    _kind = "np"


class CChart(_AttributeChart):
    """c chart of nonconformities per sample (constant inspection unit)."""

    _charts = ("c",)
    _kind = "c"


class UChart(_AttributeChart):
    """u chart of nonconformities per inspection unit x_i/n_i; per-point limits."""

    _charts = ("u",)
    _kind = "u"
