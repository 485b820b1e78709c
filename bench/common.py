"""Helpers shared by the benchmarks: medians, percentiles, a virtual screen, and the result line."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager


def median_ms(samples_ns: Sequence[int]) -> float:
    return statistics.median(samples_ns) / 1e6


def verdict(ratio: float, goal: float, *, lower_is_better: bool = True) -> str:
    met = ratio <= goal if lower_is_better else ratio >= goal
    sign = "<=" if lower_is_better else ">="
    return f"ratio {ratio:.2f} (goal {sign} {goal:g}): {'met' if met else 'NOT met'}"


@contextmanager
def display() -> Iterator[dict[str, str]]:
    """Environment for a real window: Xvfb when it is installed, else Qt's offscreen platform."""
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as reader:
            number = reader.readline().strip()
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{number}"}
    finally:
        process.terminate()
        process.wait(timeout=10)
