"""The strength meter on its own: the words it rates against can change (a profile switch), clear() forgets
everything, and an answer that comes after a newer text or after clear() is never shown."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from privacyapp.core.passwords import MAX_RATED, Strength, estimate
from privacyapp.core.redact import Secret
from privacyapp.core.strength_worker import StrengthWorker
from privacyapp.ui.tasks import Tasks
from privacyapp.ui.widgets import passphrase
from privacyapp.ui.widgets.passphrase import StrengthMeter


class HeldRatings:
    """Stands in for estimate(): rates at once, except the texts in `held`, which wait until released."""

    def __init__(self, *held: str) -> None:
        self.held = set(held)
        self.started: dict[str, threading.Event] = {text: threading.Event() for text in held}
        self.release = threading.Event()
        self.calls: list[tuple[str, list[str]]] = []

    def __call__(self, password: Secret, user_inputs: list[str]) -> Strength:
        text = password.reveal()
        self.calls.append((text, list(user_inputs)))
        if text in self.held:
            self.started[text].set()
            assert self.release.wait(10), "the test never released the rating"
        return Strength(len(text) % 5, text, "", (f"suggestion for {text}",), False)


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    owner = Tasks()
    yield owner
    owner.deleteLater()


def meter_with(qtbot: QtBot, tasks: Tasks, *, user_inputs: list[str] | None = None, worker=None) -> StrengthMeter:  # type: ignore[no-untyped-def]
    meter = StrengthMeter(tasks, user_inputs, worker=worker)
    qtbot.addWidget(meter)
    return meter


def assert_blank(meter: StrengthMeter) -> None:
    assert meter.result is None
    assert meter.bar.value() == 0
    assert meter.words.text() == ""
    assert (meter.toolTip(), meter.bar.toolTip(), meter.words.toolTip()) == ("", "", "")
    assert not meter.bar.testAttribute(Qt.WidgetAttribute.WA_SetPalette), "no colour kept"


def test_an_answer_that_comes_after_clear_is_not_shown(
    qtbot: QtBot, tasks: Tasks, monkeypatch: pytest.MonkeyPatch
) -> None:
    ratings = HeldRatings("a secret being typed")
    monkeypatch.setattr(passphrase, "estimate", ratings)
    meter = meter_with(qtbot, tasks, user_inputs=["sam"])
    shown: list[Strength] = []
    meter.rated.connect(shown.append)
    meter.set_text("shown first")
    qtbot.waitUntil(lambda: meter.result is not None)
    assert "shown first" in meter.words.text() and meter.bar.value() > 0
    meter.set_text("a secret being typed")
    qtbot.waitUntil(ratings.started["a secret being typed"].is_set)
    meter.clear()
    assert_blank(meter)
    ratings.release.set()
    qtbot.waitUntil(lambda: tasks.pending == 0)
    qtbot.wait(50)  # a queued answer would be delivered by now
    assert_blank(meter)
    assert [s.crack_time for s in shown] == ["shown first"]
    meter.set_text("after clear")  # the meter still works, against no words of the person before
    qtbot.waitUntil(lambda: meter.result is not None)
    assert ratings.calls[-1] == ("after clear", [])


def test_a_newer_text_wins_over_a_late_answer(qtbot: QtBot, tasks: Tasks, monkeypatch: pytest.MonkeyPatch) -> None:
    ratings = HeldRatings("older")
    monkeypatch.setattr(passphrase, "estimate", ratings)
    meter = meter_with(qtbot, tasks)
    meter.set_text("older")
    qtbot.waitUntil(ratings.started["older"].is_set)
    meter.set_text("newer text")
    qtbot.waitUntil(lambda: meter.result is not None)
    ratings.release.set()
    qtbot.waitUntil(lambda: tasks.pending == 0)
    qtbot.wait(50)
    assert meter.result is not None and meter.result.crack_time == "newer text"
    assert "older" not in meter.words.text()


def test_clear_before_the_debounce_rates_nothing(qtbot: QtBot, tasks: Tasks, monkeypatch: pytest.MonkeyPatch) -> None:
    ratings = HeldRatings()
    monkeypatch.setattr(passphrase, "estimate", ratings)
    meter = meter_with(qtbot, tasks)
    meter.set_text("typed and locked at once")
    meter.clear()
    qtbot.wait(200)
    assert ratings.calls == []
    assert_blank(meter)


@pytest.mark.parametrize("in_a_child", [False, True], ids=["thread", "child process"])
def test_set_user_inputs_rates_against_the_next_persons_words(qtbot: QtBot, tasks: Tasks, in_a_child: bool) -> None:
    worker = StrengthWorker() if in_a_child else None
    meter = meter_with(qtbot, tasks, user_inputs=["bob"], worker=worker)
    against_alice = estimate(Secret("alice2024"), ["alice"])
    assert against_alice != estimate(Secret("alice2024"), ["bob"]), "the test needs a password the name changes"
    meter.set_text("alice2024")
    qtbot.waitUntil(lambda: meter.result == estimate(Secret("alice2024"), ["bob"]), timeout=10_000)
    meter.set_user_inputs(["alice", ""])  # a profile switch: the text shown is rated again against alice
    qtbot.waitUntil(lambda: meter.result == against_alice, timeout=10_000)
    meter.clear()  # the words go too
    meter.set_text("alice2024")
    qtbot.waitUntil(lambda: meter.result == estimate(Secret("alice2024")), timeout=10_000)
    meter.set_user_inputs(["alice"])
    qtbot.waitUntil(lambda: meter.result == against_alice, timeout=10_000)


def test_a_long_password_is_said_to_be_rated_on_its_beginning_once(qtbot: QtBot, tasks: Tasks) -> None:
    meter = meter_with(qtbot, tasks)
    meter.set_text("correct horse battery staple " * 5)
    qtbot.waitUntil(lambda: meter.result is not None, timeout=10_000)
    assert meter.result is not None and meter.result.truncated
    text = meter.words.text()
    assert text.count(f"Only its first {MAX_RATED} characters were rated.") == 1
    assert text.count(str(MAX_RATED)) == 1
