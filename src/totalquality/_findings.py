"""Findings: what every analysis area hands to the recommendation ranking.

An area's section runner returns its results plus a list of :class:`Finding`;
``improve`` ranks all findings into one list of recommendations. Keeping this
contract small lets each area evolve on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._base import Result

FINDING_KINDS = (
    "process_out_of_control",
    "capability_below_target",
    "low_first_pass_yield",
    "supplier_lot_problem",
    "supplier_problem",
    "growth_strain",
    "unmet_basic_requirement",
    "requirement_gap",
    "emerging_requirement",
    "complaint_topic",
    "segment_decline",
    "local_problem",
    "score_below_benchmark",
    "at_risk_customers",
    "retention_gap",
)

SUBJECT_TYPES = (
    "stage",
    "characteristic",
    "supplier",
    "supplier_lot",
    "lot",
    "requirement",
    "topic",
    "segment",
    "product",
    "customer",
    "term",
    "place",
)


@dataclass(frozen=True)
class Finding(Result):
    """A problem (or opportunity) one analysis found, with its evidence."""

    kind: str
    subject_type: str
    subject_id: str
    title: str
    action: str
    #: numbers behind the finding, e.g. {"cpk": 0.8, "p_value": 0.001, "points": [..]}
    evidence: dict[str, Any] = field(default_factory=dict)
    #: estimated impact, e.g. {"customers": 120, "orders": 300, "complaints": 45}
    impact: dict[str, Any] = field(default_factory=dict)
    #: 0..1, how sure the analysis is that the problem is real
    confidence: float = 0.5
    #: 0..1, how bad the problem is if real (for ranking)
    severity: float = 0.5
    #: the analysis that produced it, e.g. "spc", "kano"
    source: str = ""
    #: a statistically significant problem (after multiple-comparison control)
    significant: bool = True
    #: optional extra subjects, e.g. the stage of a characteristic
    related: dict[str, str] = field(default_factory=dict)
