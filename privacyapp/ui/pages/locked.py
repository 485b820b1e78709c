"""What the window shows while no profile is open: locked, or not created yet."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

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
        self.text = label("Your profile is locked, so nobody else at this computer can read it.")
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

    def show_state(self, has_profiles: bool) -> None:
        if has_profiles:
            self.card.heading.setText("privacyapp is locked")
            self.text.setText("Your profile is locked, so nobody else at this computer can read it.")
            self.unlock_button.setText("Unlock…")
            self.unlock_button.setAccessibleName("Unlock")
        else:
            self.card.heading.setText("Welcome to privacyapp")
            self.text.setText("To start, make a profile: it keeps your progress, encrypted, on this computer.")
            self.unlock_button.setText("Make a profile…")
            self.unlock_button.setAccessibleName("Make a profile")
        self.profiles_button.setVisible(has_profiles)
