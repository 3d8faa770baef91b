"""One item per root problem, with its symptoms folded in as evidence.

The analyses report what they see: a supplier lot with many defects, a characteristic out
of control, a topic customers complain about more, NPS falling in a segment. Several of
those are one problem seen from different sides. A *root* is what can be acted on: a
supplier, a characteristic (or stage), a place (country, segment, …) and what went wrong
there, a requirement, or the first experience. Each root has an *exposure*: the orders it
touched (lots built with the supplier's lots, lots made while the characteristic was out of
control, the place's orders since the start). Symptoms are folded into the root that
explains them:

* lots under their supplier;
* a complaint topic into the root whose orders carry most of its excess complaints;
* yield losses at a stage into the characteristic or strain at that stage;
* a supplier lot that only the period of a time-bound root explains (its orders were made
  while a characteristic was out of control) into that root, as a side effect;
* a local decline into the production root whose orders carry most of it.

What each root explains is counted as excess events among its orders over the rate of
the other orders of the same months: complaints and detractors, as numbers and as shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .._findings import Finding
from .._i18n import Localized
from ..connect._facts import Facts, excess_events, topic_column
from ..connect._places import place_mask, still_local

#: which root a finding belongs to: kind → subject type of the root
_ROOT_OF = {
    "supplier_lot_problem": "supplier",
    "supplier_problem": "supplier",
    "process_out_of_control": "characteristic",
    "process_excursion": "characteristic",
    "capability_below_target": "characteristic",
    "growth_strain": "stage",
    "low_first_pass_yield": "stage",
    "local_problem": "place",
    "emerging_requirement": "requirement",
    "unmet_basic_requirement": "requirement",
    "requirement_gap": "requirement",
    "complaint_topic": "topic",
    "retention_gap": "customer",
    "at_risk_customers": "customer",
    "score_below_benchmark": "benchmark",
}
#: findings that speak for a root on their own (the others are evidence or symptoms)
_PRIMARY = {
    "supplier_lot_problem",
    "supplier_problem",
    "process_out_of_control",
    "process_excursion",
    "growth_strain",
    "local_problem",
    "emerging_requirement",
    "retention_gap",
    "score_below_benchmark",
}
#: a symptom joins the root that explains at least this share of its excess events
EXPLAINS = 0.3
#: a supplier lot whose orders fall this much inside a time-bound root's is its side effect
SIDE_EFFECT = 0.5


@dataclass
class Root:
    """A root problem being assembled from the findings about it."""

    subject_type: str
    subject_id: str
    findings: list[Finding] = field(default_factory=list)
    symptoms: list[dict[str, Any]] = field(default_factory=list)
    mask: np.ndarray | None = None

    @property
    def key(self) -> str:
        return f"{self.subject_type}:{self.subject_id}"

    @property
    def lead(self) -> Finding:
        """The finding that names the root: a primary one, the most confident first."""
        # what the process data show leads; a link through complaints corroborates it
        ranked = sorted(
            self.findings,
            key=lambda f: (
                f.kind not in _PRIMARY,
                not f.significant,
                f.source == "links",
                -f.confidence,
                f.kind,
            ),
        )
        return ranked[0]

    @property
    def significant(self) -> bool:
        return any(f.significant and f.kind in _PRIMARY for f in self.findings)

    def fold(self, other: Root, share: float | None = None, reason: str = "") -> None:
        for f in other.findings:
            self.symptoms.append(_symptom(f, share, reason))
        self.symptoms.extend(other.symptoms)


@dataclass(frozen=True)
class Context:
    """What the exposures are computed from."""

    facts: Facts
    #: finished lot → the supplier lots and suppliers in it
    lot_parts: pd.DataFrame | None = None
    #: stage → weekly load (units inspected) for growth strain
    stage_load: pd.DataFrame | None = None
    #: subject kind → code → name (a topic's name in every language)
    names: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def context_of(tables: Any, facts: Facts, topic_labels: Mapping[str, Any] | None = None) -> Context:
    """The traceability and weekly stage loads the exposures need, and the subjects' names,
    from the workspace."""
    lot_parts = None
    if tables.has("lot_parts"):
        lp = tables.pandas("lot_parts")
        if {"lot_id", "supplier_id", "supplier_lot_id"} <= set(lp.columns):
            lot_parts = lp[["lot_id", "supplier_id", "supplier_lot_id"]].astype(str)
    stage_load = None
    if tables.has("inspections"):
        insp = tables.pandas("inspections")
        when = pd.to_datetime(insp["inspected_at"], utc=True, errors="coerce").dt.tz_convert(None)
        stage_load = (
            insp.assign(
                week=when.dt.to_period("W").dt.start_time, stage_id=insp["stage_id"].astype(str)
            )
            .groupby(["stage_id", "week"], as_index=False)
            .agg(load=("inspected", "sum"))
        )
    return Context(
        facts=facts,
        lot_parts=lot_parts,
        stage_load=stage_load,
        names=_names(tables, topic_labels or {}),
    )


_NAMED = {
    "characteristic": ("characteristics", "characteristic_id"),
    "stage": ("stages", "stage_id"),
    "requirement": ("requirements", "requirement_id"),
    "product": ("products", "product_id"),
}


def _names(tables: Any, topic_labels: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    names: dict[str, dict[str, Any]] = {}
    for kind, (table, key) in _NAMED.items():
        if tables.has(table):
            frame = tables.pandas(table)
            if "name" in frame:
                named = frame.dropna(subset=["name"])
                names[kind] = dict(
                    zip(named[key].astype(str), named["name"].astype(str), strict=True)
                )
    names["topic"] = {
        str(t): Localized(label) if isinstance(label, Mapping) else Localized(en=str(label))
        for t, label in topic_labels.items()
    }
    return names


#: the family of tests each analysis' primary findings come from, by the section that ran them
FAMILIES = {
    "process": ("spc", "suppliers"),
    "growth": ("growth",),
    "places": ("places",),
    "links": ("links",),
    "requirements": ("kano",),
    "text": ("text_emerging",),
    "retention": ("retention",),
}


def families_tested(sections: Mapping[str, Any]) -> set[str]:
    """The families of tests that ran (a section that lacked its tables tested nothing)."""
    ran: set[str] = set()
    for name, families in FAMILIES.items():
        section = sections.get(name)
        if section is None or (section.missing_tables and not section.findings):
            continue
        if any("not enough data" in str(w) for w in section.warnings):
            continue
        ran.update(families)
    return ran


def select_claims(
    findings: Iterable[Finding], tested: set[str] | None = None, alpha: float = 0.05
) -> list[Finding]:
    """Which findings the list may claim, its false-discovery rate held across analyses.

    Every analysis controls the false-discovery rate of its own tests; a list that unites
    eight analyses would otherwise carry up to eight analyses' false discoveries. Families of
    tests are selected by Benjamini–Hochberg over their Simes p-values (the smallest adjusted
    p-value in the family), and within the R of m selected families a finding is claimed at
    level α·R/m (Benjamini & Bogomolov 2014, selective inference on multiple families).
    Findings from other sources (benchmarks, watch items) are left as they are.
    """
    findings = list(findings)
    primary = [f for f in findings if f.significant and f.kind in _PRIMARY and _q(f) is not None]
    by_family: dict[str, list[Finding]] = {}
    for f in primary:
        by_family.setdefault(f.source, []).append(f)
    m = len(set(tested or ()) | set(by_family))
    if not m:
        return findings
    simes = sorted((min(_q(f) or 1.0 for f in fs), fam) for fam, fs in by_family.items())
    passing = [rank for rank, (p, _) in enumerate(simes, 1) if p <= alpha * rank / m]
    selected = {fam for _, fam in simes[: max(passing, default=0)]}  # step-up
    level = alpha * len(selected) / m
    dropped = {id(f) for f in primary if f.source not in selected or (_q(f) or 1.0) > level}
    return [replace(f, significant=False) if id(f) in dropped else f for f in findings]


def _q(f: Finding) -> float | None:
    """The false-discovery-adjusted p-value behind a finding (its p-value when it has none)."""
    for key in ("q_value", "split_q", "p_value"):
        value = f.evidence.get(key)
        if isinstance(value, (int, float)) and np.isfinite(value):
            return float(value)
    return None


def build_roots(findings: Iterable[Finding], context: Context) -> list[Root]:
    """Group findings into roots and fold the symptoms into the roots that explain them."""
    roots = _group(findings)
    for root in roots.values():
        root.mask = exposure(root, context)
    _fold_lots_under_time(roots, context)
    _fold_stages(roots)
    _fold_topics(roots, context)
    _fold_places(roots, context)
    return sorted(roots.values(), key=lambda r: r.key)


def _group(findings: Iterable[Finding]) -> dict[str, Root]:
    roots: dict[str, Root] = {}
    for f in findings:
        kind = _ROOT_OF.get(f.kind)
        if kind is None or f.kind == "segment_decline":
            continue
        stype, sid = _subject(f, kind)
        roots.setdefault(f"{stype}:{sid}", Root(stype, sid)).findings.append(f)
    return roots


def _subject(f: Finding, kind: str) -> tuple[str, str]:
    """The root's subject: a supplier lot's supplier, a topic's requirement, …"""
    if kind == "supplier":
        if f.subject_type == "supplier_lot" and not f.related.get("supplier"):
            return "supplier_lot", f.subject_id  # a lot whose supplier is not known
        return "supplier", f.related.get("supplier") or f.subject_id
    if kind == "requirement":
        return (
            ("requirement", f.related.get("requirement") or f.subject_id)
            if (f.subject_type == "requirement" or f.related.get("requirement"))
            else ("topic", f.subject_id)
        )
    if kind == "topic" and f.subject_type in ("stage", "product"):
        return f.subject_type, f.subject_id
    if kind == "customer":
        return "customer", "first-experience"
    return kind if kind != "benchmark" else f.subject_type, f.subject_id


