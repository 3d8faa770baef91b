"""The truth file of a random company, and the detectability floor of each planted problem.

The floor is checked on the generated data with the generator's own knowledge of who was
exposed (an oracle analyst who knows where to look): a problem is *detectable in
principle* when its excess over the company's baseline is large in absolute terms and
improbable under the baseline (one-sided Poisson p ≤ 1e-4), or for survey effects when
the change is large on enough answers. The numbers are docs/scenarios.md's table.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import poisson

from ._company_plan import Plan, Problem, iso
from ._company_sim import DAY, Simulation, supplier_lot_name
from ._company_structure import Structure
from ._company_tables import Built

__all__ = ["GENERATOR", "check_floors", "make_truth"]

GENERATOR = "random-company/1"
P_FLOOR = 1e-4
# Kano evaluation table (Berger et al. 1993): rows functional 1..5, columns dysfunctional 1..5
KANO_TABLE = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")


def _excess(observed: int, expected: float, minimum: float) -> dict[str, Any]:
    p = float(poisson.sf(observed - 1, max(expected, 1e-9))) if observed > 0 else 1.0
    return {
        "observed": int(observed),
        "expected": round(float(expected), 2),
        "min_excess": minimum,
        "p": float(f"{p:.3g}"),
        "passed": bool(observed - expected >= minimum and p <= P_FLOOR),
    }


class _View:
    """The generated rows with what the simulation knew about them."""

    def __init__(self, s: Structure, plan: Plan, sim: Simulation, b: Built) -> None:
        self.s, self.plan, self.sim, self.b = s, plan, sim, b
        self.o = b.orders
        self.c = b.complaints
        self.c_row = (
            b.orders["row_of_idx"][self.c["order"]]
            if len(self.c["order"])
            else np.array([], np.int64)
        )

    def exposed(self, i: int) -> np.ndarray:
        return (self.o["exposed"] >> i) & 1 == 1

    def complaint_excess(self, i: int, key: str, exposed: np.ndarray, minimum: float,
                         base: np.ndarray | None = None) -> dict[str, Any]:  # fmt: skip
        """Complaints on ``key`` from exposed orders vs the rate of the ``base`` orders."""
        k = self.sim.kidx[key]
        on_key = self.c["key"] == k
        per_order = np.bincount(self.c_row[on_key], minlength=len(exposed))
        base = ~exposed & (self.o["lot"] >= 0) if base is None else base
        rate = per_order[base].sum() / max(base.sum(), 1)
        return _excess(int(per_order[exposed].sum()), rate * exposed.sum(), minimum)


def check_floors(s: Structure, plan: Plan, sim: Simulation, b: Built) -> dict[str, dict[str, Any]]:
    v = _View(s, plan, sim, b)
    return {p.id: _FLOORS[p.kind](v, i, p) for i, p in enumerate(plan.problems)}


def _all_passed(parts: dict[str, dict[str, Any]], any_of: bool = False) -> dict[str, Any]:
    flags = [x["passed"] for x in parts.values()]
    return {**parts, "passed": bool(any(flags) if any_of else all(flags))}


def _floor_supplier_lot(v: _View, i: int, p: Problem) -> dict[str, Any]:
    exposed = v.exposed(i)
    hit = np.zeros(len(v.b.lots["day"]), bool)
    hit[np.unique(v.o["lot"][exposed])] = True
    j = next(j for j, k in enumerate(v.sim.defect_keys) if k[2] == p.part)
    uses_part = np.ones(len(hit), bool)
    defects, size = v.b.lots["defects"][:, j], v.b.lots["size"]
    rate = defects[~hit & uses_part].sum() / max(size[~hit & uses_part].sum(), 1)
    return _all_passed({
        "defects": _excess(int(defects[hit].sum()), rate * size[hit].sum(), 5),
        "complaints": v.complaint_excess(i, p.key, exposed, 6),
    })  # fmt: skip


def _subgroups(v: _View, p: Problem) -> int:
    m = v.b.tables.get("measurements")
    if m is None or not len(m):
        return 0
    ch = v.s.chars[p.char or 0]
    day = (pd.to_datetime(m["measured_at"]) - pd.Timestamp(v.s.start)).dt.days.to_numpy()
    end = p.end if p.end is not None else v.s.days
    sel = (m["characteristic_id"].to_numpy() == ch.id) & (day >= p.start) & (day <= end)
    return int(m.loc[sel, "subgroup"].nunique())


def _floor_characteristic(v: _View, i: int, p: Problem) -> dict[str, Any]:
    n_sub = _subgroups(v, p)
    need = 3 if p.kind == "excursion" else 8
    sub = {"observed": n_sub, "min": need, "passed": n_sub >= need}
    minimum = 4 if p.kind == "excursion" else 6
    return _all_passed(
        {"subgroups": sub, "complaints": v.complaint_excess(i, p.key, v.exposed(i), minimum)}
    )


def _floor_growth(v: _View, i: int, p: Problem) -> dict[str, Any]:
    exposed = v.exposed(i)
    weeks = len(v.sim.acc.strained_weeks)
    hit = np.zeros(len(v.b.lots["day"]), bool)
    hit[np.unique(v.o["lot"][exposed])] = True
    j = next(j for j, k in enumerate(v.sim.defect_keys) if k[0] == p.stage)
    defects, size = v.b.lots["defects"][:, j], v.b.lots["size"]
    rate = defects[~hit].sum() / max(size[~hit].sum(), 1)
    return _all_passed({
        "strained_weeks": {"observed": weeks, "min": 3, "passed": weeks >= 3},
        "defects": _excess(int(defects[hit].sum()), rate * size[hit].sum(), 8),
        "complaints": v.complaint_excess(i, p.key, exposed, 5),
    })  # fmt: skip


def _place_mask(v: _View, p: Problem) -> np.ndarray:
    cust = v.o["cust"]
    if p.country is not None:
        return v.sim.cust["country"][cust] == p.country
    return v.sim.cust["segment"][cust] == p.segment


def _floor_regional(v: _View, i: int, p: Problem) -> dict[str, Any]:
    exposed = v.exposed(i)
    before = _place_mask(v, p) & (v.o["day"] < p.start) & (v.o["delivered"] >= 0)
    parts = {"complaints": v.complaint_excess(i, p.key, exposed, 8, base=before)}
    if p.variant == "late_delivery":
        delivered = exposed & (v.o["delivered"] >= 0)
        rate = v.o["late"][before].mean() if before.any() else v.plan.base_rates["delivery:neg"]
        parts["late_deliveries"] = _excess(
            int(v.o["late"][delivered].sum()), rate * delivered.sum(), 10
        )
    return _all_passed(parts, any_of=True)


def _nps(x: np.ndarray) -> float:
    return float(100 * ((x >= 9).mean() - (x <= 6).mean())) if len(x) else float("nan")


def _floor_segment(v: _View, i: int, p: Problem) -> dict[str, Any]:
    exposed = v.exposed(i)
    before = _place_mask(v, p) & (v.o["day"] < p.start) & (v.o["delivered"] >= 0)
    r = v.b.responses
    seg = v.sim.cust["segment"][r["cust"]] == p.segment
    after = r["answered"] // DAY >= p.start
    nb, na = r["nps"][seg & ~after], r["nps"][seg & after]
    drop = _nps(nb) - _nps(na)
    nps = {"before": round(_nps(nb), 1), "after": round(_nps(na), 1), "n_before": len(nb),
           "n_after": len(na), "passed": bool(len(nb) >= 30 and len(na) >= 30 and drop >= 10)}  # fmt: skip
    return _all_passed({"complaints": v.complaint_excess(i, p.key, exposed, 8, base=before), "nps": nps},
                       any_of=True)  # fmt: skip


def _floor_emerging(v: _View, i: int, p: Problem) -> dict[str, Any]:
    exposed = v.exposed(i)
    before = (v.o["day"] < p.start) & (v.o["delivered"] >= 0)
    r = v.b.responses
    bit = 1 << v.sim.kidx[p.key]
    wishes = int(((r["visible"] & bit) != 0)[r["answered"] // DAY >= p.start].sum())
    return _all_passed({
        "complaints": v.complaint_excess(i, p.key, exposed, 8, base=before),
        "responses_wishing": {"observed": wishes, "min": 20, "passed": wishes >= 20},
    }, any_of=True)  # fmt: skip


def _kano_category(f: np.ndarray, d: np.ndarray) -> np.ndarray:
    table = np.array([list(row) for row in KANO_TABLE])
    return table[f - 1, d - 1]


def _floor_kano(v: _View, i: int, p: Problem) -> dict[str, Any]:
    a = v.b.kano
    req = v.s.requirements[p.requirement or 0]
    short = req.id.removeprefix("R-").replace("-", "")
    f = a[a["item_id"] == f"KANO-F-{short}"].set_index("response_id")["value"]
    d = a[a["item_id"] == f"KANO-D-{short}"].set_index("response_id")["value"]
    both = f.index.intersection(d.index)
    when = pd.Series(v.b.responses["answered"] // DAY, index=v.b.responses["id"])
    day = when.reindex(both).to_numpy()
    cat = _kano_category(f[both].to_numpy(dtype=np.int64), d[both].to_numpy(dtype=np.int64))
    after_cat = p.variant.split("->")[1]
    settled = p.start + p.params["ramp_days"]
    nb, na = int((day < p.start).sum()), int((day >= settled).sum())
    rise = (
        float((cat[day >= settled] == after_cat).mean() - (cat[day < p.start] == after_cat).mean())
        if nb and na
        else 0.0
    )
    return {"pairs_before": nb, "pairs_after": na, "share_rise": round(rise, 3),
            "passed": bool(nb >= 25 and na >= 25 and rise >= 0.2)}  # fmt: skip


def _first_orders(v: _View) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New customers' first orders with a full follow-up: (bad, repurchased, order rows)."""
    o = v.o
    first = np.flatnonzero((o["seq"] == 1) & (o["day"] <= v.s.days - 1 - v.plan.horizon))
    order = np.lexsort((o["day"], o["cust"]))
    cust_sorted = o["cust"][order]
    pos = np.searchsorted(cust_sorted, o["cust"][first], side="left")
    nxt_pos = np.minimum(pos + 1, len(order) - 1)
    nxt = order[nxt_pos]
    again = (cust_sorted[nxt_pos] == o["cust"][first]) & (
        o["day"][nxt] - o["day"][first] <= v.plan.horizon
    )
    again &= nxt != first
    return o["bad_first"][first], again, first


