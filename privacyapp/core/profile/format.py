"""The profile container, byte by byte (docs/profile-format.md says the same for people):

    magic          8 bytes   b"PRIVAPP\\x00"
    version        2 bytes   big-endian container version (1)
    header length  4 bytes   big-endian, at most MAX_HEADER_BYTES
    header         JSON, UTF-8: profile id, dates, payload schema version, nonce, key slots
    checksum       32 bytes  SHA-256 of everything above: tells a damaged file from a wrong key
    ciphertext     AES-256-GCM of the padded payload; associated data: everything from magic to checksum

The checksum is not a security measure (the AEAD is); it exists so that any accidental change to the header is
reported as "damaged" and never as "wrong passphrase".
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privacyapp.core.errors import NewerVersionError, NotAProfileError, ProfileDamagedError
from privacyapp.core.profile.crypto import NONCE_BYTES, SALT_BYTES, KdfParams, b64, unb64
from privacyapp.i18n import _

MAGIC = b"PRIVAPP\x00"
CONTAINER_VERSION = 1
PREFIX = struct.Struct(">8sHI")
CHECKSUM_BYTES = 32
MAX_HEADER_BYTES = 64 * 1024
MAX_FILE_BYTES = 256 * 1024 * 1024  # far above any real profile; refuses a size bomb before reading it all
SLOT_KINDS = ("keyring", "passphrase", "recovery")
PAD_BUCKET = 1024
_PROFILE_ID = re.compile(r"^[0-9a-f]{32}$")
# What json.loads raises on hostile input besides JSONDecodeError: deep nesting, and integers too long to convert.
JSON_ERRORS = (UnicodeDecodeError, ValueError, RecursionError)

RESTORE_HINT = "Run `privacyapp-cli profile restore` to go back to the newest backup that opens."


def damaged(detail: str) -> ProfileDamagedError:
    # Translators: {detail} says what is wrong, as in "its contents are too short"
    return ProfileDamagedError(_("The profile file is damaged ({detail}).").format(detail=detail), hint=RESTORE_HINT)


def overwritten() -> ProfileDamagedError:
    """A file at a profile's own path that is no profile at all was one once: something wrote over it (zeros,
    random bytes, another file). Damage, so that a backup is offered, unlike an unknown file given to import."""
    return damaged(_("it is no longer a privacyapp profile: something else was written over it"))


@dataclass(frozen=True)
class Slot:
    """One way to unlock: a KEK of some kind wraps the file key."""

    kind: str
    key_id: str
    nonce: bytes
    wrapped: bytes
    salt: bytes = b""
    kdf: KdfParams | None = None

    def associated(self, profile_id: str) -> bytes:
        # binds the slot to its profile: a slot copied into another profile does not open it
        return f"privacyapp slot|{profile_id}|{self.kind}|{self.key_id}".encode()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "key_id": self.key_id,
            "nonce": b64(self.nonce),
            "wrapped": b64(self.wrapped),
        }
        if self.salt:
            out["salt"] = b64(self.salt)
        if self.kdf is not None:
            out["kdf"] = {
                "name": "argon2id",
                "iterations": self.kdf.iterations,
                "memory_kib": self.kdf.memory_kib,
                "lanes": self.kdf.lanes,
            }
        return out

    @classmethod
    def from_json(cls, raw: Any) -> Slot:
        if not isinstance(raw, dict) or raw.get("kind") not in SLOT_KINDS:
            raise damaged(_("a key slot is unreadable"))
        kdf = None
        if raw["kind"] == "passphrase":
            spec = raw.get("kdf")
            if not isinstance(spec, dict) or spec.get("name") != "argon2id":
                raise damaged(_("the passphrase slot has no Argon2id parameters"))
            values = [spec.get(name) for name in ("iterations", "memory_kib", "lanes")]
            numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
            if len(numbers) != len(values):
                raise damaged(_("the passphrase slot's parameters are not numbers"))
            kdf = KdfParams(iterations=numbers[0], memory_kib=numbers[1], lanes=numbers[2])
            if kdf.problems():
                # a hostile or broken file: refused before any work is done
                raise damaged(_("the passphrase slot asks for {problems}").format(problems="; ".join(kdf.problems())))
        try:
            slot = cls(
                kind=raw["kind"],
                key_id=str(raw["key_id"]),
                nonce=unb64(raw["nonce"]),
                wrapped=unb64(raw["wrapped"]),
                salt=unb64(raw["salt"]) if "salt" in raw else b"",
                kdf=kdf,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise damaged(_("a key slot is incomplete")) from exc
        if len(slot.nonce) != NONCE_BYTES or (slot.kind != "keyring" and len(slot.salt) != SALT_BYTES):
            raise damaged(_("a key slot has the wrong sizes"))
        return slot


@dataclass(frozen=True)
class Header:
    profile_id: str
    created: str
    saved: str
    schema_version: int
    app_version: str
    nonce: bytes
    slots: tuple[Slot, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "profile_id": self.profile_id,
            "cipher": "AES-256-GCM",
            "created": self.created,
            "saved": self.saved,
            "schema_version": self.schema_version,
            "app_version": self.app_version,
            "nonce": b64(self.nonce),
            "slots": [slot.to_json() for slot in self.slots],
        }

    @classmethod
    def from_json(cls, raw: Any) -> Header:
        if not isinstance(raw, dict) or raw.get("cipher") != "AES-256-GCM":
            raise damaged(_("the header is unreadable"))
        schema_version = raw.get("schema_version")
        if not isinstance(schema_version, int) or isinstance(schema_version, bool):
            raise damaged(_("the header's schema version is not a whole number"))
        if not isinstance(raw.get("profile_id"), str) or not _PROFILE_ID.match(raw["profile_id"]):
            raise damaged(_("the header's profile id is not one"))
        try:
            slots = raw["slots"]
            if not isinstance(slots, list):
                raise TypeError("slots is not a list")
            header = cls(
                profile_id=raw["profile_id"],
                created=str(raw["created"]),
                saved=str(raw["saved"]),
                schema_version=schema_version,
                app_version=str(raw["app_version"]),
                nonce=unb64(raw["nonce"]),
                slots=tuple(Slot.from_json(slot) for slot in slots),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise damaged(_("the header is incomplete")) from exc
        if len(header.nonce) != NONCE_BYTES or not header.slots:
            raise damaged(_("the header has no usable key slot"))
        return header

    def slots_of(self, kind: str) -> list[Slot]:
        return [slot for slot in self.slots if slot.kind == kind]


@dataclass(frozen=True)
class Container:
    header: Header
    associated: bytes  # magic to checksum: the AEAD's associated data
    ciphertext: bytes


def encode_header(header: Header) -> bytes:
    """Magic, version, length, header and checksum: the part before the ciphertext (the associated data)."""
    body = json.dumps(header.to_json(), separators=(",", ":"), sort_keys=True).encode("utf-8")
    prefix = PREFIX.pack(MAGIC, CONTAINER_VERSION, len(body)) + body
    return prefix + hashlib.sha256(prefix).digest()


def _looks_like_magic(candidate: bytes) -> bool:
    """The magic, or the magic with one byte changed (a damaged profile rather than some other file)."""
    return len(candidate) == len(MAGIC) and sum(a != b for a, b in zip(candidate, MAGIC, strict=True)) <= 1


def decode(data: bytes) -> Container:
    """Parse a profile file. Raises NotAProfileError, NewerVersionError or ProfileDamagedError."""
    if not data:
        raise damaged(_("it is empty"))
    if len(data) > MAX_FILE_BYTES:
        raise damaged(_("it is {size} bytes, more than a profile can be").format(size=len(data)))
    if len(data) < PREFIX.size or not _looks_like_magic(data[: len(MAGIC)]):
        if data[: len(MAGIC)] == MAGIC[: len(data)] and data:
            raise damaged(_("it is cut short"))
        raise NotAProfileError("This file is not a privacyapp profile.")
    magic, version, header_length = PREFIX.unpack_from(data)
    if header_length > MAX_HEADER_BYTES:
        raise damaged(_("its header length is impossible"))
    end = PREFIX.size + header_length
    if len(data) < end + CHECKSUM_BYTES:
        raise damaged(_("it is cut short"))
    associated = data[: end + CHECKSUM_BYTES]
    if hashlib.sha256(data[:end]).digest() != data[end : end + CHECKSUM_BYTES] or magic != MAGIC:
        raise damaged(_("its header does not match its checksum"))
    if version > CONTAINER_VERSION:
        raise NewerVersionError(
            f"This profile was saved by a newer privacyapp (file format {version}).",
            hint="Update privacyapp to open it; this version leaves it untouched.",
        )
    if version < 1:
        raise damaged(_("its format version {version} does not exist").format(version=version))
    try:
        raw = json.loads(data[PREFIX.size : end].decode("utf-8"))
    except JSON_ERRORS as exc:
        raise damaged(_("its header is not valid JSON")) from exc
    header = Header.from_json(raw)
    ciphertext = data[end + CHECKSUM_BYTES :]
    if len(ciphertext) < 16:
        raise damaged(_("it is cut short"))
    return Container(header=header, associated=associated, ciphertext=ciphertext)


def read_file(path: Path) -> bytes:
    """A profile file's bytes; one larger than any profile can be is refused before it is read, and so is
    anything that is not a plain file (a FIFO would wait for ever for a writer, a device never end)."""
    # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (no effect on a plain file)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise damaged(_("it is not a plain file but a folder, a FIFO or a device"))
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_FILE_BYTES:
            raise damaged(_("it is {size} bytes, more than a profile can be").format(size=info.st_size))
        return handle.read(MAX_FILE_BYTES + 1)


def pad(plaintext: bytes) -> bytes:
    """Length, plaintext, zeros up to a whole number of 1 KiB buckets: the file size says little."""
    body = struct.pack(">I", len(plaintext)) + plaintext
    return body + b"\x00" * (-len(body) % PAD_BUCKET)


def unpad(padded: bytes) -> bytes:
    if len(padded) < 4:
        raise damaged(_("its contents are too short"))
    (length,) = struct.unpack_from(">I", padded)
    if length > len(padded) - 4 or any(padded[4 + length :]):
        raise damaged(_("its contents have the wrong length"))
    return padded[4 : 4 + length]
