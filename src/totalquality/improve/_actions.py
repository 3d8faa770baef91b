"""PDCA/CAPA actions whose effect is verified by the data.

An action starts from a recommendation (its ``key``), moves plan → do → check →
act → closed, and keeps a full history. *Check* re-measures the metric behind the
recommendation on data before and after the action started and tests whether
the improvement is real (one-sided, at ``alpha``). An action can only be closed
as effective when its latest check found a significant improvement; it can
always be closed as not effective, with a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .._base import Result
from .._errors import ActionError, InputError, InsufficientDataError
from .._stats import mean_difference, proportion_difference
from .._tables import TableSource

STATUSES = ("plan", "do", "check", "act", "closed")
#: allowed moves; check → do when the check says "not yet", act → plan for a new cycle
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "plan": ("do",),
    "do": ("check",),
    "check": ("act", "do"),
    "act": ("closed", "plan"),
    "closed": (),
}


@dataclass(frozen=True)
class EffectCheck(Result):
    """Before/after comparison of the metric an action should move."""

    metric: str
    better: str  # "higher" or "lower"
    before: float
    after: float
    n_before: int
    n_after: int
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    improved: bool
    significant: bool
    checked_at: str
    note: str = ""


@dataclass(frozen=True)
class Action(Result):
    action_id: str
    recommendation_key: str
    title: str
    owner: str = ""
    due: str | None = None
    root_cause: str = ""
    corrective: str = ""
    preventive: str = ""
    status: str = "plan"
    started_at: str | None = None
    effective: bool | None = None
    checks: tuple[EffectCheck, ...] = ()
    history: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def kind(self) -> str:
        return self.recommendation_key.split(":", 2)[0]

    @property
    def subject(self) -> tuple[str, str]:
        parts = self.recommendation_key.split(":", 2)
        return (parts[1], parts[2]) if len(parts) == 3 else ("", "")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_action(
    action_id: str, recommendation_key: str, title: str, *, by: str = "", **fields: Any
) -> Action:
    action = Action(
        action_id=action_id, recommendation_key=recommendation_key, title=title, **fields
    )
    return replace(
        action, history=({"at": _now(), "by": by, "event": "created", "status": "plan"},)
    )


def advance(
    action: Action, to: str, *, by: str = "", note: str = "", at: str | None = None
) -> Action:
    """Move to the next PDCA status; entering *do* records when the change started."""
    if to not in STATUSES:
        raise ActionError(f"unknown status {to!r}; one of {', '.join(STATUSES)}")
    if to == "closed":
        raise ActionError("use close() to close an action, stating whether it was effective")
    if to not in TRANSITIONS[action.status]:
        allowed = ", ".join(TRANSITIONS[action.status]) or "nothing"
        raise ActionError(
            f"action {action.action_id} is in '{action.status}'; it can move to {allowed}"
        )
    started = action.started_at
    if to == "do" and started is None:
        started = at or _now()
    event = {"at": _now(), "by": by, "event": f"{action.status} → {to}", "status": to, "note": note}
    return replace(action, status=to, started_at=started, history=(*action.history, event))


#: the fields a user may change on an open action (status moves go through advance/close)
EDITABLE = ("title", "owner", "due", "root_cause", "corrective", "preventive")


def update(action: Action, *, by: str = "", **changes: Any) -> Action:
    """Change owner, due date, root cause, corrective or preventive steps; each change is recorded."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ActionError(f"cannot change {', '.join(unknown)}; editable: {', '.join(EDITABLE)}")
    if action.status == "closed":
        raise ActionError(f"action {action.action_id} is closed; start a new action instead")
    events = []
    for name, value in changes.items():
        if value is None or value == getattr(action, name):
            continue
        events.append(
            {
                "at": _now(),
                "by": by,
                "event": f"{name} changed",
                "status": action.status,
                "field": name,
                "old": getattr(action, name),
                "new": value,
            }
        )
    fields = {e["field"]: e["new"] for e in events}
    return replace(action, **fields, history=(*action.history, *events))


