"""The "links", "growth" and "retention" report sections and their findings."""

from __future__ import annotations

import time
from typing import Any

import pandas as pd

from .._findings import Finding
from .._section import SectionResult
from .._tables import TableSource
from ._growth import GrowthQuality
from ._links import ComplaintLinks
from ._retention import RetentionAnalysis
from ._retention_findings import repurchase_figure, retention_findings, retention_summary

_FACTOR_FINDING = {
    "supplier_lot": ("supplier_lot_problem", "supplier_lot"),
    "supplier": ("supplier_problem", "supplier"),
    "characteristic_signal": ("process_out_of_control", "characteristic"),
    "stage_defects": ("complaint_topic", "stage"),
    "product": ("complaint_topic", "product"),
}


def _opt(tables: TableSource, name: str) -> pd.DataFrame | None:
    return tables.pandas(name) if tables.has(name) else None


def run_links_section(
    tables: TableSource,
    *,
    complaint_topics: pd.Series | None = None,
    topic_labels: dict[str, str] | None = None,
    signals: pd.DataFrame | None = None,
    alpha: float = 0.05,
) -> SectionResult:
    """Complaints and scores traced to products, lots, stages, characteristics, suppliers."""
    missing = tuple(t for t in ("orders", "complaints") if not tables.has(t))
    if missing:
        return SectionResult(name="links", missing_tables=missing)
    t0 = time.perf_counter()
    stage_of = {}
    if tables.has("characteristics"):
        ch = tables.pandas("characteristics")
        stage_of = dict(
            zip(ch["characteristic_id"].astype(str), ch["stage_id"].astype(str), strict=False)
        )
    supplier_of = {}
    if tables.has("lot_parts"):
        lp = tables.pandas("lot_parts").dropna(subset=["supplier_lot_id"])
        supplier_of = dict(
            zip(lp["supplier_lot_id"].astype(str), lp["supplier_id"].astype(str), strict=False)
        )
    links = ComplaintLinks(alpha=alpha).fit(
        tables.pandas("orders"),
        tables.pandas("complaints"),
        complaint_topics=complaint_topics,
        responses=_opt(tables, "responses"),
        lots=_opt(tables, "lots"),
        lot_parts=_opt(tables, "lot_parts"),
        defects=_opt(tables, "defects"),
        inspections=_opt(tables, "inspections"),
        signals=signals,
    )
    res = links.result_
    sig = res.significant()
    findings: list[Finding] = []
    # The strongest link per (factor, value) across outcomes becomes one finding.
    for (factor, value), grp in sig.groupby(["factor", "value"], sort=False):
        if factor not in _FACTOR_FINDING:
            continue
        kind, subject_type = _FACTOR_FINDING[factor]
        best = grp.sort_values(["q_value", "rate_ratio"], ascending=[True, False]).iloc[0]
        outcome = str(best["outcome"])
        topic = outcome.removeprefix("complaint:")
        label = (topic_labels or {}).get(topic, topic)
        related: dict[str, str] = {}
        if subject_type == "characteristic" and value in stage_of:
            related["stage"] = stage_of[value]
        if subject_type == "supplier_lot" and value in supplier_of:
            related["supplier"] = supplier_of[value]
        if outcome.startswith("complaint:") and topic != "any":
            related["topic"] = topic
        what = (
            "complaints"
            if outcome == "complaint:any"
            else ("detractor scores" if outcome == "detractor" else f"'{label}' complaints")
        )
        findings.append(
            Finding(
                kind=kind,
                subject_type=subject_type,
                subject_id=str(value),
                title=f"Orders linked to {subject_type.replace('_', ' ')} {value} draw "
                f"{best['rate_ratio']:.1f}× more {what}",
                action=_link_action(subject_type, str(value)),
                evidence={
                    "outcome": outcome,
                    "topic_label": label,
                    "rate": float(best["rate"]),
                    "other_rate": float(best["other_rate"]),
                    "rate_ratio": float(best["rate_ratio"]),
                    "rate_ratio_ci": [float(best["rr_low"]), float(best["rr_high"])],
                    "q_value": float(best["q_value"]),
                    "exposed_orders": int(best["exposed_orders"]),
                    "median_lag_days": res.lags.get(outcome, {}).get("median"),
                    "outcomes_linked": sorted(grp["outcome"].astype(str).tolist()),
                },
                impact={
                    "orders": int(best["exposed_orders"]),
                    "complaints": int(best["exposed_events"]),
                    "excess_complaints": float(
                        best["exposed_events"] - best["exposed_orders"] * best["other_rate"]
                    ),
                },
                confidence=float(1 - best["q_value"]),
                severity=float(min(1.0, (best["rate_ratio"] - 1) / 4)),
                source="links",
                related=related,
            )
        )
    return SectionResult(
        name="links",
        summary={
            "orders_linked": res.orders_linked,
            "tests": len(res.tests),
            "significant_links": len(sig),
        },
        results={"links": res.to_dict(), "top_links": sig.head(30)},
        findings=tuple(findings),
        warnings=res.warnings,
        timings={"links": time.perf_counter() - t0},
    )


