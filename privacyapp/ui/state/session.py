"""The open profile's life cycle (unlock, lock, switch, delete) and its single writer.

The session holds the typed `ProfileDocument` and is the only thing that writes the profile: saves and every
other change to the file (a new passphrase, a restore, "keep mine") go through one queue, one at a time, each in a
worker thread. Feature states (checklist, passwords, accounts, ...) read the document and hand it changes through
`change()`; app.py connects them to `documentChanged` and `profileClosed`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from privacyapp.i18n import _
from privacyapp.ui.state.pending_close import PendingClose
from privacyapp.ui.state.writer import Writer, while_alive
from privacyapp.ui.tasks import Failed, Ok, Outcome, Tasks

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import QSettings

    from privacyapp.core.paths import AppPaths
    from privacyapp.core.profile.backups import Backup
    from privacyapp.core.profile.crypto import KdfParams
    from privacyapp.core.profile.document import ProfileDocument
    from privacyapp.core.profile.keystore import KeyStore
    from privacyapp.core.profile.manager import ProfileInfo, ProfileManager
    from privacyapp.core.profile.payload import ProfileData
    from privacyapp.core.profile.store import ProfileStore
    from privacyapp.core.profile.vault import Unlock
    from privacyapp.core.redact import Secret

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1000
RETRY_MS = 10_000
T = TypeVar("T")


class SaveState(StrEnum):
    SAVED = "saved"
    SAVING = "saving"
    UNSAVED = "unsaved"
    FAILED = "failed"  # the message says why; the change stays in memory and is tried again
    READ_ONLY = "read-only"  # written by a newer privacyapp: never saved
    CONFLICT = "conflict"  # another program changed the file


class Session(QObject):
    profileOpened = Signal(str)  # the profile's name
    aboutToClose = Signal()  # the last moment to hand in an edit still in a field (a handle being typed)
    profileClosed = Signal()  # locked, switched or deleted: everyone forgets
    documentChanged = Signal()  # any change, small or whole
    documentReplaced = Signal()  # a different document: opened, closed (none), restored or reloaded
    saveStateChanged = Signal(object, str)  # SaveState, and a message for FAILED and CONFLICT ("" otherwise)
    conflictFound = Signal(str)  # the message: another program changed the file
    slotsChanged = Signal()  # key slots or backups changed
    lastSaveFailed = Signal(object)  # PendingClose: a closed profile's last changes could not be written
    writesDone = Signal()  # the queue of saves and other changes to files ran empty

    def __init__(
        self,
        paths: AppPaths,
        tasks: Tasks,
        settings: QSettings,
        prepare: Callable[[ProfileData], ProfileDocument],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.tasks = tasks
        self._settings = settings
        self._prepare = prepare  # stored data -> typed document, in the worker that unlocks
        self._store: ProfileStore | None = None
        self._document: ProfileDocument | None = None
        self._saved_document: ProfileDocument | None = None  # what the file holds
        self.save_state = SaveState.SAVED
        self.save_message = ""
        self.writer = Writer(tasks, self)
        self.writer.writesDone.connect(self.writesDone)
        self._save_queued = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_now)
        self._retry = QTimer(self)  # after a failed save: try again later, while edits keep their own autosave
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.save_now)
        self._opening = 0  # which unlock is the one the person is waiting for
        self._unwritten: list[tuple[ProfileStore, ProfileDocument]] = []  # closing saves not finished yet
        self._conflict_shown = ""  # the conflict the person was told about: the same one is not asked again

    # --- what is open ------------------------------------------------------------------------------------------
    @property
    def document(self) -> ProfileDocument | None:
        return self._document

    @property
    def is_open(self) -> bool:
        return self._store is not None

    @property
    def profile_name(self) -> str | None:
        """The open profile's folder name (what the person chose), or None while locked."""
        return self._store.folder.name if self._store is not None else None

    @property
    def read_only(self) -> bool:
        return self._store is not None and self._store.read_only

    @property
    def slot_kinds(self) -> frozenset[str]:
        return frozenset(self._store.slot_kinds()) if self._store is not None else frozenset()

    @property
    def unsaved(self) -> bool:
        """Changes in memory that the file does not hold yet."""
        return self._store is not None and self._document is not self._saved_document and not self.read_only

    @property
    def manager(self) -> ProfileManager:
        from privacyapp.core.profile.manager import ProfileManager

        return ProfileManager(self.paths.profiles)

    # --- profiles ----------------------------------------------------------------------------------------------
    def list_profiles(self, context: QObject, done: Callable[[list[ProfileInfo], str | None], None]) -> None:
        """The profiles on this computer and the one used last (reads each profile's header: off the GUI thread)."""
        manager, remembered = self.manager, self._settings.value("profile/last")

        def work() -> tuple[list[ProfileInfo], str | None]:
            found = manager.list()
            names = [info.name for info in found]
            if isinstance(remembered, str) and remembered in names:
                return found, remembered
            return found, (names[0] if names else None)

        def finished(outcome: Outcome[tuple[list[ProfileInfo], str | None]]) -> None:
            if isinstance(outcome, Ok):
                done(*outcome.value)
            else:
                log.warning("could not list the profiles: %s", type(outcome.error).__name__)
                done([], None)

        self.tasks.run(context, work, finished, name="profile-list")

    def open_profile(self, name: str, how: Unlock, done: Callable[[Exception | None], None]) -> None:
        """Unlock `name` and parse it, in the background; `done(None)` once it is open, else `done(error)`."""
        self.close_profile()
        self._opening += 1
        opening, manager, prepare = self._opening, self.manager, self._prepare

        def work() -> tuple[ProfileStore, ProfileDocument]:
            store = manager.open(name, how)
            try:
                return store, prepare(store.data)
            except BaseException:
                store.close()
                raise

        def finished(outcome: Outcome[tuple[ProfileStore, ProfileDocument]]) -> None:
            if opening != self._opening:
                # Locked, or another profile asked for, while this one unlocked (a keyring prompt can take a
                # while): it must not open over what the person chose since.
                if isinstance(outcome, Ok):
                    self._enqueue("profile-close", outcome.value[0].close, lambda _outcome: None)
                return
            self._after_open(outcome, done)

        self.tasks.run(self, work, finished, name="profile-open")

    def create_profile(
        self,
        name: str,
        passphrase: Secret | None,
        keystore: KeyStore | None,
        kdf: Callable[[], KdfParams],
        done: Callable[[Secret | Exception], None],
    ) -> None:
        """Create and open a profile in the background; `done(recovery_code)` or `done(error)`."""
        self.close_profile()
        manager, prepare = self.manager, self._prepare

        def work() -> tuple[ProfileStore, ProfileDocument, Secret]:
            store, code = manager.create(name, passphrase=passphrase, keystore=keystore, kdf=kdf())
            return store, prepare(store.data), code

        self.tasks.run(self, work, lambda outcome: self._after_create(outcome, done), name="profile-create")

    def import_profile(
        self,
        path: Path,
        export_passphrase: Secret,
        name: str,
        passphrase: Secret | None,
        keystore: KeyStore | None,
        kdf: Callable[[], KdfParams],
        done: Callable[[Secret | Exception], None],
    ) -> None:
        """Make a new profile from an export file and open it; `done(recovery_code)` or `done(error)`."""
        manager, prepare = self.manager, self._prepare

        def work() -> tuple[ProfileStore, ProfileDocument, Secret]:
            from privacyapp.core.inputs import read_bytes
            from privacyapp.core.profile.format import MAX_FILE_BYTES

            # with a cap and a deadline, as the CLI reads it: a FIFO or a device is refused, not waited on for ever
            blob = read_bytes(path, limit=MAX_FILE_BYTES, what=_("the export file"))
            store, code = manager.import_bytes(
                name, blob, export_passphrase, passphrase=passphrase, keystore=keystore, kdf=kdf()
            )
            return store, prepare(store.data), code

        def finished(outcome: Outcome[tuple[ProfileStore, ProfileDocument, Secret]]) -> None:
            if isinstance(outcome, Ok):
                self.close_profile()
            self._after_create(outcome, done)

        self.tasks.run(self, work, finished, name="profile-import")

    def _after_open(self, outcome: Outcome[tuple[ProfileStore, ProfileDocument]], done: Callable[..., None]) -> None:
        if isinstance(outcome, Failed):
            done(outcome.error)
            return
        self._opened(*outcome.value)
        done(None)

    def _after_create(
        self, outcome: Outcome[tuple[ProfileStore, ProfileDocument, Secret]], done: Callable[..., None]
    ) -> None:
        if isinstance(outcome, Failed):
            done(outcome.error)
            return
        store, document, code = outcome.value
        self._opened(store, document)
        done(code)

    def _opened(self, store: ProfileStore, document: ProfileDocument) -> None:
        if self._store is not None:  # a profile was made while another was open: that one closes as usual
            self.close_profile()
        self._store, self._document, self._saved_document = store, document, document
        self._settings.setValue("profile/last", store.folder.name)
        if store.read_only:
            self._set_save_state(SaveState.READ_ONLY)
        else:
            self._set_save_state(SaveState.SAVED)
        log.info("profile opened (read-only: %s)", store.read_only)
        self.profileOpened.emit(store.folder.name)
        self._replaced()

    def _replaced(self) -> None:
        self.documentReplaced.emit()
        self.documentChanged.emit()

    def close_profile(self) -> None:
        """Lock now, switch, or quit: everyone forgets at once. Unsaved changes are written in the background
        first; if that fails, the person is asked (see `pendingClose`)."""
        self._opening += 1  # an unlock still under way must not open after this
        if self._store is None:
            return
        self.aboutToClose.emit()
        self._autosave.stop()
        self._retry.stop()
        store, document = self._store, self._document
        needs_save = self.unsaved
        self._store = self._document = self._saved_document = None
        self.profileClosed.emit()
        self._replaced()
        if needs_save and document is not None:
            # One job saves and closes: anything queued after it (a delete, a rename) finds the file free.
            self._unwritten.append((store, document))

            def save_and_close() -> None:
                store.save(document.to_data())
                store.close()

            self._enqueue("profile-save-on-close", save_and_close, self._closing_saved(store, document))
        else:
            self._enqueue("profile-close", store.close, lambda _outcome: None)

    def _closing_saved(self, store: ProfileStore, document: ProfileDocument) -> Callable[[Outcome[None]], None]:
        def finished(outcome: Outcome[None]) -> None:
            self._unwritten.remove((store, document))
            if isinstance(outcome, Failed):
                # The profile is locked on screen, but its last changes are still only in memory: ask.
                log.warning("the last save before closing failed: %s", type(outcome.error).__name__)
                self.lastSaveFailed.emit(PendingClose(self.writer, self.paths.data, store, document, outcome.error))

        return finished

    def seal_unwritten(self) -> list[Path]:
        """On SIGTERM or logout, when the closing saves did not finish in time: seal what they were writing into
        the recovery folder (blocking; nobody is waiting for the window any more)."""
        from privacyapp.core.profile import recovery

        kept = []
        for store, document in list(self._unwritten):
            try:
                kept.append(recovery.keep(self.paths.data, store, document.to_data()))
            except OSError as exc:
                log.error("the last changes could not be kept anywhere: %s", exc.strerror or type(exc).__name__)
        return kept

    def find_backup(
        self,
        name: str,
        how: Unlock,
        context: QObject,
        done: Callable[[Outcome[tuple[Backup, ProfileData] | None]], None],
    ) -> None:
        """The newest backup of a damaged profile that opens with `how` (trying each costs a key derivation)."""
        from privacyapp.core.profile.store import find_restorable

        folder = self.manager.folder(name)
        self.tasks.run(context, lambda: find_restorable(folder, how), done, name="find-backup")

    def put_back(self, name: str, backup: Backup, context: QObject, done: Callable[[Outcome[object]], None]) -> None:
        """Put `backup` in place of a profile file that cannot be opened (which is kept aside, never deleted)."""
        from privacyapp.core.profile.store import replace_with_backup

        folder = self.manager.folder(name)
        self._enqueue("restore-backup", lambda: replace_with_backup(folder, backup), while_alive(context, done))

    def delete_profile(
        self, name: str, keystore: KeyStore | None, context: QObject, done: Callable[[Outcome[str]], None]
    ) -> None:
        """Delete `name` (closing it first if it is open) after every write queued before; `done(note)`."""
        if self.profile_name == name:
            self.close_profile()
        manager = self.manager
        # in the queue: after the closing save; removing the keyring entry may wait on the keyring
        self._enqueue("profile-delete", lambda: manager.delete(name, keystore), while_alive(context, done))

    def rename_profile(self, old: str, new: str, context: QObject, done: Callable[[Outcome[object]], None]) -> None:
        manager = self.manager
        self._enqueue("profile-rename", lambda: manager.rename(old, new), while_alive(context, done))

    # --- changes and saving ------------------------------------------------------------------------------------
    def change(self, edit: Callable[[ProfileDocument], ProfileDocument]) -> None:
        """Apply `edit` to the document; it is saved about a second later, off the GUI thread."""
        if self._document is None:
            raise RuntimeError("no profile is open")
        self._document = edit(self._document)
        self.documentChanged.emit()
        if self.read_only:
            self._set_save_state(SaveState.READ_ONLY)
            return
        if self.save_state not in (SaveState.FAILED, SaveState.CONFLICT):  # those stay shown until resolved
            self._set_save_state(SaveState.UNSAVED)
        self._autosave.start()

    def save_now(self) -> None:
        store, document = self._store, self._document
        if store is None or document is None or not self.unsaved:
            return
        if self._save_queued:
            self._autosave.start()  # one save at a time: save again once this one is done
            return
        self._save_queued = True
        if self.save_state is not SaveState.CONFLICT:  # during a conflict a save only updates our kept copy
            self._set_save_state(SaveState.SAVING)

        def finished(outcome: Outcome[None]) -> None:
            self._save_queued = False
            if store is not self._store:
                return  # closed meanwhile; close_profile saved what was left
            if isinstance(outcome, Ok):
                self._saved_document = document
                self._set_save_state(SaveState.SAVED if not self.unsaved else SaveState.UNSAVED)
                if self.unsaved:
                    self._autosave.start()
            else:
                self._save_failed(outcome.error)

        self._enqueue("profile-save", lambda: store.save(document.to_data()), finished)

    def _save_failed(self, error: Exception) -> None:
        from privacyapp.core.errors import PrivacyAppError, ProfileConflictError

        if isinstance(error, ProfileConflictError):
            # Edits go on being saved into the one copy kept for this conflict; the person is asked once.
            self._set_save_state(SaveState.CONFLICT, error.message)
            if error.message != self._conflict_shown:
                self._conflict_shown = error.message
                self.conflictFound.emit(error.one_line())
            return
        message = error.one_line() if isinstance(error, PrivacyAppError) else _("Your changes could not be saved.")
        log.warning("save failed: %s", type(error).__name__)
        self._set_save_state(SaveState.FAILED, message)
        self._retry.start()  # the change stays in memory and is tried again

    def keep_mine(self) -> None:
        """After a conflict: overwrite the other version with ours."""
        store, document = self._store, self._document
        if store is None or document is None:
            return

        def finished(outcome: Outcome[None]) -> None:
            if store is not self._store:
                return  # locked or switched meanwhile: its closing save wrote what it had
            if isinstance(outcome, Ok):
                self._saved_document = document
                self._set_save_state(SaveState.SAVED)
            else:
                self._save_failed(outcome.error)

        self._enqueue("profile-keep-mine", lambda: store.save(document.to_data(), force=True), finished)

    def take_theirs(self) -> None:
        """After a conflict: load the other version, dropping ours (it is kept in the conflict file)."""
        store, prepare = self._store, self._prepare
        if store is None:
            return

        def work() -> ProfileDocument:
            store.reload()
            return prepare(store.data)

        def finished(outcome: Outcome[ProfileDocument]) -> None:
            if store is not self._store:
                return
            if isinstance(outcome, Ok):
                self._document = self._saved_document = outcome.value
                self._set_save_state(SaveState.SAVED)
                self._replaced()
            else:
                self._save_failed(outcome.error)

        self._enqueue("profile-reload", work, finished)

    def _set_save_state(self, state: SaveState, message: str = "") -> None:
        if state is not SaveState.CONFLICT:
            self._conflict_shown = ""  # resolved (kept, reloaded, restored) or another profile
        self.save_state, self.save_message = state, message
        self.saveStateChanged.emit(state, message)

    # --- other work on the open profile's file: through the same queue -----------------------------------------
    def run_on_store(
        self,
        name: str,
        work: Callable[[ProfileStore], T],
        done: Callable[[Outcome[T]], None],
        context: QObject,
        *,
        changes: bool = True,
    ) -> None:
        """`work(store)` after any save before it and before any after it; then `done(outcome)` on the GUI thread
        (dropped when `context` is gone). When the work `changes` the file (keys, a restore), slotsChanged follows
        so that views of slots or backups refresh; a read (listing backups, checking a passphrase) says nothing."""
        store = self._store
        if store is None:
            done(Failed(RuntimeError("no profile is open")))
            return
        prepare = self._prepare

        def job() -> tuple[T, ProfileDocument | None, ProfileData]:
            before = store.data
            result = work(store)
            # a restore replaces the data: parse the new version here, not on the GUI thread
            return result, (prepare(store.data) if store.data is not before else None), store.data

        deliver = while_alive(context, done)

        def finished(outcome: Outcome[tuple[T, ProfileDocument | None, ProfileData]]) -> None:
            if store is self._store:
                if isinstance(outcome, Ok) and outcome.value[1] is not None:
                    self._document = self._saved_document = outcome.value[1]
                    self._set_save_state(SaveState.SAVED)
                    self._replaced()
                if changes:
                    self.slotsChanged.emit()
                # Only while the same profile is open: a recovery code or a passphrase check must not pop up
                # over the lock screen, or act on the next person's profile.
                deliver(Ok(outcome.value[0]) if isinstance(outcome, Ok) else outcome)

        self._enqueue(name, job, finished)

    def _enqueue(self, name: str, work: Callable[[], Any], done: Callable[[Outcome[Any]], None]) -> None:
        self.writer.enqueue(name, work, done)

    @property
    def writing(self) -> bool:
        """A save or another change to the file is running or waiting."""
        return self.writer.writing

    def wait_for_writes(self, timeout_s: float) -> bool:
        """On quit only: let queued writes finish (the event loop keeps running meanwhile). True when done."""
        return self.writer.wait(timeout_s)
