"""Operating-characteristic (OC) curves, ARL of Shewhart charts, overdispersion tests (qcc).

β is the probability that one sample falls inside the limits (the shift is *not* detected);
ARL = 1/(1 − β).

* X̄ (shift δ in σ of individual values, subgroup size n):
  β = Φ(k − δ√n) − Φ(−k − δ√n).
* R and S (σ multiplied by c): exact range / χ² distributions of the statistic at the
  3σ (or probability) limits, as qcc ``ocCurves.R``/``ocCurves.S``.
* p/np (binomial) and c/u (Poisson): β = P(X ≤ ⌊UCL⌋) − P(X ≤ ⌊LCL⌋ − 1) with the limits in
  counts (n·limit for p and u).

:func:`overdispersion_test` is qcc's ``qccOverdispersionTest``: D = s²(n − 1)/σ²_theory
against χ²(n − 1), with σ²_theory = n̄ p̄(1 − p̄) (binomial) or x̄ (Poisson).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from .._base import Result
from .._errors import InputError, InsufficientDataError
from ._constants import c4, d2, d3, range_cdf, range_ppf


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class OCCurve(Result):
    """β and ARL over a grid ``x`` (shift, multiplier, p or mean count).

    For X̄/R/S charts ``beta`` has one column per entry of ``sizes``; for attribute charts
    it has one column.
    """

    chart: str
    x_label: str
    x: np.ndarray
    sizes: tuple[float, ...]
    beta: np.ndarray
    arl: np.ndarray

    def figure(self, what: str = "beta", title: str | None = None) -> dict[str, Any]:
        """Plotly figure dict of β (``what="beta"``) or ARL against ``x``."""
        from ._plots_charts import oc_figure

        return oc_figure(self, what=what, title=title)


def _arl(beta: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return 1.0 / (1.0 - beta)


def _k(nsigmas: float | None, confidence_level: float | None) -> float:
    if confidence_level is not None:
        if not 0 < confidence_level < 1:
            raise InputError(f"confidence_level must be in (0, 1) (got {confidence_level})")
        return float(stats.norm.ppf(1.0 - (1.0 - confidence_level) / 2.0))
    if nsigmas is None or not nsigmas > 0:
        raise InputError("give nsigmas > 0 or a confidence_level")
    return float(nsigmas)


def oc_xbar(
    shift: Any = None,
    sizes: Any = (1, 5, 10, 15, 20),
    *,
    nsigmas: float = 3.0,
    confidence_level: float | None = None,
) -> OCCurve:
    """OC curves of the X̄ chart; ``shift`` in σ of single values (default 0, 0.05, …, 5)."""
    delta = np.round(np.arange(0, 101) * 0.05, 10) if shift is None else np.asarray(shift, float)
    n = np.asarray(sizes, dtype=float).reshape(-1)
    k = _k(nsigmas, confidence_level)
    mu = delta[:, None] * np.sqrt(n)[None, :]
    beta = stats.norm.cdf(k - mu) - stats.norm.cdf(-k - mu)
    return OCCurve("xbar", "shift (sigma)", delta, tuple(n.tolist()), beta, _arl(beta))


def oc_r(
    multiplier: Any = None,
    sizes: Any = (2, 5, 10, 15, 20),
    *,
    nsigmas: float | None = 3.0,
    confidence_level: float | None = None,
) -> OCCurve:
    """OC curves of the R chart against σ multiplied by ``multiplier`` (default 1…6)."""
    c = (
        np.round(np.arange(10, 61) * 0.1, 10)
        if multiplier is None
        else np.asarray(multiplier, float)
    )
    n = np.asarray(sizes, dtype=int).reshape(-1)
    beta = np.empty((len(c), len(n)))
    for j, size in enumerate(n):
        if confidence_level is not None:
            q = (1.0 - confidence_level) / 2.0
            lcl, ucl = float(range_ppf(q, int(size))[()]), float(range_ppf(1 - q, int(size))[()])
        else:
            k = _k(nsigmas, None)
            d2n, d3n = float(d2(size)[()]), float(d3(size)[()])
            lcl, ucl = max(0.0, d2n - k * d3n), d2n + k * d3n
        beta[:, j] = range_cdf(ucl / c, int(size)) - range_cdf(lcl / c, int(size))
    return OCCurve("R", "scale multiplier", c, tuple(float(s) for s in n), beta, _arl(beta))


def oc_s(
    multiplier: Any = None,
    sizes: Any = (2, 5, 10, 15, 20),
    *,
    nsigmas: float | None = 3.0,
    confidence_level: float | None = None,
) -> OCCurve:
    """OC curves of the S chart against σ multiplied by ``multiplier`` (default 1…6)."""
    c = (
        np.round(np.arange(10, 61) * 0.1, 10)
        if multiplier is None
        else np.asarray(multiplier, float)
    )
    n = np.asarray(sizes, dtype=float).reshape(-1)
    beta = np.empty((len(c), len(n)))
    for j, size in enumerate(n):
        df = size - 1.0
        if confidence_level is not None:
            q = (1.0 - confidence_level) / 2.0
            lcl = np.sqrt(stats.chi2.ppf(q, df) / df)
            ucl = np.sqrt(stats.chi2.ppf(1 - q, df) / df)
        else:
            k = _k(nsigmas, None)
            center = float(c4(size)[()])
            tol = np.sqrt(1.0 - center**2)
            lcl, ucl = max(0.0, center - k * tol), center + k * tol
        beta[:, j] = stats.chi2.cdf(df * (ucl / c) ** 2, df) - stats.chi2.cdf(
            df * (lcl / c) ** 2, df
        )
    return OCCurve("S", "scale multiplier", c, tuple(n.tolist()), beta, _arl(beta))


def oc_p(
    size: float,
    lcl: float,
    ucl: float,
    p: Any = None,
    *,
    chart: str = "p",
) -> OCCurve:
    """OC curve of a p (limits as fractions) or np (limits as counts) chart; ``p`` default
    0, 0.01, …, 1."""
    if chart not in ("p", "np"):
        raise InputError("chart must be 'p' or 'np'")
    n = int(size)
    grid = np.round(np.linspace(0, 1, 101), 10) if p is None else np.asarray(p, float)
    scale = n if chart == "p" else 1
    upper = min(np.floor(scale * ucl), n)
    lower = max(np.floor(scale * lcl), 0)
    beta = stats.binom.cdf(upper, n, grid) - stats.binom.cdf(lower - 1, n, grid)
    return OCCurve(chart, "fraction nonconforming", grid, (float(n),), beta, _arl(beta))


def oc_c(
    lcl: float,
    ucl: float,
    mean: Any = None,
    *,
    size: float = 1.0,
    chart: str = "c",
    center: float | None = None,
) -> OCCurve:
    """OC curve of a c chart (limits in counts) or u chart (limits per unit, ``size`` units
    per sample) against the mean count per sample.

    The default grid is 0, 1, …, ⌈c̄ + 10√c̄⌉ in counts per sample (as qcc), with c̄ the
    chart's ``center`` (per unit for u), or the middle of the limits when not given.
    """
    if chart not in ("c", "u"):
        raise InputError("chart must be 'c' or 'u'")
    scale = 1.0 if chart == "c" else float(size)
    upper = np.floor(scale * ucl)
    lower = np.floor(scale * lcl)
    if mean is None:
        middle = (lcl + ucl) / 2.0 if center is None else float(center)
        count_center = scale * middle
        top = int(np.ceil(count_center + 10.0 * np.sqrt(count_center)))
        grid = np.arange(0, top + 1, dtype=float)
    else:
        grid = np.asarray(mean, float)
    beta = stats.poisson.cdf(upper, grid) - stats.poisson.cdf(lower - 1, grid)
    return OCCurve(chart, "mean count", grid, (float(size),), beta, _arl(beta))


def oc_curve(result: Any, **kwargs: Any) -> OCCurve:
    """OC curve for a fitted chart result (equal sample sizes in phase I)."""
    chart = getattr(result, "chart", None)
    limits = getattr(result, "limits", None)
    if chart is None or limits is None:
        raise InputError("oc_curve needs a ControlChartResult")
    sizes = np.unique(np.asarray(limits.sizes, dtype=float))
    if len(sizes) != 1:
        raise InputError("OC curves need one sample size for every sample")
    n = float(sizes[0])
    conf = limits.confidence_level
    first = np.flatnonzero(np.asarray(result.phase) == "I")
    i = int(first[0]) if len(first) else 0
    if chart == "xbar":
        sz = sorted({n, *kwargs.pop("sizes", (1, 5, 10, 15, 20))})
        return oc_xbar(sizes=sz, nsigmas=limits.nsigmas, confidence_level=conf, **kwargs)
    if chart in ("R", "S"):
        sz = sorted({n, *kwargs.pop("sizes", (2, 5, 10, 15, 20))})
        fn = oc_r if chart == "R" else oc_s
        return fn(
            sizes=sz, nsigmas=None if conf else limits.nsigmas, confidence_level=conf, **kwargs
        )
    if chart in ("p", "np"):
        return oc_p(n, float(result.lcl[i]), float(result.ucl[i]), chart=chart, **kwargs)
    if chart in ("c", "u"):
        return oc_c(
            float(result.lcl[i]),
            float(result.ucl[i]),
            size=n,
            chart=chart,
            center=float(result.center),
            **kwargs,
        )
    raise InputError(f"OC curves are not available for a {chart} chart")


@dataclass(frozen=True)
class OverdispersionResult(Result):
    """qcc's overdispersion test: observed/theoretical variance, statistic, p-value."""

    distribution: str
    variance_ratio: float
    statistic: float
    df: int
    p_value: float

    @property
    def overdispersed(self) -> bool:
        """True at the 5 % level."""
        return self.p_value < 0.05


