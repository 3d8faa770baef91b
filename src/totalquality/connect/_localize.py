"""Where and since when: an outcome that got worse in one place, relative to the rest.

Units (orders, survey responses, complaints) carry a time, the values of their dimensions
(country, segment, language, product, channel) and outcomes: *rates* (0/1 per unit, e.g. a
complaint about a topic, a detractor answer) and *means* (a score, delivery days). For every
outcome, dimension and value the question is: was the outcome worse in this value during
some window of months — *compared with the other values in the same weeks*?

* Rates. Conditional on each week's events, the value's events are binomial with
  π_w = n_vw·θ / (n_vw·θ + n_rw), θ the value's rate ratio against the rest of the company
  (the conditional model of Breslow & Day 1980, ch. 4). The week's own level cancels, so
  seasonality and company-wide trends raise no alarm. A window is tested by the likelihood
  ratio of θ_in ≠ θ_out against a common θ.
* Means. Within-week differences between the value and the rest, weighted by
  n_v·n_r/(n_v + n_r), inside vs outside the window: a difference in differences with
  week effects, tested with the pooled within-cell variance.

Windows start and end at month boundaries (at least ``min_weeks`` weeks inside and out); the
best window of each (outcome, dimension, value) is a scan, so its p-value is corrected for
the windows tried (their effective number, simulated once per grid), and all
tests of a run are corrected together
(Benjamini–Hochberg). A constant level difference (a country that is always less satisfied)
is not a change. A change must also be large enough to matter (``min_ratio``,
``min_excess``, ``min_shift``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._base import Analysis, Result
from .._errors import InputError
from .._stats import bh_adjust

_WEEK = np.timedelta64(7, "D")
_CLIP = 8.0  # |log θ| bound: a value with no events in a window has θ → 0
#: The value itself must not have got better (its own change, at least this share of its
#: change relative to the rest, on the log scale for rates): with two values, "business
#: worse since September" and "consumer better until September" are the same relative
#: change, and only the first is a problem.
_OWN_SHARE = 0.0


@dataclass(frozen=True)
class LocalChangeResult(Result):
    """Every tested (outcome, dimension, value) at its best window."""

    #: outcome, kind (rate|mean), dimension, value, start, end (exclusive; None = still
    #: going), effect_out, effect_in (rate ratio vs the rest, or mean difference vs the rest),
    #: change (ratio or difference), units_in, events_in, excess, own_change (the value's own
    #: rate ratio or mean difference, inside vs outside), p_value, q_value, significant,
    #: explained_by (the index of the stronger change that explains this one away)
    tests: pd.DataFrame
    alpha: float
    #: the Benjamini–Hochberg threshold alpha · R / m (0 when nothing passed)
    p_cutoff: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def significant(self) -> pd.DataFrame:
        return self.tests[self.tests["significant"]].sort_values("q_value", kind="stable")


class LocalChanges(Analysis):
    """Find the places and windows where an outcome got worse relative to the rest.

    Parameters
    ----------
    alpha : false-discovery rate over every (outcome, dimension, value) tested.
    min_weeks : fewest weeks inside a window, and outside it.
    min_units : fewest units a value needs to be tested (for a mean, inside a window and
        outside it).
    min_ratio : a rate must rise at least this many times relative to the rest.
    min_excess : and by at least this many events above what the value's usual ratio gives.
    min_shift : per mean outcome, the smallest worsening that matters (in its units).
    """

    def __init__(
        self,
        alpha: float = 0.05,
        min_weeks: int = 4,
        min_units: int = 30,
        min_ratio: float = 1.5,
        min_excess: float = 5.0,
        min_shift: Mapping[str, float] | None = None,
    ) -> None:
        self.alpha = alpha
        self.min_weeks = min_weeks
        self.min_units = min_units
        self.min_ratio = min_ratio
        self.min_excess = min_excess
        self.min_shift = min_shift

    def fit(
        self,
        units: pd.DataFrame,
        *,
        time: str,
        dimensions: Sequence[str],
        rates: Sequence[str] = (),
        means: Mapping[str, str] | None = None,
    ) -> LocalChanges:
        """``rates``: 0/1 columns where up is worse; ``means``: column → "up" or "down",
        the direction that is worse. Missing outcome values are units without it."""
        if time not in units.columns:
            raise InputError(f"the units need the time column {time!r}")
        grid = _WeekGrid.of(pd.to_datetime(units[time], utc=True))
        outcomes = {o: "rate" for o in rates} | {o: w for o, w in (means or {}).items()}
        dims = [d for d in dimensions if d in units.columns]
        rows = [
            row
            for outcome, how in outcomes.items()
            for dim in dims
            for row in self._tests(units, grid, dim, outcome, how)
        ]
        tests = pd.DataFrame(rows, columns=_COLUMNS)
        tests["q_value"] = bh_adjust(tests["p_value"].to_numpy(float)) if len(tests) else []
        tests["explained_by"] = None
        tests["significant"] = False
        if len(tests):
            self._explain_away(units, grid, tests, outcomes)
        notes = []
        if grid.weeks < 2 * self.min_weeks:
            notes.append(
                f"{grid.weeks} weeks of data: windows need {self.min_weeks} weeks inside and out"
            )
        passed = tests["q_value"] <= self.alpha if len(tests) else pd.Series(dtype=bool)
        self.result_ = LocalChangeResult(
            tests=tests.drop(columns=["large_enough", "own_worse"]),
            alpha=self.alpha,
            p_cutoff=self.alpha * int(passed.sum()) / len(tests) if len(tests) else 0.0,
            warnings=tuple(notes),
        )
        return self

    def retest(
        self,
        units: pd.DataFrame,
        *,
        time: str,
        dimension: str,
        value: str,
        outcome: str,
        how: str,
        exclude: np.ndarray,
    ) -> dict[str, Any] | None:
        """One value's test again with some units set aside (does the change remain once
        another cause's units are left out?). ``how``: "rate", or "up"/"down" for a mean."""
        grid = _WeekGrid.of(pd.to_datetime(units[time], utc=True))
        rows = self._tests(units, grid, dimension, outcome, how, exclude)
        return next((r for r in rows if r["value"] == str(value)), None)

    def _tests(
        self,
        units: pd.DataFrame,
        grid: _WeekGrid,
        dim: str,
        outcome: str,
        how: str,
        exclude: np.ndarray | None = None,
    ) -> list[dict[str, Any]]:
        if how == "rate":
            return self._rate_tests(units, grid, dim, outcome, exclude)
        return self._mean_tests(units, grid, dim, outcome, how, exclude)

    def _explain_away(
        self, units: pd.DataFrame, grid: _WeekGrid, tests: pd.DataFrame, outcomes: dict[str, str]
    ) -> None:
        """Keep the changes that remain once the stronger ones are set aside.

        When PL got worse from October, every other country got *relatively* better from
        October, in its delivery times and in every outcome they drive; with PL's units of
        that window left out, the mirror images vanish. Changes are taken strongest first,
        across outcomes, and each later one is tested again without the units of those kept.
        """
        passed = tests["q_value"] <= self.alpha
        if not passed.any():
            return
        # the Benjamini–Hochberg threshold: alpha · R / m for the R changes that passed
        cutoff = self.alpha * int(passed.sum()) / len(tests)
        candidates = tests[passed & tests["large_enough"]]
        # a relative change has two readings (this value worse, or the rest better):
        # among equally strong ones, the value that itself got worse comes first
        order = candidates.assign(
            strength=np.round(np.log10(candidates["p_value"].clip(lower=1e-300)), 6)
        ).sort_values(["strength", "own_worse"], ascending=[True, False])
        explained = np.zeros(len(units), dtype=bool)
        kept: list[tuple[int, np.ndarray]] = []
        for idx in order.index:
            row = tests.loc[idx]
            mine = self._window_units(units, grid, row)
            if kept and not self._remains(units, grid, row, outcomes, explained, cutoff):
                tests.loc[idx, "explained_by"] = max(kept, key=lambda k: (k[1] & mine).sum())[0]
                continue
            kept.append((int(idx), mine))
            tests.loc[idx, "significant"] = True
            explained |= mine

    def _remains(
        self,
        units: pd.DataFrame,
        grid: _WeekGrid,
        row: pd.Series,
        outcomes: dict[str, str],
        explained: np.ndarray,
        cutoff: float,
    ) -> bool:
        outcome = row["outcome"]
        again = self._tests(units, grid, row["dimension"], outcome, outcomes[outcome], explained)
        same = [r for r in again if r["value"] == row["value"]]
        return bool(same and same[0]["p_value"] <= cutoff and same[0]["large_enough"])

    @staticmethod
    def _window_units(units: pd.DataFrame, grid: _WeekGrid, row: pd.Series) -> np.ndarray:
        start = (pd.Timestamp(row["start"]) - pd.Timestamp(grid.origin)).days // 7
        end = (
            grid.weeks
            if row["end"] is None
            else (pd.Timestamp(row["end"]) - pd.Timestamp(grid.origin)).days // 7
        )
        place = (units[row["dimension"]].astype(str) == row["value"]).to_numpy()
        return place & (grid.index >= start) & (grid.index < end)

    # -- rates -----------------------------------------------------------------------------
    def _rate_tests(
        self,
        units: pd.DataFrame,
        grid: _WeekGrid,
        dim: str,
        outcome: str,
        exclude: np.ndarray | None = None,
    ) -> list[dict[str, Any]]:
        cells = _cells(units, grid, dim, outcome, self.min_units, exclude)
        windows = grid.windows(self.min_weeks)
        if cells is None or not len(windows):
            return []
        values, n, k, nr, kr = cells.values, cells.n, cells.sums, cells.rest_n, cells.rest_sums
        inside = windows_mask(windows, grid.weeks)  # [windows, weeks]
        fit = _ConditionalBinomial(n, k, nr, kr)
        lam_in, ll_in = fit.solve(inside)
        lam_out, ll_out = fit.solve(~inside)
        _, ll_all = fit.solve(np.ones((1, grid.weeks), bool))
        lr = np.maximum(2 * (ll_in + ll_out - ll_all), 0.0)  # [values, windows]
        z = np.where(lam_in > lam_out, np.sqrt(lr), -np.sqrt(lr))
        best = np.argmax(np.where(np.isfinite(z), z, -np.inf), axis=1)
        tries = grid.effective_windows(self.min_weeks)
        out = []
        for i, value in enumerate(values):
            j = best[i]
            p = min(1.0, float(stats.norm.sf(z[i, j])) * tries)
            n_in, k_in = float(n[i][inside[j]].sum()), float(k[i][inside[j]].sum())
            ratio_in, ratio_out = float(np.exp(lam_in[i, j])), float(np.exp(lam_out[i, j]))
            # what the value's usual ratio to the rest would have given inside the window
            rest_rate = kr[i][inside[j]] / np.maximum(nr[i][inside[j]], 1)
            expected = float((n[i][inside[j]] * rest_rate).sum()) * ratio_out
            excess = k_in - expected
            change = ratio_in / ratio_out if ratio_out > 0 else np.inf
            n_out, k_out = float(n[i].sum()) - n_in, float(k[i].sum()) - k_in
            own = ((k_in + 0.5) / (n_in + 1)) / ((k_out + 0.5) / (n_out + 1))
            out.append(
                _row(outcome, "rate", dim, value, grid, windows[j])
                | dict(
                    effect_out=ratio_out,
                    effect_in=ratio_in,
                    change=change,
                    units_in=n_in,
                    events_in=k_in,
                    excess=excess,
                    own_change=own,
                    own_worse=float(np.log(own)),
                    p_value=p,
                    large_enough=bool(
                        change >= self.min_ratio
                        and excess >= self.min_excess
                        and np.log(own) >= _OWN_SHARE * np.log(change)
                    ),
                )
            )
        return out

    # -- means -----------------------------------------------------------------------------
    def _mean_tests(
        self,
        units: pd.DataFrame,
        grid: _WeekGrid,
        dim: str,
        outcome: str,
        worse: str,
        exclude: np.ndarray | None = None,
    ) -> list[dict[str, Any]]:
        cells = _cells(units, grid, dim, outcome, self.min_units, exclude, squares=True)
        windows = grid.windows(self.min_weeks)
        if cells is None or cells.squares is None or not len(windows):
            return []
        values, n, s, ss = cells.values, cells.n, cells.sums, cells.squares
        nr, sr = cells.rest_n, cells.rest_sums
        dof = n.sum() - np.count_nonzero(n)
        if dof <= 0:
            return []
        with np.errstate(invalid="ignore", divide="ignore"):
            sigma2 = float(np.nansum(ss - np.where(n > 0, s**2 / n, 0.0)) / dof)
            diff = np.where((n > 0) & (nr > 0), s / n - sr / nr, 0.0)
            weight = np.where((n > 0) & (nr > 0), n * nr / (n + nr), 0.0)
        inside = windows_mask(windows, grid.weeks).astype(float)
        h_in, h_out = weight @ inside.T, weight @ (1 - inside).T  # [values, windows]
        with np.errstate(invalid="ignore", divide="ignore"):
            d_in = ((weight * diff) @ inside.T) / h_in
            d_out = ((weight * diff) @ (1 - inside).T) / h_out
            se = np.sqrt(sigma2 * (1 / h_in + 1 / h_out))
            sign = 1.0 if worse == "up" else -1.0
            z = sign * (d_in - d_out) / se
        # a mean rests on enough answers inside the window and outside it
        n_in = n @ inside.T
        enough = (n_in >= self.min_units) & (n.sum(1, keepdims=True) - n_in >= self.min_units)
        z = np.where(np.isfinite(z) & enough, z, -np.inf)
        best = np.argmax(z, axis=1)
        tries = grid.effective_windows(self.min_weeks)
        floor = (self.min_shift or {}).get(outcome, 0.0)
        out = []
        for i, value in enumerate(values):
            j = best[i]
            if not np.isfinite(z[i, j]):
                continue
            change = float(d_in[i, j] - d_out[i, j])
            n_in = float(n[i] @ inside[j])
            n_out = float(n[i].sum()) - n_in
            s_in = float(s[i] @ inside[j])
            own = s_in / max(n_in, 1) - (float(s[i].sum()) - s_in) / max(n_out, 1)
            out.append(
                _row(outcome, "mean", dim, value, grid, windows[j])
                | dict(
                    effect_out=float(d_out[i, j]),
                    effect_in=float(d_in[i, j]),
                    change=change,
                    units_in=n_in,
                    events_in=np.nan,
                    excess=sign * change * n_in,
                    own_change=own,
                    own_worse=sign * own,
                    p_value=min(1.0, float(stats.norm.sf(z[i, j])) * tries),
                    large_enough=bool(
                        sign * change >= floor and sign * own >= _OWN_SHARE * sign * change
                    ),
                )
            )
        return out


