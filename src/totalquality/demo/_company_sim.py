"""Simulate a random company week by week: orders → lots → deliveries → what goes wrong →
complaints, survey answers and repurchases.

Like the Nordlap generator, production is simulated in weekly batches because the planted
problems interact with volume and with customers: a strained week raises a stage's
defects in that week's lots, whose customers complain, answer worse and — after a bad
first order — may not come back. Every issue an order has is recorded with its cause
(a problem's index, or −1 for the company's ordinary background), which is how the truth
file counts the complaints a problem caused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from scipy.special import ndtr

from ._company_plan import Plan, Problem, sigma_total
from ._company_structure import Structure, Supplier

__all__ = ["DAY", "Simulation", "supplier_blocks", "supplier_lot_name"]

DAY = 86_400
SERVICE_LAG = {  # (from, to) days after the event the complaint refers to
    "delivery": (0, 3),
    "support": (1, 14),
    "invoices": (2, 30),
    "price": (0, 30),
    "packaging": (0, 4),
    "returns": (10, 40),
    "app": (0, 10),
}
PROPENSITY = {
    "delivery": 0.35,
    "support": 0.45,
    "invoices": 0.5,
    "price": 0.2,
    "packaging": 0.3,
    "returns": 0.55,
    "app": 0.2,
}
PENALTY = {
    "support": 2.5,
    "invoices": 1.5,
    "price": 0.8,
    "packaging": 0.8,
    "returns": 1.5,
    "app": 0.6,
}
_HOLIDAYS = {(12, 24), (12, 25), (12, 26), (1, 1)}
QTY = {  # segment -> (kind, parameter, cap)
    "consumer": ("one", 0.05, 2),
    "business": ("geometric", 0.5, 10),
    "education": ("negbin", 0.4, 15),
    "public sector": ("negbin", 0.35, 15),
    "reseller": ("uniform", 2, 20),
}


def supplier_blocks(s: Structure, sup: Supplier) -> np.ndarray:
    """Index of the supplier lot in use on each day (weekly, fortnightly, monthly, quarterly)."""
    days = np.arange(s.days)
    if sup.cadence in (7, 14):
        return (days + s.start.weekday() + sup.phase) // sup.cadence
    shifted = np.datetime64(s.start.isoformat(), "D") + (days - sup.phase).astype("timedelta64[D]")
    months = shifted.astype("datetime64[M]").astype(np.int64)
    return months if sup.cadence == 30 else months // 3


def supplier_lot_name(s: Structure, sup: Supplier, block: int) -> str:
    first = int(np.flatnonzero(supplier_blocks(s, sup) == block)[0])
    d = s.start + dt.timedelta(days=first)
    if sup.cadence in (7, 14):
        iso = d.isocalendar()
        return f"{sup.prefix}-{iso.year % 100:02d}{iso.week:02d}"
    if sup.cadence == 30:
        return f"{sup.prefix}-{d:%y%m}"
    return f"{sup.prefix}-{d:%y}Q{(d.month - 1) // 3 + 1}"


def _cat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if not parts:
        return {}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


@dataclass
class Acc:
    orders: list[dict[str, np.ndarray]] = field(default_factory=list)
    lots: list[dict[str, np.ndarray]] = field(default_factory=list)
    complaints: list[dict[str, np.ndarray]] = field(default_factory=list)
    responses: list[dict[str, np.ndarray]] = field(default_factory=list)
    week_volume: dict[int, int] = field(default_factory=dict)
    strained_weeks: set[int] = field(default_factory=set)


class Issues:
    """Which orders of a batch have which problem, and what caused it (−1: background)."""

    def __init__(self, rng: np.random.Generator, n: int, keys: list[str]) -> None:
        self.rng = rng
        self.n = n
        self.index = {k: i for i, k in enumerate(keys)}
        self.flag = np.zeros((len(keys), n), bool)
        self.cause = np.full((len(keys), n), -1, np.int16)

    def add(self, key: str, p: np.ndarray | float, cause: int = -1) -> np.ndarray:
        k = self.index[key]
        hit = self.rng.random(self.n) < p
        new = hit & ~self.flag[k]
        self.flag[k] |= hit
        self.cause[k][new] = cause
        return hit


class Simulation:
    def __init__(self, s: Structure, plan: Plan, rng: np.random.Generator) -> None:
        self.s = s
        self.plan = plan
        self.rng = rng
        self.acc = Acc()
        self.n_orders = 0
        self.n_lots = 0
        keys = set(plan.base_rates) | {p.key for p in plan.problems if p.key}
        keys |= {f"{p.topic}:{p.kind}" for p in s.parts} | {"delivery:neg"}
        self.keys = sorted(keys)
        self.kidx = {k: i for i, k in enumerate(self.keys)}
        self._calendar()
        self.defect_keys = self._defect_keys()
        self.threshold: float | None = None
        self.languages = sorted({"en", *(lang for c in s.languages for lang in c)})

    # ------------------------------------------------------------------ set-up
    def _calendar(self) -> None:
        s = self.s
        days = np.arange(s.days + 40)
        dates = [s.start + dt.timedelta(days=int(d)) for d in days]
        holiday = np.array([(d.month, d.day) in _HOLIDAYS for d in dates])
        weekday = (s.start.weekday() + days) % 7
        self.production = (weekday < 5) & ~holiday
        prod_days = np.flatnonzero(self.production)
        pos = np.searchsorted(prod_days, days[: s.days] + s.build_lead, side="left")
        nxt = prod_days[np.minimum(pos, len(prod_days) - 1)]
        self.next_prod = np.where(nxt < s.days, nxt, -1)
        self.week = (days + s.start.weekday()) // 7

    def _defect_keys(self) -> list[tuple[int, str, int, int]]:
        """(stage, defect type, part or −1, characteristic or −1) per defect type."""
        out = []
        for st, stage in enumerate(self.s.stages):
            out += [(st, t, -1, -1) for t, _r in stage.defects]
        out += [(ch.stage, ch.defect, -1, c) for c, ch in enumerate(self.s.chars)]
        out += [(p.stage, p.defect, i, -1) for i, p in enumerate(self.s.parts)]
        return out

    # ------------------------------------------------------------------ customers
    def customers(self) -> None:
        s, rng = self.s, self.rng
        seg_w = np.array([g.weight for g in s.segments])
        lam = (
            self.plan.day_shape[:, None, None]
            * s.country_weight[None, :, None]
            * seg_w[None, None, :]
        )
        for p in self.plan.of("growth_strain"):
            ramp = 1 + (p.params["campaign_factor"] - 1) * np.clip(
                (np.arange(s.days) - p.start) / 14, 0, 1
            )
            if p.country is not None:
                lam[:, p.country, :] *= ramp[:, None]
            else:
                lam[:, :, p.segment] *= ramp[:, None]
        n_ex = round(s.n_customers * s.existing_share)
        n_new = s.n_customers - n_ex
        cells = rng.choice(lam.size, size=n_new, p=(lam / lam.sum()).ravel())
        day, country, seg = np.unravel_index(np.sort(cells), lam.shape)
        sec = rng.integers(7 * 3600, 23 * 3600, n_new)
        order = np.lexsort((sec, day))
        day, country, seg, sec = day[order], country[order], seg[order], sec[order]
        ex_country = rng.choice(len(s.countries), n_ex, p=s.country_weight)
        ex_seg = rng.choice(len(s.segments), n_ex, p=seg_w)
        country = np.concatenate([ex_country, country])
        self.cust = {
            "n_existing": np.array(n_ex),
            "since_day": np.concatenate([np.sort(rng.integers(-4 * 365, 0, n_ex)), day]),
            "first_day": np.concatenate([np.full(n_ex, -1), day]),
            "first_sec": np.concatenate([np.zeros(n_ex, np.int64), sec]),
            "country": country,
            "segment": np.concatenate([ex_seg, seg]),
            "lang": self._languages(country),
        }

    def _languages(self, country: np.ndarray) -> np.ndarray:
        lang = np.full(len(country), self.languages.index("en"))
        u = self.rng.random(len(country))
        for c, shares in enumerate(self.s.languages):
            lo = 0.0
            for name, share in shares.items():
                sel = (country == c) & (u >= lo) & (u < lo + share)
                lang[sel] = self.languages.index(name)
                lo += share
        return lang

    def _orders(
        self, cust: np.ndarray, day: np.ndarray, seq: np.ndarray, prev: np.ndarray | None
    ) -> dict[str, np.ndarray]:
        s, rng = self.s, self.rng
        n = len(cust)
        product = rng.choice(len(s.products), n, p=self.product_weight)
        if prev is not None:
            product = np.where(rng.random(n) < 0.6, prev, product)
        qty = np.ones(n, np.int64)
        seg = self.cust["segment"][cust]
        for g, segment in enumerate(s.segments):
            sel = np.flatnonzero(seg == g)
            kind, par, cap = QTY[segment.name]
            if kind == "one":
                qty[sel] += (rng.random(len(sel)) < par).astype(np.int64)
            elif kind == "geometric":
                qty[sel] = np.minimum(rng.geometric(par, len(sel)), cap)
            elif kind == "negbin":
                qty[sel] = np.minimum(1 + rng.negative_binomial(1, par, len(sel)), cap)
            else:
                qty[sel] = rng.integers(int(par), cap + 1, len(sel))
        return {"cust": cust, "day": day, "sec": rng.integers(7 * 3600, 23 * 3600, n),
                "product": product, "qty": qty, "seq": seq}  # fmt: skip

    def _initial_orders(self) -> dict[str, np.ndarray]:
        s, rng = self.s, self.rng
        self.product_weight = rng.dirichlet(np.full(len(s.products), 2.0))
        n_ex = int(self.cust["n_existing"])
        new = np.arange(n_ex, len(self.cust["first_day"]))
        queue = self._orders(new, self.cust["first_day"][new], np.ones(len(new), np.int64), None)
        queue["sec"] = self.cust["first_sec"][new].copy()
        rate = np.array([g.existing_rate for g in s.segments])[self.cust["segment"][:n_ex]]
        k = rng.poisson(rate * s.days / 365)
        cust = np.repeat(np.arange(n_ex), k)
        p = self.plan.day_shape / self.plan.day_shape.sum()
        existing = self._orders(
            cust, rng.choice(s.days, len(cust), p=p), np.zeros(len(cust), np.int64), None
        )
        return {key: np.concatenate([queue[key], existing[key]]) for key in queue}

    # ------------------------------------------------------------------ the loop
    def run(self) -> None:
        self.customers()
        queue = self._initial_orders()
        for w in np.unique(self.week[: self.s.days]):
            prod_day = self.next_prod[queue["day"]]
            pweek = np.where(prod_day >= 0, self.week[np.maximum(prod_day, 0)], -1)
            never = pweek < 0
            if never.any():
                self._unbuilt({k: v[never] for k, v in queue.items()})
            now = pweek == w
            batch = {k: v[now] for k, v in queue.items()}
            queue = {k: v[pweek > w] for k, v in queue.items()}
            if len(batch["cust"]):
                again = self._week(int(w), batch, prod_day[now])
                queue = {k: np.concatenate([queue[k], again[k]]) for k in queue}

    def _unbuilt(self, part: dict[str, np.ndarray]) -> None:
        n = len(part["cust"])
        idx = np.arange(self.n_orders, self.n_orders + n)
        self.n_orders += n
        self.acc.orders.append({**part, "idx": idx, "lot": np.full(n, -1), "prod_day": np.full(n, -1),
                                "delivered": np.full(n, -1, np.int64), "late": np.zeros(n, bool),
                                "bad_first": np.zeros(n, bool), "exposed": self._time_exposure(part)})  # fmt: skip

    def _week(
        self, w: int, o: dict[str, np.ndarray], prod_day: np.ndarray
    ) -> dict[str, np.ndarray]:
        n = len(o["cust"])
        idx = np.arange(self.n_orders, self.n_orders + n)
        self.n_orders += n
        n_p = len(self.s.products)
        keys, lot_of = np.unique(prod_day * n_p + o["product"], return_inverse=True)
        size = np.bincount(lot_of, weights=o["qty"]).astype(np.int64)
        lots = {"day": keys // n_p, "product": keys % n_p, "size": size}
        volume = int(size.sum())
        self.acc.week_volume[w] = volume
        issues = Issues(self.rng, n, self.keys)
        field, exposed = self._lots(w, lots, volume, lot_of)
        for key, prob, cause in field:
            issues.add(key, prob[lot_of], cause)
        deliv_sec, late, late_cause = self._deliver(o, prod_day)
        k = self.kidx["delivery:neg"]
        issues.flag[k] = late
        issues.cause[k] = late_cause
        self._service(o, issues)
        exposed |= self._time_exposure(o)
        for key, rate in self.plan.base_rates.items():
            if key != "delivery:neg":
                issues.add(key, rate)
        delivered = np.where(deliv_sec < self.s.days * DAY, deliv_sec, -1)
        complained = self._complaints(o, idx, issues, deliv_sec, delivered)
        _answered, respond, nps = self._responses(o, idx, issues, deliv_sec, delivered)
        bad = (
            complained
            | late
            | issues.flag[[self.kidx[t] for t in self._product_keys()]].any(axis=0)
        )
        bad |= respond & (nps <= 6)
        first = o["seq"] == 1
        self.acc.orders.append({**o, "idx": idx, "lot": self.n_lots + lot_of, "prod_day": prod_day,
                                "delivered": delivered, "late": late, "bad_first": first & bad,
                                "exposed": exposed})  # fmt: skip
        self.n_lots += len(keys)
        return self._repurchase(o, bad, delivered)

    def _product_keys(self) -> list[str]:
        topics = set(self.s.product_topics)
        return [k for k in self.keys if k.split(":")[0] in topics]

    # ------------------------------------------------------------------ production
    def _lots(
        self, w: int, lots: dict[str, np.ndarray], volume: int, lot_of: np.ndarray
    ) -> tuple[list[tuple[str, np.ndarray, int]], np.ndarray]:
        """Defects per lot and type, supplier lots, and the field risk each lot carries."""
        s, rng, plan = self.s, self.rng, self.plan
        n_l = len(lots["day"])
        day = lots["day"]
        rates = np.zeros((n_l, len(self.defect_keys)))
        for j, (st, dtype, part, c) in enumerate(self.defect_keys):
            if c >= 0:
                rates[:, j] = 0.0008 + 0.5 * self.tail(c, day)
            elif part >= 0:
                rates[:, j] = 0.001
            else:
                rates[:, j] = dict(s.stages[st].defects)[dtype]
        field: list[tuple[str, np.ndarray, int]] = []
        exposed = np.zeros(len(lot_of), np.int64)
        sup_choice = np.stack([rng.choice(len(p.suppliers), n_l, p=[x.share for x in p.suppliers])
                               for p in s.parts]) if s.parts else np.zeros((0, n_l), np.int64)  # fmt: skip
        for i, p in enumerate(plan.problems):
            hit = self._lot_problem(i, p, w, day, volume, sup_choice, rates, field)
            if hit is not None:
                exposed |= np.where(hit[lot_of], 1 << i, 0)
        counts = rng.binomial(lots["size"][:, None], np.clip(rates, 0, 1))
        self.acc.lots.append({**lots, "defects": counts, "suppliers": sup_choice.T.copy()})
        return field, exposed

    def tail(self, c: int, day: np.ndarray) -> np.ndarray:
        """Share of units out of specification on the given production days."""
        ch = self.s.chars[c]
        sd = sigma_total(self.s, c)
        mean = ch.mean0 + sd * self.plan_offset(c, day)
        return ndtr((mean - ch.usl) / sd) + ndtr((ch.lsl - mean) / sd)

    def plan_offset(self, c: int, day: np.ndarray) -> np.ndarray:
        """The planted shift of characteristic c's mean on each day, in total sigmas."""
        day = np.asarray(day, dtype=float)
        out = np.zeros(day.shape)
        for p in self.plan.problems:
            if p.char != c:
                continue
            out += p.params["shift_sigma"] * self.fraction(p, day)
        return out

    def fraction(self, p: Problem, day: np.ndarray) -> np.ndarray:
        """How much of a characteristic problem is in effect on each day (0…1)."""
        on = p.active(day).astype(float)
        if p.kind == "characteristic_drift":
            ramp = np.clip((day - p.start) / max(p.params["ramp_days"], 1), 0, 1)
            held = (day > p.start) if p.end is None else p.active(day)
            return np.where(held, ramp, 0.0)
        if p.kind == "excursion":
            return on * self.production[np.asarray(day, dtype=np.int64)]
        return on

    def _lot_problem(
        self, i: int, p: Problem, w: int, day: np.ndarray, volume: int,
        sup_choice: np.ndarray, rates: np.ndarray, field: list[tuple[str, np.ndarray, int]],
    ) -> np.ndarray | None:  # fmt: skip
        if p.kind == "supplier_lot":
            sup = self.s.parts[p.part or 0].suppliers[p.supplier or 0]
            block = supplier_blocks(self.s, sup)[day]
            hit = (sup_choice[p.part or 0] == p.supplier) & (block == p.supplier_lot)
            j = next(j for j, k in enumerate(self.defect_keys) if k[2] == p.part)
            rates[:, j] = np.where(hit, p.params["defect_rate"], rates[:, j])
            field.append((p.key, hit * p.params["field_rate"], i))
            return hit
        if p.char is not None:
            frac = self.fraction(p, day.astype(float))
            field.append((p.key, frac * p.params["field_rate"], i))
            return frac > 0
        if p.kind == "growth_strain":
            return self._strain(i, p, w, day, volume, rates, field)
        return None

    def _strain(
        self, i: int, p: Problem, w: int, day: np.ndarray, volume: int,
        rates: np.ndarray, field: list[tuple[str, np.ndarray, int]],
    ) -> np.ndarray | None:  # fmt: skip
        start_week = int(self.week[p.start])
        if w < start_week:
            return None
        if self.threshold is None:
            full = [
                v for wk, v in self.acc.week_volume.items() if wk < start_week and wk > self.week[0]
            ]
            base = max(full) if full else max(self.acc.week_volume.values())
            self.threshold = p.params["threshold_factor"] * base
            p.params["threshold_units"] = round(self.threshold, 1)
        if volume <= self.threshold:
            return None
        self.acc.strained_weeks.add(w)
        j = next(j for j, k in enumerate(self.defect_keys) if k[0] == p.stage)
        base = rates[0, j]
        extra = min(p.params["cap"], p.params["slope"] * (volume / self.threshold - 1))
        rates[:, j] = base + extra
        field.append((p.key, np.full(len(day), p.params["field_share"] * extra), i))
        return np.ones(len(day), bool)

    # ------------------------------------------------------------------ service
    def _deliver(
        self, o: dict[str, np.ndarray], prod_day: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        s, rng = self.s, self.rng
        n = len(prod_day)
        country = self.cust["country"][o["cust"]]
        from ._company_structure import COUNTRY_POOL

        lo = np.array([COUNTRY_POOL[c][1][0] for c in s.countries])[country]
        hi = np.array([COUNTRY_POOL[c][1][1] for c in s.countries])[country]
        ship = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
        late = rng.random(n) < self.plan.base_rates["delivery:neg"]
        cause = np.full(n, -1, np.int16)
        for i, p in enumerate(self.plan.problems):
            if p.kind != "regional_service":
                continue
            on = (country == p.country) & p.active(o["day"])
            if p.variant == "late_delivery":
                new = on & ~late & (rng.random(n) < p.params["late_rate"])
                late |= new
                cause[new] = i
        extra = np.where(late, rng.integers(5, 16, n), 0)
        deliv_day = prod_day + ship + extra
        return deliv_day * DAY + rng.integers(9 * 3600, 18 * 3600, n), late, cause

    def _time_exposure(self, o: dict[str, np.ndarray]) -> np.ndarray:
        """Orders a place-and-time problem applies to: placed in its window (and place)."""
        exposed = np.zeros(len(o["cust"]), np.int64)
        country = self.cust["country"][o["cust"]]
        seg = self.cust["segment"][o["cust"]]
        for i, p in enumerate(self.plan.problems):
            on = p.active(o["day"])
            if p.kind == "regional_service":
                on &= country == p.country
            elif p.kind == "segment_decline":
                on &= seg == p.segment
            elif p.kind != "emerging_requirement":
                continue
            exposed |= np.where(on, 1 << i, 0)
        return exposed

    def _service(self, o: dict[str, np.ndarray], issues: Issues) -> None:
        """Planted service problems: slow support in a country, a segment's cause, wishes."""
        country = self.cust["country"][o["cust"]]
        seg = self.cust["segment"][o["cust"]]
        for i, p in enumerate(self.plan.problems):
            if p.kind == "regional_service" and p.variant == "slow_support":
                on = (country == p.country) & p.active(o["day"])
                issues.add(p.key, on * p.params["support_rate"], i)
            elif p.kind == "segment_decline":
                on = (seg == p.segment) & p.active(o["day"])
                issues.add(p.key, on * p.params["issue_rate"], i)
            elif p.kind == "emerging_requirement":
                ramp = np.clip((o["day"] - p.start + 1) / p.params["ramp_days"], 0, 1)
                issues.add(p.key, ramp * p.params["share"], i)

    # ------------------------------------------------------------------ customers react
    def _onset(self, key: str, deliv_sec: np.ndarray, o: dict[str, np.ndarray]) -> np.ndarray:
        rng = self.rng
        n = len(deliv_sec)
        topic = key.split(":")[0]
        if topic in SERVICE_LAG:
            if topic == "app":
                return o["day"] * DAY + o["sec"] + rng.integers(0, 2 * DAY, n)
            return deliv_sec + (rng.integers(1, 20, n) * DAY if topic == "support" else 0)
        if topic in self.s.product_topics:
            return deliv_sec + rng.integers(1, 61, n) * DAY
        return deliv_sec + rng.integers(3, 40, n) * DAY  # a wish, said some weeks after

    def _complaints(
        self, o: dict[str, np.ndarray], idx: np.ndarray, issues: Issues,
        deliv_sec: np.ndarray, delivered: np.ndarray,
    ) -> np.ndarray:  # fmt: skip
        rng = self.rng
        n = len(idx)
        complained = np.zeros(n, bool)
        self.onset = {}
        parts = []
        for k, key in enumerate(self.keys):
            flag = issues.flag[k]
            self.onset[key] = onset = self._onset(key, deliv_sec, o)
            if not flag.any():
                continue
            topic, kind = key.split(":")
            prop = PROPENSITY.get(topic, 0.8 if kind == "swelling" else 0.55)
            if topic not in SERVICE_LAG and topic not in self.s.product_topics:
                prop = 0.25
            lo, hi = SERVICE_LAG.get(topic, (0, 7))
            c = flag & (rng.random(n) < prop) & (delivered >= 0)
            rec = onset + rng.integers(lo * DAY, (hi + 1) * DAY, n)
            complained |= c
            keep = c & (rec < self.s.days * DAY)
            if keep.any():
                m = int(keep.sum())
                parts.append({"order": idx[keep], "cust": o["cust"][keep], "product": o["product"][keep],
                              "received": rec[keep], "key": np.full(m, k), "cause": issues.cause[k][keep],
                              "severity": self._severity(topic, kind, m)})  # fmt: skip
        if parts:
            self.acc.complaints.append(_cat(parts))
        return complained

    def _severity(self, topic: str, kind: str, m: int) -> np.ndarray:
        if kind == "swelling":
            return self.rng.integers(4, 6, m)
        if topic in self.s.product_topics:
            return self.rng.integers(2, 5, m)
        if topic in SERVICE_LAG:
            return self.rng.integers(1, 4, m)
        return self.rng.integers(1, 3, m)

    def _latent(
        self, o: dict[str, np.ndarray], visible: np.ndarray, answered: np.ndarray, lead: np.ndarray
    ) -> np.ndarray:
        s, plan = self.s, self.plan
        n = len(answered)
        seg = self.cust["segment"][o["cust"]]
        country = self.cust["country"][o["cust"]]
        day = np.minimum(answered // DAY, s.days - 1)
        latent = np.array([g.latent for g in s.segments])[seg] + plan.mood[day]
        latent += self.rng.normal(0, 1.3, n)
        if plan.level is not None:
            by, i, off = plan.level
            latent += off * ((country if by == "country" else seg) == i)
        for k, key in enumerate(self.keys):
            topic = key.split(":")[0]
            if topic == "delivery":
                pen = 1.0 + 0.1 * np.clip(lead - 7, 0, 20)
            else:
                pen = PENALTY.get(topic, 2.2 if topic in s.product_topics else 0.3)
            latent -= pen * visible[k]
        for p in plan.problems:
            if p.kind in ("regional_service", "segment_decline"):
                who = country == p.country if p.kind == "regional_service" else seg == p.segment
                latent -= p.params["goodwill"] * (who & p.active(day))
        return latent

    def _responses(
        self, o: dict[str, np.ndarray], idx: np.ndarray, issues: Issues,
        deliv_sec: np.ndarray, delivered: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
        s, rng = self.s, self.rng
        n = len(idx)
        answered = deliv_sec + rng.integers(2 * DAY, 22 * DAY, n)
        respond = (delivered >= 0) & (rng.random(n) < s.response_rate) & (answered < s.days * DAY)
        onset = np.stack([self.onset[k] for k in self.keys])
        visible = issues.flag & (onset <= answered[None, :])
        lead = (deliv_sec - (o["day"] * DAY + o["sec"])) / DAY
        latent = self._latent(o, visible, answered, lead)
        nps = np.clip(np.rint(latent + rng.normal(0, 0.6, n)), 0, 10).astype(np.int64)
        r = np.flatnonzero(respond)
        if len(r):
            mask = (visible[:, r].astype(np.int64) << np.arange(len(self.keys))[:, None]).sum(
                axis=0
            )
            self.acc.responses.append({"order": idx[r], "cust": o["cust"][r], "product": o["product"][r],
                                       "answered": answered[r], "nps": nps[r], "latent": latent[r],
                                       "visible": mask, "lead": lead[r]})  # fmt: skip
        return answered, respond, nps

    def _repurchase(
        self, o: dict[str, np.ndarray], bad: np.ndarray, delivered: np.ndarray
    ) -> dict[str, np.ndarray]:
        s, rng, plan = self.s, self.rng, self.plan
        n = len(bad)
        seg = self.cust["segment"][o["cust"]]
        first = o["seq"] == 1
        p_first = np.array([g.first_repurchase for g in s.segments])[seg]
        for p in plan.of("bad_first_experience"):
            p_first = np.where(bad, p.params["repurchase_bad"], p.params["repurchase_good"])
        cont = np.array([g.continue_p for g in s.segments])[seg]
        p_next = np.where(first, p_first, np.where(o["seq"] == 0, 0.0, cont))
        again = rng.random(n) < p_next
        gap = np.where(first, rng.integers(14, plan.horizon + 1, n), rng.integers(14, 91, n))
        back_later = first & ~again & (rng.random(n) < 0.1)
        gap = np.where(back_later, plan.horizon + rng.integers(1, 150, n), gap)
        again = (again | back_later) & (delivered >= 0)
        nxt = o["day"] + gap
        sel = np.flatnonzero(again & (nxt < s.days))
        return self._orders(o["cust"][sel], nxt[sel], o["seq"][sel] + 1, o["product"][sel])
