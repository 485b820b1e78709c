"""Blocking work (keyring, disk, key derivation, network) off the GUI thread, and its outcome back on it.

`tasks.run(context, work, done)` runs `work()` in a worker thread and then `done(outcome)` on the GUI thread,
where `outcome` is `Ok(value)` or `Failed(error)`, typed by what `work` returns. The callback belongs to
`context`, a QObject: once the context is destroyed (a dialog closed, a page of a window that is gone), the
outcome is dropped and `done` is never called, the way KeePassXC's AsyncTask ties a QFutureWatcher to a context.

Daemon threads rather than QThreadPool: a call stuck on a keyring prompt must never keep the app from quitting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Ok(Generic[T]):
    value: T


@dataclass(frozen=True)
class Failed:
    error: Exception


Outcome = Ok[T] | Failed


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits on it and the queued connection delivers on the GUI thread."""

    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.context_alive = True

    def context_destroyed(self, *_args: object) -> None:
        self.context_alive = False


class _QtWorker(QThread):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        self._work()


class Tasks(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relays: set[_Relay] = set()
        self._threads: set[_QtWorker] = set()

    def run(
        self,
        context: QObject,
        work: Callable[[], T],
        done: Callable[[Outcome[T]], None],
        *,
        name: str = "task",
        qt_objects: bool = False,
    ) -> None:
        """With `qt_objects`, the work runs in a QThread: Qt objects that start timers (a QTextDocument printed to
        a QPdfWriter) need the event dispatcher a QThread has and a plain Python thread lacks."""
        from PySide6.QtCore import Qt  # here, not at import: its first use costs ~15 ms (see theme.py)

        # No Qt parent: the worker's closure keeps the relay alive even if this Tasks object is deleted first.
        relay = _Relay()
        self._relays.add(relay)
        # Both this and the delivery run on the GUI thread, so "destroyed before the answer" is never a race.
        context.destroyed.connect(relay.context_destroyed)

        def deliver(outcome: Outcome[T]) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if not relay.context_alive:
                log.debug("the receiver of %s is gone; its outcome is dropped", name)
                return
            done(outcome)

        relay.finished.connect(deliver, Qt.ConnectionType.QueuedConnection)

        def worker() -> None:
            outcome: Outcome[T]
            try:
                outcome = Ok(work())
            except Exception as exc:  # every failure reaches the callback, typed as Failed
                outcome = Failed(exc)
            try:
                relay.finished.emit(outcome)
            except RuntimeError:  # the application is gone (quitting): nobody waits for the answer
                log.debug("%s finished after the application closed", name)

        if qt_objects:
            thread = _QtWorker(worker)
            self._threads.add(thread)
            thread.finished.connect(lambda: self._threads.discard(thread))
            thread.start()
        else:
            threading.Thread(target=worker, name=f"privacyapp-{name}", daemon=True).start()

    def submit(
        self,
        func: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        name: str = "task",
    ) -> None:
        """`run` with two callbacks; the context is the object the success callback is a method of, if any."""
        owner = getattr(on_success, "__self__", None)
        context = owner if isinstance(owner, QObject) else self

        def done(outcome: Outcome[Any]) -> None:
            if isinstance(outcome, Ok):
                on_success(outcome.value)
            else:
                (on_failure or log_failure)(outcome.error)

        self.run(context, func, done, name=name)

    @property
    def pending(self) -> int:
        return len(self._relays)


def log_failure(exc: BaseException) -> None:
    log.error("background task failed: %s", type(exc).__name__, exc_info=exc)
