"""Timing shared by the benchmark scripts (run them as scripts: this folder is on sys.path)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(work: Callable[[], object], repeats: int = 5) -> float:
    """The shortest of `repeats` runs of `work`, in seconds: on a noisy machine the minimum is
    the figure closest to the work's own cost."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)
