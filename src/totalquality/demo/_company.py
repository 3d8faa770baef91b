"""Random companies with planted problems and a truth file (``tq demo-data --scenario random``).

``generate_company(seed)`` draws a whole company from one ``numpy.random.Generator(seed)``
(spawned into independent streams for the structure, the plan, the simulation and the
texts, so a company and its healthy twin share their structure): an industry, products,
stages, characteristics, suppliers, markets, segments, 300–20,000 customers over 3–18
months from a random start, which tables it keeps, any subset of nine kinds of planted
problems and of eight confounders. ``write_company`` writes ``<table>.csv`` files and
``truth.json``. Everything is described in docs/scenarios.md.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InputError
from ._company_plan import CONFOUNDER_KINDS, KINDS, feasible, make_plan, required_tables
from ._company_sim import Simulation
from ._company_structure import ALL_TABLES, Structure, draw_structure
from ._company_tables import build_tables
from ._company_truth import check_floors, make_truth

__all__ = ["CONFOUNDER_KINDS", "KINDS", "Company", "generate_company", "write_company"]

HEALTHY_SHARE = 0.25
ATTEMPTS = 8
#: how many problems an unhealthy company gets when they are drawn: 1 … 6
N_PROBLEMS = np.array([0.3, 0.3, 0.2, 0.12, 0.05, 0.03])
CONFOUNDER_P = {
    "seasonality": 0.5,
    "trend": 0.4,
    "overlap": 0.5,
    "price_complaints": 0.35,
    "boilerplate": 0.4,
    "background": 0.4,
    "level_difference": 0.35,
    "low_capability": 0.3,
}
_DEPENDS = {
    "answers": ("responses", "items"),
    "measurements": ("characteristics",),
    "characteristics": ("stages",),
    "inspections": ("stages",),
    "defects": ("stages",),
    "lot_parts": ("lots",),
}


@dataclass(frozen=True)
class Company:
    """One generated company: the workspace tables (import format) and its truth."""

    tables: dict[str, pd.DataFrame]
    truth: dict[str, Any]


def generate_company(
    seed: int,
    *,
    healthy: bool | None = None,
    problems: Sequence[str] | None = None,
    confounders: Sequence[str] | None = None,
    customers: int | None = None,
    months: int | None = None,
    tables: Sequence[str] | None = None,
) -> Company:
    """A random company; arguments left ``None`` are drawn from the seed.

    Same arguments, same bytes. ``problems`` names kinds from :data:`KINDS` (a kind may
    repeat); ``healthy=True`` plants none. Raises :class:`~totalquality.InputError` (a ``ValueError``) for unknown names, for
    contradictory arguments, and when a requested problem cannot be made detectable in a
    company this small.
    """
    _check_names(problems, confounders, tables)
    if healthy and problems:
        raise InputError("healthy=True plants no problem: do not name problems too")
    r_struct, r_plan, r_sim, r_text = np.random.default_rng(seed).spawn(4)
    s = draw_structure(r_struct, seed, customers, months)
    draws = _draws(r_plan)
    if healthy is None and problems is None:
        healthy = bool(draws["healthy"])
    chosen_conf = list(confounders) if confounders is not None else [
        k for k in CONFOUNDER_KINDS if draws[k]
    ]  # fmt: skip
    _set_tables(s, problems, tables)
    volume = _volume(s)
    kinds = list(problems) if problems is not None else []
    if problems is None and not healthy:
        kinds = _random_kinds(r_plan, s, float(volume.mean()))
    return _generate(s, kinds, chosen_conf, volume, problems is not None, (r_plan, r_sim, r_text))


def _generate(
    s0: Structure,
    kinds: list[str],
    conf: list[str],
    volume: np.ndarray,
    requested: bool,
    rngs: tuple[np.random.Generator, ...],
) -> Company:
    r_plan, r_sim, r_text = rngs
    failed: dict[str, Any] = {}
    for _attempt in range(ATTEMPTS):
        s = copy.deepcopy(s0)
        plan = make_plan(r_plan, s, kinds, conf, volume)
        sim = Simulation(s, plan, r_sim)
        sim.run()
        built = build_tables(s, plan, sim, r_text)
        floors = check_floors(s, plan, sim, built)
        failed = {pid: f for pid, f in floors.items() if not f["passed"]}
        if not failed:
            truth = make_truth(s, plan, sim, built, floors, healthy=not plan.problems)
            return Company(built.tables, truth)
        if not requested:  # drop what this company cannot show, keep the rest
            bad = {p.kind for p in plan.problems if p.id in failed}
            kinds = [k for k in kinds if k not in bad] if _attempt >= 2 else kinds
    raise InputError(
        f"could not plant {', '.join(sorted(kinds))} detectably in this company "
        f"({s0.n_customers} customers, {s0.days} days): {failed}"
    )


def _check_names(
    problems: Sequence[str] | None, confounders: Sequence[str] | None, tables: Sequence[str] | None
) -> None:
    for name, given, known in (
        ("problem", problems, KINDS),
        ("confounder", confounders, CONFOUNDER_KINDS),
        ("table", tables, ALL_TABLES),
    ):
        unknown = sorted(set(given or ()) - set(known))
        if unknown:
            raise InputError(f"unknown {name}(s) {', '.join(unknown)}; known: {', '.join(known)}")


def _draws(rng: np.random.Generator) -> dict[str, float | bool]:
    """Every plan-level coin, drawn whatever the arguments (stable streams)."""
    u = rng.random(1 + len(CONFOUNDER_KINDS))
    out: dict[str, float | bool] = {"healthy": bool(u[0] < HEALTHY_SHARE)}
    for k, x in zip(CONFOUNDER_KINDS, u[1:], strict=True):
        out[k] = bool(x < CONFOUNDER_P[k])
    return out


def _set_tables(s: Structure, problems: Sequence[str] | None, tables: Sequence[str] | None) -> None:
    needed = required_tables(problems or ())
    if any(
        k in (problems or ()) for k in ("characteristic_shift", "characteristic_drift", "excursion")
    ):
        if not s.chars and s.reserve_char is not None:
            s.chars.append(s.reserve_char)
        needed |= {"characteristics", "measurements"}
    if tables is None:
        s.tables |= needed
        if not s.chars:
            s.tables -= {"characteristics", "measurements"}
        return
    given = set(tables)
    missing = sorted(needed - given)
    if missing:
        raise InputError(f"the problems asked for need table(s) {', '.join(missing)}")
    for core in ("customers", "orders"):
        if core not in given:
            raise InputError(f"every company has the {core} table")
    for table, deps in _DEPENDS.items():
        lacking = [d for d in deps if d not in given]
        if table in given and lacking:
            raise InputError(f"table {table} needs {', '.join(lacking)}")
    if "characteristics" in given and not s.chars and s.reserve_char is not None:
        s.chars.append(s.reserve_char)
    s.tables = given | {"products"}


def _volume(s: Structure) -> np.ndarray:
    """Expected orders per day (flat), for choosing windows and magnitudes."""
    n_ex = s.n_customers * s.existing_share
    rate = np.mean([g.existing_rate for g in s.segments])
    again = np.mean([g.first_repurchase * (1 + g.continue_p) for g in s.segments])
    total = n_ex * rate * s.days / 365 + (s.n_customers - n_ex) * (1 + 0.8 * again)
    return np.full(s.days, total / s.days)


def _random_kinds(rng: np.random.Generator, s: Structure, volume: float) -> list[str]:
    n = int(rng.choice(len(N_PROBLEMS), p=N_PROBLEMS)) + 1
    order = rng.permutation(len(KINDS))
    ok = [KINDS[i] for i in order if feasible(s, KINDS[i], volume)]
    return ok[:n]


def write_company(company: Company, directory: str | Path) -> dict[str, int]:
    """Write ``<table>.csv`` per table (UTF-8, comma, ``\\n``) and ``truth.json``;
    returns the rows written per table."""
    from ._generate import write_tables

    out = Path(directory)
    rows = write_tables(company.tables, out)
    text = json.dumps(company.truth, ensure_ascii=False, indent=1, sort_keys=False)
    (out / "truth.json").write_text(text + "\n", encoding="utf-8")
    return rows
