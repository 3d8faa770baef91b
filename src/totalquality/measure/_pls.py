"""PLS path modelling (PLS-PM) for customer-satisfaction indices (ECSI/ACSI style).

The estimator reproduces R ``plspm`` 0.5.1 (Sanchez, Trinchera & Russolillo):
Lohmöller's iterative algorithm with centroid, factorial or path inner weighting,
mode A (reflective) and mode B (formative) outer estimation, tolerance 1e-6 on
the squared change of the absolute outer weights and at most 100 iterations.

Design notes
------------
* Everything the algorithm needs is a function of the covariance matrix of the
  treated manifest variables (centred, or standardised with divisor *n* when
  ``scaled=True``): LV scores are ``X @ W``, inner estimates ``S @ W @ E``,
  loadings ``S @ W / sd``. Working on ``S`` makes a bootstrap replicate cost one
  ``p × p`` cross-product (O(n p²)) plus a few tiny matrix operations, and lets
  all replicates iterate together as one stacked array.
* Outer weights are scaled so that every LV score has variance 1 with divisor
  *n* (``plspm``'s ``sdv`` correction), inside the iteration LV estimates have
  standard deviation (n − 1)/n exactly as ``plspm`` computes them (this only
  matters for when the tolerance is reached, but keeps the iteration count equal).
* Sign indeterminacy: as ``plspm``'s ``get_scores``, an LV is flipped when the
  majority of its indicators correlate negatively with it (a tie flips too).
  Unlike ``plspm`` (which flips only the scores) the weights are flipped with
  it, so ``scores = X @ weights`` always holds and ``rescale()`` stays usable.
* The 0–100 index follows ``plspm::rescale``: raw items times the outer weights
  normalised to sum to 1 within the block; each item is first mapped from its
  scale (``scale_min``..``scale_max``) to 0–100, so blocks mixing scales work.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from graphlib import CycleError, TopologicalSorter
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._base import Analysis, Result
from .._errors import (
    ConvergenceWarning,
    InputError,
    InsufficientDataError,
    ReliabilityWarning,
    SmallSampleWarning,
    TotalQualityWarning,
)
from ._common import as_pandas, warn_and_record

SCHEMES = ("centroid", "factorial", "path")
MODES = ("A", "B")
MISSING = ("error", "drop", "mean")

#: reliability thresholds used for warnings (Nunnally 1978; Fornell & Larcker 1981)
ALPHA_MIN = 0.7
AVE_MIN = 0.5


# ---------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PathEstimate(Result):
    """One arrow of the inner model, from the OLS regression of its target LV."""

    source: str
    target: str
    coefficient: float
    std_error: float
    t_value: float
    p_value: float
    boot_mean: float | None = None
    boot_std_error: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True)
class ItemEstimate(Result):
    """Outer model of one manifest variable (item)."""

    item: str
    block: str
    weight: float
    loading: float
    communality: float
    redundancy: float
    weight_ci: tuple[float, float] | None = None
    loading_ci: tuple[float, float] | None = None


@dataclass(frozen=True)
class BlockSummary(Result):
    """One latent variable: fit, reliability and its 0–100 index."""

    block: str
    mode: str
    n_items: int
    endogenous: bool
    r2: float
    block_communality: float
    mean_redundancy: float
    ave: float
    cronbach_alpha: float
    dg_rho: float
    eig_1st: float
    eig_2nd: float
    #: mean of plspm's rescale() score, on the items' own scale
    rescaled_mean: float | None
    #: mean 0–100 index of the LV
    index: float | None
    index_ci: tuple[float, float] | None = None
    r2_ci: tuple[float, float] | None = None


@dataclass(frozen=True)
class EffectEstimate(Result):
    """Direct, indirect and total effect of one LV on a later one."""

    source: str
    target: str
    direct: float
    indirect: float
    total: float
    total_ci: tuple[float, float] | None = None


@dataclass(frozen=True)
class PLSResult(Result):
    """Everything a fitted :class:`PLSPathModel` reports (JSON-able with ``to_dict``)."""

    n_respondents: int
    scaled: bool
    scheme: str
    iterations: int
    converged: bool
    target: str
    #: mean 0–100 index of the target LV (the customer-satisfaction index)
    index: float | None
    index_ci: tuple[float, float] | None
    gof: float
    paths: tuple[PathEstimate, ...]
    blocks: tuple[BlockSummary, ...]
    items: tuple[ItemEstimate, ...]
    effects: tuple[EffectEstimate, ...]
    n_boot: int = 0
    n_boot_failed: int = 0
    confidence: float = 0.95
    n_dropped: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------
# model structure
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Structure:
    lvs: tuple[str, ...]
    items: tuple[str, ...]
    block_index: np.ndarray  # item -> LV position
    odm: np.ndarray  # p × L outer design matrix (0/1)
    path: np.ndarray  # L × L, path[i, j] = 1 when LV j -> LV i (plspm's convention)
    modes: tuple[str, ...]
    order: tuple[int, ...]  # a topological order of the LVs

    @property
    def endogenous(self) -> np.ndarray:
        return self.path.sum(axis=1) > 0

    @property
    def endogenous_positions(self) -> list[int]:
        return [int(k) for k in np.flatnonzero(self.endogenous)]

    def predecessors(self, k: int) -> np.ndarray:
        return np.flatnonzero(self.path[k])

    @property
    def arrows(self) -> list[tuple[int, int]]:
        """(source, target) positions of the inner arrows, by source then target in
        causal order (plspm lists them column by column of the path matrix)."""
        return [(j, k) for j in self.order for k in self.order if self.path[k, j]]

    @property
    def effect_pairs(self) -> list[tuple[int, int]]:
        """(cause, effect) positions of every LV and each LV after it in causal order."""
        return [(c, e) for a, c in enumerate(self.order) for e in self.order[a + 1 :]]


def _structure(
    blocks: Mapping[str, Sequence[str]] | None,
    paths: Sequence[tuple[str, str]] | None,
    modes: Mapping[str, str] | Sequence[str] | None,
) -> _Structure:
    problems: list[str] = []
    if not blocks:
        raise InputError("PLSPathModel needs blocks: {latent variable: [item, ...]}")
    if not paths:
        raise InputError("PLSPathModel needs paths: [(from LV, to LV), ...]")
    lvs = tuple(str(k) for k in blocks)
    items: list[str] = []
    block_index: list[int] = []
    for j, lv in enumerate(lvs):
        block_items = [str(i) for i in blocks[lv]]
        if not block_items:
            problems.append(f"block {lv!r} has no items")
        for item in block_items:
            if item in items:
                problems.append(f"item {item!r} is in more than one block")
            items.append(item)
            block_index.append(j)
    pos = {lv: j for j, lv in enumerate(lvs)}
    L = len(lvs)
    path = np.zeros((L, L))
    graph: dict[str, set[str]] = {lv: set() for lv in lvs}
    for arrow in paths:
        if len(arrow) != 2:
            problems.append(f"a path must be a (from, to) pair, got {arrow!r}")
            continue
        src, dst = str(arrow[0]), str(arrow[1])
        for name in (src, dst):
            if name not in pos:
                problems.append(f"path {src} -> {dst} names {name!r}, which is not a block")
        if src in pos and dst in pos:
            if src == dst:
                problems.append(f"path {src} -> {dst} points at itself")
            path[pos[dst], pos[src]] = 1.0
            graph[dst].add(src)
    if modes is None:
        mode_list = ["A"] * L
    elif isinstance(modes, Mapping):
        mode_list = [str(modes.get(lv, "A")).upper() for lv in lvs]
    else:
        mode_list = [str(m).upper() for m in modes]
        if len(mode_list) != L:
            problems.append(f"modes has {len(mode_list)} entries for {L} blocks")
    for lv, m in zip(lvs, mode_list, strict=False):
        if m not in MODES:
            problems.append(f"block {lv!r}: mode must be 'A' or 'B', got {m!r}")
    isolated = [lv for j, lv in enumerate(lvs) if path[j].sum() + path[:, j].sum() == 0]
    if isolated:
        problems.append(f"block(s) {', '.join(isolated)} have no path to or from another block")
    if problems:
        raise InputError("the PLS path model is not valid: " + "; ".join(problems))
    try:
        topo = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise InputError(
            f"the inner model must be recursive (no cycles); cycle: {' -> '.join(exc.args[1])}"
        ) from None
    # keep the user's order where it is already topological (plspm's lower-triangular rule)
    user_ok = all(path[i, j] == 0 for i in range(L) for j in range(i + 1, L))
    order = tuple(range(L)) if user_ok else tuple(pos[lv] for lv in topo)
    odm = np.zeros((len(items), L))
    odm[np.arange(len(items)), block_index] = 1.0
    return _Structure(
        lvs=lvs,
        items=tuple(items),
        block_index=np.asarray(block_index),
        odm=odm,
        path=path,
        modes=tuple(mode_list),
        order=order,
    )


# ---------------------------------------------------------------------------
# the algorithm on (stacks of) covariance matrices
# ---------------------------------------------------------------------------


def _inner_weights(st: _Structure, cor: np.ndarray, scheme: str) -> np.ndarray:
    """Inner weights E (B × L × L) from LV correlations (B × L × L), as plspm."""
    link = st.path + st.path.T
    if scheme == "centroid":
        return np.sign(cor * link)
    if scheme == "factorial":
        return cor * link
    # path scheme: predecessors get the coefficients of the LV regressed on them,
    # successors their correlation with the LV (plspm's get_path_scheme)
    E = np.zeros_like(cor)
    for k in range(len(st.lvs)):
        pred = st.predecessors(k)
        if pred.size:
            E[:, pred, k] = _regression(cor, pred, k)
        succ = np.flatnonzero(st.path[:, k])
        if succ.size:
            E[:, succ, k] = cor[:, k, succ]
    return E


def _lv_cov(S: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Covariances of the LVs (B × L × L) from item covariances S and outer weights W."""
    return np.swapaxes(W, 1, 2) @ S @ W