def _floor_bad_first(v: _View, i: int, p: Problem) -> dict[str, Any]:
    bad, again, _rows = _first_orders(v)
    nb, ng = int(bad.sum()), int((~bad).sum())
    if nb == 0 or ng == 0:
        return {"n_bad": nb, "n_good": ng, "passed": False}
    pb, pg = again[bad].mean(), again[~bad].mean()
    pooled = again.mean()
    se = np.sqrt(pooled * (1 - pooled) * (1 / nb + 1 / ng)) or 1.0
    z = float((pg - pb) / se)
    return {"n_bad": nb, "n_good": ng, "repurchase_bad": round(float(pb), 3),
            "repurchase_good": round(float(pg), 3), "z": round(z, 2),
            "passed": bool(nb >= 20 and ng >= 20 and z >= 4)}  # fmt: skip


_FLOORS = {
    "supplier_lot": _floor_supplier_lot,
    "characteristic_shift": _floor_characteristic,
    "characteristic_drift": _floor_characteristic,
    "excursion": _floor_characteristic,
    "growth_strain": _floor_growth,
    "regional_service": _floor_regional,
    "segment_decline": _floor_segment,
    "emerging_requirement": _floor_emerging,
    "kano_shift": _floor_kano,
    "bad_first_experience": _floor_bad_first,
}


