"""The profile's single writer: one queue of jobs that write files (saves, key slots, restores, deletes), run one at
a time, each in a worker thread, so that two writes never overlap and none runs on the GUI thread."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from privacyapp.ui.tasks import Outcome, Tasks

T = TypeVar("T")


class Writer(QObject):
    writesDone = Signal()  # the queue ran empty

    def __init__(self, tasks: Tasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._queue: deque[tuple[str, Callable[[], Any], Callable[[Outcome[Any]], None]]] = deque()
        self._busy = False

    def enqueue(self, name: str, work: Callable[[], Any], done: Callable[[Outcome[Any]], None]) -> None:
        """Run `work` after every job queued before it; then `done(outcome)` on the GUI thread."""
        self._queue.append((name, work, done))
        self._pump()

    def _pump(self) -> None:
        if self._busy:
            return
        if not self._queue:
            self.writesDone.emit()
            return
        name, work, done = self._queue.popleft()
        self._busy = True

        def finished(outcome: Outcome[Any]) -> None:
            self._busy = False
            try:
                done(outcome)
            finally:
                self._pump()

        self._tasks.run(self, work, finished, name=name)

    @property
    def writing(self) -> bool:
        """A job is running or waiting."""
        return self._busy or bool(self._queue)

    def wait(self, timeout_s: float) -> bool:
        """On quit only: let queued jobs finish (the event loop keeps running meanwhile). True when done."""
        import time

        from PySide6.QtCore import QCoreApplication, QEventLoop

        deadline = time.monotonic() + timeout_s
        while self.writing and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return not self.writing


class _Alive:
    """Whether a QObject still exists; flipped by its destroyed signal, on the GUI thread."""

    def __init__(self, context: QObject) -> None:
        self.alive = True
        context.destroyed.connect(self._gone)

    def _gone(self, *_args: object) -> None:
        self.alive = False


def while_alive(context: QObject, done: Callable[[Outcome[T]], None]) -> Callable[[Outcome[T]], None]:
    """`done`, dropped once `context` is destroyed (a job in the writer's queue belongs to the session, but its
    answer to the dialog or page that asked)."""
    alive = _Alive(context)

    def deliver(outcome: Outcome[T]) -> None:
        if alive.alive:
            done(outcome)

    return deliver
