"""Right the first time: what a bad first experience costs, as time to the next order.

A landmark design keeps the exposure ("the first order went wrong") apart from the
outcome (the next order):

* Only **new customers** count: their first order is in the data (``customers.since`` on
  or after the data's first day). Without ``since``, customers first seen in the first
  ``burn_in_days`` of the data are left out, since returning customers most likely order
  then; the rest may still mix in a few returning customers (said in a note).
* The **exposure window** of a first order runs from ordering to ``exposure_days`` after
  its delivery (after ordering when there is no delivery date). The first order went
  wrong when, inside its window, before any later order and before the landmark, a
  complaint about it was received (by ``order_id``; without one, from that customer while
  it was their latest order, as ``complaints_to_orders`` links them), its delivery took
  longer than ``late_after_days``, a detractor (NPS 0–6) answered about it, or it came
  from a lot known to be defective.
* The **landmark** is one fixed number of days after the first order for every customer
  (``exposure_days`` plus the 95th percentile of delivery times, but no later than the
  median time to a second order, unless given), so a slow delivery does not move a
  customer's clock. Time is counted from the first order; the
  comparison follows customers from the landmark to their next order, censored at the
  end of the data. Customers who ordered again before the landmark, or whose landmark
  had not come when the data end, are not in the comparison: their exposure is not
  settled.
* Kaplan–Meier curves per group give the repurchase probability by each horizon (days
  after the first order, among customers not back by the landmark); a Cox model
  stratified by the calendar period of the first order (and the segment when the data
  have it; adjusted for the first-order date inside the period and for country) gives the
  hazard ratio. A gap is claimed only when the
  hazard ratio's confidence interval lies below 1 (above 1 is said in a note); when one
  group never came back, the stratified log-rank test (the Cox score test) decides.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._base import Analysis, Result
from .._errors import InputError, InsufficientDataError
from .._i18n import Message, Percent, msg, msg_n

__all__ = ["REASONS", "RetentionAnalysis", "RetentionResult", "hazard_message"]

REASONS = ("complaint", "late_delivery", "detractor", "defective_lot")
#: a group needs this many customers and repurchases for a hazard ratio
MIN_CUSTOMERS = 10
MIN_EVENTS = 5


@dataclass(frozen=True)
class RetentionResult(Result):
    #: new customers (first order in the data)
    customers: int
    #: new customers compared: their landmark came before the data end, with no new order
    cohort: int
    bad_first: int
    good_first: int
    #: adjusted hazard ratio of repurchase, bad vs good first order: hazard_ratio, ci_low,
    #: ci_high, p_value, customers and repurchases per group, strata and adjustment
    hazard_ratio: dict[str, Any]
    #: per horizon (days after the first order): Kaplan–Meier repurchase probability per
    #: group among customers not back by the landmark, with 95 % intervals, and the
    #: difference bad − good with its (Greenwood) interval
    repurchase: pd.DataFrame
    #: per reason: customers, share of bad first orders, hazard ratio vs good first orders
    by_reason: pd.DataFrame
    #: customers in the comparison per reason (a customer may have several)
    reasons: dict[str, int]
    #: customers to call now: customer_id, first_order_id, ordered_at, reasons, days_since
    at_risk: pd.DataFrame
    exposure_days: int
    #: days after the first order from which customers are compared
    landmark_days: int
    horizons: tuple[int, ...]
    alpha: float
    notes: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def significant(self) -> bool:
        """The hazard ratio's interval excludes 1, in either direction."""
        return bool(self.hazard_ratio.get("significant"))

    @property
    def gap_significant(self) -> bool:
        """Customers whose first order went wrong come back significantly less."""
        return self.significant and self.hazard_ratio.get("direction") == "fewer"

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(str(n) for n in self.notes)