# --------------------------------------------------------------------------- exposures


def exposure(root: Root, context: Context) -> np.ndarray | None:
    """The orders a root touched (None: a root without orders, e.g. a requirement)."""
    orders = context.facts.orders
    if orders.empty:
        return None
    if root.subject_type in ("supplier", "supplier_lot"):
        return _supplier_orders(root, context)
    if root.subject_type == "characteristic":
        made = _period_orders(orders, _characteristic_periods(root))
        lots = {str(x) for f in root.findings for x in (f.evidence.get("lots") or ())}
        if lots and "lot_id" in orders:
            listed = orders["lot_id"].astype(str).isin(lots).to_numpy()
            return listed if made is None else made | listed
        return made
    if root.subject_type == "stage":
        return _period_orders(orders, _strained_weeks(root, context))
    if root.subject_type == "place":
        ev = root.lead.evidence
        return place_mask(orders, ev["dimension"], ev["value"], ev["since"], ev.get("until"))
    return None


def _supplier_orders(root: Root, context: Context) -> np.ndarray | None:
    lp, orders = context.lot_parts, context.facts.orders
    if lp is None or "lot_id" not in orders:
        return None
    lots_named = {f.subject_id for f in root.findings if f.subject_type == "supplier_lot"}
    if lots_named:
        used = lp[lp["supplier_lot_id"].astype(str).isin(lots_named)]
    else:
        used = lp[lp["supplier_id"].astype(str) == root.subject_id]
    return orders["lot_id"].astype(str).isin(set(used["lot_id"].astype(str))).to_numpy()


