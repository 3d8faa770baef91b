"""Incoming quality per supplier and supplier lot, bad-lot detection and traceability.

The unit of analysis is a *supplier lot* with an exposure (``units``) and a count
(``defects``). Two measures:

* ``measure="rate"`` — defects are Poisson counts per unit: exact (Garwood) rate intervals;
  a lot (or supplier) is compared with the rest of its reference population by the
  conditional binomial test (given the total count, the lot's count is
  Binomial(total, e_lot/(e_lot + e_rest)) under equal rates); suppliers are compared for
  homogeneity with a chi-square test of counts against exposure-proportional expectations.
* ``measure="proportion"`` — defects are defective units out of ``units`` inspected: Wilson or
  Clopper–Pearson intervals; lot vs rest by Fisher's exact test (hypergeometric tail),
  homogeneity by the chi-square test of the k × 2 table (Fisher's exact test for 2 × 2 tables
  with an expected count below 5).

All lot tests (one-sided: "worse than the rest") and all supplier-vs-rest tests (two-sided) are
corrected with Benjamini–Hochberg; a lot is *flagged* when its adjusted q ≤ ``alpha`` and its
rate is above the rest's. Suppliers are compared within a ``group`` (the part they supply),
because different parts fail differently.

Traceability: :func:`trace_finished_lot` (finished lot → the supplier lots in it) and
:func:`trace_supplier_lot` (supplier lot → finished lots → orders → customers).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from .._base import Result
from .._errors import InputError, Problem, SmallSampleWarning
from .._findings import Finding
from ._yield import _require_columns, poisson_interval, proportion_interval

MEASURES = ("rate", "proportion")
REFERENCES = ("supplier", "group", "all")


@dataclass(frozen=True)
class SupplierQualityResult(Result):
    """Per-supplier and per-lot defect rates, comparisons and flagged lots."""

    #: group, supplier_id, lots, units, defects, rate, rate_lower, rate_upper, rest_rate,
    #: rate_ratio, p_value, q_value, significant, direction
    suppliers: pd.DataFrame
    #: group, supplier_id, supplier_lot_id, units, defects, rate, rate_lower, rate_upper,
    #: reference, rest_rate, rate_ratio, p_value, q_value, flagged
    lots: pd.DataFrame
    #: group, test, statistic, dof, p_value, suppliers (homogeneity of suppliers in a group)
    homogeneity: pd.DataFrame
    measure: str
    alpha: float
    reference: str
    confidence_level: float
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def flagged_lots(self) -> pd.DataFrame:
        return self.lots[self.lots["flagged"]]

    def findings(self, source: str = "suppliers") -> tuple[Finding, ...]:
        """Findings for flagged supplier lots and suppliers significantly worse than the rest."""
        out: list[Finding] = []
        unit = "defect rate" if self.measure == "rate" else "defective fraction"
        for row in self.flagged_lots.itertuples(index=False):
            ratio = float(row.rate_ratio)
            out.append(
                Finding(
                    kind="supplier_lot_problem",
                    subject_type="supplier_lot",
                    subject_id=str(row.supplier_lot_id),
                    title=(
                        f"Supplier lot {row.supplier_lot_id} of {row.supplier_id}: {unit} "
                        f"{_fmt_ratio(ratio)} that of comparable lots"
                    ),
                    action=(
                        f"Quarantine remaining material of lot {row.supplier_lot_id}, trace the "
                        f"finished lots built with it and raise a supplier corrective action "
                        f"request with {row.supplier_id}"
                    ),
                    evidence={
                        "defects": float(row.defects),
                        "units": float(row.units),
                        "rate": float(row.rate),
                        "rate_lower": float(row.rate_lower),
                        "rate_upper": float(row.rate_upper),
                        "reference_rate": float(row.rest_rate),
                        "rate_ratio": ratio,
                        "p_value": float(row.p_value),
                        "q_value": float(row.q_value),
                        "reference": str(row.reference),
                        "measure": self.measure,
                    },
                    impact={"units": float(row.units), "defects": float(row.defects)},
                    confidence=float(np.clip(1.0 - row.q_value, 0.0, 1.0)),
                    severity=_severity(ratio),
                    source=source,
                    significant=True,
                    related={"supplier": str(row.supplier_id), "part": str(row.group)},
                )
            )
        worse = self.suppliers[
            self.suppliers["significant"] & (self.suppliers["direction"] == "above")
        ]
        for row in worse.itertuples(index=False):
            ratio = float(row.rate_ratio)
            out.append(
                Finding(
                    kind="supplier_problem",
                    subject_type="supplier",
                    subject_id=str(row.supplier_id),
                    title=(
                        f"Supplier {row.supplier_id} ({row.group}): {unit} "
                        f"{_fmt_ratio(ratio)} that of the other suppliers"
                    ),
                    action=(
                        f"Review {row.supplier_id}'s process capability and incoming "
                        "inspection; consider shifting volume to better suppliers"
                    ),
                    evidence={
                        "defects": float(row.defects),
                        "units": float(row.units),
                        "rate": float(row.rate),
                        "reference_rate": float(row.rest_rate),
                        "rate_ratio": ratio,
                        "p_value": float(row.p_value),
                        "q_value": float(row.q_value),
                        "measure": self.measure,
                    },
                    impact={"units": float(row.units), "defects": float(row.defects)},
                    confidence=float(np.clip(1.0 - row.q_value, 0.0, 1.0)),
                    severity=_severity(ratio),
                    source=source,
                    significant=True,
                    related={"part": str(row.group)},
                )
            )
        return tuple(out)


def _fmt_ratio(ratio: float) -> str:
    return f"{ratio:.1f}×" if np.isfinite(ratio) else "far above"


def _severity(ratio: float) -> float:
    # 1× → 0, 2× → 0.5, 4× → 0.75, ∞ → 1: a bounded reading of "how much worse"
    if not np.isfinite(ratio):
        return 1.0
    return float(np.clip(1.0 - 1.0 / max(ratio, 1.0), 0.0, 1.0))


# ---------------------------------------------------------------------------- core analysis
def supplier_quality(
    data: pd.DataFrame,
    measure: str = "rate",
    alpha: float = 0.05,
    reference: str = "supplier",
    confidence_level: float = 0.95,
    interval: str = "wilson",
    group: str | None = "part",
) -> SupplierQualityResult:
    """Compare suppliers and flag bad supplier lots.

    ``data`` has one row per supplier lot (several rows of the same lot are summed):
    ``supplier_id``, ``supplier_lot_id``, ``units`` (units built with / inspected from the lot),
    ``defects`` (defect count for ``measure="rate"``, defective units for "proportion") and
    optionally the ``group`` column (default "part"; suppliers are compared within a group).

    ``reference`` sets what a lot is compared with: "supplier" (the supplier's other lots of the
    same group; a supplier's only lot is compared with the group instead), "group" (all other
    lots of the group) or "all" (all other lots).
    """
    if measure not in MEASURES:
        raise InputError(f"measure must be one of {', '.join(MEASURES)}, got {measure!r}")
    if reference not in REFERENCES:
        raise InputError(f"reference must be one of {', '.join(REFERENCES)}, got {reference!r}")
    if not 0 < alpha < 1:
        raise InputError(f"alpha must be between 0 and 1, got {alpha}")
    _require_columns(data, "supplier lots", ["supplier_id", "units", "defects"])
    frame = _clean_lots(data, measure, group)
    notes: list[str] = []

    lots = frame.groupby(["group", "supplier_id", "supplier_lot_id"], sort=True, dropna=False)[
        ["units", "defects"]
    ].sum()
    lots = lots.reset_index()
    lots["rate"] = lots["defects"] / lots["units"]
    lo, hi = _interval(lots["defects"], lots["units"], measure, confidence_level, interval)
    lots["rate_lower"], lots["rate_upper"] = lo, hi

    # Reference population for each lot: totals of the population minus the lot itself.
    sup_tot = lots.groupby(["group", "supplier_id"])[["units", "defects"]].transform("sum")
    sup_n = lots.groupby(["group", "supplier_id"])["units"].transform("size")
    grp_tot = lots.groupby("group")[["units", "defects"]].transform("sum")
    all_tot = lots[["units", "defects"]].sum()
    if reference == "supplier":
        use_sup = sup_n >= 2
        pop_units = np.where(use_sup, sup_tot["units"], grp_tot["units"])
        pop_def = np.where(use_sup, sup_tot["defects"], grp_tot["defects"])
        lots["reference"] = np.where(use_sup, "supplier", "group")
        single = int((~use_sup).sum())
        if single:
            notes.append(
                f"{single} lot(s) are their supplier's only lot in the group: compared with "
                "all other lots of the group"
            )
    elif reference == "group":
        pop_units, pop_def = grp_tot["units"].to_numpy(), grp_tot["defects"].to_numpy()
        lots["reference"] = "group"
    else:
        pop_units = np.full(len(lots), all_tot["units"])
        pop_def = np.full(len(lots), all_tot["defects"])
        lots["reference"] = "all"
    rest_units = np.asarray(pop_units, dtype=float) - lots["units"].to_numpy()
    rest_def = np.asarray(pop_def, dtype=float) - lots["defects"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        lots["rest_rate"] = np.where(rest_units > 0, rest_def / rest_units, np.nan)
        lots["rate_ratio"] = lots["rate"] / lots["rest_rate"]
    p = _one_sided_p(
        lots["defects"].to_numpy(), lots["units"].to_numpy(), rest_def, rest_units, measure
    )
    lots["p_value"] = p
    lots["q_value"] = _bh(p)
    lots["flagged"] = (
        (lots["q_value"] <= alpha) & (lots["rate"] > lots["rest_rate"]) & lots["q_value"].notna()
    )
    untested = int(np.isnan(p).sum())
    if untested:
        notes.append(f"{untested} lot(s) have no other lots to compare with and are not tested")

    suppliers, homogeneity, sup_notes = _compare_suppliers(
        lots, measure, confidence_level, interval, alpha
    )
    notes.extend(sup_notes)
    for message in notes:
        if "expected count" in message:
            warnings.warn(message, SmallSampleWarning, stacklevel=2)
    if group is None:
        lots = lots.drop(columns=["group"])
        suppliers = suppliers.drop(columns=["group"])
        homogeneity = homogeneity.drop(columns=["group"])
    return SupplierQualityResult(
        suppliers=suppliers,
        lots=lots,
        homogeneity=homogeneity,
        measure=measure,
        alpha=alpha,
        reference=reference,
        confidence_level=confidence_level,
        warnings=tuple(notes),
    )


def _clean_lots(data: pd.DataFrame, measure: str, group: str | None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "supplier_id": data["supplier_id"].astype("string"),
            "supplier_lot_id": (
                data["supplier_lot_id"].astype("string")
                if "supplier_lot_id" in data.columns
                else pd.Series(pd.NA, index=data.index, dtype="string")
            ),
            "units": pd.to_numeric(data["units"], errors="coerce").astype("float64"),
            "defects": pd.to_numeric(data["defects"], errors="coerce").astype("float64"),
        }
    )
    if group is not None and group in data.columns:
        frame["group"] = data[group].astype("string").fillna("(none)")
    else:
        frame["group"] = "(all)"
    # A lot without an id stands for the supplier's material whose lot is not known.
    frame["supplier_lot_id"] = frame["supplier_lot_id"].fillna(
        frame["supplier_id"] + ":(unknown lot)"
    )
    problems: list[Problem] = []
    for col in ("units", "defects"):
        bad = frame[col].isna() | (frame[col] < 0)
        for r in np.flatnonzero(bad.to_numpy())[:20]:
            problems.append(
                Problem("supplier lots", "expected a number ≥ 0", row=int(r) + 1, column=col)
            )
    if measure == "proportion":
        over = frame["defects"] > frame["units"]
        for r in np.flatnonzero(over.to_numpy())[:20]:
            problems.append(
                Problem(
                    "supplier lots",
                    "more defective units than units",
                    row=int(r) + 1,
                    column="defects",
                )
            )
    missing_sup = frame["supplier_id"].isna()
    for r in np.flatnonzero(missing_sup.to_numpy())[:20]:
        problems.append(
            Problem("supplier lots", "missing supplier_id", row=int(r) + 1, column="supplier_id")
        )
    if problems:
        raise InputError("the supplier lot data have invalid values", problems)
    frame = frame[frame["units"] > 0]
    if frame.empty:
        raise InputError("no supplier lot has units > 0: nothing to compare")
    return frame


def _interval(
    x: pd.Series, n: pd.Series, measure: str, confidence_level: float, interval: str
) -> tuple[np.ndarray, np.ndarray]:
    if measure == "rate":
        return poisson_interval(x, n, confidence_level)
    return proportion_interval(x, n, confidence_level, interval)


def _one_sided_p(
    x: np.ndarray, e: np.ndarray, x_rest: np.ndarray, e_rest: np.ndarray, measure: str
) -> np.ndarray:
    """P(count ≥ observed | equal rates), vectorised; NaN when there is nothing to compare."""
    x = np.asarray(x, dtype=float)
    e = np.asarray(e, dtype=float)
    x_rest = np.asarray(x_rest, dtype=float)
    e_rest = np.asarray(e_rest, dtype=float)
    ok = e_rest > 0
    p = np.full(x.shape, np.nan)
    if measure == "rate":
        # Poisson counts need integers; fractional counts are rounded for the exact test.
        xi, total = np.rint(x), np.rint(x + x_rest)
        share = e / (e + e_rest)
        p[ok] = stats.binom.sf(xi[ok] - 1, total[ok], share[ok])
    else:
        m = np.rint(e + e_rest)
        k = np.rint(x + x_rest)
        p[ok] = stats.hypergeom.sf(np.rint(x[ok]) - 1, m[ok], k[ok], np.rint(e[ok]))
    return np.clip(p, 0.0, 1.0)


def _bh(p: np.ndarray) -> np.ndarray:
    q = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        q[ok] = multipletests(p[ok], method="fdr_bh")[1]
    return q


def _two_sided_p(x: float, e: float, x_rest: float, e_rest: float, measure: str) -> float:
    if e_rest <= 0:
        return float("nan")
    if measure == "rate":
        total = round(x + x_rest)
        if total == 0:
            return 1.0
        return float(stats.binomtest(round(x), total, e / (e + e_rest)).pvalue)
    table = np.array([[round(x), round(e - x)], [round(x_rest), round(e_rest - x_rest)]])
    return float(stats.fisher_exact(table).pvalue)


def _compare_suppliers(
    lots: pd.DataFrame, measure: str, confidence_level: float, interval: str, alpha: float
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    notes: list[str] = []
    sup = (
        lots.groupby(["group", "supplier_id"], sort=True)
        .agg(lots=("supplier_lot_id", "size"), units=("units", "sum"), defects=("defects", "sum"))
        .reset_index()
    )
    sup["rate"] = sup["defects"] / sup["units"]
    lo, hi = _interval(sup["defects"], sup["units"], measure, confidence_level, interval)
    sup["rate_lower"], sup["rate_upper"] = lo, hi
    grp = sup.groupby("group")[["units", "defects"]].transform("sum")
    rest_units = grp["units"] - sup["units"]
    rest_def = grp["defects"] - sup["defects"]
    with np.errstate(divide="ignore", invalid="ignore"):
        sup["rest_rate"] = np.where(rest_units > 0, rest_def / rest_units, np.nan)
        sup["rate_ratio"] = sup["rate"] / sup["rest_rate"]
    # One test per supplier (few suppliers): a plain loop is clearer than vectorising.
    sup["p_value"] = [
        _two_sided_p(a, b, c, d, measure)
        for a, b, c, d in zip(sup["defects"], sup["units"], rest_def, rest_units, strict=True)
    ]
    sup["q_value"] = _bh(sup["p_value"].to_numpy(dtype=float))
    sup["significant"] = (sup["q_value"] <= alpha).fillna(False).astype(bool)
    above = (sup["rate"] > sup["rest_rate"]).to_numpy(dtype=bool)
    below = (sup["rate"] < sup["rest_rate"]).to_numpy(dtype=bool)
    sup["direction"] = np.select([above, below], ["above", "below"], "")

    rows: list[dict[str, Any]] = []
    for name, part in sup.groupby("group", sort=True):
        row: dict[str, Any] = {"group": name, "suppliers": len(part)}
        if len(part) < 2:
            row.update(test="none", statistic=np.nan, dof=0, p_value=np.nan)
            rows.append(row)
            continue
        x = part["defects"].to_numpy(dtype=float)
        e = part["units"].to_numpy(dtype=float)
        if measure == "rate":
            expected = x.sum() * e / e.sum()
            if x.sum() == 0:
                row.update(test="chi-square", statistic=0.0, dof=len(part) - 1, p_value=1.0)
            elif len(part) == 2 and expected.min() < 5:
                # exact conditional binomial test of two Poisson rates
                exact = stats.binomtest(round(x[0]), round(x.sum()), e[0] / e.sum())
                row.update(test="exact-poisson", statistic=np.nan, dof=1, p_value=exact.pvalue)
                expected = np.full(2, 5.0)
            else:
                res = stats.chisquare(x, expected)
                row.update(
                    test="chi-square",
                    statistic=float(res.statistic),
                    dof=len(part) - 1,
                    p_value=float(res.pvalue),
                )
            small = expected.min() < 5 if x.sum() else False
        else:
            table = np.column_stack([x, e - x])
            expected = np.outer(table.sum(1), table.sum(0)) / table.sum()
            small = bool(expected.min() < 5)
            if table.sum(0).min() == 0:
                row.update(test="chi-square", statistic=0.0, dof=len(part) - 1, p_value=1.0)
            elif len(part) == 2 and small:
                row.update(
                    test="fisher",
                    statistic=np.nan,
                    dof=1,
                    p_value=float(stats.fisher_exact(table.round().astype(int)).pvalue),
                )
                small = False
            else:
                chi = stats.chi2_contingency(table, correction=False)
                row.update(
                    test="chi-square",
                    statistic=float(chi.statistic),
                    dof=int(chi.dof),
                    p_value=float(chi.pvalue),
                )
        if small:
            notes.append(
                f"group {name}: an expected count below 5; the chi-square p-value is approximate"
            )
        rows.append(row)
    homogeneity = pd.DataFrame(
        rows, columns=["group", "test", "statistic", "dof", "p_value", "suppliers"]
    )
    return sup, homogeneity, notes


# ---------------------------------------------------------------------------- from workspace tables
def supplier_lot_exposure(
    defects: pd.DataFrame,
    lot_parts: pd.DataFrame,
    lots: pd.DataFrame,
    defect_types: Sequence[str] | None = None,
    stages: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Units built with each supplier lot and the defects attributed to it.

    Units = sum of ``lots.size`` over the finished lots that used the supplier lot (lot_parts).
    A defect row counts against a supplier lot when it names the supplier (``supplier_id``) and
    its finished lot used a lot of that supplier; ``defect_types``/``stages`` restrict which
    defects count. Returns the per-lot frame for :func:`supplier_quality` and notes.
    """
    _require_columns(lot_parts, "lot_parts", ["lot_id", "part", "supplier_id"])
    _require_columns(lots, "lots", ["lot_id"])
    _require_columns(defects, "defects", ["lot_id", "supplier_id"])
    notes: list[str] = []
    parts = lot_parts.copy()
    if "supplier_lot_id" not in parts.columns:
        parts["supplier_lot_id"] = pd.NA
    for c in ("lot_id", "part", "supplier_id", "supplier_lot_id"):
        parts[c] = parts[c].astype("string")
    parts["supplier_lot_id"] = parts["supplier_lot_id"].fillna(
        parts["supplier_id"] + ":(unknown lot)"
    )
    parts = parts.drop_duplicates(["lot_id", "part", "supplier_id", "supplier_lot_id"])

    size = (
        pd.to_numeric(lots["size"], errors="coerce")
        if "size" in lots.columns
        else pd.Series(np.nan, index=lots.index)
    )
    sizes = (
        pd.Series(size.to_numpy(), index=lots["lot_id"].astype("string")).groupby(level=0).first()
    )
    if sizes.isna().any():
        fill = float(sizes.median()) if sizes.notna().any() else 1.0
        notes.append(
            f"{int(sizes.isna().sum())} finished lot(s) without a size: counted as {fill:g} units"
        )
        sizes = sizes.fillna(fill)
    parts["units"] = parts["lot_id"].map(sizes)
    no_lot = int(parts["units"].isna().sum())
    if no_lot:
        notes.append(f"{no_lot} lot_parts row(s) name a finished lot not in lots; left out")
        parts = parts[parts["units"].notna()]

    d = defects[defects["supplier_id"].notna()].copy()
    if defect_types is not None:
        _require_columns(d, "defects", ["defect_type"])
        d = d[d["defect_type"].isin(list(defect_types))]
    if stages is not None:
        _require_columns(d, "defects", ["stage_id"])
        d = d[d["stage_id"].astype(str).isin([str(s) for s in stages])]
    d["count"] = pd.to_numeric(d["count"], errors="coerce").fillna(1) if "count" in d else 1.0
    d["lot_id"] = d["lot_id"].astype("string")
    d["supplier_id"] = d["supplier_id"].astype("string")
    per = d.groupby(["lot_id", "supplier_id"], dropna=False)["count"].sum().rename("defects")
    per = per.reset_index()
    matched = per.merge(
        parts[["lot_id", "supplier_id", "part", "supplier_lot_id"]],
        on=["lot_id", "supplier_id"],
        how="left",
    )
    lost = matched["supplier_lot_id"].isna()
    if lost.any():
        notes.append(
            f"{matched.loc[lost, 'defects'].sum():g} defect(s) name a supplier whose lot cannot "
            "be traced (no lot_id or no lot_parts row); left out of lot rates"
        )
    matched = matched[~lost]
    multi = matched.duplicated(["lot_id", "supplier_id"], keep=False)
    if multi.any():
        notes.append(
            f"{int(multi.sum())} defect attribution(s) are ambiguous (a finished lot used several "
            "lots of the supplier): the defect counts against each of them"
        )
    counts = matched.groupby(["supplier_lot_id", "supplier_id", "part"])["defects"].sum()
    exposure = (
        parts.groupby(["supplier_lot_id", "supplier_id", "part"])
        .agg(units=("units", "sum"), finished_lots=("lot_id", "nunique"))
        .join(counts, how="left")
        .reset_index()
    )
    exposure["defects"] = exposure["defects"].fillna(0.0)
    return exposure, tuple(notes)


