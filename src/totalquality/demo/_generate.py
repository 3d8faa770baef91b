"""Generate the demo workspace: one year of Nordlap OÜ, every workspace table.

The generator simulates the company week by week of production, because the
problems interact: a strained week of final assembly (volume above the
threshold) loosens chassis screws in that week's lots, which reach customers,
who complain, answer surveys worse and — when it was their first order — buy
again less often, which in turn changes later volume. Everything is drawn from
one ``numpy.random.Generator`` seeded by ``seed``; the same seed, scale and
variant give the same bytes.

What is built in (dates, ids, magnitudes) is defined in ``_scenario.py`` and
documented in ``docs/demo-data.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtr

from . import _texts
from ._scenario import (
    CHARACTERISTICS,
    END,
    PRODUCTS,
    REQUIREMENTS,
    SCENARIO,
    STAGES,
    START,
    Scenario,
)

Progress = Callable[[str, float], None]

N_DAYS = (END - START).days + 1
DAY_S = 86_400
_EPOCH = np.datetime64(START.isoformat(), "s")

# Estonian public holidays on weekdays in the demo year (no production).
HOLIDAYS = (
    dt.date(2025, 12, 24),
    dt.date(2025, 12, 25),
    dt.date(2025, 12, 26),
    dt.date(2026, 1, 1),
    dt.date(2026, 2, 24),
    dt.date(2026, 4, 3),
    dt.date(2026, 5, 1),
    dt.date(2026, 6, 23),
    dt.date(2026, 6, 24),
    dt.date(2026, 8, 20),
)

PRODUCT_IDS = tuple(PRODUCTS)  # P-AIR13, P-PRO15, P-MINI
PRODUCT_CODE = {"P-AIR13": "A13", "P-PRO15": "P15", "P-MINI": "MINI"}
LAPTOP = np.array([PRODUCTS[p][1] == "laptop" for p in PRODUCT_IDS])
MINI_WEEKDAYS = (1, 3)  # the desktop is built in batches on Tuesdays and Thursdays

COUNTRY_IDS = ("EE", "PL", "LV", "LT", "FI", "DE")
COUNTRY_WEIGHT = np.array([0.36, 0.30, 0.10, 0.10, 0.08, 0.06])
PL = COUNTRY_IDS.index("PL")
# shipping days after production (min, max inclusive) per country
SHIP_DAYS = {"EE": (1, 2), "PL": (2, 4), "LV": (2, 3), "LT": (2, 3), "FI": (2, 3), "DE": (3, 5)}

SEGMENT_IDS = ("consumer", "business", "education")
SEGMENT_WEIGHT = np.array([0.58, 0.27, 0.15])
EXISTING_SEGMENT_WEIGHT = np.array([0.45, 0.40, 0.15])
N_NEW_CUSTOMERS = 2100  # at scale 1, over the year
N_EXISTING_CUSTOMERS = 900
BUSINESS = SEGMENT_IDS.index("business")
# product mix per segment (AIR13, PRO15, MINI)
PRODUCT_MIX = np.array([[0.55, 0.30, 0.15], [0.35, 0.45, 0.20], [0.50, 0.10, 0.40]])
# chance of another order after a repeat order, per segment
CONTINUE = np.array([0.5, 0.8, 0.65])

LANG_IDS = ("et", "pl", "en")

# defect types per stage: (type, rate per unit, applies to laptops only, supplier part)
DEFECT_TYPES: dict[str, tuple[tuple[str, float, bool, str | None], ...]] = {
    "S10": (
        ("solder bridge", 0.005, False, None),
        ("missing component", 0.003, False, "main boards"),
        ("tombstoning", 0.002, False, None),
    ),
    "S20": (("cold joint", 0.004, False, None), ("voiding", 0.003, False, None)),
    "S30": (
        ("bezel gap out of spec", 0.001, True, None),
        ("dead pixel", 0.003, True, "display panels"),
        ("panel scratch", 0.002, True, "display panels"),
    ),
    "S40": (
        ("cell imbalance", 0.003, True, "battery cells"),
        ("connector damage", 0.002, True, None),
    ),
    "S50": (
        ("loose chassis screw", 0.004, False, None),
        ("scratched casing", 0.006, False, "chassis"),
        ("keyboard misalignment", 0.003, True, None),
    ),
    "S60": (
        ("battery swelling", 0.001, True, "battery cells"),
        ("thermal shutdown", 0.003, False, None),
        ("boot failure", 0.003, False, None),
    ),
    "S70": (("damaged box", 0.002, False, None), ("missing accessory", 0.002, False, None)),
}
LAPTOP_STAGES = {"S30", "S40"}
STAGE_HOUR = {"S10": 7, "S20": 8, "S30": 10, "S40": 11, "S50": 13, "S60": 15, "S70": 17}

# process model of each characteristic: (mean, within-subgroup sigma, gauge resolution)
PROCESS = {
    "C-S10-PASTE": (125.0, 4.0, 0.1),
    "C-S20-PEAK": (245.0, 1.8, 0.1),
    "C-S30-GAP": (0.50, 0.045, 0.001),
    "C-S40-CAP": (57.2, 0.6, 0.01),
    "C-S50-TORQUE": (30.0, 1.2, 0.1),
    "C-S60-TEMP": (68.0, 3.5, 0.1),
}

CHANNELS = ("email", "phone", "web form", "chat", "retailer")
CHANNEL_WEIGHT = np.array([0.4, 0.2, 0.25, 0.1, 0.05])

# Kano answer pairs (functional, dysfunctional) per category, after the Kano evaluation
# table (Berger et al. 1993): A = (like, not like-or-dislike), O = (like, dislike), M =
# (not like-or-dislike, dislike), I = middle answers, R = reversed, Q = questionable.
KANO_PAIRS: dict[str, tuple[tuple[tuple[int, int], ...], tuple[float, ...]]] = {
    "A": (((1, 3), (1, 4), (1, 2)), (0.5, 0.35, 0.15)),
    "O": (((1, 5),), (1.0,)),
    "M": (((2, 5), (3, 5), (4, 5)), (0.4, 0.35, 0.25)),
    "I": (
        ((3, 3), (3, 4), (4, 3), (2, 3), (3, 2), (4, 4), (2, 2), (2, 4), (4, 2)),
        (0.34, 0.16, 0.1, 0.1, 0.06, 0.12, 0.04, 0.04, 0.04),
    ),
    "R": (
        ((5, 1), (4, 1), (3, 1), (5, 3), (5, 2), (5, 4), (2, 1)),
        (0.35, 0.15, 0.15, 0.15, 0.1, 0.05, 0.05),
    ),
    "Q": (((1, 1), (5, 5)), (0.5, 0.5)),
}
KANO_CATS = ("A", "O", "M", "I", "R", "Q")
KANO_DOMINANT_SHARE = 0.64  # each respondent's category is the requirement's with this chance

REQ_IDS = tuple(REQUIREMENTS)
LAPTOP_REQS = {"R-BATTERY", "R-DISPLAY", "R-WEIGHT", "R-USBC"}
# SERVQUAL-style 1–7 means: importance, expectation, perception (before problems)
IMPORTANCE = {
    "R-BATTERY": 6.3,
    "R-DISPLAY": 6.0,
    "R-DELIVERY": 5.6,
    "R-SUPPORT": 5.2,
    "R-WEIGHT": 4.6,
    "R-USBC": 3.6,
    "R-RGB": 2.4,
}
EXPECTATION = {
    "R-BATTERY": 5.9,
    "R-DISPLAY": 6.0,
    "R-DELIVERY": 5.8,
    "R-SUPPORT": 5.6,
    "R-WEIGHT": 5.0,
    "R-USBC": 3.0,
    "R-RGB": 2.5,
}
PERCEPTION = {
    "R-BATTERY": 6.1,
    "R-DISPLAY": 6.35,
    "R-DELIVERY": 6.5,
    "R-SUPPORT": 5.9,
    "R-WEIGHT": 5.6,
    "R-USBC": 2.0,
    "R-RGB": 2.6,
}
USBC_AFTER = {"importance": 5.9, "expectation": 5.8}

# ECSI measurement model: block -> (indicator texts); structural model in _ecsi_latents
ECSI_BLOCKS: dict[str, tuple[str, ...]] = {
    "image": (
        "Nordlap is a trustworthy company.",
        "Nordlap is innovative and forward-looking.",
        "Nordlap cares about its customers.",
    ),
    "expectation": (
        "Before buying, I expected the overall quality of Nordlap computers to be high.",
        "Before buying, I expected Nordlap to meet my personal needs.",
        "Before buying, I expected few problems with a Nordlap computer.",
    ),
    "quality": (
        "Overall quality of the computer you received.",
        "Reliability of the computer.",
        "Quality of the delivery and the service.",
        "Quality of the information and advice you received.",
    ),
    "value": (
        "Quality of the computer given its price.",
        "Price given the quality of the computer.",
    ),
    "satisfaction": (
        "Overall, how satisfied are you with Nordlap?",
        "How well does Nordlap meet your expectations?",
        "How close is Nordlap to the ideal computer maker?",
    ),
    "complaints": (
        "If you complained: how well was your complaint handled?",
        "How easy would it be to complain to Nordlap if something went wrong?",
    ),
    "loyalty": (
        "How likely is it that you buy your next computer from Nordlap?",
        "Would you stay with Nordlap if a competitor were 10% cheaper?",
        "How likely are you to recommend Nordlap to colleagues?",
    ),
}
ECSI_CODE = {
    "image": "IMG",
    "expectation": "EXP",
    "quality": "QUA",
    "value": "VAL",
    "satisfaction": "SAT",
    "complaints": "CMP",
    "loyalty": "LOY",
}


def _day(d: dt.date) -> int:
    return (d - START).days


def _iso(seconds: np.ndarray) -> np.ndarray:
    """Seconds since START (int, −1 = missing) → ISO 8601 strings ('' when missing)."""
    seconds = np.asarray(seconds, dtype=np.int64)
    out = np.datetime_as_string(_EPOCH + seconds.astype("timedelta64[s]"), unit="s")
    return np.where(seconds < 0, "", out)


def _dates(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(
        np.datetime64(START.isoformat(), "D") + np.asarray(days).astype("timedelta64[D]"), unit="D"
    )


@dataclass
class _Calendar:
    """Production days, the production day each order day is built on, ISO weeks."""

    production: np.ndarray  # bool per day
    #: per product and order day: the production day it is built on (−1: after END);
    #: laptops are built every production day, the Mini on Tuesdays and Thursdays
    next_prod: np.ndarray
    week: np.ndarray  # per day: week number (weeks start on Monday)

    @classmethod
    def build(cls) -> _Calendar:
        days = np.arange(N_DAYS)
        weekday = (START.weekday() + days) % 7
        holiday = np.zeros(N_DAYS, bool)
        for h in HOLIDAYS:
            holiday[_day(h)] = True
        production = (weekday < 5) & ~holiday
        next_prod = np.empty((len(PRODUCT_IDS), N_DAYS), np.int64)
        for p, pid in enumerate(PRODUCT_IDS):
            builds = production & (LAPTOP[p] | np.isin(weekday, MINI_WEEKDAYS))
            prod_days = np.flatnonzero(builds)
            pos = np.searchsorted(prod_days, days, side="right")
            last = len(prod_days) - 1
            next_prod[p] = np.where(pos <= last, prod_days[np.minimum(pos, last)], -1)
            del pid
        week = (days + START.weekday()) // 7
        return cls(production, next_prod, week)


@dataclass
class _Acc:
    """Rows accumulated while simulating, turned into tables at the end."""

    orders: list[dict[str, np.ndarray]] = field(default_factory=list)
    lots: list[dict[str, np.ndarray]] = field(default_factory=list)
    complaints: list[dict[str, np.ndarray]] = field(default_factory=list)
    responses: list[dict[str, np.ndarray]] = field(default_factory=list)
    week_volume: dict[int, int] = field(default_factory=dict)


def _cat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if not parts:
        return {}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


class _Simulation:
    def __init__(self, seed: int, scale: float, healthy: bool, sc: Scenario) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.rng = np.random.default_rng(seed)
        self.scale = scale
        self.healthy = healthy
        self.sc = sc
        self.cal = _Calendar.build()
        self.acc = _Acc()
        self.n_orders = 0
        self.n_lots = 0
        self.strain_threshold = sc.strain_weekly_units * scale
        self.drift = (_day(sc.drift_start), _day(sc.drift_end))
        self.bad_window = (_day(sc.bad_lot_window[0]), _day(sc.bad_lot_window[1]))
        self.growth_day = _day(sc.growth_start)
        self.emerging_day = _day(sc.emerging_start)
        self.decline_day = _day(sc.decline_start)

    # --- company-wide curves -------------------------------------------------
    def gap_mean(self, day: np.ndarray) -> np.ndarray:
        """Process mean of C-S30-GAP on production day ``day``."""
        mean = np.full(np.shape(day), PROCESS["C-S30-GAP"][0])
        if self.healthy:
            return mean
        a, b = self.drift
        frac = np.clip((np.asarray(day) - a) / max(b - a, 1), 0, 1)
        return mean + np.where((day >= a) & (day <= b), frac * self.sc.drift_shift_mm, 0.0)

    def usbc_weight(self, day: np.ndarray) -> np.ndarray:
        """0 before emerging_start, rising to 1 within three weeks (0 when healthy)."""
        if self.healthy:
            return np.zeros(np.shape(day))
        return np.clip((np.asarray(day) - self.emerging_day + 1) / 21, 0, 1)

    # --- customers -----------------------------------------------------------
    def customers(self) -> dict[str, np.ndarray]:
        """Existing customers (since before START) and new ones (since their first order).

        New customers arrive with a seasonal, weekday-dependent rate; Polish arrivals
        multiply by ``growth_factor_pl`` from growth_start (both variants: the campaign is
        business as usual; only its strain on final assembly is a problem).
        """
        rng = self.rng
        days = np.arange(N_DAYS)
        weekday = (START.weekday() + days) % 7
        season = (
            1
            + 0.1 * np.exp(-0.5 * ((days - _day(dt.date(2025, 12, 8))) / 10) ** 2)
            - 0.15 * np.exp(-0.5 * ((days - _day(dt.date(2026, 7, 15))) / 12) ** 2)
        )
        dow = np.array([1.1, 1.05, 1.0, 1.0, 0.95, 0.7, 0.6])[weekday]
        self.day_shape = season * dow
        growth = 1 + (self.sc.growth_factor_pl - 1) * np.clip((days - self.growth_day) / 14, 0, 1)
        shape = self.day_shape[:, None] * COUNTRY_WEIGHT[None, :]
        shape[:, PL] *= growth
        lam = shape * (N_NEW_CUSTOMERS * self.scale / shape.sum())
        counts = rng.poisson(lam)
        day_idx, country = np.nonzero(counts)
        reps = counts[day_idx, country]
        first_day = np.repeat(day_idx, reps)
        country = np.repeat(country, reps)
        n_new = len(first_day)
        segment = rng.choice(len(SEGMENT_IDS), size=n_new, p=SEGMENT_WEIGHT)
        sec = rng.integers(7 * 3600, 23 * 3600, size=n_new)
        order = np.lexsort((sec, first_day))
        first_day, country, segment, sec = (
            first_day[order],
            country[order],
            segment[order],
            sec[order],
        )
        # existing customers: since some day in the four years before START
        n_ex = int(rng.poisson(N_EXISTING_CUSTOMERS * self.scale))
        ex_since = np.sort(rng.integers(-4 * 365, 0, n_ex))
        ex_country = rng.choice(len(COUNTRY_IDS), size=n_ex, p=COUNTRY_WEIGHT)
        ex_segment = rng.choice(len(SEGMENT_IDS), size=n_ex, p=EXISTING_SEGMENT_WEIGHT)
        country = np.concatenate([ex_country, country])
        n = n_ex + n_new
        # language: Estonian/Polish customers mostly write in their language, the rest in English
        u = rng.random(n)
        lang = np.full(n, LANG_IDS.index("en"))
        lang[(country == COUNTRY_IDS.index("EE")) & (u < 0.88)] = LANG_IDS.index("et")
        lang[(country == PL) & (u < 0.93)] = LANG_IDS.index("pl")
        return {
            "n_existing": np.array(n_ex),
            "since_day": np.concatenate([ex_since, first_day]),
            "first_day": np.concatenate([np.full(n_ex, -1), first_day]),
            "first_sec": np.concatenate([np.zeros(n_ex, np.int64), sec]),
            "country": country,
            "segment": np.concatenate([ex_segment, segment]),
            "lang": lang,
        }

    def existing_orders(self) -> dict[str, np.ndarray]:
        """Orders of existing customers: a Poisson stream per customer over the year."""
        rng = self.rng
        n_ex = int(self.cust["n_existing"])
        seg = self.cust["segment"][:n_ex]
        rate = rng.gamma(2.0, 1.7, n_ex) * np.where(seg == BUSINESS, 1.5, 1.0)
        k = rng.poisson(rate)
        cust = np.repeat(np.arange(n_ex), k)
        p = self.day_shape / self.day_shape.sum()
        day = rng.choice(N_DAYS, size=len(cust), p=p)
        return self._new_orders(cust, day, np.zeros(len(cust), np.int64), None)

    def _new_orders(
        self, cust: np.ndarray, day: np.ndarray, seq: np.ndarray, prev_product: np.ndarray | None
    ) -> dict[str, np.ndarray]:
        rng = self.rng
        n = len(cust)
        seg = self.cust["segment"][cust]
        u = rng.random(n)
        cum = PRODUCT_MIX.cumsum(axis=1)[seg]
        product = (u[:, None] > cum).sum(axis=1)
        if prev_product is not None:
            keep = rng.random(n) < 0.6
            product = np.where(keep, prev_product, product)
        qty = np.ones(n, np.int64)
        consumer = seg == 0
        qty[consumer] += (rng.random(consumer.sum()) < 0.05).astype(np.int64)
        biz = seg == BUSINESS
        qty[biz] = np.minimum(rng.geometric(0.6, biz.sum()), 8)
        edu = seg == 2
        qty[edu] = np.minimum(1 + rng.negative_binomial(1, 0.5, edu.sum()), 8)
        return {
            "cust": cust,
            "day": day,
            "sec": rng.integers(7 * 3600, 23 * 3600, size=n),
            "product": product,
            "qty": qty,
            "seq": seq,
        }

    # --- one week of production -------------------------------------------
    def run(self, progress: Progress | None) -> None:
        rng = self.rng
        self.cust = self.customers()
        n_ex = int(self.cust["n_existing"])
        new = np.arange(n_ex, len(self.cust["first_day"]))
        queue = self._new_orders(
            new, self.cust["first_day"][new], np.ones(len(new), np.int64), None
        )
        queue["sec"] = self.cust["first_sec"][new].copy()
        existing = self.existing_orders()
        queue = {k: np.concatenate([queue[k], existing[k]]) for k in queue}
        weeks = np.unique(self.cal.week)
        open_orders: list[dict[str, np.ndarray]] = []
        for i, w in enumerate(weeks):
            prod_day = self.cal.next_prod[queue["product"], queue["day"]]
            pweek = np.where(prod_day >= 0, self.cal.week[np.maximum(prod_day, 0)], -1)
            now = pweek == w
            later = pweek > w
            never = pweek < 0
            if never.any():
                open_orders.append({k: v[never] for k, v in queue.items()})
            batch = {k: v[now] for k, v in queue.items()}
            queue = {k: v[later] for k, v in queue.items()}
            if len(batch["cust"]):
                repeats = self._week(int(w), batch, prod_day[now])
                if len(repeats["cust"]):
                    queue = {k: np.concatenate([queue[k], repeats[k]]) for k in queue}
            if progress is not None:
                progress("simulating weeks", (i + 1) / len(weeks))
        for part in open_orders:
            n = len(part["cust"])
            self.acc.orders.append(
                {
                    **part,
                    "idx": np.arange(self.n_orders, self.n_orders + n),
                    "lot": np.full(n, -1),
                    "delivered": np.full(n, -1, np.int64),
                }
            )
            self.n_orders += n
        del rng

    def _week(
        self, w: int, o: dict[str, np.ndarray], prod_day: np.ndarray
    ) -> dict[str, np.ndarray]:
        rng = self.rng
        sc = self.sc
        n = len(o["cust"])
        idx = np.arange(self.n_orders, self.n_orders + n)
        self.n_orders += n

        # lots: one per production day and product; size = the units ordered for it
        lot_key = prod_day * 3 + o["product"]
        keys, lot_of = np.unique(lot_key, return_inverse=True)
        size = np.bincount(lot_of, weights=o["qty"]).astype(np.int64)
        l_day = keys // 3
        l_prod = keys % 3
        n_l = len(keys)
        lot_global = self.n_lots + lot_of
        self.n_lots += n_l
        volume = int(size.sum())
        self.acc.week_volume[w] = volume

        laptop = LAPTOP[l_prod]
        volta = laptop & (rng.random(n_l) < 0.55)
        bad_lot = (
            (not self.healthy)
            & volta
            & (l_day >= self.bad_window[0])
            & (l_day <= self.bad_window[1])
        )
        gap = self.gap_mean(l_day)
        sigma_gap = PROCESS["C-S30-GAP"][1]
        gap_tail = ndtr((gap - 0.80) / sigma_gap) + ndtr((0.20 - gap) / sigma_gap)
        strained = (not self.healthy) and volume > self.strain_threshold
        loose = 0.004
        if strained:
            loose = min(0.15, 0.004 + sc.strain_slope * (volume / self.strain_threshold - 1))

        # defects per lot, stage and type
        defect_counts: dict[tuple[str, str], np.ndarray] = {}
        for stage, types in DEFECT_TYPES.items():
            for dtype, rate, laptop_only, _part in types:
                r = np.full(n_l, rate)
                if dtype == "bezel gap out of spec":
                    r = r + gap_tail
                elif dtype == "loose chassis screw":
                    r[:] = loose
                elif dtype == "battery swelling":
                    r = np.where(bad_lot, sc.bad_lot_defect_rate, r)
                counts = rng.binomial(size, np.clip(r, 0, 1))
                if laptop_only or stage in LAPTOP_STAGES:
                    counts = np.where(laptop, counts, 0)
                defect_counts[(stage, dtype)] = counts

        self.acc.lots.append(
            {
                "day": l_day,
                "product": l_prod,
                "size": size,
                "volta": volta,
                "bad": bad_lot,
                "strained": np.full(n_l, strained),
                "gap": gap,
                "defects": np.stack([defect_counts[k] for k in sorted(defect_counts)], axis=1),
            }
        )

        # delivery
        country = self.cust["country"][o["cust"]]
        lo = np.array([SHIP_DAYS[c][0] for c in COUNTRY_IDS])[country]
        hi = np.array([SHIP_DAYS[c][1] for c in COUNTRY_IDS])[country]
        ship = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
        p_late = 0.12 if strained else 0.04
        extra = np.where(rng.random(n) < p_late, rng.integers(4, 13, n), 0)
        if strained:  # the backlog slows every shipment of a strained week a little
            extra = extra + rng.integers(0, 2, n)
        deliv_day = prod_day + ship + extra
        deliv_sec = deliv_day * DAY_S + rng.integers(9 * 3600, 18 * 3600, n)
        order_sec = o["day"] * DAY_S + o["sec"]
        lead_days = (deliv_sec - order_sec) / DAY_S
        late = lead_days > sc.late_after_days
        delivered = np.where(deliv_day < N_DAYS, deliv_sec, -1)
        self.acc.orders.append({**o, "idx": idx, "lot": lot_global, "delivered": delivered})

        # what happens to each order in the field
        laptop_o = LAPTOP[o["product"]]
        seg = self.cust["segment"][o["cust"]]
        frac = np.clip((gap[lot_of] - 0.5) / sc.drift_shift_mm, 0, 1)
        issue = {}
        issue["display"] = laptop_o & (rng.random(n) < 0.015 + 0.30 * frac)
        swelling = laptop_o & (
            rng.random(n) < np.where(bad_lot[lot_of], sc.bad_lot_field_rate, 0.003)
        )
        issue["battery"] = laptop_o & (rng.random(n) < 0.02)
        issue["rattle"] = rng.random(n) < 0.004 + 0.9 * (loose - 0.004)
        issue["delivery"] = late
        # contact with support happens 1–20 days after delivery (before a survey answer);
        # from decline_start business customers' contacts go wrong far more often
        answered = deliv_sec + rng.integers(2 * DAY_S, 22 * DAY_S, n)
        contact_sec = np.minimum(deliv_sec + rng.integers(DAY_S, 21 * DAY_S, n), answered - 3600)
        # a survey answer reflects the support experience of the days just before it
        respond = (delivered >= 0) & (rng.random(n) < 0.49)
        recent = answered - rng.integers(3600, 4 * DAY_S, n)
        contact_sec = np.where(respond, np.maximum(recent, deliv_sec + 3600), contact_sec)
        support_p = np.full(n, 0.04)
        if not self.healthy:
            support_p[(seg == BUSINESS) & (contact_sec // DAY_S >= self.decline_day)] = 0.22
        issue["support"] = rng.random(n) < support_p
        issue["keyboard"] = laptop_o & (rng.random(n) < 0.02)
        issue["price"] = rng.random(n) < 0.03
        usbc_p = 0.012 if self.healthy else 0.18 * self.usbc_weight(o["day"])
        wish_usbc = laptop_o & (rng.random(n) < usbc_p)
        swell_onset = deliv_sec + rng.integers(10, 70, n) * DAY_S

        # complaints: (topic, kind, flag, probability, lag-from, lag-to in days, severity)
        plan = (
            ("display", "neg", issue["display"], 0.55, 1, 30, (3, 4)),
            ("battery", "swelling", swelling, 0.8, 0, 5, (4, 5)),
            ("battery", "neg", issue["battery"], 0.4, 14, 90, (2, 3)),
            ("rattle", "neg", issue["rattle"], 0.5, 1, 30, (2, 3)),
            ("delivery", "neg", late, 0.4, 0, 3, (2, 3)),
            ("support", "neg", issue["support"], 0.45, 2, 20, (3, 4)),
            ("usb-c", "neg", wish_usbc, 0.25, 3, 60, (1, 2)),
            ("price", "neg", issue["price"], 0.35, 0, 30, (1, 2)),
            ("keyboard", "neg", issue["keyboard"], 0.5, 10, 90, (2, 3)),
        )
        complained = np.zeros(n, bool)
        comp_parts: list[dict[str, np.ndarray]] = []
        for t_i, (topic, kind, flag, p, lag0, lag1, sev) in enumerate(plan):
            c = flag & (rng.random(n) < p) & (delivered >= 0)
            if topic == "delivery":
                base_sec = np.where(c, deliv_sec, 0)
            elif topic == "battery" and kind == "swelling":
                base_sec = swell_onset
            elif topic == "support":
                base_sec = contact_sec
            else:
                base_sec = deliv_sec
            rec = base_sec + rng.integers(lag0 * DAY_S, (lag1 + 1) * DAY_S, n)
            complained |= c
            keep = c & (rec < N_DAYS * DAY_S)
            k = int(keep.sum())
            if k:
                comp_parts.append(
                    {
                        "order": idx[keep],
                        "cust": o["cust"][keep],
                        "product": o["product"][keep],
                        "received": rec[keep],
                        "topic": np.full(k, t_i),
                        "severity": rng.integers(sev[0], sev[1] + 1, k),
                    }
                )
        if comp_parts:
            self.acc.complaints.append(_cat(comp_parts))

        # how the customer feels about the order when asked (or would, if asked)
        visible = dict(issue)
        visible["swelling"] = swelling & (swell_onset <= answered)
        latent = np.array([8.55, 8.75, 8.35])[seg] + rng.normal(0, 1.3, n)
        latent -= 2.2 * visible["display"]
        latent -= 3.5 * visible["swelling"]
        latent -= 2.0 * visible["battery"]
        latent -= 1.8 * visible["rattle"]
        latent -= visible["delivery"] * (1.0 + 0.1 * np.clip(lead_days - 7, 0, 20))
        latent -= 2.5 * visible["support"]
        latent -= 1.5 * visible["keyboard"]
        latent -= 1.0 * visible["price"]
        latent -= 0.4 * wish_usbc
        if not self.healthy:
            latent -= 0.45 * ((seg == BUSINESS) & (answered // DAY_S >= self.decline_day))
        nps = np.clip(np.rint(latent + rng.normal(0, 0.6, n)), 0, 10).astype(np.int64)

        # survey responses, answered 2–21 days after delivery
        respond &= answered < N_DAYS * DAY_S
        r = np.flatnonzero(respond)
        if len(r):
            self._responses(o, idx, r, visible, latent, nps, wish_usbc, lead_days, answered)

        # repurchase: customers whose first order went wrong buy again less often.
        # "Went wrong", as far as the data can show it: a complaint about the order, a
        # late delivery, a detractor answer, or a defect from its lot in the field
        # (swollen battery, bezel gap, rattle) — the visible traces of a bad experience.
        went_wrong = complained | late | swelling | issue["display"] | issue["rattle"]
        went_wrong |= respond & (answered < N_DAYS * DAY_S) & (nps <= 6)
        first = o["seq"] == 1
        if self.healthy:
            p_rep = np.full(n, sc.repurchase_rate_good_first)
        else:
            p_rep = np.where(
                went_wrong, sc.repurchase_rate_bad_first, sc.repurchase_rate_good_first
            )
        # existing customers' orders (seq 0) were drawn up front
        p_next = np.where(first, p_rep, np.where(o["seq"] == 0, 0.0, CONTINUE[seg]))
        again = rng.random(n) < p_next
        gap_days = np.where(
            first,
            rng.integers(14, sc.repurchase_window_days + 1, n),
            rng.integers(14, 76, n),
        )
        # some first-time customers come back only after the repurchase window
        late_return = first & ~again & (rng.random(n) < 0.12)
        gap_days = np.where(
            late_return, rng.integers(sc.repurchase_window_days + 1, 200, n), gap_days
        )
        again = (again | late_return) & (delivered >= 0)
        next_day = o["day"] + gap_days
        again &= next_day < N_DAYS
        sel = np.flatnonzero(again)
        return self._new_orders(o["cust"][sel], next_day[sel], o["seq"][sel] + 1, o["product"][sel])

    def _responses(
        self,
        o: dict[str, np.ndarray],
        idx: np.ndarray,
        r: np.ndarray,
        visible_all: dict[str, np.ndarray],
        latent_all: np.ndarray,
        nps_all: np.ndarray,
        wish_usbc: np.ndarray,
        lead_days: np.ndarray,
        answered: np.ndarray,
    ) -> None:
        rng = self.rng
        m = len(r)
        visible = {k: v[r] for k, v in visible_all.items()}
        latent = latent_all[r]
        nps = nps_all[r]
        csat = np.clip(np.rint(1 + 4 * (latent - 2) / 8.5 + rng.normal(0, 0.45, m)), 1, 5)
        any_issue = np.zeros(m, bool)
        for k in ("display", "swelling", "battery", "rattle", "delivery", "support", "keyboard"):
            any_issue |= visible[k]
        ces = np.clip(
            np.rint(5.6 + 0.45 * (latent - 8) - 1.0 * any_issue + rng.normal(0, 0.8, m)), 1, 7
        )
        has_comment = rng.random(m) < np.where(any_issue | wish_usbc[r], 0.8, 0.56)
        self.acc.responses.append(
            {
                "order": idx[r],
                "cust": o["cust"][r],
                "product": o["product"][r],
                "answered": answered[r],
                "nps": nps,
                "csat": csat.astype(np.int64),
                "ces": ces.astype(np.int64),
                "latent": latent,
                "comment": has_comment,
                "extended": rng.random(m) < 0.5,
                **{f"i_{k}": v for k, v in visible.items()},
                "wish_usbc": wish_usbc[r],
                "lead": lead_days[r],
            }
        )


# --------------------------------------------------------------------------- tables
def _comment_parts(
    rng: np.random.Generator, row: dict[str, object], laptop: bool
) -> list[tuple[str, str]]:
    negatives = []
    for key, topic, kind in (
        ("i_display", "display", "neg"),
        ("i_swelling", "battery", "swelling"),
        ("i_battery", "battery", "neg"),
        ("i_rattle", "rattle", "neg"),
        ("i_delivery", "delivery", "neg"),
        ("i_support", "support", "neg"),
        ("i_keyboard", "keyboard", "neg"),
        ("i_price", "price", "neg"),
    ):
        if row[key]:
            negatives.append((topic, kind))
    parts: list[tuple[str, str]] = []
    if negatives:
        first = negatives[int(rng.integers(len(negatives)))]
        parts.append(first)
        rest = [x for x in negatives if x != first]
        if rest and rng.random() < 0.35:
            parts.append(rest[int(rng.integers(len(rest)))])
        # mixed feelings: something good about another aspect first
        if rng.random() < 0.2:
            said = {t for t, _ in negatives}
            good = [
                t for t in ("battery", "display", "keyboard", "delivery", "price") if t not in said
            ]
            if not laptop:
                good = [t for t in good if t in ("delivery", "price")]
            if good:
                parts.insert(0, (good[int(rng.integers(len(good)))], "pos"))
    if row["wish_usbc"] and rng.random() < 0.9:
        parts.insert(int(rng.integers(len(parts) + 1)), ("usb-c", "neg"))
    if parts:
        return parts
    nps = int(row["nps"])  # type: ignore[call-overload]
    pos_topics = ["praise", "praise", "delivery", "price", "support"]
    if laptop:
        pos_topics += ["battery", "display", "keyboard"]
    if nps >= 7:
        t = pos_topics[int(rng.integers(len(pos_topics)))]
        parts.append((t, "pos"))
        if rng.random() < 0.3:
            t2 = pos_topics[int(rng.integers(len(pos_topics)))]
            if t2 != t:
                parts.append((t2, "pos"))
        if nps <= 8 and rng.random() < 0.3:
            parts.append(("price", "neg"))
        return parts
    neg_topics = ["price", "support", "delivery"] + (["keyboard", "battery"] if laptop else [])
    parts.append((neg_topics[int(rng.integers(len(neg_topics)))], "neg"))
    return parts


def _kano_answers(
    rng: np.random.Generator, dominant: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Functional/dysfunctional answers with ``dominant`` (per row, index into KANO_CATS)
    drawn with probability KANO_DOMINANT_SHARE and the rest spread over the other categories."""
    probs = np.zeros((len(KANO_CATS), len(KANO_CATS)))
    for i, c in enumerate(KANO_CATS):
        p = {"A": 0.11, "O": 0.11, "M": 0.11, "I": 0.14, "R": 0.03, "Q": 0.02}
        if c == "I":
            p["A"] = 0.14
        p[c] = 0.0
        row = np.array([p[k] for k in KANO_CATS])
        row = row / row.sum() * (1 - KANO_DOMINANT_SHARE)
        row[i] = KANO_DOMINANT_SHARE
        probs[i] = row
    cum = probs.cumsum(axis=1)[dominant]
    cat = (rng.random(n)[:, None] > cum).sum(axis=1)
    cat = np.minimum(cat, len(KANO_CATS) - 1)
    f = np.zeros(n, np.int64)
    d = np.zeros(n, np.int64)
    for i, c in enumerate(KANO_CATS):
        sel = np.flatnonzero(cat == i)
        if not len(sel):
            continue
        pairs, weights = KANO_PAIRS[c]
        choice = rng.choice(len(pairs), size=len(sel), p=np.array(weights) / sum(weights))
        arr = np.array(pairs)[choice]
        f[sel] = arr[:, 0]
        d[sel] = arr[:, 1]
    return f, d


