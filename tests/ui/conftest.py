"""pytest-qt runs the UI tests in privacyapp's own QApplication subclass, offscreen."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from privacyapp.core.keyring_check import KeyringStatus
from privacyapp.core.paths import AppPaths, app_paths
from privacyapp.ui.application import PrivacyApplication


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return PrivacyApplication


@pytest.fixture
def paths(data_dir: Path) -> Iterator[AppPaths]:
    found = app_paths()
    found.ensure()
    yield found


WORKING = KeyringStatus("Test Keyring", True, "Works: a test entry was written, read back and deleted.")
MISSING = KeyringStatus("fail Keyring", False, "No keyring service was found on this computer.")


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As the app does (privacyapp/ui/gui_gc.py): Python's collector only on the GUI thread. Each test makes its
    own window; freed by a worker thread's collection, its QObjects would crash Qt later."""
    from privacyapp.ui.gui_gc import GuiThreadCollector

    if getattr(qapp, "collector", None) is None:  # the app installs it after its first paint
        qapp.collector = GuiThreadCollector(qapp)  # type: ignore[attr-defined]
    yield
    gc.collect()
