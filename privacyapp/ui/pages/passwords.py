"""Passwords: how strong one is as it is typed, whether it is in known breaches (only when asked, and only a
5-character hash prefix leaves the computer), and passphrases of random words. Nothing typed here is kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QSpinBox, QWidget

from privacyapp.core.breach import BreachResult
from privacyapp.core.passphrase import DEFAULT_WORDS, MAX_WORDS, MIN_WORDS
from privacyapp.ui.clipboard import copy_sensitive
from privacyapp.ui.pages.common import Card, Page, button, code_label, label
from privacyapp.ui.passwords.audit import AuditCard
from privacyapp.ui.session import Session
from privacyapp.ui.widgets.passphrase import PassphraseField, StrengthMeter

CONSENT_TEXT = (
    "To check this password, privacyapp sends the first 5 characters of a scrambled code of it (its SHA-1 "
    "hash) to Have I Been Pwned's Pwned Passwords service, and compares the answers on this computer. The "
    "password itself never leaves this computer. The service also sees your internet (IP) address.\n\n"
    "Allow online checks? You can change this in Settings."
)


class PasswordsPage(Page):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            "Passwords",
            "See how strong a password is and whether it has leaked. privacyapp never keeps the passwords you "
            "type here.",
            parent,
        )
        self.session = session

        strength = Card("How strong is it?")
        self.password = PassphraseField("Password to check")
        self.password.edit.setPlaceholderText("Type or paste a password")
        inputs = [session.data.name] if session.data is not None else []
        inputs += [
            str(a.get("handle", "")) for a in (session.data.accounts if session.data else []) if isinstance(a, dict)
        ]
        self.meter = StrengthMeter(session.tasks, inputs, worker=session.strength_worker)
        self.password.textChanged.connect(self.meter.set_text)
        self.password.textChanged.connect(self._typed)
        strength.body.addWidget(self.password)
        strength.body.addWidget(self.meter)
        self.content.addWidget(strength)

        leaks = Card("Has it leaked?")
        leaks.body.addWidget(
            label(
                "Check whether this password appears in known data breaches. A leaked password should be changed "
                "everywhere it is used."
            )
        )
        row = QHBoxLayout()
        self.check_button = button("Check for leaks", "Check the password for leaks")
        self.check_button.clicked.connect(self.check_breaches)
        row.addWidget(self.check_button)
        row.addStretch(1)
        leaks.body.addLayout(row)
        self.breach_label = label("")
        self.breach_label.setAccessibleName("Leak check result")
        leaks.body.addWidget(self.breach_label)
        self.content.addWidget(leaks)

        maker = Card("Make a strong passphrase")
        maker.body.addWidget(
            label(
                "A few random words are easy to remember and very hard to guess. Use a different one for every account."
            )
        )
        row = QHBoxLayout()
        row.addWidget(label("Words:", wrap=False))
        self.words = QSpinBox()
        self.words.setRange(MIN_WORDS, MAX_WORDS)
        self.words.setValue(DEFAULT_WORDS)
        self.words.setAccessibleName("Number of words")
        row.addWidget(self.words)
        generate = button("Make one", "Make a passphrase")
        generate.clicked.connect(self.generate)
        row.addWidget(generate)
        self.copy_button = button("Copy", "Copy the passphrase")
        self.copy_button.setToolTip("The clipboard is cleared again after 30 seconds")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._copy)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        maker.body.addLayout(row)
        self.phrase = code_label("Passphrase", 14)
        self.phrase_strength = label("", style="muted")
        maker.body.addWidget(self.phrase)
        maker.body.addWidget(self.phrase_strength)
        self.content.addWidget(maker)
        self.audit = AuditCard(session)
        self.content.addWidget(self.audit)
        self.finish()
        self._phrase_text = ""

    def _typed(self, _text: str) -> None:
        self.breach_label.setText("")  # a result belongs to the password it was for

    # --- leaks ---------------------------------------------------------------------------------------------
    def check_breaches(self) -> None:
        secret = self.password.secret()
        if secret is None:
            self.breach_label.setText("Type a password first.")
            return
        if self.session.online_checks == "ask" and not self.session.offline_source_path:
            answer = QMessageBox.question(self, "Check online?", CONSENT_TEXT)
            self.session.set_online_checks("allowed" if answer == QMessageBox.StandardButton.Yes else "forbidden")
        self.check_button.setEnabled(False)
        self.breach_label.setText("Checking…")
        self.session.check_password(secret, self._show_breach)

    def _show_breach(self, result: Any) -> None:
        self.check_button.setEnabled(True)
        if not isinstance(result, BreachResult):
            self.breach_label.setText("The check could not be made.")
            return
        if result.count is None:
            self.breach_label.setText(f"Could not check: {result.error}")
        elif result.count:
            self.breach_label.setText(
                f"⚠ Found in known breaches {result.count:,} times. Attackers try leaked passwords first: change "
                "it everywhere you use it, and use a different one for each account."
            )
        else:
            where = "online" if result.checked == "online" else "in your offline hash file"
            self.breach_label.setText(f"✓ Not found in known breaches (checked {where}).")

    # --- passphrases -----------------------------------------------------------------------------------------
    def generate(self) -> None:
        from privacyapp.core.passphrase import entropy_bits, generate
        from privacyapp.core.passwords import estimate

        phrase = generate(self.words.value())
        self._phrase_text = phrase.reveal()
        self.phrase.setText(self._phrase_text)
        result = estimate(phrase)
        self.phrase_strength.setText(
            f"{result.words}: {entropy_bits(self.words.value()):.0f} bits of randomness; {result.guess_time}."
        )
        self.copy_button.setEnabled(True)

    def _copy(self) -> None:
        if self._phrase_text:
            copy_sensitive(self._phrase_text)
            self.copy_button.setText("Copied (cleared in 30 s)")