def _items() -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    for req, (name, _dim, _stage) in REQUIREMENTS.items():
        short = req.removeprefix("R-")
        low = name[0].lower() + name[1:]
        rows.append(
            {
                "item_id": f"KANO-F-{short}",
                "kind": "kano_functional",
                "requirement_id": req,
                "block": "",
                "scale_min": 1,
                "scale_max": 5,
                "text": f"If your computer had {low}, how would you feel?",
            }
        )
        rows.append(
            {
                "item_id": f"KANO-D-{short}",
                "kind": "kano_dysfunctional",
                "requirement_id": req,
                "block": "",
                "scale_min": 1,
                "scale_max": 5,
                "text": f"If your computer did not have {low}, how would you feel?",
            }
        )
        for kind, prefix, text in (
            ("importance", "IMP", f"How important is {low} to you?"),
            ("expectation", "EXP", f"How good do you expect a computer maker to be at {low}?"),
            ("perception", "PER", f"How good is Nordlap at {low}?"),
        ):
            rows.append(
                {
                    "item_id": f"{prefix}-{short}",
                    "kind": kind,
                    "requirement_id": req,
                    "block": "",
                    "scale_min": 1,
                    "scale_max": 7,
                    "text": text,
                }
            )
        rows.append(
            {
                "item_id": f"RAT-{short}",
                "kind": "rating",
                "requirement_id": req,
                "block": "",
                "scale_min": 1,
                "scale_max": 5,
                "text": f"How satisfied are you with {low}?",
            }
        )
    for block, texts in ECSI_BLOCKS.items():
        for j, text in enumerate(texts, 1):
            rows.append(
                {
                    "item_id": f"ECSI-{ECSI_CODE[block]}{j}",
                    "kind": "indicator",
                    "requirement_id": "",
                    "block": block,
                    "scale_min": 1,
                    "scale_max": 10,
                    "text": text,
                }
            )
    return pd.DataFrame(rows)


