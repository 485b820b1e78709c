"""Rating in a child process: the same answers as in-process; a slow rating is stopped by a newer input, a short
one is let finish (a new child would take longer)."""

from __future__ import annotations

import os
import threading
import time
from multiprocessing.connection import Connection

import pytest

from privacyapp.core.passwords import Strength, estimate
from privacyapp.core.redact import Secret
from privacyapp.core.strength_worker import PATIENCE, RatingError, StrengthWorker, SupersededError


def test_child_process_rates_like_estimate() -> None:
    worker = StrengthWorker()
    try:
        for text in ("", "password1", "violet kettle moonbeam parade", "x" * 100, "😀\x00ab"):
            assert worker.estimate(Secret(text), ["sam"]) == estimate(Secret(text), ["sam"])
    finally:
        worker.close()


def _serve_slowly(connection: Connection) -> None:
    """The child's loop, where the password "slow" takes 5 s, "brief" 0.1 s and "die" ends the child."""
    from privacyapp.core import strength_worker

    rate = strength_worker.estimate

    def slowly(password: Secret, user_inputs: list[str]) -> object:
        value = password.reveal()
        if value == "die":
            os._exit(3)
        time.sleep({"slow": 5.0, "brief": 0.1}.get(value, 0.0))
        return rate(password, user_inputs)

    strength_worker.estimate = slowly  # type: ignore[assignment]
    strength_worker._serve(connection)


class SlowWorker(StrengthWorker):
    serve = staticmethod(_serve_slowly)


def _in_background(worker: StrengthWorker, text: str) -> tuple[threading.Thread, list[object]]:
    """Rate `text` on a thread; returns once the rating is running."""
    outcome: list[object] = []

    def rate() -> None:
        try:
            outcome.append(worker.estimate(Secret(text)))
        except (SupersededError, RatingError) as exc:
            outcome.append(exc)

    thread = threading.Thread(target=rate)
    thread.start()
    deadline = time.monotonic() + 10
    while worker.busy_for() == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert worker.busy_for() > 0
    return thread, outcome


def test_the_child_says_when_it_is_ready_and_its_start_up_is_measured() -> None:
    worker = StrengthWorker()
    try:
        worker.warm_up()
        assert worker.starts == 1
        assert 0 < worker.start_cost < 10
        assert worker.patience() == max(PATIENCE, worker.start_cost)
        worker.warm_up()
        assert worker.estimate(Secret("password1")).score == 0
        assert worker.starts == 1, "a ready child is used, not started again"
    finally:
        worker.close()


def test_a_newer_input_stops_a_slow_rating() -> None:
    worker = SlowWorker()
    worker.warm_up()
    thread, outcome = _in_background(worker, "slow")
    try:
        time.sleep(worker.patience() + 0.05)
        started = time.monotonic()
        worker.stop_running()
        thread.join(timeout=5)
        assert outcome and isinstance(outcome[0], SupersededError), outcome
        assert time.monotonic() - started < 2, "stopped, not waited for"
        assert worker.estimate(Secret("password1")).score == 0, "the next rating starts a new child"
        assert worker.starts == 2
    finally:
        worker.close()


def test_a_superseded_rating_that_becomes_slow_is_stopped_while_the_newer_one_waits() -> None:
    worker = SlowWorker()
    worker.warm_up()
    thread, outcome = _in_background(worker, "slow")
    try:
        worker.stop_running()  # at once: younger than a start-up, so it may still finish
        assert outcome == [] and worker.starts == 1
        started = time.monotonic()
        assert worker.estimate(Secret("password1")).score == 0
        waited = time.monotonic() - started
        thread.join(timeout=5)
        assert outcome and isinstance(outcome[0], SupersededError), outcome
        assert waited < worker.patience() + 3, "the newer input waited for a start-up, not for the slow rating"
        assert worker.starts == 2
    finally:
        worker.close()


def test_a_short_superseded_rating_is_let_finish_rather_than_restarting_the_child() -> None:
    worker = SlowWorker()
    worker.warm_up()
    thread, outcome = _in_background(worker, "brief")
    try:
        worker.stop_running()  # 0.1 s is less than a start-up: killing it would only make the newer one wait
        assert worker.estimate(Secret("password1")).score == 0
        thread.join(timeout=5)
        assert outcome and isinstance(outcome[0], Strength), outcome
        assert worker.starts == 1, "no child was killed"
    finally:
        worker.close()


def test_a_child_that_ends_by_itself_is_an_error_not_a_superseded_rating() -> None:
    worker = SlowWorker()
    try:
        with pytest.raises(RatingError):
            worker.estimate(Secret("die"))
        assert worker.estimate(Secret("password1")).score == 0, "a new child rates the next one"
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


def test_the_child_stops_quietly_when_the_app_has_gone() -> None:
    """The app quits while the child starts or answers: the child returns, with no traceback on the terminal."""
    from multiprocessing import Pipe

    from privacyapp.core.strength_worker import _serve

    ours, childs = Pipe()
    ours.close()
    _serve(childs)  # its READY goes nowhere: returns instead of raising BrokenPipeError
    ours, childs = Pipe()
    ours.send(("correct horse battery", []))
    ours.close()
    _serve(childs)  # reads the question, then cannot answer it
