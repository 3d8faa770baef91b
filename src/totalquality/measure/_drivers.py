"""Key driver analysis: how much of satisfaction each requirement explains.

Two relative-importance measures that split the regression R² into shares that
sum to R² and, unlike standardised coefficients, stay meaningful when drivers
are correlated:

* **Johnson's relative weights** (Johnson 2000): regress on the orthogonal
  counterpart Z = X·R^{-1/2} of the standardised drivers and carry the squared
  weights back through the loadings R^{1/2}; equals relaimpo's ``genizi``.
* **LMG / Shapley value** (Lindeman, Merenda & Gold 1980; relaimpo ``lmg``): the
  increase in R² from adding a driver, averaged over all orderings. Computed
  exactly over all 2^p subsets, each subset's R² from the correlation matrix
  (R²_S = r_S' R_SS^{-1} r_S), batched by subset size; fine up to ~15 drivers.

Two simpler relaimpo metrics can be asked for too (they do not add up to R²):
``first``, the R² of the driver alone (its squared correlation with the outcome), and
``last``, the R² lost when the driver is removed from the full model.

Bootstrap percentile intervals resample respondents; every replicate's
correlation matrix comes from one weighted matrix product and the subset
regressions are batched solves, so 1,000 replicates cost seconds, not minutes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError
from ._common import as_pandas, warn_and_record

MAX_PREDICTORS = 15


def _corr_from_moments(m1: np.ndarray, m2: np.ndarray) -> np.ndarray:
    """Correlation matrices (…, q, q) from first and second raw moments."""
    cov = m2 - m1[..., :, None] * m1[..., None, :]
    sd = np.sqrt(np.clip(np.diagonal(cov, axis1=-2, axis2=-1), 0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / (sd[..., :, None] * sd[..., None, :])


def johnson_weights(corr: np.ndarray) -> np.ndarray:
    """Johnson's raw relative weights from correlation matrices (…, q, q), y last."""
    rxx = corr[..., :-1, :-1]
    rxy = corr[..., :-1, -1]
    evals, evecs = np.linalg.eigh(rxx)
    evals = np.clip(evals, 0, None)
    # Λ = R^{1/2} (symmetric square root), β = R^{-1/2} r_xy
    lam = (evecs * np.sqrt(evals)[..., None, :]) @ np.swapaxes(evecs, -1, -2)
    with np.errstate(invalid="ignore", divide="ignore"):
        inv_sqrt = (evecs * (1 / np.sqrt(evals))[..., None, :]) @ np.swapaxes(evecs, -1, -2)
    beta = (inv_sqrt @ rxy[..., None])[..., 0]
    return (lam**2 @ (beta**2)[..., None])[..., 0]