def _ecsi_latents(rng: np.random.Generator, experience: np.ndarray) -> dict[str, np.ndarray]:
    """The ECSI structural model (Fornell et al. 1996; ECSI Technical Committee 1998)."""
    n = len(experience)

    def z(x: np.ndarray) -> np.ndarray:
        return (x - x.mean()) / (x.std() or 1.0)

    def e() -> np.ndarray:
        return rng.normal(0, 1, n)

    exp_z = z(experience)
    image = e()
    expect = z(0.5 * image + 0.87 * e())
    quality = z(0.25 * expect + 0.75 * exp_z + 0.5 * e())
    value = z(0.2 * expect + 0.6 * quality + 0.7 * e())
    sat = z(0.1 * expect + 0.45 * quality + 0.25 * value + 0.15 * image + 0.45 * e())
    compl = z(0.55 * sat + 0.8 * e())
    loyal = z(0.5 * sat + 0.2 * image + 0.15 * compl + 0.7 * e())
    return {
        "image": image,
        "expectation": expect,
        "quality": quality,
        "value": value,
        "satisfaction": sat,
        "complaints": compl,
        "loyalty": loyal,
    }


def _build(sim: _Simulation, progress: Progress | None) -> dict[str, pd.DataFrame]:
    rng = sim.rng
    acc = sim.acc
    cust = sim.cust

    # ---- master data
    products = pd.DataFrame(
        {
            "product_id": list(PRODUCTS),
            "name": [v[0] for v in PRODUCTS.values()],
            "family": [v[1] for v in PRODUCTS.values()],
        }
    )
    stages = pd.DataFrame(
        {
            "stage_id": list(STAGES),
            "name": [v[0] for v in STAGES.values()],
            "sequence": [v[1] for v in STAGES.values()],
        }
    )
    characteristics = pd.DataFrame(
        [
            {
                "characteristic_id": cid,
                "stage_id": v[0],
                "name": v[1],
                "unit": v[2],
                "lsl": v[3],
                "target": v[4],
                "usl": v[5],
                "subgroup_size": v[6],
            }
            for cid, v in CHARACTERISTICS.items()
        ]
    )
    requirements = pd.DataFrame(
        {
            "requirement_id": list(REQUIREMENTS),
            "name": [v[0] for v in REQUIREMENTS.values()],
            "dimension": [v[1] for v in REQUIREMENTS.values()],
            "stage_id": [v[2] or "" for v in REQUIREMENTS.values()],
        }
    )
    items = _items()

    # ---- customers (ids in order of their first order)
    n_c = len(cust["first_day"])
    customer_ids = np.char.add("C-", np.char.zfill(np.arange(1, n_c + 1).astype(str), 5))
    customers = pd.DataFrame(
        {
            "customer_id": customer_ids,
            "segment": np.array(SEGMENT_IDS)[cust["segment"]],
            "country": np.array(COUNTRY_IDS)[cust["country"]],
            "language": np.array(LANG_IDS)[cust["lang"]],
            "since": _dates(cust["since_day"]),
        }
    )

    # ---- lots
    lots_raw = _cat(acc.lots)
    n_l = len(lots_raw["day"])
    code = np.array([PRODUCT_CODE[p] for p in PRODUCT_IDS])[lots_raw["product"]]
    yymmdd = np.array([d[2:].replace("-", "") for d in _dates(lots_raw["day"]).tolist()])
    lot_ids = np.char.add(np.char.add("L-", np.char.add(yymmdd, "-")), code)  # L-YYMMDD-CODE
    produced_sec = lots_raw["day"] * DAY_S + STAGE_HOUR["S70"] * 3600 + rng.integers(0, 3600, n_l)
    lots = pd.DataFrame(
        {
            "lot_id": lot_ids,
            "product_id": np.array(PRODUCT_IDS)[lots_raw["product"]],
            "produced_at": _iso(produced_sec),
            "size": lots_raw["size"],
        }
    )
    if progress:
        progress("lots and parts", 0.3)

    # ---- lot_parts (supplier lots by usage period)
    lot_parts = _lot_parts(sim, lots_raw, lot_ids)

    # ---- inspections and defects
    inspections, defects = _inspections_defects(sim, lots_raw, lot_ids)

    # ---- measurements: one subgroup per characteristic and production day
    measurements = _measurements(sim, lots_raw, lot_ids)
    if progress:
        progress("orders", 0.5)

    # ---- orders (ids in order of time)
    od = _cat(acc.orders)
    order_sec = od["day"] * DAY_S + od["sec"]
    sort = np.lexsort((od["cust"], order_sec))
    order_num = np.empty(len(sort), np.int64)
    order_num[od["idx"][sort]] = np.arange(1, len(sort) + 1)  # idx -> number
    order_ids_by_idx = np.char.add("O-", np.char.zfill(order_num.astype(str), 6))
    lot_col = np.where(od["lot"] >= 0, lot_ids[np.maximum(od["lot"], 0)], "")
    orders = (
        pd.DataFrame(
            {
                "order_id": order_ids_by_idx[od["idx"]],
                "customer_id": customer_ids[od["cust"]],
                "product_id": np.array(PRODUCT_IDS)[od["product"]],
                "ordered_at": _iso(order_sec),
                "delivered_at": _iso(od["delivered"]),
                "quantity": od["qty"],
                "lot_id": lot_col,
            }
        )
        .iloc[sort]
        .reset_index(drop=True)
    )

    # ---- complaints
    cp = _cat(acc.complaints)
    csort = np.lexsort((cp["order"], cp["received"]))
    cp = {k: v[csort] for k, v in cp.items()}
    n_cp = len(csort)
    topics = np.array([p[0] for p in _PLAN_TOPICS])[cp["topic"]]
    kinds = np.array([p[1] for p in _PLAN_TOPICS])[cp["topic"]]
    lang = np.array(LANG_IDS)[cust["lang"][cp["cust"]]]
    no_order = rng.random(n_cp) < 0.07
    order_col = np.where(no_order, "", order_ids_by_idx[cp["order"]])
    channel = np.array(CHANNELS)[rng.choice(len(CHANNELS), n_cp, p=CHANNEL_WEIGHT)]
    laptop_c = LAPTOP[cp["product"]]
    texts = [
        _texts.complaint(rng, lang[i], topics[i], kinds[i], order_col[i], bool(laptop_c[i]))
        for i in range(n_cp)
    ]
    complaints = pd.DataFrame(
        {
            "complaint_id": np.char.add(
                "CMP-", np.char.zfill(np.arange(1, n_cp + 1).astype(str), 5)
            ),
            "received_at": _iso(cp["received"]),
            "customer_id": customer_ids[cp["cust"]],
            "order_id": order_col,
            "product_id": np.array(PRODUCT_IDS)[cp["product"]],
            "channel": channel,
            "language": lang,
            "text": texts,
            "severity": cp["severity"],
        }
    )
    if progress:
        progress("responses", 0.7)

    # ---- responses and comments
    rs = _cat(acc.responses)
    rsort = np.lexsort((rs["order"], rs["answered"]))
    rs = {k: v[rsort] for k, v in rs.items()}
    n_r = len(rsort)
    response_ids = np.char.add("RS-", np.char.zfill(np.arange(1, n_r + 1).astype(str), 6))
    r_lang = np.array(LANG_IDS)[cust["lang"][rs["cust"]]]
    laptop_r = LAPTOP[rs["product"]]
    comments = np.full(n_r, "", dtype=object)
    keys = [k for k in rs if k.startswith("i_")] + ["wish_usbc", "nps"]
    for i in np.flatnonzero(rs["comment"]):
        row = {k: rs[k][i] for k in keys}
        parts = _comment_parts(rng, row, bool(laptop_r[i]))
        comments[i] = _texts.comment(rng, r_lang[i], parts, bool(laptop_r[i]))
    responses = pd.DataFrame(
        {
            "response_id": response_ids,
            "answered_at": _iso(rs["answered"]),
            "customer_id": customer_ids[rs["cust"]],
            "order_id": order_ids_by_idx[rs["order"]],
            "product_id": np.array(PRODUCT_IDS)[rs["product"]],
            "language": r_lang,
            "nps": rs["nps"],
            "csat": rs["csat"],
            "ces": rs["ces"],
            "comment": comments,
        }
    )
    if progress:
        progress("answers", 0.85)
    answers = _answers(sim, rs, response_ids, laptop_r, items)

    return {
        "customers": customers,
        "products": products,
        "orders": orders,
        "lots": lots,
        "lot_parts": lot_parts,
        "stages": stages,
        "characteristics": characteristics,
        "measurements": measurements,
        "inspections": inspections,
        "defects": defects,
        "requirements": requirements,
        "items": items,
        "responses": responses,
        "answers": answers,
        "complaints": complaints,
    }


