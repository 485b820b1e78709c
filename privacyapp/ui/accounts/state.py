"""The accounts of the open profile, for the GUI: read from and saved through the session, with a signal when
they change, and the known-breach list (downloaded only when the person asks)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import Account

if TYPE_CHECKING:
    from privacyapp.core.accounts.breaches import BreachList, Flag
    from privacyapp.core.services import ServiceCatalogue
    from privacyapp.ui.session import Session

log = logging.getLogger(__name__)


class AccountsState(QObject):
    changed = Signal()  # the accounts changed (or another profile was opened)
    breachesChanged = Signal()  # the breach list, or the last attempt to download it, changed

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._raw: Any = None
        self._accounts: register.Accounts = ()
        self._breaches: BreachList | None = None
        self._breaches_loaded = False
        self.breach_error = ""  # why the last download failed ("" when it did not)
        self._flags: list[Flag] = []
        self._flags_for: tuple[object, object] | None = None
        self.downloading = False
        session.dataChanged.connect(self._data_changed)
        session.profileClosed.connect(self._data_changed)

    @property
    def session(self) -> Session:
        """The session that owns this, as its Qt parent. Not kept in an attribute: session -> accounts -> session
        would be a reference cycle, and Python's garbage collector may then delete the session's QObjects from
        whichever thread it runs on (a worker's), which crashes Qt."""
        return self.parent()  # type: ignore[return-value]

    # --- the accounts ----------------------------------------------------------------------------------------
    @property
    def catalogue(self) -> ServiceCatalogue:
        from privacyapp.core.services import shipped

        return shipped()

    @property
    def all(self) -> register.Accounts:
        raw = self.session.data.accounts if self.session.data is not None else ()
        if raw is not self._raw:
            self._raw, self._accounts = raw, register.load(raw)
        return self._accounts

    def get(self, ident: str) -> Account | None:
        return next((a for a in self.all if a.id == ident), None)

    def _data_changed(self) -> None:
        raw = self.session.data.accounts if self.session.data is not None else ()
        if raw is not self._raw:
            self.changed.emit()

    def _store(self, accounts: register.Accounts) -> None:
        self.session.update(accounts=register.dump(accounts))

    def add(self, service: str, **fields: Any) -> Account:
        accounts, account = register.add(self.all, service, self.catalogue, date.today(), **fields)
        self._store(accounts)
        return account

    def update(self, ident: str, **fields: Any) -> None:
        self._store(register.update(self.all, ident, **fields)[0])

    def link(self, source: str, target: str, kind: str) -> None:
        self._store(register.link(self.all, source, target, kind))

    def unlink(self, first: str, second: str, kind: str | None = None) -> None:
        self._store(register.unlink(self.all, first, second, kind))

    def remove(self, ident: str) -> None:
        self._store(register.remove(self.all, ident))

    def replace_all(self, accounts: register.Accounts) -> None:
        self._store(accounts)

    def label(self, account: Account) -> str:
        return register.label(account, self.catalogue)

    def summary(self) -> register.Summary:
        return register.summary(self.all, self.catalogue, date.today())

    # --- known breaches --------------------------------------------------------------------------------------
    @property
    def breaches(self) -> BreachList | None:
        """The downloaded copy, read from the cache folder the first time it is needed."""
        if not self._breaches_loaded:
            from privacyapp.core.accounts import breaches

            self._breaches = breaches.load(breaches.cache_path(self.session.paths.cache))
            self._breaches_loaded = True
        return self._breaches

    def flags(self) -> list[Flag]:
        """The accounts in known breaches; worked out again only when the accounts or the list change (the list
        page, its detail and Home all ask after every change)."""
        from privacyapp.core.accounts.breaches import match

        accounts, breaches = self.all, self.breaches
        if self._flags_for != (accounts, breaches):
            self._flags = match(accounts, breaches, self.catalogue) if breaches is not None else []
            self._flags_for = (accounts, breaches)
        return self._flags

    def flagged_ids(self) -> set[str]:
        return {flag.account.id for flag in self.flags()}

    def download_breaches(self, done: Callable[[], None] | None = None) -> None:
        """Download the breach list in the background (the person asked); breachesChanged when it is done."""
        from privacyapp.core.accounts import breaches
        from privacyapp.core.network import hibp_api_url

        if self.downloading:
            return
        path = breaches.cache_path(self.session.paths.cache)
        on_request = self.session.network_log.append

        def work() -> BreachList:
            fresh = breaches.fetch(hibp_api_url(), on_request=on_request)
            breaches.save(path, fresh)
            return fresh

        def finished(result: Any) -> None:
            from privacyapp.core.errors import PrivacyAppError

            self.downloading = False
            if isinstance(result, BaseException):
                log.warning("breach list download failed: %s", type(result).__name__)
                if isinstance(result, PrivacyAppError):
                    self.breach_error = result.one_line()
                elif isinstance(result, OSError):
                    self.breach_error = f"The breach list could not be kept: {result.strerror or result}."
                else:
                    self.breach_error = "The breach list could not be downloaded."
            else:
                self._breaches, self._breaches_loaded, self.breach_error = result, True, ""
            self.breachesChanged.emit()
            if done is not None:
                done()

        self.downloading = True
        self.breach_error = ""
        self.breachesChanged.emit()
        self.session.tasks.submit(work, finished, finished, name="breach-list")
