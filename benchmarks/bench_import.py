"""Import speed: 10M measurement rows + 1M survey responses from CSV into a workspace.

Compared with the plain baseline most people would write first:
``pandas.read_csv`` + ``DataFrame.to_sql`` into SQLite (no validation at all),
measured in the same run. totalquality's import validates every value, checks
references and keys against the store, keeps rejects, and writes process data as
partitioned Parquet and survey data into the SQL store in one transaction.

Each job runs in a fresh interpreter (not a fork: Polars' thread pool does not survive
a fork of a process that already used it), so peak memory (max RSS) is the job's own.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import polars as pl

from benchmarks._measure import gib

REPO = Path(__file__).resolve().parents[1]

FULL = {"measurements": 10_000_000, "responses": 1_000_000}
QUICK = {"measurements": 200_000, "responses": 50_000}
#: the baseline's to_sql is measured on at most this many measurement rows and
#: extrapolated linearly beyond (to_sql inserts row by row: linear in rows); the full
#: run measures all 10 million
BASELINE_MEASUREMENT_CAP = 10_000_000
N_CHARACTERISTICS = 1_000


def _write_workspace(folder: Path, n_meas: int, n_resp: int, seed: int = 1) -> None:
    """characteristics + stages (small), measurements and responses (large) as CSV."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    stages = pl.DataFrame({"stage_id": [f"S{i}" for i in range(10)], "sequence": list(range(10))})
    stages.write_csv(folder / "stages.csv")
    chars = pl.DataFrame(
        {
            "characteristic_id": [f"C{i:04d}" for i in range(N_CHARACTERISTICS)],
            "stage_id": [f"S{i % 10}" for i in range(N_CHARACTERISTICS)],
            "lsl": [90.0] * N_CHARACTERISTICS,
            "target": [100.0] * N_CHARACTERISTICS,
            "usl": [110.0] * N_CHARACTERISTICS,
            "subgroup_size": [5] * N_CHARACTERISTICS,
        }
    )
    chars.write_csv(folder / "characteristics.csv")
    # measurements: per characteristic, subgroups of 5 taken every 10 minutes
    chunk = 2_000_000
    with open(folder / "measurements.csv", "wb") as fh:
        for start in range(0, n_meas, chunk):
            idx = np.arange(start, min(start + chunk, n_meas))
            char = idx % N_CHARACTERISTICS
            subgroup = idx // (N_CHARACTERISTICS * 5)
            seconds = subgroup * 600 + (idx // N_CHARACTERISTICS) % 5
            ts = np.datetime64("2025-11-01T00:00:00") + seconds.astype("timedelta64[s]")
            frame = pl.DataFrame(
                {
                    "characteristic_id": np.char.add("C", np.char.zfill(char.astype(str), 4)),
                    "measured_at": ts.astype("datetime64[us]"),
                    "value": np.round(rng.normal(100, 2, idx.size), 3),
                    "subgroup": np.char.add("G", subgroup.astype(str)),
                }
            ).with_columns(pl.col("measured_at").dt.strftime("%Y-%m-%dT%H:%M:%S"))
            frame.write_csv(fh, include_header=start == 0)
    ids = np.arange(n_resp)
    answered = np.datetime64("2025-11-01T00:00:00") + (ids * 30).astype("timedelta64[s]")
    words = np.array(["fast delivery", "battery drains", "great screen", "hinge creaks", ""])
    responses = pl.DataFrame(
        {
            "response_id": np.char.add("R", ids.astype(str)),
            "answered_at": answered.astype("datetime64[us]"),
            "language": rng.choice(["et", "pl", "en"], n_resp),
            "nps": rng.integers(0, 11, n_resp),
            "csat": rng.integers(1, 6, n_resp),
            "ces": rng.integers(1, 8, n_resp),
            "comment": rng.choice(words, n_resp),
        }
    ).with_columns(pl.col("answered_at").dt.strftime("%Y-%m-%dT%H:%M:%S"))
    responses.write_csv(folder / "responses.csv")


def _generate_job(folder: str, n_meas: str, n_resp: str) -> None:
    _write_workspace(Path(folder), int(n_meas), int(n_resp))


def _import_job(folder: str) -> None:
    from totalquality.listen import import_workspace

    report = import_workspace(folder)
    if report.problem_count:
        raise SystemExit(f"unexpected problems: {report.problems[:3]}")


def _baseline_job(folder: str, db: str, name: str, nrows: str) -> None:
    import pandas as pd

    con = sqlite3.connect(db)
    frame = pd.read_csv(Path(folder) / f"{name}.csv", nrows=int(nrows))
    frame.to_sql(name, con, if_exists="append", index=False, chunksize=100_000)
    con.commit()
    con.close()


def _job(name: str, *args: str) -> tuple[float, int]:
    """(seconds, peak RSS bytes) of ``name(*args)`` run in a fresh Python process."""
    code = (
        "import json, resource, sys, time\n"
        "from benchmarks import bench_import as b\n"
        "t0 = time.perf_counter()\n"
        f"b.{name}(*sys.argv[1:])\n"
        "print(json.dumps([time.perf_counter() - t0, "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=REPO
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark job {name} failed:\n{done.stderr[-2000:]}")
    seconds, peak = json.loads(done.stdout.strip().splitlines()[-1])
    return float(seconds), int(peak)


def run(quick: bool = False) -> str:
    sizes = QUICK if quick else FULL
    n_meas, n_resp = sizes["measurements"], sizes["responses"]
    base_meas = min(n_meas, BASELINE_MEASUREMENT_CAP)
    tmp = Path(tempfile.mkdtemp(prefix="tq-bench-import-"))
    try:
        ws = str(tmp / "ws")
        gen_s, _ = _job("_generate_job", ws, str(n_meas), str(n_resp))
        size_mib = sum(f.stat().st_size for f in (tmp / "ws").glob("*.csv")) / 2**20

        tq_s, tq_peak = _job("_import_job", ws)
        # second run of the same files: nothing new, everything skipped (idempotency cost)
        again_s, again_peak = _job("_import_job", ws)

        bl_resp_s, bl_resp_peak = _job(
            "_baseline_job", ws, str(tmp / "b1.db"), "responses", str(n_resp)
        )
        bl_meas_s, bl_meas_peak = _job(
            "_baseline_job", ws, str(tmp / "b2.db"), "measurements", str(base_meas)
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    total = n_meas + n_resp
    bl_meas_full = bl_meas_s * n_meas / base_meas
    bl_total = bl_meas_full + bl_resp_s
    extrapolated = base_meas < n_meas
    note = (
        f"The baseline's measurements were measured on {base_meas:,} rows and extrapolated "
        f"linearly to {n_meas:,} (×{n_meas / base_meas:g}); "
        if extrapolated
        else ""
    )
    lines = [
        "## Import (CSV → workspace store)",
        "",
        f"{n_meas:,} measurement rows (1,000 characteristics, subgroups of 5) and {n_resp:,} "
        f"survey responses, {size_mib:,.0f} MiB of CSV (generated in {gen_s:.0f} s). "
        "totalquality validates every value (types, ranges, ISO timestamps, references to "
        "characteristics, duplicate keys against the store), writes measurements as "
        "partitioned Parquet and responses into SQLite in one transaction. The baseline "
        "is `pandas.read_csv` + `DataFrame.to_sql` into SQLite with no validation. "
        f"Peak memory is the max RSS of a fresh process per job. {note}",
        "",
        "| job | rows | wall | rows/s | peak memory |",
        "|---|---:|---:|---:|---:|",
        f"| totalquality import | {total:,} | {tq_s:.1f} s | {total / tq_s:,.0f} | {gib(tq_peak)} |",
        f"| totalquality re-import (all skipped) | {total:,} | {again_s:.1f} s | "
        f"{total / again_s:,.0f} | {gib(again_peak)} |",
        f"| baseline: responses | {n_resp:,} | {bl_resp_s:.1f} s | {n_resp / bl_resp_s:,.0f} | "
        f"{gib(bl_resp_peak)} |",
        f"| baseline: measurements | {base_meas:,} | {bl_meas_s:.1f} s | "
        f"{base_meas / bl_meas_s:,.0f} | {gib(bl_meas_peak)} |",
        f"| baseline total{' (extrapolated)' if extrapolated else ''} | {total:,} | "
        f"{bl_total:.1f} s | {total / bl_total:,.0f} | – |",
        "",
        f"Speed-up over the baseline: **{bl_total / tq_s:.1f}×**; peak memory "
        f"{gib(tq_peak)} (target < 4 GiB: {'met' if tq_peak < 4 * 2**30 else 'NOT met'}).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(run(quick="--quick" in sys.argv))
