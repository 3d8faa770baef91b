"""One row per order, response and complaint, with everything that can explain it.

The diagnosis works on units that carry their time, their place (country, segment,
language, product, channel), what they were exposed to (lot, production time) and what
happened (complaints by topic, detractor answers, delivery days). Built once per analysis
from the workspace tables and the text section's topic assignments; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._tables import TableSource
from ..measure._common import timestamps as _utc

#: the places a problem can be local to, in the order they are named
DIMENSIONS = ("country", "segment", "language", "product_id", "channel")


@dataclass(frozen=True)
class Facts:
    """Units of the diagnosis. ``topics`` are the complaint topics with their own column."""

    orders: pd.DataFrame
    responses: pd.DataFrame
    complaints: pd.DataFrame
    topics: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def empty(cls) -> Facts:
        return cls(pd.DataFrame(), pd.DataFrame(), pd.DataFrame())

    def dimensions(self, frame: pd.DataFrame) -> list[str]:
        """The place dimensions that vary in ``frame``."""
        return [d for d in DIMENSIONS if d in frame and frame[d].nunique(dropna=True) > 1]


def topic_column(topic: str) -> str:
    return f"complaint:{topic}"


def build_facts(
    tables: TableSource, assignments: Sequence[Mapping[str, Any]] | None = None
) -> Facts:
    """Orders, responses and complaints joined to customers, lots and text topics."""
    notes: list[str] = []
    customers = _customers(tables)
    orders = _orders(tables, customers)
    topics_of = _topics_by_text(assignments)
    complaints = _complaints(tables, orders, customers, topics_of.get("complaints", {}), notes)
    topics = _complaint_topics(complaints)
    if len(orders):
        orders = _order_outcomes(orders, complaints, topics)
    responses = _responses(tables, orders, customers, topics_of.get("responses", {}))
    responses = _with_perceptions(tables, responses)
    if len(orders) and len(responses):
        orders = _with_first_answer(orders, responses)
    return Facts(orders, responses, complaints, topics, tuple(notes))


def _customers(tables: TableSource) -> pd.DataFrame:
    if not tables.has("customers"):
        return pd.DataFrame(columns=["customer_id"])
    c = tables.pandas("customers")
    keep = [k for k in ("customer_id", "segment", "country", "language", "since") if k in c]
    c = c[keep].drop_duplicates("customer_id").copy()
    c["customer_id"] = c["customer_id"].astype(str)
    if "since" in c:
        c["since"] = _utc(c["since"])
    return c


def _orders(tables: TableSource, customers: pd.DataFrame) -> pd.DataFrame:
    if not tables.has("orders"):
        return pd.DataFrame(columns=["order_id", "customer_id", "ordered_at"])
    o = tables.pandas("orders").copy()
    o["order_id"] = o["order_id"].astype(str)
    o["customer_id"] = o["customer_id"].astype(str)
    o["ordered_at"] = _utc(o["ordered_at"])
    o = o[o["ordered_at"].notna()]
    if "delivered_at" in o:
        o["delivered_at"] = _utc(o["delivered_at"])
        o["delivery_days"] = (o["delivered_at"] - o["ordered_at"]).dt.total_seconds() / 86400
    if "lot_id" in o:
        o["lot_id"] = o["lot_id"].astype("string").astype(object).where(o["lot_id"].notna())
        if tables.has("lots"):
            lots = tables.pandas("lots")[["lot_id", "produced_at"]].copy()
            lots["lot_id"] = lots["lot_id"].astype(str)
            lots["produced_at"] = _utc(lots["produced_at"])
            o = o.merge(lots.drop_duplicates("lot_id"), on="lot_id", how="left")
    o = o.merge(customers, on="customer_id", how="left")
    if "since" in o:
        first = o.groupby("customer_id")["ordered_at"].transform("min")
        o["first_order"] = (o["ordered_at"] == first) & (o["since"] >= o["ordered_at"].min())
        o = o.drop(columns=["since"])
    return o.sort_values(["ordered_at", "order_id"]).reset_index(drop=True)


def complaints_to_orders(orders: pd.DataFrame, complaints: pd.DataFrame) -> pd.DataFrame:
    """Each complaint's order: its order_id, else the customer's latest order before it.

    Returns the complaints (complaint_id, received_at, order_id, linked_by: "order" or
    "customer") whose order is among ``orders``.
    """
    c = complaints.copy()
    c["complaint_id"] = c["complaint_id"].astype(str)
    c["received_at"] = _utc(c["received_at"])
    if "order_id" not in c:
        c["order_id"] = None
    direct = c[c["order_id"].notna()].assign(
        order_id=lambda d: d["order_id"].astype(str), linked_by="order"
    )
    rest = c[c["order_id"].isna() & c["received_at"].notna()]
    if len(rest) and "customer_id" in rest:
        rest = rest.dropna(subset=["customer_id"]).sort_values("received_at")
        candidates = orders[["order_id", "customer_id", "ordered_at"]].assign(
            customer_id=lambda d: d["customer_id"].astype(str),
            ordered_at=lambda d: _utc(d["ordered_at"]),
        )
        matched = pd.merge_asof(
            rest.drop(columns=["order_id"]).assign(customer_id=rest["customer_id"].astype(str)),
            candidates.sort_values("ordered_at"),
            left_on="received_at",
            right_on="ordered_at",
            by="customer_id",
            direction="backward",
        ).dropna(subset=["order_id"])
        matched = matched.assign(linked_by="customer")
        direct = pd.concat([direct, matched[direct.columns.intersection(matched.columns)]])
    return direct[direct["order_id"].isin(orders["order_id"])]


def _complaints(
    tables: TableSource,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    topics: Mapping[str, tuple[str, ...]],
    notes: list[str],
) -> pd.DataFrame:
    columns = ["complaint_id", "received_at", "order_id", "topics"]
    if not tables.has("complaints"):
        return pd.DataFrame(columns=columns)
    raw = tables.pandas("complaints")
    c = raw.copy()
    c["complaint_id"] = c["complaint_id"].astype(str)
    c["received_at"] = _utc(c["received_at"])
    if len(orders):
        linked = complaints_to_orders(orders, raw)[["complaint_id", "order_id", "linked_by"]]
        c = c.drop(columns=["order_id"], errors="ignore").merge(
            linked, on="complaint_id", how="left"
        )
        by_customer = int((c["linked_by"] == "customer").sum())
        if by_customer:
            notes.append(
                f"{by_customer} complaints without order_id were linked to the customer's "
                "latest earlier order"
            )
    if "customer_id" in c:
        c["customer_id"] = c["customer_id"].astype("string").astype(object)
        c = c.merge(
            customers.drop(columns=["since"], errors="ignore"), on="customer_id", how="left"
        )
    c["topics"] = [topics.get(cid, ()) for cid in c["complaint_id"]]
    return c


def _complaint_topics(complaints: pd.DataFrame, min_complaints: int = 5) -> tuple[str, ...]:
    if complaints.empty:
        return ()
    counts = pd.Series([t for ts in complaints["topics"] for t in ts], dtype=object)
    counts = counts.value_counts()
    return tuple(sorted(str(t) for t, n in counts.items() if n >= min_complaints))


def _order_outcomes(
    orders: pd.DataFrame, complaints: pd.DataFrame, topics: Sequence[str]
) -> pd.DataFrame:
    """0/1 per order: any complaint, a complaint about each topic."""
    linked = complaints.dropna(subset=["order_id"]) if len(complaints) else complaints
    outcome = {"complaint": orders["order_id"].isin(linked.get("order_id", [])).astype(float)}
    for topic in topics:
        hit = linked.loc[[topic in ts for ts in linked["topics"]], "order_id"]
        outcome[topic_column(topic)] = orders["order_id"].isin(hit).astype(float)
    return orders.assign(**outcome)


def _responses(
    tables: TableSource,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    topics: Mapping[str, tuple[str, ...]],
) -> pd.DataFrame:
    if not tables.has("responses"):
        return pd.DataFrame(columns=["response_id", "answered_at"])
    r = tables.pandas("responses").copy()
    r["response_id"] = r["response_id"].astype(str)
    r["answered_at"] = _utc(r["answered_at"])
    r = r[r["answered_at"].notna()]
    for col in ("nps", "csat", "ces"):
        if col in r:
            r[col] = pd.to_numeric(r[col], errors="coerce")
    if "nps" in r:
        # a respondent's NPS contribution: promoter +1, passive 0, detractor −1
        r["nps_point"] = np.select([r["nps"] >= 9, r["nps"] <= 6], [1.0, -1.0], 0.0)
        r.loc[r["nps"].isna(), "nps_point"] = np.nan
        r["detractor"] = (r["nps"] <= 6).astype(float).where(r["nps"].notna())
    if "customer_id" in r:
        r["customer_id"] = r["customer_id"].astype("string").astype(object)
        extra = customers.drop(columns=["since"], errors="ignore").rename(
            columns={"language": "customer_language"}
        )
        r = r.merge(extra, on="customer_id", how="left")
        if "customer_language" in r:
            given = r["language"] if "language" in r else pd.Series(np.nan, index=r.index)
            r["language"] = given.fillna(r["customer_language"])
            r = r.drop(columns=["customer_language"])
    if "order_id" in r and len(orders):
        r["order_id"] = r["order_id"].astype("string").astype(object)
        if "product_id" not in r and "product_id" in orders:
            r = r.merge(orders[["order_id", "product_id"]], on="order_id", how="left")
    r["topics"] = [topics.get(rid, ()) for rid in r["response_id"]]
    return r.reset_index(drop=True)


def perception_column(requirement: str) -> str:
    return f"perception:{requirement}"


def _with_perceptions(tables: TableSource, responses: pd.DataFrame) -> pd.DataFrame:
    """Each response's perception of every requirement, on 0…1 of its item's scale."""
    if responses.empty or not (tables.has("answers") and tables.has("items")):
        return responses
    items = tables.pandas("items")
    if not {"item_id", "kind", "requirement_id"} <= set(items.columns):
        return responses
    rated = items[items["kind"].isin(("perception", "rating")) & items["requirement_id"].notna()]
    if rated.empty:
        return responses
    a = tables.pandas("answers")[["response_id", "item_id", "value"]].merge(
        rated[[c for c in ("item_id", "requirement_id", "scale_min", "scale_max") if c in rated]],
        on="item_id",
    )
    value = pd.to_numeric(a["value"], errors="coerce")
    low = pd.to_numeric(a.get("scale_min"), errors="coerce")
    high = pd.to_numeric(a.get("scale_max"), errors="coerce")
    low = low.fillna(value.min()) if low is not None else value.min()
    high = high.fillna(value.max()) if high is not None else value.max()
    a = a.assign(share=(value - low) / (high - low).where(high > low))
    wide = a.pivot_table(
        index=a["response_id"].astype(str), columns="requirement_id", values="share", aggfunc="mean"
    )
    wide.columns = [perception_column(str(c)) for c in wide.columns]
    return responses.merge(wide, left_on="response_id", right_index=True, how="left")


def _with_first_answer(orders: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """The order's first survey answer: its NPS point and whether it was a detractor."""
    if "order_id" not in responses or "nps_point" not in responses:
        return orders
    first = (
        responses.dropna(subset=["order_id", "nps_point"])
        .sort_values(["answered_at", "response_id"])
        .drop_duplicates("order_id")
        .set_index("order_id")
    )
    return orders.assign(
        nps_point=orders["order_id"].map(first["nps_point"]),
        detractor=orders["order_id"].map(first["detractor"]),
    )