# --------------------------------------------------------------------------- truth
def make_truth(
    s: Structure,
    plan: Plan,
    sim: Simulation,
    b: Built,
    floors: dict[str, dict[str, Any]],
    healthy: bool,
) -> dict[str, Any]:
    v = _View(s, plan, sim, b)
    suppliers = (
        [x.id for part in s.parts for x in part.suppliers] if "lot_parts" in s.tables else []
    )
    has_production = "stages" in s.tables
    company = {
        "industry": s.industry.name,
        "brand": s.brand,
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "customers": s.n_customers,
        "countries": s.countries,
        "languages": sim.languages,
        "segments": [g.name for g in s.segments],
        "channels": s.channels,
        "products": [p[0] for p in s.products],
        "stages": [x.id for x in s.stages] if has_production else [],
        "characteristics": [c.id for c in s.chars] if "characteristics" in s.tables else [],
        "suppliers": suppliers,
        "tables": list(b.tables),
    }
    problems = [_problem(v, i, p, floors[p.id]) for i, p in enumerate(plan.problems)]
    return {"generator": GENERATOR, "seed": s.seed, "healthy": healthy, "company": company,
            "problems": problems, "confounders": plan.confounders}  # fmt: skip


def _problem(v: _View, i: int, p: Problem, floor: dict[str, Any]) -> dict[str, Any]:
    s, b = v.s, v.b
    exposed = v.exposed(i) if p.kind not in ("bad_first_experience", "kano_shift") else None
    lots: list[str] = []
    start, end = p.start, p.end
    if p.kind in (
        "supplier_lot",
        "characteristic_shift",
        "characteristic_drift",
        "excursion",
        "growth_strain",
    ):
        assert exposed is not None
        lot_idx = np.unique(v.o["lot"][exposed & (v.o["lot"] >= 0)])
        lots = sorted(b.lot_ids[lot_idx].tolist())
        if p.kind in ("supplier_lot", "growth_strain") and len(lot_idx):
            start = int(b.lots["day"][lot_idx].min())
            end = int(b.lots["day"][lot_idx].max()) if p.kind == "supplier_lot" else None
    if p.kind == "bad_first_experience":
        bad, _again, rows = _first_orders(v)
        exposed = np.zeros(len(v.o["day"]), bool)
        exposed[np.flatnonzero((v.o["seq"] == 1) & v.o["bad_first"])] = True
        del bad, rows
    if p.kind == "kano_shift":
        answered = b.kano["response_id"].unique() if len(b.kano) else []
        affected = {"orders": 0, "customers": 0, "complaints": 0, "responses": len(answered)}
    else:
        assert exposed is not None
        custs = np.unique(v.o["cust"][exposed])
        affected = {"orders": int(exposed.sum()), "customers": len(custs),
                    "complaints": int((v.c["cause"] == i).sum())}  # fmt: skip
    complaint_ids = sorted(b.complaint_ids[np.flatnonzero(v.c["cause"] == i)].tolist())
    subject, place = _subject(v, p)
    return {
        "id": p.id,
        "kind": p.kind,
        "subject": subject,
        "place": place,
        "start": iso(s, start),
        "end": iso(s, end),
        "topic": p.topic or None,
        "variant": p.variant or None,
        "requirement_id": s.requirements[p.requirement].id if p.requirement is not None else None,
        "stage_id": s.stages[p.stage].id if p.stage is not None and "stages" in s.tables else None,
        "characteristic_id": s.chars[p.char].id if p.char is not None else None,
        "supplier_id": _supplier(s, p),
        "supplier_lot_id": _supplier_lot(s, p),
        "lots": lots,
        "magnitude": {k: (round(x, 4) if isinstance(x, float) else x) for k, x in p.params.items()},
        "affected": affected,
        "complaint_ids": complaint_ids,
        "detectability": floor,
        "description": _describe(v, p, start, end),
    }


