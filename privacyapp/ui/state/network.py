"""What privacyapp sent over the network this session (time, host, path with the prefix only), for Settings.

Requests are recorded from worker threads; `changed` reaches the GUI thread through Qt's queued delivery.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from privacyapp.core.hibp_http import Request


class NetworkLog(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._requests: list[Request] = []

    def record(self, request: Request) -> None:
        """Called from any thread (a breach check, the breach-list download)."""
        with self._lock:
            self._requests.append(request)
        self.changed.emit()

    def forget(self) -> None:
        """Lock or switch: the list shows the 5-character hash prefixes of the last person's passwords, so the
        next person starts with an empty one."""
        with self._lock:
            self._requests.clear()
        self.changed.emit()

    @property
    def requests(self) -> tuple[Request, ...]:
        with self._lock:
            return tuple(self._requests)
