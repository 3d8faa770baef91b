"""The "places" report section: problems local to a country, segment, language, product or
channel, with since when, and what got worse there.

Every complaint topic, the delivery time and the scores are tested for a change in one
place relative to the rest (:class:`~totalquality.connect._localize.LocalChanges`). The
changes of one place and period form one finding: "late deliveries in PL since October",
"NPS fell for business customers since August, their complaints about support tripled".
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._findings import Finding
from .._i18n import Localized, Month, msg
from .._section import SectionResult
from ._facts import Facts, excess_events, topic_column
from ._localize import LocalChanges, company_change

#: mean outcomes: the direction that is worse and the smallest change that matters
MEANS = {
    "orders": {"delivery_days": ("up", 0.5)},
    "responses": {"nps_point": ("down", 0.1), "csat": ("down", 0.2)},
}
_TIME = {"orders": "ordered_at", "responses": "answered_at", "complaints": "received_at"}
#: without another place to compare with, a day longer is told from the ordinary ups and
#: downs of shipping times (weeks are compared with weeks)
COMPANY_WIDE_DAYS = 1.0
#: two places are one when this share of their orders are both's (Jaccard)
SAME_PLACE = 0.6


@dataclass
class _Place:
    """The significant changes of one place and period."""

    dimension: str
    value: str
    start: pd.Timestamp
    end: pd.Timestamp | None
    changes: list[dict[str, Any]] = field(default_factory=list)
    also: list[str] = field(default_factory=list)

    def overlaps(self, start: pd.Timestamp, end: pd.Timestamp | None) -> bool:
        a_end = self.end or pd.Timestamp.max
        b_end = end or pd.Timestamp.max
        overlap = min(a_end, b_end) - max(self.start, start)
        shorter = min(a_end - self.start, b_end - start)
        return overlap > pd.Timedelta(0) and overlap >= 0.5 * shorter


def run_places_section(
    tables: Any,
    *,
    facts: Facts | None = None,
    topic_labels: Mapping[str, Any] | None = None,
    alpha: float = 0.05,
) -> SectionResult:
    """Where and since when: changes in one place, relative to the rest of the company."""
    if facts is None or facts.orders.empty:
        return SectionResult(name="places", missing_tables=("orders",))
    t0 = time.perf_counter()
    tests = local_changes(facts, alpha)
    places = _group(tests[tests["significant"]], facts)
    labels = {str(k): _localized(v) for k, v in (topic_labels or {}).items()}
    findings = [_finding(p, facts, labels) for p in places]
    return SectionResult(
        name="places",
        summary={
            "tested": len(tests),
            "local_changes": int(tests["significant"].sum()),
            "places": [f"{p.dimension}={p.value}" for p in places],
        },
        results={"changes": tests[tests["significant"]], "tests": len(tests)},
        findings=tuple(findings),
        timings={"places": time.perf_counter() - t0},
    )


def local_changes(facts: Facts, alpha: float = 0.05) -> pd.DataFrame:
    """Every tested (unit, outcome, dimension, value) at its best window, corrected together."""
    frames = []
    for unit, frame in (("orders", facts.orders), ("responses", facts.responses)):
        if frame.empty:
            continue
        rates = [topic_column(t) for t in facts.topics] if unit == "orders" else []
        worse = _means(unit, frame)
        analysis = LocalChanges(alpha=alpha, min_shift={k: v[1] for k, v in worse.items()}).fit(
            frame,
            time=_TIME[unit],
            dimensions=facts.dimensions(frame),
            rates=rates,
            means={k: v[0] for k, v in worse.items()},
        )
        frames.append(analysis.result_.tests.assign(unit=unit, p_cutoff=analysis.result_.p_cutoff))
    whole = _company_wide(facts, alpha)
    if whole is not None:
        frames.append(whole)
    if not frames:
        return pd.DataFrame(columns=["unit", "outcome", "significant", "q_value"])
    return pd.concat(frames, ignore_index=True)


def _company_wide(facts: Facts, alpha: float) -> pd.DataFrame | None:
    """Delivery times that got longer in a company that delivers to one country only (no
    other place to compare with; where there are several, places are compared instead)."""
    countries = facts.orders["country"].dropna().unique() if "country" in facts.orders else []
    if len(countries) > 1:
        return None
    row = company_change(
        facts.orders,
        time=_TIME["orders"],
        outcome="delivery_days",
        worse="up",
        min_shift=COMPANY_WIDE_DAYS,
    )
    if row is None:
        return None
    if len(countries) == 1:
        row |= {"dimension": "country", "value": str(countries[0])}
    large = bool(row.pop("large_enough"))
    significant = bool(row["p_value"] <= alpha and large)
    return pd.DataFrame([row]).assign(
        unit="orders",
        q_value=row["p_value"],
        significant=significant,
        explained_by=None,
        p_cutoff=alpha,
    )


def _means(unit: str, frame: pd.DataFrame) -> dict[str, tuple[str, float]]:
    """Mean outcomes of a unit: scores, delivery time, each requirement's perception (on 0…1
    of its scale: a fall of 5 % of the scale matters)."""
    out = {k: v for k, v in MEANS[unit].items() if k in frame}
    if unit == "responses":
        out |= {c: ("down", 0.05) for c in frame.columns if str(c).startswith("perception:")}
    return out


def _group(significant: pd.DataFrame, facts: Facts) -> list[_Place]:
    """Changes of the same place and period (or of places with the same units) together."""
    places: list[_Place] = []
    for row in significant.sort_values(["q_value", "p_value"], kind="stable").to_dict("records"):
        start = pd.Timestamp(row["start"])
        end = None if row["end"] is None or pd.isna(row["end"]) else pd.Timestamp(row["end"])
        home = next(
            (
                p
                for p in places
                if p.overlaps(start, end)
                and (
                    (p.dimension, p.value) == (row["dimension"], row["value"])
                    or _same_units(facts, p, row["dimension"], row["value"], start, end)
                )
            ),
            None,
        )
        if home is None:
            home = _Place(row["dimension"], row["value"], start, end)
            places.append(home)
        elif (home.dimension, home.value) != (row["dimension"], row["value"]):
            home.also.append(f"{row['dimension']}={row['value']}")
        home.changes.append(row)
    return places


def _same_units(
    facts: Facts,
    place: _Place,
    dim: str,
    value: str,
    start: pd.Timestamp,
    end: pd.Timestamp | None,
) -> bool:
    """Two places of overlapping periods are one when they are mostly the same orders
    (Poland and the customers who write Polish): their orders' Jaccard overlap."""
    orders = facts.orders
    if dim not in orders or place.dimension not in orders:
        return False
    a = (orders[place.dimension].astype(str) == place.value).to_numpy()
    b = (orders[dim].astype(str) == str(value)).to_numpy()
    union = (a | b).sum()
    return bool(union and (a & b).sum() / union >= SAME_PLACE)


