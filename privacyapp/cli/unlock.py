"""How CLI commands get at a profile: passphrases from a file or a prompt, the keyring, Argon2id settings."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from privacyapp.cli.common import Context
from privacyapp.core.errors import KeyringError, ProfileLockedError, ProfileNotFoundError, UsageError, WrongKeyError
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import vault
from privacyapp.core.profile.crypto import KdfParams, calibrate
from privacyapp.core.profile.keystore import KeyringKeyStore
from privacyapp.core.profile.manager import ProfileManager
from privacyapp.core.profile.store import PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret

PASSPHRASE_FILE_ENV = "PRIVACYAPP_PASSPHRASE_FILE"  # noqa: S105 - the name of a variable, not a secret
# "iterations,memory_kib,lanes": fixed Argon2id settings instead of measuring this computer (slow computers,
# scripts and tests). Files still refuse anything above the caps in crypto.py.
KDF_ENV = "PRIVACYAPP_KDF_PARAMS"


def read_passphrase_file(path: str | os.PathLike[str]) -> Secret:
    """The first line of `path`, without its line ending."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            line = handle.readline()
    except OSError as exc:
        raise UsageError(f"Cannot read the passphrase file {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"The passphrase file {path} is not UTF-8 text.") from exc
    passphrase = line.rstrip("\r\n")
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
        slots = {slot.kind for slot in fmt.decode(fmt.read_file(folder / PROFILE_FILE)).header.slots}
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


def open_profile(context: Context) -> ProfileStore:
    profiles = manager(context)
    folder = profiles.folder(context.profile)
    if not (folder / PROFILE_FILE).exists():
        raise ProfileNotFoundError(
            f"There is no profile called '{folder.name}'.", hint="`privacyapp-cli profile list` shows them."
        )
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
