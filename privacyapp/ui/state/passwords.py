"""Password checks for the open profile: whether online checks are allowed, the offline hash file, the mirror's
address, the breach check itself and the child process that rates strength. Nothing typed is kept here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from privacyapp.ui.state.document import DocumentAccess
from privacyapp.ui.state.network import NetworkLog
from privacyapp.ui.tasks import Outcome, Tasks

if TYPE_CHECKING:
    from privacyapp.core.audit import Audited, Login
    from privacyapp.core.breach import BreachResult, RangeClient
    from privacyapp.core.passwords import Strength
    from privacyapp.core.redact import Secret
    from privacyapp.core.settings import OnlineChecks
    from privacyapp.core.strength_worker import StrengthWorker


class PasswordsState(QObject):
    settingsChanged = Signal()  # online checks, the offline file or the address changed (or another profile)
    forgetRequested = Signal()  # locked or switched: every page clears what was typed and every result

    def __init__(
        self, profile: DocumentAccess, tasks: Tasks, network: NetworkLog, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._profile = profile
        self.tasks = tasks
        self.network = network
        self._range_client: RangeClient | None = None
        self._offline: Any = None  # the open offline hash file or folder
        self._offline_lock = threading.Lock()
        self._strength_worker: StrengthWorker | None = None

    # --- settings ------------------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._profile.document is not None

    @property
    def online_checks(self) -> OnlineChecks:
        from privacyapp.core.settings import OnlineChecks

        document = self._profile.document
        return document.settings.online_checks if document is not None else OnlineChecks.ASK

    def set_online_checks(self, value: OnlineChecks | str) -> None:
        from privacyapp.core.settings import OnlineChecks

        self._set(online_checks=OnlineChecks(value))

    @property
    def offline_source_path(self) -> str:
        document = self._profile.document
        return document.settings.offline_hash_file if document is not None else ""

    def set_offline_source(self, path: str) -> None:
        self._set(offline_hash_file=path)

    @property
    def pwned_passwords_url(self) -> str:
        """An organisation's own mirror when set (here or in PRIVACYAPP_PWNED_PASSWORDS_URL), else the public API."""
        from privacyapp.core.network import pwned_passwords_url

        document = self._profile.document
        value = document.settings.pwned_passwords_url if document is not None else ""
        return value.rstrip("/") if value else pwned_passwords_url()

    def set_pwned_passwords_url(self, url: str) -> None:
        self._set(pwned_passwords_url=url.strip())

    def _set(self, **changes: Any) -> None:
        if self._profile.document is not None:
            self._profile.change(lambda d: d.with_settings(**changes))
            self.settingsChanged.emit()

    def user_inputs(self) -> list[str]:
        """The open profile's own words (its name, account handles): a password made of them is weak."""
        document = self._profile.document
        if document is None:
            return []
        return [document.name, *(a.handle for a in document.accounts if a.handle)]

    # --- checking ------------------------------------------------------------------------------------------
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

    def range_client(self) -> RangeClient | None:
        """The client for online checks when they are allowed (one per session and address), else None."""
        if self.online_checks != "allowed":
            return None
        from privacyapp.core.breach import RangeClient

        if self._range_client is None or self._range_client.base_url != self.pwned_passwords_url:
            self._range_client = RangeClient(self.pwned_passwords_url, on_request=self.network.record)
        return self._range_client

    def check_password(self, password: Secret, context: QObject, done: Callable[[Outcome[BreachResult]], None]) -> None:
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

        self.tasks.run(context, work, done, name="breach-check")

    def audit(
        self,
        logins: list[Login],
        cancel: threading.Event,
        progress: Callable[[int, int], None],
        context: QObject,
        done: Callable[[Outcome[list[Audited]]], None],
    ) -> None:
        """Rate and check many passwords in the background: strength and reuse always, breaches as the settings
        allow (the offline file, else online when allowed). `progress(done, total)` is called from the worker."""
        from privacyapp.core.audit import audit

        client, offline_path = self.range_client(), self.offline_source_path

        def work() -> list[Audited]:
            source = self.offline_source(offline_path) if offline_path else client
            return audit(logins, source, cancel=cancel, progress=progress)

        self.tasks.run(context, work, done, name="audit")

    def read_export(self, path: Path, context: QObject, done: Callable[[Outcome[list[Login]]], None]) -> None:
        """A password manager's export read and parsed in the background (up to its size cap: megabytes)."""
        from privacyapp.core.audit import parse_csv, read_export

        self.tasks.run(context, lambda: parse_csv(read_export(path))[1], done, name="read-export")

    def rate(self, secret: Secret, context: QObject, done: Callable[[Outcome[Strength]], None]) -> None:
        """Rate one password in the background (zxcvbn's first use builds its word lists: ~65 ms)."""
        from privacyapp.core.passwords import estimate

        self.tasks.run(context, lambda: estimate(secret), done, name="rating")

    @property
    def strength_worker(self) -> StrengthWorker:
        """The child process that rates passwords (started when first needed; see core/strength_worker.py)."""
        if self._strength_worker is None:
            from privacyapp.core.strength_worker import StrengthWorker

            self._strength_worker = StrengthWorker()
            self.tasks.run(self, self._strength_worker.warm_up, lambda _outcome: None, name="rater-start")
        return self._strength_worker

    # --- life ----------------------------------------------------------------------------------------------
    def document_replaced(self) -> None:
        self.settingsChanged.emit()

    def forget(self) -> None:
        """Lock or switch: close the offline file, drop the client, and tell the pages to clear."""
        with self._offline_lock:
            self._close_offline()
        self._range_client = None
        self.forgetRequested.emit()

    def shutdown(self) -> None:
        self.forget()
        if self._strength_worker is not None:
            self._strength_worker.close()