def _r2_of(rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """R² = r_xy' R_xx^{-1} r_xy from (batches of) predictor and outcome correlations."""
    try:
        beta = np.linalg.solve(rxx, rxy[..., None])[..., 0]
    except np.linalg.LinAlgError:
        beta = (np.linalg.pinv(rxx) @ rxy[..., None])[..., 0]
    return (rxy * beta).sum(axis=-1)


def _r2(corr: np.ndarray) -> np.ndarray:
    """R² of the regression of the last variable on the others, from correlation matrices."""
    return _r2_of(corr[..., :-1, :-1], corr[..., :-1, -1])


def _subset_r2(corr: np.ndarray, p: int, max_elements: int = 20_000_000) -> np.ndarray:
    """R² of every predictor subset, indexed by bitmask: shape (…, 2**p)."""
    batch = corr.shape[:-2]
    b = int(np.prod(batch)) if batch else 1
    c = corr.reshape(b, p + 1, p + 1)
    r2 = np.zeros((b, 2**p))
    for k in range(1, p + 1):
        subsets = np.array(list(itertools.combinations(range(p), k)), dtype=np.intp)
        masks = (1 << subsets).sum(axis=1)
        chunk = max(1, max_elements // max(1, b * k * k))
        for start in range(0, len(subsets), chunk):
            sub = subsets[start : start + chunk]
            rss = c[:, sub[:, :, None], sub[:, None, :]]  # (b, s, k, k)
            rsy = c[:, sub, p]  # (b, s, k)
            r2[:, masks[start : start + chunk]] = _r2_of(rss, rsy)
    return r2.reshape(*batch, 2**p)


def lmg_weights(corr: np.ndarray) -> np.ndarray:
    """LMG (Shapley) decomposition of R² from correlation matrices (…, q, q), y last."""
    p = corr.shape[-1] - 1
    if p > MAX_PREDICTORS:
        raise InputError(f"LMG over all subsets is limited to {MAX_PREDICTORS} drivers, got {p}")
    r2 = _subset_r2(corr, p)
    masks = np.arange(2**p)
    sizes = np.array([bin(m).count("1") for m in masks])
    fact = np.array([math.factorial(i) for i in range(p + 1)], dtype=float)
    out = np.zeros((*corr.shape[:-2], p))
    for j in range(p):
        without = masks[(masks >> j) & 1 == 0]
        s = sizes[without]
        w = fact[s] * fact[p - s - 1] / fact[p]
        out[..., j] = ((r2[..., without | (1 << j)] - r2[..., without]) * w).sum(axis=-1)
    return out


def first_weights(corr: np.ndarray) -> np.ndarray:
    """relaimpo ``first``: each driver's R² on its own (squared correlation with y, last)."""
    return corr[..., :-1, -1] ** 2


def last_weights(corr: np.ndarray) -> np.ndarray:
    """relaimpo ``last``: the R² lost when each driver leaves the full model (y last)."""
    p = corr.shape[-1] - 1
    full = _r2(corr)
    out = np.empty((*corr.shape[:-2], p))
    for j in range(p):
        keep = [i for i in range(p + 1) if i != j]
        out[..., j] = full - _r2(corr[..., keep, :][..., :, keep])
    return out


def _check_not_collinear(rxx: np.ndarray, names: list[str]) -> None:
    """Refuse drivers of which one is a linear combination of others: their shares of R²
    are not identified (Johnson's weights divide by a zero eigenvalue)."""
    evals, evecs = np.linalg.eigh(rxx)
    if evals[0] > 1e-10 * max(evals[-1], 1.0):
        return
    involved = [n for n, v in zip(names, evecs[:, 0], strict=True) if abs(v) > 1e-6]
    raise InputError(
        f"drivers {', '.join(involved)} are perfectly collinear (one is a linear combination "
        "of the others): their shares of R² cannot be told apart; drop one of them"
    )


_R2 = "_r2"  # the bootstrap's replicate R², beside the metrics' weights

#: relative-importance metric → its function of the correlation matrices (y last)
METRICS = {
    "johnson": johnson_weights,
    "lmg": lmg_weights,
    "first": first_weights,
    "last": last_weights,
}


@dataclass(frozen=True)
class DriverResult(Result):
    """Relative importance of each driver, raw and as % of R² (``<method>_pct``), with
    intervals; the Johnson and LMG weights add up to R², ``first`` and ``last`` do not."""

    target: str
    r2: float
    n: int
    table: pd.DataFrame
    n_boot: int
    level: float
    warnings: tuple[str, ...] = ()


class KeyDriverAnalysis(Analysis):
    """Johnson's relative weights and LMG/Shapley importance with bootstrap intervals.

    ``fit(X, y)``: ``X`` a DataFrame of drivers (one column each), ``y`` the outcome
    (a Series, array or the name of a column of ``X``). Rows with any missing value
    are dropped. ``methods`` are among :data:`METRICS` (``johnson``, ``lmg``, ``first``,
    ``last``); the first one ranks the drivers. ``n_boot=0`` skips the bootstrap;
    ``random_state`` makes it reproducible.
    """

    def __init__(
        self,
        methods: tuple[str, ...] = ("johnson", "lmg"),
        n_boot: int = 1000,
        level: float = 0.95,
        random_state: int | None = None,
        min_n: int = 30,
    ) -> None:
        self.methods = methods
        self.n_boot = n_boot
        self.level = level
        self.random_state = random_state
        self.min_n = min_n

    def fit(self, X: Any, y: Any = None) -> KeyDriverAnalysis:
        X = pd.DataFrame(as_pandas(X))
        if isinstance(y, str):
            if y not in X.columns:
                raise InputError(f"no outcome column {y!r}")
            target, yv = y, X[y]
            X = X.drop(columns=[y])
        elif y is None:
            raise InputError("key driver analysis needs an outcome y")
        else:
            yv = pd.Series(np.asarray(y).ravel(), index=X.index)
            target = str(getattr(y, "name", None) or "y")
        unknown = set(self.methods) - set(METRICS)
        if unknown or not self.methods:
            raise InputError(f"methods must be among {tuple(METRICS)}; got {self.methods}")
        data = pd.concat(
            [
                X.apply(pd.to_numeric, errors="coerce"),
                pd.to_numeric(yv, errors="coerce").rename("__y__"),
            ],
            axis=1,
        ).dropna()
        names = [str(c) for c in X.columns]
        p, n = len(names), len(data)
        if p < 1:
            raise InputError("key driver analysis needs at least one driver")
        if "lmg" in self.methods and p > MAX_PREDICTORS:
            raise InputError(
                f"LMG over all subsets is limited to {MAX_PREDICTORS} drivers, got {p}; "
                "use methods=('johnson',) or fewer drivers"
            )
        if n < p + 2:
            raise InsufficientDataError(f"{n} complete rows for {p} drivers; need at least {p + 2}")
        const = [
            c for c, s in zip(names, data.iloc[:, :p].std().to_numpy(), strict=True) if not s > 0
        ]
        if const or not data["__y__"].std() > 0:
            raise InsufficientDataError(
                f"constant column(s) {const or [target]}: no variance to explain"
            )
        warn: list[str] = []
        if n < self.min_n:
            warn_and_record(warn, f"key drivers from only {n} respondents; weights are unstable")
        A = data.to_numpy(float)
        corr = np.corrcoef(A, rowvar=False)
        rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
        _check_not_collinear(rxx, names)
        beta = np.linalg.lstsq(rxx, rxy, rcond=None)[0]
        r2 = float(rxy @ beta)
        table = pd.DataFrame({"driver": names, "correlation": rxy, "beta": beta})
        est = {m: METRICS[m](corr) for m in self.methods}
        boot = self._bootstrap(A) if self.n_boot else {}
        lo_q, hi_q = (1 - self.level) / 2, (1 + self.level) / 2
        for m, w in est.items():
            table[m] = w
            table[f"{m}_pct"] = 100 * w / r2
            if m in boot:
                bw = boot[m]
                bpct = 100 * bw / boot[_R2][:, None]
                table[f"{m}_ci_low"] = np.nanquantile(bw, lo_q, axis=0)
                table[f"{m}_ci_high"] = np.nanquantile(bw, hi_q, axis=0)
                table[f"{m}_pct_ci_low"] = np.nanquantile(bpct, lo_q, axis=0)
                table[f"{m}_pct_ci_high"] = np.nanquantile(bpct, hi_q, axis=0)
        order = next(iter(est))
        table["rank"] = table[order].rank(ascending=False, method="min").astype(int)
        self.table_ = table
        self.r2_ = r2
        self.result_ = DriverResult(
            target=target,
            r2=r2,
            n=n,
            table=table,
            n_boot=self.n_boot,
            level=self.level,
            warnings=tuple(warn),
        )
        return self

    def _bootstrap(self, A: np.ndarray) -> dict[str, np.ndarray]:
        rng = np.random.default_rng(self.random_state)
        n, q = A.shape
        # centre first: raw moments of centred data are better conditioned
        Ac = A - A.mean(axis=0)
        outer = (Ac[:, :, None] * Ac[:, None, :]).reshape(n, q * q)
        out: dict[str, list[np.ndarray]] = {m: [] for m in (*self.methods, _R2)}
        chunk = max(1, min(self.n_boot, 20_000_000 // max(n, 1)))
        done = 0
        while done < self.n_boot:
            b = min(chunk, self.n_boot - done)
            # resampling = multinomial counts per respondent; moments by matrix product
            w = rng.multinomial(n, np.full(n, 1 / n), size=b).astype(float) / n
            m1 = w @ Ac
            m2 = (w @ outer).reshape(b, q, q)
            corr = _corr_from_moments(m1, m2)
            for m in self.methods:
                out[m].append(METRICS[m](corr))
            out[_R2].append(_r2(corr))
            done += b
        return {m: np.concatenate(v) for m, v in out.items()}


def relative_importance(
    X: Any, y: Any, *, methods: Sequence[str] = ("johnson", "lmg"), n_boot: int = 0, **kw: Any
) -> DriverResult:
    """Shortcut: ``KeyDriverAnalysis(...).fit(X, y).result_``."""
    return KeyDriverAnalysis(methods=tuple(methods), n_boot=n_boot, **kw).fit(X, y).result_
