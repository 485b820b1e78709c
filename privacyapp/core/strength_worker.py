"""Rating passwords in a child process, so that a slow rating never holds the GUI's interpreter.

zxcvbn is pure Python: crafted inputs under 72 characters took two seconds before core/l33t.py, and on a thread
of the GUI's process that means waiting for the interpreter lock and for garbage collections it triggers. In a child
process the GUI is not touched at all. When a newer input arrives, a rating still running is let finish if it
has run for less than a new child takes to start (measured at each start, at least PATIENCE): ratings take ~1 to
25 ms since core/l33t.py, and killing one cost a start-up of 0.15 s, 0.35 s on a busy computer, which was the
meter's p99 in `make bench`. One that runs longer is stopped (the child is killed and a new one started): the
newest input never waits much longer than a start-up.

The password travels to the child through a pipe in memory; nothing is written anywhere.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import asdict
from multiprocessing.connection import Connection
from typing import Any

from privacyapp.core.passwords import Strength, estimate, prepare
from privacyapp.core.redact import Secret

READY = "ready"  # the child's first message: zxcvbn is imported and our matcher installed


def _serve(connection: Connection) -> None:
    """The child: rate what comes in, until the pipe closes (also while it answers: the app may quit then)."""
    try:
        prepare()  # while the person has not typed yet
        connection.send(READY)
        while True:
            message = connection.recv()
            if message is None:
                return
            password, inputs = message
            try:
                answer: dict[str, Any] = asdict(estimate(Secret(password), inputs))
            except Exception as exc:  # say what kind of problem; never a traceback, which could hold the input
                answer = {"error": type(exc).__name__}
            connection.send(answer)
    except (EOFError, OSError):  # the app closed its end: nothing to answer, and nothing to print
        return


class RatingError(Exception):
    """The child could not rate this input."""


class SupersededError(Exception):
    """A newer input replaced this one before its rating came back."""


ANSWER_WITHIN = 20.0  # seconds; the slowest inputs took about 2 s before core/l33t.py
PATIENCE = 0.25  # seconds: a superseded rating younger than this, or than a start-up, is let finish
POLL = 0.02  # seconds: how often a waiting rating looks whether the one before it has become slow


_ALL: weakref.WeakSet[StrengthWorker] = weakref.WeakSet()


def close_all() -> None:
    """Stop every rating process (at exit, and between tests)."""
    for worker in list(_ALL):
        worker.close()


class StrengthWorker:
    serve = staticmethod(_serve)  # the child's loop, a module-level function (a test gives a slower one)

    def __init__(self) -> None:
        _ALL.add(self)
        self._context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._process: Any = None
        self._connection: Connection | None = None
        self._lock = threading.Lock()  # one rating at a time
        self._state_lock = threading.Lock()  # guards the four below, and the killing of a running rating
        self._started_at: float | None = None  # when the rating running now was sent
        self._superseded = False  # stop_running() was called for the rating running now
        self._stopped = False  # and its child was killed for it
        self.start_cost = PATIENCE  # seconds the last child took to be ready to rate
        self.starts = 0  # children started (the benchmark reports it: 1 means only the warm-up)

    def _ensure(self) -> Connection:
        """The child, started and ready to rate (called with the lock held)."""
        if self._process is None or not self._process.is_alive() or self._connection is None:
            started = time.monotonic()
            parent, child = self._context.Pipe()
            process = self._context.Process(
                target=type(self).serve, args=(child,), daemon=True, name="privacyapp-rating"
            )
            process.start()
            child.close()
            self._process, self._connection = process, parent
            self.starts += 1
            try:
                ready = parent.poll(ANSWER_WITHIN) and parent.recv() == READY
            except (EOFError, OSError):
                ready = False
            if not ready:
                self._end_child()
                raise RatingError("the rating process did not start")
            self.start_cost = time.monotonic() - started
        return self._connection

    def _end_child(self) -> None:
        process, connection = self._process, self._connection
        self._process, self._connection = None, None
        if process is not None:
            process.kill()
        if connection is not None:
            connection.close()

    def estimate(self, password: Secret, user_inputs: Sequence[str] = ()) -> Strength:
        """Blocks the calling (worker) thread; raises SupersededError when stop_running() ended it."""
        while not self._lock.acquire(timeout=POLL):
            self._stop_if_slow()  # the rating before this one was superseded and may have become slow since
        try:
            connection = self._ensure()
            with self._state_lock:
                self._started_at, self._superseded, self._stopped = time.monotonic(), False, False
            try:
                connection.send((password.reveal(), list(user_inputs)))
                if not connection.poll(ANSWER_WITHIN):  # a child that never answers is ended, not waited for
                    self._end_child()
                    raise RatingError("the rating process did not answer")
                result = connection.recv()
            except (EOFError, OSError) as exc:
                self._end_child()
                if self._stopped:
                    raise SupersededError("the rating was stopped") from exc
                raise RatingError("the rating process ended") from exc
            finally:
                with self._state_lock:
                    self._started_at = None
        finally:
            self._lock.release()
        if "error" in result:
            raise RatingError(f"the rating failed ({result['error']})")
        return Strength(**{**result, "suggestions": tuple(result["suggestions"])})

    def busy_for(self) -> float:
        with self._state_lock:
            return 0.0 if self._started_at is None else time.monotonic() - self._started_at

    def patience(self) -> float:
        """How long a superseded rating may run before it is stopped: a start-up, at least PATIENCE."""
        return max(PATIENCE, self.start_cost)

    def stop_running(self) -> None:
        """A newer input is coming: the rating in progress, if any, is superseded. It is ended (the child killed,
        its caller gets SupersededError, the next rating starts a new child) once it has run longer than
        `patience()`: now, or while the newer rating waits for it."""
        with self._state_lock:
            self._superseded = self._started_at is not None
        self._stop_if_slow()

    def _stop_if_slow(self) -> None:
        with self._state_lock:  # held while killing: the rating cannot end and the next one begin meanwhile
            process, started_at = self._process, self._started_at
            ran = 0.0 if started_at is None else time.monotonic() - started_at
            if process is not None and self._superseded and ran > self.patience():
                self._stopped = True
                process.kill()

    def warm_up(self) -> None:
        """Start the child before the first keystroke and wait until it is ready (it takes a moment)."""
        with self._lock:
            self._ensure()

    def close(self) -> None:
        process, connection = self._process, self._connection
        self._process, self._connection = None, None
        if connection is not None:
            with contextlib.suppress(OSError):  # the child may be gone already
                connection.send(None)
            connection.close()
        if process is not None:
            process.join(timeout=1)
            if process.is_alive():
                process.kill()
