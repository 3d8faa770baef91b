"""First-pass yield, rolled throughput yield, defects per unit and DPMO.

Inputs are frames shaped like the workspace ``inspections`` table (stage_id, inspected_at,
inspected, passed_first_time, optionally defective/defects) and ``stages`` (stage_id,
sequence); ``defects`` (stage_id, found_at, defect_type, count) can supply defect counts.

* FPY = passed_first_time / inspected with a Wilson score or Clopper–Pearson (exact) interval
  (statsmodels ``proportion_confint``).
* RTY = Π FPY_s over the stages in flow order. Interval by the delta method on the log scale,
  Var(log FPŶ_s) ≈ (1 − p̃_s)/(ñ_s p̃_s), with the Agresti–Coull adjusted p̃ = (x + z²/2)/(n + z²),
  ñ = n + z², so a stage at 100 % still contributes uncertainty; or by a parametric bootstrap.
* DPU = defects / units with an exact Poisson (Garwood) interval; DPMO = 10⁶·defects /
  (units · opportunities per unit); sigma level = Φ⁻¹(1 − DPMO/10⁶) + 1.5 (the customary
  1.5 sigma shift).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from .._base import Result
from .._errors import InputError, Problem, SmallSampleWarning
from .._findings import Finding

PERIODS = {"week": "W", "month": "M", "quarter": "Q"}
PROPORTION_INTERVALS = {"wilson": "wilson", "clopper-pearson": "beta", "exact": "beta"}


# ---------------------------------------------------------------------------- shared helpers
def proportion_interval(
    successes: Any, trials: Any, confidence_level: float = 0.95, method: str = "wilson"
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised binomial interval: ``method`` "wilson" or "clopper-pearson" (= "exact").

    Trials of 0 give NaN limits.
    """
    if method not in PROPORTION_INTERVALS:
        raise InputError(
            f"interval method must be one of {', '.join(PROPORTION_INTERVALS)}, got {method!r}"
        )
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    safe_n = np.where(n > 0, n, 1.0)
    lo, hi = proportion_confint(
        np.minimum(x, safe_n),
        safe_n,
        alpha=1 - confidence_level,
        method=PROPORTION_INTERVALS[method],
    )
    lo = np.where(n > 0, np.clip(lo, 0.0, 1.0), np.nan)
    hi = np.where(n > 0, np.clip(hi, 0.0, 1.0), np.nan)
    return lo, hi


