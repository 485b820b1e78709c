"""One open profile on disk: loading, saving that never loses data, backups, conflicts and the lock.

A save: seal with a fresh nonce, open the result again in memory and compare, check the file was not changed
by someone else since we loaded it, write a temp file (0600) in the same folder and fsync it, keep the old file
as a backup (a hard link), replace atomically, fsync the folder. If any step fails, the old file is untouched,
the data stays in memory, and a SaveError says what happened.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import secrets
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from privacyapp import __version__
from privacyapp.core.errors import (
    NotAProfileError,
    PrivacyAppError,
    ProfileConflictError,
    ProfileDamagedError,
    ProfileExistsError,
    ProfileNotFoundError,
    ReadOnlyProfileError,
    SaveError,
    UsageError,
    WrongKeyError,
)
from privacyapp.core.profile import backups as bk
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import vault
from privacyapp.core.profile.crypto import KdfParams, new_recovery_code, random_key, random_nonce
from privacyapp.core.profile.disk import Disk
from privacyapp.core.profile.format import Header
from privacyapp.core.profile.keystore import KeyStore
from privacyapp.core.profile.lock import ProfileLock
from privacyapp.core.profile.payload import SCHEMA_VERSION, Decoded, ProfileData
from privacyapp.core.redact import Secret
from privacyapp.i18n import _

log = logging.getLogger(__name__)

PROFILE_FILE = "profile.pvault"
TEMP_PREFIX = ".profile-"  # temp files of a save; one left by a crash is removed on the next open
BACKUP_FOLDER = "backups"
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _save_problem(exc: OSError, *, restoring: bool = False) -> SaveError:
    """What a failed write means, said for what was being written: the person's changes, or a backup put back."""
    reasons = {
        errno.ENOSPC: _("the disk is full"),
        errno.EDQUOT: _("your disk quota is used up"),
        errno.EACCES: _("privacyapp may not write to its folder"),
        errno.EPERM: _("privacyapp may not write to its folder"),
        errno.EROFS: _("the disk is read-only"),
        errno.EFBIG: _("the file would be larger than this disk allows"),
    }
    reason = reasons.get(exc.errno or 0) or _("the computer reported: {error}").format(
        error=exc.strerror or type(exc).__name__
    )
    if restoring:
        return SaveError(
            # Translators: {reason} is one of the reasons above, such as "the disk is full"
            _("The backup could not be restored: {reason}.").format(reason=reason),
            hint=_("The damaged file is still there, untouched; free some space and try again."),
        )
    return SaveError(
        # Translators: {reason} is one of the reasons above, such as "the disk is full"
        _("Your changes could not be saved: {reason}.").format(reason=reason),
        hint=_("Nothing was lost: the saved profile is unchanged and privacyapp will try again."),
    )


@dataclass(frozen=True)
class _Fingerprint:
    """What the file looked like when we last read or wrote it."""

    size: int
    mtime_ns: int
    inode: int
    digest: bytes


