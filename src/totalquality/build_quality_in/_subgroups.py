"""Rational subgroups as a ragged array: one value vector plus a group index.

A :class:`Subgroups` holds every measurement once (missing values dropped), sorted by
subgroup, with ``offsets`` marking where each subgroup starts. Per-subgroup statistics are
computed with ``np.add.reduceat``/``np.maximum.reduceat``, so thousands of subgroups cost
one pass over the values, and subgroups of different sizes need no padding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InputError


@dataclass(frozen=True, eq=False)
class Subgroups:
    """Measurements grouped into subgroups (ragged), in charting order.

    ``values`` are sorted by subgroup; subgroup ``i`` is ``values[offsets[i]:offsets[i+1]]``
    and is labelled ``ids[i]``. Every subgroup has at least one value.
    """

    values: np.ndarray
    offsets: np.ndarray
    ids: np.ndarray

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.ids) + 1:
            raise InputError("Subgroups: offsets must have one entry more than ids")
        if len(self.ids) and np.any(np.diff(self.offsets) < 1):
            raise InputError("Subgroups: every subgroup needs at least one value")

    # --- shape -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    @property
    def sizes(self) -> np.ndarray:
        """Number of (non-missing) values in each subgroup."""
        return np.diff(self.offsets)

    @property
    def group_index(self) -> np.ndarray:
        """Subgroup number (0-based) of every value."""
        return np.repeat(np.arange(len(self.ids)), self.sizes)

    # --- statistics --------------------------------------------------------------------
    def _reduce(self, ufunc: np.ufunc, values: np.ndarray | None = None) -> np.ndarray:
        v = self.values if values is None else values
        if len(self.ids) == 0:
            return np.empty(0)
        return ufunc.reduceat(v, self.offsets[:-1])

    def means(self) -> np.ndarray:
        """Subgroup means."""
        return self._reduce(np.add) / self.sizes

    def ranges(self) -> np.ndarray:
        """Subgroup ranges (max − min); 0 for a single value."""
        return self._reduce(np.maximum) - self._reduce(np.minimum)

    def stds(self) -> np.ndarray:
        """Subgroup sample standard deviations (divisor n − 1); NaN for a single value."""
        sizes = self.sizes
        dev = self.values - np.repeat(self.means(), sizes)
        ss = self._reduce(np.add, dev * dev)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.sqrt(ss / (sizes - 1))

    # --- construction and selection ----------------------------------------------------
    @classmethod
    def from_matrix(cls, data: Any, ids: Sequence[Any] | np.ndarray | None = None) -> Subgroups:
        """From a 2-D array (one row per subgroup; NaN = missing) or a list of sequences."""
        if isinstance(data, Subgroups):
            return data
        if isinstance(data, pd.DataFrame):
            data = data.to_numpy(dtype=float)
        rows: list[np.ndarray]
        if isinstance(data, np.ndarray):
            arr = np.asarray(data, dtype=float)
            if arr.ndim == 1:
                arr = arr[:, None]
            if arr.ndim != 2:
                raise InputError(f"subgroup data must be 2-D (got {arr.ndim} dimensions)")
            mask = ~np.isnan(arr)
            values = arr[mask]
            sizes = mask.sum(axis=1)
        else:
            rows = [np.atleast_1d(np.asarray(r, dtype=float)) for r in data]
            rows = [r[~np.isnan(r)] for r in rows]
            values = np.concatenate(rows) if rows else np.empty(0)
            sizes = np.array([len(r) for r in rows], dtype=int)
        if np.any(sizes == 0):
            empty = [i + 1 for i in np.flatnonzero(sizes == 0)]
            raise InputError(f"subgroup(s) at position {empty[:10]} have no values")
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp)
        labels = np.arange(1, len(sizes) + 1) if ids is None else np.asarray(ids)
        if len(labels) != len(sizes):
            raise InputError(f"{len(labels)} subgroup ids given for {len(sizes)} subgroups")
        return cls(values=np.asarray(values, dtype=float), offsets=offsets, ids=labels)

    def select(self, keep: np.ndarray) -> Subgroups:
        """The subgroups where the boolean mask ``keep`` (one entry per subgroup) is true."""
        keep = np.asarray(keep, dtype=bool)
        sizes = self.sizes[keep]
        value_mask = np.repeat(keep, self.sizes)
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp)
        return Subgroups(values=self.values[value_mask], offsets=offsets, ids=self.ids[keep])

    def to_matrix(self) -> np.ndarray:
        """A NaN-padded 2-D array, one row per subgroup."""
        out = np.full((len(self), int(self.sizes.max(initial=0))), np.nan)
        within = np.arange(len(self.values)) - np.repeat(self.offsets[:-1], self.sizes)
        out[self.group_index, within] = self.values
        return out


def make_subgroups(
    values: Any,
    *,
    subgroup: Any = None,
    size: int | None = None,
    timestamps: Any = None,
    freq: str | None = None,
) -> Subgroups:
    """Form rational subgroups from a measurement column.

    Exactly one way of grouping is used:

    * ``subgroup``: a label per value; subgroups are kept in the order their label first
      appears (data order is time order);
    * ``size``: consecutive blocks of ``size`` values (a shorter last block is kept);
    * ``timestamps`` with ``freq`` (a pandas period alias such as ``"h"``, ``"D"``, ``"W"``,
      ``"M"``): one subgroup per time bucket, in time order, labelled by the bucket start.

    Missing values are dropped; a subgroup left without values is dropped too.
    """
    x = np.asarray(values, dtype=float).reshape(-1)
    chosen = sum(v is not None for v in (subgroup, size, timestamps))
    if chosen != 1:
        raise InputError("give exactly one of subgroup=, size= or timestamps= (with freq=)")
    if subgroup is not None:
        labels = np.asarray(subgroup)
        if len(labels) != len(x):
            raise InputError(f"subgroup has {len(labels)} labels for {len(x)} values")
        codes, uniques = pd.factorize(labels, sort=False)
        if np.any(codes < 0):
            raise InputError("subgroup labels must not be missing")
        ids = np.asarray(uniques)
    elif size is not None:
        if int(size) != size or size < 1:
            raise InputError(f"size must be a positive whole number (got {size!r})")
        codes = np.arange(len(x)) // int(size)
        ids = np.arange(1, (len(x) + int(size) - 1) // int(size) + 1)
    else:
        if freq is None:
            raise InputError("timestamps= needs freq= (for example 'h', 'D', 'W' or 'M')")
        ts = pd.to_datetime(pd.Series(np.asarray(timestamps)), errors="coerce")
        if len(ts) != len(x):
            raise InputError(f"timestamps has {len(ts)} entries for {len(x)} values")
        if ts.isna().any():
            bad = int(ts.isna().to_numpy().argmax()) + 1
            raise InputError(f"timestamp at row {bad} is missing or not a date")
        if getattr(ts.dt, "tz", None) is not None:
            ts = ts.dt.tz_convert(None)
        buckets = ts.dt.to_period(freq).dt.start_time
        codes, uniques = pd.factorize(buckets, sort=True)
        ids = pd.Index(uniques).to_numpy(dtype=object)  # pandas Timestamps
    ok = ~np.isnan(x)
    x, codes = x[ok], np.asarray(codes)[ok]
    order = np.argsort(codes, kind="stable")
    x, codes = x[order], codes[order]
    counts = np.bincount(codes, minlength=len(ids))
    present = counts > 0
    counts = counts[present]
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.intp)
    return Subgroups(values=x, offsets=offsets, ids=ids[present])
