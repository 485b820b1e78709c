"""Python's garbage collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed: a worker's (a breach
check, a save). If it then frees a cycle that holds QObjects, they are destroyed outside their thread, and Qt
crashes (a timer of a deleted object fired later: seen in the tests, which make a window per test). So automatic
collection is switched off and the same thresholds are checked by a timer on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> None:
        """What the automatic collector would have done since the last tick: young objects often, old rarely."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