class RetentionAnalysis(Analysis):
    """Time to the next order after a bad vs a good first order (Kaplan–Meier and Cox).

    Parameters
    ----------
    exposure_days : the exposure window ends this many days after the first order's
        delivery (after ordering without a delivery date).
    landmark_days : days after the first order from which customers are compared; ``None``
        = ``exposure_days`` + the 95th percentile of delivery times, but at most the median
        time to a second order (at least a day past that percentile), rounded up.
    late_after_days : a delivery later than this many days after ordering counts as late
        (a week by default, the usual promise); ``None`` uses the 95th percentile of all
        delivery times.
    horizons : days after the first order by which the repurchase probabilities are given.
    recent_days : a bad first order this recent, not yet followed by another order or a
        promoter answer, puts a customer on the at-risk list.
    burn_in_days : without ``customers.since``, customers first seen this early in the
        data are taken for returning customers and left out.
    alpha : 1 − the confidence level of every interval and the test's level.
    """

    required_tables = ("customers", "orders")

    def __init__(
        self,
        exposure_days: int = 30,
        landmark_days: int | None = None,
        late_after_days: float | None = 7.0,
        horizons: tuple[int, ...] = (90, 180),
        recent_days: int = 90,
        burn_in_days: int = 90,
        alpha: float = 0.05,
    ) -> None:
        self.exposure_days = exposure_days
        self.landmark_days = landmark_days
        self.late_after_days = late_after_days
        self.horizons = horizons
        self.recent_days = recent_days
        self.burn_in_days = burn_in_days
        self.alpha = alpha

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
        o = _orders_frame(orders)
        end = pd.Timestamp(as_of) if as_of is not None else o["ordered_at"].max()
        end = end.tz_localize("UTC") if end.tzinfo is None else end.tz_convert("UTC")
        o = o[o["ordered_at"] <= end]
        first, notes = _new_customers(o, customers, self.burn_in_days)
        if len(first) < 20:
            raise InsufficientDataError("retention needs at least 20 new customers with orders")
        landmark_days = self._landmark_days(o, first)
        window_end = first["delivered_at"].fillna(first["ordered_at"]) + pd.Timedelta(
            days=self.exposure_days
        )
        first["landmark"] = first["ordered_at"] + pd.Timedelta(days=landmark_days)
        # events count until the window closes, the landmark, a later order or the data end
        first["seen_until"] = (
            pd.concat([window_end, first["landmark"], first["next_at"]], axis=1)
            .min(axis=1)
            .clip(upper=end)
        )
        reasons, limit = _first_order_reasons(
            first, o, complaints, responses, bad_lots, self.late_after_days
        )
        if limit is not None:
            notes.append(msg("late delivery = more than {days} days after ordering", days=limit))
        cohort = _survival_frame(first, reasons, end)
        notes += _cohort_notes(first, cohort, end, landmark_days)
        adjustment, design = _adjustment(cohort, customers)
        cohort = cohort.join(adjustment)
        covariates = design.pop("covariates")
        hazard, cox_notes = _hazard_ratio(cohort, "bad", self.alpha, covariates)
        notes += cox_notes + _sooner(hazard, self.alpha, landmark_days)
        #: the customers compared: duration (days from the landmark), event, bad, reasons
        self.survival_ = cohort
        self.curves_ = _km_curves(cohort, landmark_days, self.alpha)
        self.result_ = RetentionResult(
            customers=len(first),
            cohort=len(cohort),
            bad_first=int(cohort["bad"].sum()),
            good_first=int((~cohort["bad"]).sum()),
            hazard_ratio=hazard | design,
            repurchase=_repurchase_at(cohort, self.horizons, landmark_days, self.alpha),
            by_reason=_by_reason(cohort, self.alpha, covariates),
            reasons={r: int(cohort[r].sum()) for r in REASONS},
            at_risk=_at_risk(first, reasons, responses, end, self.recent_days),
            exposure_days=self.exposure_days,
            landmark_days=landmark_days,
            horizons=tuple(self.horizons),
            alpha=self.alpha,
            notes=tuple(notes),
        )
        return self

    def _landmark_days(self, o: pd.DataFrame, first: pd.DataFrame) -> int:
        """``exposure_days`` after the slowest usual delivery (95th percentile), but no later
        than the median time to a second order: where customers reorder within weeks, a
        month-long window would leave most repurchases out of the comparison. It is chosen
        from all customers together, never from the comparison itself."""
        if self.landmark_days is not None:
            return int(self.landmark_days)
        took = (o["delivered_at"] - o["ordered_at"]).dt.total_seconds().dropna() / 86400
        slow = max(float(np.quantile(took, 0.95)) if len(took) else 0.0, 0.0)
        back = (first["next_at"] - first["ordered_at"]).dt.total_seconds().dropna() / 86400
        usual = float(np.median(back)) if len(back) else np.inf
        return int(np.ceil(min(self.exposure_days + slow, max(usual, slow + 1))))


