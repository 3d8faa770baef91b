"""What the retention section tells a reader: its findings, summary and repurchase chart."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._findings import Finding
from .._i18n import Message, Percent, msg, msg_n
from ._retention import RetentionResult, hazard_message

__all__ = ["repurchase_figure", "retention_findings", "retention_summary"]

#: how a reader sees each reason a first order went wrong
REASON_NAMES = {
    "complaint": msg("a complaint about it"),
    "late_delivery": msg("a late delivery"),
    "detractor": msg("a detractor answer about it"),
    "defective_lot": msg("a lot with a defect problem"),
}


def retention_findings(res: RetentionResult) -> list[Finding]:
    """The retention gap when the hazard ratio says so, and the customers to call now."""
    findings = [_gap_finding(res)] if res.gap_significant else []
    if len(res.at_risk):
        title = msg_n(
            "{count} customer with a recent bad first order has not come back",
            "{count} customers with a recent bad first order have not come back",
            len(res.at_risk),
        )
        findings.append(
            _finding(
                "at_risk_customers",
                "at-risk",
                title,
                _RECOVERY,
                {"customers": res.at_risk.head(50), "reasons": res.reasons},
                impact={"customers": len(res.at_risk)},
                confidence=0.9 if res.gap_significant else 0.5,
                severity=0.5,
                significant=res.gap_significant,
            )
        )
    return findings


_RECOVERY = msg("Service recovery: call these customers, fix the problem and follow up.")


def _finding(
    kind: str,
    subject_id: str,
    title: Message,
    action: Message,
    evidence: dict[str, Any],
    **fields: Any,
) -> Finding:
    """A finding about customers, its title and action in English and in every language."""
    return Finding(
        kind=kind,
        subject_type="customer",
        subject_id=subject_id,
        title=str(title),
        action=str(action),
        evidence=evidence
        | {"title_i18n": title.translations(), "action_i18n": action.translations()},
        source="retention",
        **fields,
    )


def _gap_finding(res: RetentionResult) -> Finding:
    hr = res.hazard_ratio
    at = _first_horizon(res)
    title = _gap_title(res, at)
    action = _gap_action(res)
    gap = -float(at["difference"]) if at is not None and at["difference"] is not None else None
    return _finding(
        "retention_gap",
        "bad-first-experience",
        title,
        action,
        {
            "hazard_ratio": hr,
            "repurchase": res.repurchase,
            "by_reason": res.by_reason,
            "reasons": res.reasons,
            "customers_bad_first": res.bad_first,
            "customers_good_first": res.good_first,
            "exposure_days": res.exposure_days,
            "landmark_days": res.landmark_days,
        },
        impact={
            "customers": res.bad_first,
            "lost_repurchases": None if gap is None else gap * res.bad_first,
        },
        confidence=1 - float(hr["p_value"]),
        severity=min(1.0, 2 * gap) if gap is not None else min(1.0, 1 - hr["hazard_ratio"]),
    )


def _first_horizon(res: RetentionResult) -> pd.Series | None:
    known = res.repurchase.dropna(subset=["bad", "good"]) if len(res.repurchase) else None
    return None if known is None or known.empty else known.iloc[0]


def _gap_title(res: RetentionResult, at: pd.Series | None) -> Message:
    ratio = hazard_message(res.hazard_ratio, res.alpha, res.landmark_days)
    if at is None:
        return msg(
            "Customers whose first order went wrong come back less often ({ratio})", ratio=ratio
        )
    return msg(
        "Customers whose first order went wrong come back less often: of those not back by day "
        "{landmark}, {bad} vs {good} ordered again by day {days} after their first order "
        "({ratio})",
        landmark=res.landmark_days,
        bad=Percent(at["bad"]),
        good=Percent(at["good"]),
        days=int(at["horizon_days"]),
        ratio=ratio,
    )


def _gap_action(res: RetentionResult) -> Message:
    top = res.by_reason.sort_values(["share", "reason"], ascending=[False, True]).iloc[0]
    return msg(
        "Make the first order right and call every customer whose first order went wrong "
        "within a week. The most common sign of a bad first order: {reason} ({share} of them).",
        reason=REASON_NAMES[str(top["reason"])],
        share=Percent(top["share"]),
    )


def retention_summary(res: RetentionResult) -> dict[str, Any]:
    hr = res.hazard_ratio
    at = _first_horizon(res)
    return {
        "customers": res.customers,
        "compared": res.cohort,
        "bad_first": res.bad_first,
        "good_first": res.good_first,
        "hazard_ratio": hr["hazard_ratio"],
        "hazard_ratio_ci": [hr["ci_low"], hr["ci_high"]],
        "p_value": hr["p_value"],
        "significant": res.significant,
        "direction": hr["direction"],
        "repurchase_horizon_days": None if at is None else int(at["horizon_days"]),
        "repurchase_bad_first": None if at is None else at["bad"],
        "repurchase_good_first": None if at is None else at["good"],
        "repurchase_gap": None if at is None else at["difference"],
        "repurchase_gap_ci": [None, None] if at is None else [at["ci_low"], at["ci_high"]],
        "at_risk": len(res.at_risk),
    }


def repurchase_figure(curves: pd.DataFrame, landmark_days: int) -> dict[str, Any] | None:
    """Kaplan–Meier repurchase curves after a bad and a good first order, with intervals."""
    if curves.empty:
        return None
    import plotly.graph_objects as go

    names = {"bad": msg("first order went wrong"), "good": msg("first order went right")}
    colours = {"bad": "#c0392b", "good": "#2471a3"}
    fig = go.Figure()
    for group, part in curves.groupby("group", sort=True):
        colour = colours[str(group)]
        for bound in ("ci_high", "ci_low"):
            fig.add_trace(
                go.Scatter(
                    x=part["days"],
                    y=part[bound],
                    mode="lines",
                    line={"shape": "hv", "width": 0, "color": colour},
                    fill="tonexty" if bound == "ci_low" else None,
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part["days"],
                y=part["repurchased"],
                mode="lines",
                line={"shape": "hv", "color": colour},
                name=str(names[str(group)]),
            )
        )
    fig.update_layout(
        title=str(
            msg(
                "New customers not back by day {landmark}: share who ordered again (Kaplan–Meier)",
                landmark=landmark_days,
            )
        ),
        xaxis_title=str(msg("days after the first order")),
        yaxis_title=str(msg("ordered again")),
        yaxis_tickformat=".0%",
        template="plotly_white",
    )
    return fig.to_dict()