def place_mask(
    orders: pd.DataFrame, dim: str, value: str, start: Any, end: Any = None
) -> np.ndarray:
    """The orders of a place ("all" for the whole company) and period."""
    t = orders["ordered_at"]
    inside = (t >= pd.Timestamp(start)) & (t < (pd.Timestamp(end) if end else pd.Timestamp.max))
    if dim == "all":
        return inside.to_numpy()
    if dim not in orders:
        return np.zeros(len(orders), dtype=bool)
    return ((orders[dim].astype(str) == str(value)) & inside).to_numpy()


def _finding(place: _Place, facts: Facts, labels: Mapping[str, Localized]) -> Finding:
    mask = place_mask(facts.orders, place.dimension, place.value, place.start, place.end)
    orders = facts.orders[mask]
    cause = _cause(place, facts, mask)
    what = _what(cause, labels)
    where = _where(place.dimension, place.value)
    since = Month.of(place.start)
    scores = [c for c in place.changes if c["outcome"] in ("nps_point", "csat")]
    title = _headline(cause, labels, where, since)
    if scores:
        lead = scores[0]
        drop = abs(float(lead["change"])) * (100 if lead["outcome"] == "nps_point" else 1)
        title = msg(
            "{score} fell by {points} points for {where} since {since}: {what}",
            score="NPS" if lead["outcome"] == "nps_point" else "CSAT",
            points=round(drop) if lead["outcome"] == "nps_point" else round(drop, 1),
            where=where,
            since=since,
            what=what,
        )
    best = min(place.changes, key=lambda c: c["q_value"])
    return Finding(
        kind="local_problem",
        subject_type="place",
        subject_id=f"{place.dimension}={place.value}",
        title=str(title),
        action=str(_action(cause, where)),
        evidence={
            "dimension": place.dimension,
            "value": place.value,
            "since": place.start.date().isoformat(),
            "until": place.end.date().isoformat() if place.end is not None else None,
            "also_in": place.also,
            "cause": cause,
            "changes": [_change_record(c, labels) for c in place.changes],
            "q_value": float(best["q_value"]),
            "title_i18n": title.translations(),
        },
        impact={
            "orders": len(orders),
            "customers": int(orders["customer_id"].nunique()),
        },
        confidence=float(np.clip(1 - best["q_value"], 0, 1)),
        severity=float(np.clip(0.3 + 0.1 * len(place.changes), 0, 1)),
        source="places",
        significant=True,
        related={place.dimension: place.value}
        | ({"topic": cause["topic"]} if cause.get("topic") else {}),
    )