def record_check(action: Action, check: EffectCheck, *, by: str = "") -> Action:
    if action.status != "check":
        raise ActionError(f"action {action.action_id} must be in 'check' to record a check")
    event = {"at": _now(), "by": by, "event": "check", "status": "check", "effect": check.to_dict()}
    return replace(action, checks=(*action.checks, check), history=(*action.history, event))


def close(action: Action, *, effective: bool, by: str = "", note: str = "") -> Action:
    """Close from *act*. Effective only with a check that showed a significant improvement."""
    if action.status != "act":
        raise ActionError(f"action {action.action_id} is in '{action.status}'; close it from 'act'")
    if effective:
        last = action.checks[-1] if action.checks else None
        if last is None or not (last.improved and last.significant):
            raise ActionError(
                f"action {action.action_id} cannot close as effective: its latest check "
                + ("found no significant improvement" if last else "is missing; run check first")
            )
    elif not note:
        raise ActionError("closing as not effective needs a note saying why")
    event = {
        "at": _now(),
        "by": by,
        "event": "closed",
        "status": "closed",
        "effective": effective,
        "note": note,
    }
    return replace(action, status="closed", effective=effective, history=(*action.history, event))


# -- verifying the effect --------------------------------------------------------


def check_effect(action: Action, tables: TableSource, *, alpha: float = 0.05) -> EffectCheck:
    """Re-measure the metric behind the action's recommendation before vs after it started."""
    if not (isinstance(alpha, int | float) and 0 < alpha < 1):
        # alpha = 5 would call any p-value significant and let the action close "effective"
        raise InputError(f"alpha must be a significance level between 0 and 1, not {alpha!r}")
    if action.started_at is None:
        raise ActionError(f"action {action.action_id} has not started (never entered 'do')")
    start = pd.Timestamp(action.started_at)
    start = start.tz_localize("UTC") if start.tzinfo is None else start.tz_convert("UTC")
    kind = action.kind
    stype, sid = action.subject
    if kind in ("process_out_of_control", "capability_below_target") and stype == "characteristic":
        return _check_characteristic(tables, sid, start, alpha)
    if kind in ("growth_strain", "low_first_pass_yield") and stype == "stage":
        return _check_fpy(tables, sid, start, alpha)
    if kind == "segment_decline" and stype == "segment":
        return _check_segment_nps(tables, sid, start, alpha)
    return _check_complaint_rate(tables, start, alpha, stype, sid)


def _ts(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, utc=True)


def _finish(
    metric: str,
    better: str,
    before: float,
    after: float,
    diff: dict[str, Any],
    alpha: float,
    note: str = "",
) -> EffectCheck:
    d = float(diff["difference"])
    improved = d > 0 if better == "higher" else d < 0
    p_two = float(diff["p_value"])
    p_one = p_two / 2 if improved else 1 - p_two / 2
    return EffectCheck(
        metric=metric,
        better=better,
        before=float(before),
        after=float(after),
        n_before=int(diff["n2"]),
        n_after=int(diff["n1"]),
        difference=d,
        ci_low=float(diff["ci_low"]),
        ci_high=float(diff["ci_high"]),
        p_value=p_one,
        improved=bool(improved),
        significant=bool(improved and p_one <= alpha),
        checked_at=_now(),
        note=note,
    )


def _check_characteristic(
    tables: TableSource, cid: str, start: pd.Timestamp, alpha: float
) -> EffectCheck:
    m = tables.pandas("measurements")
    m = m[m["characteristic_id"].astype(str) == cid]
    chars = tables.pandas("characteristics") if tables.has("characteristics") else None
    target = None
    if chars is not None:
        row = chars[chars["characteristic_id"].astype(str) == cid]
        if len(row):
            r = row.iloc[0]
            target = r.get("target")
            if pd.isna(target) and pd.notna(r.get("lsl")) and pd.notna(r.get("usl")):
                target = (r["lsl"] + r["usl"]) / 2
    if target is None or pd.isna(target):
        target = float(m["value"].mean())
    t = _ts(m["measured_at"])
    dev = (m["value"].astype(float) - float(target)).abs().to_numpy()
    after, before = dev[(t >= start).to_numpy()], dev[(t < start).to_numpy()]
    _need(len(before), len(after), "measurements")
    diff = mean_difference(after, before)
    return _finish(
        f"mean |value − target| of {cid}", "lower", before.mean(), after.mean(), diff, alpha
    )


