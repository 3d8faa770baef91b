"""Recommendations on companies the project has never seen: recall, precision, duplicates.

Each company is drawn by the random company generator (``generate_company(seed)``,
docs/scenarios.md) with its truth file: the planted root problems, their subject, place and
start. The analysis sees only the tables. Every fourth seed is a healthy company (nothing
planted); the others have problems planted at random places and times, with confounders.

Measured over the first 10 significant recommendations of each company (watch items are
not claims):

* **recall@10**: planted roots found with the right subject (and, for a local problem, the
  right place and cause);
* **precision@10**: items that name a planted root or its direct evidence (a lot of the
  planted supplier lot's supplier, a complaint topic whose complaints are mostly the planted
  problem's, the stage of a drifting characteristic);
* **duplicates@10**: items about a planted root already named by a higher item;
* **claims per healthy company**: every significant recommendation on a healthy company;
* **shuffled**: the whole analysis again with the rows of every table shuffled; the
  recommendations must be identical.

``python -m benchmarks.bench_recommendations [--companies N] [--jobs J] [--seeds a,b]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pickle
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
WORK = Path(os.environ.get("TQ_BENCH_DIR", HERE.parent / "bench-output" / "recommendations"))
TOP = 10
#: a complaint topic is the planted problem's when it holds this share of its complaints
TOPIC_OVERLAP = 0.3
TARGETS = {"recall": 0.95, "precision": 0.9, "duplicates": 0, "healthy_mean": 0.5, "healthy_max": 2}


# ----------------------------------------------------------------------------- one company


@dataclass
class Outcome:
    seed: int
    healthy: bool
    planted: list[str]
    found: list[str]
    top: list[dict[str, Any]]
    precise: int
    duplicates: int
    claims: int
    shuffled_identical: bool
    seconds: float
    customers: int
    months: float
    errors: dict[str, str] = field(default_factory=dict)


def company(seed: int) -> Any:
    from totalquality.demo import generate_company

    return generate_company(seed, healthy=seed % 4 == 0)


def analyse(seed: int) -> Outcome:
    from totalquality.demo import write_company

    t0 = time.perf_counter()
    c = company(seed)
    folder = WORK / f"c{seed:03d}"
    write_company(c, folder)
    shuffled = WORK / f"c{seed:03d}-shuffled"
    _write_shuffled(folder, shuffled, seed)
    cache = _embedding_cache(seed)
    run = _run(folder, cache)
    again = _run(shuffled, cache)
    _keep_cache(seed, cache)
    if os.environ.get("TQ_BENCH_KEEP_RUNS"):  # for looking into a company afterwards
        with (WORK / f"c{seed:03d}.pkl").open("wb") as fh:
            pickle.dump(run, fh)
    truth = c.truth
    recs = [r.to_dict() for r in run.recommendations]
    # as results.json has them: numbers to 10 significant digits
    identical = rounded(recs) == rounded([r.to_dict() for r in again.recommendations])
    scored = score(truth, recs, _topic_complaints(run))
    return Outcome(
        seed=seed,
        healthy=bool(truth["healthy"]),
        planted=[p["id"] + ":" + p["kind"] for p in truth["problems"]],
        shuffled_identical=identical,
        seconds=time.perf_counter() - t0,
        customers=int(truth["company"]["customers"]),
        months=_months(truth),
        errors=dict(run.errors),
        **scored,
    )


def rounded(value: Any) -> Any:
    from totalquality._base import rounded as keep_digits

    return keep_digits(value)


def _run(folder: Path, cache: dict[str, bytes]) -> Any:
    from totalquality._pipeline import analyze
    from totalquality.cli._workspace_io import open_tables

    return analyze(open_tables(folder), section_options={"text": {"embedding_cache": cache}})


def _write_shuffled(source: Path, target: Path, seed: int) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for file in source.glob("*.csv"):
        frame = pd.read_csv(file, dtype=str, keep_default_na=False)
        frame.sample(frac=1.0, random_state=seed).to_csv(target / file.name, index=False)


def _embedding_cache(seed: int) -> dict[str, bytes]:
    path = WORK / "embeddings" / f"c{seed:03d}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            cached: dict[str, bytes] = pickle.load(fh)
            return cached
    return {}


def _keep_cache(seed: int, cache: dict[str, bytes]) -> None:
    path = WORK / "embeddings" / f"c{seed:03d}.pkl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(dict(cache), fh)


def _topic_complaints(run: Any) -> dict[str, set[str]]:
    """topic → the complaints assigned to it (a topic is matched to a planted problem by the
    complaints the problem caused)."""
    text = run.sections.get("text")
    out: dict[str, set[str]] = {}
    for a in (text.results.get("assignments") or []) if text is not None else []:
        if a.get("source_table") != "complaints":
            continue
        for topic in a.get("topics") or ([a["topic_id"]] if a.get("topic_id") else []):
            out.setdefault(str(topic), set()).add(str(a["source_id"]))
    return out


def _months(truth: Mapping[str, Any]) -> float:
    start = pd.Timestamp(truth["company"]["start"])
    end = pd.Timestamp(truth["company"]["end"])
    return round((end - start).days / 30.44, 1)


# ----------------------------------------------------------------------------- scoring


def score(
    truth: Mapping[str, Any], recs: Sequence[Mapping[str, Any]], topics: Mapping[str, set[str]]
) -> dict[str, Any]:
    """Which planted roots the first 10 significant items name, and what else they say."""
    significant = [r for r in recs if r["significant"]]
    top = significant[:TOP]
    problems = truth["problems"]
    named: set[str] = set()
    precise = duplicates = 0
    rows = []
    for item in top:
        roots = [p["id"] for p in problems if names_root(item, p, topics)]
        evidence = [p["id"] for p in problems if names_evidence(item, p, topics)]
        about = roots or evidence
        if about:
            precise += 1
            if set(about) <= named:
                duplicates += 1
        named |= set(roots)
        rows.append({"key": item["key"], "roots": roots, "evidence": evidence})
    return {
        "found": sorted(named),
        "top": rows,
        "precise": precise,
        "duplicates": duplicates,
        "claims": len(significant),
    }


def names_root(
    item: Mapping[str, Any], p: Mapping[str, Any], topics: Mapping[str, set[str]]
) -> bool:
    """The item names the planted root: its subject, and where it is local, its place."""
    kind, st, sid = p["kind"], item["subject_type"], item["subject_id"]
    if kind == "supplier_lot":
        return (st == "supplier" and sid == p["supplier_id"] and _names_lot(item, p)) or (
            st == "supplier_lot" and sid == p["supplier_lot_id"]
        )
    if kind in ("characteristic_shift", "characteristic_drift", "excursion"):
        return (st == "characteristic" and sid == p["characteristic_id"]) or (
            st == "stage" and sid == p["stage_id"]
        )
    if kind == "growth_strain":
        return st == "stage" and sid == p["stage_id"]
    if kind in ("regional_service", "segment_decline"):
        return st == "place" and item.get("place") == p["place"] and _right_cause(item, p, topics)
    if kind == "emerging_requirement":
        return (st == "requirement" and sid == p.get("requirement_id")) or (
            st in ("topic", "term") and _overlap(sid, p, topics) >= TOPIC_OVERLAP
        )
    if kind == "kano_shift":
        return st == "requirement" and sid == p.get("requirement_id")
    if kind == "bad_first_experience":
        return item["kind"] == "retention_gap"
    return False


def names_evidence(
    item: Mapping[str, Any], p: Mapping[str, Any], topics: Mapping[str, set[str]]
) -> bool:
    """The item is the planted root's direct evidence: one of its lots, its stage, a topic
    made of its complaints, its place."""
    st, sid = item["subject_type"], item["subject_id"]
    if st in ("topic", "term") and _overlap(sid, p, topics) >= TOPIC_OVERLAP:
        return True
    if st == "supplier_lot" and sid == p.get("supplier_lot_id"):
        return True
    if st == "supplier" and sid == p.get("supplier_id"):
        return True
    if st in ("stage", "characteristic") and sid in (p.get("stage_id"), p.get("characteristic_id")):
        return True
    if st == "place" and p.get("place") and item.get("place") == p["place"]:
        return True
    return st == "customer" and p["kind"] == "bad_first_experience"


def _names_lot(item: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    text = json.dumps([item.get("title"), item.get("evidence", {}).get("symptoms")], default=str)
    return p["supplier_lot_id"] in text or p["supplier_lot_id"] in json.dumps(
        item.get("evidence", {}), default=str
    )


def _right_cause(
    item: Mapping[str, Any], p: Mapping[str, Any], topics: Mapping[str, set[str]]
) -> bool:
    """A local problem names its cause: the delivery time for late deliveries, else a
    complaint topic made mostly of the planted problem's complaints."""
    if not p.get("complaint_ids"):
        return True
    cause = item.get("evidence", {}).get("cause") or {}
    if cause.get("outcome") == "delivery_days" and p.get("variant") in ("late", "late_delivery"):
        return True
    candidates = [cause.get("topic")] + [
        s.get("subject_id") for s in item.get("symptoms") or () if s.get("subject_type") == "topic"
    ]
    return any(_overlap(t, p, topics) >= TOPIC_OVERLAP for t in candidates if t)