_PLAN_TOPICS = (
    ("display", "neg"),
    ("battery", "swelling"),
    ("battery", "neg"),
    ("rattle", "neg"),
    ("delivery", "neg"),
    ("support", "neg"),
    ("usb-c", "neg"),
    ("price", "neg"),
    ("keyboard", "neg"),
)


def _supplier_lot(days: np.ndarray, starts: list[tuple[int, str]]) -> np.ndarray:
    begin = np.array([s for s, _ in starts])
    names = np.array([n for _, n in starts])
    pos = np.searchsorted(begin, days, side="right") - 1
    return names[np.maximum(pos, 0)]


def _weekly_lot(prefix: str, days: np.ndarray, weeks: int) -> np.ndarray:
    """Supplier lots delivered every ``weeks`` weeks, named PREFIX-YYWW by ISO week."""
    monday0 = -START.weekday()  # day index of the Monday of START's week
    block_start = monday0 + ((days - monday0) // (7 * weeks)) * 7 * weeks
    names = {}
    for d in np.unique(block_start).tolist():
        iso = (START + dt.timedelta(days=d)).isocalendar()
        names[d] = f"{prefix}-{iso.year % 100:02d}{iso.week:02d}"
    return np.array([names[d] for d in block_start.tolist()])


def _monthly_starts(prefix: str, day_of_month: int) -> list[tuple[int, str]]:
    out = []
    d = dt.date(2025, 10, day_of_month)
    while d <= END:
        out.append((_day(d), f"{prefix}-{d:%y%m}"))
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, day_of_month)
    return out


