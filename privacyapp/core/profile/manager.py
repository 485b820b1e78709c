"""The profiles folder: one folder per person (a parent, each teen), named after the profile."""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from privacyapp.core.errors import (
    KeyringError,
    NotAProfileError,
    PrivacyAppError,
    ProfileExistsError,
    ProfileNotFoundError,
    UsageError,
)
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import vault
from privacyapp.core.profile.backups import list_backups
from privacyapp.core.profile.crypto import KdfParams
from privacyapp.core.profile.keystore import KeyStore
from privacyapp.core.profile.lock import ProfileLock
from privacyapp.core.profile.store import BACKUP_FOLDER, PROFILE_FILE, ProfileStore, refuse_broken_link
from privacyapp.core.redact import Secret
from privacyapp.i18n import _

log = logging.getLogger(__name__)

DEFAULT_PROFILE = "default"
_NAME = re.compile(r"^[\w][\w .'-]{0,39}$")


def check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not _NAME.match(cleaned) or cleaned in (".", "..") or cleaned.endswith((".", " ")):
        raise UsageError(
            f"'{name}' cannot be a profile name: use 1 to 40 letters, digits, spaces, dots, dashes or apostrophes."
        )
    return cleaned


def _name_taken(existing: str, wanted: str) -> str:
    if existing == wanted:
        return _("There is already a profile called '{name}'.").format(name=existing)
    # Translators: {existing} and {wanted} differ only in capital letters, such as "dana" and "Dana"
    return _(
        "There is already a profile called '{existing}': '{wanted}' differs from it only in capital letters, "
        "which is too easy to mix up. Choose another name."
    ).format(existing=existing, wanted=wanted)


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    folder: Path
    saved: datetime | None  # when the file was last written
    slots: frozenset[str]  # "keyring", "passphrase", "recovery"; empty when the header cannot be read
    problem: str = ""  # why it cannot be read, if it cannot


def _backup_slots(folder: Path) -> frozenset[str]:
    """How the newest readable backup opens: for a profile whose own header cannot be read, so that the keyring
    is still offered to find the backup to restore."""
    for backup in list_backups(folder / BACKUP_FOLDER):
        try:
            return frozenset(s.kind for s in fmt.decode(fmt.read_file(backup.path)).header.slots)
        except (PrivacyAppError, OSError):
            continue
    return frozenset()