def _overlap(topic: Any, p: Mapping[str, Any], topics: Mapping[str, set[str]]) -> float:
    planted = set(p.get("complaint_ids") or ())
    mine = topics.get(str(topic), set())
    if not planted or not mine:
        return 0.0
    return len(planted & mine) / len(planted)


# ----------------------------------------------------------------------------- the table


def table(outcomes: Iterable[Outcome]) -> str:
    rows = sorted(outcomes, key=lambda o: o.seed)
    sick = [o for o in rows if not o.healthy]
    healthy = [o for o in rows if o.healthy]
    planted = sum(len(o.planted) for o in sick)
    found = sum(len(o.found) for o in sick)
    listed = sum(len(o.top) for o in sick)
    precise = sum(o.precise for o in sick)
    dups = sum(o.duplicates for o in rows)
    claims = [o.claims for o in healthy]
    identical = sum(o.shuffled_identical for o in rows)
    recall = found / planted if planted else float("nan")
    precision = precise / listed if listed else float("nan")
    mean_claims = float(np.mean(claims)) if claims else float("nan")
    lines = [
        "## Recommendations on companies the project has never seen",
        "",
        f"{len(rows)} random companies ({len(healthy)} healthy), seeds "
        f"{rows[0].seed}–{rows[-1].seed}; the first {TOP} significant recommendations of each.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| recall@10 | {recall:.3f} ({found} of {planted} planted roots) | ≥ {TARGETS['recall']} |",
        f"| precision@10 | {precision:.3f} ({precise} of {listed} items) | ≥ {TARGETS['precision']} |",
        f"| duplicates@10 | {dups} | {TARGETS['duplicates']} |",
        f"| claims per healthy company | mean {mean_claims:.2f}, max {max(claims, default=0)} "
        f"| ≤ {TARGETS['healthy_mean']}, never > {TARGETS['healthy_max']} |",
        f"| shuffled rows give identical recommendations | {identical} of {len(rows)} | all |",
        "",
        "| seed | customers | months | planted | found | top items (roots / evidence) | shuffled same | s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in rows:
        items = "; ".join(
            f"{t['key']}"
            + (
                f" → {','.join(t['roots'] or t['evidence'])}"
                if t["roots"] or t["evidence"]
                else " ✗"
            )
            for t in o.top
        )
        planted_text = ", ".join(o.planted) or "healthy"
        lines.append(
            f"| {o.seed} | {o.customers} | {o.months} | {planted_text} | {', '.join(o.found)} "
            f"| {items} | {'yes' if o.shuffled_identical else 'NO'} | {o.seconds:.0f} |"
        )
    failed = [o for o in rows if o.errors]
    if failed:
        lines += ["", "Sections that failed: " + "; ".join(f"{o.seed}: {o.errors}" for o in failed)]
    return "\n".join(lines)


def run(quick: bool = False, seeds: Sequence[int] | None = None, jobs: int = 2) -> str:
    seeds = list(seeds or range(1, (9 if quick else 49)))
    WORK.mkdir(parents=True, exist_ok=True)
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        outcomes = pool.map(analyse, seeds, chunksize=1)
    return table(outcomes)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--companies", type=int, default=48)
    parser.add_argument("--seeds", default="")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    chosen = [int(s) for s in args.seeds.split(",") if s] or list(range(1, args.companies + 1))
    text = run(seeds=chosen, jobs=args.jobs)
    print(text)
