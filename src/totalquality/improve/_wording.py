"""What each root problem is called and what to do about it, in every report language.

A recommendation's title and action are composed here from the root's subject and the
numbers of its findings, as catalog messages, so the et and pl reports read in their own
language. Names come before codes ("Display bezel gap (C-S30-GAP)").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._findings import Finding
from .._i18n import Localized, Message, Month, Percent, msg
from ._roots import Root

Names = Mapping[str, Mapping[str, Any]]


def wording(root: Root, names: Names) -> tuple[Message, Message]:
    """(title, action) of a root problem."""
    lead = root.lead
    if lead.evidence.get("title_i18n"):  # the analysis worded it itself, in every language
        return _given(lead)
    compose = _COMPOSERS.get(lead.kind)
    if lead.kind == "complaint_topic":
        compose = _topic if root.subject_type == "topic" else _stage_or_product
    if compose is None:
        return msg("{title}", title=lead.title), msg("{action}", action=lead.action)
    return compose(root, lead, names)


def name_of(kind: str, code: str, names: Names) -> Any:
    """A subject's name with its code, or the code alone."""
    name = names.get(kind, {}).get(code)
    if isinstance(name, Localized):
        return name
    if name and str(name) != code:
        return f"{name} ({code})"
    return code


def _given(lead: Finding) -> tuple[Message, Message]:
    action = lead.evidence.get("action_i18n") or {"en": lead.action}
    return (
        msg("{title}", title=Localized(lead.evidence["title_i18n"])),
        msg("{action}", action=Localized(action)),
    )


