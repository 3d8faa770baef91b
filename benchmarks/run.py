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
    sections = []
    for name in modules:
        print(f"== {name}", flush=True)
        mod = importlib.import_module(f"benchmarks.{name}")
        text = mod.run(quick=args.quick)
        print(text, flush=True)
        (HERE / "results" / f"{name.removeprefix('bench_')}.md").write_text(text + "\n")
        sections.append(text)
    header = (
        f"# Benchmark results\n\nMeasured {dt.date.today()} on {platform.machine()}, "
        f"Python {sys.version.split()[0]}, {_cores()} cores. Per-benchmark tables are in "
        "`benchmarks/results/`.\n"
    )
    if not args.names and not args.quick:
        (HERE / "RESULTS.md").write_text(header + "\n" + "\n\n".join(sections) + "\n")
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
