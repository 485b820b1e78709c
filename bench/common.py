"""Helpers shared by the benchmarks: medians, percentiles, a virtual screen, and the result line."""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from tools.xvfb import virtual_screen


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
    with virtual_screen(xvfb) as number:
        yield {"QT_QPA_PLATFORM": "xcb", "DISPLAY": number}
