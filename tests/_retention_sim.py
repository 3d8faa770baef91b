"""Small synthetic companies for the retention tests, with the traps that fooled the old
repurchase comparison (vectorised; a company of 800 new customers builds in milliseconds).

* Arrivals spread over the year, with a season and more customers late in the year;
  late arrivals are followed for less time and meet more late deliveries.
* Reorders follow a season of their own, and each customer has an ordering rate of their
  own (gamma frailty; business customers order twice as often and come back more).
* Frequent buyers complain more often: business customers complain more per order and
  order more, and every customer complains about later orders too (a third of the
  complaints carry no ``order_id``).
* Customers who were customers before the data start order all year (``customers.since``
  tells them apart; ``since=False`` leaves the column out).

``effect=None`` is a company where the first order makes no difference. ``effect=(good,
bad)`` plants the chance of ever coming back after a good and after a bad first order,
"bad" being what the data show inside the exposure window: a late delivery, a complaint
about it within 30 days of delivery, or a detractor answer about it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

START = pd.Timestamp("2025-01-01", tz="UTC")
SEGMENTS = np.array(["consumer", "business"])
COUNTRIES = np.array(["EE", "PL", "FI"])


def company(
    seed: int,
    n_new: int = 800,
    days: int = 365,
    effect: tuple[float, float] | None = None,
    since: bool = True,
) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n_old = n_new // 3
    n = n_new + n_old
    business = rng.random(n) < 0.3
    rate = rng.gamma(2.0, 1 / 2.0, n) * np.where(business, 2.0, 1.0) / 60  # orders a day
    # customers from before the data start order at their own rate from day 0
    arrival = np.concatenate([_arrivals(rng, n_new, days), rng.exponential(1 / rate[n_new:])])
    # every customer's orders; the first order's "bad" decides a planted effect
    t = arrival.copy()
    come_back = rng.random(n) < np.where(business, 0.75, 0.55)
    rows: list[dict[str, np.ndarray]] = []
    alive = arrival < days
    for k in range(8):
        order = _orders(rng, np.flatnonzero(alive), t[alive], k, business[alive], days)
        rows.append(order)
        if k == 0 and effect is not None:
            chance = np.where(order["bad"], effect[1], effect[0])
            come_back[order["cust"]] = rng.random(len(chance)) < chance
        season = 1 + 0.5 * np.sin(2 * np.pi * (t - 300) / 365)
        gap = rng.exponential(1 / (rate * season)) + 5
        if k == 0:
            alive &= come_back | (np.arange(n) >= n_new)
        t = t + gap
        alive &= t < days
    return _tables(rng, rows, arrival, business, n_new, days, since)


def _arrivals(rng: np.random.Generator, n: int, days: int) -> np.ndarray:
    """Arrival days: a season and a trend (more customers towards the end)."""
    grid = np.arange(days)
    weight = (1 + 0.4 * np.sin(2 * np.pi * grid / 365)) * (1 + grid / days)
    return rng.choice(grid, n, p=weight / weight.sum()) + rng.random(n)


def _orders(
    rng: np.random.Generator,
    cust: np.ndarray,
    day: np.ndarray,
    seq: int,
    business: np.ndarray,
    days: int,
) -> dict[str, np.ndarray]:
    m = len(cust)
    p_late = 0.05 + 0.25 * (day / days) ** 2 + 0.1 * (np.abs(day % 365 - 340) < 25)
    late = rng.random(m) < p_late
    lead = rng.uniform(1, 5, m) + np.where(late, rng.uniform(6, 15, m), 0)
    complain = rng.random(m) < np.where(business, 0.12, 0.05) + 0.3 * late
    lag = rng.uniform(0, 45, m)
    answer = rng.random(m) < 0.3
    nps = np.clip(np.rint(8.3 - 3 * late - 3 * complain + rng.normal(0, 1.5, m)), 0, 10)
    answer_lag = rng.uniform(1, 20, m)
    bad = late | (complain & (lag <= 30)) | (answer & (nps <= 6))
    return {
        "cust": cust,
        "seq": np.full(m, seq),
        "day": day,
        "delivered": day + lead,
        "complain": complain,
        "received": day + lead + lag,
        "answer": answer,
        "answered": day + lead + answer_lag,
        "nps": nps,
        "bad": bad,
    }


def _tables(
    rng: np.random.Generator,
    rows: list[dict[str, np.ndarray]],
    arrival: np.ndarray,
    business: np.ndarray,
    n_new: int,
    days: int,
    since: bool,
) -> dict[str, pd.DataFrame]:
    o = {k: np.concatenate([r[k] for r in rows]) for k in rows[0]}
    ids = np.array([f"O{i}" for i in range(len(o["cust"]))])
    cust = np.array([f"C{i}" for i in range(len(arrival))])

    def at(d: np.ndarray) -> pd.Series:
        return pd.Series(START + pd.to_timedelta(d, unit="D"))

    orders = pd.DataFrame(
        {
            "order_id": ids,
            "customer_id": cust[o["cust"]],
            "ordered_at": at(o["day"]),
            "delivered_at": at(o["delivered"]).where(o["delivered"] < days),
        }
    )
    c = o["complain"] & (o["received"] < days)
    complaints = pd.DataFrame(
        {
            "complaint_id": [f"K{i}" for i in range(int(c.sum()))],
            "received_at": at(o["received"][c]),
            "customer_id": cust[o["cust"][c]],
            "order_id": np.where(rng.random(int(c.sum())) < 1 / 3, None, ids[c]),
        }
    )
    a = o["answer"] & (o["answered"] < days)
    responses = pd.DataFrame(
        {
            "response_id": [f"R{i}" for i in range(int(a.sum()))],
            "answered_at": at(o["answered"][a]),
            "customer_id": cust[o["cust"][a]],
            "order_id": ids[a],
            "nps": o["nps"][a].astype(int),
        }
    )
    n = len(arrival)
    old_since = rng.uniform(-1500, -1, n - n_new)
    customers = pd.DataFrame(
        {
            "customer_id": cust,
            "segment": SEGMENTS[business.astype(int)],
            "country": COUNTRIES[rng.integers(0, 3, n)],
        }
    )
    if since:
        customers["since"] = at(np.concatenate([arrival[:n_new], old_since])).dt.normalize()
    return {
        "orders": orders,
        "customers": customers,
        "complaints": complaints,
        "responses": responses,
    }
