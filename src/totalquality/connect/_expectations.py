"""What customers now expect: emerging topics, Kano shifts and trend changes together.

Customers' requirements change: yesterday's delighter becomes today's must-be,
and a new request appears in comments before it appears in scores. This step
groups the findings that say so by the requirement (or topic) they concern.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._findings import Finding

_CHANGE_KINDS = {
    "emerging_requirement": "customers have started asking for it",
    "unmet_basic_requirement": "a basic requirement is not met",
    "segment_decline": "satisfaction is falling",
    "requirement_gap": "perception falls short of expectation",
}


def changing_requirements(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Group change-related findings by the requirement or topic they concern."""
    groups: dict[str, dict[str, Any]] = {}
    for f in findings:
        shift = f.evidence.get("kano_shift") if isinstance(f.evidence, dict) else None
        if f.kind not in _CHANGE_KINDS and not shift:
            continue
        subject = f.related.get("requirement") or (
            f.subject_id if f.subject_type in ("requirement", "topic", "segment") else None
        )
        if subject is None:
            continue
        key = f"{f.subject_type if not f.related.get('requirement') else 'requirement'}:{subject}"
        g = groups.setdefault(
            key,
            {
                "subject_type": key.split(":", 1)[0],
                "subject_id": subject,
                "signals": [],
                "titles": [],
                "significant": False,
            },
        )
        g["signals"].append(
            {
                "kind": f.kind,
                "what": _CHANGE_KINDS.get(f.kind, "Kano category shifted"),
                "source": f.source,
                "since": f.evidence.get("since") or f.evidence.get("start"),
                "kano_shift": shift,
            }
        )
        g["titles"].append(f.title)
        g["significant"] = g["significant"] or f.significant
    out = sorted(groups.values(), key=lambda g: (-len(g["signals"]), g["subject_id"]))
    return out
