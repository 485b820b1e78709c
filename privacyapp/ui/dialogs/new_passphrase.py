"""Asking for a new passphrase: typed twice, with its strength shown. One below the bar of core/passphrase.py is
taken only with an explicit "use it anyway"."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from privacyapp.core.passphrase import weakness
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
        # shown only once a weak passphrase was refused, and unticked again when it changes
        self.use_anyway = QCheckBox(_("Use it anyway, although it is easy to guess"))
        self.use_anyway.setAccessibleName(_("Use the weak passphrase anyway"))
        self.use_anyway.hide()
        self._user_inputs = [word for word in user_inputs or () if word]
        form.addRow(_("Passphrase:"), self.first)
        form.addRow(_("Type it again:"), self.second)
        form.addRow("", self.meter)
        form.addRow("", self.problem)
        form.addRow("", self.use_anyway)
        self.first.textChanged.connect(self.meter.set_text)
        for field in (self.first, self.second):
            field.textChanged.connect(self._changed)

    def _changed(self, _text: str) -> None:
        self.problem.setText("")
        self.use_anyway.setChecked(False)
        self.use_anyway.hide()

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
        secret = Secret(first)
        if self.use_anyway.isChecked():
            return secret
        strength = weakness(secret, self._user_inputs)  # rated here, once, when the person goes on
        if strength is not None:
            # the meter above already says how weak, and why
            self.problem.setText(
                _(
                    "This passphrase is too easy to guess to protect your profile. Choose a longer one (a few "
                    "random words are best), or tick “Use it anyway”."
                )
            )
            self.use_anyway.show()
            return None
        return secret


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
