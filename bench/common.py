"""Helpers shared by the benchmarks: medians, percentiles, a virtual screen, and the result line."""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tools.xvfb import virtual_screen


def compile_like_an_install() -> None:
    """Write privacyapp's bytecode as pip does when it installs a wheel. An editable install under
    PYTHONDONTWRITEBYTECODE (set on some machines here) would otherwise compile every module from source at every
    start, which no installed copy does, and the figures would measure the compiler."""
    import compileall

    import privacyapp

    compileall.compile_dir(str(Path(privacyapp.__file__).parent), quiet=1)


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
