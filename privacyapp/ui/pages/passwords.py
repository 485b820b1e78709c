"""Passwords: how strong one is as it is typed, whether it is in known breaches (only when asked, and only a
5-character hash prefix leaves the computer), and passphrases of random words. Nothing typed here is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMessageBox, QSpinBox, QWidget

from privacyapp.core.breach import BreachResult
from privacyapp.core.passphrase import DEFAULT_WORDS, MAX_WORDS, MIN_WORDS
from privacyapp.core.settings import OnlineChecks
from privacyapp.i18n import N_, _, ngettext
from privacyapp.ui.clipboard import CLEAR_AFTER_MS, clear_ours, copy_sensitive
from privacyapp.ui.pages.common import Card, Page, button, code_label, label
from privacyapp.ui.passwords.audit import AuditCard
from privacyapp.ui.state.accounts import AccountsState
from privacyapp.ui.state.passwords import PasswordsState
from privacyapp.ui.tasks import Ok, Outcome

if TYPE_CHECKING:
    from privacyapp.core.passwords import Strength
from privacyapp.ui.widgets.passphrase import PassphraseField, StrengthMeter

CONSENT_TEXT = N_(  # shown with _()
    "To check this password, privacyapp sends the first 5 characters of a scrambled code of it (its SHA-1 "
    "hash) to Have I Been Pwned's Pwned Passwords service, and compares the answers on this computer. The "
    "password itself never leaves this computer. The service also sees your internet (IP) address.\n\n"
    "Allow online checks? You can change this in Settings."
)


class PasswordsPage(Page):
    def __init__(self, passwords: PasswordsState, accounts: AccountsState, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Passwords"),
            _(
                "See how strong a password is and whether it has leaked. privacyapp never keeps the passwords you "
                "type here."
            ),
            parent,
        )
        self.passwords = passwords
        self._check_generation = 0

        strength = Card(_("How strong is it?"))
        self.password = PassphraseField(_("Password to check"), show_name=_("Show password to check"))
        self.password.edit.setPlaceholderText(_("Type or paste a password"))
        self.meter = StrengthMeter(passwords.tasks, passwords.user_inputs(), worker=passwords.strength_worker)
        self.password.textChanged.connect(self.meter.set_text)
        self.password.textChanged.connect(self._typed)
        self.password.edit.returnPressed.connect(self.check_breaches)  # Enter checks, as the button does
        strength.body.addWidget(self.password)
        strength.body.addWidget(self.meter)
        self.content.addWidget(strength)

        leaks = Card(_("Has it leaked?"))
        leaks.body.addWidget(
            label(
                _(
                    "Check whether this password appears in known data breaches. A leaked password should be "
                    "changed everywhere it is used."
                )
            )
        )
        row = QHBoxLayout()
        self.check_button = button(_("Check for leaks"), _("Check the password for leaks"))
        self.check_button.clicked.connect(self.check_breaches)
        row.addWidget(self.check_button)
        row.addStretch(1)
        leaks.body.addLayout(row)
        self.breach_label = label("")
        self.breach_label.setAccessibleName(_("Leak check result"))
        leaks.body.addWidget(self.breach_label)
        self.content.addWidget(leaks)

        maker = Card(_("Make a strong passphrase"))
        maker.body.addWidget(
            label(
                _(
                    "A few random words are easy to remember and very hard to guess. "
                    "Use a different one for every account."
                )
            )
        )
        row = QHBoxLayout()
        row.addWidget(label(_("Words:"), wrap=False))
        self.words = QSpinBox()
        self.words.setRange(MIN_WORDS, MAX_WORDS)
        self.words.setValue(DEFAULT_WORDS)
        self.words.setAccessibleName(_("Number of words"))
        row.addWidget(self.words)
        generate = button(_("Make one"), _("Make a passphrase"))
        generate.clicked.connect(self.generate)
        row.addWidget(generate)
        self.copy_button = button(_("Copy"), _("Copy the passphrase"))
        self.copy_button.setToolTip(_("The clipboard is cleared again after 30 seconds"))
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._copy)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        maker.body.addLayout(row)
        self.phrase = code_label(_("Passphrase"), 14)
        self.phrase_strength = label("", style="muted")
        maker.body.addWidget(self.phrase)
        maker.body.addWidget(self.phrase_strength)
        self.content.addWidget(maker)
        self.audit = AuditCard(passwords, accounts)
        self.content.addWidget(self.audit)
        self.finish()
        self._phrase_text = ""
        self._copy_reset = QTimer(self)
        self._copy_reset.setSingleShot(True)
        self._copy_reset.timeout.connect(self._copy_cleared)
        # bound methods: dropped with the page
        passwords.forgetRequested.connect(self.forget)
        passwords.settingsChanged.connect(self._profile_words_changed)
        accounts.changed.connect(self._profile_words_changed)

    def _profile_words_changed(self) -> None:
        """Rate against the open profile's own words: its name and handles (another person's after a switch)."""
        self.meter.set_user_inputs(self.passwords.user_inputs())

    def forget(self) -> None:
        """Lock or switch: the password typed, its rating and leak result, the passphrase made, and our own
        clipboard content all go."""
        self.password.clear()
        self.meter.clear()
        self.breach_label.setText("")
        self.check_button.setEnabled(True)
        self._phrase_text = ""
        self.phrase.setText("")
        self.phrase_strength.setText("")
        self.copy_button.setEnabled(False)
        self.copy_button.setText(_("Copy"))
        self._copy_reset.stop()
        clear_ours()

    def _typed(self, _text: str) -> None:
        self._check_generation += 1  # a result belongs to the password it was for
        self.breach_label.setText("")
        self.check_button.setEnabled(True)

    # --- leaks ---------------------------------------------------------------------------------------------
    def check_breaches(self) -> None:
        if not self.check_button.isEnabled():
            return  # a check of this password is on its way (Enter pressed twice)
        secret = self.password.secret()
        if secret is None:
            self.breach_label.setText(_("Type a password first."))
            return
        passwords = self.passwords
        if passwords.online_checks == OnlineChecks.ASK and not passwords.offline_source_path:
            answer = QMessageBox.question(self, _("Check online?"), _(CONSENT_TEXT))
            yes = answer == QMessageBox.StandardButton.Yes
            passwords.set_online_checks(OnlineChecks.ALLOWED if yes else OnlineChecks.FORBIDDEN)
        self.check_button.setEnabled(False)
        self.breach_label.setText(_("Checking…"))
        self._check_generation += 1
        generation = self._check_generation
        # neither an offline file nor online checks: the answer is "not checked", said as such below
        turned_off = not passwords.offline_source_path and passwords.online_checks != OnlineChecks.ALLOWED
        passwords.check_password(secret, self, lambda outcome: self._show_breach(generation, outcome, turned_off))

    def _show_breach(self, generation: int, outcome: Outcome[BreachResult], turned_off: bool = False) -> None:
        if generation != self._check_generation:
            return  # the password was changed or the page forgot it meanwhile: not this answer's password
        self.check_button.setEnabled(True)
        if not isinstance(outcome, Ok):
            self.breach_label.setText(_("Could not check: the check could not be made."))
            return
        result = outcome.value
        if result.count is None and turned_off:
            self.breach_label.setText(
                _(
                    "Not checked: online checks are off and no offline hash file is set. You can change this in "
                    "Settings."
                )
            )
        elif result.count is None:
            self.breach_label.setText(_("Could not check: {reason}").format(reason=result.error))
        elif result.count:
            self.breach_label.setText(
                ngettext(
                    "⚠ Found in known breaches {count} time. Attackers try leaked passwords first: change it "
                    "everywhere you use it, and use a different one for each account.",
                    "⚠ Found in known breaches {count} times. Attackers try leaked passwords first: change it "
                    "everywhere you use it, and use a different one for each account.",
                    result.count,
                ).format(count=f"{result.count:,}")
            )
        elif result.checked == "online":
            self.breach_label.setText(_("✓ Not found in known breaches (checked online)."))
        else:
            self.breach_label.setText(_("✓ Not found in known breaches (checked in your offline hash file)."))

    # --- passphrases -----------------------------------------------------------------------------------------
    def generate(self) -> None:
        from privacyapp.core.passphrase import entropy_bits, generate

        words = self.words.value()
        phrase = generate(words)
        self._phrase_text = phrase.reveal()
        self.phrase.setText(self._phrase_text)
        self.phrase_strength.setText("")
        self.copy_button.setEnabled(True)
        self.copy_button.setText(_("Copy"))
        shown = self._phrase_text

        def rated(outcome: Outcome[Strength]) -> None:
            if isinstance(outcome, Ok) and self._phrase_text == shown:
                bits = entropy_bits(words)
                # Translators: {rating} is a word such as "Strong"; {guess_time} says how long guessing it would take
                rating = ngettext(
                    "{rating}: {bits} bit of randomness; {guess_time}.",
                    "{rating}: {bits} bits of randomness; {guess_time}.",
                    round(bits),
                )
                self.phrase_strength.setText(
                    rating.format(rating=outcome.value.words, bits=f"{bits:.0f}", guess_time=outcome.value.guess_time)
                )

        self.passwords.rate(phrase, self, rated)

    def _copy(self) -> None:
        if self._phrase_text:
            copy_sensitive(self._phrase_text)
            self.copy_button.setText(_("Copied (cleared in 30 s)"))
            # back to "Copy" when the clipboard is cleared; a later copy restarts the wait
            self._copy_reset.start(CLEAR_AFTER_MS)

    def _copy_cleared(self) -> None:
        self.copy_button.setText(_("Copy"))

    def search_field(self) -> QLineEdit:
        """Ctrl+F: the filter of the password check's results."""
        self.ensureWidgetVisible(self.audit.filter)
        return self.audit.filter
