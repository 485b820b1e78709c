"""Showing a recovery code once, with a copy button that clears the clipboard again after 30 seconds."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from privacyapp.core.redact import Secret
from privacyapp.i18n import N_, _
from privacyapp.ui.clipboard import copy_sensitive
from privacyapp.ui.pages.common import code_label, label

EXPLANATION = N_(
    "Write this code down on paper and keep it somewhere safe. If you forget your passphrase or this "
    "computer's keyring is lost, the code is the only way back into your profile. privacyapp shows it "
    "only this once."
)


class RecoveryCodeView(QWidget):
    """The code in large letters, a copy button, and a box to tick once it is written down."""

    def __init__(self, code: Secret | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = code
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(_(EXPLANATION)))
        self.code_label = code_label(_("Recovery code"), 16)
        layout.addWidget(self.code_label)
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setAccessibleName(_("Copy the recovery code"))
        self.copy_button.setToolTip(_("The clipboard is cleared again after 30 seconds"))
        self.copy_button.clicked.connect(self._copy)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addStretch(1)
        layout.addLayout(copy_row)
        self.written_down = QCheckBox(_("I have written the recovery code down"))
        self.written_down.setAccessibleName(_("I have written the recovery code down"))
        layout.addWidget(self.written_down)
        if code is not None:
            self.set_code(code)

    def set_code(self, code: Secret) -> None:
        self._code = code
        self.code_label.setText(code.reveal())
        self.written_down.setChecked(False)

    def _copy(self) -> None:
        if self._code is not None:
            copy_sensitive(self._code.reveal())
            self.copy_button.setText(_("Copied (cleared in 30 s)"))


class RecoveryCodeDialog(QDialog):
    def __init__(self, code: Secret, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Your new recovery code"))
        layout = QVBoxLayout(self)
        self.view = RecoveryCodeView(code)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.view.written_down.toggled.connect(ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