class ProfileStore:
    def __init__(self, folder: Path, opened: vault.Opened, lock: ProfileLock, *, disk: Disk, clock: Clock) -> None:
        self.folder = folder
        self.file = folder / PROFILE_FILE
        self.header = opened.header
        self._file_key = opened.file_key
        self.data = opened.decoded.data
        self.read_only = opened.decoded.newer
        self.opened_with = opened.slot_kind
        self._lock = lock
        self._disk = disk
        self._clock = clock
        self._fingerprint: _Fingerprint | None = None
        self._conflict: tuple[bytes, Path] | None = None  # the other version's digest, and where ours is kept

    # --- creating and opening --------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        folder: Path,
        name: str,
        *,
        passphrase: Secret | None,
        keystore: KeyStore | None,
        kdf: KdfParams,
        disk: Disk | None = None,
        clock: Clock = utc_now,
    ) -> tuple[ProfileStore, Secret]:
        """A new profile with a recovery code slot and a keyring slot, a passphrase slot, or both.

        Returns the store and the recovery code, to be shown to the user once."""
        if passphrase is None and keystore is None:
            raise UsageError("A profile needs a passphrase or the keyring (or both).")
        if (folder / PROFILE_FILE).exists():
            raise ProfileExistsError(f"A profile already exists in {folder}.")
        made_folder = not folder.exists()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = ProfileLock(folder)
        lock.acquire()
        try:
            profile_id, file_key, code = uuid.uuid4().hex, random_key(), Secret(new_recovery_code())
            slots = [vault.recovery_slot(profile_id, file_key, code)]
            if passphrase is not None:
                slots.append(vault.passphrase_slot(profile_id, file_key, passphrase, kdf))
            if keystore is not None:
                kek = random_key()
                keystore.store(profile_id, kek)  # raises KeyringError when the keyring cannot keep it
                slots.append(vault.keyring_slot(profile_id, file_key, kek))
            now = clock().isoformat()
            header = Header(profile_id, now, now, SCHEMA_VERSION, __version__, random_nonce(), tuple(slots))
            data = ProfileData(name=name, created=now)
            decoded = Decoded(data=data, schema_version=SCHEMA_VERSION, migrated=False, newer=False)
            store = cls(folder, vault.Opened(header, file_key, decoded, "new"), lock, disk=disk or Disk(), clock=clock)
            store.save(data)
        except BaseException:
            lock.release()
            if made_folder and not (folder / PROFILE_FILE).exists():
                shutil.rmtree(folder, ignore_errors=True)  # nothing was created: leave nothing behind
            raise
        return store, code

    @classmethod
    def open(cls, folder: Path, how: vault.Unlock, *, disk: Disk | None = None, clock: Clock = utc_now) -> ProfileStore:
        """Open and unlock the profile in `folder`, holding its lock until close()."""
        disk = disk or Disk()
        file = folder / PROFILE_FILE
        refuse_broken_link(file)
        if not file.exists():
            raise ProfileNotFoundError(f"There is no profile in {folder}.")
        lock = ProfileLock(folder)
        lock.acquire()
        try:
            _remove_leftovers(folder, disk)
            blob = disk.read(file)
            opened = open_own(folder, blob, how)
            store = cls(folder, opened, lock, disk=disk, clock=clock)
            store._remember(blob)
            if opened.decoded.migrated:
                store._keep_pre_migration_copy(opened.decoded.schema_version)
        except BaseException:
            lock.release()
            raise
        return store

    def close(self) -> None:
        self._lock.release()

    # --- saving ----------------------------------------------------------------------------------------------
    def sealed(self, data: ProfileData) -> bytes:
        """The profile file as a save would write it, for a copy kept elsewhere: it opens with the same keys."""
        try:
            blob, _header = vault.seal_bytes(self.header, self._file_key, data, self._clock().isoformat(), verify=True)
        except vault.VerifyError as exc:
            raise SaveError(f"The copy could not be sealed: {exc}.") from exc
        return blob

    def save(self, data: ProfileData | None = None, *, force: bool = False) -> None:
        """Write `data` (default: the data in memory). With force, overwrite a file changed by someone else."""
        if self.read_only:
            raise ReadOnlyProfileError(
                "This profile was saved by a newer privacyapp, so this version only reads it.",
                hint="Update privacyapp to make changes.",
            )
        data = self.data if data is None else data
        try:
            blob, header = vault.seal_bytes(self.header, self._file_key, data, self._clock().isoformat(), verify=True)
        except vault.VerifyError as exc:
            raise SaveError(f"Your changes could not be saved: {exc}.") from exc
        if not force and self._changed_on_disk():
            conflict = self._keep_conflict_copy(blob)
            raise ProfileConflictError(
                "The profile was changed by another program since privacyapp opened it, so it was not "
                f"overwritten. Your version is kept in {conflict.name}.",
                hint="Reload to see the other version, or keep yours to replace it.",
            )
        self._write_whole(blob, self.file, before_replace=self._back_up_current if self.file.exists() else None)
        # The new file is in place from here on: what we remember must say so, whatever happens next.
        self.header, self.data = header, data
        self._remember(blob)
        self._conflict = None
        try:
            self._disk.fsync_dir(self.folder)
        except OSError as exc:
            # The file was written and flushed; only the folder entry's flush failed. Not an error to show.
            log.warning("saved, but the folder could not be flushed (%s)", exc.strerror or type(exc).__name__)
        self._prune_backups()
        log.debug("profile saved (%d bytes)", len(blob))

    def _keep_conflict_copy(self, blob: bytes) -> Path:
        """Keep our version beside the other program's: one copy per conflict. While the file still holds the
        same other version, later saves (autosave goes on) replace that copy with our newest version."""
        theirs = hashlib.sha256(self._disk.read(self.file)).digest()
        if self._conflict is not None and self._conflict[0] == theirs and self._conflict[1].exists():
            target = self._conflict[1]
        else:
            target = self.folder / bk.conflict_name(self._clock())
        self._write_whole(blob, target)
        self._conflict = (theirs, target)
        return target

    def _write_whole(self, blob: bytes, target: Path, before_replace: Callable[[], None] | None = None) -> None:
        """`blob` at `target`, whole or not at all: written to a temporary file beside it, then renamed over it.
        On failure the temporary file goes and a SaveError says why."""
        temp = self.folder / f"{TEMP_PREFIX}{secrets.token_hex(4)}.tmp"
        try:
            self._disk.write_new(temp, blob)
            if before_replace is not None:
                before_replace()
            self._disk.replace(temp, target)
        except OSError as exc:
            try:
                self._disk.remove(temp)
            except OSError:
                log.warning("could not remove the temporary file %s", temp.name)
            raise _save_problem(exc) from exc

    def _back_up_current(self) -> None:
        folder = self.folder / BACKUP_FOLDER
        folder.mkdir(mode=0o700, exist_ok=True)
        saved = _parse_time(self.header.saved) or self._clock()
        target = folder / bk.backup_name(saved)
        if not target.exists():
            self._disk.link_or_copy(self.file, target)

    def _prune_backups(self) -> None:
        found = bk.list_backups(self.folder / BACKUP_FOLDER)
        keep = bk.to_keep(found, self._clock())
        for backup in found:
            if backup.path not in keep:
                try:
                    self._disk.remove(backup.path)
                except OSError:
                    log.warning("could not remove an old backup %s", backup.path.name)
        kept = sum(1 for backup in found if backup.path in keep)
        log.debug("backups: %d kept, %d pruned", kept, len(found) - kept)

    def _remember(self, blob: bytes) -> None:
        info = self._disk.stat(self.file)
        self._fingerprint = _Fingerprint(info.st_size, info.st_mtime_ns, info.st_ino, hashlib.sha256(blob).digest())

    def _changed_on_disk(self) -> bool:
        if self._fingerprint is None or not self.file.exists():
            return False
        info = self._disk.stat(self.file)
        known = self._fingerprint
        if (info.st_size, info.st_mtime_ns, info.st_ino) == (known.size, known.mtime_ns, known.inode):
            return False
        if hashlib.sha256(self._disk.read(self.file)).digest() == known.digest:
            self._remember(self._disk.read(self.file))  # touched, not changed
            return False
        return True

    def _keep_pre_migration_copy(self, schema_version: int) -> None:
        target = self.folder / f"pre-migration-schema{schema_version}-{bk.stamp(self._clock())}Z.pvault"
        self._disk.link_or_copy(self.file, target)
        log.info("profile migrated from schema %s; the previous file is kept as %s", schema_version, target.name)

    def reload(self) -> None:
        """Read the file again (after a conflict, to take the other version)."""
        blob = self._disk.read(self.file)
        opened = open_own(self.folder, blob, self._file_key)
        self.header, self.data, self.read_only = opened.header, opened.decoded.data, opened.decoded.newer
        self._conflict = None
        self._remember(blob)

    # --- backups ---------------------------------------------------------------------------------------------
    def backups(self) -> list[bk.Backup]:
        """Backups and conflict copies, newest first: both open with this profile's key and can be restored."""
        return restorable(self.folder)

    def restore(self, backup: bk.Backup) -> ProfileData:
        """Make `backup` the current version; the version it replaces becomes a backup itself."""
        opened = vault.open_bytes(self._disk.read(backup.path), self._file_key)
        self.save(opened.decoded.data, force=True)
        log.info("profile restored from the %s saved %s", backup.kind, backup.saved.isoformat(timespec="seconds"))
        return opened.decoded.data

    # --- key slots -------------------------------------------------------------------------------------------
    def slot_kinds(self) -> set[str]:
        return {slot.kind for slot in self.header.slots}

    def verify_passphrase(self, passphrase: Secret) -> bool:
        try:
            vault.unwrap_file_key(self.header, vault.WithPassphrase(passphrase))
        except PrivacyAppError:
            return False
        return True

    def set_passphrase(self, passphrase: Secret, kdf: KdfParams) -> None:
        slot = vault.passphrase_slot(self._id, self._file_key, passphrase, kdf)
        self._with_header(vault.with_slot(self.header, slot))

    def add_keyring(self, keystore: KeyStore) -> None:
        kek = random_key()
        keystore.store(self._id, kek)
        self._with_header(vault.with_slot(self.header, vault.keyring_slot(self._id, self._file_key, kek)))

    def remove_keyring(self, keystore: KeyStore) -> None:
        self._require_other_than("keyring")
        self._with_header(vault.without_kind(self.header, "keyring"))
        keystore.delete(self._id)

    def new_recovery_code(self) -> Secret:
        code = Secret(new_recovery_code())
        self._with_header(vault.with_slot(self.header, vault.recovery_slot(self._id, self._file_key, code)))
        return code

    def export_bytes(self, passphrase: Secret, kdf: KdfParams) -> bytes:
        """This profile sealed under a new key with only a passphrase slot: to carry to another computer."""
        profile_id, file_key = uuid.uuid4().hex, random_key()
        slot = vault.passphrase_slot(profile_id, file_key, passphrase, kdf)
        header = replace(self.header, profile_id=profile_id, slots=(slot,))
        blob, _header = vault.seal_bytes(header, file_key, self.data, self._clock().isoformat())
        return blob

    @property
    def _id(self) -> str:
        return self.header.profile_id

    def _require_other_than(self, kind: str) -> None:
        if not self.slot_kinds() - {kind, "recovery"}:
            raise UsageError("The profile needs a passphrase or the keyring to open it: add the other one first.")

    def _with_header(self, header: Header) -> None:
        previous = self.header
        self.header = header
        try:
            self.save()
        except BaseException:
            self.header = previous
            raise


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def restorable(folder: Path) -> list[bk.Backup]:
    """A profile's backups and conflict copies, newest first: every version of it that can be put back."""
    found = bk.list_backups(folder / BACKUP_FOLDER) + bk.list_conflicts(folder)
    return sorted(found, key=lambda b: b.saved, reverse=True)


