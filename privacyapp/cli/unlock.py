"""How CLI commands get at a profile: passphrases from a file or a prompt, the keyring, Argon2id settings."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from privacyapp.cli.common import Context
from privacyapp.core.errors import (
    KeyringError,
    ProfileDamagedError,
    ProfileLockedError,
    UsageError,
    WrongKeyError,
)
from privacyapp.core.inputs import kind_of, read_bytes, read_text
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import vault
from privacyapp.core.profile.crypto import KdfParams, calibrate
from privacyapp.core.profile.keystore import KeyringKeyStore
from privacyapp.core.profile.manager import ProfileManager
from privacyapp.core.profile.store import PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret
from privacyapp.i18n import _

PASSPHRASE_FILE_ENV = "PRIVACYAPP_PASSPHRASE_FILE"  # noqa: S105 - the name of a variable, not a secret
MAX_PASSPHRASE_FILE = 64 * 1024  # a passphrase is a line; a password manager's entry with notes fits too
# "iterations,memory_kib,lanes": fixed Argon2id settings instead of measuring this computer (slow computers,
# scripts and tests). Files still refuse anything above the caps in crypto.py.
KDF_ENV = "PRIVACYAPP_KDF_PARAMS"


def read_passphrase_file(path: str | os.PathLike[str]) -> Secret:
    """The first line of `path`, without its line ending. A file, or a pipe such as `<(pass show x)`: capped and
    against a deadline, so that /dev/zero or a FIFO nobody writes to is refused instead of hanging."""
    text = read_text(path, limit=MAX_PASSPHRASE_FILE, what=_("the passphrase file"))
    passphrase = text.split("\n", 1)[0].rstrip("\r")
    if not passphrase:
        raise UsageError(f"The passphrase file {path} is empty.")
    return Secret(passphrase)


def passphrase_file(context: Context) -> str | None:
    return context.passphrase_file or os.environ.get(PASSPHRASE_FILE_ENV) or None


def given_passphrase(context: Context, prompt: str = "Passphrase: ", *, confirm: bool = False) -> Secret | None:
    """From --passphrase-file (or its variable), else asked without echo on a terminal, else None."""
    source = passphrase_file(context)
    if source:
        return read_passphrase_file(source)
    return ask(prompt, confirm=confirm)


def ask(prompt: str, *, confirm: bool = False) -> Secret | None:
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passphrases are not the same.")
    return Secret(first) if first else None


def kdf_params() -> KdfParams:
    spec = os.environ.get(KDF_ENV)
    if not spec:
        return calibrate()
    try:
        iterations, memory_kib, lanes = (int(part) for part in spec.split(","))
    except ValueError as exc:
        raise UsageError(f"{KDF_ENV} must be three numbers: iterations,memory_kib,lanes.") from exc
    params = KdfParams(iterations=iterations, memory_kib=memory_kib, lanes=lanes)
    if params.problems():
        raise UsageError(f"{KDF_ENV}: " + "; ".join(params.problems()))
    return params


def manager(context: Context) -> ProfileManager:
    return ProfileManager(context.paths.profiles)


def unlock_method(context: Context, folder: Path) -> vault.Unlock:
    """Passphrase file, else the keyring when the profile has a keyring slot, else a prompt."""
    source = passphrase_file(context)
    if source:
        return vault.WithPassphrase(read_passphrase_file(source))
    try:
        data = read_bytes(folder / PROFILE_FILE, limit=fmt.MAX_FILE_BYTES, what=_("the profile file"))
        slots = {slot.kind for slot in fmt.decode(data).header.slots}
    except Exception:  # the open below reports a missing or damaged file properly
        slots = set()
    if "keyring" in slots:
        return vault.WithKeyring(KeyringKeyStore())
    typed = ask(f"Passphrase for the profile '{folder.name}': ")
    if typed is None:
        raise ProfileLockedError(
            f"The profile '{folder.name}' is locked.",
            hint=f"Give its passphrase with --passphrase-file FILE or {PASSPHRASE_FILE_ENV}.",
        )
    return vault.WithPassphrase(typed)


def refuse_odd_profile_file(path: Path) -> None:
    """A folder, FIFO or device where the profile file should be is damage, said plainly: opening a FIFO would
    wait for a writer forever, and a folder would be "something unexpected"."""
    kind = kind_of(path)
    if kind:
        raise ProfileDamagedError(
            _("The profile file {path} is {kind}, not a file.").format(path=path, kind=kind),
            hint=_("Move it away, then restore a backup: privacyapp-cli profile restore"),
        )


def open_profile(context: Context) -> ProfileStore:
    profiles = manager(context)
    folder = profiles.require(context.profile)  # missing: exit 1; a broken link: damaged, exit 4
    refuse_odd_profile_file(folder / PROFILE_FILE)
    how = unlock_method(context, folder)
    try:
        return profiles.open(context.profile, how)
    except (KeyringError, WrongKeyError) as exc:
        if how.kind != "keyring":
            raise
        typed = ask(f"The keyring did not open it ({exc.message}) Passphrase: ")
        if typed is None:
            raise ProfileLockedError(
                f"The keyring did not open the profile '{folder.name}': {exc.message}",
                hint=f"Give its passphrase with --passphrase-file FILE or {PASSPHRASE_FILE_ENV}.",
            ) from exc
        return profiles.open(context.profile, vault.WithPassphrase(typed))
