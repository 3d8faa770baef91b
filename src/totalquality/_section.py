"""What a loop step's section runner returns for a whole workspace (for `tq analyze`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._base import Result
from ._findings import Finding


@dataclass(frozen=True)
class SectionResult(Result):
    """Results of one report section (satisfaction, requirements, text, process, ...)."""

    name: str
    summary: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
    #: Plotly figure dicts (``fig.to_dict()``) keyed by a stable name
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing_tables: tuple[str, ...] = ()
    #: seconds each step took, for the stage-by-stage time table
    timings: dict[str, float] = field(default_factory=dict)