def _mtime(file: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(file.stat().st_mtime, UTC)
    except OSError:
        return None  # a broken link


class ProfileManager:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, name: str) -> Path:
        return self.root / check_name(name)

    def check_new_name(self, name: str, *, renaming: str | None = None) -> str:
        """`name` cleaned, when no other profile has it, whatever its capitals ("dana" and "Dana" are too easy to
        mix up, and one folder on a case-insensitive disk). `renaming` is the profile being renamed: it may change
        its own capitals."""
        cleaned = check_name(name)
        own = check_name(renaming).casefold() if renaming is not None else None
        for existing in self._names():
            if existing.casefold() == cleaned.casefold() and existing.casefold() != own:
                raise ProfileExistsError(_name_taken(existing, cleaned))
        return cleaned

    def _names(self) -> list[str]:
        """The names of the folders that hold a profile (or what is left of one)."""
        if not self.root.is_dir():
            return []
        return [folder.name for folder in self.root.iterdir() if os.path.lexists(folder / PROFILE_FILE)]

    def exists(self, name: str) -> bool:
        return (self.folder(name) / PROFILE_FILE).exists()

    def require(self, name: str) -> Path:
        """The folder of the profile `name`. A profile file that is a broken link is damage (exit 4, restore
        offered), not a missing profile."""
        folder = self.folder(name)
        refuse_broken_link(folder / PROFILE_FILE)
        if not (folder / PROFILE_FILE).exists():
            raise ProfileNotFoundError(
                f"There is no profile called '{folder.name}'.", hint="`privacyapp-cli profile list` shows them."
            )
        return folder

    def list(self) -> list[ProfileInfo]:
        if not self.root.is_dir():
            return []
        found = []
        for folder in sorted(self.root.iterdir(), key=lambda p: p.name.casefold()):
            file = folder / PROFILE_FILE
            if not os.path.lexists(file):  # anything there is listed: a FIFO or a folder as damage, to restore
                continue
            try:
                refuse_broken_link(file)  # listed, to be restored, rather than hidden
                saved = datetime.fromtimestamp(file.stat().st_mtime, UTC)
                header = fmt.decode(fmt.read_file(file)).header
                found.append(ProfileInfo(folder.name, folder, saved, frozenset(s.kind for s in header.slots)))
            except NotAProfileError:
                problem = fmt.overwritten().message
                found.append(ProfileInfo(folder.name, folder, _mtime(file), _backup_slots(folder), problem))
            except (PrivacyAppError, OSError) as exc:
                problem = exc.message if isinstance(exc, PrivacyAppError) else str(exc)
                found.append(ProfileInfo(folder.name, folder, _mtime(file), _backup_slots(folder), problem))
        return found

    def create(
        self, name: str, *, passphrase: Secret | None, keystore: KeyStore | None, kdf: KdfParams
    ) -> tuple[ProfileStore, Secret]:
        folder = self.folder(name)
        if (folder / PROFILE_FILE).exists():
            raise ProfileExistsError(f"There is already a profile called '{folder.name}'.")
        self.check_new_name(name)
        log.debug("creating a profile")
        return ProfileStore.create(folder, folder.name, passphrase=passphrase, keystore=keystore, kdf=kdf)

    def open(self, name: str, how: vault.Unlock) -> ProfileStore:
        folder = self.require(name)
        log.debug("opening a profile with %s", type(how).__name__)
        store = ProfileStore.open(folder, how)
        log.debug("profile opened (read-only: %s, %d backups)", store.read_only, len(store.backups()))
        return store

    def rename(self, old: str, new: str) -> Path:
        source, target = self.folder(old), self.folder(new)
        if not (source / PROFILE_FILE).exists():
            raise ProfileNotFoundError(f"There is no profile called '{source.name}'.")
        if target.exists() and target.resolve() != source.resolve():
            raise ProfileExistsError(f"There is already a profile called '{target.name}'.")
        self.check_new_name(new, renaming=old)
        lock = ProfileLock(source)
        lock.acquire()  # not while it is open anywhere
        try:
            source.rename(target)
        finally:
            lock.release()
        return target

    def delete(self, name: str, keystore: KeyStore | None) -> str:
        """Delete the profile, its backups and its keyring entry. Returns a note for the user, or ""."""
        folder = self.folder(name)
        file = folder / PROFILE_FILE
        if not file.exists():
            raise ProfileNotFoundError(f"There is no profile called '{folder.name}'.")
        lock = ProfileLock(folder)
        lock.acquire()
        note = ""
        try:
            try:
                header = fmt.decode(fmt.read_file(file)).header
            except (PrivacyAppError, OSError):
                header = None
            if header is not None and header.slots_of("keyring") and keystore is not None:
                try:
                    keystore.delete(header.profile_id)
                except KeyringError as exc:
                    note = f"Its keyring entry could not be removed: {exc.message}"
        finally:
            lock.release()
        shutil.rmtree(folder)
        log.info("profile deleted")
        return note

    def import_bytes(
        self,
        name: str,
        blob: bytes,
        export_passphrase: Secret,
        *,
        passphrase: Secret | None,
        keystore: KeyStore | None,
        kdf: KdfParams,
    ) -> tuple[ProfileStore, Secret]:
        """A new profile holding the data of an export file. Nothing is created unless the file opens."""
        self.check_new_name(name)  # before the slow opening of the export
        opened = vault.open_bytes(blob, vault.WithPassphrase(export_passphrase))
        store, code = self.create(name, passphrase=passphrase, keystore=keystore, kdf=kdf)
        data = opened.decoded.data.with_changes(name=store.data.name)
        try:
            store.save(data)
        except BaseException:
            store.close()
            raise
        return store, code
