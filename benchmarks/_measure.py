"""Shared measuring helpers: wall time and peak memory of a callable in a fresh process."""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from collections.abc import Callable
from typing import Any


def _child(fn: Callable[[], Any], queue: Any) -> None:
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((elapsed, peak_kib * 1024))


def measure_in_subprocess(fn: Callable[[], Any]) -> tuple[float, int]:
    """(seconds, peak RSS bytes) of ``fn()`` run in a fresh forked process.

    A fresh process makes peak memory belong to this job alone.
    """
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, queue))
    proc.start()
    result = queue.get()
    proc.join()
    if proc.exitcode != 0:
        raise RuntimeError(f"benchmark child failed with exit code {proc.exitcode}")
    return result


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
