"""Asking for a new passphrase: typed twice, with its strength shown."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from privacyapp.core.redact import Secret
from privacyapp.i18n import _, ngettext
from privacyapp.ui.pages.common import label
from privacyapp.ui.tasks import Tasks
from privacyapp.ui.widgets.passphrase import PassphraseField, StrengthMeter

MIN_LENGTH = 8


class NewPassphraseForm(QWidget):
    """Passphrase, again, a strength meter and a line saying what is wrong, if anything."""

    def __init__(self, tasks: Tasks, user_inputs: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.first = PassphraseField(_("New passphrase"), show_name=_("Show new passphrase"))
        self.second = PassphraseField(_("New passphrase again"), show_name=_("Show new passphrase again"))
        self.meter = StrengthMeter(tasks, user_inputs)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Passphrase problem"))
        form.addRow(_("Passphrase:"), self.first)
        form.addRow(_("Type it again:"), self.second)
        form.addRow("", self.meter)
        form.addRow("", self.problem)
        self.first.textChanged.connect(self.meter.set_text)
        for field in (self.first, self.second):
            field.textChanged.connect(lambda _text: self.problem.setText(""))

    def passphrase(self) -> Secret | None:
        """The passphrase when both fields agree and it is long enough; else None, with the reason shown."""
        first, second = self.first.edit.text(), self.second.edit.text()
        if len(first) < MIN_LENGTH:
            self.problem.setText(
                ngettext(
                    "Use at least {count} character; a few random words are best.",
                    "Use at least {count} characters; a few random words are best.",
                    MIN_LENGTH,
                ).format(count=MIN_LENGTH)
            )
            return None
        if first != second:
            self.problem.setText(_("The two passphrases are not the same."))
            return None
        return Secret(first)


class NewPassphraseDialog(QDialog):
    def __init__(self, tasks: Tasks, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(label(intro))
        self.form = NewPassphraseForm(tasks)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.value: Secret | None = None

    def _accept(self) -> None:
        self.value = self.form.passphrase()
        if self.value is not None:
            self.accept()
