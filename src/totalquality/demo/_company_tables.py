"""Turn a simulated company into the workspace tables of the import format.

Ids, formats and survey scales vary by company (``Structure.id_style``, ``iep_scale``) the
way they vary between real exports; texts are written last, with their own generator.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ._company_plan import Plan, sigma_total
from ._company_sim import DAY, Simulation, _cat, supplier_blocks, supplier_lot_name
from ._company_structure import Requirement, Structure
from ._company_texts import Writer
from ._generate import _ecsi_latents, _kano_answers

__all__ = ["Built", "build_tables"]

KANO = ("A", "O", "M", "I", "R", "Q")
STAGE_HOUR = 6
_BLOCK_TEXTS = {
    "satisfaction": ("Overall, how satisfied are you with {brand}?",
                     "How well does {brand} meet your expectations?",
                     "How close is {brand} to the ideal supplier?"),
    "loyalty": ("How likely is it that you buy from {brand} again?",
                "How likely are you to recommend {brand} to colleagues?",
                "Would you stay with {brand} if a competitor were 10% cheaper?"),
    "quality": ("Overall quality of the product you received.", "Reliability of the product.",
                "Quality of the delivery and the service."),
    "value": ("Quality given the price.", "Price given the quality."),
    "image": ("{brand} is a trustworthy company.", "{brand} cares about its customers.",
              "{brand} is innovative."),
}  # fmt: skip


class Built:
    """The tables plus what the truth file needs to name (ids of lots, orders, …)."""

    def __init__(self) -> None:
        self.tables: dict[str, pd.DataFrame] = {}
        self.lot_ids = np.array([], dtype=object)
        self.order_ids = np.array([], dtype=object)
        self.customer_ids = np.array([], dtype=object)
        self.complaint_ids = np.array([], dtype=object)
        self.orders: dict[str, np.ndarray] = {}
        self.lots: dict[str, np.ndarray] = {}
        self.complaints: dict[str, np.ndarray] = {}
        self.responses: dict[str, np.ndarray] = {}
        self.kano: pd.DataFrame = pd.DataFrame()


def _iso(s: Structure, seconds: np.ndarray) -> np.ndarray:
    seconds = np.asarray(seconds, dtype=np.int64)
    base = np.datetime64(s.start.isoformat(), "s")
    out = np.datetime_as_string(base + seconds.astype("timedelta64[s]"), unit="s")
    return np.where(seconds < 0, "", out)


def _dates(s: Structure, days: np.ndarray) -> np.ndarray:
    base = np.datetime64(s.start.isoformat(), "D")
    return np.datetime_as_string(base + np.asarray(days).astype("timedelta64[D]"), unit="D")


def _numbered(prefix: str, n: int, width: int, first: int = 1) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(first, first + n).astype(str), width))


def build_tables(s: Structure, plan: Plan, sim: Simulation, rng: np.random.Generator) -> Built:
    b = Built()
    writer = Writer(s.industry.name, s.brand, {s.start.year, s.end.year}, plan.boilerplate)
    b.tables["products"] = pd.DataFrame(s.products, columns=["product_id", "name", "family"])
    _customers(s, sim, b)
    _lots(s, sim, b, rng)
    _orders(s, sim, b)
    _production(s, plan, sim, b, rng)
    _complaints(s, sim, b, rng, writer)
    _responses(s, sim, b, rng, writer)
    _survey(s, plan, sim, b, rng)
    b.tables = {name: b.tables[name] for name in _ORDER if name in b.tables and name in s.tables}
    return b


_ORDER = ("customers", "products", "orders", "lots", "lot_parts", "stages", "characteristics",
          "measurements", "inspections", "defects", "requirements", "items", "responses",
          "answers", "complaints")  # fmt: skip


def _customers(s: Structure, sim: Simulation, b: Built) -> None:
    c = sim.cust
    n = len(c["first_day"])
    style = s.id_style["customer"]
    b.customer_ids = (
        _numbered("C-", n, 5),
        _numbered("CUST-", n, 6),
        _numbered("", n, 7, 1_000_001),
    )[style]
    b.tables["customers"] = pd.DataFrame({
        "customer_id": b.customer_ids,
        "segment": np.array([g.name for g in s.segments])[c["segment"]],
        "country": np.array(s.countries)[c["country"]],
        "language": np.array(sim.languages)[c["lang"]],
        "since": _dates(s, c["since_day"]),
    })  # fmt: skip


def _lot_ids(s: Structure, days: np.ndarray, product: np.ndarray) -> np.ndarray:
    codes = np.array([pid.rsplit("-", 1)[-1] for pid, _n, _f in s.products])[product]
    dates = [s.start + dt.timedelta(days=int(d)) for d in days]
    style = s.id_style["lot"]
    if style == 0:
        stem = [f"L-{d:%y%m%d}-" for d in dates]
    elif style == 1:
        stem = [f"LOT-{d.year}-{d.timetuple().tm_yday:03d}-" for d in dates]
    else:
        stem = [
            f"{d.isocalendar().year % 100:02d}{d.isocalendar().week:02d}{d.isoweekday()}-"
            for d in dates
        ]
    return np.char.add(np.array(stem, dtype=str), codes)


def _lots(s: Structure, sim: Simulation, b: Built, rng: np.random.Generator) -> None:
    lots = _cat(sim.acc.lots)
    b.lots = lots
    if not lots:
        lots = b.lots = {"day": np.array([], np.int64), "product": np.array([], np.int64),
                         "size": np.array([], np.int64),
                         "defects": np.zeros((0, len(sim.defect_keys)), np.int64),
                         "suppliers": np.zeros((0, len(s.parts)), np.int64)}  # fmt: skip
    b.lot_ids = _lot_ids(s, lots["day"], lots["product"])
    last = (len(s.stages) + 1) * 3600 + STAGE_HOUR * 3600
    produced = lots["day"] * DAY + last + rng.integers(0, 3600, len(lots["day"]))
    b.tables["lots"] = pd.DataFrame({
        "lot_id": b.lot_ids,
        "product_id": np.array([p[0] for p in s.products])[lots["product"]],
        "produced_at": _iso(s, produced),
        "size": lots["size"],
    })  # fmt: skip
    rows = []
    for j, part in enumerate(s.parts):
        sup_idx = lots["suppliers"][:, j]
        names = np.empty(len(sup_idx), dtype=object)
        for k, sup in enumerate(part.suppliers):
            sel = np.flatnonzero(sup_idx == k)
            blocks = supplier_blocks(s, sup)[lots["day"][sel]]
            lot_name = {int(x): supplier_lot_name(s, sup, int(x)) for x in np.unique(blocks)}
            names[sel] = [lot_name[int(x)] for x in blocks]
        sup_ids = np.array([x.id for x in part.suppliers])[sup_idx]
        rows.append(pd.DataFrame({"lot": np.arange(len(sup_idx)), "part": part.name,
                                  "supplier_id": sup_ids, "supplier_lot_id": names}))  # fmt: skip
    lp = pd.concat(rows, ignore_index=True).sort_values(["lot", "part"], kind="stable")
    lp.insert(0, "lot_id", b.lot_ids[lp.pop("lot").to_numpy()])
    b.tables["lot_parts"] = lp.reset_index(drop=True)


def _orders(s: Structure, sim: Simulation, b: Built) -> None:
    od = _cat(sim.acc.orders)
    sec = od["day"] * DAY + od["sec"]
    sort = np.lexsort((od["cust"], sec))
    od = {k: v[sort] for k, v in od.items()}
    b.orders = od
    n = len(sort)
    style = s.id_style["order"]
    if style == 1:
        years = np.array([str((s.start + dt.timedelta(days=int(d))).year) for d in od["day"]])
        ids = np.char.add(np.char.add("SO-", years), _numbered("-", n, 6))
    elif style == 2:
        ids = _numbered("", n, 10, 4_500_000_001)
    else:
        ids = _numbered("O-", n, 6)
    b.order_ids = ids
    has_lots = "lots" in s.tables
    lot = np.where(
        (od["lot"] >= 0) & has_lots,
        b.lot_ids[np.maximum(od["lot"], 0)] if len(b.lot_ids) else "",
        "",
    )
    b.tables["orders"] = pd.DataFrame({
        "order_id": ids,
        "customer_id": b.customer_ids[od["cust"]],
        "product_id": np.array([p[0] for p in s.products])[od["product"]],
        "ordered_at": _iso(s, sec[sort]),
        "delivered_at": _iso(s, od["delivered"]),
        "quantity": od["qty"],
        "lot_id": lot,
    })  # fmt: skip
    # order index (simulation) -> row
    b.orders["row_of_idx"] = np.empty(n, np.int64)
    b.orders["row_of_idx"][od["idx"]] = np.arange(n)


def _production(
    s: Structure, plan: Plan, sim: Simulation, b: Built, rng: np.random.Generator
) -> None:
    b.tables["stages"] = pd.DataFrame({"stage_id": [x.id for x in s.stages], "name": [x.name for x in s.stages],
                                       "sequence": [x.sequence for x in s.stages]})  # fmt: skip
    b.tables["characteristics"] = pd.DataFrame([{
        "characteristic_id": c.id, "stage_id": s.stages[c.stage].id, "name": c.name, "unit": c.unit,
        "lsl": c.lsl, "target": c.target, "usl": c.usl, "subgroup_size": c.n} for c in s.chars],
        columns=["characteristic_id", "stage_id", "name", "unit", "lsl", "target", "usl", "subgroup_size"])  # fmt: skip
    _inspections(s, sim, b, rng)
    b.tables["measurements"] = _measurements(s, sim, b, rng)


def _inspections(s: Structure, sim: Simulation, b: Built, rng: np.random.Generator) -> None:
    lots = b.lots
    day, size, counts = lots["day"], lots["size"], lots["defects"]
    insp, defs = [], []
    for st, stage in enumerate(s.stages):
        cols = [j for j, k in enumerate(sim.defect_keys) if k[0] == st]
        total = counts[:, cols].sum(axis=1)
        overlap = rng.binomial(total, 0.05)
        defective = np.minimum(total - np.minimum(overlap, np.maximum(total - 1, 0)), size)
        t = day * DAY + (STAGE_HOUR + st) * 3600 + rng.integers(0, 3000, len(day))
        insp.append(pd.DataFrame({"stage_id": stage.id, "t": t, "lot_id": b.lot_ids, "inspected": size,
                                  "passed_first_time": size - defective, "defective": defective,
                                  "defects": total}))  # fmt: skip
        for j in cols:
            hit = np.flatnonzero(counts[:, j] > 0)
            if not len(hit):
                continue
            _st, dtype, part, _c = sim.defect_keys[j]
            supplier = ""
            if part >= 0 and "lot_parts" in s.tables:
                supplier = np.array([x.id for x in s.parts[part].suppliers])[
                    lots["suppliers"][hit, part]
                ]
            defs.append(pd.DataFrame({"stage_id": stage.id, "t": t[hit] + rng.integers(60, 1800, len(hit)),
                                      "lot_id": b.lot_ids[hit], "defect_type": dtype,
                                      "count": counts[hit, j], "supplier_id": supplier}))  # fmt: skip
    cols_i = ["stage_id", "t", "lot_id", "inspected", "passed_first_time", "defective", "defects"]
    i = pd.concat(insp, ignore_index=True) if insp else pd.DataFrame(columns=cols_i)
    i = i.sort_values(["t", "stage_id"], kind="stable")
    i.insert(1, "inspected_at", _iso(s, i.pop("t").to_numpy()))
    b.tables["inspections"] = i.reset_index(drop=True)
    cols_d = ["stage_id", "t", "lot_id", "defect_type", "count", "supplier_id"]
    d = pd.concat(defs, ignore_index=True) if defs else pd.DataFrame(columns=cols_d)
    d = d.sort_values(["t", "stage_id", "defect_type"], kind="stable")
    d.insert(1, "found_at", _iso(s, d.pop("t").to_numpy()))
    b.tables["defects"] = d.reset_index(drop=True)


def _measurements(
    s: Structure, sim: Simulation, b: Built, rng: np.random.Generator
) -> pd.DataFrame:
    lot_day = b.lots["day"]
    prod_days = np.unique(lot_day)
    frames = []
    for c, ch in enumerate(s.chars):
        days = prod_days
        if ch.per_day < 1:
            days = days[(np.arange(len(days)) % 2) == (c % 2)]
        k = max(1, int(ch.per_day))
        days = np.repeat(days, k)
        sub_no = np.tile(np.arange(k), len(days) // k)
        first = np.searchsorted(lot_day, days, side="left")
        last = np.searchsorted(lot_day, days, side="right")
        lot = first + (rng.random(len(days)) * (last - first)).astype(np.int64)
        sd = sigma_total(s, c)
        mu = (
            ch.mean0
            + sd * sim.plan_offset(c, days)
            + rng.normal(0, ch.sigma_between or 1e-12, len(days))
        )
        values = mu[:, None] + rng.normal(0, ch.sigma, (len(days), ch.n))
        values = np.round(np.round(values / ch.resolution) * ch.resolution, 6)
        t0 = (
            days * DAY
            + (STAGE_HOUR + ch.stage) * 3600
            + sub_no * 7200
            + rng.integers(0, 1800, len(days))
        )
        t = t0[:, None] + np.arange(ch.n)[None, :] * 60
        stamp = np.char.replace(_dates(s, days).astype(str), "-", "")
        sub = np.char.add(
            np.char.add(f"{ch.id}-", stamp), np.char.add("-", (sub_no + 1).astype(str))
        )
        frames.append(pd.DataFrame({"characteristic_id": ch.id, "t": t.ravel(), "value": values.ravel(),
                                    "subgroup": np.repeat(sub, ch.n),
                                    "lot_id": np.repeat(b.lot_ids[lot], ch.n)}))  # fmt: skip
    cols = ["characteristic_id", "t", "value", "subgroup", "lot_id"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    out = out.sort_values(["t", "characteristic_id"], kind="stable")
    out.insert(1, "measured_at", _iso(s, out.pop("t").to_numpy()))
    return out.reset_index(drop=True)


def _text_language(rng: np.random.Generator, langs: np.ndarray) -> np.ndarray:
    """Customers write in their language; a few Estonians and Poles write in English."""
    swap = np.isin(langs, ["et", "pl"]) & (rng.random(len(langs)) < 0.03)
    return np.where(swap, "en", langs)


def _complaints(
    s: Structure, sim: Simulation, b: Built, rng: np.random.Generator, writer: Writer
) -> None:
    cp = _cat(sim.acc.complaints)
    if not cp:
        cp = {
            k: np.array([], np.int64)
            for k in ("order", "cust", "product", "received", "key", "cause", "severity")
        }
    sort = np.lexsort((cp["order"], cp["received"]))
    cp = {k: v[sort] for k, v in cp.items()}
    b.complaints = cp
    n = len(sort)
    b.complaint_ids = (_numbered("CMP-", n, 5), _numbered("TCK-", n, 6), _numbered("CASE-", n, 6))[
        s.id_style["ids"]
    ]
    order = b.order_ids[b.orders["row_of_idx"][cp["order"]]] if n else np.array([], dtype=str)
    order = np.where(rng.random(n) < s.no_order_share, "", order)
    lang = _text_language(rng, np.array(sim.languages)[sim.cust["lang"][cp["cust"]]])
    keys = [sim.keys[k].split(":") for k in cp["key"]]
    texts = [writer.complaint(rng, lang[i], keys[i][0], keys[i][1], order[i]) for i in range(n)]
    b.tables["complaints"] = pd.DataFrame({
        "complaint_id": b.complaint_ids,
        "received_at": _iso(s, cp["received"]),
        "customer_id": b.customer_ids[cp["cust"]],
        "order_id": order,
        "product_id": np.array([p[0] for p in s.products])[cp["product"]] if n else [],
        "channel": np.array(s.channels)[rng.choice(len(s.channels), n, p=s.channel_weight)],
        "language": lang,
        "text": texts,
        "severity": cp["severity"],
    })  # fmt: skip


def _comment_parts(
    rng: np.random.Generator, sim: Simulation, mask: int, nps: int, wish_topics: set[str]
) -> list[tuple[str, str]]:
    keys = [sim.keys[k] for k in range(len(sim.keys)) if (mask >> k) & 1]
    said = [tuple(k.split(":")) for k in keys]
    wishes = [(t, kind) for t, kind in said if t in wish_topics]
    negatives = [(t, kind) for t, kind in said if t not in wish_topics]
    parts: list[tuple[str, str]] = []
    praised = list(sim.s.industry.praised)
    if negatives:
        first = negatives[int(rng.integers(len(negatives)))]
        parts.append(first)
        rest = [x for x in negatives if x != first]
        if rest and rng.random() < 0.35:
            parts.append(rest[int(rng.integers(len(rest)))])
        good = [t for t in [*praised, "delivery", "price"] if t not in {x for x, _ in negatives}]
        if good and rng.random() < 0.2:
            parts.insert(0, (good[int(rng.integers(len(good)))], "pos"))
    for wish in wishes:
        if rng.random() < 0.9:
            parts.insert(int(rng.integers(len(parts) + 1)), wish)
    if parts:
        return parts
    if nps >= 7:
        pos = ["praise", "praise", "delivery", "price", "support", *praised]
        parts.append((pos[int(rng.integers(len(pos)))], "pos"))
        if rng.random() < 0.3:
            extra = pos[int(rng.integers(len(pos)))]
            if extra != parts[0][0]:
                parts.append((extra, "pos"))
        if nps <= 8 and rng.random() < 0.25:
            parts.append(("price", "neg"))
        return parts
    neg = ["price", "support", "delivery", *praised]
    return [(neg[int(rng.integers(len(neg)))], "neg")]


def _responses(
    s: Structure, sim: Simulation, b: Built, rng: np.random.Generator, writer: Writer
) -> None:
    rs = _cat(sim.acc.responses)
    if not rs:
        rs = {
            k: np.array([], np.int64)
            for k in ("order", "cust", "product", "answered", "nps", "latent", "visible", "lead")
        }
        rs["latent"] = rs["latent"].astype(float)
        rs["lead"] = rs["lead"].astype(float)
    sort = np.lexsort((rs["order"], rs["answered"]))
    rs = {k: v[sort] for k, v in rs.items()}
    n = len(sort)
    latent = rs["latent"]
    any_issue = rs["visible"] != 0
    rs["csat"] = np.clip(np.rint(1 + 4 * (latent - 2) / 8.5 + rng.normal(0, 0.45, n)), 1, 5).astype(
        np.int64
    )
    rs["ces"] = np.clip(
        np.rint(5.6 + 0.45 * (latent - 8) - any_issue + rng.normal(0, 0.8, n)), 1, 7
    ).astype(np.int64)
    b.responses = rs
    ids = (_numbered("RS-", n, 6), _numbered("SRV-", n, 6), _numbered("R", n, 7))[s.id_style["ids"]]
    rs["id"] = ids
    lang = _text_language(rng, np.array(sim.languages)[sim.cust["lang"][rs["cust"]]])
    wish_topics = set(s.emerging_pool)
    has = rng.random(n) < np.where(any_issue, np.minimum(0.9, 1.3 * s.comment_rate), s.comment_rate)
    empty = rng.random(n) < 0.04 + 0.12 * (writer.boilerplate > 0.5)
    comments = np.full(n, "", dtype=object)
    for i in np.flatnonzero(has):
        parts = (
            []
            if empty[i]
            else _comment_parts(rng, sim, int(rs["visible"][i]), int(rs["nps"][i]), wish_topics)
        )
        comments[i] = writer.comment(rng, lang[i], parts)
    order = b.order_ids[b.orders["row_of_idx"][rs["order"]]] if n else np.array([], dtype=str)
    order = np.where(rng.random(n) < s.response_order_share, order, "")
    b.tables["responses"] = pd.DataFrame({
        "response_id": ids,
        "answered_at": _iso(s, rs["answered"]),
        "customer_id": b.customer_ids[rs["cust"]],
        "order_id": order,
        "product_id": np.array([p[0] for p in s.products])[rs["product"]] if n else [],
        "language": lang,
        "nps": rs["nps"],
        "csat": rs["csat"],
        "ces": rs["ces"],
        "comment": comments,
    })  # fmt: skip


# --------------------------------------------------------------------------- survey items
def _short(req: Requirement) -> str:
    return req.id.removeprefix("R-").replace("-", "")


def _scale(x: np.ndarray, k: int, rng: np.random.Generator, sd: float) -> np.ndarray:
    """A 1–7 mean mapped onto a 1..k answer with noise."""
    mu = 1 + (x - 1) * (k - 1) / 6
    return np.clip(np.rint(mu + rng.normal(0, sd * (k - 1) / 6, len(x))), 1, k)


def _survey(s: Structure, plan: Plan, sim: Simulation, b: Built, rng: np.random.Generator) -> None:
    rows: list[dict[str, object]] = []
    k = s.iep_scale
    for r in s.requirements:
        short, low = _short(r), r.name[0].lower() + r.name[1:]
        if r.kano_items:
            rows.append(
                {
                    "item_id": f"KANO-F-{short}",
                    "kind": "kano_functional",
                    "requirement_id": r.id,
                    "scale_min": 1,
                    "scale_max": 5,
                    "text": f"If the product had {low}, how would you feel?",
                }
            )
            rows.append({"item_id": f"KANO-D-{short}", "kind": "kano_dysfunctional", "requirement_id": r.id,
                         "scale_min": 1, "scale_max": 5,
                         "text": f"If the product did not have {low}, how would you feel?"})  # fmt: skip
        if r.iep_items:
            for kind, prefix, text in (("importance", "IMP", f"How important is {low} to you?"),
                                       ("expectation", "EXP", f"How good do you expect a company to be at {low}?"),
                                       ("perception", "PER", f"How good is {s.brand} at {low}?")):  # fmt: skip
                rows.append({"item_id": f"{prefix}-{short}", "kind": kind, "requirement_id": r.id,
                             "scale_min": 1, "scale_max": k, "text": text})  # fmt: skip
        if r.rating_item:
            rows.append({"item_id": f"RAT-{short}", "kind": "rating", "requirement_id": r.id,
                         "scale_min": 1, "scale_max": 5, "text": f"How satisfied are you with {low}?"})  # fmt: skip
    for block in s.indicator_blocks:
        for j, text in enumerate(_BLOCK_TEXTS[block], 1):
            rows.append({"item_id": f"IND-{block[:3].upper()}{j}", "kind": "indicator", "requirement_id": "",
                         "block": block, "scale_min": 1, "scale_max": 10, "text": text.format(brand=s.brand)})  # fmt: skip
    columns = ["item_id", "kind", "requirement_id", "block", "scale_min", "scale_max", "text"]
    items = pd.DataFrame([{"block": "", **row} for row in rows], columns=columns)
    b.tables["items"] = items.astype({"block": str, "requirement_id": str})
    stage_ids = [x.id for x in s.stages] + [""]
    b.tables["requirements"] = pd.DataFrame({
        "requirement_id": [r.id for r in s.requirements], "name": [r.name for r in s.requirements],
        "dimension": [r.dimension for r in s.requirements],
        "stage_id": [stage_ids[r.stage] if r.stage is not None and "stages" in s.tables else "" for r in s.requirements],
    })  # fmt: skip
    b.tables["answers"] = _answers(s, plan, sim, b, rng)


def _answers(
    s: Structure, plan: Plan, sim: Simulation, b: Built, rng: np.random.Generator
) -> pd.DataFrame:
    rs = b.responses
    ext = np.flatnonzero(rng.random(len(rs["answered"])) < s.extended_rate)
    m = len(ext)
    day = rs["answered"][ext] // DAY
    latent = rs["latent"][ext]
    visible = rs["visible"][ext]
    frames: list[pd.DataFrame] = []
    kano_rows = []

    def add(item: str, values: np.ndarray) -> None:
        keep = rng.random(m) < 0.97
        frames.append(
            pd.DataFrame({"r": ext[keep], "item_id": item, "value": values[keep].astype(np.int64)})
        )

    for i, r in enumerate(s.requirements):
        short = _short(r)
        topic_bits = sum(1 << k for k, key in enumerate(sim.keys) if key.split(":")[0] == r.topic)
        hurt = (visible & topic_bits) != 0
        if r.kano_items:
            dom = np.full(m, KANO.index(r.kano))
            for p in plan.of("kano_shift"):
                if p.requirement == i:
                    before, after = p.variant.split("->")
                    ramp = np.clip((day - p.start) / p.params["ramp_days"], 0, 1)
                    dom = np.where(rng.random(m) < ramp, KANO.index(after), KANO.index(before))
                    kano_rows.append((p.id, ext, day))
            f, d = _kano_answers(rng, dom, m)
            add(f"KANO-F-{short}", f)
            add(f"KANO-D-{short}", d)
        imp = np.full(m, r.importance0)
        exp = np.full(m, r.expectation0)
        for p in plan.of("emerging_requirement"):
            if p.requirement == i:
                ramp = np.clip((day - p.start) / p.params["ramp_days"], 0, 1)
                imp = imp + ramp * (p.params["importance_after"] - r.importance0)
                exp = exp + ramp * (p.params["expectation_after"] - r.expectation0)
        per = r.perception0 + 0.25 * (latent - 8.3) - 2.5 * hurt
        if r.iep_items:
            add(f"IMP-{short}", _scale(imp, s.iep_scale, rng, 0.8))
            add(f"EXP-{short}", _scale(exp, s.iep_scale, rng, 0.8))
            add(f"PER-{short}", _scale(per, s.iep_scale, rng, 0.75))
        if r.rating_item:
            add(
                f"RAT-{short}",
                np.clip(np.rint(1 + (per - 1) / 6 * 4 + rng.normal(0, 0.5, m)), 1, 5),
            )
    if s.indicator_blocks:
        lat = _ecsi_latents(rng, latent)
        for block in s.indicator_blocks:
            for j in range(len(_BLOCK_TEXTS[block])):
                lam = (0.88, 0.82, 0.76)[j]
                x = lam * lat[block] + np.sqrt(1 - lam**2) * rng.normal(0, 1, m)
                add(f"IND-{block[:3].upper()}{j + 1}", np.clip(np.rint(7.6 + 1.5 * x), 1, 10))
    cols = ["response_id", "item_id", "value"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True).sort_values(["r", "item_id"], kind="stable")
    out.insert(0, "response_id", rs["id"][out.pop("r").to_numpy()])
    b.kano = out[out["item_id"].str.startswith("KANO-")]
    return out.reset_index(drop=True)
