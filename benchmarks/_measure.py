"""Shared measuring helpers: wall time and peak memory of a callable."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _high_water_bytes() -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure_peak(fn: Callable[[], Any]) -> tuple[float, int]:
    """(seconds, peak RSS bytes) of ``fn()``, in this process.

    Linux resets the resident-set high-water mark on ``echo 5 > /proc/self/clear_refs``,
    so the peak belongs to this job alone without forking (forking after Polars or
    DuckDB started their thread pools can deadlock). The peak includes what the
    process already held; :func:`held_bytes` tells how much that was.
    """
    gc.collect()
    _CLEAR_REFS.write_text("5")
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    return elapsed, _high_water_bytes()


def held_bytes() -> int:
    """Resident memory held right now (the floor under a :func:`measure_peak`)."""
    gc.collect()
    _CLEAR_REFS.write_text("5")
    return _high_water_bytes()


def timed(fn: Callable[[], Any], repeat: int = 1) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def gib(nbytes: float) -> str:
    return f"{nbytes / 2**30:.2f} GiB"
