"""Garbage is collected on the GUI thread only (privacyapp/ui/gui_gc.py): a worker thread that allocates a lot
never frees a cycle holding QObjects, which would destroy them outside their thread."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot


class Cycle:
    def __init__(self) -> None:
        self.me = self
        self.qobject = QObject()


def test_a_workers_allocations_never_free_a_cycle(qtbot: QtBot, qapp: QApplication) -> None:
    assert not gc.isenabled(), "automatic collection is off; the collector's timer does it"
    freed_in: list[str] = []
    cycle = Cycle()
    weakref.finalize(cycle, lambda: freed_in.append(threading.current_thread().name))
    del cycle

    def allocate() -> None:
        junk = [[] for _ in range(200_000)]  # far past every threshold of the automatic collector
        del junk

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert freed_in == [], "not freed by the worker"
    # as the automatic collector, it collects once enough objects are alive since the last collection
    alive = [[] for _ in range(5_000)]
    qtbot.waitUntil(lambda: freed_in == ["MainThread"], timeout=5_000)
    del alive


def test_stop_switches_automatic_collection_back_on(qapp: QApplication) -> None:
    from privacyapp.ui.gui_gc import GuiThreadCollector

    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()
    finally:
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # the test session's own collector stays in charge
