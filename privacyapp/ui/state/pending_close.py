"""A closed profile whose last changes could not be written (a full disk): the person chooses to try again, seal a
copy elsewhere, or discard; when nobody can answer, the changes are sealed into the recovery folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from privacyapp.i18n import _
from privacyapp.ui.tasks import Ok, Outcome

if TYPE_CHECKING:
    from privacyapp.core.profile.document import ProfileDocument
    from privacyapp.core.profile.payload import ProfileData
    from privacyapp.core.profile.store import ProfileStore
    from privacyapp.ui.state.writer import Writer


class PendingClose:
    """A closed profile whose last changes could not be written: try again, seal a copy elsewhere, or discard."""

    def __init__(
        self, writer: Writer, data_folder: Path, store: ProfileStore, document: ProfileDocument, error: Exception
    ) -> None:
        self._writer = writer
        self._data_folder = data_folder
        self._store: ProfileStore | None = store
        self._document = document
        self.error = error

    @property
    def message(self) -> str:
        from privacyapp.core.errors import PrivacyAppError

        if isinstance(self.error, PrivacyAppError):
            return self.error.one_line()
        return _("Your last changes could not be saved.")

    def retry(self, done: Callable[[bool], None]) -> None:
        store = self._store
        if store is None:
            return
        document = self._document
        self._writer.enqueue("profile-save-retry", lambda: store.save(document.to_data()), self._finish(done))

    def save_copy(self, target: Path, done: Callable[[bool], None]) -> None:
        """Write the sealed profile, with the last changes, to `target` (opens with the same passphrase)."""
        store = self._store
        if store is None:
            return
        document = self._document
        self._writer.enqueue(
            "profile-save-copy", lambda: _write_copy(store, document.to_data(), target), self._finish(done)
        )

    def save_to_recovery(self) -> Path | None:
        """When nobody can answer (SIGTERM, logout): seal the changes into the recovery folder, blocking."""
        store = self._store
        if store is None:
            return None
        from privacyapp.core.profile import recovery

        self._store = None
        try:
            return recovery.keep(self._data_folder, store, self._document.to_data())
        finally:
            store.close()

    def discard(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            self._writer.enqueue("profile-close", store.close, lambda _outcome: None)

    def _finish(self, done: Callable[[bool], None]) -> Callable[[Outcome[Any]], None]:
        def finished(outcome: Outcome[Any]) -> None:
            if isinstance(outcome, Ok):
                self.discard()  # written: nothing is lost, close it
                done(True)
            else:
                self.error = outcome.error
                done(False)

        return finished


def _write_copy(store: ProfileStore, data: ProfileData, target: Path) -> None:
    from privacyapp.core.profile.disk import Disk

    target.unlink(missing_ok=True)  # the file dialog already asked whether to replace it
    Disk().write_new(target, store.sealed(data))
