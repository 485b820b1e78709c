"""Rating in a child process: the same answers as in-process, and a slow rating stopped by a newer input."""

from __future__ import annotations

import threading
import time

from privacyapp.core.passwords import estimate
from privacyapp.core.redact import Secret
from privacyapp.core.strength_worker import StrengthWorker, SupersededError

# zxcvbn tries every combination of its letter substitutions: packing them in makes a slow input (~2 s)
SLOW = "4@8({[<3691!|70$5+%2" * 3 + "4@8({[<3691"


def test_child_process_rates_like_estimate() -> None:
    worker = StrengthWorker()
    try:
        for text in ("", "password1", "violet kettle moonbeam parade", "x" * 100, "😀\x00ab"):
            assert worker.estimate(Secret(text), ["sam"]) == estimate(Secret(text), ["sam"])
    finally:
        worker.close()


def test_a_newer_input_stops_a_slow_rating() -> None:
    worker = StrengthWorker()
    worker.warm_up()
    outcome: list[object] = []

    def slow() -> None:
        try:
            outcome.append(worker.estimate(Secret(SLOW)))
        except SupersededError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=slow)
    try:
        thread.start()
        deadline = time.monotonic() + 5
        while worker.busy_for() == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)
        started = time.monotonic()
        worker.stop_running()
        thread.join(timeout=5)
        assert outcome and isinstance(outcome[0], SupersededError), outcome
        assert time.monotonic() - started < 2, "stopped, not waited for"
        assert worker.estimate(Secret("password1")).score == 0, "the next rating starts a new child"
    finally:
        worker.close()


def test_close_is_safe_twice_and_a_closed_worker_starts_again() -> None:
    worker = StrengthWorker()
    worker.warm_up()
    worker.close()
    worker.close()
    try:
        assert worker.estimate(Secret("password1")).score == 0
    finally:
        worker.close()
