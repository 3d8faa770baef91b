"""One ranked list of recommendations across every analysis: one item per root problem.

Findings are first grouped into root problems with their symptoms folded in
(:mod:`totalquality.improve._roots`). Each root is then ranked (deterministic, explained in
each item's ``score_explanation``):

    score = kind weight × severity × confidence × reach factor × corroboration

* kind weight: how directly the kind hurts customers (a problem customers already
  feel outranks a risk they may feel later): see :data:`KIND_WEIGHTS`.
* severity, confidence: 0..1 from the lead finding (confidence is 1 − q for tests).
* reach factor: 1 + log10(1 + reach); the reach is what the root explains (its excess
  complaints and detractors) when its orders are known, else the people or orders the
  findings name: reach counts, but a large count cannot swamp a severe, certain problem.
* corroboration: × 1.1 when a second analysis saw the same root.
* roots whose evidence is not statistically significant are ranked after all significant
  ones ("watch" items).

Ties break on kind order, subject type and subject id, so the same findings always give
the same list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .._base import Result
from .._findings import FINDING_KINDS, Finding
from .._i18n import Month, Percent, msg
from ..connect._facts import Facts
from ._roots import Context, Root, build_roots, explained
from ._wording import wording

KIND_WEIGHTS: dict[str, float] = {
    "supplier_lot_problem": 1.0,
    "process_excursion": 1.0,
    "process_out_of_control": 0.95,
    "unmet_basic_requirement": 0.95,
    "local_problem": 0.9,
    "growth_strain": 0.9,
    "segment_decline": 0.9,
    "retention_gap": 0.85,
    "complaint_topic": 0.8,
    "emerging_requirement": 0.8,
    "at_risk_customers": 0.75,
    "capability_below_target": 0.7,
    "low_first_pass_yield": 0.7,
    "supplier_problem": 0.7,
    "requirement_gap": 0.6,
    "score_below_benchmark": 0.5,
}

_KIND_ORDER = {k: i for i, k in enumerate(FINDING_KINDS)}
_COUNTS = ("customers", "orders", "complaints", "responses", "units", "texts", "respondents")


@dataclass(frozen=True)
class Recommendation(Result):
    rank: int
    key: str
    kind: str
    subject_type: str
    subject_id: str
    title: str
    action: str
    evidence: dict[str, Any]
    impact: dict[str, Any]
    confidence: float
    severity: float
    score: float
    score_explanation: str
    significant: bool
    sources: tuple[str, ...]
    related: dict[str, str] = field(default_factory=dict)
    #: where the problem is local to (e.g. {"country": "PL"}); empty when it is everywhere
    place: dict[str, str] = field(default_factory=dict)
    since: str | None = None
    until: str | None = None
    #: findings this root explains, folded in (each with its title and evidence)
    symptoms: tuple[dict[str, Any], ...] = ()
    #: the title, the action and the reach sentence in every report language
    titles: dict[str, str] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)
    reach: dict[str, str] = field(default_factory=dict)


def rank_findings(
    findings: Iterable[Finding],
    weights: dict[str, float] | None = None,
    context: Context | None = None,
) -> list[Recommendation]:
    """Group findings into root problems and rank them into recommendations.

    ``context`` gives the orders behind the findings (what each root explains); without it
    symptoms are folded only where a cause names them.
    """
    context = context or Context(facts=Facts.empty())
    w = dict(KIND_WEIGHTS) | dict(weights or {})
    items = [_item(root, context, w) for root in build_roots(findings, context)]
    items.sort(
        key=lambda d: (
            not d["significant"],
            -d["score"],
            _KIND_ORDER.get(d["kind"], 99),
            d["subject_type"],
            d["subject_id"],
        )
    )
    return [Recommendation(rank=i + 1, **d) for i, d in enumerate(items)]


def _item(root: Root, context: Context, weights: dict[str, float]) -> dict[str, Any]:
    lead = root.lead
    sources = tuple(
        sorted({f.source or "analysis" for f in root.findings} | _symptom_sources(root))
    )
    impact = _impact(root, context)
    reach = _reach(impact)
    confidence = max(0.0, min(1.0, lead.confidence))
    severity = max(0.0, min(1.0, max(f.severity for f in root.findings)))
    reach_factor = 1 + math.log10(1 + reach)
    corroboration = 1.1 if len(sources) > 1 else 1.0
    kind_weight = weights.get(lead.kind, 0.5)
    score = kind_weight * severity * confidence * reach_factor * corroboration
    significant = root.significant
    explanation = (
        f"kind weight {kind_weight:.2f} × severity {severity:.2f} × confidence "
        f"{confidence:.2f} × reach factor {reach_factor:.2f} (reach {reach:.0f})"
        + (f" × corroboration 1.10 ({', '.join(sources)})" if corroboration > 1 else "")
        + ("" if significant else "; not statistically significant: ranked as watch item")
    )
    since, until = _period(root)
    place = _place(root)
    reach_text = _reach_message(impact, since)
    title, action = wording(root, context.names)
    return dict(
        key=f"{lead.kind}:{root.subject_type}:{root.subject_id}",
        kind=lead.kind,
        subject_type=root.subject_type,
        subject_id=root.subject_id,
        title=str(title),
        action=str(action),
        evidence=_evidence(root),
        impact=impact,
        confidence=confidence,
        severity=severity,
        score=round(score, 6),
        score_explanation=explanation,
        significant=significant,
        sources=sources,
        related=_related(root),
        place=place,
        since=since,
        until=until,
        symptoms=tuple(root.symptoms),
        titles=title.translations(),
        actions=action.translations(),
        reach=reach_text.translations() if reach_text is not None else {},
    )


def _evidence(root: Root) -> dict[str, Any]:
    lead = root.lead
    worded = ("title_i18n", "action_i18n")  # shown as the item's title and action
    evidence = {k: v for k, v in lead.evidence.items() if k not in worded}
    for other in root.findings:
        if other is not lead:
            name = f"from_{other.source or 'analysis'}"
            while name in evidence:
                name += "_"
            evidence[name] = {"kind": other.kind, "subject_id": other.subject_id} | {
                k: v for k, v in other.evidence.items() if k not in worded
            }
    if root.symptoms:
        evidence["symptoms"] = list(root.symptoms)
    return evidence


def _impact(root: Root, context: Context) -> dict[str, Any]:
    impact: dict[str, Any] = {}
    for f in sorted(root.findings, key=lambda f: f is not root.lead):
        for k, v in f.impact.items():
            impact.setdefault(k, v)
    orders = context.facts.orders
    if root.mask is None or orders.empty or not root.mask.any():
        return impact
    touched = orders[root.mask]
    impact["orders"] = len(touched)
    impact["customers"] = int(touched["customer_id"].nunique())
    for outcome, name in (("complaint", "complaints"), ("detractor", "detractors")):
        if outcome in orders:
            total = float(orders[outcome].sum())
            extra = max(0.0, explained(root, orders, outcome))
            impact[f"{name}_explained"] = round(extra, 1)
            impact[f"{name[:-1]}_share"] = extra / total if total else 0.0
    return impact


def _reach(impact: dict[str, Any]) -> float:
    explained = [
        float(impact[k]) for k in ("complaints_explained", "detractors_explained") if k in impact
    ]
    if explained:
        return sum(explained)
    counts = [
        float(v)
        for k, v in impact.items()
        if k in _COUNTS and isinstance(v, (int, float)) and math.isfinite(float(v))
    ]
    return max(counts) if counts else 0.0


def _reach_message(impact: dict[str, Any], since: str | None) -> Any:
    if "orders" not in impact or "customers" not in impact:
        return None
    params = dict(orders=int(impact["orders"]), customers=int(impact["customers"]))
    if "complaint_share" not in impact:
        return msg("{orders} orders of {customers} customers", **params)
    return msg(
        "{orders} orders of {customers} customers{since}; it explains {complaints} of the "
        "complaints and {detractors} of the detractors",
        **params,
        since=msg(" since {date}", date=Month.of(since)) if since else "",
        complaints=Percent(impact.get("complaint_share", 0.0)),
        detractors=Percent(impact.get("detractor_share", 0.0)),
    )


def _period(root: Root) -> tuple[str | None, str | None]:
    ev = root.lead.evidence
    since = ev.get("since") or ev.get("start") or ev.get("started") or ev.get("first_violation")
    until = ev.get("until") or ev.get("end") or ev.get("last_violation")
    return (str(since)[:10] if since else None, str(until)[:10] if until else None)


def _place(root: Root) -> dict[str, str]:
    if root.subject_type == "place" and root.lead.evidence["dimension"] != "all":
        ev = root.lead.evidence
        return {str(ev["dimension"]): str(ev["value"])}
    return {}


def _related(root: Root) -> dict[str, str]:
    related: dict[str, str] = {}
    for f in sorted(root.findings, key=lambda f: f is not root.lead):
        related.update({k: v for k, v in f.related.items() if k not in related})
    return related


def _symptom_sources(root: Root) -> set[str]:
    return {str(s["source"]) for s in root.symptoms if s.get("source")}