_COLUMNS = [
    "outcome",
    "kind",
    "dimension",
    "value",
    "start",
    "end",
    "effect_out",
    "effect_in",
    "change",
    "units_in",
    "events_in",
    "excess",
    "own_change",
    "own_worse",
    "p_value",
    "large_enough",
]


@dataclass(frozen=True)
class _WeekGrid:
    """Weeks from the first unit's week on; windows start and end where a month starts."""

    origin: np.datetime64
    index: np.ndarray  # week of each unit (-1 without a time)
    weeks: int

    @classmethod
    def of(cls, times: pd.Series) -> _WeekGrid:
        t = times.dt.tz_convert(None).to_numpy(dtype="datetime64[D]")
        ok = ~np.isnat(t)
        if not ok.any():
            return cls(np.datetime64("1970-01-01"), np.full(len(t), -1), 0)
        first = t[ok].min()
        origin = first - (first.astype(int) + 3) % 7  # the Monday of the first week
        index = np.full(len(t), -1, dtype=np.int64)
        index[ok] = ((t[ok] - origin) // _WEEK).astype(np.int64)
        return cls(origin, index, int(index.max()) + 1)

    def start_of(self, week: int) -> pd.Timestamp:
        return pd.Timestamp(self.origin + week * _WEEK)

    def month_starts(self) -> np.ndarray:
        """Week indices (1 … weeks−1) whose week holds the first day of a month."""
        starts = self.origin + np.arange(self.weeks + 1) * _WEEK
        months = starts.astype("datetime64[M]")
        return np.flatnonzero(months[1:] != months[:-1]) + 1

    def windows(self, min_weeks: int) -> np.ndarray:
        """(first week, end week exclusive) pairs between month starts, the data's ends too."""
        cuts = np.unique(np.r_[0, self.month_starts(), self.weeks])
        a, b = np.meshgrid(cuts, cuts, indexing="ij")
        ok = (b - a >= min_weeks) & (self.weeks - (b - a) >= min_weeks)
        return np.column_stack([a[ok], b[ok]])

    def effective_windows(self, min_weeks: int) -> float:
        return _effective_windows(self.origin, self.weeks, min_weeks)


@lru_cache(maxsize=64)
def _effective_windows(origin: np.datetime64, weeks: int, min_weeks: int) -> float:
    """How many independent tests the scan over windows is worth.

    The windows overlap, so Bonferroni over all of them is too strict. Under no change the
    window statistics are those of a Gaussian random walk's increments (equal information per
    week); the ratio P(max over windows ≥ z₀) / P(one window ≥ z₀), simulated at z₀ = 3 with
    a fixed seed, scales a window's one-sided p-value into the scan's (Siegmund & Venkatraman
    1995 for the epidemic change-point statistic).
    """
    windows = _WeekGrid(origin, np.zeros(0, np.int64), weeks).windows(min_weeks)
    if not len(windows):
        return 1.0
    rng = np.random.default_rng(20261208)
    walks = np.cumsum(rng.standard_normal((4000, weeks)), axis=1)
    walks = np.concatenate([np.zeros((4000, 1)), walks], axis=1)
    a, b = windows[:, 0], windows[:, 1]
    length = (b - a).astype(float)
    z = (walks[:, b] - walks[:, a] - length / weeks * walks[:, [weeks]]) / np.sqrt(
        length * (1 - length / weeks)
    )
    z0 = 3.0
    ratio = float((z.max(axis=1) >= z0).mean() / stats.norm.sf(z0))
    return float(np.clip(ratio, 1.0, len(windows)))


def windows_mask(windows: np.ndarray, weeks: int) -> np.ndarray:
    w = np.arange(weeks)
    return (w[None, :] >= windows[:, :1]) & (w[None, :] < windows[:, 1:])


@dataclass(frozen=True)
class _Cells:
    """Per value and week: units and outcome sums; ``rest_*`` the other values' (all of them,
    also those too small to be tested on their own)."""

    values: list[str]
    n: np.ndarray  # [values, weeks]
    sums: np.ndarray
    rest_n: np.ndarray
    rest_sums: np.ndarray
    squares: np.ndarray | None = None


def _cells(
    units: pd.DataFrame,
    grid: _WeekGrid,
    dim: str,
    outcome: str,
    min_units: int,
    exclude: np.ndarray | None = None,
    *,
    squares: bool = False,
) -> _Cells | None:
    if outcome not in units.columns:
        return None
    y = pd.to_numeric(units[outcome], errors="coerce").to_numpy(float)
    ok = ~np.isnan(y) & units[dim].notna().to_numpy() & (grid.index >= 0)
    if exclude is not None:
        ok &= ~exclude
    codes, values = pd.factorize(units.loc[ok, dim].astype(str), sort=True)
    if len(values) < 2:
        return None
    flat = codes * grid.weeks + grid.index[ok]
    shape = (len(values), grid.weeks)

    def per_cell(weights: np.ndarray | None) -> np.ndarray:
        counts = np.bincount(flat, weights=weights, minlength=shape[0] * shape[1])
        return counts.reshape(shape).astype(float)

    n, s = per_cell(None), per_cell(y[ok])
    ss = per_cell(y[ok] ** 2) if squares else None
    keep = n.sum(1) >= min_units
    if not keep.any():
        return None
    return _Cells(
        values=[str(v) for v in np.asarray(values)[keep]],
        n=n[keep],
        sums=s[keep],
        rest_n=n.sum(0) - n[keep],
        rest_sums=s.sum(0) - s[keep],
        squares=ss[keep] if ss is not None else None,
    )


def _row(
    outcome: str, kind: str, dim: str, value: str, grid: _WeekGrid, window: np.ndarray
) -> dict[str, Any]:
    start, end = int(window[0]), int(window[1])
    return {
        "outcome": outcome,
        "kind": kind,
        "dimension": dim,
        "value": value,
        "start": grid.start_of(start).date(),
        "end": None if end >= grid.weeks else grid.start_of(end).date(),
    }


class _ConditionalBinomial:
    """Maximum likelihood of log θ per (value, window) in the conditional binomial model."""

    def __init__(self, n: np.ndarray, k: np.ndarray, nr: np.ndarray, kr: np.ndarray) -> None:
        informative = (n > 0) & (nr > 0)
        self.n = np.where(informative, n, 0.0)
        self.nr = np.where(informative, nr, 1.0)
        self.k = np.where(informative, k, 0.0)
        self.big_k = np.where(informative, k + kr, 0.0)

    def solve(self, masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """log θ and the log-likelihood for each value over each week mask [masks, weeks]."""
        m = masks.astype(float)
        k_sum = self.k @ m.T  # [values, masks]
        expected = (self.big_k * self.n / (self.n + self.nr)) @ m.T
        lam = np.clip(np.log((k_sum + 0.5) / (expected + 0.5)), -_CLIP, _CLIP)
        for _ in range(40):
            pi = self._pi(lam)  # [values, masks, weeks]
            score = k_sum - np.einsum("vmw,vw,mw->vm", pi, self.big_k, m)
            info = np.einsum("vmw,vw,mw->vm", pi * (1 - pi), self.big_k, m)
            step = np.where(info > 1e-12, score / np.maximum(info, 1e-12), 0.0)
            lam = np.clip(lam + np.clip(step, -2, 2), -_CLIP, _CLIP)
            if np.all(np.abs(step) < 1e-8):
                break
        pi = np.clip(self._pi(lam), 1e-300, 1 - 1e-16)
        ll = np.einsum("vw,vmw,mw->vm", self.k, np.log(pi), m) + np.einsum(
            "vw,vmw,mw->vm", self.big_k - self.k, np.log1p(-pi), m
        )
        return lam, ll

    def _pi(self, lam: np.ndarray) -> np.ndarray:
        theta_n = np.exp(lam)[:, :, None] * self.n[:, None, :]
        return theta_n / (theta_n + self.nr[:, None, :])


def company_change(
    units: pd.DataFrame,
    *,
    time: str,
    outcome: str,
    worse: str,
    min_shift: float,
    min_weeks: int = 6,
    min_units: int = 5,
) -> dict[str, Any] | None:
    """The best window in which a mean outcome was worse for the whole company, or None.

    Without other places to compare with, weeks are compared with weeks: the weekly means
    inside a window against those outside it (Welch's t-test, so week-to-week variation,
    seasonality included, widens the test), corrected for the windows tried. Meant for
    process measures such as delivery days; scores have seasons of their own.
    """
    if outcome not in units.columns:
        return None
    grid = _WeekGrid.of(pd.to_datetime(units[time], utc=True))
    y = pd.to_numeric(units[outcome], errors="coerce").to_numpy(float)
    ok = ~np.isnan(y) & (grid.index >= 0)
    n = np.bincount(grid.index[ok], minlength=grid.weeks).astype(float)
    s = np.bincount(grid.index[ok], weights=y[ok], minlength=grid.weeks)
    weekly = np.where(n >= min_units, s / np.maximum(n, 1), np.nan)
    windows = grid.windows(min_weeks)
    if not len(windows) or np.isfinite(weekly).sum() < 2 * min_weeks:
        return None
    sign = 1.0 if worse == "up" else -1.0
    best: tuple[float, int] = (-np.inf, -1)
    for j, inside in enumerate(windows_mask(windows, grid.weeks)):
        a, b = weekly[inside], weekly[~inside]
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        if len(a) < min_weeks // 2 or len(b) < min_weeks // 2:
            continue
        t = stats.ttest_ind(a, b, equal_var=False).statistic * sign
        if np.isfinite(t) and t > best[0]:
            best = (float(t), j)
    if best[1] < 0:
        return None
    j = best[1]
    inside = windows_mask(windows, grid.weeks)[j]
    a, b = weekly[inside & np.isfinite(weekly)], weekly[~inside & np.isfinite(weekly)]
    dof = len(a) + len(b) - 2
    p = min(1.0, float(stats.t.sf(best[0], dof)) * grid.effective_windows(min_weeks))
    change = float(a.mean() - b.mean())
    n_in = float(n[inside].sum())
    return _row(outcome, "mean", "all", "all", grid, windows[j]) | dict(
        effect_out=float(b.mean()),
        effect_in=float(a.mean()),
        change=change,
        units_in=n_in,
        events_in=np.nan,
        excess=sign * change * n_in,
        own_change=change,
        p_value=p,
        large_enough=bool(sign * change >= min_shift),
    )