def _regression(cor: np.ndarray, pred: np.ndarray, k: int) -> np.ndarray:
    """Standardised coefficients (B × len(pred)) of LV k on its predecessors."""
    return np.linalg.solve(cor[:, pred[:, None], pred[None, :]], cor[:, pred, k][..., None])[..., 0]


def _outer_weights(
    st: _Structure,
    S: np.ndarray,
    n: int,
    scheme: str,
    tol: float,
    maxiter: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Converged, normalised, sign-fixed outer weights for a stack of covariances.

    ``S`` is B × p × p (divisor n). Returns (W: B × p × L, iterations: B, converged: B).
    Converged replicates are frozen while the others keep iterating.
    """
    B = S.shape[0]
    odm = st.odm
    sdv_iter = (n - 1) / n  # plspm's scale(Y) * sdv leaves LVs with sd (n-1)/n
    mode_b = [j for j, m in enumerate(st.modes) if m == "B"]
    b_items = {j: np.flatnonzero(st.block_index == j) for j in mode_b}
    # mode B regresses the inner estimate on the block's items (pinv: collinear items
    # give the minimum-norm solution instead of failing a whole bootstrap stack)
    S_bb_inv = {j: np.linalg.pinv(S[:, idx[:, None], idx[None, :]]) for j, idx in b_items.items()}

    def normalise(W: np.ndarray) -> np.ndarray:
        var = np.diagonal(_lv_cov(S, W), axis1=1, axis2=2)
        return W / np.sqrt(var)[:, None, :]

    W = normalise(np.broadcast_to(odm, (B, *odm.shape)).copy())
    w_old = W.sum(axis=2)
    iterations = np.ones(B, dtype=int)
    active = np.ones(B, dtype=bool)
    converged = np.zeros(B, dtype=bool)
    for it in range(1, maxiter + 1):
        idx = np.flatnonzero(active)
        Sa, Wa = S[idx], W[idx]
        C = _lv_cov(Sa, Wa)
        sd = np.sqrt(np.diagonal(C, axis1=1, axis2=2))
        cor = C / (sd[:, :, None] * sd[:, None, :])
        E = _inner_weights(st, cor, scheme)
        # (1/n) X' Z with Z = Y_std E and Y_std = X W diag(sdv / sd)
        M = Sa @ (Wa * (sdv_iter / sd)[:, None, :]) @ E
        W_new = odm * M
        for j, items in b_items.items():
            W_new[:, items, j] = (S_bb_inv[j][idx] @ M[:, items, j][..., None])[..., 0]
        w_new = W_new.sum(axis=2)
        dif = ((np.abs(w_old[idx]) - np.abs(w_new)) ** 2).sum(axis=1)
        W[idx] = W_new
        w_old[idx] = w_new
        iterations[idx] = it
        done = dif < tol
        converged[idx[done]] = True
        active[idx[done]] = False
        if not active.any():
            break
    W = normalise(W)
    # sign indeterminacy (plspm get_scores): flip an LV whose items mostly correlate negatively
    cov_xy = S @ W  # same sign as cor(X, LV)
    votes = np.sign(np.sign(cov_xy) * odm).sum(axis=1)
    flip = np.where(votes > 0, 1.0, -1.0)
    return W * flip[:, None, :], iterations, converged


@dataclass
class _Estimates:
    """Path coefficients, R², loadings and effects for a stack of fits."""

    path: np.ndarray  # B × L × L
    r2: np.ndarray  # B × L
    loadings: np.ndarray  # B × p (own block)
    crossloadings: np.ndarray  # B × p × L
    total: np.ndarray  # B × L × L


def _estimates(st: _Structure, S: np.ndarray, W: np.ndarray) -> _Estimates:
    B, _, L = W.shape
    C = _lv_cov(S, W)  # LV correlations: LVs have unit variance
    path = np.zeros((B, L, L))
    r2 = np.zeros((B, L))
    for k in st.endogenous_positions:
        pred = st.predecessors(k)
        beta = _regression(C, pred, k)
        path[:, k, pred] = beta
        r2[:, k] = (beta * C[:, pred, k]).sum(axis=1)
    sd_x = np.sqrt(np.diagonal(S, axis1=1, axis2=2))
    cross = (S @ W) / sd_x[:, :, None]
    loadings = (cross * st.odm).sum(axis=2)
    # total effects of a recursive model: (I - P)^-1 - I
    eye = np.eye(L)
    total = np.linalg.inv(eye - path) - eye
    return _Estimates(path=path, r2=r2, loadings=loadings, crossloadings=cross, total=total)


def _treat(S: np.ndarray, scaled: bool) -> np.ndarray:
    if not scaled:
        return S
    sd = np.sqrt(np.diagonal(S, axis1=1, axis2=2))
    return S / (sd[:, :, None] * sd[:, None, :])


# ---------------------------------------------------------------------------
# helpers on raw data
# ---------------------------------------------------------------------------


def handle_missing(frame: pd.DataFrame, how: str = "drop") -> tuple[pd.DataFrame, int, list[str]]:
    """Deal with missing answers: ``drop`` incomplete respondents, ``mean``-impute, or ``error``.

    Returns the complete frame, the number of respondents dropped (or imputed) and
    messages describing what was done.
    """
    if how not in MISSING:
        raise InputError(f"missing must be one of {', '.join(MISSING)}, got {how!r}")
    incomplete = frame.isna().any(axis=1)
    n_bad = int(incomplete.sum())
    if n_bad == 0:
        return frame, 0, []
    if how == "error":
        cols = [str(c) for c in frame.columns[frame.isna().any(axis=0)]]
        raise InputError(
            f"{n_bad} respondent(s) have missing answers (items: {', '.join(cols[:10])}); "
            "use missing='drop' or missing='mean'"
        )
    if how == "drop":
        msg = f"dropped {n_bad} of {len(frame)} respondents with incomplete answers"
        return frame.loc[~incomplete], n_bad, [msg]
    n_cells = int(frame.isna().sum().sum())
    msg = (
        f"imputed {n_cells} missing answers of {n_bad} respondents with item means "
        "(shrinks variances and correlations)"
    )
    return frame.fillna(frame.mean()), n_bad, [msg]


def _unidim(raw: np.ndarray, st: _Structure) -> np.ndarray:
    """Cronbach's α, Dillon–Goldstein ρ, 1st and 2nd eigenvalue per block (plspm get_unidim)."""
    out = np.zeros((len(st.lvs), 4))
    for j in range(len(st.lvs)):
        cols = np.flatnonzero(st.block_index == j)
        p = cols.size
        if p == 1:
            out[j] = (1.0, 1.0, 1.0, 0.0)
            continue
        R = np.corrcoef(raw[:, cols], rowvar=False)
        eig, vec = np.linalg.eigh(R)
        eig, vec = eig[::-1], vec[:, ::-1]
        if st.modes[j] == "A":
            total = R.sum()
            alpha = max(0.0, (total - p) / total * p / (p - 1))
            # correlations of the items with the first principal component
            pc_cor = vec[:, 0] * math.sqrt(eig[0])
            numer = pc_cor.sum() ** 2
            rho = numer / (numer + p - (pc_cor**2).sum())
        else:
            alpha = rho = 0.0
        out[j] = (alpha, rho, eig[0], eig[1])
    return out


def _as_scale(value: Any, items: Sequence[str], name: str) -> np.ndarray | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        missing = [i for i in items if i not in value]
        if missing:
            raise InputError(f"{name} has no value for item(s) {', '.join(missing[:10])}")
        return np.array([float(value[i]) for i in items])
    return np.full(len(items), float(value))


# ---------------------------------------------------------------------------
# the analysis
# ---------------------------------------------------------------------------


class PLSPathModel(Analysis):
    """PLS path model with latent variables (PLS-PM), as R ``plspm`` 0.5.1.

    Parameters
    ----------
    blocks : {LV name: [item column, ...]} in causal order (outer model).
    paths : [(from LV, to LV), ...] arrows of the inner model (must be recursive).
    modes : {LV: "A" | "B"} or a list; default all "A" (reflective).
    scaled : standardise items (divisor n) before estimation, plspm's default. With
        ``False`` items are only centred (use when all items share one scale).
    scheme : inner weighting scheme, "centroid", "factorial" or "path".
    tol, maxiter : convergence criterion (sum of squared changes of |weights|) and limit.
    n_boot : bootstrap replicates (0 = none); ``seed`` makes them reproducible.
    confidence : level of the percentile bootstrap intervals.
    scale_min, scale_max : answer scale of the items (a number or {item: number}) for
        the 0–100 index; when absent the observed item range is used, with a warning.
    target : LV whose 0–100 index is the headline index (default: the LV called
        satisfaction/SAT/CSI, else the endogenous LV with most predecessors).
    missing : "drop" incomplete respondents, "mean"-impute, or "error".

    Results: ``result_`` (:class:`PLSResult`) plus pandas views in the style of plspm:
    ``outer_model_``, ``inner_model_``, ``path_coefs_``, ``inner_summary_``,
    ``effects_``, ``unidim_``, ``crossloadings_``, ``gof_``, ``scores_``,
    ``rescaled_scores_``, ``index_scores_``, ``index_``, ``boot_``.
    """

    def __init__(
        self,
        blocks: Mapping[str, Sequence[str]] | None = None,
        paths: Sequence[tuple[str, str]] | None = None,
        modes: Mapping[str, str] | Sequence[str] | None = None,
        scaled: bool = True,
        scheme: str = "centroid",
        tol: float = 1e-6,
        maxiter: int = 100,
        n_boot: int = 0,
        seed: int | None = None,
        confidence: float = 0.95,
        scale_min: float | Mapping[str, float] | None = None,
        scale_max: float | Mapping[str, float] | None = None,
        target: str | None = None,
        missing: str = "drop",
    ) -> None:
        self.blocks = blocks
        self.paths = paths
        self.modes = modes
        self.scaled = scaled
        self.scheme = scheme
        self.tol = tol
        self.maxiter = maxiter
        self.n_boot = n_boot
        self.seed = seed
        self.confidence = confidence
        self.scale_min = scale_min
        self.scale_max = scale_max
        self.target = target
        self.missing = missing

    # -- validation ---------------------------------------------------------

    def _check_params(self) -> None:
        problems = []
        if self.scheme not in SCHEMES:
            problems.append(f"scheme must be one of {', '.join(SCHEMES)}, got {self.scheme!r}")
        if not (0 < self.tol <= 1e-3):
            problems.append(f"tol must be in (0, 0.001], got {self.tol}")
        if int(self.maxiter) < 1:
            problems.append(f"maxiter must be positive, got {self.maxiter}")
        if int(self.n_boot) < 0:
            problems.append(f"n_boot must be 0 or more, got {self.n_boot}")
        if not (0 < self.confidence < 1):
            problems.append(f"confidence must be between 0 and 1, got {self.confidence}")
        if self.missing not in MISSING:
            problems.append(f"missing must be one of {', '.join(MISSING)}, got {self.missing!r}")
        if problems:
            raise InputError("PLSPathModel: " + "; ".join(problems))

    def _choose_target(self, st: _Structure) -> str:
        if self.target is not None:
            if self.target not in st.lvs:
                raise InputError(f"target {self.target!r} is not a block of the model")
            return str(self.target)
        for lv in st.lvs:
            if lv.lower() in ("satisfaction", "sat", "csi", "cusa"):
                return lv
        endo = np.flatnonzero(st.endogenous)
        n_pred = st.path.sum(axis=1)
        return st.lvs[int(endo[np.argmax(n_pred[endo])])]

    # -- fit ----------------------------------------------------------------

    def fit(self, data: Any) -> PLSPathModel:
        """Estimate the model on a respondents × items table (pandas or polars)."""
        self._check_params()
        st = _structure(self.blocks, self.paths, self.modes)
        target = self._choose_target(st)
        frame = as_pandas(data)
        if not isinstance(frame, pd.DataFrame):
            raise InputError("PLSPathModel.fit expects a pandas or polars DataFrame of items")
        absent = [i for i in st.items if i not in frame.columns]
        if absent:
            raise InputError(f"the data have no column(s) {', '.join(absent[:20])}")
        frame = frame.loc[:, list(st.items)]
        try:
            frame = frame.apply(pd.to_numeric, errors="raise").astype(float)
        except (ValueError, TypeError) as exc:
            raise InputError(f"item answers must be numbers: {exc}") from None
        notes: list[str] = []
        frame, n_dropped, msgs = handle_missing(frame, self.missing)
        for msg in msgs:
            warn_and_record(notes, msg, TotalQualityWarning)
        raw = frame.to_numpy(dtype=float)
        n, p = raw.shape
        if n < max(10, p + 2):
            raise InsufficientDataError(
                f"PLS path modelling needs more complete respondents than items "
                f"(at least {max(10, p + 2)}); got {n} for {p} items"
            )
        sd = raw.std(axis=0)
        const = [st.items[i] for i in np.flatnonzero(sd == 0)]
        if const:
            raise InsufficientDataError(
                f"item(s) {', '.join(const)} have the same answer from every respondent"
            )
        # answer scales for the 0–100 index, checked before the work
        lo = _as_scale(self.scale_min, st.items, "scale_min")
        hi = _as_scale(self.scale_max, st.items, "scale_max")
        if lo is None or hi is None:
            obs_lo, obs_hi = raw.min(axis=0), raw.max(axis=0)
            lo = obs_lo if lo is None else lo
            hi = obs_hi if hi is None else hi
            warn_and_record(
                notes,
                "no answer scale given for the items; the 0–100 index uses the observed "
                "minimum and maximum of each item",
                TotalQualityWarning,
            )
        if np.any(hi <= lo):
            raise InputError("scale_max must be greater than scale_min for every item")
        outside = (raw < lo - 1e-9) | (raw > hi + 1e-9)
        if outside.any():
            bad = [st.items[i] for i in np.flatnonzero(outside.any(axis=0))]
            raise InputError(f"answers outside the item scale for item(s) {', '.join(bad[:10])}")
        # ten-times rule: 10 × the most arrows (inner or formative outer) pointing at one LV
        formative = [int(np.sum(st.block_index == j)) for j, m in enumerate(st.modes) if m == "B"]
        max_in = max([int(st.path.sum(axis=1).max()), *formative])
        if n < 10 * max_in:
            warn_and_record(
                notes,
                f"{n} respondents is below the ten-times rule ({10 * max_in}) for this model; "
                "estimates are unstable",
                SmallSampleWarning,
            )

        centred = raw - raw.mean(axis=0)
        X = centred / sd if self.scaled else centred
        S = (X.T @ X / n)[None]
        W_stack, iters, conv = _outer_weights(st, S, n, self.scheme, self.tol, int(self.maxiter))
        if not conv[0]:
            warn_and_record(
                notes,
                f"the PLS algorithm did not converge in {self.maxiter} iterations "
                f"(tol {self.tol}); results may be unreliable",
                ConvergenceWarning,
            )
        W = W_stack[0]
        est = _estimates(st, S, W_stack)
        scores = X @ W
        L = len(st.lvs)

        # inner regressions with intercept, exactly as lm() in plspm's get_paths
        inner: dict[str, pd.DataFrame] = {}
        path_rows: list[PathEstimate] = []
        R2 = np.zeros(L)
        Path = np.zeros((L, L))
        for k in st.endogenous_positions:
            pred = st.predecessors(k)
            A = np.column_stack([np.ones(n), scores[:, pred]])
            y = scores[:, k]
            coef, *_ = np.linalg.lstsq(A, y, rcond=None)
            resid = y - A @ coef
            df = n - A.shape[1]
            sigma2 = resid @ resid / df
            se = np.sqrt(sigma2 * np.diag(np.linalg.inv(A.T @ A)))
            t = coef / se
            pval = 2 * stats.t.sf(np.abs(t), df)
            R2[k] = 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))
            Path[k, pred] = coef[1:]
            names = ["Intercept", *(st.lvs[j] for j in pred)]
            inner[st.lvs[k]] = pd.DataFrame(
                {"Estimate": coef, "Std. Error": se, "t value": t, "Pr(>|t|)": pval},
                index=names,
            )
        for src, dst in st.arrows:
            reg = inner[st.lvs[dst]].loc[st.lvs[src]]
            path_rows.append(
                PathEstimate(
                    source=st.lvs[src],
                    target=st.lvs[dst],
                    coefficient=float(reg["Estimate"]),
                    std_error=float(reg["Std. Error"]),
                    t_value=float(reg["t value"]),
                    p_value=float(reg["Pr(>|t|)"]),
                )
            )

        # outer model
        # cor(X, LV) from the covariances: LVs have unit variance (divisor n), X is centred
        cross = est.crossloadings[0]
        loadings = (cross * st.odm).sum(axis=1)
        communality = loadings**2
        redundancy = communality * R2[st.block_index]
        weights = W.sum(axis=1)
        unidim = _unidim(raw, st)
        avg_comu = np.array([communality[st.block_index == j].mean() for j in range(L)])
        avg_redu = np.array([redundancy[st.block_index == j].mean() for j in range(L)])
        ave = np.where(np.array(st.modes) == "A", avg_comu, 0.0)
        multi = np.bincount(st.block_index, minlength=L)[st.block_index] > 1
        endo = st.endogenous
        gof = float(np.sqrt(communality[multi].mean() * R2[endo].mean()))
        effects_total = est.total[0]
        # rescaled scores (plspm rescale) and the 0–100 index
        norm_w, bad_blocks = _normalised_weights(weights, st)
        for lv in bad_blocks:
            warn_and_record(
                notes,
                f"block {lv}: some outer weights are negative, so no rescaled score or 0–100 "
                "index (reverse-code the items or check the model)",
                TotalQualityWarning,
            )
        rescaled = raw @ (st.odm * norm_w[:, None])
        pct = (raw - lo) / (hi - lo) * 100.0
        index_scores = pct @ (st.odm * norm_w[:, None])
        rescaled_mean = rescaled.mean(axis=0)
        index = index_scores.mean(axis=0)
        target_pos = st.lvs.index(target)

        # reliability caveats of reflective blocks (one warning each, also recorded)
        for j, lv in enumerate(st.lvs):
            if st.modes[j] != "A" or np.sum(st.block_index == j) < 2:
                continue
            caveats = []
            if unidim[j, 0] < ALPHA_MIN:
                caveats.append(
                    f"block {lv}: Cronbach's alpha {unidim[j, 0]:.3f} < {ALPHA_MIN} (not reliable)"
                )
            if ave[j] < AVE_MIN:
                caveats.append(
                    f"block {lv}: AVE {ave[j]:.3f} < {AVE_MIN} (items share less variance "
                    "with the construct than error)"
                )
            if unidim[j, 3] > 1:
                caveats.append(
                    f"block {lv}: second eigenvalue {unidim[j, 3]:.3f} > 1 (not unidimensional)"
                )
            for msg in caveats:
                warn_and_record(notes, msg, ReliabilityWarning)

        # bootstrap
        boot: dict[str, pd.DataFrame] = {}
        replicates: dict[str, pd.DataFrame] = {}
        n_failed = 0
        if int(self.n_boot) > 0:
            boot, replicates, n_failed, boot_notes = self._bootstrap(st, raw, lo, hi)
            for msg in boot_notes:
                warn_and_record(notes, msg, ConvergenceWarning)

        def ci(table: str, key: str) -> tuple[float, float] | None:
            if table not in boot:
                return None
            row = boot[table].loc[key]
            return (float(row["ci_low"]), float(row["ci_high"]))

        if boot:
            path_rows = [
                replace(
                    r,
                    boot_mean=float(b["mean"]),
                    boot_std_error=float(b["std_error"]),
                    ci_low=float(b["ci_low"]),
                    ci_high=float(b["ci_high"]),
                )
                for r in path_rows
                for b in [boot["paths"].loc[f"{r.source} -> {r.target}"]]
            ]

        item_rows = tuple(
            ItemEstimate(
                item=item,
                block=st.lvs[st.block_index[i]],
                weight=float(weights[i]),
                loading=float(loadings[i]),
                communality=float(communality[i]),
                redundancy=float(redundancy[i]),
                weight_ci=ci("weights", item),
                loading_ci=ci("loadings", item),
            )
            for i, item in enumerate(st.items)
        )
        block_rows = tuple(
            BlockSummary(
                block=lv,
                mode=st.modes[j],
                n_items=int(np.sum(st.block_index == j)),
                endogenous=bool(endo[j]),
                r2=float(R2[j]),
                block_communality=float(avg_comu[j]),
                mean_redundancy=float(avg_redu[j]),
                ave=float(ave[j]),
                cronbach_alpha=float(unidim[j, 0]),
                dg_rho=float(unidim[j, 1]),
                eig_1st=float(unidim[j, 2]),
                eig_2nd=float(unidim[j, 3]),
                rescaled_mean=_num(rescaled_mean[j]),
                index=_num(index[j]),
                index_ci=ci("index", lv),
                r2_ci=ci("r2", lv) if endo[j] else None,
            )
            for j, lv in enumerate(st.lvs)
        )
        effect_rows = [
            EffectEstimate(
                source=st.lvs[j],
                target=st.lvs[i],
                direct=float(Path[i, j]),
                indirect=float(effects_total[i, j] - Path[i, j]),
                total=float(effects_total[i, j]),
                total_ci=ci("total_effects", f"{st.lvs[j]} -> {st.lvs[i]}"),
            )
            for j, i in st.effect_pairs
        ]

        self.structure_ = st
        self.path_coefs_ = pd.DataFrame(Path, index=list(st.lvs), columns=list(st.lvs))
        self.inner_model_ = inner
        self.outer_model_ = pd.DataFrame(
            {
                "block": [st.lvs[j] for j in st.block_index],
                "weight": weights,
                "loading": loadings,
                "communality": communality,
                "redundancy": redundancy,
            },
            index=pd.Index(list(st.items), name="name"),
        )
        self.crossloadings_ = pd.DataFrame(cross, index=list(st.items), columns=list(st.lvs))
        self.inner_summary_ = pd.DataFrame(
            {
                "Type": np.where(endo, "Endogenous", "Exogenous"),
                "R2": R2,
                "Block_Communality": avg_comu,
                "Mean_Redundancy": avg_redu,
                "AVE": ave,
            },
            index=list(st.lvs),
        )
        self.effects_ = pd.DataFrame(
            [(e.source, e.target, e.direct, e.indirect, e.total) for e in effect_rows],
            columns=["from", "to", "direct", "indirect", "total"],
        )
        self.unidim_ = pd.DataFrame(
            {
                "Mode": list(st.modes),
                "MVs": np.bincount(st.block_index, minlength=L),
                "C.alpha": unidim[:, 0],
                "DG.rho": unidim[:, 1],
                "eig.1st": unidim[:, 2],
                "eig.2nd": unidim[:, 3],
            },
            index=list(st.lvs),
        )
        self.gof_ = gof
        idx = frame.index
        self.scores_ = pd.DataFrame(scores, index=idx, columns=list(st.lvs))
        self.rescaled_scores_ = pd.DataFrame(rescaled, index=idx, columns=list(st.lvs))
        self.index_scores_ = pd.DataFrame(index_scores, index=idx, columns=list(st.lvs))
        self.index_ = pd.Series(index, index=list(st.lvs), name="index")
        self.iterations_ = int(iters[0])
        self.boot_ = boot
        self.boot_replicates_ = replicates
        target_ci = ci("index", target)
        self.result_ = PLSResult(
            n_respondents=n,
            scaled=bool(self.scaled),
            scheme=self.scheme,
            iterations=int(iters[0]),
            converged=bool(conv[0]),
            target=target,
            index=_num(index[target_pos]),
            index_ci=target_ci,
            gof=gof,
            paths=tuple(path_rows),
            blocks=block_rows,
            items=item_rows,
            effects=tuple(effect_rows),
            n_boot=int(self.n_boot) - n_failed if int(self.n_boot) else 0,
            n_boot_failed=n_failed,
            confidence=float(self.confidence),
            n_dropped=n_dropped,
            warnings=tuple(notes),
        )
        return self

    # -- bootstrap ----------------------------------------------------------

    def _bootstrap(
        self, st: _Structure, raw: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], int, list[str]]:
        """Percentile bootstrap: all replicates iterate together as one stacked array.

        Replicate ``b`` resamples the rows ``rng.integers(0, n, n)`` (the b-th draw of
        ``numpy.random.default_rng(seed)``); its estimates equal a fit on those rows.
        """
        n, p = raw.shape
        B = int(self.n_boot)
        rng = np.random.default_rng(self.seed)
        centred = raw - raw.mean(axis=0)
        # replicate covariances (divisor n) from resampling counts: one BLAS p × p product
        # per replicate instead of copying the resampled rows; memory stays B × p × p
        S = np.empty((B, p, p))
        means = np.empty((B, p))
        for b in range(B):
            counts = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
            m = counts @ centred / n
            Z = centred * np.sqrt(counts)[:, None]
            S[b] = Z.T @ Z / n - np.outer(m, m)  # Z.T @ Z runs as one symmetric BLAS call
            means[b] = m
        means += raw.mean(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            Sx = _treat(S, bool(self.scaled))
        ok = np.all(np.isfinite(Sx), axis=(1, 2))
        W = np.full((B, p, len(st.lvs)), np.nan)
        conv = np.zeros(B, dtype=bool)
        if ok.any():
            Wk, _, ck = _outer_weights(st, Sx[ok], n, self.scheme, self.tol, int(self.maxiter))
            W[ok], conv[ok] = Wk, ck
        good = conv & ok
        n_failed = int(B - good.sum())
        notes = []
        if n_failed:
            notes.append(
                f"{n_failed} of {B} bootstrap replicates did not converge (or had a constant "
                "item) and were left out"
            )
        if good.sum() < 2:
            return {}, {}, n_failed, [*notes, "too few bootstrap replicates for intervals"]
        Sg, Wg = Sx[good], W[good]
        est = _estimates(st, Sg, Wg)
        weights = Wg.sum(axis=2)
        # index per replicate: normalised weights applied to the replicate's item means
        blocks_sum = weights @ st.odm  # B × L
        norm = weights / blocks_sum[:, st.block_index]
        pct_means = (means[good] - lo) / (hi - lo) * 100.0
        index = (pct_means * norm) @ st.odm
        neg = (weights < 0) @ st.odm > 0
        index[neg] = np.nan

        arrows, pairs = st.arrows, st.effect_pairs
        endo = np.flatnonzero(st.endogenous)
        tables = {
            "paths": (
                est.path[:, [k for _, k in arrows], [j for j, _ in arrows]],
                [f"{st.lvs[j]} -> {st.lvs[k]}" for j, k in arrows],
            ),
            "total_effects": (
                est.total[:, [d for _, d in pairs], [s for s, _ in pairs]],
                [f"{st.lvs[s]} -> {st.lvs[d]}" for s, d in pairs],
            ),
            "weights": (weights, list(st.items)),
            "loadings": (est.loadings, list(st.items)),
            "r2": (est.r2[:, endo], [st.lvs[k] for k in endo]),
            "index": (index, list(st.lvs)),
        }
        out = {}
        reps = {}
        for name, (samples, labels) in tables.items():
            reps[name] = pd.DataFrame(samples, index=np.flatnonzero(good), columns=labels)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                lo_q, hi_q = _nan_percentile_ci(samples, float(self.confidence))
                out[name] = pd.DataFrame(
                    {
                        "mean": np.nanmean(samples, axis=0),
                        "std_error": np.nanstd(samples, axis=0, ddof=1),
                        "ci_low": lo_q,
                        "ci_high": hi_q,
                    },
                    index=labels,
                )
        return out, reps, n_failed, notes


def _nan_percentile_ci(samples: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    lo = (1 - confidence) / 2
    # linear interpolation = R's quantile() type 7, as plspm's get_boots
    q = np.nanquantile(samples, [lo, 1 - lo], axis=0)
    return q[0], q[1]


def _normalised_weights(weights: np.ndarray, st: _Structure) -> tuple[np.ndarray, list[str]]:
    """Weights divided by their block sum (plspm rescale); NaN for blocks with a negative one."""
    sums = weights @ st.odm
    norm = weights / sums[st.block_index]
    bad = [lv for j, lv in enumerate(st.lvs) if np.any(weights[st.block_index == j] < 0)]
    for lv in bad:
        norm[st.block_index == st.lvs.index(lv)] = np.nan
    return norm, bad


def _num(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None
