"""Right the first time: what a bad first experience costs, and who is at risk now.

A customer's first order "went wrong" when it drew a complaint, was delivered
late, was rated by a detractor (NPS 0–6), or came from a lot with a recorded
defect problem (optional). Customers whose first order went wrong are compared
with those whose first order went right on repurchase (another order within the
horizon), later NPS and later complaints. Only customers observed for the whole
horizon count for repurchase (right-censoring).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError
from .._stats import mean_difference, proportion_difference

REASONS = ("complaint", "late_delivery", "detractor", "defective_lot")


@dataclass(frozen=True)
class RetentionResult(Result):
    customers: int
    bad_first: int
    good_first: int
    #: repurchase rates and their difference (bad − good) with a 95 % interval
    repurchase: dict[str, float]
    later_nps: dict[str, float]
    later_complaints: dict[str, float]
    reasons: dict[str, int]
    #: customers to call now: customer_id, first_order_id, reasons, days_since
    at_risk: pd.DataFrame
    horizon_days: int
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def gap_significant(self) -> bool:
        return bool(self.repurchase.get("ci_high", 0.0) < 0)


class RetentionAnalysis(Analysis):
    """Compare customers whose first order went wrong with those whose went right.

    Parameters
    ----------
    horizon_days : repurchase window after the first order.
    late_after_days : a delivery later than this many days after ordering counts as late
        (a week by default, the usual promise); ``None`` uses the 95th percentile of all
        delivery times.
    complaint_window_days : a complaint within this many days of the first order
        counts against it even without an order_id.
    recent_days : a bad first experience this recent, not yet recovered, puts a
        customer on the at-risk list.
    """

    required_tables = ("customers", "orders")

    def __init__(
        self,
        horizon_days: int = 90,
        late_after_days: float | None = 7.0,
        complaint_window_days: int = 60,
        recent_days: int = 90,
    ) -> None:
        self.horizon_days = horizon_days
        self.late_after_days = late_after_days
        self.complaint_window_days = complaint_window_days
        self.recent_days = recent_days

    def fit(
        self,
        orders: pd.DataFrame,
        *,
        customers: pd.DataFrame | None = None,
        complaints: pd.DataFrame | None = None,
        responses: pd.DataFrame | None = None,
        bad_lots: set[str] | None = None,
        as_of: pd.Timestamp | None = None,
    ) -> RetentionAnalysis:
        for col in ("order_id", "customer_id", "ordered_at"):
            if col not in orders.columns:
                raise InputError(f"orders needs the column {col!r}")
        o = orders.assign(
            order_id=orders["order_id"].astype(str),
            customer_id=orders["customer_id"].astype(str),
            ordered_at=pd.to_datetime(orders["ordered_at"], utc=True),
        ).sort_values(["customer_id", "ordered_at", "order_id"])
        if as_of is None:
            as_of = o["ordered_at"].max()
        first = o.groupby("customer_id", as_index=False).first()
        notes: list[str] = []
        if customers is not None and "since" in customers:
            # A customer who was one before the data starts had the first order out of view:
            # the earliest order in the data is not their first experience.
            since = pd.to_datetime(customers["since"], utc=True, errors="coerce")
            data_start = o["ordered_at"].min().normalize()
            old_ids = set(customers.loc[since < data_start, "customer_id"].astype(str))
            if old_ids:
                first = first[~first["customer_id"].isin(old_ids)]
                notes.append(
                    f"{len(old_ids)} customers who were customers before the data starts are left out"
                )
        if len(first) < 20:
            raise InsufficientDataError("retention needs at least 20 customers with orders")
        reasons = pd.DataFrame(False, index=first["customer_id"], columns=list(REASONS))

        if "delivered_at" in first:
            delivered = pd.to_datetime(o["delivered_at"], utc=True)
            days_all = (delivered - o["ordered_at"]).dt.total_seconds() / 86400
            limit = self.late_after_days
            if limit is None:
                limit = float(np.nanquantile(days_all, 0.95)) if days_all.notna().any() else np.inf
            fd = pd.to_datetime(first["delivered_at"], utc=True)
            days = (fd - first["ordered_at"]).dt.total_seconds() / 86400
            reasons["late_delivery"] = (days > limit).to_numpy()
            notes.append(f"late delivery = more than {limit:.1f} days after ordering")

        if complaints is not None and len(complaints):
            c = complaints.assign(received_at=pd.to_datetime(complaints["received_at"], utc=True))
            by_order = set(c["order_id"].dropna().astype(str)) if "order_id" in c else set()
            hit = first["order_id"].isin(by_order).to_numpy(copy=True)
            if "customer_id" in c:
                cc = c.dropna(subset=["customer_id"]).assign(
                    customer_id=lambda d: d["customer_id"].astype(str)
                )
                m = cc.merge(first[["customer_id", "ordered_at"]], on="customer_id")
                window = pd.Timedelta(days=self.complaint_window_days)
                near = m[
                    (m["received_at"] >= m["ordered_at"])
                    & (m["received_at"] <= m["ordered_at"] + window)
                ]
                hit |= first["customer_id"].isin(near["customer_id"]).to_numpy()
            reasons["complaint"] = hit

        if responses is not None and "nps" in responses and "order_id" in responses:
            r = responses.dropna(subset=["order_id", "nps"])
            det = set(r.loc[r["nps"].astype(float) <= 6, "order_id"].astype(str))
            reasons["detractor"] = first["order_id"].isin(det).to_numpy()

        if bad_lots and "lot_id" in first:
            reasons["defective_lot"] = first["lot_id"].astype(str).isin(bad_lots).to_numpy()

        bad = reasons.any(axis=1).to_numpy()
        first = first.assign(bad=bad)

        # repurchase within the horizon, only for customers observable that long
        horizon = pd.Timedelta(days=self.horizon_days)
        observable = (first["ordered_at"] + horizon) <= as_of
        second = o.groupby("customer_id")["ordered_at"].nth(1)
        second = pd.Series(second.to_numpy(), index=o.loc[second.index, "customer_id"])
        next_at = first["customer_id"].map(second)
        rebought = (next_at.notna() & (next_at <= first["ordered_at"] + horizon)).to_numpy()
        obs = observable.to_numpy()
        if obs.sum() < 20:
            notes.append("fewer than 20 customers observable over the whole horizon")
        diff = proportion_difference(
            rebought[obs & bad].sum(),
            (obs & bad).sum(),
            rebought[obs & ~bad].sum(),
            (obs & ~bad).sum(),
        )
        repurchase = {
            "rate_bad_first": diff.p1,
            "rate_good_first": diff.p2,
            "n_bad_first": diff.n1,
            "n_good_first": diff.n2,
            "difference": diff.difference,
            "ci_low": diff.ci_low,
            "ci_high": diff.ci_high,
            "p_value": diff.p_value,
        }

        # the gap per reason: which kind of bad first experience costs most
        by_reason: dict[str, dict[str, float]] = {}
        good = obs & ~bad
        for reason in REASONS:
            hit = reasons[reason].to_numpy() & obs
            if hit.sum() >= 10:
                dr = proportion_difference(
                    rebought[hit].sum(), hit.sum(), rebought[good].sum(), good.sum()
                )
                by_reason[reason] = {
                    "rate": dr.p1,
                    "n": dr.n1,
                    "difference": dr.difference,
                    "ci_low": dr.ci_low,
                    "ci_high": dr.ci_high,
                    "p_value": dr.p_value,
                }
        repurchase["by_reason"] = by_reason  # type: ignore[assignment]

        later_nps: dict[str, Any] = {}
        later_complaints: dict[str, Any] = {}
        if responses is not None and "nps" in responses and "customer_id" in responses:
            r = responses.dropna(subset=["customer_id", "nps"]).assign(
                customer_id=lambda d: d["customer_id"].astype(str),
                answered_at=lambda d: pd.to_datetime(d["answered_at"], utc=True),
            )
            m = r.merge(
                first[["customer_id", "order_id", "ordered_at", "bad"]],
                on="customer_id",
                suffixes=("", "_first"),
            )
            # responses about later orders only: the first experience is the cause, not the outcome
            if "order_id" in m:
                m = m[m["order_id"].astype(str) != m["order_id_first"]]
            m = m[m["answered_at"] > m["ordered_at"]]
            score = np.where(m["nps"] >= 9, 100.0, np.where(m["nps"] <= 6, -100.0, 0.0))
            later_nps = mean_difference(score[m["bad"].to_numpy()], score[~m["bad"].to_numpy()])
            later_nps["nps_bad_first"] = (
                float(score[m["bad"].to_numpy()].mean()) if m["bad"].any() else None
            )
            later_nps["nps_good_first"] = (
                float(score[~m["bad"].to_numpy()].mean()) if (~m["bad"]).any() else None
            )
        if complaints is not None and "customer_id" in complaints:
            c = complaints.dropna(subset=["customer_id"]).assign(
                customer_id=lambda d: d["customer_id"].astype(str),
                received_at=lambda d: pd.to_datetime(d["received_at"], utc=True),
            )
            m = c.merge(first[["customer_id", "ordered_at"]], on="customer_id")
            later = m[
                m["received_at"] > m["ordered_at"] + pd.Timedelta(days=self.complaint_window_days)
            ]
            counts = (
                first["customer_id"].map(later.groupby("customer_id").size()).fillna(0).to_numpy()
            )
            later_complaints = mean_difference(counts[bad], counts[~bad])

        # at risk: recent bad first experience, no repurchase and no promoter score since
        recent = (as_of - first["ordered_at"]) <= pd.Timedelta(days=self.recent_days)
        recovered = next_at.notna().to_numpy(copy=True)
        if responses is not None and "nps" in responses and "customer_id" in responses:
            r = responses.dropna(subset=["customer_id", "nps"])
            promoters = set(r.loc[r["nps"].astype(float) >= 9, "customer_id"].astype(str))
            recovered |= first["customer_id"].isin(promoters).to_numpy()
        risk_mask = bad & recent.to_numpy() & ~recovered
        reason_text = reasons.apply(
            lambda row: ", ".join(c for c in REASONS if row[c]), axis=1
        ).to_numpy()
        at_risk = pd.DataFrame(
            {
                "customer_id": first["customer_id"].to_numpy()[risk_mask],
                "first_order_id": first["order_id"].to_numpy()[risk_mask],
                "ordered_at": first["ordered_at"].to_numpy()[risk_mask],
                "reasons": reason_text[risk_mask],
                "days_since": ((as_of - first["ordered_at"]).dt.days.to_numpy()[risk_mask]),
            }
        ).sort_values(["days_since", "customer_id"])

        self.result_ = RetentionResult(
            customers=len(first),
            bad_first=int(bad.sum()),
            good_first=int((~bad).sum()),
            repurchase=repurchase,
            later_nps=later_nps,
            later_complaints=later_complaints,
            reasons={k: int(reasons[k].sum()) for k in REASONS},
            at_risk=at_risk.reset_index(drop=True),
            horizon_days=self.horizon_days,
            warnings=tuple(notes),
        )
        return self