#: fewest other orders in a month to compare a root's orders with
_MIN_OTHERS = 30


def excess_events(
    orders: pd.DataFrame, mask: np.ndarray, column: str, usual: np.ndarray | None = None
) -> float:
    """Events among the orders in ``mask`` beyond the rate of the other orders of the same
    months (what the orders in ``mask`` explain); units without the outcome are left out.

    ``usual`` (the place's orders at any time, of which ``mask`` is a period) takes the
    place's usual ratio to the other orders into account: a country that always complains
    more about a topic explains only what it complains more since its problem began.
    """
    if column not in orders or not mask.any():
        return 0.0
    y = orders[column]
    valid = y.notna().to_numpy()
    inside, outside = mask & valid, ~mask & valid
    if not inside.any():
        return 0.0
    month = orders["ordered_at"].dt.to_period("M")
    others = outside if usual is None else ~usual & valid
    other = y[others].groupby(month[others]).mean()
    # a month whose other orders are too few to compare with explains nothing
    counts = month[others].value_counts()
    size = month[valid].value_counts()
    comparable = counts[counts >= np.maximum(_MIN_OTHERS, 0.1 * size.reindex(counts.index))]
    known = month[inside].isin(comparable.index).to_numpy()
    if not known.any():
        return 0.0
    expected = float(month[inside][known].map(other).astype(float).sum())
    if usual is not None:
        expected *= _usual_ratio(y, month, usual & ~mask & valid, others)
    return float(y[inside][known].sum() - expected)


def _usual_ratio(y: pd.Series, month: pd.Series, place: np.ndarray, others: np.ndarray) -> float:
    """The place's events over what the other orders' monthly rates give, outside its period."""
    if not place.any():
        return 1.0
    rates = y[others].groupby(month[others]).mean()
    expected = float(month[place].map(rates).astype(float).fillna(float(y[others].mean())).sum())
    return float((y[place].sum() + 0.5) / (expected + 0.5))


def _topics_by_text(
    assignments: Sequence[Mapping[str, Any]] | None,
) -> dict[str, dict[str, tuple[str, ...]]]:
    """source table → text id → its topics (the text section's assignments)."""
    out: dict[str, dict[str, tuple[str, ...]]] = {"complaints": {}, "responses": {}}
    for a in assignments or ():
        topics = tuple(str(t) for t in (a.get("topics") or ()) if t)
        if not topics and a.get("topic_id"):
            topics = (str(a["topic_id"]),)
        out.setdefault(str(a.get("source_table")), {})[str(a.get("source_id"))] = topics
    return out
