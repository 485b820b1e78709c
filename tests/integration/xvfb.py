"""A virtual screen for tests that need a real window; skipped where Xvfb is missing, a failure in CI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import system_tool
from tools.xvfb import virtual_screen as _virtual_screen


@contextmanager
def virtual_screen() -> Iterator[str]:
    with _virtual_screen(system_tool("Xvfb")) as display:
        yield display
