"""Running blocking work (keyring, disk, network) off the GUI thread and getting the result back on it.

Daemon threads rather than QThreadPool: a call stuck on a keyring prompt must never keep the app from quitting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits on it and the queued connection delivers on the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)


def _emit(signal: Any, value: Any) -> None:
    try:
        signal.emit(value)
    except RuntimeError:
        log.debug("a finished task's relay is gone")  # the app is closing; nobody waits for the answer


def _alive(callback: Callable[[Any], None]) -> bool:
    """False when the callback is a method of a Qt object that has been deleted."""
    import shiboken6

    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class Tasks(QObject):
    """`submit(func, on_success, on_failure)`: func runs in a worker; one callback runs on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relays: set[_Relay] = set()

    def submit(
        self,
        func: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        name: str = "task",
    ) -> None:
        # No Qt parent: the worker's closure keeps the relay alive even if this Tasks object is deleted first.
        relay = _Relay()
        self._relays.add(relay)
        from PySide6.QtCore import Qt  # here, not at import: its first use costs ~15 ms (see theme.py)

        queued = Qt.ConnectionType.QueuedConnection

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if callback is None or not _alive(callback):
                return
            try:
                callback(value)
            except RuntimeError as exc:
                # The widget that asked was closed while the work ran (a page of a window that is gone):
                # its answer has nowhere to go. Anything else is a real error.
                if "already deleted" not in str(exc):
                    raise
                log.debug("a finished task's receiver is gone")

        relay.succeeded.connect(lambda value: finish(on_success, value), queued)
        relay.failed.connect(lambda exc: finish(on_failure or self._log_failure, exc), queued)

        def work() -> None:
            try:
                result = func()
            except Exception as exc:
                _emit(relay.failed, exc)
            else:
                _emit(relay.succeeded, result)

        threading.Thread(target=work, name=f"privacyapp-{name}", daemon=True).start()

    @property
    def pending(self) -> int:
        return len(self._relays)

    @staticmethod
    def _log_failure(exc: BaseException) -> None:
        log.error("background task failed: %s", type(exc).__name__, exc_info=exc)
