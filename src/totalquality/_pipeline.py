"""Run every analysis the data allows, in loop order, and rank what they found.

Order matters only where one step feeds another: text analytics assigns
complaints to topics and SPC finds out-of-control signals before the links step
traces complaints to lots, stages and suppliers.
"""

from __future__ import annotations

import importlib
import time
import traceback
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ._base import Result
from ._errors import InsufficientDataError, MissingTableError
from ._findings import Finding
from ._section import SectionResult
from ._tables import CanonicalOrder, TableSource

#: (section name, module, function) in report order after the recommendations
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("satisfaction", "totalquality.measure._section", "run_section"),
    ("requirements", "totalquality.measure._section", "run_requirements_section"),
    ("index", "totalquality.measure._pls_section", "run_index_section"),
    ("text", "totalquality.understand._section", "run_section"),
    ("process", "totalquality.build_quality_in._section", "run_section"),
    ("links", "totalquality.connect._section", "run_links_section"),
    ("places", "totalquality.connect._places", "run_places_section"),
    ("growth", "totalquality.connect._section", "run_growth_section"),
    ("retention", "totalquality.connect._section", "run_retention_section"),
)


@dataclass(frozen=True)
class AnalysisRun(Result):
    """Everything `tq analyze` computed."""

    sections: dict[str, SectionResult]
    recommendations: tuple[Any, ...]
    expectations: tuple[dict[str, Any], ...]
    timings: dict[str, float]
    errors: dict[str, str] = field(default_factory=dict)


def _runner(module: str, func: str) -> Callable[..., SectionResult]:
    """A section's runner; a section that cannot be imported fails like any other (its error
    is reported and `tq analyze` exits 1), it never goes missing silently."""
    runner: Callable[..., SectionResult] = getattr(importlib.import_module(module), func)
    return runner


def _section_inputs(
    name: str, done: dict[str, SectionResult], shared: dict[str, Any]
) -> dict[str, Any]:
    """What a section takes from the sections before it."""
    if name == "places":
        text = done.get("text")
        return {
            "facts": shared["facts"](),
            "topic_labels": text.results.get("topic_labels") if text is not None else None,
        }
    if name == "links":
        kwargs: dict[str, Any] = {}
        text = done.get("text")
        if text is not None:
            assignments = text.results.get("complaint_topics")
            if assignments:
                kwargs["complaint_topics"] = pd.Series(assignments, dtype="object")
            labels = text.results.get("topic_labels")
            if labels:
                kwargs["topic_labels"] = {
                    k: (v.get("en") if isinstance(v, dict) else v) for k, v in labels.items()
                }
        process = done.get("process")
        if process is not None:
            sig = process.results.get("signals")
            if sig:
                kwargs["signals"] = pd.DataFrame(sig)
        return kwargs
    return {}


def analyze(
    tables: TableSource,
    *,
    progress: Callable[[str], None] | None = None,
    raise_errors: bool = False,
    section_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> AnalysisRun:
    """Run every section the workspace allows; a failing section is reported, not fatal.

    ``section_options`` passes options to one section's runner, e.g. the user's topic
    model and topic edits to ``text`` so the report shows the topics as the user named them.
    """
    from .connect._expectations import changing_requirements
    from .improve._recommend import rank_findings
    from .improve._roots import context_of, families_tested, select_claims

    tables = CanonicalOrder(tables)  # the same data give the same numbers in any row order
    done: dict[str, SectionResult] = {}
    timings: dict[str, float] = {}
    errors: dict[str, str] = {}
    shared = {"facts": _facts_once(tables, done)}
    for name, module, func in SECTIONS:
        if progress:
            progress(name)
        t0 = time.perf_counter()
        try:
            runner = _runner(module, func)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                options = {
                    **_section_inputs(name, done, shared),
                    **(section_options or {}).get(name, {}),
                }
                result = runner(tables, **options)
            extra = tuple(sorted({str(w.message) for w in caught}))
            if extra:
                result = _with_warnings(result, extra)
            done[name] = result
        except (InsufficientDataError, MissingTableError) as exc:
            # too little data is what the data is, not a failure: said in the section
            done[name] = SectionResult(name=name, warnings=(f"not enough data: {exc}",))
        except Exception as exc:  # a broken section must not hide the others
            if raise_errors:
                raise
            errors[name] = f"{type(exc).__name__}: {exc}"
            done[name] = SectionResult(
                name=name,
                warnings=(f"this section failed: {exc}",),
                results={"traceback": traceback.format_exc()},
            )
        timings[name] = time.perf_counter() - t0
    findings: list[Finding] = [f for s in done.values() for f in s.findings]
    t0 = time.perf_counter()
    expectations = tuple(changing_requirements(findings))
    text = done.get("text")
    labels = text.results.get("topic_labels") if text is not None else None
    context = context_of(tables, shared["facts"](), labels)
    claims = select_claims(findings, families_tested(done))
    recommendations = _with_topic_evidence(rank_findings(claims, context=context), done.get("text"))
    timings["recommendations"] = time.perf_counter() - t0
    return AnalysisRun(
        sections=done,
        recommendations=recommendations,
        expectations=expectations,
        timings=timings,
        errors=errors,
    )


def _facts_once(tables: TableSource, done: dict[str, SectionResult]) -> Callable[[], Any]:
    """The diagnosis' units (orders, responses, complaints with their topics), built once,
    after the text section has assigned topics."""
    cache: dict[str, Any] = {}

    def facts() -> Any:
        if "facts" not in cache:
            from .connect._facts import build_facts

            text = done.get("text")
            assignments = text.results.get("assignments") if text is not None else None
            cache["facts"] = build_facts(tables, assignments)
        return cache["facts"]

    return facts


def _with_topic_evidence(
    recommendations: Sequence[Any], text: SectionResult | None
) -> tuple[Any, ...]:
    """Give each recommendation about a topic what customers wrote: the topic's label in
    every language (the report shows the reader's) and example comments in their own."""
    from dataclasses import replace

    topics = {t["topic_id"]: t for t in (text.results.get("topics") or [])} if text else {}
    out = []
    for rec in recommendations:
        tid = rec.related.get("topic") or (rec.subject_id if rec.subject_type == "topic" else None)
        topic = topics.get(tid)
        if topic is not None and "topic" not in rec.evidence:
            labels = dict(topic.get("labels") or {})
            if topic.get("named"):  # the user's name for it, in every language
                labels = {lang: topic["name"] for lang in (labels or {"en": ""})}
            about = {
                "topic_id": tid,
                "labels": labels,
                # complaints are shown by what customers complained, never by praise
                "examples": {
                    lang: list(ex)[:3]
                    for lang, ex in (
                        topic.get("complaint_examples", topic.get("examples")) or {}
                    ).items()
                },
            }
            rec = replace(rec, evidence={**rec.evidence, "topic": about})
        out.append(rec)
    return tuple(out)


def _with_warnings(result: SectionResult, extra: tuple[str, ...]) -> SectionResult:
    from dataclasses import replace

    merged = tuple(dict.fromkeys(result.warnings + extra))
    return replace(result, warnings=merged)