def incoming_quality(
    defects: pd.DataFrame,
    lot_parts: pd.DataFrame,
    lots: pd.DataFrame,
    defect_types: Sequence[str] | None = None,
    stages: Sequence[str] | None = None,
    alpha: float = 0.05,
    reference: str = "supplier",
    confidence_level: float = 0.95,
) -> SupplierQualityResult:
    """Defect rates per supplier and supplier lot straight from the workspace tables."""
    exposure, notes = supplier_lot_exposure(defects, lot_parts, lots, defect_types, stages)
    result = supplier_quality(
        exposure, "rate", alpha=alpha, reference=reference, confidence_level=confidence_level
    )
    lots_out = result.lots.merge(
        exposure[["supplier_lot_id", "supplier_id", "part", "finished_lots"]].rename(
            columns={"part": "group"}
        ),
        on=["supplier_lot_id", "supplier_id", "group"],
        how="left",
    )
    return SupplierQualityResult(
        suppliers=result.suppliers,
        lots=lots_out,
        homogeneity=result.homogeneity,
        measure=result.measure,
        alpha=alpha,
        reference=reference,
        confidence_level=confidence_level,
        warnings=notes + result.warnings,
    )


# ---------------------------------------------------------------------------- traceability
@dataclass(frozen=True)
class SupplierLotTrace(Result):
    """Where a supplier lot went: finished lots, the orders that shipped them, the customers."""

    supplier_lot_id: str
    supplier_id: str | None
    finished_lots: pd.DataFrame
    orders: pd.DataFrame
    customers: tuple[str, ...]
    units: float
    warnings: tuple[str, ...] = field(default_factory=tuple)


