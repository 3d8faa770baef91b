"""Western Electric and Nelson run rules, vectorised over standardized statistics.

Every rule works on ``z`` = (statistic − center) / σ_statistic, one value per plotted point in
time order. Zones are in units of ``nsigmas/3`` (qcc: the 2σ zone of a chart drawn at
``nsigmas`` is at ``2·nsigmas/3``), so with the usual 3σ limits they are the familiar ±1σ,
±2σ, ±3σ.

Rules (codes used throughout totalquality):

==== ==============================================================================
WE1  one point beyond the control limits
WE2  2 of 3 consecutive points beyond 2σ on the same side (flagged: the last point of
     the window, if it is itself beyond 2σ)
WE3  4 of 5 consecutive points beyond 1σ on the same side (last point, as WE2)
WE4  8 consecutive points on one side of the center line
N1   = WE1
N2   9 consecutive points on one side of the center line
N3   6 points in a row steadily increasing or decreasing
N4   14 points in a row alternating up and down
N5   = WE2;  N6 = WE3
N7   15 points in a row within 1σ of the center line (either side)
N8   8 points in a row beyond 1σ, with points on both sides
==== ==============================================================================

Run rules flag a point from the moment the run reaches its length on (the 8th, 9th, …
point of a run of 8), exactly as qcc's ``qccRulesViolating*`` functions.

**Tolerance.** Sums computed in different orders differ by an ulp, so a point can land
"exactly" on a line in one engine and a hair off it in another. A point within
``tol`` (default :data:`TOLERANCE` = 1e-9, in units of the statistic's sigma) of the center
line is on neither side (it breaks a one-side run); a point within ``tol`` of a limit or zone
boundary is *not* beyond it (a point exactly on the control limit is in control).

**Precedence.** When several rules flag the same point, the most serious is reported:
the lowest-numbered rule of its family (qcc); across families the order is
:data:`SEVERITY`.

Every rule accepts an optional ``group`` array (sorted, equal values = one series), so
many characteristics can be checked in one vectorised call: windows and runs never cross a
group boundary. :func:`evaluate_rules_grouped` is that entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._errors import InputError

TOLERANCE = 1e-9
"""Half-width (in sigmas of the statistic) of the band counted as *on* a line."""

RULE_DESCRIPTIONS: dict[str, str] = {
    "WE1": "1 point beyond the control limits",
    "WE2": "2 of 3 consecutive points beyond 2 sigma on the same side",
    "WE3": "4 of 5 consecutive points beyond 1 sigma on the same side",
    "WE4": "8 consecutive points on one side of the center line",
    "N1": "1 point beyond the control limits",
    "N2": "9 consecutive points on one side of the center line",
    "N3": "6 points in a row steadily increasing or decreasing",
    "N4": "14 points in a row alternating up and down",
    "N5": "2 of 3 consecutive points beyond 2 sigma on the same side",
    "N6": "4 of 5 consecutive points beyond 1 sigma on the same side",
    "N7": "15 points in a row within 1 sigma of the center line",
    "N8": "8 points in a row beyond 1 sigma with points on both sides",
}

WESTERN_ELECTRIC: tuple[str, ...] = ("WE1", "WE2", "WE3", "WE4")
NELSON: tuple[str, ...] = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
DEFAULT_RULES: tuple[str, ...] = ("WE1", "WE4")
"""qcc 3.0's default: beyond limits and 8 on one side."""

SEVERITY: tuple[str, ...] = ("WE1", "N1", "WE2", "WE3", "WE4", *NELSON[1:])
"""Most serious first; keeps each family's own order (lower number = more serious)."""

BEYOND_LIMIT_RULES = frozenset({"WE1", "N1"})

_ALIASES = {
    "WESTERN-ELECTRIC": WESTERN_ELECTRIC,
    "WESTERN_ELECTRIC": WESTERN_ELECTRIC,
    "WE": WESTERN_ELECTRIC,
    "NELSON": NELSON,
    "DEFAULT": DEFAULT_RULES,
}