def poisson_interval(
    counts: Any, exposure: Any, confidence_level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a Poisson rate counts/exposure, vectorised."""
    x = np.asarray(counts, dtype=float)
    e = np.asarray(exposure, dtype=float)
    alpha = 1 - confidence_level
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(x > 0, stats.chi2.ppf(alpha / 2, 2 * x) / 2, 0.0) / e
        hi = stats.chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2 / e
    bad = ~(e > 0)
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def period_start(timestamps: Any, period: str) -> pd.Series:
    """Start of the week (Monday), month or quarter of each timestamp, as naive UTC."""
    if period not in PERIODS:
        raise InputError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    ts = _timestamps(timestamps, "timestamp")
    return ts.dt.to_period(PERIODS[period]).dt.start_time


def _timestamps(values: Any, column: str, table: str = "data") -> pd.Series:
    s = pd.Series(values)
    try:
        ts = pd.to_datetime(s, utc=True, format="mixed")
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"{table}: column '{column}' holds values that are not timestamps"
        ) from exc
    if ts.isna().any():
        rows = np.flatnonzero(ts.isna().to_numpy())[:20]
        raise InputError(
            f"{table}: column '{column}' has missing timestamps",
            [
                Problem(table, "missing or invalid timestamp", row=int(r) + 1, column=column)
                for r in rows
            ],
        )
    return ts.dt.tz_localize(None)


def _require_columns(frame: pd.DataFrame, table: str, columns: Sequence[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{table} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{table} lacks the column(s) {', '.join(missing)}",
            [Problem(table, "required column is missing", column=c) for c in missing],
        )


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _with_period(
    frame: pd.DataFrame, time_column: str, period: str | None, table: str
) -> tuple[pd.DataFrame, list[str]]:
    if period is None:
        return frame, []
    if period not in PERIODS:
        raise InputError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    ts = _timestamps(frame[time_column].to_numpy(), time_column, table)
    out = frame.copy()
    out["period"] = ts.dt.to_period(PERIODS[period]).dt.start_time.to_numpy()
    return out, ["period"]


def _check_counts(frame: pd.DataFrame, table: str, columns: Sequence[str]) -> pd.DataFrame:
    out = frame.copy()
    problems: list[Problem] = []
    for c in columns:
        values = pd.to_numeric(out[c], errors="coerce")
        bad = values.isna() | (values < 0)
        for r in np.flatnonzero(bad.to_numpy())[:20]:
            problems.append(
                Problem(
                    table,
                    "expected a count ≥ 0",
                    row=int(r) + 1,
                    column=c,
                    value=str(out[c].iloc[r]),
                )
            )
        out[c] = values
    if "passed_first_time" in columns and "inspected" in columns:
        over = out["passed_first_time"] > out["inspected"]
        for r in np.flatnonzero(over.to_numpy())[:20]:
            problems.append(
                Problem(
                    table,
                    "passed_first_time exceeds inspected",
                    row=int(r) + 1,
                    column="passed_first_time",
                )
            )
    if problems:
        raise InputError(f"{table} has invalid counts", problems)
    return out


# ---------------------------------------------------------------------------- first-pass yield
@dataclass(frozen=True)
class YieldResult(Result):
    """First-pass yield per group (and period) with interval limits."""

    table: pd.DataFrame
    by: tuple[str, ...]
    period: str | None
    interval: str
    confidence_level: float
    warnings: tuple[str, ...] = field(default_factory=tuple)


def low_yield_findings(
    result: YieldResult, target: float = 0.95, source: str = "yield"
) -> tuple[Finding, ...]:
    """``low_first_pass_yield`` findings for stage rows whose FPY is below ``target``.

    A finding is ``significant`` when the interval's upper limit is below the target too.
    With a per-period result, the latest period of each stage is judged.
    """
    table = result.table
    if "stage_id" not in table.columns:
        raise InputError("low_yield_findings needs FPY per stage (by='stage_id')")
    if result.period is not None:
        table = table.sort_values("period").groupby("stage_id", sort=True).tail(1)
    out: list[Finding] = []
    for row in table.itertuples(index=False):
        fpy = float(row.fpy)
        if not np.isfinite(fpy) or fpy >= target:
            continue
        significant = bool(row.fpy_upper < target)
        when = f" in {pd.Timestamp(row.period).date()}" if result.period is not None else ""
        out.append(
            Finding(
                kind="low_first_pass_yield",
                subject_type="stage",
                subject_id=str(row.stage_id),
                title=f"Stage {row.stage_id}: first-pass yield {fpy:.1%}{when} (target {target:.0%})",
                action="Pareto the stage's defects and remove the main causes of rework and scrap",
                evidence={
                    "fpy": fpy,
                    "fpy_lower": float(row.fpy_lower),
                    "fpy_upper": float(row.fpy_upper),
                    "inspected": int(row.inspected),
                    "failed": int(row.failed),
                    "target": target,
                },
                impact={"units_failed": int(row.failed)},
                confidence=0.9 if significant else 0.5,
                severity=float(min(1.0, (target - fpy) / max(target, 1e-9) * 5)),
                source=source,
                significant=significant,
            )
        )
    return tuple(out)


def first_pass_yield(
    inspections: pd.DataFrame,
    by: str | Sequence[str] | None = "stage_id",
    period: str | None = None,
    confidence_level: float = 0.95,
    interval: str = "wilson",
) -> YieldResult:
    """First-pass yield per ``by`` group (default each stage) and optional period.

    The table has the group columns, ``period`` (start of week/month/quarter) when asked,
    ``inspected``, ``passed_first_time``, ``failed``, ``fpy``, ``fpy_lower``, ``fpy_upper``,
    and ``defective``/``defects``/``dpu`` when the inspections carry them.
    """
    keys = _as_list(by)
    _require_columns(inspections, "inspections", [*keys, "inspected", "passed_first_time"])
    if period is not None:
        _require_columns(inspections, "inspections", ["inspected_at"])
    counts = ["inspected", "passed_first_time"]
    extra = [c for c in ("defective", "defects") if c in inspections.columns]
    frame = _check_counts(inspections, "inspections", counts)
    for c in extra:
        frame[c] = pd.to_numeric(frame[c], errors="coerce")
    frame, pkeys = _with_period(frame, "inspected_at", period, "inspections")
    group = keys + pkeys
    cols = counts + extra
    if group:
        agg = frame.groupby(group, sort=True, dropna=False)[cols].sum(min_count=1).reset_index()
    else:
        agg = frame[cols].sum(min_count=1).to_frame().T
    agg["inspected"] = agg["inspected"].fillna(0).astype("int64")
    agg["passed_first_time"] = agg["passed_first_time"].fillna(0).astype("int64")
    agg["failed"] = agg["inspected"] - agg["passed_first_time"]
    with np.errstate(divide="ignore", invalid="ignore"):
        agg["fpy"] = np.where(
            agg["inspected"] > 0, agg["passed_first_time"] / agg["inspected"], np.nan
        )
    lo, hi = proportion_interval(
        agg["passed_first_time"], agg["inspected"], confidence_level, interval
    )
    agg["fpy_lower"], agg["fpy_upper"] = lo, hi
    if "defects" in extra:
        with np.errstate(divide="ignore", invalid="ignore"):
            agg["dpu"] = agg["defects"] / agg["inspected"].where(agg["inspected"] > 0)
    notes: list[str] = []
    small = int((agg["inspected"] < 30).sum())
    if small:
        notes.append(f"{small} group(s) with fewer than 30 inspected units: wide yield intervals")
        warnings.warn(notes[-1], SmallSampleWarning, stacklevel=2)
    return YieldResult(
        table=agg,
        by=tuple(keys),
        period=period,
        interval=interval,
        confidence_level=confidence_level,
        warnings=tuple(notes),
    )


# ---------------------------------------------------------------------------- rolled throughput
@dataclass(frozen=True)
class RolledYieldResult(Result):
    """Rolled throughput yield (per period when asked) and the stage FPYs behind it."""

    #: period (when asked), rty, rty_lower, rty_upper, n_stages, missing_stages
    table: pd.DataFrame
    #: stage FPYs, stages in flow order
    stages: pd.DataFrame
    sequence: tuple[str, ...]
    period: str | None
    interval: str
    confidence_level: float
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rty(self) -> float:
        """The RTY of the whole data (the only row when no period was asked)."""
        return float(self.table["rty"].iloc[0]) if self.period is None else math.nan


def stage_sequence(
    stages: pd.DataFrame | Sequence[str] | None, present: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Stage ids in flow order (by ``stages.sequence``) and notes about unknown stages."""
    notes: list[str] = []
    present_sorted = sorted({str(s) for s in present})
    if stages is None:
        notes.append("no stages table: stages ordered by id")
        return present_sorted, notes
    if isinstance(stages, pd.DataFrame):
        _require_columns(stages, "stages", ["stage_id", "sequence"])
        ordered = (
            stages.sort_values(["sequence", "stage_id"], kind="stable")["stage_id"]
            .astype(str)
            .tolist()
        )
    else:
        ordered = [str(s) for s in stages]
    unknown = [s for s in present_sorted if s not in set(ordered)]
    if unknown:
        notes.append(f"stage(s) {', '.join(unknown)} are not in the stage sequence; placed last")
    return ordered + unknown, notes


def rolled_throughput_yield(
    inspections: pd.DataFrame,
    stages: pd.DataFrame | Sequence[str] | None = None,
    period: str | None = None,
    confidence_level: float = 0.95,
    interval: str = "delta",
    n_boot: int = 2000,
    random_state: int | None = 0,
) -> RolledYieldResult:
    """RTY = product of the stage first-pass yields in flow order, with an interval.

    ``stages`` is the stages table (ordered by ``sequence``) or a list of stage ids in flow
    order; only stages in it (plus stages seen in the data, placed last) count. A stage with no
    inspections in a period is listed in ``missing_stages`` and left out of that period's RTY
    (recorded as a warning). ``interval``: "delta" (log scale) or "bootstrap" (parametric).
    """
    if interval not in ("delta", "bootstrap"):
        raise InputError(f"interval must be 'delta' or 'bootstrap', got {interval!r}")
    _require_columns(inspections, "inspections", ["stage_id", "inspected", "passed_first_time"])
    fpy = _fpy_quiet(inspections, period, confidence_level)
    tab = fpy.table
    tab["stage_id"] = tab["stage_id"].astype(str)
    order, notes = stage_sequence(stages, tab["stage_id"].unique().tolist())
    rank = {s: i for i, s in enumerate(order)}
    tab = tab[tab["stage_id"].isin(rank)].copy()
    tab["position"] = tab["stage_id"].map(rank)
    pkeys = ["period"] if period is not None else []
    tab = tab.sort_values([*pkeys, "position"], kind="stable").reset_index(drop=True)
    usable = tab[tab["inspected"] > 0].copy()

    z = float(stats.norm.ppf(1 - (1 - confidence_level) / 2))
    n_adj = usable["inspected"] + z * z
    p_adj = (usable["passed_first_time"] + z * z / 2) / n_adj
    usable["log_fpy"] = np.log(usable["fpy"].where(usable["fpy"] > 0))
    usable["var_log"] = (1 - p_adj) / (n_adj * p_adj)
    usable["zero"] = usable["fpy"] <= 0

    inspected_somewhere = set(usable["stage_id"])
    never = [s for s in order if s not in inspected_somewhere]
    if never:
        notes.append(f"no inspections at stage(s) {', '.join(never)}: RTY covers the other stages")
    periods = [None] if period is None else sorted(tab["period"].unique())
    rows: list[dict[str, Any]] = []
    rng = np.random.default_rng(random_state)
    for per in periods:
        part = usable if per is None else usable[usable["period"] == per]
        seen = set(part["stage_id"])
        missing = [s for s in order if s not in seen and s in inspected_somewhere]
        row: dict[str, Any] = {} if per is None else {"period": per}
        if part.empty:
            row.update(rty=math.nan, rty_lower=math.nan, rty_upper=math.nan)
        elif interval == "delta":
            var = float(part["var_log"].sum())
            if part["zero"].any():
                rty = 0.0
                log_adj = float(np.log(p_adj.loc[part.index]).sum())
                lo, hi = 0.0, min(1.0, math.exp(log_adj + z * math.sqrt(var)))
            else:
                log_rty = float(part["log_fpy"].sum())
                rty = math.exp(log_rty)
                lo = math.exp(log_rty - z * math.sqrt(var))
                hi = min(1.0, math.exp(log_rty + z * math.sqrt(var)))
            row.update(rty=rty, rty_lower=lo, rty_upper=hi)
        else:
            n = part["inspected"].to_numpy(dtype=np.int64)
            p = part["fpy"].to_numpy(dtype=float)
            draws = rng.binomial(n[None, :], p[None, :], size=(int(n_boot), n.size)) / n[None, :]
            prod = np.prod(draws, axis=1)
            alpha = 1 - confidence_level
            row.update(
                rty=float(np.prod(p)),
                rty_lower=float(np.quantile(prod, alpha / 2)),
                rty_upper=float(np.quantile(prod, 1 - alpha / 2)),
            )
        row.update(n_stages=len(seen), missing_stages=tuple(missing))
        if missing:
            notes.append(
                f"no inspections in period {pd.Timestamp(per).date()} at stage(s) "
                f"{', '.join(missing)}: that period's RTY covers the other stages"
            )
        rows.append(row)
    if interval == "bootstrap" and (usable["fpy"] >= 1).any():
        notes.append(
            "a stage at 100 % first-pass yield adds no bootstrap variation; the delta interval is safer"
        )
    out_stages = tab.drop(columns=["position"])
    return RolledYieldResult(
        table=pd.DataFrame(rows),
        stages=out_stages,
        sequence=tuple(order),
        period=period,
        interval=interval,
        confidence_level=confidence_level,
        warnings=tuple(notes),
    )


def _fpy_quiet(
    inspections: pd.DataFrame, period: str | None, confidence_level: float
) -> YieldResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return first_pass_yield(inspections, "stage_id", period, confidence_level)


# ---------------------------------------------------------------------------- DPU / DPMO
@dataclass(frozen=True)
class DefectRateResult(Result):
    """Defects per unit (and per million opportunities) per group and period."""

    table: pd.DataFrame
    by: tuple[str, ...]
    period: str | None
    confidence_level: float
    warnings: tuple[str, ...] = field(default_factory=tuple)


def defects_per_unit(
    inspections: pd.DataFrame,
    defects: pd.DataFrame | None = None,
    by: str | Sequence[str] | None = "stage_id",
    period: str | None = None,
    opportunities: float | Mapping[str, float] | None = None,
    confidence_level: float = 0.95,
) -> DefectRateResult:
    """DPU = defects/units inspected with an exact Poisson interval; DPMO when opportunities given.

    Defect counts come from ``inspections.defects`` when that column is filled, otherwise from
    the ``defects`` table (sum of ``count``, default 1 per row), grouped by the same keys and
    period (``found_at``). ``opportunities`` is one number for every group or a mapping from the
    first ``by`` key (e.g. stage_id) to the opportunities per unit.
    """
    keys = _as_list(by)
    _require_columns(inspections, "inspections", [*keys, "inspected"])
    if period is not None:
        _require_columns(inspections, "inspections", ["inspected_at"])
    insp = _check_counts(inspections, "inspections", ["inspected"])
    insp, pkeys = _with_period(insp, "inspected_at", period, "inspections")
    group = keys + pkeys
    notes: list[str] = []
    use_inspection_defects = "defects" in insp.columns and insp["defects"].notna().any()
    if use_inspection_defects and defects is None:
        insp["defects"] = pd.to_numeric(insp["defects"], errors="coerce")
        cols = ["inspected", "defects"]
        agg = _group_sum(insp, group, cols)
    else:
        if defects is None:
            raise InputError(
                "defect counts need either a 'defects' column in inspections or the defects table"
            )
        _require_columns(defects, "defects", [*keys, "found_at"])
        d = defects.copy()
        d["count"] = pd.to_numeric(d["count"], errors="coerce").fillna(1) if "count" in d else 1
        d, _ = _with_period(d, "found_at", period, "defects")
        units = _group_sum(insp, group, ["inspected"])
        counts = _group_sum(d.rename(columns={"count": "defects"}), group, ["defects"])
        if group:
            agg = units.merge(counts, on=group, how="left")
            orphan = counts.merge(units[group], on=group, how="left", indicator=True)
            orphan_n = int((orphan["_merge"] == "left_only").sum())
            if orphan_n:
                notes.append(f"{orphan_n} defect group(s) have no inspected units and are left out")
        else:
            agg = units.assign(defects=counts["defects"].iloc[0])
    agg = agg.rename(columns={"inspected": "units"})
    agg["defects"] = agg["defects"].fillna(0)
    agg["units"] = agg["units"].fillna(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        agg["dpu"] = np.where(agg["units"] > 0, agg["defects"] / agg["units"], np.nan)
    lo, hi = poisson_interval(agg["defects"], agg["units"], confidence_level)
    agg["dpu_lower"], agg["dpu_upper"] = lo, hi
    if opportunities is not None:
        if isinstance(opportunities, Mapping):
            if not keys:
                raise InputError("opportunities per group need a 'by' column")
            opp = agg[keys[0]].astype(str).map({str(k): float(v) for k, v in opportunities.items()})
            unknown = sorted(agg.loc[opp.isna(), keys[0]].astype(str).unique())
            if unknown:
                notes.append(f"no opportunities given for {', '.join(unknown)}: DPMO left empty")
        else:
            opp = pd.Series(float(opportunities), index=agg.index)
        if (opp.dropna() <= 0).any():
            raise InputError("opportunities per unit must be positive")
        agg["opportunities"] = opp
        for col, src in (("dpmo", "dpu"), ("dpmo_lower", "dpu_lower"), ("dpmo_upper", "dpu_upper")):
            agg[col] = 1e6 * agg[src] / opp
        agg["sigma_level"] = stats.norm.isf(np.clip(agg["dpmo"] / 1e6, 1e-300, 1.0)) + 1.5
    return DefectRateResult(
        table=agg,
        by=tuple(keys),
        period=period,
        confidence_level=confidence_level,
        warnings=tuple(notes),
    )


def _group_sum(frame: pd.DataFrame, group: list[str], cols: list[str]) -> pd.DataFrame:
    if group:
        return frame.groupby(group, sort=True, dropna=False)[cols].sum(min_count=1).reset_index()
    return frame[cols].sum(min_count=1).to_frame().T