def _characteristic_periods(root: Root) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    periods: list[tuple[Any, Any]] = []
    for f in root.findings:
        ev = f.evidence
        if ev.get("lots") and f.kind == "process_excursion":
            continue  # its lots say exactly which orders it touched
        if ev.get("periods"):
            periods.extend((p["start"], p["end"]) for p in ev["periods"])
        elif ev.get("start") and ev.get("end"):
            periods.append((ev["start"], ev["end"]))
        elif ev.get("first_violation") and ev.get("last_violation"):
            periods.append((ev["first_violation"], ev["last_violation"]))
    return [(_ts(a), _ts(b) + pd.Timedelta(days=1)) for a, b in periods]


def _strained_weeks(root: Root, context: Context) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    strain = next((f for f in root.findings if f.kind == "growth_strain"), None)
    load = context.stage_load
    if strain is None or load is None:
        return []
    start = strain.evidence.get("start_load")
    weeks = load[(load["stage_id"] == root.subject_id) & (load["load"] > (start or np.inf))]
    return [(w, w + pd.Timedelta(days=7)) for w in pd.to_datetime(weeks["week"])]


def _period_orders(orders: pd.DataFrame, periods: list[tuple[Any, Any]]) -> np.ndarray | None:
    if not periods or "produced_at" not in orders:
        return None
    made = orders["produced_at"]
    hit = np.zeros(len(orders), dtype=bool)
    for start, end in periods:
        hit |= ((made >= start) & (made < end)).to_numpy()
    return hit


def _ts(value: Any) -> pd.Timestamp:
    t = pd.Timestamp(value)
    return t.tz_convert(None) if t.tzinfo is not None else t


# --------------------------------------------------------------------------- folding


