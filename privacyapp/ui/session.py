"""The one owner of the GUI's state. Widgets read from it and listen to its signals; it asks the core."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from privacyapp.core.paths import AppPaths
from privacyapp.ui.tasks import Tasks

if TYPE_CHECKING:
    from privacyapp.core.keyring_check import KeyringStatus

log = logging.getLogger(__name__)


class Session(QObject):
    keyringStatusChanged = Signal(object)  # KeyringStatus

    def __init__(
        self,
        paths: AppPaths,
        check_keyring: Callable[[], KeyringStatus],
        tasks: Tasks | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.tasks = tasks or Tasks(self)
        self._check_keyring = check_keyring
        self.keyring_status: KeyringStatus | None = None  # None: not checked yet

    def refresh_keyring_status(self) -> None:
        """Check the keyring in the background; keyringStatusChanged follows on the GUI thread."""
        self.tasks.submit(self._check_keyring, self._set_keyring_status, name="keyring-check")

    def _set_keyring_status(self, status: KeyringStatus) -> None:
        log.info("keyring: %s, works=%s", status.backend, status.works)
        self.keyring_status = status
        self.keyringStatusChanged.emit(status)
