"""Process capability: Cp/Cpk/Cpm (within-subgroup sigma) and Pp/Ppk/Ppm (overall sigma).

The normal-theory indices and their confidence limits follow R qcc's
``processCapability`` (luca-scr/qcc, ``R/capability.R``) exactly, so they can be checked
against qcc's published output:

* Cp = (USL − LSL)/(2kσ), Cp_u = (USL − x̄)/(kσ), Cp_l = (x̄ − LSL)/(kσ), Cp_k = min(Cp_u, Cp_l),
  Cpm = Cp/sqrt(1 + ((x̄ − T)/σ)²); the P family uses the overall sample standard deviation.
* Limits: Cp, Cpm: index·sqrt(χ²_{α/2,ν}/ν) … with ν = N − 1 (Cp) and
  ν = N(1 + d²)/(1 + 2d²), d = (x̄ − T)/σ (Cpm); one-sided indices:
  index·(1 ∓ z·sqrt(1/(9N·index²) + 1/(2(N − 1)))), z = Φ⁻¹(conf) for Cp_l/Cp_u and
  Φ⁻¹(1 − α/2) for Cp_k (as qcc does).

Two options for data that are not normal: ``method="boxcox"`` transforms data, specs and
target with the maximum-likelihood Box-Cox λ and computes the normal indices on that scale;
``method="percentile"`` uses the ISO 22514-2 / Clements percentile indices
Cp = (USL − LSL)/(P₉₉.₈₆₅ − P₀.₁₃₅), Cp_u = (USL − median)/(P₉₉.₈₆₅ − median),
Cp_l = (median − LSL)/(median − P₀.₁₃₅) with empirical percentiles and bootstrap limits.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._base import Analysis, Result
from .._errors import (
    InputError,
    InsufficientDataError,
    NonNormalWarning,
    SmallSampleWarning,
    TotalQualityWarning,
    UnstableProcessWarning,
)
from .._findings import Finding
from ._constants import c4 as _c4
from ._constants import d2 as _d2

INDEX_NAMES = ("Cp", "Cp_l", "Cp_u", "Cp_k", "Cpm", "Pp", "Pp_l", "Pp_u", "Pp_k", "Ppm")
METHODS = ("normal", "boxcox", "percentile")
SIGMA_METHODS = ("auto", "uwave-r", "uwave-sd", "rmsdf", "mr", "sd")


@dataclass(frozen=True)
class CapabilityIndex(Result):
    """One capability index with its confidence limits (NaN when not defined)."""

    name: str
    value: float
    lower: float
    upper: float


@dataclass(frozen=True)
class CapabilityResult(Result):
    """Capability indices, fractions out of specification and the caveats that go with them.

    Fractions are fractions (0.13 = 13 %); the ``*_ppm`` properties give parts per million.
    ``expected_*`` use the within sigma and the normal model (qcc's "Exp<LSL"),
    ``expected_overall_*`` the overall sigma; ``observed_*`` count the data.
    """

    n: int
    n_subgroups: int
    center: float
    sigma_within: float
    sigma_overall: float
    sigma_method: str
    lsl: float | None
    usl: float | None
    target: float | None
    nsigmas: float
    confidence_level: float
    method: str
    indices: dict[str, CapabilityIndex]
    expected_below: float
    expected_above: float
    expected_overall_below: float
    expected_overall_above: float
    observed_below: float
    observed_above: float
    normality_test: str | None
    normality_p: float | None
    in_control: bool | None
    boxcox_lambda: float | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def expected_total(self) -> float:
        return float(np.nansum([self.expected_below, self.expected_above]))

    @property
    def expected_overall_total(self) -> float:
        return float(np.nansum([self.expected_overall_below, self.expected_overall_above]))

    @property
    def observed_total(self) -> float:
        return float(np.nansum([self.observed_below, self.observed_above]))

    @property
    def expected_ppm(self) -> float:
        return 1e6 * self.expected_total

    @property
    def expected_overall_ppm(self) -> float:
        return 1e6 * self.expected_overall_total

    @property
    def observed_ppm(self) -> float:
        return 1e6 * self.observed_total

    def __getitem__(self, name: str) -> CapabilityIndex:
        return self.indices[name]

    def table(self) -> pd.DataFrame:
        """The indices as a frame: one row per index, columns value, lower, upper."""
        return pd.DataFrame(
            [(i.name, i.value, i.lower, i.upper) for i in self.indices.values()],
            columns=["index", "value", "lower", "upper"],
        ).set_index("index")

    def finding(
        self,
        subject_id: str,
        target_cpk: float = 1.33,
        subject_type: str = "characteristic",
        related: dict[str, str] | None = None,
        source: str = "capability",
    ) -> Finding | None:
        """A ``capability_below_target`` finding when Cp_k (Pp_k if Cp_k is undefined) is below
        ``target_cpk``; ``significant`` when even the upper confidence limit is below it."""
        idx = self.indices.get("Cp_k")
        if idx is None or not math.isfinite(idx.value):
            idx = self.indices.get("Pp_k")
        if idx is None or not math.isfinite(idx.value) or idx.value >= target_cpk:
            return None
        significant = math.isfinite(idx.upper) and idx.upper < target_cpk
        caveat = " (process not in control)" if self.in_control is False else ""
        return Finding(
            kind="capability_below_target",
            subject_type=subject_type,
            subject_id=subject_id,
            title=f"{subject_id}: {idx.name} = {idx.value:.2f} below {target_cpk:g}{caveat}",
            action=(
                "Bring the process into control first, then reduce variation or re-centre it"
                if self.in_control is False
                else "Reduce variation and centre the process between the specification limits"
            ),
            evidence={
                "index": idx.name,
                "value": idx.value,
                "lower": idx.lower,
                "upper": idx.upper,
                "target": target_cpk,
                "expected_ppm": self.expected_ppm,
                "observed_ppm": self.observed_ppm,
                "n": self.n,
                "warnings": list(self.warnings),
            },
            impact={"expected_ppm": self.expected_ppm},
            confidence=0.9 if significant else 0.5,
            severity=float(min(1.0, max(0.0, 1.0 - idx.value / target_cpk))),
            source=source,
            significant=significant,
            related=dict(related or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        for name in ("expected_total", "expected_overall_total", "observed_total"):
            out[name] = getattr(self, name)
        for name in ("expected_ppm", "expected_overall_ppm", "observed_ppm"):
            out[name] = getattr(self, name)
        return out


class ProcessCapability(Analysis):
    """Process capability analysis (Cp, Cp_l, Cp_u, Cp_k, Cpm and Pp, Pp_l, Pp_u, Pp_k, Ppm).

    Parameters
    ----------
    lsl, usl : specification limits; one may be ``None`` (one-sided: Cp, Cpm, Pp, Ppm are NaN).
    target : defaults to the midpoint of two-sided specs.
    nsigmas : half-width of the natural tolerance in sigmas (3).
    confidence_level : of the index limits (0.95).
    sigma : a known within-subgroup sigma; ``None`` estimates it with ``sigma_method``.
    sigma_method : ``"auto"`` (UWAVE-R for subgroups, RMSDF when a subgroup has more than 25
        values, moving range for individuals, as qcc), or one of ``"uwave-r"``, ``"uwave-sd"``,
        ``"rmsdf"``, ``"mr"``, ``"sd"``.
    method : ``"normal"``, ``"boxcox"`` or ``"percentile"`` (see the module docstring).
    normality_alpha : a normality test p-value below this (with n ≥ 8) raises NonNormalWarning.
    n_boot, random_state : bootstrap limits of the percentile method.

    ``fit(values, subgroups=None, in_control=None, violations=None)``: ``values`` is a 1-D array
    of measurements (with ``subgroups`` labels of the same length) or a 2-D array with one
    subgroup per row (NaN for missing values). Pass ``in_control=False`` or a positive number of
    control-chart ``violations`` to record (and warn) that the process is not stable.
    """

    def __init__(
        self,
        lsl: float | None = None,
        usl: float | None = None,
        target: float | None = None,
        nsigmas: float = 3.0,
        confidence_level: float = 0.95,
        sigma: float | None = None,
        sigma_method: str = "auto",
        method: str = "normal",
        normality_alpha: float = 0.01,
        n_boot: int = 1000,
        random_state: int | None = 0,
    ) -> None:
        self.lsl = lsl
        self.usl = usl
        self.target = target
        self.nsigmas = nsigmas
        self.confidence_level = confidence_level
        self.sigma = sigma
        self.sigma_method = sigma_method
        self.method = method
        self.normality_alpha = normality_alpha
        self.n_boot = n_boot
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        values: Any = None,
        subgroups: Any = None,
        in_control: bool | None = None,
        violations: int | None = None,
    ) -> ProcessCapability:
        notes: list[tuple[str, type[Warning]]] = []
        lsl, usl, target = self._check_params(notes)
        x, groups = _as_values(values, subgroups)
        n = int(x.size)
        if n < 2:
            raise InsufficientDataError(f"capability needs at least 2 measurements, got {n}")

        stable = _stability(in_control, violations)
        if stable is False:
            what = (
                f"{violations} control-chart violation(s)"
                if violations
                else "the process is not in statistical control"
            )
            notes.append(
                (
                    f"{what}: capability indices describe an unstable process and do not "
                    "predict future performance; bring the process into control first",
                    UnstableProcessWarning,
                )
            )
        if n < 30:
            notes.append(
                (
                    f"only {n} measurements: capability intervals are wide (≥ 100 advised)",
                    SmallSampleWarning,
                )
            )

        # Observed fractions always on the original scale.
        obs_below = float(np.mean(x < lsl)) if lsl is not None else math.nan
        obs_above = float(np.mean(x > usl)) if usl is not None else math.nan

        norm_test, norm_p = _normality(x)
        if self.method == "normal" and norm_p is not None and norm_p < self.normality_alpha:
            notes.append(
                (
                    f"the data are clearly non-normal ({norm_test} p = {norm_p:.2g}): normal "
                    "capability indices and expected fractions are misleading; consider "
                    "method='boxcox' or method='percentile'",
                    NonNormalWarning,
                )
            )

        lam: float | None = None
        if self.method == "boxcox":
            x_t, lam, lsl_t, usl_t, target_t = _boxcox(x, lsl, usl, target)
            res = self._normal(x_t, groups, lsl_t, usl_t, target_t, notes)
            _, bc_p = _normality(x_t)
            if bc_p is not None and bc_p < self.normality_alpha:
                notes.append(
                    (
                        f"the data are non-normal even after the Box-Cox transform "
                        f"(λ = {lam:.3g}, p = {bc_p:.2g}); prefer method='percentile'",
                        NonNormalWarning,
                    )
                )
        elif self.method == "percentile":
            res = self._percentile(x, groups, lsl, usl, target, notes)
        else:
            res = self._normal(x, groups, lsl, usl, target, notes)

        messages = tuple(m for m, _ in notes)
        for message, category in notes:
            warnings.warn(message, category, stacklevel=2)

        self.result_ = CapabilityResult(
            n=n,
            n_subgroups=int(res["n_subgroups"]),
            center=res["center"],
            sigma_within=res["sigma_within"],
            sigma_overall=res["sigma_overall"],
            sigma_method=res["sigma_method"],
            lsl=lsl,
            usl=usl,
            target=target,
            nsigmas=float(self.nsigmas),
            confidence_level=float(self.confidence_level),
            method=self.method,
            indices=res["indices"],
            expected_below=res["expected_below"],
            expected_above=res["expected_above"],
            expected_overall_below=res["expected_overall_below"],
            expected_overall_above=res["expected_overall_above"],
            observed_below=obs_below,
            observed_above=obs_above,
            normality_test=norm_test,
            normality_p=norm_p,
            in_control=stable,
            boxcox_lambda=lam,
            warnings=messages,
        )
        self.indices_ = self.result_.table()
        return self

    # --------------------------------------------------------------- checks
    def _check_params(
        self, notes: list[tuple[str, type[Warning]]]
    ) -> tuple[float | None, float | None, float | None]:
        def finite(v: float | None) -> float | None:
            if v is None:
                return None
            v = float(v)
            return v if math.isfinite(v) else None

        lsl, usl, target = finite(self.lsl), finite(self.usl), finite(self.target)
        if lsl is None and usl is None:
            raise InputError("capability needs at least one specification limit (lsl or usl)")
        if lsl is not None and usl is not None and lsl >= usl:
            raise InputError(f"the lower specification limit {lsl} must be below the upper {usl}")
        if self.method not in METHODS:
            raise InputError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if self.sigma_method not in SIGMA_METHODS:
            raise InputError(
                f"sigma_method must be one of {', '.join(SIGMA_METHODS)}, got {self.sigma_method!r}"
            )
        if not 0 < self.confidence_level < 1:
            raise InputError(
                f"confidence_level must be between 0 and 1, got {self.confidence_level}"
            )
        if not self.nsigmas > 0:
            raise InputError(f"nsigmas must be positive, got {self.nsigmas}")
        if self.sigma is not None and self.method != "normal":
            raise InputError("a known sigma applies to method='normal' only (not the data's scale)")
        if self.sigma is not None and not float(self.sigma) > 0:
            raise InputError(f"a known sigma must be positive, got {self.sigma}")
        if target is None and lsl is not None and usl is not None:
            target = (lsl + usl) / 2.0
        if target is not None and (
            (lsl is not None and target < lsl) or (usl is not None and target > usl)
        ):
            notes.append(
                (f"the target {target} lies outside the specification limits", TotalQualityWarning)
            )
        return lsl, usl, target

    # ------------------------------------------------------- normal theory
    def _normal(
        self,
        x: np.ndarray,
        groups: np.ndarray | None,
        lsl: float | None,
        usl: float | None,
        target: float | None,
        notes: list[tuple[str, type[Warning]]],
    ) -> dict[str, Any]:
        n = x.size
        center = float(np.mean(x))
        if self.sigma is not None:
            sigma_w, how, n_sub = float(self.sigma), "given", _n_subgroups(groups, n)
        else:
            sigma_w, how, n_sub = _within_sigma(x, groups, self.sigma_method)
        sigma_o = float(np.std(x, ddof=1))
        if not (sigma_w > 0 and sigma_o > 0):
            raise InsufficientDataError(
                "the measurements show no variation (sigma = 0); capability is undefined"
            )
        k = float(self.nsigmas)
        conf = float(self.confidence_level)
        indices: dict[str, CapabilityIndex] = {}
        for prefix, sd in (("C", sigma_w), ("P", sigma_o)):
            indices.update(_normal_indices(prefix, n, center, sd, lsl, usl, target, k, conf))

        def below(sd: float) -> float:
            return float(stats.norm.cdf((lsl - center) / sd)) if lsl is not None else math.nan

        def above(sd: float) -> float:
            return float(stats.norm.sf((usl - center) / sd)) if usl is not None else math.nan

        return {
            "n_subgroups": n_sub,
            "center": center,
            "sigma_within": sigma_w,
            "sigma_overall": sigma_o,
            "sigma_method": how,
            "indices": indices,
            "expected_below": below(sigma_w),
            "expected_above": above(sigma_w),
            "expected_overall_below": below(sigma_o),
            "expected_overall_above": above(sigma_o),
        }

    # ----------------------------------------------------------- percentile
    def _percentile(
        self,
        x: np.ndarray,
        groups: np.ndarray | None,
        lsl: float | None,
        usl: float | None,
        target: float | None,
        notes: list[tuple[str, type[Warning]]],
    ) -> dict[str, Any]:
        n = x.size
        tail = float(stats.norm.sf(self.nsigmas))  # 0.00135 for 3 sigma
        if n < 1.0 / tail:
            notes.append(
                (
                    f"percentile capability with {n} measurements: the {100 * tail:.3g} % and "
                    f"{100 * (1 - tail):.5g} % percentiles are extrapolated from the extreme "
                    f"values (≥ {math.ceil(1 / tail)} advised)",
                    SmallSampleWarning,
                )
            )
        probs = [tail, 0.5, 1.0 - tail]
        values = _percentile_indices(np.quantile(x, probs)[None, :], lsl, usl)
        # Bootstrap percentile limits, in chunks so memory stays bounded on large data.
        rng = np.random.default_rng(self.random_state)
        boot: list[np.ndarray] = []
        chunk = max(1, min(int(self.n_boot), 5_000_000 // max(n, 1)))
        done = 0
        while done < int(self.n_boot):
            m = min(chunk, int(self.n_boot) - done)
            sample = x[rng.integers(0, n, size=(m, n))]
            boot.append(_percentile_indices(np.quantile(sample, probs, axis=1).T, lsl, usl))
            done += m
        alpha = 1.0 - float(self.confidence_level)
        indices: dict[str, CapabilityIndex] = {}
        if boot:
            allboot = np.vstack(boot)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                lo = np.nanquantile(allboot, alpha / 2, axis=0)
                hi = np.nanquantile(allboot, 1 - alpha / 2, axis=0)
        else:
            lo = hi = np.full(4, math.nan)
        # Without a within/overall split the C and P families coincide.
        for prefix in ("C", "P"):
            for j, suffix in enumerate(("p", "p_l", "p_u", "p_k")):
                name = prefix + suffix
                v = float(values[0, j])
                indices[name] = CapabilityIndex(
                    name, v, *((float(lo[j]), float(hi[j])) if math.isfinite(v) else (v, v))
                )
            pm = prefix + "pm"
            indices[pm] = CapabilityIndex(pm, math.nan, math.nan, math.nan)
        order = {k: i for i, k in enumerate(INDEX_NAMES)}
        indices = dict(sorted(indices.items(), key=lambda kv: order[kv[0]]))
        notes.append(
            (
                "percentile method: Cp and Pp families coincide, Cpm is not defined and "
                "expected fractions are not modelled (see observed fractions)",
                TotalQualityWarning,
            )
        )
        return {
            "n_subgroups": _n_subgroups(groups, n),
            "center": float(np.median(x)),
            "sigma_within": math.nan,
            "sigma_overall": float(np.std(x, ddof=1)),
            "sigma_method": "none",
            "indices": indices,
            "expected_below": math.nan,
            "expected_above": math.nan,
            "expected_overall_below": math.nan,
            "expected_overall_above": math.nan,
        }


# ---------------------------------------------------------------------------- helpers
def _stability(in_control: bool | None, violations: int | None) -> bool | None:
    if in_control is not None:
        return bool(in_control)
    if violations is not None:
        return int(violations) == 0
    return None


def _as_values(values: Any, subgroups: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """Flatten the input into finite values and their subgroup codes (None for individuals)."""
    if values is None:
        raise InputError("capability needs measurements (values)")
    if isinstance(values, pd.DataFrame):
        arr = values.to_numpy(dtype=float)
    else:
        arr = np.asarray(values, dtype=float)
    if arr.ndim == 2:
        if subgroups is not None:
            raise InputError("give either a 2-D array of subgroups or values with subgroup labels")
        codes = np.repeat(np.arange(arr.shape[0]), arr.shape[1])
        flat = arr.ravel()
        keep = np.isfinite(flat)
        return flat[keep], (codes[keep] if arr.shape[1] > 1 else None)
    if arr.ndim != 1:
        raise InputError(f"values must be 1-D or 2-D, got {arr.ndim} dimensions")
    keep = np.isfinite(arr)
    if subgroups is None:
        return arr[keep], None
    labels = np.asarray(subgroups)
    if labels.shape != arr.shape:
        raise InputError(
            f"subgroups has {labels.size} labels but there are {arr.size} values; give one each"
        )
    codes = pd.factorize(labels[keep], sort=False)[0]
    return arr[keep], codes


def _n_subgroups(groups: np.ndarray | None, n: int) -> int:
    return n if groups is None else int(np.unique(groups).size)


def _within_sigma(x: np.ndarray, groups: np.ndarray | None, method: str) -> tuple[float, str, int]:
    """Within-subgroup sigma as qcc estimates it (UWAVE-R, UWAVE-SD, RMSDF, MR, SD)."""
    n = x.size
    if groups is None or method in ("mr", "sd"):
        if method in ("auto", "mr"):
            if n < 2:
                raise InsufficientDataError("a moving-range sigma needs at least 2 values")
            return float(np.mean(np.abs(np.diff(x))) / float(_d2(2))), "mr", _n_subgroups(groups, n)
        if method == "sd":
            return float(np.std(x, ddof=1) / float(_c4(n))), "sd", _n_subgroups(groups, n)
        groups = np.zeros(n, dtype=int)
    frame = pd.DataFrame({"g": groups, "x": x})
    g = frame.groupby("g", sort=False)["x"]
    stats_ = g.agg(["size", "min", "max", "std"])
    n_sub = len(stats_)
    stats_ = stats_[stats_["size"] >= 2]  # a single value carries no within-subgroup spread
    if stats_.empty:
        raise InsufficientDataError(
            "every subgroup has a single measurement: no within-subgroup sigma; "
            "pass the values without subgroups to use the moving range"
        )
    sizes = stats_["size"].to_numpy()
    if method == "auto":
        method = "rmsdf" if sizes.max() > 25 else "uwave-r"
    if method == "uwave-r":
        ranges = (stats_["max"] - stats_["min"]).to_numpy()
        return float(np.mean(ranges / _d2(sizes))), method, n_sub
    s = stats_["std"].to_numpy()
    if method == "uwave-sd":
        return float(np.mean(s / _c4(sizes))), method, n_sub
    # rmsdf: pooled within-subgroup SD corrected by c4 of the pooled degrees of freedom
    dof = sizes - 1
    pooled = math.sqrt(float(np.sum(dof * s**2) / np.sum(dof)))
    return float(pooled / float(_c4(int(np.sum(dof)) + 1))), "rmsdf", n_sub


def _one_sided_limits(index: float, n: int, z: float) -> tuple[float, float]:
    half = z * math.sqrt(1.0 / (9.0 * n * index**2) + 1.0 / (2.0 * (n - 1)))
    return index * (1 - half), index * (1 + half)


def _chi2_limits(index: float, dof: float, alpha: float) -> tuple[float, float]:
    q = stats.chi2.ppf([alpha / 2, 1 - alpha / 2], dof)
    return float(index * math.sqrt(q[0] / dof)), float(index * math.sqrt(q[1] / dof))


def _normal_indices(
    prefix: str,
    n: int,
    center: float,
    sd: float,
    lsl: float | None,
    usl: float | None,
    target: float | None,
    k: float,
    conf: float,
) -> dict[str, CapabilityIndex]:
    nan = math.nan
    alpha = 1 - conf
    z_one = float(stats.norm.ppf(conf))
    z_two = float(stats.norm.ppf(1 - alpha / 2))
    name = prefix + "p"

    cp = (usl - lsl) / (2 * k * sd) if lsl is not None and usl is not None else nan
    cpu = (usl - center) / (k * sd) if usl is not None else nan
    cpl = (center - lsl) / (k * sd) if lsl is not None else nan
    cpk = float(np.nanmin([cpu, cpl]))
    out: dict[str, CapabilityIndex] = {}
    out[name] = CapabilityIndex(name, cp, *_maybe(cp, lambda: _chi2_limits(cp, n - 1, alpha)))
    out[name + "_l"] = CapabilityIndex(
        name + "_l", cpl, *_maybe(cpl, lambda: _one_sided_limits(cpl, n, z_one))
    )
    out[name + "_u"] = CapabilityIndex(
        name + "_u", cpu, *_maybe(cpu, lambda: _one_sided_limits(cpu, n, z_one))
    )
    out[name + "_k"] = CapabilityIndex(
        name + "_k", cpk, *_maybe(cpk, lambda: _one_sided_limits(cpk, n, z_two))
    )
    if math.isfinite(cp) and target is not None:
        d = (center - target) / sd
        cpm = cp / math.sqrt(1 + d * d)
        dof = n * (1 + d * d) / (1 + 2 * d * d)
        lo, hi = _chi2_limits(cpm, dof, alpha)
    else:
        cpm = lo = hi = nan
    out[name + "m"] = CapabilityIndex(name + "m", cpm, lo, hi)
    return out


def _maybe(value: float, limits: Any) -> tuple[float, float]:
    return limits() if math.isfinite(value) else (math.nan, math.nan)


def _percentile_indices(q: np.ndarray, lsl: float | None, usl: float | None) -> np.ndarray:
    """Rows of (P_low, median, P_high) → columns Cp, Cp_l, Cp_u, Cp_k (Clements / ISO 22514-2)."""
    lo, med, hi = q[:, 0], q[:, 1], q[:, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        cp = (usl - lsl) / (hi - lo) if lsl is not None and usl is not None else lo * np.nan
        cpl = (med - lsl) / (med - lo) if lsl is not None else lo * np.nan
        cpu = (usl - med) / (hi - med) if usl is not None else lo * np.nan
    both = np.column_stack([cpl, cpu])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        cpk = np.nanmin(both, axis=1)
    return np.column_stack([cp, cpl, cpu, cpk])


def _normality(x: np.ndarray) -> tuple[str | None, float | None]:
    """Shapiro–Wilk for 8 ≤ n ≤ 5000, D'Agostino–Pearson above; None below 8 values."""
    n = x.size
    if n < 8 or np.ptp(x) == 0:
        return None, None
    if n <= 5000:
        return "Shapiro-Wilk", float(stats.shapiro(x).pvalue)
    return "D'Agostino-Pearson", float(stats.normaltest(x).pvalue)


def _boxcox(
    x: np.ndarray, lsl: float | None, usl: float | None, target: float | None
) -> tuple[np.ndarray, float, float | None, float | None, float | None]:
    if np.any(x <= 0):
        raise InputError(
            "method='boxcox' needs strictly positive measurements; shift the data or use "
            "method='percentile'"
        )
    for label, v in (("lsl", lsl), ("usl", usl), ("target", target)):
        if v is not None and v <= 0:
            raise InputError(
                f"method='boxcox' needs a positive {label} (got {v}); a lower limit at or "
                "below zero cannot be reached by positive data: drop it (one-sided spec)"
            )
    xt, lam = stats.boxcox(x)
    lam = float(lam)

    def t(v: float | None) -> float | None:
        return None if v is None else float(stats.boxcox(np.array([v]), lmbda=lam)[0])

    return np.asarray(xt, dtype=float), lam, t(lsl), t(usl), t(target)