def _fold_lots_under_time(roots: dict[str, Root], context: Context) -> None:
    """A supplier seen only through complaints (no defect data of its own) whose extra
    complaints vanish once the orders of another root are set aside is that root's side
    effect: a lot made while a characteristic drifted, or shipped when deliveries to one
    country were late, is not the cause of those complaints."""
    orders = context.facts.orders
    for key, root in list(roots.items()):
        mask = root.mask
        if root.subject_type not in ("supplier", "supplier_lot") or mask is None:
            continue
        if any(f.source == "suppliers" for f in root.findings) or not mask.any():
            continue  # its own defect data speaks for it
        outcome = _linked_outcome(root)
        total = excess_events(orders, mask, outcome)
        best, explained = None, 0.0
        for other in roots.values():
            if other is root or not other.significant or other.mask is None:
                continue
            keep = ~other.mask
            remaining = excess_events(orders[keep], mask[keep], outcome) if keep.any() else 0.0
            share = 1.0 - max(remaining, 0.0) / total if total > 0 else 1.0
            if share > explained:
                best, explained = other, share
        if best is not None and explained >= SIDE_EFFECT:
            best.fold(root, explained, "side_effect")
            del roots[key]


def _linked_outcome(root: Root) -> str:
    for f in root.findings:
        topic = f.related.get("topic")
        if topic:
            return topic_column(topic)
    return "complaint"


def _fold_stages(roots: dict[str, Root]) -> None:
    """Yield losses and defect links at a stage belong to the characteristic out of control
    or the strain at that stage."""
    for key, root in list(roots.items()):
        if root.subject_type != "stage" or any(f.kind == "growth_strain" for f in root.findings):
            continue
        home = next(
            (
                r
                for r in roots.values()
                if r.significant
                and r is not root
                and (
                    (
                        r.subject_type == "characteristic"
                        and r.lead.related.get("stage") == root.subject_id
                    )
                    or (r.subject_type == "stage" and r.subject_id == root.subject_id)
                )
            ),
            None,
        )
        if home is not None:
            home.fold(root, None, "same_stage")
            del roots[key]


def _fold_places(roots: dict[str, Root], context: Context) -> None:
    """A place whose change vanishes once a production root's orders are left out is that
    root seen from the customers' side (e.g. a segment that bought most of a bad lot)."""
    production = [
        (r, r.mask)
        for r in roots.values()
        if r.significant
        and r.mask is not None
        and r.subject_type in ("supplier", "supplier_lot", "characteristic", "stage")
    ]
    for key, place in list(roots.items()):
        where = place.mask
        if place.subject_type != "place" or where is None:
            continue
        for root, mask in sorted(production, key=lambda rm: -int((rm[1] & where).sum())):
            overlap = float((mask & where).sum() / max(where.sum(), 1))
            if not _concentrated(mask, place, context.facts.orders):
                continue  # it hits every place alike: it cannot make one place worse
            if not still_local(context.facts, place.lead.evidence, mask):
                root.fold(place, overlap, "explains_local")
                del roots[key]
                break


def _concentrated(mask: np.ndarray, place: Root, orders: pd.DataFrame) -> bool:
    """Whether a root's orders of the place's period fall in the place more than orders do
    in general (a bad lot shipped mostly to one country), by half again at least."""
    ev = place.lead.evidence
    until = pd.Timestamp(ev["until"]) if ev.get("until") else pd.Timestamp.max
    t = orders["ordered_at"]
    period = ((t >= pd.Timestamp(ev["since"])) & (t < until)).to_numpy()
    in_place = place_orders(place, orders)
    if in_place is None:
        return False
    root_orders = mask & period
    if not root_orders.any() or not period.any():
        return False
    return bool(in_place[root_orders].mean() >= 1.5 * in_place[period].mean())


def _fold_topics(roots: dict[str, Root], context: Context) -> None:
    """A complaint topic joins the root whose orders carry most of its excess complaints, or,
    without orders to count, the strongest root that names it. A requirement known only from
    what customers write (no survey says so) is such a topic too."""
    orders = context.facts.orders
    for key, topic in list(roots.items()):
        topic_id = _text_topic(topic)
        if topic_id is None:
            continue
        since = next(
            (f.evidence["started"] for f in topic.findings if f.evidence.get("started")), None
        )
        scored = [
            (share, r.key, r)
            for r in roots.values()
            if r is not topic
            and r.significant
            and _text_topic(r) is None
            and not _precedes(since, r)
            and (share := _topic_share(topic_id, r, orders, since)) is not None
        ]
        if not scored:
            continue
        share, _, best = max(scored, key=lambda s: (s[0], s[1]))
        if share >= EXPLAINS:
            best.fold(topic, min(share, 1.0), "explains_topic")
            del roots[key]


