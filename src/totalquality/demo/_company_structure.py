"""A random company's structure: industry, products, stages, characteristics, suppliers,
markets, segments, channels, habits and which tables it keeps.

Everything is drawn from the structure's own generator (spawned from the company's seed)
and every draw happens whatever the outcome, so that a company with problems and its
healthy twin (same seed) share the same structure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from .._errors import InputError
from ._industries import (
    EMERGING_NAMES,
    INDUSTRIES,
    SERVICE_REQUIREMENTS,
    CharSpec,
    Industry,
    PartSpec,
    ReqSpec,
)

__all__ = [
    "ALL_TABLES",
    "COUNTRY_POOL",
    "SEGMENT_POOL",
    "Char",
    "Part",
    "Requirement",
    "Segment",
    "Stage",
    "Structure",
    "Supplier",
    "draw_structure",
]

ALL_TABLES = (
    "customers",
    "products",
    "orders",
    "lots",
    "lot_parts",
    "stages",
    "characteristics",
    "measurements",
    "inspections",
    "defects",
    "requirements",
    "items",
    "responses",
    "answers",
    "complaints",
)
PRODUCTION = ("stages", "characteristics", "measurements", "inspections", "defects")
SURVEY_ITEMS = ("requirements", "items", "answers")

# country: (weight as a home market, shipping days from the plant (lo, hi), languages
# other than English with their share among that country's customers)
COUNTRY_POOL: dict[str, tuple[float, tuple[int, int], dict[str, float]]] = {
    "EE": (0.30, (1, 2), {"et": 0.86, "ru": 0.06}),
    "PL": (0.30, (1, 3), {"pl": 0.93}),
    "LV": (0.08, (2, 3), {"lv": 0.25, "ru": 0.1}),
    "LT": (0.08, (2, 3), {"lt": 0.25}),
    "FI": (0.10, (2, 3), {"fi": 0.3}),
    "DE": (0.07, (3, 5), {"de": 0.35}),
    "SE": (0.07, (3, 4), {"sv": 0.3}),
}
SEGMENT_POOL = ("consumer", "business", "education", "public sector", "reseller")
CHANNEL_POOL = ("email", "phone", "web form", "chat", "retailer", "social media")
EARLIEST_START = dt.date(2021, 1, 1)
LATEST_START = dt.date(2026, 6, 30)


@dataclass
class Stage:
    id: str
    name: str
    sequence: int
    topic: str
    defects: list[tuple[str, float]]


@dataclass
class Char:
    id: str
    stage: int
    name: str
    unit: str
    lsl: float
    target: float
    usl: float
    n: int
    mean0: float
    sigma: float
    sigma_between: float
    resolution: float
    topic: str
    #: subgroups per production day (0.5 = every other production day)
    per_day: float
    low_capability: bool = False

    @property
    def defect(self) -> str:
        return f"{self.name[0].lower()}{self.name[1:]} out of spec"


@dataclass
class Supplier:
    id: str
    share: float
    cadence: int  # days between supplier lots (7, 14, 30 = calendar month, 91 = quarter)
    prefix: str
    phase: int


@dataclass
class Part:
    name: str
    topic: str
    kind: str
    defect: str
    stage: int
    suppliers: list[Supplier]


@dataclass
class Segment:
    name: str
    weight: float
    latent: float  # mean latent satisfaction (0–10 scale of the NPS answer)
    first_repurchase: float
    continue_p: float
    existing_rate: float  # orders a year of a customer who bought before the data starts


@dataclass
class Requirement:
    id: str
    name: str
    dimension: str
    topic: str
    stage: int | None
    kano: str
    kano_items: bool
    iep_items: bool
    rating_item: bool
    perception0: float
    importance0: float
    expectation0: float
    emerging: bool = False


@dataclass
class Structure:
    seed: int
    industry: Industry
    brand: str
    start: dt.date
    days: int
    products: list[tuple[str, str, str]]  # (product_id, name, family)
    stages: list[Stage]
    chars: list[Char]
    parts: list[Part]
    countries: list[str]
    country_weight: np.ndarray
    languages: list[dict[str, float]]  # per country: language -> share
    segments: list[Segment]
    channels: list[str]
    channel_weight: np.ndarray
    n_customers: int
    existing_share: float
    build_lead: int
    repurchase_window: int
    response_rate: float
    comment_rate: float
    extended_rate: float
    iep_scale: int
    no_order_share: float  # complaints without order_id
    response_order_share: float  # responses that carry the order_id
    product_topics: list[str]
    base_rates: dict[str, float]
    requirements: list[Requirement]
    indicator_blocks: list[str]
    tables: set[str]
    id_style: dict[str, int]
    foreign_factor: float
    #: a characteristic drawn but unused, added when a problem asks for one and none exists
    reserve_char: Char | None = None
    emerging_pool: list[str] = field(default_factory=list)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)

    def date(self, day: int) -> dt.date:
        return self.start + dt.timedelta(days=int(day))

    def has(self, *tables: str) -> bool:
        return all(t in self.tables for t in tables)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    day = min(d.day, [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m])
    return dt.date(year, month, day)


def draw_structure(
    rng: np.random.Generator, seed: int, customers: int | None, months: int | None
) -> Structure:
    """Draw the company (tables kept are decided here too; problems may add some later)."""
    industry = INDUSTRIES[sorted(INDUSTRIES)[int(rng.integers(len(INDUSTRIES)))]]
    brand = industry.brands[int(rng.integers(len(industry.brands)))]
    span = (LATEST_START - EARLIEST_START).days
    start = EARLIEST_START + dt.timedelta(days=int(rng.integers(span + 1)))
    n_months = int(rng.integers(3, 19))
    n_months = months if months is not None else n_months
    if not 1 <= n_months <= 36:
        raise InputError(f"months must be between 1 and 36, not {n_months}")
    days = (_add_months(start, n_months) - start).days
    n_cust = round(np.exp(rng.uniform(np.log(300), np.log(20_000))))
    n_cust = customers if customers is not None else n_cust
    if not 50 <= n_cust <= 200_000:
        raise InputError(f"customers must be between 50 and 200000, not {n_cust}")
    style = {k: int(rng.integers(3)) for k in ("customer", "order", "lot", "stage", "req", "ids")}
    products = _products(rng, industry, brand)
    stages, chars = _production(rng, industry, style["stage"])
    parts = _parts(rng, industry, stages, days, n_cust)
    countries, weights, languages, foreign = _markets(rng)
    segments = _segments(rng)
    channels, channel_w = _channels(rng)
    reserve = _reserve_char(rng, industry, stages, style["stage"])
    product_topics = sorted(
        (
            {c.topic for c in chars}
            | {p.topic for p in parts}
            | set(industry.praised)
            | {st.topic for st in stages}
            | {reserve.topic}
        )
        - set(SERVICE_TOPICS)
    )
    s = Structure(
        seed=seed,
        industry=industry,
        brand=brand,
        start=start,
        days=days,
        products=products,
        stages=stages,
        chars=chars,
        parts=parts,
        countries=countries,
        country_weight=weights,
        languages=languages,
        segments=segments,
        channels=channels,
        channel_weight=channel_w,
        n_customers=n_cust,
        existing_share=float(rng.uniform(0.1, 0.5)),
        build_lead=int(rng.integers(1, 3)),
        repurchase_window=int(rng.choice([60, 90, 120])),
        response_rate=float(rng.uniform(0.15, 0.55)),
        comment_rate=float(rng.uniform(0.3, 0.7)),
        extended_rate=float(rng.uniform(0.2, 0.6)),
        iep_scale=int(rng.choice([5, 7, 10])),
        no_order_share=float(rng.uniform(0.03, 0.3)),
        response_order_share=float(rng.choice([1.0, 1.0, rng.uniform(0.6, 1.0)])),
        product_topics=product_topics,
        base_rates={},
        requirements=[],
        indicator_blocks=[],
        tables=set(),
        id_style=style,
        foreign_factor=foreign,
        reserve_char=reserve,
    )
    s.base_rates = _base_rates(rng, s)
    s.requirements = _requirements(rng, s)
    blocks = ["satisfaction", "loyalty", "quality", "value", "image"]
    s.indicator_blocks = blocks[: int(rng.integers(2, 6))] if rng.random() < 0.5 else []
    s.emerging_pool = [*list(industry.emerging), "parcel-locker", "e-invoice", "instalments"]
    s.tables = _tables(rng, s)
    return s


def _reserve_char(
    rng: np.random.Generator, industry: Industry, stages: list[Stage], style: int
) -> Char:
    specs = _stage_specs(industry, stages)
    pos = int(rng.integers(len(specs)))
    spec = specs[pos].chars[int(rng.integers(len(specs[pos].chars)))]
    return _char(rng, spec, pos, stages[pos].id)


def _products(
    rng: np.random.Generator, industry: Industry, brand: str
) -> list[tuple[str, str, str]]:
    k = int(rng.integers(1, 7))
    order = rng.permutation(len(industry.products))[:k]
    prefix = ("P-", "", "SKU-")[int(rng.integers(3))]
    return [
        (
            f"{prefix}{industry.products[i][0]}",
            f"{brand} {industry.products[i][1]}",
            industry.products[i][2],
        )
        for i in sorted(order.tolist())
    ]


def _production(
    rng: np.random.Generator, industry: Industry, style: int
) -> tuple[list[Stage], list[Char]]:
    pool = industry.stages
    k = int(rng.integers(3, 9))
    chosen = sorted(rng.permutation(len(pool))[:k].tolist())
    stages: list[Stage] = []
    chars: list[Char] = []
    for pos, i in enumerate(chosen):
        spec = pool[i]
        sid = (f"S{10 * (pos + 1)}", f"ST-{pos + 1:02d}", spec.key)[style]
        defects = [(t, r * float(rng.uniform(0.5, 1.6))) for t, r in spec.defects]
        stages.append(Stage(sid, spec.name, 10 * (pos + 1), spec.topic, defects))
        n_chars = int(rng.choice(3, p=[0.3, 0.45, 0.25]))
        picks = rng.permutation(len(spec.chars))[: min(n_chars, len(spec.chars))]
        for j in sorted(picks.tolist()):
            chars.append(_char(rng, spec.chars[j], pos, sid))
    return stages, chars


def _char(rng: np.random.Generator, spec: CharSpec, stage: int, sid: str) -> Char:
    """Capability by nature: Cp 1.2–2.2, centred within ±25 % of the half-width (Cpk ≥ 1)."""
    cp = float(rng.uniform(1.2, 2.2))
    off = float(rng.uniform(-0.25, 0.25)) if rng.random() < 0.4 else float(rng.uniform(-0.08, 0.08))
    if cp * (1 - abs(off)) < 1.0:
        off = np.sign(off) * (1 - 1.0 / cp)
    sigma_total = spec.half / (3 * cp)
    between = float(rng.uniform(0.0, 0.35))
    sigma_w = sigma_total / np.sqrt(1 + between**2)
    n = int(rng.choice([1, 2, 3, 4, 5], p=[0.15, 0.1, 0.2, 0.2, 0.35]))
    return Char(
        id=f"C-{sid}-{spec.key}",
        stage=stage,
        name=spec.name,
        unit=spec.unit,
        lsl=round(spec.target - spec.half, 6),
        target=spec.target,
        usl=round(spec.target + spec.half, 6),
        n=n,
        mean0=spec.target + off * spec.half,
        sigma=float(sigma_w),
        sigma_between=float(between * sigma_w),
        resolution=spec.resolution,
        topic=spec.topic,
        per_day=float(rng.choice([0.5, 1.0, 1.0, 2.0, 3.0])),
    )


def _parts(
    rng: np.random.Generator, industry: Industry, stages: list[Stage], days: int, n_cust: int
) -> list[Part]:
    k = int(rng.integers(1, 5))
    chosen = sorted(rng.permutation(len(industry.parts))[:k].tolist())
    volume = n_cust * 2.0 / max(days, 1)  # rough orders a day
    by_key = {spec.key: pos for pos, spec in enumerate(_stage_specs(industry, stages))}
    parts: list[Part] = []
    used = 0
    for i in chosen:
        spec: PartSpec = industry.parts[i]
        n_sup = int(rng.integers(1, 3))
        names = [spec.suppliers[j] for j in rng.permutation(len(spec.suppliers))[:n_sup]]
        shares = rng.dirichlet(np.full(len(names), 4.0))
        sups = []
        for name, share in zip(names, shares, strict=True):
            if used >= 6:
                break
            used += 1
            cadence = _cadence(rng, volume)
            prefix = name[:5].replace("-", "")
            sups.append(
                Supplier(f"SUP-{name}", float(share), cadence, prefix, int(rng.integers(28)))
            )
        if not sups:
            break
        total = sum(s.share for s in sups)
        for s in sups:
            s.share /= total
        stage = next((by_key[k_] for k_ in spec.stages if k_ in by_key), len(stages) - 1)
        parts.append(Part(spec.name, spec.topic, spec.kind, spec.defect, stage, sups))
    return parts


def _stage_specs(industry: Industry, stages: list[Stage]) -> list:  # type: ignore[type-arg]
    by_name = {s.name: s for s in industry.stages}
    return [by_name[s.name] for s in stages]


def _cadence(rng: np.random.Generator, volume: float) -> int:
    """Supplier lots last longer where little is built: weekly … quarterly."""
    if volume < 6:
        return int(rng.choice([30, 91]))
    if volume < 25:
        return int(rng.choice([14, 30, 30, 91]))
    return int(rng.choice([7, 14, 30]))


def _markets(
    rng: np.random.Generator,
) -> tuple[list[str], np.ndarray, list[dict[str, float]], float]:
    pool = list(COUNTRY_POOL)
    home_w = np.array([COUNTRY_POOL[c][0] for c in pool])
    order = rng.choice(len(pool), size=len(pool), replace=False, p=home_w / home_w.sum())
    n = int(rng.integers(1, 7))
    raw = rng.dirichlet(np.full(len(pool), 1.5))
    raw[0] += 0.6  # the home market is the largest as a rule
    countries = [pool[i] for i in order[:n]]
    weights = raw[:n] / raw[:n].sum()
    foreign = float(rng.uniform(0.3, 1.0))
    langs = []
    for c in countries:
        shares = dict(COUNTRY_POOL[c][2])
        for lang in shares:
            if lang not in ("et", "pl"):
                shares[lang] *= foreign
        langs.append(shares)
    return countries, weights, langs, foreign


def _segments(rng: np.random.Generator) -> list[Segment]:
    n = int(rng.integers(1, 5))
    p = np.array([0.4, 0.3, 0.1, 0.1, 0.1])
    names = [
        SEGMENT_POOL[i] for i in rng.choice(len(SEGMENT_POOL), size=len(p), replace=False, p=p)
    ]
    weights = rng.dirichlet(np.full(len(names), 2.0))
    out = []
    for name, w in zip(names, weights, strict=True):
        out.append(
            Segment(
                name=name,
                weight=float(w),
                latent=float(rng.uniform(7.7, 8.9)),
                first_repurchase=float(rng.uniform(0.25, 0.6)),
                continue_p=float(rng.uniform(0.3, 0.75)),
                existing_rate=float(rng.uniform(0.8, 4.0)),
            )
        )
    chosen = out[:n]
    total = sum(s.weight for s in chosen)
    for s in chosen:
        s.weight /= total
    return chosen


def _channels(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    k = int(rng.integers(2, 6))
    idx = sorted(rng.permutation(len(CHANNEL_POOL))[:k].tolist())
    w = rng.dirichlet(np.full(len(CHANNEL_POOL), 2.0))[idx]
    return [CHANNEL_POOL[i] for i in idx], w / w.sum()


SERVICE_TOPICS = ("delivery", "support", "invoices", "price", "packaging", "returns", "app")


def _base_rates(rng: np.random.Generator, s: Structure) -> dict[str, float]:
    """Chance per order of each ordinary problem, before anything is planted."""
    rates = {f"{t}:neg": float(rng.uniform(0.003, 0.015)) for t in s.product_topics}
    rates["delivery:neg"] = float(rng.uniform(0.02, 0.05))  # late without a cause
    rates["support:neg"] = float(rng.uniform(0.015, 0.04))
    rates["invoices:neg"] = float(rng.uniform(0.003, 0.012))
    rates["price:neg"] = float(rng.uniform(0.008, 0.025))
    for t in ("packaging", "returns", "app"):
        rates[f"{t}:neg"] = float(rng.uniform(0.001, 0.006))
    for p in s.parts:
        rates.setdefault(f"{p.topic}:{p.kind}", 0.002)
    return rates


def _requirements(rng: np.random.Generator, s: Structure) -> list[Requirement]:
    stage_of = {spec.key: pos for pos, spec in enumerate(_stage_specs(s.industry, s.stages))}
    product = [r for r in s.industry.requirements if r.topic in s.product_topics]
    chosen: list[ReqSpec] = [
        product[i] for i in rng.permutation(len(product))[: int(rng.integers(2, 5))]
    ]
    service = list(SERVICE_REQUIREMENTS)
    chosen += [service[i] for i in rng.permutation(len(service))[: int(rng.integers(2, 5))]]
    style = s.id_style["req"]
    out = []
    for n, spec in enumerate(chosen, 1):
        rid = (f"R-{spec.key}", f"REQ-{n:02d}", f"R{n:03d}")[style]
        out.append(_requirement(rng, rid, spec, stage_of.get(spec.stage or "")))
    return out


def _requirement(
    rng: np.random.Generator, rid: str, spec: ReqSpec, stage: int | None, emerging: bool = False
) -> Requirement:
    kano_items = rng.random() < 0.75
    iep = rng.random() < 0.7
    return Requirement(
        id=rid,
        name=spec.name,
        dimension=spec.dimension,
        topic=spec.topic,
        stage=stage,
        kano=spec.kano if rng.random() < 0.8 else str(rng.choice(["O", "M", "A", "I"])),
        kano_items=kano_items or not iep,
        iep_items=iep,
        rating_item=rng.random() < 0.5,
        perception0=float(rng.uniform(4.6, 6.3)) if not emerging else float(rng.uniform(1.8, 3.0)),
        importance0=float(rng.uniform(4.0, 6.5)) if not emerging else float(rng.uniform(2.2, 3.8)),
        expectation0=float(rng.uniform(4.5, 6.2)) if not emerging else float(rng.uniform(2.0, 3.5)),
        emerging=emerging,
    )


def emerging_requirement(rng: np.random.Generator, s: Structure, topic: str) -> Requirement:
    """The requirement of a wished-for feature, when the company's survey asks about it."""
    key, name, dimension = EMERGING_NAMES[topic]
    n = len(s.requirements) + 1
    rid = (f"R-{key}", f"REQ-{n:02d}", f"R{n:03d}")[s.id_style["req"]]
    spec = ReqSpec(key, name, dimension, topic, None, "I")
    return _requirement(rng, rid, spec, None, emerging=True)


def _tables(rng: np.random.Generator, s: Structure) -> set[str]:
    """Which tables exist: most companies keep most of them."""
    u = rng.random(6)
    tables = {"customers", "products", "orders"}
    supply = u[0] < 0.7
    production = u[1] < 0.8
    if production:
        tables |= {"stages", "inspections", "defects"}
        if s.chars:
            tables |= {"characteristics", "measurements"}
    if supply:
        tables.add("lot_parts")
    if supply or production or u[5] < 0.5:
        tables.add("lots")
    if u[2] < 0.85:
        tables.add("responses")
        if u[3] < 0.6:
            tables |= set(SURVEY_ITEMS)
    if u[4] < 0.9 or "responses" not in tables:
        tables.add("complaints")
    return tables