def _supplier(s: Structure, p: Problem) -> str | None:
    if p.part is None or p.supplier is None:
        return None
    return s.parts[p.part].suppliers[p.supplier].id


def _supplier_lot(s: Structure, p: Problem) -> str | None:
    if p.part is None or p.supplier is None or p.supplier_lot is None:
        return None
    return supplier_lot_name(s, s.parts[p.part].suppliers[p.supplier], p.supplier_lot)


def _subject(v: _View, p: Problem) -> tuple[dict[str, Any], dict[str, Any]]:
    s = v.s
    country = {"country": s.countries[p.country]} if p.country is not None else {}
    segment = {"segment": s.segments[p.segment].name} if p.segment is not None else {}
    req = s.requirements[p.requirement].id if p.requirement is not None else None
    if p.kind == "supplier_lot":
        return {"supplier_id": _supplier(s, p), "supplier_lot_id": _supplier_lot(s, p)}, {}
    if p.char is not None:
        ch = s.chars[p.char]
        return {"characteristic_id": ch.id, "stage_id": s.stages[ch.stage].id}, {}
    if p.kind == "growth_strain":
        return {"stage_id": s.stages[p.stage or 0].id}, {}
    if p.kind == "regional_service":
        return {**country, "topic": p.topic}, country
    if p.kind == "segment_decline":
        return {**segment, "topic": p.topic}, segment
    if p.kind == "emerging_requirement":
        return {"topic": p.topic, **({"requirement_id": req} if req else {})}, {}
    if p.kind == "kano_shift":
        return {"requirement_id": req}, {}
    return {}, {}


def _describe(v: _View, p: Problem, start: int, end: int | None) -> str:
    s = v.s
    when = f"from {iso(s, start)}" + (f" to {iso(s, end)}" if end is not None else "")
    if p.kind == "supplier_lot":
        return (f"Supplier lot {_supplier_lot(s, p)} of {_supplier(s, p)} ({s.parts[p.part or 0].name}) "
                f"raises '{s.parts[p.part or 0].defect}' defects and {p.topic} complaints {when}.")  # fmt: skip
    if p.char is not None:
        ch = s.chars[p.char]
        what = {"characteristic_shift": "shifts", "characteristic_drift": "drifts",
                "excursion": "makes an extreme excursion"}[p.kind]  # fmt: skip
        return f"{ch.name} ({ch.id}) {what} by {abs(p.params['shift_sigma']):.1f} sigma {when}, raising {p.topic} complaints."
    if p.kind == "growth_strain":
        return f"A sales campaign raises volume {when} and stage {s.stages[p.stage or 0].name} loses first-pass yield above its weekly load threshold."
    if p.kind == "regional_service":
        what = "late deliveries" if p.variant == "late_delivery" else "slow support"
        return f"{what.capitalize()} in {s.countries[p.country or 0]} {when}."
    if p.kind == "segment_decline":
        return f"Satisfaction of the {s.segments[p.segment or 0].name} segment falls {when} because of {p.topic}."
    if p.kind == "emerging_requirement":
        return f"Customers start asking for {p.topic} {when}."
    if p.kind == "kano_shift":
        return f"Requirement {s.requirements[p.requirement or 0].name} moves Kano category {p.variant} {when}."
    return "Customers whose first order went wrong re-order much less often than the others."