def normalize_rules(rules: str | Iterable[str] | None) -> tuple[str, ...]:
    """Rule codes in canonical form: ``"WE1"``…``"WE4"``, ``"N1"``…``"N8"``.

    Accepts a single code, a family name (``"western-electric"``, ``"nelson"``), ``None``
    (the default WE1 + WE4), or any iterable of those; case-insensitive, ``"NELSON3"`` works.
    """
    if rules is None:
        return DEFAULT_RULES
    items = [rules] if isinstance(rules, str) else list(rules)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InputError(
                f"rules are given by code, like 'WE1' or 'N3' (got {item!r}); numbers alone "
                "are ambiguous between the Western Electric and Nelson sets"
            )
        key = item.strip().upper().replace(" ", "")
        if key in _ALIASES:
            out.extend(_ALIASES[key])
            continue
        if key.startswith("NELSON"):
            key = "N" + key[len("NELSON") :]
        if key not in RULE_DESCRIPTIONS:
            raise InputError(f"unknown rule {item!r}; known rules: {', '.join(RULE_DESCRIPTIONS)}")
        out.append(key)
    return tuple(dict.fromkeys(out))


# --------------------------------------------------------------------------------------
# vectorised building blocks
# --------------------------------------------------------------------------------------
def _layout(n: int, group: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(index, position within its group, is-first-of-group) for n points."""
    idx = np.arange(n)
    if group is None:
        first = idx == 0
        return idx, idx.copy(), first
    g = np.asarray(group)
    if len(g) != n:
        raise InputError(f"group has {len(g)} entries for {n} statistics")
    first = np.ones(n, dtype=bool)
    if n > 1:
        first[1:] = g[1:] != g[:-1]
    start = np.maximum.accumulate(np.where(first, idx, 0))
    return idx, idx - start, first


def _run_length(cond: np.ndarray, layout: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Length of the run of True ending at each point (0 where False); resets per group."""
    idx, _, first = layout
    marker = np.where(~cond, idx, np.where(first, idx - 1, -1))
    return idx - np.maximum.accumulate(marker) if len(idx) else idx


def _window_count(
    cond: np.ndarray, width: int, layout: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """Number of True in the window of ``width`` points ending at each point (−1 if the
    window would reach into the previous group or before the start)."""
    idx, pos, _ = layout
    cs = np.concatenate([[0], np.cumsum(cond, dtype=np.int64)])
    lo = np.maximum(idx + 1 - width, 0)
    counts = cs[idx + 1] - cs[lo]
    return np.where(pos >= width - 1, counts, -1)


def _as_z(z: Any) -> np.ndarray:
    return np.asarray(z, dtype=float).reshape(-1)


def _prev(values: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """values[i] − values[i−1] within a group (NaN at a group's first point)."""
    d = np.full(len(values), np.nan)
    if len(values) > 1:
        d[1:] = values[1:] - values[:-1]
    d[pos == 0] = np.nan
    return d


# --------------------------------------------------------------------------------------
# the rules; each returns a boolean mask of flagged points
# --------------------------------------------------------------------------------------
def rule_beyond_limits(
    z: Any,
    *,
    group: Any = None,
    nsigmas: float = 3.0,
    lower: Any = None,
    upper: Any = None,
    tol: float = TOLERANCE,
    **_: Any,
) -> np.ndarray:
    """WE1/N1: beyond the limits (``lower``/``upper`` in z units, default ∓nsigmas)."""
    zz = _as_z(z)
    lo = -nsigmas if lower is None else np.asarray(lower, dtype=float)
    hi = nsigmas if upper is None else np.asarray(upper, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.asarray((zz > hi + tol) | (zz < lo - tol), dtype=bool)


def _k_of_m(z: np.ndarray, group: Any, k: int, m: int, boundary: float, tol: float) -> np.ndarray:
    layout = _layout(len(z), None if group is None else np.asarray(group))
    out = np.zeros(len(z), dtype=bool)
    with np.errstate(invalid="ignore"):
        for beyond in (z > boundary + tol, z < -boundary - tol):
            counts = _window_count(beyond, m, layout)
            out |= beyond & (counts >= k)
    return out


def rule_2_of_3_beyond_2sigma(
    z: Any, *, group: Any = None, nsigmas: float = 3.0, tol: float = TOLERANCE, **_: Any
) -> np.ndarray:
    """WE2/N5."""
    return _k_of_m(_as_z(z), group, 2, 3, 2.0 * nsigmas / 3.0, tol)


def rule_4_of_5_beyond_1sigma(
    z: Any, *, group: Any = None, nsigmas: float = 3.0, tol: float = TOLERANCE, **_: Any
) -> np.ndarray:
    """WE3/N6."""
    return _k_of_m(_as_z(z), group, 4, 5, nsigmas / 3.0, tol)


def _one_side(z: np.ndarray, group: Any, length: int, tol: float) -> np.ndarray:
    layout = _layout(len(z), None if group is None else np.asarray(group))
    with np.errstate(invalid="ignore"):
        above = _run_length(z > tol, layout) >= length
        below = _run_length(z < -tol, layout) >= length
    return np.asarray(above | below, dtype=bool)


def rule_8_one_side(z: Any, *, group: Any = None, tol: float = TOLERANCE, **_: Any) -> np.ndarray:
    """WE4."""
    return _one_side(_as_z(z), group, 8, tol)


def rule_9_one_side(z: Any, *, group: Any = None, tol: float = TOLERANCE, **_: Any) -> np.ndarray:
    """N2."""
    return _one_side(_as_z(z), group, 9, tol)


def rule_6_trend(
    z: Any, *, group: Any = None, trend: Any = None, tol: float = TOLERANCE, **_: Any
) -> np.ndarray:
    """N3: 6 points steadily increasing or decreasing (5 successive differences of one sign).

    ``trend`` (optional) is the series whose direction is judged, in sigma units; by default
    ``z``. Charts with varying subgroup sizes pass the statistic scaled by one constant sigma,
    so the direction is that of the plotted statistic.
    """
    zz = _as_z(z)
    values = zz if trend is None else _as_z(trend)
    layout = _layout(len(zz), None if group is None else np.asarray(group))
    d = _prev(values, layout[1])
    with np.errstate(invalid="ignore"):
        up = _run_length(d > tol, layout) >= 5
        down = _run_length(d < -tol, layout) >= 5
    return np.asarray(up | down, dtype=bool)


def rule_14_alternating(
    z: Any, *, group: Any = None, trend: Any = None, tol: float = TOLERANCE, **_: Any
) -> np.ndarray:
    """N4: 14 points in a row alternating up and down (12 successive sign changes)."""
    zz = _as_z(z)
    values = zz if trend is None else _as_z(trend)
    layout = _layout(len(zz), None if group is None else np.asarray(group))
    d = _prev(values, layout[1])
    prev_d = np.full(len(d), np.nan)
    if len(d) > 1:
        prev_d[1:] = d[:-1]
    prev_d[layout[1] < 2] = np.nan
    with np.errstate(invalid="ignore"):
        alternating = ((d > tol) & (prev_d < -tol)) | ((d < -tol) & (prev_d > tol))
    return np.asarray(_run_length(alternating, layout) >= 12, dtype=bool)


def rule_15_within_1sigma(
    z: Any, *, group: Any = None, nsigmas: float = 3.0, tol: float = TOLERANCE, **_: Any
) -> np.ndarray:
    """N7: 15 points in a row within 1 sigma (boundary inclusive)."""
    zz = _as_z(z)
    k = nsigmas / 3.0
    layout = _layout(len(zz), None if group is None else np.asarray(group))
    with np.errstate(invalid="ignore"):
        inside = (zz >= -k - tol) & (zz <= k + tol)
    return np.asarray(_run_length(inside, layout) >= 15, dtype=bool)


def rule_8_beyond_1sigma_both_sides(
    z: Any, *, group: Any = None, nsigmas: float = 3.0, tol: float = TOLERANCE, **_: Any
) -> np.ndarray:
    """N8: 8 points in a row beyond 1 sigma, some above and some below the center."""
    zz = _as_z(z)
    k = nsigmas / 3.0
    layout = _layout(len(zz), None if group is None else np.asarray(group))
    with np.errstate(invalid="ignore"):
        above = zz > k + tol
        below = zz < -k - tol
    n_out = _window_count(above | below, 8, layout)
    n_above = _window_count(above, 8, layout)
    n_below = _window_count(below, 8, layout)
    return np.asarray((n_out == 8) & (n_above >= 1) & (n_below >= 1), dtype=bool)


RULE_FUNCTIONS: dict[str, Callable[..., np.ndarray]] = {
    "WE1": rule_beyond_limits,
    "WE2": rule_2_of_3_beyond_2sigma,
    "WE3": rule_4_of_5_beyond_1sigma,
    "WE4": rule_8_one_side,
    "N1": rule_beyond_limits,
    "N2": rule_9_one_side,
    "N3": rule_6_trend,
    "N4": rule_14_alternating,
    "N5": rule_2_of_3_beyond_2sigma,
    "N6": rule_4_of_5_beyond_1sigma,
    "N7": rule_15_within_1sigma,
    "N8": rule_8_beyond_1sigma_both_sides,
}


def evaluate_rules(
    z: Any,
    rules: str | Iterable[str] | None = None,
    *,
    nsigmas: float = 3.0,
    lower: Any = None,
    upper: Any = None,
    trend: Any = None,
    tol: float = TOLERANCE,
    group: Any = None,
) -> dict[str, np.ndarray]:
    """Boolean mask of flagged points for each requested rule (in the order given)."""
    zz = _as_z(z)
    out: dict[str, np.ndarray] = {}
    for code in normalize_rules(rules):
        out[code] = RULE_FUNCTIONS[code](
            zz, group=group, nsigmas=nsigmas, lower=lower, upper=upper, trend=trend, tol=tol
        )
    return out


def evaluate_rules_grouped(
    group: Any,
    z: Any,
    rules: str | Iterable[str] | None = None,
    *,
    nsigmas: float = 3.0,
    lower: Any = None,
    upper: Any = None,
    trend: Any = None,
    tol: float = TOLERANCE,
) -> dict[str, np.ndarray]:
    """Rules over many series at once: ``group`` (sorted; one id per point) and ``z``.

    Windows and runs never cross from one group into the next, so the result equals running
    :func:`evaluate_rules` on every group separately.
    """
    g = np.asarray(group)
    if len(g) > 1 and np.any(g[1:] < g[:-1]):
        raise InputError("group must be sorted (points of one series together, in time order)")
    return evaluate_rules(
        z, rules, nsigmas=nsigmas, lower=lower, upper=upper, trend=trend, tol=tol, group=g
    )


def combine_rules(flags: dict[str, np.ndarray]) -> np.ndarray:
    """One code per point: the most serious rule that flags it (``None`` if none).

    Precedence follows :data:`SEVERITY` (qcc: rule 1 beats rule 2 beats …).
    """
    n = len(next(iter(flags.values()))) if flags else 0
    out = np.full(n, None, dtype=object)
    for code in reversed(SEVERITY):
        if code in flags:
            out[np.asarray(flags[code], dtype=bool)] = code
    return out


@dataclass(frozen=True)
class Violation:
    """One rule and every point it flags: 1-based positions and the sample ids there."""

    rule: str
    description: str
    positions: tuple[int, ...]
    sample_ids: tuple[Any, ...]

    def to_dict(self) -> dict[str, Any]:
        from .._base import to_jsonable

        return {
            "rule": self.rule,
            "description": self.description,
            "positions": list(self.positions),
            "sample_ids": to_jsonable(list(self.sample_ids)),
        }


def violations_from_flags(
    flags: dict[str, np.ndarray], sample_ids: Sequence[Any] | np.ndarray
) -> tuple[Violation, ...]:
    """One :class:`Violation` per rule that flags at least one point."""
    ids = np.asarray(sample_ids, dtype=object)
    out = []
    for code, mask in flags.items():
        where = np.flatnonzero(mask)
        if len(where):
            out.append(
                Violation(
                    rule=code,
                    description=RULE_DESCRIPTIONS[code],
                    positions=tuple(int(i) + 1 for i in where),
                    sample_ids=tuple(_plain(v) for v in ids[where]),
                )
            )
    return tuple(out)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value
