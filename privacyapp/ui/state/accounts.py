"""The accounts of the open profile, for the GUI: typed records from the document, changes through the session,
and the known-breach list (read from its cache in the background; downloaded only when the person asks)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from privacyapp.i18n import _
from privacyapp.ui.state.document import DocumentAccess
from privacyapp.ui.state.network import NetworkLog
from privacyapp.ui.tasks import Ok, Outcome, Tasks

if TYPE_CHECKING:
    from privacyapp.core.accounts import register
    from privacyapp.core.accounts.breaches import BreachList, Flag
    from privacyapp.core.accounts.layout import Point
    from privacyapp.core.accounts.model import Account
    from privacyapp.core.services import ServiceCatalogue

log = logging.getLogger(__name__)


class AccountsState(QObject):
    changed = Signal()  # the accounts changed (or another profile was opened)
    closing = Signal()  # the profile is about to close: hand in what is still being typed
    breachesChanged = Signal()  # the breach list, or the last attempt to download it, changed

    def __init__(
        self,
        profile: DocumentAccess,
        tasks: Tasks,
        network: NetworkLog,
        cache_folder: Path,
        catalogue: Callable[[], ServiceCatalogue],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._profile = profile
        self._tasks = tasks
        self._network = network
        self._cache_folder = cache_folder
        self._catalogue = catalogue
        self._seen: register.Accounts = ()
        self._breaches: BreachList | None = None
        self._breaches_state = "unread"  # "unread", "reading", "read"
        self.breach_error = ""  # why the last download failed ("" when it did not)
        self._flags: list[Flag] = []
        self._flags_for: tuple[object, object] | None = None
        self.downloading = False

    # --- the accounts ----------------------------------------------------------------------------------------
    @property
    def catalogue(self) -> ServiceCatalogue:
        return self._catalogue()

    @property
    def all(self) -> register.Accounts:
        document = self._profile.document
        return document.accounts if document is not None else ()

    def get(self, ident: str) -> Account | None:
        return next((a for a in self.all if a.id == ident), None)

    def document_changed(self) -> None:
        if self.all is not self._seen:
            self._seen = self.all
            self.changed.emit()

    def _store(self, accounts: register.Accounts) -> None:
        self._profile.change(lambda d: d.with_changes(accounts=accounts))

    def add(self, service: str, **fields: Any) -> Account:
        from privacyapp.core.accounts import register

        accounts, account = register.add(self.all, service, self.catalogue, date.today(), **fields)
        self._store(accounts)
        return account

    def update(self, ident: str, **fields: Any) -> None:
        from privacyapp.core.accounts import register

        self._store(register.update(self.all, ident, **fields)[0])

    def link(self, source: str, target: str, kind: str) -> None:
        from privacyapp.core.accounts import register

        self._store(register.link(self.all, source, target, kind))

    def unlink(self, first: str, second: str, kind: str | None = None) -> None:
        from privacyapp.core.accounts import register

        self._store(register.unlink(self.all, first, second, kind))

    def remove(self, ident: str) -> None:
        from privacyapp.core.accounts import register

        self._store(register.remove(self.all, ident))

    def replace_all(self, accounts: register.Accounts) -> None:
        self._store(accounts)

    def label(self, account: Account) -> str:
        from privacyapp.core.accounts import register
        from privacyapp.core.text import visible

        return visible(register.label(account, self.catalogue))  # a handle from an imported file may hold controls

    def summary(self) -> register.Summary:
        from privacyapp.core.accounts import register

        return register.summary(self.all, self.catalogue, date.today())

    def lay_out(
        self,
        ids: tuple[str, ...],
        links: tuple[tuple[str, str], ...],
        spacing: float,
        context: QObject,
        done: Callable[[Outcome[dict[str, Point]]], None],
    ) -> None:
        """Places for the map's accounts, worked out in the background (0.4 s for 100 accounts)."""
        from privacyapp.core.accounts.layout import map_layout

        self._tasks.run(context, lambda: map_layout(ids, links, spacing=spacing), done, name="map-layout")

    # --- known breaches --------------------------------------------------------------------------------------
    @property
    def breaches(self) -> BreachList | None:
        """The downloaded copy; None until it was read from the cache folder (started by the first ask)."""
        if self._breaches_state == "unread":
            self._read_cached()
        return self._breaches

    def _read_cached(self) -> None:
        from privacyapp.core.accounts import breaches

        self._breaches_state = "reading"
        path = breaches.cache_path(self._cache_folder)

        def read(outcome: Outcome[BreachList | None]) -> None:
            self._breaches_state = "read"
            if isinstance(outcome, Ok) and self._breaches is None:
                self._breaches = outcome.value
                if outcome.value is not None:
                    self.breachesChanged.emit()

        self._tasks.run(self, lambda: breaches.load(path), read, name="breach-list-read")

    def flags(self) -> list[Flag]:
        """The accounts in known breaches; worked out again only when the accounts or the list change (the list
        page, its detail and Home all ask after every change)."""
        from privacyapp.core.accounts.breaches import match

        accounts, found = self.all, self.breaches
        if self._flags_for != (accounts, found):
            self._flags = match(accounts, found, self.catalogue) if found is not None else []
            self._flags_for = (accounts, found)
        return self._flags

    def flagged_ids(self) -> set[str]:
        return {flag.account.id for flag in self.flags()}

    def download_breaches(self, done: Callable[[], None] | None = None) -> None:
        """Download the breach list in the background (the person asked); breachesChanged when it is done."""
        from privacyapp.core.accounts import breaches
        from privacyapp.core.network import hibp_api_url

        if self.downloading:
            return
        path = breaches.cache_path(self._cache_folder)
        record = self._network.record

        def work() -> BreachList:
            fresh = breaches.fetch(hibp_api_url(), on_request=record)
            breaches.save(path, fresh)
            return fresh

        def finished(outcome: Outcome[BreachList]) -> None:
            from privacyapp.core.errors import PrivacyAppError

            self.downloading = False
            if isinstance(outcome, Ok):
                self._breaches, self._breaches_state, self.breach_error = outcome.value, "read", ""
            else:
                error = outcome.error
                log.warning("breach list download failed: %s", type(error).__name__)
                if isinstance(error, PrivacyAppError):
                    self.breach_error = error.one_line()
                elif isinstance(error, OSError):
                    self.breach_error = _("The breach list could not be kept: {reason}.").format(
                        reason=error.strerror or error
                    )
                else:
                    self.breach_error = _("The breach list could not be downloaded.")
            self.breachesChanged.emit()
            if done is not None:
                done()

        self.downloading = True
        self.breach_error = ""
        self.breachesChanged.emit()
        self._tasks.run(self, work, finished, name="breach-list")

    def forget(self) -> None:
        """Lock or switch: nothing of the last person's accounts is kept (the breach list is public data)."""
        self._seen = ()
        self._flags, self._flags_for = [], None
        self.changed.emit()
