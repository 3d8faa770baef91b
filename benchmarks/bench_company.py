"""Generation time of random companies (docs/scenarios.md): a small one and the largest.

``generate_company`` must stay fast enough to build a benchmark of ≥ 40 companies in
seconds; the largest company the generator draws (20,000 customers over 18 months) is
measured with all of its tables and with writing its CSV files and truth.json.
"""

from __future__ import annotations

import tempfile
import time

from totalquality.demo._company import generate_company, write_company

CASES = (
    (
        "small: 400 customers, 6 months, one excursion",
        3,
        {"problems": ["excursion"], "customers": 400, "months": 6},
    ),
    (
        "largest: 20,000 customers, 18 months, random problems",
        100,
        {"customers": 20_000, "months": 18},
    ),
)


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run(quick: bool = False) -> str:
    repeat = 1 if quick else 3
    rows = ["## Random companies (generation)", "",
            "| company | rows | generate (s) | generate + write (s) |", "|---|---:|---:|---:|"]  # fmt: skip
    for label, seed, kwargs in CASES:
        company = generate_company(seed, **kwargs)  # type: ignore[arg-type]
        n = sum(len(t) for t in company.tables.values())
        gen = _best(lambda s=seed, k=kwargs: generate_company(s, **k), repeat)  # type: ignore[misc]

        def both(s: int = seed, k: dict = kwargs) -> None:  # type: ignore[type-arg]
            with tempfile.TemporaryDirectory() as d:
                write_company(generate_company(s, **k), d)

        total = _best(both, repeat)
        rows.append(f"| {label} | {n:,} | {gen:.2f} | {total:.2f} |")
    rows += ["", f"Best of {repeat} runs."]
    return "\n".join(rows)