def refuse_broken_link(file: Path) -> None:
    """A profile file that is a symbolic link to nothing is damage, said plainly (exists() calls it missing)."""
    if file.is_symlink() and not file.exists():
        try:
            target = str(file.readlink())
        except OSError:
            target = "?"
        raise ProfileDamagedError(
            _("The profile file is a broken link: it points to {target}, which does not exist.").format(target=target),
            hint=_("Put that file back, or restore a backup: privacyapp-cli profile restore"),
        )


def open_own(folder: Path, blob: bytes, how: vault.Unlock | bytes) -> vault.Opened:
    """open_bytes for the file at a profile's own path. There, a file that is not a profile at all was one once
    (zeros, random bytes or another file were written over it): damage, so that a backup is offered. And a
    passphrase that matches no slot may be a slot that something else changed: said so, or named when a backup
    shows it."""
    try:
        return vault.open_bytes(blob, how)
    except NotAProfileError as exc:
        raise fmt.overwritten() from exc
    except WrongKeyError as exc:
        header = fmt.decode(blob).header
        if isinstance(how, bytes) or how.kind != "passphrase" or not header.slots_of("passphrase"):
            raise  # a file key of another profile, another kind of key, or no passphrase slot at all: as said
        raise _passphrase_problem(folder, header) from exc