#: a symptom may show a little before its cause is seen (its cause was already there)
LEAD_TIME = pd.Timedelta(days=21)


def _precedes(started: Any, root: Root) -> bool:
    """Whether a symptom started before its would-be cause: then it is not its symptom."""
    ev = root.lead.evidence
    since = ev.get("since") or ev.get("start") or ev.get("first_violation")
    if not started or not since:
        return False
    return bool(_ts(str(started)[:10]) < _ts(str(since)[:10]) - LEAD_TIME)


def _text_topic(root: Root) -> str | None:
    """The topic a root stands for when all it rests on is text analysis, else None."""
    if root.subject_type == "topic":
        return root.subject_id
    if root.subject_type == "requirement" and all(
        f.source.startswith("text") for f in root.findings
    ):
        return next((f.related["topic"] for f in root.findings if f.related.get("topic")), None)
    return None


def _topic_share(topic: str, root: Root, orders: pd.DataFrame, since: Any = None) -> float | None:
    """The share of the topic's complaints — of their rise, for a topic that grows ``since``
    a date — that the root explains (1 when the root names the topic and there are no orders
    to count)."""
    names_it = any(f.related.get("topic") == topic for f in root.findings)
    column = topic_column(topic)
    if root.mask is None or column not in orders:
        return 1.0 if names_it else None
    if root.subject_type == "place":
        return (
            1.0
            if names_it or _place_names(root, topic)
            else _local_rise(root, orders, column, since)
        )
    total = _rise(orders, column, since) if since else float(orders[column].sum())
    return explained(root, orders, column) / total if total > 0 else 0.0


def _place_names(root: Root, topic: str) -> bool:
    """Whether a place found this topic to be worse there (its cause or one of its changes)."""
    ev = root.lead.evidence
    outcomes = {str(c.get("outcome")) for c in ev.get("changes", ())}
    return topic_column(topic) in outcomes or (ev.get("cause") or {}).get("topic") == topic


def _local_rise(root: Root, orders: pd.DataFrame, column: str, since: Any) -> float:
    """The share of a topic's rise in the place, when the place holds half again its share of
    the orders of that time at least; else 0: what grows everywhere is no place's symptom (and
    a place that is most of the company cannot show that it is its)."""
    start = since or root.lead.evidence.get("since")
    after = (orders["ordered_at"] >= _ts(str(start)[:10])).to_numpy()
    place = place_orders(root, orders)
    total = _rise(orders, column, start)
    if place is None or total <= 0 or not after.any():
        return 0.0
    share = _rise(orders[place], column, start) / total
    return share if share >= 1.5 * float(place[after].mean()) else 0.0


def explained(root: Root, orders: pd.DataFrame, column: str) -> float:
    """Events a root's orders carry beyond the other orders of the same months; a place
    beyond its usual ratio to the rest too."""
    if root.mask is None:
        return 0.0
    return excess_events(orders, root.mask, column, usual=place_orders(root, orders))


def place_orders(root: Root, orders: pd.DataFrame) -> np.ndarray | None:
    """A place root's orders at any time (None for other roots)."""
    if root.subject_type != "place":
        return None
    ev = root.lead.evidence
    if ev["dimension"] not in orders:  # the whole company
        return np.ones(len(orders), dtype=bool)
    return (orders[ev["dimension"]].astype(str) == str(ev["value"])).to_numpy()


def _rise(orders: pd.DataFrame, column: str, since: Any) -> float:
    """Complaints about a topic since a date beyond its rate before then."""
    y = orders[column]
    after = (orders["ordered_at"] >= pd.Timestamp(str(since)[:10])).to_numpy()
    before_rate = float(y[~after].mean()) if (~after).any() else 0.0
    return float(y[after].sum() - after.sum() * before_rate)


def _symptom(f: Finding, share: float | None, reason: str) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "key": f"{f.kind}:{f.subject_type}:{f.subject_id}",
        "subject_type": f.subject_type,
        "subject_id": f.subject_id,
        "title": f.title,
        "title_i18n": f.evidence.get("title_i18n"),
        "why": reason,
        "explained_share": share,
        "significant": f.significant,
        "source": f.source,
        "evidence": {
            k: v
            for k, v in f.evidence.items()
            if k not in ("examples", "terms", "weekly", "title_i18n", "customers")
        },
    }
