"""What the window shows while no profile is open: locked, or not created yet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from privacyapp.i18n import _, ngettext
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

    def show_state(self, profiles: Sequence[str], open_without_asking: Sequence[str] = ()) -> None:
        """The truth about the lock: a profile set to open with the keyring opens for anyone who can use this
        computer account, so the screen names those profiles and never promises more than they give."""
        if profiles:
            self.card.heading.setText(_("privacyapp is locked"))
            if not open_without_asking:
                text = _("Each profile here asks for its passphrase, so only the person who knows it can open it.")
            elif len(open_without_asking) == len(profiles):
                text = ngettext(
                    "This profile opens without a passphrase for anyone who can use this computer account. To keep "
                    "it closed, choose “Always ask for the passphrase” in Settings.",
                    "These profiles open without a passphrase for anyone who can use this computer account. To "
                    "keep one closed, choose “Always ask for the passphrase” in its Settings.",
                    len(profiles),
                )
            else:
                names = _(", ").join(f"“{name}”" for name in open_without_asking)
                text = ngettext(
                    "{names} opens without a passphrase for anyone who can use this computer account. The other "
                    "profiles ask for their passphrase.",
                    "{names} open without a passphrase for anyone who can use this computer account. The other "
                    "profiles ask for their passphrase.",
                    len(open_without_asking),
                ).format(names=names)
            self.text.setText(text)
            self.unlock_button.setText(_("Unlock…"))
            self.unlock_button.setAccessibleName(_("Unlock"))
        else:
            self.card.heading.setText(_("Welcome to privacyapp"))
            self.text.setText(_("To start, make a profile: it keeps your progress, encrypted, on this computer."))
            self.unlock_button.setText(_("Make a profile…"))
            self.unlock_button.setAccessibleName(_("Make a profile"))
        self.profiles_button.setVisible(bool(profiles))