def _passphrase_problem(folder: Path, header: Header) -> PrivacyAppError:
    """Why no passphrase slot took the passphrase. A slot edited with the checksum recomputed cannot be told from a
    wrong passphrase, except against a backup of the same profile: privacyapp never changes a slot's salt,
    Argon2id settings or key id without sealing the file key anew (a new nonce and wrapped key)."""
    slot = header.slots_of("passphrase")[0]
    for backup in bk.list_backups(folder / BACKUP_FOLDER):
        try:
            older = fmt.decode(fmt.read_file(backup.path)).header
        except (PrivacyAppError, OSError):
            continue
        if older.profile_id != header.profile_id:
            continue
        before = next(iter(older.slots_of("passphrase")), None)
        if before is None:
            break
        if before == slot:
            return WrongKeyError(_("Wrong passphrase."))  # the slot is as privacyapp wrote it
        if (before.nonce, before.wrapped) == (slot.nonce, slot.wrapped):
            # the fields by their names in the file (docs/profile-format.md), which are not translated
            fields = [name for name in ("salt", "kdf", "key_id") if getattr(before, name) != getattr(slot, name)]
            return fmt.damaged(
                # Translators: {fields} are field names in the file, such as "salt, kdf"; {when} a date and time
                _(
                    "its passphrase slot was changed by something other than privacyapp: {fields} differ from the "
                    "backup of {when}"
                ).format(fields=", ".join(fields), when=backup.saved.strftime("%Y-%m-%d %H:%M UTC"))
            )
        break  # a new passphrase since that backup: nothing to compare with
    return WrongKeyError(_("Wrong passphrase, or this file was changed by something other than privacyapp."))


