"""A passphrase field (never shown unless asked) and a strength meter that rates it off the GUI thread."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QToolButton, QVBoxLayout, QWidget

from privacyapp.core.passwords import MAX_RATED, Strength, estimate
from privacyapp.core.redact import Secret
from privacyapp.core.strength_worker import StrengthWorker, SupersededError
from privacyapp.i18n import _, ngettext, pgettext
from privacyapp.ui.tasks import Ok, Outcome, Tasks

COLOURS = ("#dc2626", "#ea580c", "#ca8a04", "#16a34a", "#15803d")
DEBOUNCE_MS = 40  # rate when typing pauses; a superseded slow rating is stopped (core/strength_worker.py)


class PassphraseField(QWidget):
    """A QLineEdit in password echo mode, with a button to show what was typed.

    `show_name` is the button's accessible name, a whole phrase ("Show passphrase"): give it translated."""

    textChanged = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None, show_name: str | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(accessible_name)
        self.edit.textChanged.connect(self.textChanged)
        self.show_button = QToolButton()
        self.show_button.setText(pgettext("show what is typed", "Show"))
        self.show_button.setCheckable(True)
        self.show_button.setAccessibleName(show_name if show_name is not None else _("Show what is typed"))
        self.show_button.toggled.connect(self._toggle)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.show_button)

    def _toggle(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_button.setText(
            pgettext("hide what is typed", "Hide") if shown else pgettext("show what is typed", "Show")
        )

    def secret(self) -> Secret | None:
        return Secret(self.edit.text()) if self.edit.text() else None

    def clear(self) -> None:
        """Empty the field and hide what was typed. setText, unlike clear(), also drops the undo history: Ctrl+Z
        must not bring a password back for the next person."""
        self.edit.setText("")
        self.show_button.setChecked(False)


class StrengthMeter(QWidget):
    """Five levels, in words and colour; the newest text wins, older results are dropped.

    The text is rated against `user_inputs`, the words of the person whose profile is open (their name, their
    account handles): give the next person's with `set_user_inputs`. `clear()` forgets everything."""

    rated = Signal(object)  # Strength

    def __init__(
        self,
        tasks: Tasks,
        user_inputs: Sequence[str] | None = None,
        parent: QWidget | None = None,
        worker: StrengthWorker | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._worker = worker  # a child process that rates (see core/strength_worker.py); else a thread
        self._user_inputs: list[str] = [word for word in user_inputs or () if word]
        self._generation = 0  # raised by every new text, new words and clear(): an older answer is dropped
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
        self.bar.setAccessibleName(_("Passphrase strength"))
        self.words = QLabel("")
        self.words.setWordWrap(True)
        self.words.setAccessibleName(_("Passphrase strength in words"))
        layout.addWidget(self.bar)
        layout.addWidget(self.words)
        self.result: Strength | None = None

    def set_text(self, text: str) -> None:
        self._generation += 1
        self._pending = Secret(text)
        self._debounce.start()

    def set_user_inputs(self, words: Sequence[str]) -> None:
        """Rate against `words` from now on (empty ones are ignored); a text being shown is rated again."""
        self._user_inputs = [word for word in words if word]
        if self._pending is not None:
            self._generation += 1  # an answer rated against the old words is dropped
            self._debounce.start()

    def clear(self) -> None:
        """Forget everything: the text, the words it was rated against, the score, the words shown and their
        tooltip. A rating still on its way is dropped when it comes (a slow one is stopped)."""
        self._generation += 1
        self._debounce.stop()
        self._pending = None
        self._user_inputs = []
        if self._worker is not None:
            self._worker.stop_running()
        self.result = None
        self.bar.setValue(0)
        self.bar.setPalette(QPalette())  # no colour of its own: the theme's again
        self.words.clear()
        for widget in (self, self.bar, self.words):
            widget.setToolTip("")

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

        def done(outcome: Outcome[Strength]) -> None:
            if isinstance(outcome, Ok):
                self._show(generation, outcome.value)
            else:
                self._dropped(outcome.error)

        self._tasks.run(self, rate, done, name="strength")

    def _dropped(self, error: BaseException) -> None:
        if isinstance(error, SupersededError):
            return  # a newer result is on its way
        # The rating process failed (it could not start, say): rate on a thread from now on, rather than not at all.
        self._worker = None
        self._rate()

    def _show(self, generation: int, result: Strength) -> None:
        if generation != self._generation:
            return  # typed again since, new words or cleared: a newer result is on its way, or none is wanted
        self.result = result
        self.bar.setValue(result.score if self._pending else 0)
        palette = self.bar.palette()
        palette.setColor(QPalette.ColorRole.Highlight, QColor(COLOURS[result.score]))  # the bar's fill
        self.bar.setPalette(palette)
        # Translators: {strength} is a word such as "Weak"; {time} says how long guessing it would take
        parts = [_("{strength}: {time}.").format(strength=result.words, time=result.guess_time)]
        if result.truncated:  # said first, so it is never cut off with the other suggestions
            # Translators: a password longer than this many characters is rated on its beginning only
            rated = ngettext(
                "Only its first {count} character was rated.",
                "Only its first {count} characters were rated.",
                MAX_RATED,
            )
            parts.append(rated.format(count=MAX_RATED))
        if result.warning:
            parts.append(result.warning)
        parts.extend(result.suggestions[:2])
        self.words.setText(" ".join(parts))
        # All the suggestions when only two fit in the line
        self.words.setToolTip("\n".join(result.suggestions) if len(result.suggestions) > 2 else "")
        self.rated.emit(result)