def _supplier(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    supplier = root.subject_id
    lots = sorted({f.subject_id for f in root.findings if f.subject_type == "supplier_lot"})
    ratio = lead.evidence.get("rate_ratio")
    action = msg(
        "Quarantine the remaining material of {lots}, trace the finished lots built with it and "
        "raise a corrective action request (8D) with supplier {supplier}",
        lots=", ".join(lots) or supplier,
        supplier=supplier,
    )
    if lead.kind == "supplier_problem" or not lots:
        return (
            msg(
                "Supplier {supplier}: defect rate {ratio}× that of the other suppliers",
                supplier=supplier,
                ratio=_ratio(ratio),
            ),
            msg(
                "Review the incoming inspection and process capability of supplier {supplier}; "
                "agree a quality plan or shift volume to better suppliers",
                supplier=supplier,
            ),
        )
    if lead.source == "links":
        title = msg(
            "Supplier {supplier}: orders built with lot {lot} draw {ratio}× more complaints",
            supplier=supplier,
            lot=lots[0],
            ratio=_ratio(ratio),
        )
    elif len(lots) == 1:
        title = msg(
            "Supplier {supplier}: lot {lot} has {ratio}× the defect rate of comparable lots",
            supplier=supplier,
            lot=lots[0],
            ratio=_ratio(ratio),
        )
    else:
        title = msg(
            "Supplier {supplier}: {count} lots with raised defect rates ({lots})",
            supplier=supplier,
            count=len(lots),
            lots=", ".join(lots),
        )
    return title, action


def _out_of_control(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    what, stage = _characteristic(root, lead, names)
    since = lead.evidence.get("first_violation") or lead.evidence.get("start")
    period = _main_period(root)
    if period is not None:
        title = msg(
            "{what}{stage} was out of control from {start} to {end}",
            what=what,
            stage=stage,
            start=_date(period["start"]),
            end=_date(period["end"]),
        )
    else:
        title = msg(
            "{what}{stage} is out of statistical control since {since}",
            what=what,
            stage=stage,
            since=Month.of(since) if since else "–",
        )
    return title, msg(
        "Find and remove the assignable cause{stage}: look at what changed then (material, "
        "set-up, tooling, operator), contain the lots made then, and recompute the limits "
        "from a stable period",
        stage=stage,
    )


def _excursion(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    what, stage = _characteristic(root, lead, names)
    ev = lead.evidence
    lots = ev.get("lots") or []
    title = msg(
        "{what}{stage}: an excursion of {sigma} σ beyond the limits from {start} to {end} "
        "({lots} lots made then)",
        what=what,
        stage=stage,
        sigma=float(ev.get("max_abs_z") or 0.0),
        start=_date(ev.get("start")),
        end=_date(ev.get("end")),
        lots=len(lots),
    )
    return title, msg(
        "Hold and inspect the lots made during the excursion, contact the customers who "
        "received them, and find what happened{stage} in those days",
        stage=stage,
    )


def _capability(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    what, stage = _characteristic(root, lead, names)
    ev = lead.evidence
    return (
        msg(
            "{what}{stage}: capability Cpk {cpk} below the target {target}",
            what=what,
            stage=stage,
            cpk=float(ev.get("cpk") or 0.0),
            target=float(ev.get("target") or 1.33),
        ),
        msg("Reduce the variation and centre the process between its specification limits"),
    )


def _growth(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    stage = name_of("stage", root.subject_id, names)
    load = float(lead.evidence.get("start_load") or 0.0)
    return (
        msg(
            "{stage}: first-pass yield falls when weekly volume exceeds {load} units",
            stage=stage,
            load=round(load),
        ),
        msg(
            "Add capacity or rebalance the work at {stage} before volume exceeds {load} units a "
            "week; standardise the work and check staffing at peak load",
            stage=stage,
            load=round(load),
        ),
    )


def _low_yield(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    ev = lead.evidence
    return (
        msg(
            "{stage}: first-pass yield {fpy} below the target {target}",
            stage=name_of("stage", root.subject_id, names),
            fpy=Percent(float(ev.get("fpy") or 0.0)),
            target=Percent(float(ev.get("target") or 0.95)),
        ),
        msg("Pareto the stage's defects and remove the main causes of rework and scrap"),
    )


def _requirement(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    what = _requirement_name(root, names)
    ev = lead.evidence
    shift = ev.get("kano_shift")
    if lead.kind == "emerging_requirement" and shift:
        before, after = str(shift).split("→")
        return (
            msg(
                "{what} moved from Kano category {before} to {after} since {since}",
                what=what,
                before=_KANO.get(before, before),
                after=_KANO.get(after, after),
                since=Month.of(ev["since"]) if ev.get("since") else "–",
            ),
            msg(
                "Customers' expectations of {what} changed: plan it into the products as "
                "{after} and check that current products meet it",
                what=what,
                after=_KANO.get(after, after),
            ),
        )
    if lead.kind == "emerging_requirement":
        return (
            msg(
                "Customers increasingly write about {what} since {since}",
                what=what,
                since=_date(ev.get("started") or ev.get("since")),
            ),
            msg(
                "A requirement is emerging: decide how to respond to {what} and track its "
                "Kano category",
                what=what,
            ),
        )
    if lead.kind == "unmet_basic_requirement":
        return (
            msg("Basic requirement {what} is not met", what=what),
            msg(
                "Fix {what} first: a must-be requirement that falls short only causes "
                "dissatisfaction",
                what=what,
            ),
        )
    return (
        msg("{what} falls short of customers' expectations", what=what),
        msg("Raise the performance on {what}", what=what),
    )


def _topic(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    topic = name_of("topic", root.subject_id, names)
    ev = lead.evidence
    if ev.get("started"):
        return (
            msg(
                "Complaints about {topic} are growing since {since}",
                topic=topic,
                since=_date(ev["started"]),
            ),
            msg(
                "Trace the growing complaints about {topic} to their products, lots, places "
                "and stages, and contain the cause",
                topic=topic,
            ),
        )
    return (
        msg(
            "Complaints about {topic}: {count} of {total} complaints",
            topic=topic,
            count=int(ev.get("complaints") or 0),
            total=round(ev.get("complaints", 0) / max(ev.get("complaint_share") or 1, 1e-9)),
        ),
        msg("Investigate the root cause of the complaints about {topic}", topic=topic),
    )


def _retention(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    if lead.kind == "at_risk_customers":
        return (
            msg(
                "{count} customers with a recent bad first experience have not come back",
                count=int(lead.impact.get("customers") or 0),
            ),
            msg("Service recovery: call these customers, fix the problem and follow up"),
        )
    return (
        msg("Customers whose first order went wrong order again less often"),
        msg(
            "Make the first order right: check first orders before shipping and contact every "
            "customer with a bad first experience within a week"
        ),
    )


def _stage_or_product(root: Root, lead: Finding, names: Names) -> tuple[Message, Message]:
    ratio = _ratio(lead.evidence.get("rate_ratio"))
    kind = "stage" if root.subject_type == "stage" else "product"
    subject = name_of(kind, root.subject_id, names)
    return (
        msg(
            "Orders linked to {subject} draw {ratio}× more complaints", subject=subject, ratio=ratio
        ),
        msg("Run a root-cause analysis of the complaints linked to {subject}", subject=subject),
    )


def _characteristic(root: Root, lead: Finding, names: Names) -> tuple[Any, Any]:
    what = name_of("characteristic", root.subject_id, names)
    stage_id = lead.related.get("stage")
    stage = msg(" at {stage}", stage=name_of("stage", stage_id, names)) if stage_id else ""
    return what, stage


def _requirement_name(root: Root, names: Names) -> Any:
    kind = "requirement" if root.subject_type == "requirement" else "topic"
    return name_of(kind, root.subject_id, names)


def _main_period(root: Root) -> dict[str, Any] | None:
    periods = [p for f in root.findings for p in (f.evidence.get("periods") or ())]
    if not periods:
        return None
    return max(periods, key=lambda p: (p.get("subgroups") or 0, str(p.get("start"))))


def _ratio(value: Any) -> Any:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    return round(number, 1) if number < 100 else round(number)


def _date(value: Any) -> Any:
    if not value:
        return "–"
    import datetime as dt

    return dt.date.fromisoformat(str(value)[:10])


_KANO = {
    "A": msg("attractive"),
    "O": msg("one-dimensional"),
    "M": msg("must-be"),
    "I": msg("indifferent"),
    "R": msg("reverse"),
    "Q": msg("questionable"),
}

_COMPOSERS: dict[str, Callable[[Root, Finding, Names], tuple[Message, Message]]] = {
    "supplier_lot_problem": _supplier,
    "supplier_problem": _supplier,
    "process_out_of_control": _out_of_control,
    "process_excursion": _excursion,
    "capability_below_target": _capability,
    "growth_strain": _growth,
    "low_first_pass_yield": _low_yield,
    "emerging_requirement": _requirement,
    "unmet_basic_requirement": _requirement,
    "requirement_gap": _requirement,
    "retention_gap": _retention,
    "at_risk_customers": _retention,
}
