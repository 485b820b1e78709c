"""Rating passwords in a child process, so that a slow rating never holds the GUI's interpreter.

zxcvbn is pure Python: crafted inputs under 72 characters take two seconds, and on a thread of the GUI's
process that means waiting for the interpreter lock and for garbage collections it triggers. In a child
process the GUI is not touched at all. A rating that is still running when a newer input arrives is stopped
(the child is killed and a new one started), so the newest input always wins.

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


def _serve(connection: Connection) -> None:
    """The child: rate what comes in, until the pipe closes."""
    prepare()  # while the person has not typed yet
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        password, inputs = message
        try:
            connection.send(asdict(estimate(Secret(password), inputs)))
        except Exception as exc:  # say what kind of problem; never a traceback, which could hold the input
            connection.send({"error": type(exc).__name__})


class RatingError(Exception):
    """The child could not rate this input."""


class SupersededError(Exception):
    """A newer input replaced this one before its rating came back."""


ANSWER_WITHIN = 20.0  # seconds; the slowest inputs take about 2 s


_ALL: weakref.WeakSet[StrengthWorker] = weakref.WeakSet()


def close_all() -> None:
    """Stop every rating process (at exit, and between tests)."""
    for worker in list(_ALL):
        worker.close()


class StrengthWorker:
    def __init__(self) -> None:
        _ALL.add(self)
        self._context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._process: Any = None
        self._connection: Connection | None = None
        self._lock = threading.Lock()  # one rating at a time
        self._started_at: float | None = None
        self._state_lock = threading.Lock()

    def _ensure(self) -> Connection:
        if self._process is None or not self._process.is_alive() or self._connection is None:
            parent, child = self._context.Pipe()
            process = self._context.Process(target=_serve, args=(child,), daemon=True, name="privacyapp-rating")
            process.start()
            child.close()
            self._process, self._connection = process, parent
        return self._connection

    def estimate(self, password: Secret, user_inputs: Sequence[str] = ()) -> Strength:
        """Blocks the calling (worker) thread; raises SupersededError when stop_running() ended it."""
        with self._lock:
            connection = self._ensure()
            with self._state_lock:
                self._started_at = time.monotonic()
            try:
                connection.send((password.reveal(), list(user_inputs)))
                if not connection.poll(ANSWER_WITHIN):  # a child that never answers is ended, not waited for
                    self._process.kill()
                    self._process, self._connection = None, None
                    raise RatingError("the rating process did not answer")
                result = connection.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._process, self._connection = None, None
                raise SupersededError("the rating was stopped") from exc
            finally:
                with self._state_lock:
                    self._started_at = None
        if "error" in result:
            raise RatingError(f"the rating failed ({result['error']})")
        return Strength(**{**result, "suggestions": tuple(result["suggestions"])})

    def busy_for(self) -> float:
        with self._state_lock:
            return 0.0 if self._started_at is None else time.monotonic() - self._started_at

    def stop_running(self) -> None:
        """End a rating in progress (a newer input is waiting); the next rating starts a new child."""
        process = self._process
        if process is not None and self.busy_for() > 0:
            process.kill()

    def warm_up(self) -> None:
        """Start the child before the first keystroke (it takes a moment to start)."""
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
