"""Run every benchmark module (benchmarks/bench_*.py) and write benchmarks/RESULTS.md.

Each module has ``run(quick: bool = False) -> str`` returning a Markdown section.
``python -m benchmarks.run [--quick] [name ...]`` runs all or the named ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import pkgutil
import platform
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmark names (bench_<name>.py)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args(argv)
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_")
    )
    if args.names:
        modules = [m for m in modules if m.removeprefix("bench_") in args.names]
    for name in modules:
        print(f"== {name}", flush=True)
        mod = importlib.import_module(f"benchmarks.{name}")
        text = mod.run(quick=args.quick)
        print(text, flush=True)
        if not args.quick:  # a smoke run must not overwrite measured results
            (HERE / "results" / f"{name.removeprefix('bench_')}.md").write_text(text + "\n")
    if not args.quick:
        write_summary()
    return 0


def write_summary() -> None:
    """RESULTS.md: every benchmark's latest measured table, one after the other."""
    sections = [p.read_text().strip() for p in sorted((HERE / "results").glob("*.md"))]
    header = (
        f"# Benchmark results\n\nUpdated {dt.date.today()} on {platform.machine()}, "
        f"Python {sys.version.split()[0]}, {_cores()} cores. Each section is the latest run of "
        "`benchmarks/bench_<name>.py` (`make bench`, or `python -m benchmarks.run NAME`); "
        "ratios compare with baselines measured in the same run.\n"
    )
    (HERE / "RESULTS.md").write_text(header + "\n" + "\n\n".join(sections) + "\n")


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
