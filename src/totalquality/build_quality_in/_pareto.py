"""Defect Pareto: which defect types make up most of the defects, per stage/product/period.

Counts are the sum of the ``count`` column of the ``defects`` table (1 per row when the column
is absent or empty). Within each group, defect types are ranked by count (ties by name, so the
order is reproducible); ``share`` is count/total and ``cumulative_share`` the running sum. The
"vital few" are the smallest set of top-ranked types whose cumulative share reaches
``vital_share`` (80 % by default): a type is vital when the share before it is below the cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._base import Result
from .._errors import InputError
from ._yield import _as_list, _require_columns, _with_period

# Numerical slack so that a cumulative share of exactly 0.8 (0.1 + 0.7 …) counts as reaching it.
_EPS = 1e-12


@dataclass(frozen=True)
class ParetoResult(Result):
    """Defect Pareto table(s) and the vital few per group."""

    #: group columns, period (when asked), defect_type, count, share, cumulative_share,
    #: rank, vital
    table: pd.DataFrame
    by: tuple[str, ...]
    period: str | None
    vital_share: float
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def vital_few(self) -> dict[Any, tuple[str, ...]]:
        """Vital defect types per group key (``()`` for the whole data when not grouped)."""
        keys = [*self.by, *(["period"] if self.period else [])]
        vital = self.table[self.table["vital"]]
        if not keys:
            return {(): tuple(vital["defect_type"])}
        out: dict[Any, tuple[str, ...]] = {}
        for key, part in vital.groupby(keys, sort=True):
            out[key if len(keys) > 1 else key[0]] = tuple(part["defect_type"])
        return out


def defect_pareto(
    defects: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    period: str | None = None,
    lots: pd.DataFrame | None = None,
    vital_share: float = 0.8,
    category: str = "defect_type",
) -> ParetoResult:
    """Pareto of defect counts by ``category`` within each ``by`` group and period.

    ``by`` may name any column of ``defects`` (e.g. "stage_id", "supplier_id") or
    "product_id", which is looked up through ``lots`` (defects.lot_id → lots.product_id).
    ``period`` is "week", "month" or "quarter" of ``found_at``.
    """
    if not 0 < vital_share <= 1:
        raise InputError(f"vital_share must be in (0, 1], got {vital_share}")
    keys = _as_list(by)
    _require_columns(defects, "defects", [category])
    frame = defects.copy()
    notes: list[str] = []
    if "product_id" in keys and "product_id" not in frame.columns:
        if lots is None:
            raise InputError("a Pareto by product needs the lots table (lot_id → product_id)")
        _require_columns(frame, "defects", ["lot_id"])
        _require_columns(lots, "lots", ["lot_id", "product_id"])
        lookup = lots.drop_duplicates("lot_id").set_index("lot_id")["product_id"]
        frame["product_id"] = frame["lot_id"].map(lookup)
        unmatched = int(frame["product_id"].isna().sum())
        if unmatched:
            notes.append(f"{unmatched} defect row(s) have no lot with a product; left out")
            frame = frame[frame["product_id"].notna()]
    _require_columns(frame, "defects", keys)
    if period is not None:
        _require_columns(frame, "defects", ["found_at"])
    frame, pkeys = _with_period(frame, "found_at", period, "defects")
    if "count" in frame.columns:
        counts = pd.to_numeric(frame["count"], errors="coerce")
        if (counts < 0).any():
            raise InputError("defects: column 'count' has negative values")
        frame["count"] = counts.fillna(1)
    else:
        frame["count"] = 1
    frame[category] = frame[category].astype("string").fillna("(unspecified)")
    group = keys + pkeys
    agg = frame.groupby([*group, category], sort=False, dropna=False)["count"].sum().reset_index()
    agg = agg[agg["count"] > 0]
    agg = agg.sort_values(
        [*group, "count", category], ascending=[*([True] * len(group)), False, True], kind="stable"
    ).reset_index(drop=True)
    if group:
        grouped = agg.groupby(group, sort=False, dropna=False)["count"]
        total = grouped.transform("sum")
        cum = grouped.cumsum()
        agg["rank"] = agg.groupby(group, sort=False, dropna=False).cumcount() + 1
    else:
        total = pd.Series(agg["count"].sum(), index=agg.index)
        cum = agg["count"].cumsum()
        agg["rank"] = np.arange(1, len(agg) + 1)
    agg["share"] = agg["count"] / total
    agg["cumulative_share"] = cum / total
    before = agg["cumulative_share"] - agg["share"]
    agg["vital"] = before < vital_share - _EPS
    if category != "defect_type":
        agg = agg.rename(columns={category: "defect_type"})
    cols = [*group, "defect_type", "count", "share", "cumulative_share", "rank", "vital"]
    return ParetoResult(
        table=agg[cols],
        by=tuple(keys),
        period=period,
        vital_share=vital_share,
        warnings=tuple(notes),
    )