def _check_fpy(tables: TableSource, stage: str, start: pd.Timestamp, alpha: float) -> EffectCheck:
    ins = tables.pandas("inspections")
    ins = ins[ins["stage_id"].astype(str) == stage]
    t = _ts(ins["inspected_at"])
    a, b = ins[(t >= start).to_numpy()], ins[(t < start).to_numpy()]
    _need(int(b["inspected"].sum()), int(a["inspected"].sum()), "inspected units")
    d = proportion_difference(
        a["passed_first_time"].sum(),
        a["inspected"].sum(),
        b["passed_first_time"].sum(),
        b["inspected"].sum(),
    )
    diff = {
        "difference": d.difference,
        "ci_low": d.ci_low,
        "ci_high": d.ci_high,
        "p_value": d.p_value,
        "n1": d.n1,
        "n2": d.n2,
    }
    return _finish(f"first-pass yield at {stage}", "higher", d.p2, d.p1, diff, alpha)


def _check_segment_nps(
    tables: TableSource, segment: str, start: pd.Timestamp, alpha: float
) -> EffectCheck:
    r = tables.pandas("responses").dropna(subset=["nps"])
    if segment not in ("all", "") and tables.has("customers"):
        c = tables.pandas("customers")
        ids = set(c.loc[c["segment"].astype(str) == segment, "customer_id"].astype(str))
        r = r[r["customer_id"].astype(str).isin(ids)]
    score = np.where(r["nps"] >= 9, 100.0, np.where(r["nps"] <= 6, -100.0, 0.0))
    t = _ts(r["answered_at"]).to_numpy()
    after, before = score[t >= start.to_datetime64()], score[t < start.to_datetime64()]
    _need(len(before), len(after), "NPS responses")
    diff = mean_difference(after, before)
    return _finish(f"NPS of segment {segment}", "higher", before.mean(), after.mean(), diff, alpha)


def _check_complaint_rate(
    tables: TableSource, start: pd.Timestamp, alpha: float, stype: str, sid: str
) -> EffectCheck:
    """Share of orders that draw a complaint, for orders placed before vs after the start."""
    o = tables.pandas("orders")
    if stype == "product" and "product_id" in o:
        o = o[o["product_id"].astype(str) == sid]
    c = tables.pandas("complaints") if tables.has("complaints") else pd.DataFrame({"order_id": []})
    hit = (
        o["order_id"]
        .astype(str)
        .isin(set(c.get("order_id", pd.Series(dtype=str)).dropna().astype(str)))
    )
    t = _ts(o["ordered_at"]).to_numpy()
    a_mask, b_mask = t >= start.to_datetime64(), t < start.to_datetime64()
    _need(int(b_mask.sum()), int(a_mask.sum()), "orders")
    d = proportion_difference(hit[a_mask].sum(), a_mask.sum(), hit[b_mask].sum(), b_mask.sum())
    diff = {
        "difference": d.difference,
        "ci_low": d.ci_low,
        "ci_high": d.ci_high,
        "p_value": d.p_value,
        "n1": d.n1,
        "n2": d.n2,
    }
    return _finish(
        "share of orders with a complaint",
        "lower",
        d.p2,
        d.p1,
        diff,
        alpha,
        note="recent orders have had less time to draw complaints",
    )


def _need(n_before: int, n_after: int, what: str) -> None:
    if n_before < 5 or n_after < 5:
        raise InsufficientDataError(
            f"the check needs data before and after the action started: {n_before} {what} "
            f"before, {n_after} after"
        )