# --- who counts, and when their first order went wrong ----------------------------------


def _orders_frame(orders: pd.DataFrame) -> pd.DataFrame:
    for col in ("order_id", "customer_id", "ordered_at"):
        if col not in orders.columns:
            raise InputError(f"orders needs the column {col!r}")
    delivered = orders.get("delivered_at", pd.NaT)
    o = pd.DataFrame(
        {
            "order_id": orders["order_id"].astype(str),
            "customer_id": orders["customer_id"].astype(str),
            "ordered_at": pd.to_datetime(orders["ordered_at"], utc=True),
            "delivered_at": pd.to_datetime(pd.Series(delivered, index=orders.index), utc=True),
            "lot_id": orders["lot_id"].astype("string") if "lot_id" in orders else pd.NA,
        }
    )
    return o.dropna(subset=["ordered_at"]).sort_values(["customer_id", "ordered_at", "order_id"])


def _new_customers(
    o: pd.DataFrame, customers: pd.DataFrame | None, burn_in_days: int
) -> tuple[pd.DataFrame, list[Message]]:
    """Each new customer's first order, with the time of their next order (NaT if none)."""
    grouped = o.groupby("customer_id", sort=True)
    first = grouped.nth(0).set_index("customer_id")
    first["next_at"] = grouped["ordered_at"].nth(1).groupby(o["customer_id"]).first()
    data_start = o["ordered_at"].min().normalize()
    since = pd.Series(pd.NaT, index=first.index, dtype="datetime64[ns, UTC]")
    if customers is not None and "since" in customers:
        given = pd.to_datetime(customers["since"], utc=True, errors="coerce")
        since = given.groupby(customers["customer_id"].astype(str)).min().reindex(first.index)
    notes: list[Message] = []
    returning = since < data_start
    if returning.any():
        notes.append(
            msg_n(
                "{count} customer who was one before the data start is left out",
                "{count} customers who were customers before the data start are left out",
                int(returning.sum()),
            )
        )
    unknown = since.isna()
    early = unknown & (first["ordered_at"] < data_start + pd.Timedelta(days=burn_in_days))
    if unknown.any():
        notes.append(
            msg(
                "{unknown} customers have no 'since' date: those first seen in the first "
                "{days} days of the data ({early}) are taken for returning customers and "
                "left out; the rest count as new",
                unknown=int(unknown.sum()),
                days=burn_in_days,
                early=int(early.sum()),
            )
        )
    return first[~returning & ~early].reset_index(), notes


def _first_order_reasons(
    first: pd.DataFrame,
    o: pd.DataFrame,
    complaints: pd.DataFrame | None,
    responses: pd.DataFrame | None,
    bad_lots: set[str] | None,
    late_after_days: float | None,
) -> tuple[pd.DataFrame, float | None]:
    """Which traces of a bad first order were seen inside its window (one column a reason)."""
    reasons = pd.DataFrame(False, index=first.index, columns=list(REASONS))
    limit = None
    if first["delivered_at"].notna().any():
        took = (first["delivered_at"] - first["ordered_at"]).dt.total_seconds() / 86400
        limit = late_after_days
        if limit is None:
            every = (o["delivered_at"] - o["ordered_at"]).dt.total_seconds() / 86400
            limit = float(np.nanquantile(every.dropna(), 0.95))
        # a missing delivery date says nothing about lateness
        reasons["late_delivery"] = (took > limit).fillna(False).to_numpy(bool)
    if complaints is not None and len(complaints) and "received_at" in complaints:
        reasons["complaint"] = _in_window(first, o, complaints, "received_at")
    if responses is not None and len(responses) and {"nps", "answered_at"} <= set(responses):
        nps = pd.to_numeric(responses["nps"], errors="coerce")
        reasons["detractor"] = _in_window(first, o, responses[nps <= 6], "answered_at")
    if bad_lots:
        lots = first["lot_id"].astype("string")
        reasons["defective_lot"] = lots.isin({str(x) for x in bad_lots}).fillna(False).to_numpy()
    return reasons, limit


