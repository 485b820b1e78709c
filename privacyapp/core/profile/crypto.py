"""Keys and sealing for the profile: a random file key, and key slots that wrap it.

* file key: 32 random bytes; the payload is sealed with AES-256-GCM under it.
* key-encryption keys (KEKs) unwrap the file key, one per slot: a random key kept in the OS keyring, a key
  derived from the passphrase with Argon2id, and a key derived from the recovery code with HKDF (the code is
  random and long, so a slow KDF adds nothing).
* each slot carries a key id, a one-way fingerprint of its KEK, so that a wrong passphrase is told apart from
  a damaged file without trying to decrypt anything.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
KEY_ID_BYTES = 8

# Argon2id: what we aim for when calibrating, and the most a file may ask for. The caps are checked before any
# work, so a hostile file cannot make privacyapp allocate gigabytes or run for minutes.
TARGET_SECONDS = 0.35
DEFAULT_MEMORY_KIB = 64 * 1024
DEFAULT_LANES = 4
MAX_MEMORY_KIB = 256 * 1024
MAX_ITERATIONS = 32
MAX_LANES = 8
MIN_MEMORY_KIB = 8  # Argon2's own minimum is 8 KiB per lane; tests use it to stay fast

RECOVERY_GROUPS = 8  # 8 groups of 4 base32 characters: 160 bits
_RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class UnwrapError(Exception):
    """A wrapped key or the payload did not authenticate."""


@dataclass(frozen=True)
class KdfParams:
    iterations: int
    memory_kib: int
    lanes: int

    def problems(self) -> list[str]:
        """Why a file's parameters are refused, if they are."""
        found = []
        if not 1 <= self.iterations <= MAX_ITERATIONS:
            found.append(f"iterations {self.iterations} outside 1 to {MAX_ITERATIONS}")
        if not 1 <= self.lanes <= MAX_LANES:
            found.append(f"lanes {self.lanes} outside 1 to {MAX_LANES}")
        if not max(MIN_MEMORY_KIB, 8 * self.lanes) <= self.memory_kib <= MAX_MEMORY_KIB:
            found.append(f"memory {self.memory_kib} KiB outside {8 * self.lanes} to {MAX_MEMORY_KIB}")
        return found


def random_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def random_nonce() -> bytes:
    return os.urandom(NONCE_BYTES)


def random_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def key_id(kek: bytes) -> str:
    """A short one-way fingerprint of a KEK: names the slot it opens, reveals nothing about it."""
    return hashlib.sha256(b"privacyapp key id\x00" + kek).digest()[:KEY_ID_BYTES].hex()


def derive_passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    if params.problems():
        raise ValueError("; ".join(params.problems()))
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def _time_kdf(params: KdfParams) -> float:
    best = float("inf")
    for _ in range(2):  # the first run also pays for allocating the memory
        started = time.perf_counter()
        derive_passphrase_key("calibration", random_salt(), params)
        best = min(best, time.perf_counter() - started)
    return best


def calibrate(target_seconds: float = TARGET_SECONDS, memory_kib: int = DEFAULT_MEMORY_KIB) -> KdfParams:
    """Argon2id parameters that take about `target_seconds` on this computer (0.25 to 0.5 s).

    Times 1 and 3 passes: the difference is the cost of a pass, the rest a fixed cost (filling the memory)."""
    one = _time_kdf(KdfParams(iterations=1, memory_kib=memory_kib, lanes=DEFAULT_LANES))
    three = _time_kdf(KdfParams(iterations=3, memory_kib=memory_kib, lanes=DEFAULT_LANES))
    per_pass = max((three - one) / 2, 1e-4)
    fixed = max(one - per_pass, 0.0)
    if one > target_seconds * 1.4 and memory_kib > 8 * 1024:
        return calibrate(target_seconds, memory_kib // 2)  # a slow computer: less memory, not a long wait
    iterations = max(1, min(MAX_ITERATIONS, round((target_seconds - fixed) / per_pass)))
    return KdfParams(iterations=iterations, memory_kib=memory_kib, lanes=DEFAULT_LANES)


def new_recovery_code() -> str:
    """A random code to write down, e.g. `K7QD-...`: 160 bits, in groups of 4 for reading aloud."""
    characters = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * 4))
    return "-".join(characters[i : i + 4] for i in range(0, len(characters), 4))


def normalise_recovery_code(code: str) -> str:
    """What the user typed, without spaces or dashes, upper case; 0/1/8 read as O/I/B (not in the alphabet)."""
    cleaned = "".join(code.split()).replace("-", "").upper()
    return cleaned.translate(str.maketrans("018", "OIB"))


def derive_recovery_key(code: str, salt: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"privacyapp recovery code")
    return hkdf.derive(normalise_recovery_code(code).encode("ascii", errors="replace"))


def seal(key: bytes, nonce: bytes, plaintext: bytes, associated: bytes) -> bytes:
    return AESGCM(key).encrypt(nonce, plaintext, associated)


def unseal(key: bytes, nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, associated)
    except InvalidTag as exc:
        raise UnwrapError("authentication failed") from exc


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    """Base64 text from a file; anything else (a number, null, a list) is a TypeError, never an AttributeError."""
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)