def _lot_parts(
    sim: _Simulation, lots_raw: dict[str, np.ndarray], lot_ids: np.ndarray
) -> pd.DataFrame:
    sc = sim.sc
    day = lots_raw["day"]
    laptop = LAPTOP[lots_raw["product"]]
    # VOLTA delivers monthly lots used from the 4th; the bad lot VOLTA-2605 is used exactly
    # in the bad-lot window (its successor VOLTA-2606 from the day after)
    volta_starts = [
        (s, n) for s, n in _monthly_starts("VOLTA", 4) if n not in ("VOLTA-2605", "VOLTA-2606")
    ]
    volta_starts += [
        (_day(sc.bad_lot_window[0]), sc.bad_supplier_lot),
        (_day(sc.bad_lot_window[1]) + 1, "VOLTA-2606"),
    ]
    volta_starts.sort()
    frames = []
    # battery cells (laptops): VOLTA or ENERCELL
    bat = np.flatnonzero(laptop)
    volta = lots_raw["volta"][bat]
    frames.append(
        pd.DataFrame(
            {
                "lot": bat,
                "part": "battery cells",
                "supplier_id": np.where(volta, "SUP-VOLTA", "SUP-ENERCELL"),
                "supplier_lot_id": np.where(
                    volta,
                    _supplier_lot(day[bat], volta_starts),
                    _supplier_lot(day[bat], _monthly_starts("EC", 15)),
                ),
            }
        )
    )
    frames.append(
        pd.DataFrame(
            {
                "lot": bat,
                "part": "display panel",
                "supplier_id": "SUP-LUMI",
                "supplier_lot_id": _weekly_lot("LUMI", day[bat], 2),
            }
        )
    )
    allx = np.arange(len(day))
    frames.append(
        pd.DataFrame(
            {
                "lot": allx,
                "part": "main board",
                "supplier_id": "SUP-BOARDTEK",
                "supplier_lot_id": _weekly_lot("BT", day, 1),
            }
        )
    )
    frames.append(
        pd.DataFrame(
            {
                "lot": allx,
                "part": "chassis",
                "supplier_id": "SUP-CASEWORKS",
                "supplier_lot_id": _supplier_lot(day, _monthly_starts("CW", 1)),
            }
        )
    )
    out = pd.concat(frames, ignore_index=True).sort_values(["lot", "part"], kind="stable")
    out.insert(0, "lot_id", lot_ids[out.pop("lot").to_numpy()])
    return out.reset_index(drop=True)


