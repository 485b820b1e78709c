"""How profiles are unlocked on this computer: whether the OS keyring works, the keystore over it, and the
key-derivation settings for new passphrases (measured on this computer the first time they are needed)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from privacyapp.ui.tasks import Ok, Outcome, Tasks

if TYPE_CHECKING:
    from privacyapp.core.keyring_check import KeyringStatus
    from privacyapp.core.profile.crypto import KdfParams
    from privacyapp.core.profile.keystore import KeyStore

log = logging.getLogger(__name__)


class KeysState(QObject):
    keyringStatusChanged = Signal(object)  # KeyringStatus

    def __init__(
        self,
        tasks: Tasks,
        check_keyring: Callable[[], KeyringStatus],
        keystore: Callable[[], KeyStore],
        kdf: Callable[[], KdfParams],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._check_keyring = check_keyring
        self._make_keystore = keystore
        self._keystore: KeyStore | None = None
        self.kdf_params = kdf  # call it off the GUI thread: it measures this computer
        self.keyring_status: KeyringStatus | None = None  # None: not checked yet

    @property
    def keystore(self) -> KeyStore:
        if self._keystore is None:
            self._keystore = self._make_keystore()
        return self._keystore

    @property
    def keyring_works(self) -> bool:
        return self.keyring_status is not None and self.keyring_status.works

    def refresh_keyring_status(self) -> None:
        """Check the keyring in the background; keyringStatusChanged follows on the GUI thread."""
        self._tasks.run(self, self._check_keyring, self._checked, name="keyring-check")

    def _checked(self, outcome: Outcome[KeyringStatus]) -> None:
        if not isinstance(outcome, Ok):
            log.warning("the keyring check failed: %s", type(outcome.error).__name__)
            return
        status = outcome.value
        log.info("keyring: %s, works=%s", status.backend, status.works)
        self.keyring_status = status
        self.keyringStatusChanged.emit(status)
