"""The one owner of the GUI's state: the open profile and its data. Widgets read from it and listen to its
signals; it asks the core, with blocking work (key derivation, keyring, disk) off the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from privacyapp.core.paths import AppPaths
from privacyapp.ui.tasks import Tasks

if TYPE_CHECKING:
    from pathlib import Path

    from privacyapp.core.breach import RangeClient
    from privacyapp.core.checklist.model import Catalog, Item
    from privacyapp.core.keyring_check import KeyringStatus
    from privacyapp.core.profile.crypto import KdfParams
    from privacyapp.core.profile.keystore import KeyStore
    from privacyapp.core.profile.manager import ProfileInfo, ProfileManager
    from privacyapp.core.profile.payload import ProfileData
    from privacyapp.core.profile.store import ProfileStore
    from privacyapp.core.profile.vault import Unlock
    from privacyapp.core.redact import Secret
    from privacyapp.core.strength_worker import StrengthWorker
    from privacyapp.ui.accounts.state import AccountsState

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1000
RETRY_MS = 10_000
DEFAULT_AUTO_LOCK_MINUTES = 15


class Session(QObject):
    keyringStatusChanged = Signal(object)  # KeyringStatus
    profileOpened = Signal(str)  # the profile's name
    profileClosed = Signal()  # locked, switched or deleted
    dataChanged = Signal()
    saveStateChanged = Signal(str)  # "saved", "saving", "unsaved" or the message of a failure
    conflictFound = Signal(str)  # the message: another program changed the file
    slotsChanged = Signal()  # key slots or backups changed
    itemStateChanged = Signal(str)  # a checklist item's progress changed
    planChanged = Signal()  # who the plan is for, or which platforms, changed

    def __init__(
        self,
        paths: AppPaths,
        check_keyring: Callable[[], KeyringStatus],
        tasks: Tasks | None = None,
        *,
        keystore: KeyStore | None = None,
        kdf: Callable[[], KdfParams] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.tasks = tasks or Tasks(self)
        self._check_keyring = check_keyring
        self._keystore = keystore
        self._kdf = kdf
        self.keyring_status: KeyringStatus | None = None  # None: not checked yet
        self.store: ProfileStore | None = None
        self.data: ProfileData | None = None
        self._dirty = False
        self._saving = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_now)
        self.save_state = "saved"
        self._catalog: Catalog | None = None
        self._range_client: RangeClient | None = None
        self._offline: Any = None  # the open offline hash file or folder
        self._strength_worker: StrengthWorker | None = None
        self._offline_lock = threading.Lock()
        self.network_log: list[Any] = []  # every request this session made (time, host, path with the prefix only)
        self._accounts: AccountsState | None = None

    # --- collaborators, made when first needed (not before the first paint) ----------------------------------
    @property
    def keystore(self) -> KeyStore:
        if self._keystore is None:
            from privacyapp.core.profile.keystore import KeyringKeyStore

            self._keystore = KeyringKeyStore()
        return self._keystore

    def kdf_params(self) -> KdfParams:
        if self._kdf is None:
            from privacyapp.core.profile.crypto import calibrate

            self._kdf = calibrate
        return self._kdf()

    @property
    def manager(self) -> ProfileManager:
        from privacyapp.core.profile.manager import ProfileManager

        return ProfileManager(self.paths.profiles)

    @property
    def accounts(self) -> AccountsState:
        """The accounts register of the open profile, and the known-breach list (made when first needed)."""
        if self._accounts is None:
            from privacyapp.ui.accounts.state import AccountsState

            self._accounts = AccountsState(self)
        return self._accounts

    # --- keyring ---------------------------------------------------------------------------------------------
    def refresh_keyring_status(self) -> None:
        """Check the keyring in the background; keyringStatusChanged follows on the GUI thread."""
        self.tasks.submit(self._check_keyring, self._set_keyring_status, name="keyring-check")

    def _set_keyring_status(self, status: KeyringStatus) -> None:
        log.info("keyring: %s, works=%s", status.backend, status.works)
        self.keyring_status = status
        self.keyringStatusChanged.emit(status)

    # --- profiles --------------------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.store is not None

    def profiles(self) -> list[ProfileInfo]:
        return self.manager.list()

    def last_profile(self) -> str | None:
        names = [info.name for info in self.profiles()]
        remembered = self._settings().value("profile/last")
        if isinstance(remembered, str) and remembered in names:
            return remembered
        return names[0] if names else None

    def _settings(self) -> Any:
        from PySide6.QtCore import QSettings

        return QSettings(str(self.paths.config / "window.ini"), QSettings.Format.IniFormat)

    def open_profile(self, name: str, how: Unlock, done: Callable[[BaseException | None], None]) -> None:
        """Unlock `name` in the background; `done(None)` once it is open, else `done(error)`."""
        self.close_profile()
        manager = self.manager

        def opened(store: ProfileStore) -> None:
            self._opened(store)
            done(None)

        self.tasks.submit(lambda: manager.open(name, how), opened, done, name="profile-open")

    def create_profile(
        self,
        name: str,
        passphrase: Secret | None,
        use_keyring: bool,
        done: Callable[[Secret | BaseException], None],
    ) -> None:
        """Create and open a profile in the background; `done(recovery_code)` or `done(error)`."""
        self.close_profile()
        manager, keystore = self.manager, (self.keystore if use_keyring else None)

        def create() -> tuple[ProfileStore, Secret]:
            return manager.create(name, passphrase=passphrase, keystore=keystore, kdf=self.kdf_params())

        def created(result: tuple[ProfileStore, Secret]) -> None:
            self._opened(result[0])
            done(result[1])

        self.tasks.submit(create, created, done, name="profile-create")

    def import_profile(
        self,
        path: Path,
        export_passphrase: Secret,
        name: str,
        passphrase: Secret | None,
        use_keyring: bool,
        done: Callable[[Secret | BaseException], None],
    ) -> None:
        """Make a new profile from an export file and open it; `done(recovery_code)` or `done(error)`."""
        manager, keystore = self.manager, (self.keystore if use_keyring else None)

        def work() -> tuple[ProfileStore, Secret]:
            blob = path.read_bytes()
            return manager.import_bytes(
                name, blob, export_passphrase, passphrase=passphrase, keystore=keystore, kdf=self.kdf_params()
            )

        def imported(result: tuple[ProfileStore, Secret]) -> None:
            self.close_profile()
            self._opened(result[0])
            done(result[1])

        self.tasks.submit(work, imported, done, name="profile-import")

    def _opened(self, store: ProfileStore) -> None:
        self.store, self.data, self._dirty = store, store.data, False
        self._settings().setValue("profile/last", store.folder.name)
        self._set_save_state("saved")
        log.info("profile opened (read-only: %s)", store.read_only)
        self.profileOpened.emit(store.folder.name)
        self.dataChanged.emit()

    def close_profile(self) -> None:
        """Save what is unsaved, then forget the key and the data (Lock now, switching, quitting)."""
        if self.store is None:
            return
        self._autosave.stop()
        if self._dirty and not self.store.read_only:
            try:
                self.store.save(self.data)
                self._dirty = False
            except Exception:  # a failed final save must not keep the profile open; the file is unchanged
                log.exception("the last save before closing failed")
        self.store.close()
        self.store, self.data = None, None
        with self._offline_lock:
            self._close_offline()
        self.profileClosed.emit()

    # --- changes and saving ----------------------------------------------------------------------------------
    def update(self, **changes: Any) -> None:
        """Change the profile's data; it is saved about a second later."""
        if self.data is None:
            raise RuntimeError("no profile is open")
        self.data = self.data.with_changes(**changes)
        if self.store is not None and self.store.read_only:
            # never written: the file belongs to a newer privacyapp
            self._set_save_state("Saved by a newer privacyapp: changes here cannot be saved.")
            self.dataChanged.emit()
            return
        self._dirty = True
        self._set_save_state("unsaved")
        self.dataChanged.emit()
        self._autosave.start()

    def save_now(self) -> None:
        if self.store is None or not self._dirty:
            return
        if self._saving:
            self._autosave.start()  # a save is running; save again once it is done
            return
        store, data = self.store, self.data
        self._saving = True
        self._set_save_state("saving")
        self.tasks.submit(
            lambda: store.save(data), lambda _: self._saved(store, data), self._save_failed, name="profile-save"
        )

    def _saved(self, store: ProfileStore, data: ProfileData | None) -> None:
        self._saving = False
        if store is self.store and data is self.data:
            self._dirty = False
            self._set_save_state("saved")
        elif store is self.store:
            self._autosave.start()  # changed while saving

    def _save_failed(self, error: BaseException) -> None:
        from privacyapp.core.errors import PrivacyAppError, ProfileConflictError

        self._saving = False
        if isinstance(error, ProfileConflictError):
            self._set_save_state(error.message)
            self.conflictFound.emit(error.one_line())
            return
        message = error.one_line() if isinstance(error, PrivacyAppError) else "Your changes could not be saved."
        log.warning("save failed: %s", type(error).__name__)
        self._set_save_state(message)
        self._autosave.start(RETRY_MS)  # the change stays in memory and is tried again

    def keep_mine(self) -> None:
        """After a conflict: overwrite the other version with ours."""
        if self.store is not None and self.data is not None:
            self.store.save(self.data, force=True)
            self._dirty = False
            self._set_save_state("saved")

    def take_theirs(self) -> None:
        """After a conflict: load the other version, dropping ours (it is kept in the conflict file)."""
        if self.store is not None:
            self.store.reload()
            self.data, self._dirty = self.store.data, False
            self._set_save_state("saved")
            self.dataChanged.emit()

    def _set_save_state(self, state: str) -> None:
        self.save_state = state
        self.saveStateChanged.emit(state)

    # --- the checklist ---------------------------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """The shipped checklists, loaded the first time they are needed."""
        if self._catalog is None:
            from privacyapp.core.checklist.loader import load_catalog, shipped_files

            self._catalog = load_catalog(shipped_files())
        return self._catalog

    @property
    def progress(self) -> dict[str, Any]:
        from privacyapp.core.progress import follow_renames

        return follow_renames(self.data.progress, self.catalog) if self.data is not None else {}

    @property
    def plan_settings(self) -> dict[str, Any]:
        plan = self.data.settings.get("plan") if self.data is not None else None
        return dict(plan) if isinstance(plan, dict) else {}

    def plan(self) -> list[Item]:
        """The items for this person, from their answers (everything until they answer)."""
        from privacyapp.core.progress import plan_items

        plan = self.plan_settings
        platforms = plan.get("platforms")
        return plan_items(self.catalog, plan.get("who"), platforms if isinstance(platforms, list) else None)

    def set_plan(self, who: str, platforms: list[str]) -> None:
        if self.data is None:
            return
        plan = {**self.plan_settings, "who": who, "platforms": sorted(platforms)}
        self.update(settings={**self.data.settings, "plan": plan})
        self.planChanged.emit()

    def set_item_status(self, item_id: str, status: str, *, note: str | None = None, until: date | None = None) -> None:
        from privacyapp.core.progress import set_status

        progress = set_status(self.progress, item_id, status, now=datetime.now(UTC), until=until, note=note)
        self.update(progress=progress)
        self.itemStateChanged.emit(item_id)

    def set_current_item(self, item_id: str) -> None:
        """Where the walkthrough is, so that it resumes there next time."""
        if self.data is not None and self.data.settings.get("checklist_current") != item_id:
            self.update(settings={**self.data.settings, "checklist_current": item_id})

    @property
    def current_item(self) -> str | None:
        value = self.data.settings.get("checklist_current") if self.data is not None else None
        return value if isinstance(value, str) else None

    # --- password checks ----------------------------------------------------------------------------------
    @property
    def online_checks(self) -> str:
        """'ask' (the first check explains and asks), 'allowed' or 'forbidden'."""
        value = self.data.settings.get("online_checks") if self.data is not None else None
        return value if value in ("ask", "allowed", "forbidden") else "ask"

    def set_online_checks(self, value: str) -> None:
        if self.data is not None:
            self.update(settings={**self.data.settings, "online_checks": value})

    @property
    def offline_source_path(self) -> str:
        value = self.data.settings.get("offline_hash_file") if self.data is not None else None
        return value if isinstance(value, str) else ""

    def set_offline_source(self, path: str) -> None:
        if self.data is not None:
            self.update(settings={**self.data.settings, "offline_hash_file": path})

    @property
    def pwned_passwords_url(self) -> str:
        """An organisation's own mirror when set (here or in PRIVACYAPP_PWNED_PASSWORDS_URL), else the public API."""
        from privacyapp.core.network import pwned_passwords_url

        value = self.data.settings.get("pwned_passwords_url") if self.data is not None else None
        return value.rstrip("/") if isinstance(value, str) and value else pwned_passwords_url()

    def set_pwned_passwords_url(self, url: str) -> None:
        if self.data is not None:
            self.update(settings={**self.data.settings, "pwned_passwords_url": url.strip()})

    def offline_source(self, path: str) -> Any:
        """The offline hash file or folder at `path`, opened once and closed with the profile. Call it off the
        GUI thread: opening reads samples of the file."""
        from privacyapp.core.breach import open_offline

        with self._offline_lock:
            if self._offline is None or str(self._offline.path) != path:
                self._close_offline()
                self._offline = open_offline(path)
            return self._offline

    def _close_offline(self) -> None:
        close = getattr(self._offline, "close", None)
        if close is not None:
            close()
        self._offline = None

    @property
    def strength_worker(self) -> StrengthWorker:
        """The child process that rates passwords (started when first needed; see core/strength_worker.py)."""
        if self._strength_worker is None:
            from privacyapp.core.strength_worker import StrengthWorker

            self._strength_worker = StrengthWorker()
            self.tasks.submit(self._strength_worker.warm_up, lambda _: None, lambda _: None, name="rater-start")
        return self._strength_worker

    def shutdown(self) -> None:
        """On quit: save and close the profile, stop the rating process."""
        self.close_profile()
        if self._strength_worker is not None:
            self._strength_worker.close()

    def range_client(self) -> RangeClient | None:
        """The client for online checks when they are allowed (one per session and address), else None."""
        if self.online_checks != "allowed":
            return None
        from privacyapp.core.breach import RangeClient

        if self._range_client is None or self._range_client.base_url != self.pwned_passwords_url:
            self._range_client = RangeClient(self.pwned_passwords_url, on_request=self.network_log.append)
        return self._range_client

    def check_password(self, password: Secret, done: Callable[[Any], None]) -> None:
        """Breach check in the background: the offline file if set, else online if allowed, else not checked."""
        from privacyapp.core.breach import BreachCheckError, BreachResult, check

        offline_path, client = self.offline_source_path, self.range_client()

        def work() -> BreachResult:
            if offline_path:
                try:
                    return check(password, offline=self.offline_source(offline_path))
                except BreachCheckError as exc:
                    return BreachResult(None, "no", exc.one_line())
            return check(password, online=client)

        self.tasks.submit(work, done, done, name="breach-check")

    @property
    def auto_lock_minutes(self) -> int:
        value = self.data.settings.get("auto_lock_minutes") if self.data is not None else None
        return value if isinstance(value, int) and value >= 0 else DEFAULT_AUTO_LOCK_MINUTES

    # --- work on the open profile's keys and files, off the GUI thread ----------------------------------------
    def run_on_store(self, name: str, work: Callable[[ProfileStore], Any], done: Callable[[Any], None]) -> None:
        """`work(store)` in the background; then `done(result)` or `done(error)` on the GUI thread, and
        slotsChanged so that views showing slots or backups refresh."""
        store = self.store
        if store is None:
            done(RuntimeError("no profile is open"))
            return

        def finished(result: Any) -> None:
            if store is self.store:
                self.data = store.data
                self.slotsChanged.emit()
                self.dataChanged.emit()
            done(result)

        self.tasks.submit(lambda: work(store), finished, finished, name=name)