def find_restorable(
    folder: Path, how: vault.Unlock | bytes, backup: bk.Backup | None = None
) -> tuple[bk.Backup, ProfileData] | None:
    """The newest backup in `folder` (or just `backup`) that opens with `how`, or None."""
    for candidate in [backup] if backup is not None else bk.list_backups(folder / BACKUP_FOLDER):
        try:
            return candidate, vault.open_bytes(fmt.read_file(candidate.path), how).decoded.data
        except (PrivacyAppError, OSError):
            continue
    return None


def replace_with_backup(folder: Path, backup: bk.Backup, *, disk: Disk | None = None) -> Path | None:
    """Put `backup` in place of the profile file (which cannot be opened), keeping that file aside.

    Returns where the replaced file was kept, or None if there was none. Never deletes anything."""
    disk = disk or Disk()
    lock = ProfileLock(folder)
    lock.acquire()
    temp = folder / f"{TEMP_PREFIX}restore-{secrets.token_hex(4)}.tmp"
    try:
        current = folder / PROFILE_FILE
        kept = None
        if current.exists():  # a broken link is replaced by the backup: it held nothing to keep
            kept = folder / f"damaged-{bk.stamp(utc_now())}Z.pvault"
            disk.link_or_copy(current, kept)
        disk.write_new(temp, disk.read(backup.path))
        disk.replace(temp, current)
        disk.fsync_dir(folder)
        log.info(
            "damaged profile replaced by the %s saved %s; the damaged file is kept as %s",
            backup.kind,
            backup.saved.isoformat(timespec="seconds"),
            kept.name if kept is not None else "(none: it was a broken link)",
        )
        return kept
    except OSError as exc:
        try:
            disk.remove(temp)
        except OSError:
            log.warning("could not remove the temporary file %s", temp.name)
        raise _save_problem(exc, restoring=True) from exc
    finally:
        lock.release()


def _remove_leftovers(folder: Path, disk: Disk) -> None:
    """Temp files of saves that a crash or kill interrupted: never the profile, never read again."""
    for leftover in folder.glob(f"{TEMP_PREFIX}*.tmp"):
        try:
            disk.remove(leftover)
        except OSError:
            log.warning("could not remove the leftover %s", leftover.name)


__all__ = ["PROFILE_FILE", "ProfileDamagedError", "ProfileStore", "find_restorable", "replace_with_backup"]