def overdispersion_test(
    x: Any, size: Any = None, distribution: str | None = None
) -> OverdispersionResult:
    """Test binomial (give ``size``) or Poisson counts for extra variation (Wetherill & Brown
    1991, pp. 216–218): D = s²(n − 1)/σ²_theory ~ χ²(n − 1) under the model.

    Overdispersed attribute data make p/c/u limits far too narrow (false alarms): consider a
    Laney p′/u′ chart or an individuals chart of the rates.
    """
    counts = np.asarray(x, dtype=float).reshape(-1)
    dist = distribution or ("poisson" if size is None else "binomial")
    if dist not in ("binomial", "poisson"):
        raise InputError("distribution must be 'binomial' or 'poisson'")
    if len(counts) < 2:
        raise InsufficientDataError("at least 2 counts are needed")
    if dist == "binomial":
        if size is None:
            raise InputError("binomial data need size=")
        n = np.asarray(size, dtype=float).reshape(-1)
        if n.size == 1:
            n = np.full(len(counts), float(n[0]))
        if len(n) != len(counts):
            raise InputError("x and size must have the same length")
        p = counts.sum() / n.sum()
        theory = float(np.mean(n) * p * (1 - p))
    else:
        theory = float(np.mean(counts))
    if theory <= 0:
        raise InsufficientDataError("the theoretical variance is 0 (no events, or all units bad)")
    observed = float(np.var(counts, ddof=1))
    df = len(counts) - 1
    statistic = observed * df / theory
    return OverdispersionResult(
        distribution=dist,
        variance_ratio=observed / theory,
        statistic=statistic,
        df=df,
        p_value=float(stats.chi2.sf(statistic, df)),
    )
