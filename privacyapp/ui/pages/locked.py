"""What the window shows while no profile is open: locked, or not created yet."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from privacyapp.i18n import _
from privacyapp.ui.pages.common import Card, button, label


class LockedPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Locked")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = Card("privacyapp is locked")
        self.card.setMinimumWidth(440)
        self.text = label("")
        self.card.body.addWidget(self.text)
        buttons = QHBoxLayout()
        self.profiles_button = button("Profiles…", "Profiles")
        self.unlock_button = button("Unlock…", "Unlock")
        buttons.addStretch(1)
        buttons.addWidget(self.profiles_button)
        buttons.addWidget(self.unlock_button)
        self.card.body.addLayout(buttons)
        row.addWidget(self.card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def show_state(self, has_profiles: bool, some_open_without_asking: bool = False) -> None:
        """The truth about the lock: a profile set to open with the keyring opens for anyone at this computer
        account, so the screen never promises more than the profiles give."""
        if has_profiles:
            self.card.heading.setText(_("privacyapp is locked"))
            if some_open_without_asking:
                self.text.setText(
                    _(
                        "Profiles that ask for a passphrase stay closed to anyone who does not know it. A profile "
                        "set to open without asking opens for anyone who can use this computer account."
                    )
                )
            else:
                self.text.setText(
                    _("Each profile here asks for its passphrase, so only the person who knows it can open it.")
                )
            self.unlock_button.setText(_("Unlock…"))
            self.unlock_button.setAccessibleName(_("Unlock"))
        else:
            self.card.heading.setText(_("Welcome to privacyapp"))
            self.text.setText(_("To start, make a profile: it keeps your progress, encrypted, on this computer."))
            self.unlock_button.setText(_("Make a profile…"))
            self.unlock_button.setAccessibleName(_("Make a profile"))
        self.profiles_button.setVisible(has_profiles)