_DEFECT_KEYS = sorted((s, t) for s, ts in DEFECT_TYPES.items() for t, *_ in ts)


def _inspections_defects(
    sim: _Simulation, lots_raw: dict[str, np.ndarray], lot_ids: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = sim.rng
    day = lots_raw["day"]
    size = lots_raw["size"]
    laptop = LAPTOP[lots_raw["product"]]
    counts = lots_raw["defects"]  # lots × _DEFECT_KEYS
    insp_parts = []
    def_parts = []
    part_supplier = {
        "main boards": np.full(len(day), "SUP-BOARDTEK"),
        "display panels": np.full(len(day), "SUP-LUMI"),
        "battery cells": np.where(lots_raw["volta"], "SUP-VOLTA", "SUP-ENERCELL"),
        "chassis": np.full(len(day), "SUP-CASEWORKS"),
    }
    for stage in STAGES:
        applies = laptop if stage in LAPTOP_STAGES else np.ones(len(day), bool)
        cols = [j for j, (s, _t) in enumerate(_DEFECT_KEYS) if s == stage]
        stage_counts = counts[:, cols]
        total = stage_counts.sum(axis=1)
        # a unit rarely has two defects: defective units ≤ defects
        overlap = rng.binomial(total, 0.05)
        defective = np.minimum(total - np.minimum(overlap, np.maximum(total - 1, 0)), size)
        t_sec = day * DAY_S + STAGE_HOUR[stage] * 3600 + rng.integers(0, 3000, len(day))
        sel = np.flatnonzero(applies)
        insp_parts.append(
            pd.DataFrame(
                {
                    "stage_id": stage,
                    "t": t_sec[sel],
                    "lot_id": lot_ids[sel],
                    "inspected": size[sel],
                    "passed_first_time": size[sel] - defective[sel],
                    "defective": defective[sel],
                    "defects": total[sel],
                }
            )
        )
        for j in cols:
            s, dtype = _DEFECT_KEYS[j]
            part = next(p for t, _r, _l, p in DEFECT_TYPES[s] if t == dtype)
            hit = np.flatnonzero(applies & (counts[:, j] > 0))
            if not len(hit):
                continue
            def_parts.append(
                pd.DataFrame(
                    {
                        "stage_id": stage,
                        "t": t_sec[hit] + rng.integers(60, 1800, len(hit)),
                        "lot_id": lot_ids[hit],
                        "defect_type": dtype,
                        "count": counts[hit, j],
                        "supplier_id": part_supplier[part][hit] if part else "",
                    }
                )
            )
    insp = pd.concat(insp_parts, ignore_index=True).sort_values(["t", "stage_id"], kind="stable")
    insp.insert(1, "inspected_at", _iso(insp.pop("t").to_numpy()))
    defects = pd.concat(def_parts, ignore_index=True).sort_values(
        ["t", "stage_id", "defect_type"], kind="stable"
    )
    defects.insert(1, "found_at", _iso(defects.pop("t").to_numpy()))
    return insp.reset_index(drop=True), defects.reset_index(drop=True)


def _measurements(
    sim: _Simulation, lots_raw: dict[str, np.ndarray], lot_ids: np.ndarray
) -> pd.DataFrame:
    rng = sim.rng
    lot_day = lots_raw["day"]
    laptop = LAPTOP[lots_raw["product"]]
    prod_days = np.unique(lot_day)
    per_day = max(1, round(sim.scale))
    frames = []
    for cid, (stage, *_rest) in CHARACTERISTICS.items():
        mean, sigma, res = PROCESS[cid]
        eligible = laptop if stage in LAPTOP_STAGES else np.ones(len(lot_day), bool)
        cand = np.flatnonzero(eligible)
        days = np.intersect1d(prod_days, lot_day[cand])
        days = np.repeat(days, per_day)
        k = np.tile(np.arange(per_day), len(days) // per_day)
        # the subgroup's lot: one of the day's eligible lots
        first = np.searchsorted(lot_day[cand], days, side="left")
        last = np.searchsorted(lot_day[cand], days, side="right")
        pick = first + (rng.random(len(days)) * (last - first)).astype(np.int64)
        lot = cand[pick]
        mu = sim.gap_mean(days) if cid == "C-S30-GAP" else np.full(len(days), mean)
        n = 5
        values = mu[:, None] + rng.normal(0, sigma, (len(days), n))
        values = np.round(np.round(values / res) * res, 6)
        t0 = days * DAY_S + (STAGE_HOUR[stage] * 3600) + k * 5400 + rng.integers(0, 1800, len(days))
        t = t0[:, None] + np.arange(n)[None, :] * 90
        sub = np.char.add(
            np.char.add(f"{cid}-", np.char.replace(_dates(days), "-", "").astype(str)),
            np.char.add("-", (k + 1).astype(str)),
        )
        frames.append(
            pd.DataFrame(
                {
                    "characteristic_id": cid,
                    "t": t.ravel(),
                    "value": values.ravel(),
                    "subgroup": np.repeat(sub, n),
                    "lot_id": np.repeat(lot_ids[lot], n),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["t", "characteristic_id"], kind="stable")
    out.insert(1, "measured_at", _iso(out.pop("t").to_numpy()))
    return out.reset_index(drop=True)


def _answers(
    sim: _Simulation,
    rs: dict[str, np.ndarray],
    response_ids: np.ndarray,
    laptop_r: np.ndarray,
    items: pd.DataFrame,
) -> pd.DataFrame:
    rng = sim.rng
    sc = sim.sc
    ext = np.flatnonzero(rs["extended"])
    m = len(ext)
    day = rs["answered"][ext] // DAY_S
    w_usbc = sim.usbc_weight(day)
    latent = rs["latent"][ext]
    laptop = laptop_r[ext]
    frames: list[pd.DataFrame] = []

    def add(item_id: str, values: np.ndarray, mask: np.ndarray | None = None) -> None:
        keep = rng.random(m) < 0.97  # item non-response
        if mask is not None:
            keep &= mask
        frames.append(
            pd.DataFrame(
                {"r": ext[keep], "item_id": item_id, "value": values[keep].astype(np.int64)}
            )
        )

    for req in REQ_IDS:
        short = req.removeprefix("R-")
        dom = np.full(m, KANO_CATS.index(sc.kano[req]))
        if req in sc.kano_shift and not sim.healthy:
            before, after = sc.kano_shift[req]
            switched = rng.random(m) < w_usbc
            dom = np.where(switched, KANO_CATS.index(after), KANO_CATS.index(before))
        f, d = _kano_answers(rng, dom, m)
        add(f"KANO-F-{short}", f)
        add(f"KANO-D-{short}", d)

        imp = np.full(m, IMPORTANCE[req])
        exp = np.full(m, EXPECTATION[req])
        if req == sc.emerging_requirement:
            imp = imp + w_usbc * (USBC_AFTER["importance"] - IMPORTANCE[req])
            exp = exp + w_usbc * (USBC_AFTER["expectation"] - EXPECTATION[req])
        per = np.full(m, PERCEPTION[req]) + 0.25 * (latent - 8.5)
        if req == "R-DISPLAY":
            per -= 2.8 * rs["i_display"][ext]
        elif req == "R-DELIVERY":
            lead = rs["lead"][ext]
            per -= 0.3 * np.clip(lead - 5, 0, 2)
            per -= rs["i_delivery"][ext] * (3.5 + 0.15 * np.clip(lead - 7, 0, 20))
        elif req == "R-BATTERY":
            per -= 3.0 * rs["i_swelling"][ext] + 1.8 * rs["i_battery"][ext]
        elif req == "R-SUPPORT":
            per -= 2.5 * rs["i_support"][ext]
        applies = laptop if req in LAPTOP_REQS else None

        def seven(mu: np.ndarray, sd: float) -> np.ndarray:
            return np.clip(np.rint(mu + rng.normal(0, sd, m)), 1, 7)

        add(f"IMP-{short}", seven(imp, 0.8))
        add(f"EXP-{short}", seven(exp, 0.8))
        per_v = seven(per, 0.75)
        add(f"PER-{short}", per_v, applies)
        rating = np.clip(np.rint(1 + (per - 1) / 6 * 4 + rng.normal(0, 0.5, m)), 1, 5)
        add(f"RAT-{short}", rating, applies)

    lat = _ecsi_latents(rng, latent)
    loadings = (0.88, 0.82, 0.76, 0.8)
    for block, texts in ECSI_BLOCKS.items():
        for j in range(len(texts)):
            lam = loadings[j]
            x = lam * lat[block] + np.sqrt(1 - lam**2) * rng.normal(0, 1, m)
            val = np.clip(np.rint(7.6 + 1.5 * x), 1, 10)
            add(f"ECSI-{ECSI_CODE[block]}{j + 1}", val)
    out = pd.concat(frames, ignore_index=True).sort_values(["r", "item_id"], kind="stable")
    out.insert(0, "response_id", response_ids[out.pop("r").to_numpy()])
    del items
    return out.reset_index(drop=True)


def generate_tables(
    seed: int = 42,
    scale: float = 1.0,
    healthy: bool = False,
    progress: Progress | None = None,
) -> dict[str, pd.DataFrame]:
    """The demo workspace as data frames (one per workspace table), without writing files."""
    sim = _Simulation(seed, scale, healthy, SCENARIO)
    sim.run(progress)
    tables = _build(sim, progress)
    if progress:
        progress("done", 1.0)
    return tables


def generate(
    out_dir: str | Path, seed: int = 42, scale: float = 1.0, healthy: bool = False
) -> dict[str, int]:
    """Write the demo workspace (one ``<table>.csv`` per workspace table) into ``out_dir``.

    Returns the number of rows written per table. Deterministic: the same seed, scale
    and variant give the same bytes. ``healthy=True`` generates the same company
    without any of the problems described in :data:`SCENARIO`.
    """
    return write_tables(generate_tables(seed, scale, healthy), out_dir)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> dict[str, int]:
    """Write each frame as ``<name>.csv`` (UTF-8, comma, ``\\n``) and return rows per table."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for name, frame in tables.items():
        frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
        written[name] = len(frame)
    return written
