"""Integration tests talk to servers on 127.0.0.1 only: never through a proxy the person running them set."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_proxy(loopback_only: None) -> None:
    """tests/conftest.py's loopback_only, for every integration test."""