def _in_window(first: pd.DataFrame, o: pd.DataFrame, events: pd.DataFrame, at: str) -> np.ndarray:
    """A first order has an event about it, received after ordering and while it was still
    watched (``seen_until``). Events reach orders the one way complaints do everywhere
    (``complaints_to_orders``): by order_id, else the customer's latest order before it,
    so an event after a later order is never the first order's."""
    from ._facts import complaints_to_orders

    keep = [c for c in ("order_id", "customer_id") if c in events]
    linked = complaints_to_orders(
        o,
        events[keep].assign(
            complaint_id=np.arange(len(events)).astype(str), received_at=events[at]
        ),
    )
    # complaints_to_orders keeps naive UTC times
    at_utc = linked["received_at"].dt.tz_localize("UTC")
    m = first.reset_index().merge(linked[["order_id"]].assign(at=at_utc), on="order_id")
    inside = (m["at"] >= m["ordered_at"]) & (m["at"] <= m["seen_until"])
    return first.index.isin(m.loc[inside, "index"]).astype(bool)


# --- the comparison: who is followed from when, and what it is adjusted for -------------


def _survival_frame(first: pd.DataFrame, reasons: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Customers not back by their landmark: days from the landmark to the next order
    (``event``) or to the end of the data (censored)."""
    reordered_inside = first["next_at"].notna() & (first["next_at"] <= first["landmark"])
    keep = (first["landmark"] < end) & ~reordered_inside
    came_back = first["next_at"].notna() & (first["next_at"] <= end)
    stop = first["next_at"].where(came_back, end)
    frame = first[["customer_id", "order_id", "ordered_at"]].assign(
        duration=(stop - first["landmark"]).dt.total_seconds() / 86400,
        event=came_back,
        bad=reasons.any(axis=1),
    )
    return frame.join(reasons)[keep].reset_index(drop=True)


def _cohort_notes(
    first: pd.DataFrame, cohort: pd.DataFrame, end: pd.Timestamp, landmark_days: int
) -> list[Message]:
    return [
        msg(
            "{cohort} of {customers} new customers are compared from day {landmark} after "
            "their first order; {inside} ordered again before it and {open} reached it "
            "after the end of the data",
            cohort=len(cohort),
            customers=len(first),
            landmark=landmark_days,
            inside=int((first["next_at"] <= first["landmark"]).sum()),
            open=int((first["landmark"] >= end).sum()),
        )
    ]


def _adjustment(
    cohort: pd.DataFrame, customers: pd.DataFrame | None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Cox strata (calendar period of the first order × segment), the first-order date
    and country indicators as covariates.

    The period is the finest of month, quarter, half-year and year that leaves about 25
    customers a stratum: late arrivals are followed for less time and may meet other
    problems and another season than early ones, so they are compared among themselves.
    """
    segment = _customer_attribute(cohort, customers, "segment")
    t = cohort["ordered_at"]
    month = t.dt.year * 12 + t.dt.month - 1
    for months in (1, 3, 6, 12):
        stratum = (month // months).astype(str)
        if segment is not None:
            stratum = stratum + "|" + segment
        if len(cohort) / max(stratum.nunique(), 1) >= 25:
            break
    out = pd.DataFrame({"stratum": stratum}, index=cohort.index)
    # and the trend inside a period: the date of the first order, linear and squared
    years = (t - t.min()).dt.total_seconds().to_numpy(float) / (365.25 * 86400)
    out["calendar"], out["calendar_squared"] = years, years**2
    adjusted: list[str] = ["first-order date"]
    country = _customer_attribute(cohort, customers, "country")
    if country is not None:
        counts = country.value_counts()
        common = counts[(counts >= 20) & (counts >= 0.05 * len(cohort))].index[1:]
        for level in sorted(common):
            out[f"country={level}"] = (country == level).astype(float)
        adjusted += ["country"] if len(common) else []
    design = {
        "strata": ["first-order period"] + (["segment"] if segment is not None else []),
        "period_months": months,
        "adjusted_for": adjusted,
        "covariates": [c for c in out.columns if c != "stratum"],
    }
    return out, design


def _customer_attribute(
    cohort: pd.DataFrame, customers: pd.DataFrame | None, column: str
) -> pd.Series | None:
    if customers is None or column not in customers:
        return None
    ids = customers["customer_id"].astype(str)
    values = customers[column].groupby(ids).first()
    attribute = cohort["customer_id"].map(values).astype("string").fillna("?")
    return attribute if attribute.nunique() > 1 else None


# --- the statistics (lifelines is the engine) --------------------------------------------


def _hazard_ratio(
    frame: pd.DataFrame, exposure: str, alpha: float, covariates: list[str]
) -> tuple[dict[str, Any], list[Message]]:
    """Hazard ratio of repurchase for ``exposure`` (bad) vs not: a Cox model stratified by
    ``stratum`` and adjusted for ``covariates`` (Wald interval). When one group
    has no repurchase at all the Cox estimate runs off to 0 or infinity, and the stratified
    log-rank test (the Cox score test) decides instead."""
    exposed = frame[exposure].to_numpy(bool)
    events = frame["event"].to_numpy(bool)
    out: dict[str, Any] = {
        "hazard_ratio": None,
        "ci_low": None,
        "ci_high": None,
        "p_value": None,
        "method": None,
        "significant": False,
        "direction": None,
        "customers_bad": int(exposed.sum()),
        "customers_good": int((~exposed).sum()),
        "repurchases_bad": int((events & exposed).sum()),
        "repurchases_good": int((events & ~exposed).sum()),
    }
    if (
        min(out["customers_bad"], out["customers_good"]) < MIN_CUSTOMERS
        or events.sum() < MIN_EVENTS
    ):
        return out, [_too_few()]
    if min(out["repurchases_bad"], out["repurchases_good"]) == 0:
        out |= _logrank(frame, exposed, alpha)
    else:
        out |= _cox(frame, exposure, exposed, alpha, covariates)
    if out["p_value"] is None:
        return out, [_too_few()]
    return out, []


def _cox(
    frame: pd.DataFrame, exposure: str, exposed: np.ndarray, alpha: float, covariates: list[str]
) -> dict[str, Any]:
    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError
    from scipy.stats import norm

    data = frame[["duration", "event", "stratum", *covariates]].assign(
        **{exposure: exposed.astype(float)}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # lifelines' pandas deprecation notices
            cph = CoxPHFitter(alpha=alpha).fit(data, "duration", "event", strata=["stratum"])
    except ConvergenceError:
        return {}
    coef, se = float(cph.params_[exposure]), float(cph.standard_errors_[exposure])
    if not (np.isfinite(coef) and np.isfinite(se) and se > 0):
        return {}
    z = float(norm.ppf(1 - alpha / 2))
    low, high = float(np.exp(coef - z * se)), float(np.exp(coef + z * se))
    return {
        "hazard_ratio": float(np.exp(coef)),
        "ci_low": low,
        "ci_high": high,
        "p_value": float(2 * norm.sf(abs(coef / se))),
        "method": "cox",
        "significant": bool(high < 1 or low > 1),
        "direction": "fewer" if coef < 0 else "more",
    }


def _logrank(frame: pd.DataFrame, exposed: np.ndarray, alpha: float) -> dict[str, Any]:
    """One group never came back: hazard ratio 0 (or infinite), stratified log-rank p."""
    from statsmodels.duration.survfunc import survdiff

    _, p = survdiff(
        frame["duration"].to_numpy(float),
        frame["event"].to_numpy(int),
        exposed.astype(int),
        strata=pd.factorize(frame["stratum"])[0],
    )
    none_back = not bool((frame["event"].to_numpy(bool) & exposed).any())
    return {
        "hazard_ratio": 0.0 if none_back else float("inf"),
        "ci_low": 0.0 if none_back else None,
        "ci_high": None if none_back else float("inf"),
        "p_value": float(p),
        "method": "log-rank",
        "significant": bool(p < alpha),
        "direction": "fewer" if none_back else "more",
    }


def _too_few() -> Message:
    return msg(
        "no hazard ratio: it needs {customers} customers in each group and {events} "
        "repurchases in all, and a model that converges",
        customers=MIN_CUSTOMERS,
        events=MIN_EVENTS,
    )


def _sooner(hazard: dict[str, Any], alpha: float, landmark_days: int) -> list[Message]:
    """A significant hazard ratio above 1 is said, but it is no retention gap."""
    if not (hazard["significant"] and hazard["direction"] == "more"):
        return []
    return [
        msg(
            "customers whose first order went wrong came back sooner than the others "
            "({ratio}), perhaps to replace it",
            ratio=hazard_message(hazard, alpha, landmark_days),
        )
    ]


def hazard_message(hazard: dict[str, Any], alpha: float, landmark_days: int) -> Message:
    """The hazard ratio with its interval, or the log-rank test when one group never
    came back, as a reader sees it."""
    if hazard["method"] == "log-rank":
        if hazard["direction"] == "fewer":
            return msg(
                "none of them came back after day {landmark}; stratified log-rank p = {p}",
                landmark=landmark_days,
                p=hazard["p_value"],
            )
        return msg(
            "none of the others came back after day {landmark}; stratified log-rank p = {p}",
            landmark=landmark_days,
            p=hazard["p_value"],
        )
    return msg(
        "hazard ratio {hr}, {level} interval {low}–{high}",
        hr=hazard["hazard_ratio"],
        level=Percent(1 - alpha),
        low=hazard["ci_low"],
        high=hazard["ci_high"],
    )


def _km(durations: pd.Series, events: pd.Series, alpha: float) -> Any:
    from lifelines import KaplanMeierFitter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return KaplanMeierFitter(alpha=alpha).fit(durations, events)


def _km_at(km: Any, days: float) -> dict[str, float | None]:
    """Repurchase probability 1 − S(days), its interval (lifelines' log(−log) interval) and
    Greenwood's variance; ``None`` past the longest follow-up of the group."""
    table = km.event_table
    if len(table) == 0 or days > float(table.index.max()):
        return {"p": None, "ci_low": None, "ci_high": None, "var": None}
    upto = table[table.index <= days]
    surv = float(km.survival_function_at_times(days).iloc[0])
    n, d = upto["at_risk"].to_numpy(float), upto["observed"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(d > 0, d / (n * (n - d)), 0.0)
    ci = km.confidence_interval_
    row = ci[ci.index <= days].iloc[-1]
    return {
        "p": 1 - surv,
        "ci_low": float(1 - row.iloc[1]),
        "ci_high": float(1 - row.iloc[0]),
        "var": float(surv**2 * terms.sum()),
    }


def _repurchase_at(
    cohort: pd.DataFrame, horizons: tuple[int, ...], landmark_days: int, alpha: float
) -> pd.DataFrame:
    """Kaplan–Meier repurchase by each horizon (days after the first order) per group, and
    the difference bad − good; horizons before the landmark are left out."""
    from scipy.stats import norm

    z = float(norm.ppf(1 - alpha / 2))
    fits = {
        g: _km(part["duration"], part["event"], alpha)
        for g, part in (("bad", cohort[cohort["bad"]]), ("good", cohort[~cohort["bad"]]))
        if len(part)
    }
    rows = []
    for h in (h for h in horizons if h > landmark_days):
        at = {g: _km_at(km, h - landmark_days) for g, km in fits.items()}
        row: dict[str, Any] = {"horizon_days": int(h)}
        for g in ("bad", "good"):
            a = at.get(g, {"p": None, "ci_low": None, "ci_high": None})
            row |= {g: a["p"], f"{g}_ci_low": a["ci_low"], f"{g}_ci_high": a["ci_high"]}
        diff = low = high = None
        if row["bad"] is not None and row["good"] is not None:
            diff = row["bad"] - row["good"]
            half = z * float(np.sqrt(at["bad"]["var"] + at["good"]["var"]))  # type: ignore[operator]
            low, high = diff - half, diff + half
        rows.append(row | {"difference": diff, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


def _km_curves(cohort: pd.DataFrame, landmark_days: int, alpha: float) -> pd.DataFrame:
    """Both groups' repurchase curves (1 − Kaplan–Meier) with their intervals, for a chart
    (days after the first order)."""
    parts = []
    for group, part in (("bad", cohort[cohort["bad"]]), ("good", cohort[~cohort["bad"]])):
        if not len(part):
            continue
        km = _km(part["duration"], part["event"], alpha)
        s, ci = km.survival_function_.iloc[:, 0], km.confidence_interval_
        parts.append(
            pd.DataFrame(
                {
                    "group": group,
                    "days": s.index.to_numpy(float) + landmark_days,
                    "repurchased": 1 - s.to_numpy(),
                    "ci_low": 1 - ci.iloc[:, 1].to_numpy(),
                    "ci_high": 1 - ci.iloc[:, 0].to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _by_reason(cohort: pd.DataFrame, alpha: float, covariates: list[str]) -> pd.DataFrame:
    """Each reason's own hazard ratio (its customers vs good first orders) and its share of
    the bad first orders (``share``: with it; ``share_alone``: with no other reason)."""
    n_bad = max(int(cohort["bad"].sum()), 1)
    alone = cohort[list(REASONS)].sum(axis=1) == 1
    rows = []
    for reason in REASONS:
        hit = cohort[reason]
        if not hit.any():
            continue
        hazard, _ = _hazard_ratio(cohort[hit | ~cohort["bad"]], reason, alpha, covariates)
        rows.append(
            {
                "reason": reason,
                "customers": int(hit.sum()),
                "share": float(hit.sum() / n_bad),
                "share_alone": float((hit & alone).sum() / n_bad),
            }
            | {k: hazard[k] for k in ("hazard_ratio", "ci_low", "ci_high", "p_value")}
        )
    return pd.DataFrame(rows)


def _at_risk(
    first: pd.DataFrame,
    reasons: pd.DataFrame,
    responses: pd.DataFrame | None,
    end: pd.Timestamp,
    recent_days: int,
) -> pd.DataFrame:
    """A recent bad first order, no order since and no promoter answer since."""
    since_first = end - first["ordered_at"]
    recovered = first["next_at"].notna() & (first["next_at"] <= end)
    if responses is not None and {"nps", "customer_id", "answered_at"} <= set(responses):
        nps = pd.to_numeric(responses["nps"], errors="coerce")
        promoters = pd.DataFrame(
            {
                "customer_id": responses.loc[nps >= 9, "customer_id"].astype(str),
                "at": pd.to_datetime(responses.loc[nps >= 9, "answered_at"], utc=True),
            }
        )
        m = first.reset_index().merge(promoters, on="customer_id")
        recovered |= first.index.isin(m.loc[m["at"] >= m["ordered_at"], "index"])
    risk = reasons.any(axis=1) & (since_first <= pd.Timedelta(days=recent_days)) & ~recovered
    text = reasons.apply(lambda row: ", ".join(r for r in REASONS if row[r]), axis=1)
    return (
        pd.DataFrame(
            {
                "customer_id": first["customer_id"],
                "first_order_id": first["order_id"],
                "ordered_at": first["ordered_at"],
                "reasons": text,
                "days_since": since_first.dt.days,
            }
        )[risk]
        .sort_values(["days_since", "customer_id"])
        .reset_index(drop=True)
    )
