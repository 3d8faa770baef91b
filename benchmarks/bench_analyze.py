"""`tq analyze` on the default demo workspace: total time and a stage-by-stage table.

Target (issue 6): under 60 s on 2 cores. Generation and import are timed apart.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

TARGET_S = 60.0


def run(quick: bool = False) -> str:
    from totalquality._pipeline import analyze
    from totalquality.cli._workspace_io import open_tables
    from totalquality.demo import generate
    from totalquality.listen import import_workspace
    from totalquality.report import write_report

    scale = 0.3 if quick else 1.0
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "workspace"
        t0 = time.perf_counter()
        generate(ws, seed=42, scale=scale)
        t_gen = time.perf_counter() - t0
        t0 = time.perf_counter()
        import_workspace(ws)
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        tables = open_tables(ws)
        run_ = analyze(tables)
        t_analyze = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_report(run_, Path(tmp) / "out", workspace="demo")
        t_report = time.perf_counter() - t0
    total = t_analyze + t_report
    lines = [
        f"## tq analyze on the demo workspace (scale {scale})",
        "",
        f"Total (analyze + report): **{total:.1f} s** — target < {TARGET_S:.0f} s: "
        f"{'met' if total < TARGET_S else 'NOT met'}. Demo generation {t_gen:.1f} s"
        + f", import {t_import:.1f} s"
        + " (not part of the analysis).",
        "",
        "| step | seconds |",
        "|---|---|",
    ]
    for name, secs in run_.timings.items():
        lines.append(f"| {name} | {secs:.2f} |")
    lines.append(f"| write report.html + results.json | {t_report:.2f} |")
    if run_.errors:
        lines += [
            "",
            "Sections that failed: " + ", ".join(f"{k} ({v})" for k, v in run_.errors.items()),
        ]
    return "\n".join(lines)
