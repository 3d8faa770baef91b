"""What is planted in a random company: problems (where, when, how strong) and confounders.

Each planner chooses a place, a window and a magnitude from the documented ranges
(docs/scenarios.md), raising the magnitude within its range where the company is small,
so that the expected excess is comfortably above the detectability floor; the floor itself
is checked on the generated data (``_company_truth.check_floors``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._company_structure import Structure, emerging_requirement

__all__ = [
    "CONFOUNDER_KINDS",
    "KINDS",
    "NEEDS",
    "Plan",
    "Problem",
    "feasible",
    "make_plan",
    "required_tables",
    "sigma_total",
]

KINDS = (
    "supplier_lot",
    "characteristic_shift",
    "characteristic_drift",
    "excursion",
    "growth_strain",
    "regional_service",
    "segment_decline",
    "emerging_requirement",
    "kano_shift",
    "bad_first_experience",
)
CONFOUNDER_KINDS = (
    "seasonality",
    "trend",
    "overlap",
    "price_complaints",
    "boilerplate",
    "background",
    "level_difference",
    "low_capability",
)
_PRODUCTION = {"lots", "stages", "inspections", "defects"}
_MEASURED = _PRODUCTION | {"characteristics", "measurements"}
#: tables a problem needs in the data (a requested problem adds them)
NEEDS: dict[str, set[str]] = {
    "supplier_lot": {"lots", "lot_parts", "stages", "defects", "complaints"},
    "characteristic_shift": _MEASURED | {"complaints"},
    "characteristic_drift": _MEASURED | {"complaints"},
    "excursion": _MEASURED | {"complaints"},
    "growth_strain": _PRODUCTION | {"complaints"},
    "regional_service": {"complaints"},
    "segment_decline": {"responses", "complaints"},
    "emerging_requirement": {"responses", "complaints"},
    "kano_shift": {"responses", "requirements", "items", "answers"},
    "bad_first_experience": set(),
}
#: Kano category moves of kano_shift (Kano's life cycle: delighters become expected)
KANO_MOVES = {"I": ("A", "O"), "A": ("O", "M"), "O": ("M",), "M": ("O",), "R": ("I",), "Q": ("I",)}
DAY = 86_400


@dataclass
class Problem:
    id: str
    kind: str
    start: int
    end: int | None
    topic: str
    key: str  # the issue ("topic:kind") it raises
    variant: str = ""
    char: int | None = None
    stage: int | None = None
    part: int | None = None
    supplier: int | None = None
    supplier_lot: int | None = None
    country: int | None = None
    segment: int | None = None
    requirement: int | None = None
    params: dict[str, float] = field(default_factory=dict)

    def active(self, day: np.ndarray) -> np.ndarray:
        """Days on which the problem acts (start ≤ day ≤ end)."""
        day = np.asarray(day)
        end = self.end if self.end is not None else np.iinfo(np.int64).max
        return (day >= self.start) & (day <= end)


@dataclass
class Plan:
    problems: list[Problem]
    confounders: list[dict[str, object]]
    day_shape: np.ndarray
    mood: np.ndarray
    base_rates: dict[str, float]
    boilerplate: float
    level: tuple[str, int, float] | None = None  # ("country"|"segment", index, latent offset)
    low_capability: int | None = None
    horizon: int = 60  # days within which a first order is repurchased (at most)

    def of(self, kind: str) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]


def sigma_total(s: Structure, c: int) -> float:
    ch = s.chars[c]
    return float(np.hypot(ch.sigma, ch.sigma_between))


def required_tables(problems: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for kind in problems:
        out |= NEEDS[kind]
    if out & _MEASURED:
        out |= _PRODUCTION
    return out


def feasible(s: Structure, kind: str, volume: float) -> bool:
    """Whether a problem of this kind can be planted (and seen) in this company as it is."""
    if not NEEDS[kind] <= s.tables:
        return False
    if kind == "supplier_lot":
        return bool(s.parts)
    if kind in ("characteristic_shift", "characteristic_drift", "excursion"):
        return bool(s.chars)
    if kind == "regional_service":
        return len(s.countries) >= 2
    if kind == "segment_decline":
        return len(s.segments) >= 2
    if kind == "kano_shift":
        responses = volume * s.days * s.response_rate * s.extended_rate
        return any(r.kano_items for r in s.requirements) and responses >= 150
    if kind == "growth_strain":
        return s.days >= 84
    if kind == "bad_first_experience":
        return s.days >= 90 and volume * s.days >= 600
    return True


# --------------------------------------------------------------------------- the plan
def make_plan(
    rng: np.random.Generator,
    s: Structure,
    kinds: Sequence[str],
    confounders: Sequence[str],
    volume: np.ndarray,
) -> Plan:
    """Confounders first (they shape volume and mood), then each problem in turn."""
    days = np.arange(s.days)
    plan = Plan([], [], np.ones(s.days), np.zeros(s.days), dict(s.base_rates), 0.25)
    plan.horizon = int(min(s.repurchase_window, max(30, s.days // 3)))
    _weekday_shape(s, plan, days)
    for kind in CONFOUNDER_KINDS:
        if kind in confounders and kind != "overlap":
            _CONFOUNDERS[kind](rng, s, plan, days)
    shaped = volume * plan.day_shape / plan.day_shape.mean()
    anchor: int | None = None
    for n, kind in enumerate(kinds, 1):
        near = anchor if "overlap" in confounders and len(plan.problems) == 1 else None
        p = _PLANNERS[kind](rng, s, plan, shaped, near)
        p.id = f"P{n}"
        plan.problems.append(p)
        if anchor is None and kind != "bad_first_experience":
            anchor = p.start
    if "overlap" in confounders:
        timed = [p.id for p in plan.problems if p.kind != "bad_first_experience"]
        if len(timed) >= 2:
            plan.confounders.append({"kind": "overlap", "problems": timed[:2]})
    plan.confounders.sort(key=lambda c: CONFOUNDER_KINDS.index(str(c["kind"])))
    return plan


def _weekday_shape(s: Structure, plan: Plan, days: np.ndarray) -> None:
    weekday = (s.start.weekday() + days) % 7
    plan.day_shape = plan.day_shape * np.array([1.1, 1.05, 1.0, 1.0, 0.95, 0.7, 0.6])[weekday]


def _day_of_year(s: Structure, days: np.ndarray) -> np.ndarray:
    first = s.start.timetuple().tm_yday
    return (first - 1 + days) % 365


def _seasonality(rng: np.random.Generator, s: Structure, plan: Plan, days: np.ndarray) -> None:
    amp = float(rng.uniform(0.15, 0.4))
    mood_amp = float(rng.uniform(0.15, 0.4))
    peak = int(rng.integers(365))
    phase = 2 * np.pi * (_day_of_year(s, days) - peak) / 365
    xmas = np.exp(-0.5 * ((_day_of_year(s, days) - 345) / 9) ** 2)
    plan.day_shape = plan.day_shape * (1 + amp * np.cos(phase) + amp * xmas)
    plan.mood = plan.mood + mood_amp * np.cos(phase + np.pi / 3)
    plan.confounders.append(
        {
            "kind": "seasonality",
            "volume_amplitude": round(amp, 3),
            "mood_amplitude": round(mood_amp, 3),
            "peak_day_of_year": peak,
        }
    )


def _trend(rng: np.random.Generator, s: Structure, plan: Plan, days: np.ndarray) -> None:
    change = float(rng.uniform(0.3, 0.9)) * (1 if rng.random() < 0.7 else -0.6)
    plan.day_shape = plan.day_shape * (1 + change * days / max(s.days - 1, 1))
    plan.confounders.append({"kind": "trend", "volume_change": round(change, 3)})


def _price(rng: np.random.Generator, s: Structure, plan: Plan, days: np.ndarray) -> None:
    rate = float(rng.uniform(0.04, 0.08))
    plan.base_rates["price:neg"] = rate
    plan.confounders.append({"kind": "price_complaints", "rate": round(rate, 4)})


def _boilerplate(rng: np.random.Generator, s: Structure, plan: Plan, days: np.ndarray) -> None:
    plan.boilerplate = float(rng.uniform(0.6, 0.9))
    plan.confounders.append({"kind": "boilerplate", "rate": round(plan.boilerplate, 3)})


def _background(rng: np.random.Generator, s: Structure, plan: Plan, days: np.ndarray) -> None:
    topics = {}
    for t in ("packaging", "returns", "app", "invoices", "support"):
        rate = float(rng.uniform(0.006, 0.02))
        plan.base_rates[f"{t}:neg"] = max(plan.base_rates[f"{t}:neg"], rate)
        topics[t] = round(plan.base_rates[f"{t}:neg"], 4)
    plan.confounders.append({"kind": "background", "rates": topics})


def _level(rng: np.random.Generator, s: Structure, plan: Plan, days: np.ndarray) -> None:
    offset = -float(rng.uniform(0.6, 1.2))
    by_country = len(s.countries) >= 2 and (len(s.segments) < 2 or rng.random() < 0.5)
    if by_country:
        i = int(rng.integers(len(s.countries)))
        plan.level = ("country", i, offset)
        place = {"country": s.countries[i]}
    elif len(s.segments) >= 2:
        i = int(rng.integers(len(s.segments)))
        plan.level = ("segment", i, offset)
        place = {"segment": s.segments[i].name}
    else:
        return
    plan.confounders.append(
        {"kind": "level_difference", "place": place, "latent_offset": round(offset, 3)}
    )


def _low_capability(rng: np.random.Generator, s: Structure, plan: Plan, days: np.ndarray) -> None:
    if not s.chars or "measurements" not in s.tables:
        return
    c = int(rng.integers(len(s.chars)))
    ch = s.chars[c]
    cpk = float(rng.uniform(0.75, 1.0))
    half = (ch.usl - ch.lsl) / 2
    scale = half * (1 - abs(ch.mean0 - ch.target) / half) / (3 * cpk) / sigma_total(s, c)
    ch.sigma *= scale
    ch.sigma_between *= scale
    ch.low_capability = True
    plan.low_capability = c
    plan.confounders.append(
        {"kind": "low_capability", "characteristic_id": ch.id, "cpk": round(cpk, 3)}
    )


_CONFOUNDERS = {
    "seasonality": _seasonality,
    "trend": _trend,
    "price_complaints": _price,
    "boilerplate": _boilerplate,
    "background": _background,
    "level_difference": _level,
    "low_capability": _low_capability,
}


# --------------------------------------------------------------------------- problems
def _start(rng: np.random.Generator, lo: float, hi: float, anchor: int | None) -> int:
    lo_i, hi_i = int(lo), max(int(lo), int(hi))
    if anchor is not None:
        return int(np.clip(anchor + rng.integers(-5, 22), lo_i, hi_i))
    return int(rng.integers(lo_i, hi_i + 1))


def _exposure(volume: np.ndarray, a: int, b: int) -> float:
    return float(volume[max(a, 0) : max(b, a) + 1].sum())


def _enough(rate: float, exposure: float, propensity: float, target: float, cap: float) -> float:
    """The rate raised (within its cap) until the expected excess complaints reach target."""
    need = target / max(exposure * propensity, 1e-9)
    return float(min(cap, max(rate, need)))


def _supplier_lot(
    rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
) -> Problem:
    from ._company_sim import supplier_blocks

    part = int(rng.integers(len(s.parts)))
    sups = s.parts[part].suppliers
    sup = int(rng.choice(len(sups), p=np.array([x.share for x in sups])))
    blocks = supplier_blocks(s, sups[sup])
    first = {int(b): int(np.flatnonzero(blocks == b)[0]) for b in np.unique(blocks)}
    last = {int(b): int(np.flatnonzero(blocks == b)[-1]) for b in np.unique(blocks)}
    late_limit = s.days - min(60, s.days // 3)
    cands = [b for b in first if first[b] >= 0.08 * s.days and last[b] <= late_limit] or list(first)
    expo = {b: _exposure(volume, first[b], last[b]) * sups[sup].share for b in cands}
    good = [b for b in cands if expo[b] >= 60] or sorted(cands, key=lambda b: -expo[b])[:2]
    if anchor is not None:
        good = sorted(good, key=lambda b: abs(first[b] - anchor))[:1]
    block = good[int(rng.integers(len(good)))]
    field = _enough(float(rng.uniform(0.06, 0.25)), expo[block], 0.6, 14, 0.45)
    p = s.parts[part]
    return Problem(
        "", "supplier_lot", first[block], last[block], p.topic, f"{p.topic}:{p.kind}",
        part=part, supplier=sup, supplier_lot=block, stage=p.stage,
        params={"defect_rate": float(rng.uniform(0.03, 0.12)), "field_rate": field,
                "complaint_propensity": 0.6},
    )  # fmt: skip


def _direction(s: Structure, c: int, rng: np.random.Generator) -> tuple[float, float]:
    """(+1 towards USL or −1 towards LSL, distance to that limit in total sigmas)."""
    ch = s.chars[c]
    sd = sigma_total(s, c)
    sign = float(np.sign(ch.mean0 - ch.target)) or (1.0 if rng.random() < 0.5 else -1.0)
    limit = ch.usl if sign > 0 else ch.lsl
    return sign, abs(limit - ch.mean0) / sd


def _pick_char(rng: np.random.Generator, s: Structure, plan: Plan) -> int:
    used = {p.char for p in plan.problems} | {plan.low_capability}
    free = [c for c in range(len(s.chars)) if c not in used] or list(range(len(s.chars)))
    return free[int(rng.integers(len(free)))]


def _characteristic(kind: str):  # type: ignore[no-untyped-def]
    def plan_it(
        rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
    ) -> Problem:
        c = _pick_char(rng, s, plan)
        sign, d0 = _direction(s, c, rng)
        drift = kind == "characteristic_drift"
        d_after = float(rng.uniform(0.3, 1.8) if drift else rng.uniform(0.8, 2.2))
        delta = max(d0 - d_after, 2.0 if drift else 1.5)
        length = int(
            min(int(rng.integers(21, 91) if drift else rng.integers(14, 71)), 0.45 * s.days)
        )
        start = _start(rng, 0.2 * s.days, s.days - length - 30, anchor)
        corrected = rng.random() < 0.6
        end = start + length if corrected else None
        horizon = min((end or s.days - 20), s.days - 20)
        mean_frac = 0.5 if drift else 1.0
        expo = _exposure(volume, start, horizon) * mean_frac
        field = _enough(float(rng.uniform(0.06, 0.2)), expo, 0.55, 14, 0.45)
        ch = s.chars[c]
        return Problem(
            "", kind, start, end, ch.topic, f"{ch.topic}:neg", char=c, stage=ch.stage,
            variant="drift" if drift else "shift",
            params={"shift_sigma": round(sign * delta, 3), "ramp_days": float(length if drift else 0),
                    "field_rate": field, "complaint_propensity": 0.55},
        )  # fmt: skip

    return plan_it


def _excursion(
    rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
) -> Problem:
    c = _pick_char(rng, s, plan)
    ch = s.chars[c]
    sign, _d0 = _direction(s, c, rng)
    min_days = {0.5: 6, 1.0: 3, 2.0: 2, 3.0: 2}[ch.per_day]
    k = int(rng.integers(max(2, min_days), 8))
    start = _start(rng, 0.15 * s.days, s.days - max(45, s.days // 4), anchor)
    end = start + round(k * 7 / 5)  # k production days ≈ k·7/5 calendar days
    expo = _exposure(volume, start, end)
    field = _enough(float(rng.uniform(0.2, 0.5)), expo, 0.6, 7, 0.7)
    return Problem(
        "", "excursion", start, end, ch.topic, f"{ch.topic}:neg", char=c, stage=ch.stage,
        params={"shift_sigma": round(sign * float(rng.uniform(5, 15)), 3),
                "production_days": float(k), "field_rate": field, "complaint_propensity": 0.6},
    )  # fmt: skip


def _place(rng: np.random.Generator, s: Structure, by: str) -> tuple[int, float]:
    weights = s.country_weight if by == "country" else np.array([g.weight for g in s.segments])
    ok = np.flatnonzero(weights >= 0.12)
    if not len(ok):
        ok = np.array([int(np.argmax(weights))])
    i = int(ok[int(rng.integers(len(ok)))])
    return i, float(weights[i])


def _growth(
    rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
) -> Problem:
    by = (
        "country"
        if len(s.countries) >= 2 and (len(s.segments) < 2 or rng.random() < 0.5)
        else "segment"
    )
    idx, share = _place(rng, s, by)
    start = _start(rng, max(42, 0.35 * s.days), s.days - 49, anchor)
    factor = float(np.clip(1 + 0.9 / (share * 0.55), 2.5, 12.0))
    stage = int(rng.integers(len(s.stages)))
    topic = s.stages[stage].topic
    p = Problem(
        "", "growth_strain", start, None, topic, f"{topic}:neg", stage=stage,
        params={"campaign_factor": round(factor, 3), "threshold_factor": float(rng.uniform(1.05, 1.2)),
                "slope": float(rng.uniform(0.15, 0.4)), "cap": 0.15, "field_share": 0.7,
                "complaint_propensity": 0.55},
    )  # fmt: skip
    if by == "country":
        p.country = idx
    else:
        p.segment = idx
    return p


def _regional(
    rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
) -> Problem:
    c, share = _place(rng, s, "country")
    late = rng.random() < 0.55
    start = _start(rng, 0.3 * s.days, 0.75 * s.days, anchor)
    end = start + int(rng.integers(30, 91)) if rng.random() < 0.3 else None
    if end is not None and end >= s.days - 14:
        end = None
    expo = _exposure(volume, start, end or s.days - 1) * share
    if late:
        rate = _enough(float(rng.uniform(0.2, 0.5)), expo, 0.35, 20, 0.7)
        params = {"late_rate": rate, "extra_days_min": 5.0, "extra_days_max": 15.0}
    else:
        rate = _enough(float(rng.uniform(0.12, 0.3)), expo, 0.45, 20, 0.6)
        params = {"support_rate": rate}
    params["goodwill"] = float(rng.uniform(0.2, 0.6))
    topic = "delivery" if late else "support"
    return Problem("", "regional_service", start, end, topic, f"{topic}:neg",
                   variant="late_delivery" if late else "slow_support", country=c, params=params)  # fmt: skip


_SEGMENT_WISHES = {
    "business": ("e-invoice",),
    "public sector": ("e-invoice",),
    "reseller": ("e-invoice",),
    "consumer": ("instalments", "parcel-locker"),
    "education": ("parcel-locker", "e-invoice"),
}


def _segment_decline(
    rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
) -> Problem:
    g, share = _place(rng, s, "segment")
    name = s.segments[g].name
    used = {p.topic for p in plan.problems}
    options = ["support", "invoices"] + [t for t in _SEGMENT_WISHES[name] if t not in used]
    options = [t for t in options if t not in used] or ["support"]
    topic = options[int(rng.integers(len(options)))]
    start = _start(rng, 0.3 * s.days, 0.75 * s.days, anchor)
    expo = _exposure(volume, start, s.days - 1) * share
    rate = _enough(float(rng.uniform(0.12, 0.3)), expo, 0.4, 20, 0.6)
    return Problem(
        "", "segment_decline", start, None, topic, f"{topic}:neg", segment=g,
        variant="feature" if topic not in ("support", "invoices") else topic,
        params={"issue_rate": rate, "goodwill": float(rng.uniform(0.3, 1.0))},
    )  # fmt: skip


def _emerging(
    rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
) -> Problem:
    used = {p.topic for p in plan.problems}
    pool = [t for t in s.emerging_pool if t not in used]
    topic = pool[int(rng.integers(len(pool)))]
    start = _start(rng, 0.3 * s.days, 0.8 * s.days, anchor)
    expo = _exposure(volume, start, s.days - 1)
    share = _enough(float(rng.uniform(0.08, 0.25)), expo, 0.3, 30, 0.35)
    p = Problem(
        "", "emerging_requirement", start, None, topic, f"{topic}:neg",
        params={"share": share, "ramp_days": float(rng.integers(14, 43)), "complaint_propensity": 0.25},
    )  # fmt: skip
    if s.has("requirements", "items", "answers") and rng.random() < 0.5:
        s.requirements.append(emerging_requirement(rng, s, topic))
        p.requirement = len(s.requirements) - 1
        p.params.update({"importance_after": float(rng.uniform(5.3, 6.3)),
                         "expectation_after": float(rng.uniform(5.0, 6.2))})  # fmt: skip
    return p


def _kano(
    rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
) -> Problem:
    used = {p.requirement for p in plan.problems}
    cands = [i for i, r in enumerate(s.requirements) if r.kano_items and i not in used]
    if not cands:  # the survey asks no Kano pair: this company starts asking one
        s.requirements[0].kano_items = True
        cands = [0]
    r = cands[int(rng.integers(len(cands)))]
    before = s.requirements[r].kano
    moves = KANO_MOVES[before]
    after = moves[int(rng.integers(len(moves)))]
    start = _start(rng, 0.3 * s.days, 0.55 * s.days, anchor)
    ramp = float(min(int(rng.integers(14, 43)), 0.15 * s.days))
    # a small company surveys more of its customers, or the shift could not be seen
    pairs = float(volume.sum()) * s.response_rate * s.extended_rate
    if pairs < 300:
        s.extended_rate = float(min(0.95, s.extended_rate * 300 / max(pairs, 1)))
        pairs = float(volume.sum()) * s.response_rate * s.extended_rate
        s.response_rate = float(min(0.75, s.response_rate * max(1.0, 300 / max(pairs, 1))))
    return Problem(
        "", "kano_shift", start, None, s.requirements[r].topic, "", requirement=r,
        variant=f"{before}->{after}", params={"ramp_days": ramp},
    )  # fmt: skip


def _bad_first(
    rng: np.random.Generator, s: Structure, plan: Plan, volume: np.ndarray, anchor: int | None
) -> Problem:
    return Problem(
        "", "bad_first_experience", 0, None, "", "",
        params={"repurchase_bad": float(rng.uniform(0.1, 0.3)),
                "repurchase_good": float(rng.uniform(0.55, 0.85)), "horizon_days": float(plan.horizon)},
    )  # fmt: skip


_PLANNERS = {
    "supplier_lot": _supplier_lot,
    "characteristic_shift": _characteristic("characteristic_shift"),
    "characteristic_drift": _characteristic("characteristic_drift"),
    "excursion": _excursion,
    "growth_strain": _growth,
    "regional_service": _regional,
    "segment_decline": _segment_decline,
    "emerging_requirement": _emerging,
    "kano_shift": _kano,
    "bad_first_experience": _bad_first,
}


def iso(s: Structure, day: int | None) -> str | None:
    return None if day is None else (s.start + dt.timedelta(days=int(day))).isoformat()
