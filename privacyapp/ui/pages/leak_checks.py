"""Settings' card for checking passwords for leaks: online or not, an offline hash file, and what was sent this
session."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
)

from privacyapp.core.settings import OnlineChecks
from privacyapp.i18n import _
from privacyapp.ui import dates
from privacyapp.ui.pages.common import Card, button, label, wheel_only_when_focused
from privacyapp.ui.state.network import NetworkLog
from privacyapp.ui.state.passwords import PasswordsState

if TYPE_CHECKING:
    pass


class PasswordChecksCard(Card):
    """Settings for breach checks: online or not, an offline hash file, and what was sent this session."""

    def __init__(self, passwords: PasswordsState, network: NetworkLog) -> None:
        super().__init__(_("Checking passwords for leaks"))
        self.passwords = passwords
        self.network = network
        self.body.addWidget(
            label(
                _(
                    "Online checks send only the first 5 characters of a scrambled code (SHA-1 hash) of a "
                    "password, and only when you press “Check for leaks”. With an offline hash file nothing is "
                    "sent at all."
                )
            )
        )
        row = QHBoxLayout()
        self.mode = QComboBox()
        self.mode.setAccessibleName(_("Online checks"))
        wheel_only_when_focused(self.mode)
        for value, text in (
            (OnlineChecks.ASK, _("Ask me the first time")),
            (OnlineChecks.ALLOWED, _("Allow online checks")),
            (OnlineChecks.FORBIDDEN, _("Never check online")),
        ):
            self.mode.addItem(text, value.value)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        row.addWidget(label(_("Online checks:"), wrap=False))
        row.addWidget(self.mode)
        row.addStretch(1)
        self.body.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(label(_("Service address:"), wrap=False))
        self.address = QLineEdit()
        self.address.setAccessibleName(_("Pwned Passwords service address"))
        self.address.setToolTip(_("An organisation can use its own copy of the service (a mirror) here"))
        self.address.editingFinished.connect(self._address_changed)
        row.addWidget(self.address, 1)
        self.body.addLayout(row)
        self.address_problem = label("", style="muted")
        self.address_problem.hide()
        self.body.addWidget(self.address_problem)
        row = QHBoxLayout()
        self.offline = label("", wrap=True)
        self.offline.setAccessibleName(_("Offline hash file"))
        choose = button(_("Choose a file…"), _("Choose an offline hash file"))
        choose.clicked.connect(self._choose_file)
        clear = button(_("Stop using it"), _("Stop using the offline hash file"))
        clear.clicked.connect(self._stop_offline)
        row.addWidget(self.offline, 1)
        row.addWidget(choose)
        row.addWidget(clear)
        self.body.addLayout(row)
        self.body.addWidget(label(_("Sent this session:"), style="card-title"))
        self.activity = QListWidget()
        self.activity.setAccessibleName(_("Network activity this session"))
        self.activity.setFixedHeight(90)
        self.body.addWidget(self.activity)
        # bound methods: dropped with the card
        passwords.settingsChanged.connect(self.refresh)
        network.changed.connect(self.show_activity)
        self.refresh()

    def refresh(self) -> None:
        passwords = self.passwords
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(max(0, self.mode.findData(passwords.online_checks.value)))
        self.mode.blockSignals(False)
        if not self.address.hasFocus():
            self.address.setText(passwords.pwned_passwords_url)
        path = passwords.offline_source_path
        if path:
            self.offline.setText(_("Offline hash file: {path}").format(path=path))
        elif passwords.online_checks == OnlineChecks.ALLOWED:
            self.offline.setText(_("No offline hash file: checks go online."))
        elif passwords.online_checks == OnlineChecks.ASK:
            self.offline.setText(_("No offline hash file: you will be asked before the first online check."))
        else:
            self.offline.setText(_("No offline hash file, and online checks are off: passwords are not checked."))
        self.show_activity()

    def show_activity(self) -> None:
        """Every request this session made, as it happens (the list is the app's, not the profile's)."""
        self.activity.clear()
        requests = self.network.requests
        for request in requests:
            when = dates.clock(request.time)
            self.activity.addItem(
                _("{time}  {host}{path}  ({outcome})").format(
                    time=when, host=request.host, path=request.path, outcome=request.outcome
                )
            )
        if not requests:
            self.activity.addItem(_("Nothing: privacyapp has sent no request this session."))

    def forget(self) -> None:
        self.address.clear()
        self.offline.setText("")
        self.address_problem.hide()

    def _address_changed(self) -> None:
        url = self.address.text().strip()
        if url == self.passwords.pwned_passwords_url or not self.passwords.is_open:
            return
        local = url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
        if url and not (url.startswith("https://") or local):
            self.address_problem.setText(_("Use an https:// address, so that what is sent cannot be read on the way."))
            self.address_problem.show()
            return
        self.address_problem.hide()
        self.passwords.set_pwned_passwords_url(url)

    def _mode_changed(self) -> None:
        self.passwords.set_online_checks(str(self.mode.currentData()))

    def _stop_offline(self) -> None:
        self.passwords.set_offline_source("")

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Pwned Passwords hash file"), str(Path.home()))
        if path:
            self.passwords.set_offline_source(path)
