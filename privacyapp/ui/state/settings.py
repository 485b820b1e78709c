"""The open profile's own settings and keys, for the Settings page: auto-lock, how it unlocks, its backups.
Every change to the file goes through the session's single writer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from privacyapp.ui.state.keys import KeysState
from privacyapp.ui.state.session import Session
from privacyapp.ui.tasks import Outcome, Tasks

if TYPE_CHECKING:
    from privacyapp.core.profile.backups import Backup
    from privacyapp.core.profile.store import ProfileStore
    from privacyapp.core.redact import Secret

T = TypeVar("T")


class ProfileSettingsState(QObject):
    changed = Signal()  # auto-lock, key slots or backups changed, or another profile opened
    backupsChanged = Signal()  # a save made a new backup, or a conflict kept our version in a conflict copy

    def __init__(self, session: Session, keys: KeysState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.keys = keys
        session.slotsChanged.connect(self.changed)
        session.documentReplaced.connect(self.changed)
        session.saveStateChanged.connect(self._save_state_changed)

    def _save_state_changed(self, state: str, _message: str) -> None:
        if state in ("saved", "conflict"):  # the list shows conflict copies too: they are restored the same way
            self.backupsChanged.emit()

    @property
    def tasks(self) -> Tasks:
        """For widgets that rate a new passphrase as it is typed."""
        return self._session.tasks

    @property
    def profile_name(self) -> str | None:
        return self._session.profile_name

    @property
    def read_only(self) -> bool:
        return self._session.read_only

    @property
    def slot_kinds(self) -> frozenset[str]:
        return self._session.slot_kinds

    @property
    def auto_lock_minutes(self) -> int:
        from privacyapp.core.settings import DEFAULT_AUTO_LOCK_MINUTES

        document = self._session.document
        return document.settings.auto_lock_minutes if document is not None else DEFAULT_AUTO_LOCK_MINUTES

    def set_auto_lock_minutes(self, minutes: int) -> None:
        if self._session.document is not None and minutes != self.auto_lock_minutes:
            self._session.change(lambda d: d.with_settings(auto_lock_minutes=minutes))

    def on_store(
        self,
        name: str,
        work: Callable[[ProfileStore], T],
        context: QObject,
        done: Callable[[Outcome[T]], None],
        *,
        changes: bool = True,
    ) -> None:
        self._session.run_on_store(name, work, done, context, changes=changes)

    def backups(self, context: QObject, done: Callable[[Outcome[list[tuple[Backup, int]]]], None]) -> None:
        """The backups of the open profile with their sizes in bytes, newest first (listing a folder and reading
        each file's size: in the background)."""

        def listed(store: ProfileStore) -> list[tuple[Backup, int]]:
            return [(backup, backup.size) for backup in store.backups()]

        self.on_store("backups", listed, context, done, changes=False)

    def verify_passphrase(self, passphrase: Secret, context: QObject, done: Callable[[Outcome[bool]], None]) -> None:
        """Argon2id: seconds on a slow computer, so never on the GUI thread."""
        self.on_store(
            "verify-passphrase", lambda store: store.verify_passphrase(passphrase), context, done, changes=False
        )

    def set_passphrase(self, passphrase: Secret, context: QObject, done: Callable[[Outcome[None]], None]) -> None:
        kdf = self.keys.kdf_params
        self.on_store("set-passphrase", lambda store: store.set_passphrase(passphrase, kdf()), context, done)

    def use_keyring(self, use: bool, context: QObject, done: Callable[[Outcome[None]], None]) -> None:
        """With the keyring, anyone who can use this computer account opens the profile without a passphrase;
        without it, the passphrase is asked every time (in the app and on the command line)."""
        keystore = self.keys.keystore
        if use:
            self.on_store("add-keyring", lambda store: store.add_keyring(keystore), context, done)
        else:
            self.on_store("remove-keyring", lambda store: store.remove_keyring(keystore), context, done)

    def new_recovery_code(self, context: QObject, done: Callable[[Outcome[Secret]], None]) -> None:
        self.on_store("recovery-code", lambda store: store.new_recovery_code(), context, done)
