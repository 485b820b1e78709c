"""Sealing and opening profile bytes: key slots, the file key and the payload. No files here (store.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from privacyapp import __version__
from privacyapp.core.errors import KeyringError, WrongKeyError
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import payload
from privacyapp.core.profile.crypto import (
    KdfParams,
    UnwrapError,
    derive_passphrase_key,
    derive_recovery_key,
    key_id,
    random_nonce,
    random_salt,
    seal,
    unseal,
)
from privacyapp.core.profile.keystore import KeyStore
from privacyapp.core.redact import Secret
from privacyapp.i18n import _


class Unlock(Protocol):
    """A way to open a profile: it turns a slot of its kind into a key-encryption key."""

    @property
    def kind(self) -> str: ...

    @property
    def wrong(self) -> str: ...  # what to tell the user when no slot accepts it

    def kek_for(self, header: fmt.Header, slot: fmt.Slot) -> bytes | None: ...


@dataclass(frozen=True)
class WithPassphrase:
    passphrase: Secret
    kind: str = "passphrase"
    wrong: str = "Wrong passphrase."

    def kek_for(self, header: fmt.Header, slot: fmt.Slot) -> bytes | None:
        assert slot.kdf is not None  # format.Slot.from_json guarantees it for passphrase slots
        return derive_passphrase_key(self.passphrase.reveal(), slot.salt, slot.kdf)


@dataclass(frozen=True)
class WithRecoveryCode:
    code: Secret
    kind: str = "recovery"
    wrong: str = "That recovery code does not open this profile."

    def kek_for(self, header: fmt.Header, slot: fmt.Slot) -> bytes | None:
        return derive_recovery_key(self.code.reveal(), slot.salt)


@dataclass(frozen=True)
class WithKeyring:
    keystore: KeyStore
    kind: str = "keyring"
    wrong: str = "This computer's keyring has no key that opens this profile."

    def kek_for(self, header: fmt.Header, slot: fmt.Slot) -> bytes | None:
        return self.keystore.load(header.profile_id)


@dataclass(frozen=True)
class Opened:
    header: fmt.Header
    file_key: bytes
    decoded: payload.Decoded
    slot_kind: str  # which kind of slot opened it ("file-key" when the key was already known)


def open_bytes(data: bytes, how: Unlock | bytes) -> Opened:
    """Open a profile file's bytes with an Unlock, or with the file key itself (a backup of an open profile).

    Raises NotAProfileError, NewerVersionError, WrongKeyError, KeyringError or ProfileDamagedError."""
    container = fmt.decode(data)
    header = container.header
    if isinstance(how, bytes):
        file_key, kind = how, "file-key"
    else:
        file_key, kind = unwrap_file_key(header, how), how.kind
    try:
        padded = unseal(file_key, header.nonce, container.ciphertext, container.associated)
    except UnwrapError as exc:
        if kind == "file-key":
            raise WrongKeyError("This file belongs to another profile, or it is damaged.") from exc
        raise fmt.damaged(_("its contents do not match their seal")) from exc
    decoded = payload.decode(fmt.unpad(padded))
    return Opened(header=header, file_key=file_key, decoded=decoded, slot_kind=kind)


def unwrap_file_key(header: fmt.Header, how: Unlock) -> bytes:
    slots = header.slots_of(how.kind)
    if not slots:
        names = {"passphrase": "a passphrase", "recovery": "a recovery code", "keyring": "the keyring"}
        raise WrongKeyError(f"This profile cannot be opened with {names.get(how.kind, how.kind)}.")
    for slot in slots:
        kek = how.kek_for(header, slot)
        if kek is None or key_id(kek) != slot.key_id:
            continue
        try:
            return unseal(kek, slot.nonce, slot.wrapped, slot.associated(header.profile_id))
        except UnwrapError as exc:
            # the right key for this slot, yet it does not open: the slot was changed or moved from another profile
            raise fmt.damaged(_("a key slot does not open")) from exc
    raise WrongKeyError(how.wrong)


def make_slot(
    kind: str, profile_id: str, file_key: bytes, kek: bytes, *, salt: bytes = b"", kdf: KdfParams | None = None
) -> fmt.Slot:
    nonce = random_nonce()
    unsealed = fmt.Slot(kind=kind, key_id=key_id(kek), nonce=nonce, wrapped=b"", salt=salt, kdf=kdf)
    return replace(unsealed, wrapped=seal(kek, nonce, file_key, unsealed.associated(profile_id)))


def passphrase_slot(profile_id: str, file_key: bytes, passphrase: Secret, params: KdfParams) -> fmt.Slot:
    salt = random_salt()
    kek = derive_passphrase_key(passphrase.reveal(), salt, params)
    return make_slot("passphrase", profile_id, file_key, kek, salt=salt, kdf=params)


def recovery_slot(profile_id: str, file_key: bytes, code: Secret) -> fmt.Slot:
    salt = random_salt()
    return make_slot("recovery", profile_id, file_key, derive_recovery_key(code.reveal(), salt), salt=salt)


def keyring_slot(profile_id: str, file_key: bytes, kek: bytes) -> fmt.Slot:
    return make_slot("keyring", profile_id, file_key, kek)


def seal_bytes(
    header: fmt.Header, file_key: bytes, data: payload.ProfileData, saved: str, *, verify: bool = False
) -> tuple[bytes, fmt.Header]:
    """The whole file for `data`, with a fresh nonce. Returns the bytes and the header written.

    With verify, the result is opened again in memory (container, key and seal) and its plaintext compared
    byte for byte with what was sealed: a save never writes something that would not read back."""
    header = replace(
        header, nonce=random_nonce(), saved=saved, schema_version=payload.SCHEMA_VERSION, app_version=__version__
    )
    associated = fmt.encode_header(header)
    plaintext = payload.encode(data)
    blob = associated + seal(file_key, header.nonce, fmt.pad(plaintext), associated)
    if verify:
        container = fmt.decode(blob)
        try:
            unsealed = unseal(file_key, container.header.nonce, container.ciphertext, container.associated)
        except UnwrapError as exc:
            raise VerifyError("the sealed copy does not open") from exc
        if fmt.unpad(unsealed) != plaintext or container.header != header:
            raise VerifyError("the sealed copy does not read back the same")
    return blob, header


class VerifyError(Exception):
    """A freshly sealed profile did not read back the same (a bug or faulty memory; never written)."""


def without_kind(header: fmt.Header, kind: str) -> fmt.Header:
    return replace(header, slots=tuple(slot for slot in header.slots if slot.kind != kind))


def with_slot(header: fmt.Header, slot: fmt.Slot) -> fmt.Header:
    return replace(without_kind(header, slot.kind), slots=(*without_kind(header, slot.kind).slots, slot))


__all__ = ["KeyringError", "Opened", "WithKeyring", "WithPassphrase", "WithRecoveryCode", "open_bytes"]