def trace_finished_lot(lot_id: str, lot_parts: pd.DataFrame) -> pd.DataFrame:
    """The parts of a finished lot: part, supplier_id, supplier_lot_id (from lot_parts)."""
    _require_columns(lot_parts, "lot_parts", ["lot_id", "part", "supplier_id"])
    rows = lot_parts[lot_parts["lot_id"].astype(str) == str(lot_id)]
    if rows.empty:
        raise InputError(f"finished lot {lot_id!r} has no rows in lot_parts")
    cols = [c for c in ("part", "supplier_id", "supplier_lot_id") if c in rows.columns]
    return rows[cols].drop_duplicates().sort_values(cols[:2], kind="stable").reset_index(drop=True)


def trace_supplier_lot(
    supplier_lot_id: str,
    lot_parts: pd.DataFrame,
    lots: pd.DataFrame | None = None,
    orders: pd.DataFrame | None = None,
    supplier_id: str | None = None,
) -> SupplierLotTrace:
    """Forward trace: supplier lot → finished lots (lot_parts) → orders → customers."""
    _require_columns(lot_parts, "lot_parts", ["lot_id", "supplier_id", "supplier_lot_id"])
    mask = lot_parts["supplier_lot_id"].astype(str) == str(supplier_lot_id)
    if supplier_id is not None:
        mask &= lot_parts["supplier_id"].astype(str) == str(supplier_id)
    rows = lot_parts[mask]
    if rows.empty:
        who = f" of supplier {supplier_id!r}" if supplier_id is not None else ""
        raise InputError(f"supplier lot {supplier_lot_id!r}{who} is not in lot_parts")
    notes: list[str] = []
    suppliers = sorted(rows["supplier_id"].astype(str).unique())
    if len(suppliers) > 1:
        notes.append(
            f"lot id {supplier_lot_id!r} is used by several suppliers ({', '.join(suppliers)}); "
            "pass supplier_id to pick one"
        )
    lot_ids = pd.Series(sorted(rows["lot_id"].astype(str).unique()), name="lot_id")
    finished = lot_ids.to_frame()
    units = float("nan")
    if lots is not None:
        _require_columns(lots, "lots", ["lot_id"])
        info = lots.assign(lot_id=lots["lot_id"].astype(str)).drop_duplicates("lot_id")
        finished = finished.merge(info, on="lot_id", how="left")
        if "size" in finished.columns:
            units = float(pd.to_numeric(finished["size"], errors="coerce").sum())
    shipped = pd.DataFrame(columns=["order_id", "customer_id", "lot_id"])
    customers: tuple[str, ...] = ()
    if orders is not None:
        _require_columns(orders, "orders", ["order_id", "customer_id", "lot_id"])
        o = orders[orders["lot_id"].astype(str).isin(set(lot_ids))]
        shipped = o.sort_values(["lot_id", "order_id"], kind="stable").reset_index(drop=True)
        customers = tuple(sorted(shipped["customer_id"].dropna().astype(str).unique()))
        if "quantity" in shipped.columns and len(finished):
            shipped_units = shipped.groupby(shipped["lot_id"].astype(str))["quantity"].sum()
            finished["units_shipped"] = finished["lot_id"].map(shipped_units).fillna(0)
    return SupplierLotTrace(
        supplier_lot_id=str(supplier_lot_id),
        supplier_id=suppliers[0] if len(suppliers) == 1 else supplier_id,
        finished_lots=finished,
        orders=shipped,
        customers=customers,
        units=units,
        warnings=tuple(notes),
    )