def _link_action(subject_type: str, value: str) -> str:
    return {
        "supplier_lot": f"Quarantine remaining stock of supplier lot {value}, notify the supplier "
        "and open a corrective-action request (8D); check the finished lots built with it.",
        "supplier": f"Review supplier {value}'s incoming inspection and agree a quality plan.",
        "characteristic": f"Find and remove the assignable cause behind {value}'s out-of-control "
        "signals; tighten the reaction plan at the stage.",
        "stage": f"Run a root-cause analysis of the defects at stage {value} on the linked lots.",
        "product": f"Review the design and process of product {value} for the linked complaints.",
    }.get(subject_type, "Investigate the linked orders.")


def run_growth_section(tables: TableSource, *, alpha: float = 0.05) -> SectionResult:
    """Stages whose first-pass yield falls as volume grows."""
    if not tables.has("inspections"):
        return SectionResult(name="growth", missing_tables=("inspections",))
    t0 = time.perf_counter()
    res = GrowthQuality(alpha=alpha).fit(tables.pandas("inspections")).result_
    names: dict[str, str] = {}
    if tables.has("stages"):
        st = tables.pandas("stages")
        names = dict(
            zip(
                st["stage_id"].astype(str), st.get("name", st["stage_id"]).astype(str), strict=False
            )
        )
    findings = [
        Finding(
            kind="growth_strain",
            subject_type="stage",
            subject_id=s.stage_id,
            title=f"{names.get(s.stage_id, s.stage_id)}: first-pass yield falls as volume grows "
            f"(from about {s.start_load:.0f} units per week)",
            action=f"Add capacity or rebalance work at stage {s.stage_id} before volume exceeds "
            f"{s.start_load:.0f} units per week; standardise work and check staffing at peak load.",
            evidence={
                "start_load": s.start_load,
                "fpy_below": s.fpy_below,
                "fpy_above": s.fpy_above,
                "weeks_above": s.weeks_above,
                "slope_per_100_units": s.slope_per_100_units,
                "q_value": s.q_value,
            },
            impact={
                "weeks": s.weeks_above,
                "units": s.units_above,
                "fpy_loss": (s.fpy_below or 0) - (s.fpy_above or 0),
                "extra_defective_units": round(
                    s.units_above * ((s.fpy_below or 0) - (s.fpy_above or 0))
                ),
            },
            confidence=1 - s.q_value,
            severity=_strain_severity(s.fpy_below, s.fpy_above),
            source="growth",
        )
        for s in res.flagged()
        if s.start_load is not None
    ]
    fig = _growth_figure(res.weekly, [s.stage_id for s in res.flagged()])
    return SectionResult(
        name="growth",
        summary={"stages_tested": len(res.stages), "stages_strained": len(findings)},
        results={"stages": [s.to_dict() for s in res.stages]},
        findings=tuple(findings),
        warnings=res.warnings,
        figures={"fpy_vs_load": fig} if fig else {},
        timings={"growth": time.perf_counter() - t0},
    )


def _growth_figure(weekly: pd.DataFrame, stages: list[str]) -> dict[str, Any] | None:
    if weekly.empty:
        return None
    import plotly.graph_objects as go

    fig = go.Figure()
    for stage, grp in weekly.groupby("stage_id"):
        fig.add_trace(
            go.Scatter(
                x=grp["load"],
                y=grp["fpy"],
                mode="markers",
                name=str(stage),
                visible=True if (not stages or stage in stages) else "legendonly",
            )
        )
    fig.update_layout(
        title="First-pass yield against weekly load",
        xaxis_title="units per week",
        yaxis_title="first-pass yield",
        template="plotly_white",
    )
    return fig.to_dict()


def run_retention_section(
    tables: TableSource, *, bad_lots: set[str] | None = None
) -> SectionResult:
    """Right the first time: time to the next order after a bad vs a good first order, and
    who to call now."""
    missing = tuple(t for t in ("customers", "orders") if not tables.has(t))
    if missing:
        return SectionResult(name="retention", missing_tables=missing)
    t0 = time.perf_counter()
    analysis = RetentionAnalysis().fit(
        tables.pandas("orders"),
        customers=tables.pandas("customers"),
        complaints=_opt(tables, "complaints"),
        responses=_opt(tables, "responses"),
        bad_lots=bad_lots,
    )
    res = analysis.result_
    figure = repurchase_figure(analysis.curves_, res.landmark_days)
    return SectionResult(
        name="retention",
        summary=retention_summary(res),
        results={"retention": res.to_dict()},
        findings=tuple(retention_findings(res)),
        warnings=res.warnings,
        figures={"repurchase": figure} if figure else {},
        timings={"retention": time.perf_counter() - t0},
    )


def _strain_severity(fpy_below: float | None, fpy_above: float | None) -> float:
    """0.3 for any significant strain, up to 1 when the defect rate grows fivefold."""
    if fpy_below is None or fpy_above is None:
        return 0.3
    ratio = (1 - fpy_above) / max(1 - fpy_below, 1e-3)
    return float(min(1.0, 0.3 + 0.7 * max(0.0, ratio - 1) / 4))