def _cause(place: _Place, facts: Facts, mask: np.ndarray) -> dict[str, Any]:
    """What got worse there: delivery time, a complaint topic, or (scores only) the topic
    with the most extra complaints in that place and period."""
    for change in place.changes:
        if change["outcome"] == "delivery_days":
            return {"outcome": "delivery_days", "change_days": float(change["change"])}
    topics = [c for c in place.changes if str(c["outcome"]).startswith("complaint:")]
    if topics:
        lead = max(topics, key=lambda c: c["excess"])
        return {"outcome": lead["outcome"], "topic": lead["outcome"].split(":", 1)[1]}
    perceived = [c for c in place.changes if str(c["outcome"]).startswith("perception:")]
    if perceived:
        lead = min(perceived, key=lambda c: c["q_value"])
        return {"outcome": lead["outcome"], "requirement": lead["outcome"].split(":", 1)[1]}
    extra = {
        t: excess_events(facts.orders, mask, topic_column(t))
        for t in facts.topics
        if topic_column(t) in facts.orders
    }
    extra = {t: e for t, e in extra.items() if e >= 3}
    if extra:
        topic = max(extra, key=lambda t: extra[t])
        return {"outcome": "scores", "topic": topic, "excess_complaints": extra[topic]}
    return {"outcome": "scores"}


def _headline(
    cause: Mapping[str, Any], labels: Mapping[str, Localized], where: Any, since: Any
) -> Any:
    """The title of a place whose scores did not fall (or fell without a score change)."""
    if cause.get("outcome") == "delivery_days":
        return msg(
            "Late deliveries in {where} since {since}: {days} days longer on average",
            where=where,
            since=since,
            days=cause["change_days"],
        )
    if cause.get("topic"):
        return msg(
            "More complaints about {topic} in {where} since {since}",
            topic=labels.get(cause["topic"], Localized(en=cause["topic"])),
            where=where,
            since=since,
        )
    return msg(
        "Lower perception of {requirement} in {where} since {since}",
        requirement=cause.get("requirement") or "–",
        where=where,
        since=since,
    )


def _what(cause: Mapping[str, Any], labels: Mapping[str, Localized]) -> Any:
    if cause.get("outcome") == "delivery_days":
        return msg("late deliveries ({days} days longer on average)", days=cause["change_days"])
    topic = cause.get("topic")
    if topic:
        return msg("complaints about {topic}", topic=labels.get(topic, Localized(en=topic)))
    if cause.get("requirement"):
        return msg("a lower perception of {requirement}", requirement=cause["requirement"])
    return msg("lower scores")


def _where(dim: str, value: str) -> Any:
    return {
        "country": msg("country {value}", value=value),
        "segment": msg("segment {value}", value=value),
        "language": msg("customers writing in {value}", value=value),
        "product_id": msg("product {value}", value=value),
        "channel": msg("channel {value}", value=value),
        "all": msg("all customers"),
    }.get(dim, msg("{dimension} {value}", dimension=dim, value=value))


def _action(cause: Mapping[str, Any], where: Any) -> Any:
    if cause.get("outcome") == "delivery_days":
        return msg(
            "Find what changed in delivery to {where} (carrier, warehouse, route) and fix it; "
            "tell the customers waiting",
            where=where,
        )
    return msg(
        "Find out what changed for {where} around the start date: read their complaints and "
        "comments from then, and fix the cause",
        where=where,
    )


def _change_record(change: Mapping[str, Any], labels: Mapping[str, Localized]) -> dict[str, Any]:
    outcome = str(change["outcome"])
    topic = outcome.split(":", 1)[1] if outcome.startswith("complaint:") else None
    return {
        "outcome": outcome,
        "topic_label": dict(labels[topic]) if topic is not None and topic in labels else None,
        "kind": change["kind"],
        "dimension": change["dimension"],
        "value": change["value"],
        "start": str(change["start"]),
        "end": None if change["end"] is None or pd.isna(change["end"]) else str(change["end"]),
        "before": float(change["effect_out"]),
        "during": float(change["effect_in"]),
        "change": float(change["change"]),
        "excess": float(change["excess"]),
        "q_value": float(change["q_value"]),
        "unit": change["unit"],
        "p_cutoff": float(change["p_cutoff"]),
    }


def still_local(facts: Facts, evidence: Mapping[str, Any], exclude_orders: np.ndarray) -> bool:
    """Whether a place's change remains with another cause's orders left out (with their
    survey answers): if none of its changes does, that cause explains it."""
    for change in evidence.get("changes", ()):
        if change["dimension"] == "all":
            return True  # the whole company: no other place to be explained by
        unit = change["unit"]
        frame = facts.orders if unit == "orders" else facts.responses
        exclude = exclude_orders
        if unit == "responses":
            if "order_id" not in frame:
                return True
            left_out = set(facts.orders.loc[exclude_orders, "order_id"])
            exclude = frame["order_id"].isin(left_out).to_numpy()
        outcome = change["outcome"]
        worse = _means(unit, frame)
        how = "rate" if change["kind"] == "rate" else worse[outcome][0]
        floor = {k: v[1] for k, v in worse.items()}
        again = LocalChanges(min_shift=floor).retest(
            frame,
            time=_TIME[unit],
            dimension=change["dimension"],
            value=change["value"],
            outcome=outcome,
            how=how,
            exclude=exclude,
        )
        if again is not None and again["p_value"] <= change["p_cutoff"] and again["large_enough"]:
            return True
    return False


def _localized(label: Any) -> Localized:
    if isinstance(label, Mapping):
        return Localized({str(k): str(v) for k, v in label.items() if v})
    return Localized(en=str(label))
