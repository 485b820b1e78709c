"""A passphrase field (never shown unless asked) and a strength meter that rates it off the GUI thread."""

from __future__ import annotations

import functools

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QToolButton, QVBoxLayout, QWidget

from privacyapp.core.passwords import LEVELS, MAX_RATED, Strength, estimate
from privacyapp.core.redact import Secret
from privacyapp.core.strength_worker import StrengthWorker, SupersededError
from privacyapp.ui.tasks import Tasks

COLOURS = ("#dc2626", "#ea580c", "#ca8a04", "#16a34a", "#15803d")
DEBOUNCE_MS = 40  # rate when typing pauses; a superseded slow rating is stopped (core/strength_worker.py)


class PassphraseField(QWidget):
    """A QLineEdit in password echo mode, with a button to show what was typed."""

    textChanged = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(accessible_name)
        self.edit.textChanged.connect(self.textChanged)
        self.show_button = QToolButton()
        self.show_button.setText("Show")
        self.show_button.setCheckable(True)
        self.show_button.setAccessibleName(f"Show {accessible_name.lower()}")
        self.show_button.toggled.connect(self._toggle)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.show_button)

    def _toggle(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_button.setText("Hide" if shown else "Show")

    def secret(self) -> Secret | None:
        return Secret(self.edit.text()) if self.edit.text() else None

    def clear(self) -> None:
        self.edit.clear()


class StrengthMeter(QWidget):
    """Five levels, in words and colour; the newest text wins, older results are dropped."""

    rated = Signal(object)  # Strength

    def __init__(
        self,
        tasks: Tasks,
        user_inputs: list[str] | None = None,
        parent: QWidget | None = None,
        worker: StrengthWorker | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._worker = worker  # a child process that rates (see core/strength_worker.py); else a thread
        self._user_inputs = user_inputs or []
        self._generation = 0
        self._pending: Secret | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._rate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName("Passphrase strength")
        self.words = QLabel("")
        self.words.setWordWrap(True)
        self.words.setAccessibleName("Passphrase strength in words")
        layout.addWidget(self.bar)
        layout.addWidget(self.words)
        self.result: Strength | None = None

    def set_text(self, text: str) -> None:
        self._generation += 1
        self._pending = Secret(text)
        self._debounce.start()

    def _rate(self) -> None:
        generation, secret, inputs = self._generation, self._pending, list(self._user_inputs)
        if secret is None:
            return
        worker = self._worker
        if worker is None:
            rate = functools.partial(estimate, secret, inputs)
        else:
            worker.stop_running()  # a slow rating of an older input: the newest input wins
            rate = functools.partial(worker.estimate, secret, inputs)
        self._tasks.submit(rate, lambda result: self._show(generation, result), self._dropped, name="strength")

    def _dropped(self, error: BaseException) -> None:
        if isinstance(error, SupersededError):
            return  # a newer result is on its way
        # The rating process failed (it could not start, say): rate on a thread from now on, rather than not at all.
        self._worker = None
        self._rate()

    def _show(self, generation: int, result: Strength) -> None:
        if generation != self._generation:
            return  # typed again since: a newer result is on its way
        self.result = result
        self.bar.setValue(result.score if self._pending else 0)
        palette = self.bar.palette()
        palette.setColor(QPalette.ColorRole.Highlight, QColor(COLOURS[result.score]))  # the bar's fill
        self.bar.setPalette(palette)
        parts = [f"{LEVELS[result.score]}: {result.guess_time}."]
        if result.truncated:  # said first, so it is never cut off with the other suggestions
            parts.append(f"Only its first {MAX_RATED} characters were rated.")
        if result.warning:
            parts.append(result.warning)
        parts.extend([s for s in result.suggestions if str(MAX_RATED) not in s][:2])
        self.words.setText(" ".join(parts))
        self.rated.emit(result)
