"""One ranked list of recommendations across every analysis.

Ranking (deterministic, explained in each item's ``score_explanation``):

    score = kind weight × severity × confidence × reach factor

* kind weight: how directly the kind hurts customers (a problem customers already
  feel outranks a risk they may feel later): see :data:`KIND_WEIGHTS`.
* severity, confidence: 0..1 from the analysis (confidence is 1 − q for tests).
* reach factor: 1 + log10(1 + people or orders affected), so reach counts but a
  large count cannot swamp a severe, certain problem.
* findings that are not statistically significant are ranked after all
  significant ones ("watch" items).

A topic (what customers write about) that a significant finding about a cause
explains — e.g. complaints about screen gaps traced to a drifting characteristic —
is folded into that finding as a symptom instead of being listed separately: the
list names causes to act on, with their symptoms as evidence.

Ties break on kind order, subject type and subject id, so the same findings
always give the same list. Findings about the same subject and kind from
several analyses are merged: evidence from each is kept and confidence is the
highest, and corroboration by a second analysis adds 10 % to the score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .._base import Result
from .._findings import FINDING_KINDS, Finding

KIND_WEIGHTS: dict[str, float] = {
    "supplier_lot_problem": 1.0,
    "process_out_of_control": 0.95,
    "unmet_basic_requirement": 0.95,
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


def _reach(impact: dict[str, Any]) -> float:
    counts = [
        float(v)
        for k, v in impact.items()
        if k in ("customers", "orders", "complaints", "responses", "units", "texts")
        and isinstance(v, (int, float))
        and math.isfinite(float(v))
    ]
    return max(counts) if counts else 0.0


def rank_findings(
    findings: Iterable[Finding], weights: dict[str, float] | None = None
) -> list[Recommendation]:
    """Merge findings about the same subject and rank them into recommendations."""
    w = dict(KIND_WEIGHTS)
    w.update(weights or {})
    merged: dict[tuple[str, str, str], list[Finding]] = {}
    for f in findings:
        merged.setdefault((f.kind, f.subject_type, f.subject_id), []).append(f)

    items: list[dict[str, Any]] = []
    for (kind, stype, sid), group in merged.items():
        # the most confident finding leads; the others become corroborating evidence
        group = sorted(group, key=lambda f: (-f.confidence, -f.severity, f.source))
        lead = group[0]
        sources = tuple(sorted({f.source or "analysis" for f in group}))
        evidence = dict(lead.evidence)
        for other in group[1:]:
            evidence[f"from_{other.source or 'analysis'}"] = other.evidence
        impact = dict(lead.impact)
        for other in group[1:]:
            for k, v in other.impact.items():
                impact.setdefault(k, v)
        related: dict[str, str] = {}
        for f in group:
            related.update({k: v for k, v in f.related.items() if k not in related})
        significant = any(f.significant for f in group)
        confidence = max(0.0, min(1.0, lead.confidence))
        severity = max(0.0, min(1.0, max(f.severity for f in group)))
        reach = _reach(impact)
        reach_factor = 1 + math.log10(1 + reach)
        corroboration = 1.1 if len(sources) > 1 else 1.0
        kind_weight = w.get(kind, 0.5)
        score = kind_weight * severity * confidence * reach_factor * corroboration
        explanation = (
            f"kind weight {kind_weight:.2f} × severity {severity:.2f} × confidence "
            f"{confidence:.2f} × reach factor {reach_factor:.2f} (reach {reach:.0f})"
            + (f" × corroboration 1.10 ({', '.join(sources)})" if corroboration > 1 else "")
            + ("" if significant else "; not statistically significant: ranked as watch item")
        )
        items.append(
            dict(
                key=f"{kind}:{stype}:{sid}",
                kind=kind,
                subject_type=stype,
                subject_id=sid,
                title=lead.title,
                action=lead.action,
                evidence=evidence,
                impact=impact,
                confidence=confidence,
                severity=severity,
                score=round(score, 6),
                score_explanation=explanation,
                significant=significant,
                sources=sources,
                related=related,
            )
        )
    items = _fold_symptoms(items)
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


def _fold_symptoms(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold topic items into the strongest significant cause that names the topic."""
    causes: dict[str, dict[str, Any]] = {}
    for d in items:
        topic = d["related"].get("topic")
        is_cause = topic and d["significant"] and d["subject_type"] != "topic"
        if is_cause and (topic not in causes or d["score"] > causes[topic]["score"]):
            causes[topic] = d
    kept: list[dict[str, Any]] = []
    for d in sorted(items, key=lambda d: d["key"]):
        cause = causes.get(d["subject_id"]) if d["subject_type"] == "topic" else None
        if cause is None:
            kept.append(d)
            continue
        cause["evidence"].setdefault("symptoms", []).append(
            {"key": d["key"], "title": d["title"], "evidence": d["evidence"]}
        )
        cause["sources"] = tuple(sorted(set(cause["sources"]) | set(d["sources"])))
    return kept
