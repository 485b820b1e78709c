"""The profile container against damage, hostile files and wrong keys.

Whatever the bytes, opening a profile ends in success or in one of four typed errors, each with its own meaning:
NotAProfileError (some other file), NewerVersionError (a newer container), WrongKeyError (the key given does not
fit: exit code 3) and ProfileDamagedError (anything else: exit code 4). A damaged file is never reported as a
wrong passphrase, a wrong key never as damage, and nothing untyped (AttributeError, RecursionError, ...) escapes.

The reference profile uses the fastest Argon2id parameters (FAST), so that some 20,000 opens take seconds.
The focused tests near the end pinned down seven bugs the fuzzing found (untyped errors from hostile headers
and payloads, a size check after reading the whole file, lone surrogates); they are fixed, and the tests keep
them fixed.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import string
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.errors import (
    ExitCode,
    NewerVersionError,
    NotAProfileError,
    PrivacyAppError,
    ProfileDamagedError,
    ProfileLockedError,
    ReadOnlyProfileError,
    WrongKeyError,
)
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import payload, vault
from privacyapp.core.profile.crypto import b64, new_recovery_code, random_nonce, seal, unseal
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.core.profile.lock import ProfileLock
from privacyapp.core.profile.store import BACKUP_FOLDER, PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret
from tests.conftest import FAST_KDF

FAST = FAST_KDF
PASSPHRASE = "reference passphrase for the robustness tests"
TYPED = (NotAProfileError, NewerVersionError, WrongKeyError, ProfileDamagedError)
Unlock = vault.Unlock | bytes


# --- the reference profile -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A real profile file with real ciphertext, and everything known about it."""

    data: bytes
    code: str  # its recovery code
    keystore: MemoryKeyStore  # holds its keyring key
    file_key: bytes
    header: fmt.Header
    header_json: dict[str, Any]
    checksum_at: int  # offset of the checksum (the header JSON ends here)
    content: payload.ProfileData

    @property
    def ciphertext(self) -> bytes:
        return self.data[self.checksum_at + fmt.CHECKSUM_BYTES :]

    @property
    def associated_end(self) -> int:
        return self.checksum_at + fmt.CHECKSUM_BYTES

    def passphrase(self) -> vault.WithPassphrase:
        return vault.WithPassphrase(Secret(PASSPHRASE))

    def recovery(self) -> vault.WithRecoveryCode:
        return vault.WithRecoveryCode(Secret(self.code))

    def keyring(self) -> vault.WithKeyring:
        return vault.WithKeyring(self.keystore)


def make_profile(folder: Path, name: str, passphrase: str = PASSPHRASE) -> tuple[bytes, str, MemoryKeyStore]:
    """A profile with some notes, progress and accounts saved once: the file's bytes, recovery code, keystore."""
    keystore = MemoryKeyStore()
    store, code = ProfileStore.create(folder, name, passphrase=Secret(passphrase), keystore=keystore, kdf=FAST)
    try:
        store.save(
            store.data.with_changes(
                notes="Changed the router's admin password.\nAsk about the school app's sharing settings.",
                progress={"ess-unique-passwords": {"state": "done"}, "ess-two-step": {"state": "later"}},
                accounts=[
                    {"service": "Example Mail", "private": True, "two_step": True},
                    {"service": "Example Photos", "private": False, "two_step": False},
                ],
            )
        )
    finally:
        store.close()
    return (folder / PROFILE_FILE).read_bytes(), code.reveal(), keystore


@pytest.fixture(scope="module")
def ref(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    data, code, keystore = make_profile(tmp_path_factory.mktemp("reference") / "Ref", "Ref")
    opened = vault.open_bytes(data, vault.WithPassphrase(Secret(PASSPHRASE)))
    (header_length,) = fmt.PREFIX.unpack_from(data)[2:]
    checksum_at = fmt.PREFIX.size + header_length
    return Reference(
        data=data,
        code=code,
        keystore=keystore,
        file_key=opened.file_key,
        header=opened.header,
        header_json=json.loads(data[fmt.PREFIX.size : checksum_at]),
        checksum_at=checksum_at,
        content=opened.decoded.data,
    )


# --- building files --------------------------------------------------------------------------------------------


def with_body(body: bytes, rest: bytes, *, version: int = fmt.CONTAINER_VERSION) -> bytes:
    """A container with `body` as its header JSON and a correct checksum, followed by `rest`."""
    prefix = fmt.PREFIX.pack(fmt.MAGIC, version, len(body)) + body
    return prefix + hashlib.sha256(prefix).digest() + rest


def with_header_json(ref: Reference, raw: Any, *, version: int = fmt.CONTAINER_VERSION) -> bytes:
    """The reference file with its header JSON replaced by `raw` (checksum recomputed, ciphertext kept)."""
    return with_body(json.dumps(raw).encode("utf-8"), ref.ciphertext, version=version)


def sealed(ref: Reference, plaintext: bytes) -> bytes:
    """A correctly sealed file of the reference profile (same key slots) whose payload is `plaintext`."""
    header = replace(ref.header, nonce=random_nonce())
    associated = fmt.encode_header(header)
    return associated + seal(ref.file_key, header.nonce, fmt.pad(plaintext), associated)


def payload_json(ref: Reference, **changes: Any) -> bytes:
    raw = ref.content.to_json()
    raw.update(changes)
    return json.dumps(raw, ensure_ascii=False).encode("utf-8")


def outcome(data: bytes, how: Unlock) -> str:
    """What opening `data` did: "accepted", "damaged", "wrong key", "not a profile", "newer", or the type of
    an untyped exception."""
    try:
        vault.open_bytes(data, how)
    except ProfileDamagedError:
        return "damaged"
    except WrongKeyError:
        return "wrong key"
    except NotAProfileError:
        return "not a profile"
    except NewerVersionError:
        return "newer"
    except Exception as exc:
        return f"untyped {type(exc).__name__}: {exc}"[:160]
    return "accepted"


def profile_folder(tmp_path: Path, data: bytes, name: str = "profile") -> Path:
    folder = tmp_path / name
    folder.mkdir(mode=0o700)
    (folder / PROFILE_FILE).write_bytes(data)
    return folder


# --- the reference file itself ---------------------------------------------------------------------------------


def test_the_reference_file_opens_with_each_of_its_keys(ref: Reference) -> None:
    assert {slot.kind for slot in ref.header.slots} == {"passphrase", "recovery", "keyring"}
    assert 1024 < len(ref.data) < 4096, f"the reference file is {len(ref.data)} bytes"
    for how in (ref.passphrase(), ref.recovery(), ref.keyring(), ref.file_key):
        assert vault.open_bytes(ref.data, how).decoded.data == ref.content


# --- accidental damage: bit flips and truncations --------------------------------------------------------------


def test_every_single_bit_flip_of_the_whole_file_is_damaged_never_accepted_never_wrong_key(ref: Reference) -> None:
    """All bits of the whole file, each flipped alone (about 15,000 files), opened with the right passphrase:
    0 accepted, 0 wrong key, every one damaged. A flip in the magic is damage too (one changed byte).
    With FAST parameters this takes well under a second, so every bit is flipped (no sampling)."""
    how = ref.passphrase()
    flips = len(ref.data) * 8
    outcomes: Counter[str] = Counter()
    examples: dict[str, int] = {}
    started = time.perf_counter()
    for bit in range(flips):
        flipped = bytearray(ref.data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        result = outcome(bytes(flipped), how)
        outcomes[result] += 1
        examples.setdefault(result, bit)
    elapsed = time.perf_counter() - started
    print(f"\n{flips} single-bit flips of a {len(ref.data)}-byte file in {elapsed:.1f} s: {dict(outcomes)}")
    assert outcomes == Counter({"damaged": flips}), (
        f"{flips} flips of a {len(ref.data)}-byte file: {dict(outcomes)}; first bit of each outcome: {examples}"
    )
    assert elapsed < 20, f"{flips} flips took {elapsed:.1f} s"


def test_every_truncation_is_damaged_including_the_empty_file(ref: Reference) -> None:
    how = ref.passphrase()
    outcomes = Counter(outcome(ref.data[:length], how) for length in range(len(ref.data)))
    print(f"\n{len(ref.data)} truncations (0 to {len(ref.data) - 1} bytes): {dict(outcomes)}")
    assert outcomes == Counter({"damaged": len(ref.data)}), f"{len(ref.data)} truncations: {dict(outcomes)}"


def test_an_empty_file_is_damaged_with_exit_code_4() -> None:
    with pytest.raises(ProfileDamagedError) as info:
        vault.open_bytes(b"", vault.WithPassphrase(Secret(PASSPHRASE)))
    assert info.value.exit_code == ExitCode.DAMAGED == 4


# --- random and half-valid files -------------------------------------------------------------------------------

HEADER_FIELDS = ("profile_id", "cipher", "created", "saved", "schema_version", "app_version", "nonce", "slots")
SLOT_FIELDS = ("kind", "key_id", "nonce", "wrapped", "salt", "kdf")
KDF_FIELDS = ("name", "iterations", "memory_kib", "lanes")
BYTE_FIELDS = ("nonce", "wrapped", "salt")


def random_text(rng: random.Random, most: int = 40) -> str:
    """Printable text, some of it beyond ASCII (no lone surrogates: see the hostile category for those)."""
    alphabet = string.ascii_letters + string.digits + string.punctuation + " éßЖ中🔑\t\n"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(most + 1)))


def random_json(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value, of any type, including the floats JSON spells Infinity and NaN."""
    kinds = ["null", "bool", "int", "big int", "float", "text", "base64"]
    if depth < 3:
        kinds += ["list", "object"]
    kind = rng.choice(kinds)
    if kind == "null":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.randint(-(2**31), 2**31)
    if kind == "big int":
        return rng.randint(-(10**40), 10**40)
    if kind == "float":
        return rng.choice([0.5, -1.0, 1e300, -1e-300, float("inf"), float("-inf"), float("nan"), rng.uniform(-9, 9)])
    if kind == "text":
        return random_text(rng)
    if kind == "base64":
        return b64(rng.randbytes(rng.randrange(40)))
    if kind == "list":
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {random_text(rng, 8): random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def _pick_place(rng: random.Random, header: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A random field of the header, of one of its slots, or of the passphrase slot's kdf: (its dict, its key)."""
    where = rng.choice(["header", "slot", "slot", "kdf"])
    found = header.get("slots")
    slots = [slot for slot in found if isinstance(slot, dict)] if isinstance(found, list) else []
    if where == "header" or not slots:
        return header, rng.choice(HEADER_FIELDS)
    slot = rng.choice(slots)
    if where == "kdf" and isinstance(slot.get("kdf"), dict):
        return slot["kdf"], rng.choice(KDF_FIELDS)
    return slot, rng.choice(SLOT_FIELDS)


def fuzz_random_bytes(rng: random.Random, ref: Reference) -> bytes:
    return rng.randbytes(rng.choice([rng.randrange(32), rng.randrange(4096)]))


def fuzz_valid_prefix_random_tail(rng: random.Random, ref: Reference) -> bytes:
    return ref.data[: rng.randrange(len(ref.data))] + rng.randbytes(rng.randrange(3000))


def fuzz_magic_random_tail(rng: random.Random, ref: Reference) -> bytes:
    magic = bytearray(fmt.MAGIC)
    if rng.random() < 0.5:
        magic[rng.randrange(len(magic))] = rng.randrange(256)  # a damaged magic
    return bytes(magic) + rng.randbytes(rng.randrange(3000))


def fuzz_valid_header_random_ciphertext(rng: random.Random, ref: Reference) -> bytes:
    return ref.data[: ref.associated_end] + rng.randbytes(rng.randrange(4000))


def fuzz_header_length_field(rng: random.Random, ref: Reference) -> bytes:
    body = ref.data[fmt.PREFIX.size : ref.checksum_at]
    choice = rng.randrange(4)
    if choice == 0:  # an impossible or wrong length in an otherwise unchanged file
        length = rng.choice([2**31, 2**32 - 1, fmt.MAX_HEADER_BYTES + 1, fmt.MAX_HEADER_BYTES, 0, rng.randrange(2**32)])
        length = rng.choice([length, len(body) + rng.randint(-40, 40)]) % 2**32
        return fmt.PREFIX.pack(fmt.MAGIC, 1, length) + ref.data[fmt.PREFIX.size :]
    if choice == 1:  # the real header padded with whitespace, up to the limit and one past it (checksum right)
        size = rng.choice([fmt.MAX_HEADER_BYTES, fmt.MAX_HEADER_BYTES + 1, rng.randrange(len(body), 70_000)])
        return with_body(body + b" " * (size - len(body)), ref.ciphertext)
    if choice == 2:  # a length claim far beyond the file, checksum over what is there
        prefix = fmt.PREFIX.pack(fmt.MAGIC, 1, rng.choice([2**31, fmt.MAX_HEADER_BYTES])) + body
        return prefix + hashlib.sha256(prefix).digest() + ref.ciphertext
    return fmt.PREFIX.pack(fmt.MAGIC, 1, rng.randrange(2**32))  # a prefix and nothing else


def fuzz_garbage_json_body(rng: random.Random, ref: Reference) -> bytes:
    body = ref.data[fmt.PREFIX.size : ref.checksum_at]
    choice = rng.randrange(6)
    if choice == 0:
        garbage = rng.randbytes(rng.randrange(2000))
    elif choice == 1:
        garbage = random_text(rng, 500).encode("utf-8")
    elif choice == 2:  # the real header cut short
        garbage = body[: rng.randrange(len(body))]
    elif choice == 3:  # valid JSON that is not an object
        garbage = json.dumps(random_json(rng)).encode("utf-8")
    elif choice == 4:  # the real header with bytes that are not UTF-8
        at = rng.randrange(len(body))
        garbage = body[:at] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]) + body[at:]
    else:
        garbage = b""
    return with_body(garbage, ref.ciphertext)


def fuzz_header_fields_removed_or_resized(rng: random.Random, ref: Reference) -> bytes:
    """Valid JSON of the right types, with fields missing, resized, out of range or repeated."""
    header = copy.deepcopy(ref.header_json)
    for _ in range(rng.randint(1, 3)):
        place, key = _pick_place(rng, header)
        change = rng.randrange(10)
        if change == 0:
            place.pop(key, None)
        elif change == 1 and key in BYTE_FIELDS:
            place[key] = b64(rng.randbytes(rng.randrange(40)))
        elif change == 2 and key in BYTE_FIELDS:
            place[key] = rng.choice(["", "!!!!", "abc", "QUJD\n", "QUJD=", "é"])
        elif change == 3:
            place["kind"] = rng.choice(["keyring", "passphrase", "recovery", "fido2", "", "PASSPHRASE"])
        elif change == 4:
            header["slots"] = rng.choice([[], header["slots"] * 2, header["slots"][::-1], header["slots"][:1]])
        elif change == 5 and key in ("iterations", "memory_kib", "lanes"):
            place[key] = rng.choice([0, -1, True, 2**63, rng.randint(-(10**9), 10**9), 33, 9, 256 * 1024 + 1])
        elif change == 6:
            header[rng.choice(["cipher", "profile_id", "created", "saved", "app_version"])] = random_text(rng)
        elif change == 7:
            header["schema_version"] = rng.choice([0, -5, 2**40, "1", "one", "", " 2 ", "9" * 5000])
        elif change == 8 and "key_id" in place:
            place["key_id"] = rng.choice([rng.randbytes(8).hex(), "", random_text(rng, 16)])
        # otherwise this round leaves the header unchanged
    return with_header_json(ref, header)


def fuzz_container_versions(rng: random.Random, ref: Reference) -> bytes:
    body = ref.data[fmt.PREFIX.size : ref.checksum_at]
    return with_body(body, ref.ciphertext, version=rng.choice([0, 2, 3, 255, 65535, rng.randrange(65536)]))


def fuzz_header_fields_wrong_types(rng: random.Random, ref: Reference) -> bytes:
    """Valid JSON with a random field of the header, a slot or its kdf given a value of a random type."""
    header = copy.deepcopy(ref.header_json)
    for _ in range(rng.randint(1, 3)):
        place, key = _pick_place(rng, header)
        place[key] = random_json(rng)
    return with_header_json(ref, header)


def fuzz_hostile_json(rng: random.Random, ref: Reference) -> bytes:
    """Valid or nearly valid JSON made to hurt a parser: deep nesting, huge numbers, Infinity, lone surrogates."""
    header = copy.deepcopy(ref.header_json)
    choice = rng.randrange(5)
    if choice == 0:
        depth = rng.randrange(2_000, 30_000)
        return with_body(rng.choice([b"[", b'{"a":']) * depth, ref.ciphertext)
    if choice == 1:
        digits = rng.randrange(4_400, 20_000)
        return with_body(b'{"cipher":"AES-256-GCM","x":' + b"7" * digits + b"}", ref.ciphertext)
    if choice == 2:
        header["schema_version"] = rng.choice([float("inf"), float("-inf")])
        return with_header_json(ref, header)
    if choice == 3:
        header["profile_id"] = rng.choice(["\ud800", "x\udfff", ref.header.profile_id + "\udcff"])
        return with_header_json(ref, header)
    slot = next(s for s in header["slots"] if s["kind"] == "passphrase")
    slot["kdf"][rng.choice(["iterations", "memory_kib", "lanes"])] = rng.choice([float("nan"), float("inf"), 1e308])
    return with_header_json(ref, header)


Fuzzer = Callable[[random.Random, Reference], bytes]
FUZZERS: list[Any] = [
    pytest.param(fuzz_random_bytes, 700, id="random-bytes"),
    pytest.param(fuzz_valid_prefix_random_tail, 700, id="valid-prefix-random-tail"),
    pytest.param(fuzz_magic_random_tail, 400, id="magic-random-tail"),
    pytest.param(fuzz_valid_header_random_ciphertext, 500, id="valid-header-random-ciphertext"),
    pytest.param(fuzz_header_length_field, 400, id="header-length-field"),
    pytest.param(fuzz_garbage_json_body, 600, id="garbage-json-body"),
    pytest.param(fuzz_header_fields_removed_or_resized, 700, id="header-fields-removed-or-resized"),
    pytest.param(fuzz_container_versions, 200, id="container-versions"),
    pytest.param(
        fuzz_header_fields_wrong_types,
        500,
        id="header-fields-wrong-types",
    ),
    pytest.param(
        fuzz_hostile_json,
        300,
        id="hostile-json",
    ),
]
FUZZ_TOTAL = 5000


def test_the_fuzz_categories_add_up_to_5000_inputs() -> None:
    assert sum(param.values[1] for param in FUZZERS) == FUZZ_TOTAL
    assert all(issubclass(cls, PrivacyAppError) for cls in TYPED)


@pytest.mark.parametrize(("fuzzer", "count"), FUZZERS)
def test_5000_random_and_half_valid_inputs_raise_only_typed_errors(ref: Reference, fuzzer: Fuzzer, count: int) -> None:
    """5,000 inputs in all (split by kind across the parameters), each opened with one of the right passphrase,
    a wrong one, the recovery code, the keyring, the file key or a random key: only NotAProfileError,
    NewerVersionError, WrongKeyError and ProfileDamagedError may come out (or success)."""
    rng = random.Random(f"privacyapp fuzz {fuzzer.__name__}")
    unlocks: list[Unlock] = [
        ref.passphrase(),
        vault.WithPassphrase(Secret("not the passphrase")),
        ref.recovery(),
        ref.keyring(),
        ref.file_key,
        bytes(32),
    ]
    outcomes: Counter[str] = Counter()
    untyped: list[str] = []
    for index in range(count):
        data = fuzzer(rng, ref)
        result = outcome(data, rng.choice(unlocks))
        if result.startswith("untyped"):
            untyped.append(f"#{index} ({len(data)} bytes): {result}")
            result = result.split(":")[0]
        outcomes[result] += 1
    print(f"\n{fuzzer.__name__}: {count} inputs: {dict(outcomes)}")
    assert not untyped, f"{len(untyped)} of {count} inputs raised untyped errors, e.g. {untyped[:5]}"


# --- the focused reproductions of what the fuzzing found ------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "field", "value"),
    [("header", "nonce", 5), ("slot", "nonce", None), ("slot", "wrapped", []), ("slot", "salt", {"a": 1})],
)
def test_a_base64_field_of_another_json_type_is_damaged(ref: Reference, where: str, field: str, value: Any) -> None:
    header = copy.deepcopy(ref.header_json)
    place = header if where == "header" else next(s for s in header["slots"] if s["kind"] == "passphrase")
    place[field] = value
    with pytest.raises(ProfileDamagedError):
        vault.open_bytes(with_header_json(ref, header), ref.passphrase())


def test_a_schema_version_of_infinity_is_damaged(ref: Reference) -> None:
    header = {**ref.header_json, "schema_version": float("inf")}
    with pytest.raises(ProfileDamagedError):
        vault.open_bytes(with_header_json(ref, header), ref.passphrase())


def test_a_deeply_nested_header_is_damaged(ref: Reference) -> None:
    with pytest.raises(ProfileDamagedError):
        vault.open_bytes(with_body(b"[" * 50_000, ref.ciphertext), ref.passphrase())


def test_a_header_with_a_huge_integer_is_damaged(ref: Reference) -> None:
    with pytest.raises(ProfileDamagedError):
        vault.open_bytes(with_body(b'{"x":' + b"7" * 5000 + b"}", ref.ciphertext), ref.passphrase())


def test_a_profile_id_with_a_lone_surrogate_is_damaged(ref: Reference) -> None:
    header = {**ref.header_json, "profile_id": "\ud800"}
    with pytest.raises(ProfileDamagedError):
        vault.open_bytes(with_header_json(ref, header), ref.passphrase())


@pytest.mark.parametrize(
    "plaintext",
    [b'{"schema_version":1,"x":' + b"[" * 50_000, b'{"schema_version":1,"x":' + b"7" * 5000 + b"}"],
    ids=["deep", "huge-int"],
)
def test_a_sealed_payload_that_hurts_the_json_parser_is_damaged(ref: Reference, plaintext: bytes) -> None:
    with pytest.raises(ProfileDamagedError):
        vault.open_bytes(sealed(ref, plaintext), ref.passphrase())


def test_a_sealed_payload_of_the_wrong_shape_is_damaged(ref: Reference) -> None:
    """The seal is right, the JSON inside is not a profile: damaged, never anything else."""
    bad = [
        b"",
        b"\xff\xfe",
        b"[]",
        b'{"name":"x"}',
        b'{"schema_version":"1"}',
        b'{"schema_version":0,"name":"x","created":"y"}',
        payload_json(ref, name=5),
        payload_json(ref, notes=None),
        payload_json(ref, settings=[]),
        payload_json(ref, progress="all done"),
        payload_json(ref, accounts={}),
    ]
    outcomes = [outcome(sealed(ref, plaintext), ref.passphrase()) for plaintext in bad]
    assert outcomes == ["damaged"] * len(bad), list(zip(bad, outcomes, strict=True))


# --- wrong keys ------------------------------------------------------------------------------------------------


def assert_all_wrong_key(data: bytes, unlocks: list[Unlock]) -> None:
    """Each unlock is refused with WrongKeyError: a ProfileLockedError, exit code 3, never damage."""
    results: Counter[str] = Counter()
    for how in unlocks:
        try:
            vault.open_bytes(data, how)
        except WrongKeyError as exc:
            assert isinstance(exc, ProfileLockedError)
            assert not isinstance(exc, ProfileDamagedError)
            assert exc.exit_code == ExitCode.LOCKED == 3
            results["wrong key"] += 1
        except Exception as exc:
            results[type(exc).__name__] += 1
        else:
            results["accepted"] += 1
    assert results == Counter({"wrong key": len(unlocks)}), f"{len(unlocks)} wrong keys: {dict(results)}"


def test_100_wrong_random_file_keys_are_wrong_key_never_damaged(ref: Reference) -> None:
    rng = random.Random("wrong file keys")
    keys = [rng.randbytes(32) for _ in range(100)]
    assert ref.file_key not in keys
    assert_all_wrong_key(ref.data, list(keys))


def test_100_keyrings_holding_a_wrong_key_and_an_empty_one_are_wrong_key(ref: Reference) -> None:
    rng = random.Random("wrong keyring keys")
    unlocks: list[Unlock] = []
    for _ in range(100):
        keystore = MemoryKeyStore()
        keystore.store(ref.header.profile_id, rng.randbytes(32))
        unlocks.append(vault.WithKeyring(keystore))
    unlocks.append(vault.WithKeyring(MemoryKeyStore()))  # no key for this profile at all
    assert_all_wrong_key(ref.data, unlocks)


def test_20_wrong_passphrases_are_wrong_key_never_damaged(ref: Reference) -> None:
    wrong = [
        "",
        " ",
        PASSPHRASE.upper(),
        PASSPHRASE + " ",
        " " + PASSPHRASE,
        PASSPHRASE[:-1],
        PASSPHRASE + "\n",
        PASSPHRASE.replace(" ", ""),
        "reference passphrase for the robustness tests.",
        "Reference passphrase for the robustness tests",
        "correct horse battery staple",
        "password",
        "0" * 1000,
        "é" * 50,
        "🔑🔑🔑",
        "\x00",
        "null",
        "passphrase",
        new_recovery_code(),  # a recovery code typed in the passphrase box
        "reference passphrase for the robustness tests!",
    ]
    assert len(set(wrong)) == 20 and PASSPHRASE not in wrong
    assert_all_wrong_key(ref.data, [vault.WithPassphrase(Secret(p)) for p in wrong])


def test_wrong_recovery_codes_are_wrong_key_never_damaged(ref: Reference) -> None:
    one_changed = ("B" if ref.code[0] != "B" else "C") + ref.code[1:]
    wrong = [new_recovery_code() for _ in range(5)]
    wrong += [one_changed, ref.code[:-1], "", "not a recovery code", PASSPHRASE, "é🔑"]
    assert ref.code not in wrong
    assert_all_wrong_key(ref.data, [vault.WithRecoveryCode(Secret(c)) for c in wrong])


def test_a_wrong_passphrase_through_the_store_is_exit_code_3_and_leaves_the_file_alone(
    ref: Reference, tmp_path: Path
) -> None:
    folder = profile_folder(tmp_path, ref.data)
    with pytest.raises(WrongKeyError) as info:
        ProfileStore.open(folder, vault.WithPassphrase(Secret("not it")))
    assert info.value.exit_code == 3
    assert (folder / PROFILE_FILE).read_bytes() == ref.data
    ProfileStore.open(folder, ref.passphrase()).close()  # the lock was released


# --- hostile parameters and sizes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes"),
    [
        {"memory_kib": 4 * 1024 * 1024, "lanes": 4},
        {"iterations": 10**6},
        {"lanes": 255, "memory_kib": 8 * 255},
        {"iterations": 10**6, "memory_kib": 4 * 1024 * 1024, "lanes": 255},
        {"iterations": 0},
        {"memory_kib": 2**64},
    ],
    ids=["memory-4GiB", "iterations-1e6", "lanes-255", "all-three", "iterations-0", "memory-2**64"],
)
def test_a_kdf_bomb_is_refused_as_damaged_in_well_under_a_second(
    ref: Reference, monkeypatch: pytest.MonkeyPatch, changes: dict[str, int]
) -> None:
    header = copy.deepcopy(ref.header_json)
    slot = next(s for s in header["slots"] if s["kind"] == "passphrase")
    slot["kdf"].update(changes)
    data = with_header_json(ref, header)
    derivations: list[object] = []
    monkeypatch.setattr(vault, "derive_passphrase_key", lambda *args: derivations.append(args) or b"")
    started = time.perf_counter()
    with pytest.raises(ProfileDamagedError) as info:
        vault.open_bytes(data, ref.passphrase())
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"a KDF bomb ({changes}) took {elapsed:.3f} s to refuse"
    assert derivations == [], "Argon2id ran with the file's parameters"
    assert info.value.exit_code == ExitCode.DAMAGED
    assert "passphrase slot" in info.value.message


@pytest.mark.parametrize("length", [2**31, 2**32 - 1, fmt.MAX_HEADER_BYTES + 1])
def test_an_impossible_header_length_is_refused_fast_without_allocating(ref: Reference, length: int) -> None:
    data = fmt.PREFIX.pack(fmt.MAGIC, 1, length) + ref.data[fmt.PREFIX.size :]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = outcome(data, ref.passphrase())
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result == "damaged"
    assert elapsed < 0.5, f"header length {length}: {elapsed:.3f} s"
    assert peak < 256 * 1024, f"header length {length}: {peak} bytes allocated"


class _ClaimsToBeHuge(bytes):
    """Bytes that report a length of 300 MB: what format.decode sees of a 300 MB file, without 300 MB."""

    def __len__(self) -> int:
        return 300 * 1024 * 1024


def test_a_300_mb_file_is_refused_by_its_size(ref: Reference, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the real MAX_FILE_BYTES, through a bytes object that claims 300 MB (making a real one would cost
    300 MB); then with MAX_FILE_BYTES lowered to 4 KiB and a real file one byte over it."""
    assert fmt.MAX_FILE_BYTES < 300 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ProfileDamagedError, match="more than a profile can be"):
        fmt.decode(_ClaimsToBeHuge(ref.data))
    assert time.perf_counter() - started < 0.5
    monkeypatch.setattr(fmt, "MAX_FILE_BYTES", 4096)
    data = ref.data + b"\x00" * (4097 - len(ref.data))
    assert outcome(data, ref.passphrase()) == "damaged"
    assert outcome(data[:4096], ref.passphrase()) == "damaged"  # at the limit: refused by its seal, not its size


def test_the_store_refuses_an_oversized_file_without_reading_it_all(
    ref: Reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MAX_FILE_BYTES lowered to 64 KiB (read at call time) and a sparse 8 MiB file: refusing it must not read
    8 MiB. The same holds for the real limit and a 10 GB file, which this test cannot afford to make."""
    monkeypatch.setattr(fmt, "MAX_FILE_BYTES", 64 * 1024)
    folder = profile_folder(tmp_path, ref.data)
    with (folder / PROFILE_FILE).open("r+b") as file:
        file.truncate(8 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ProfileDamagedError):
            ProfileStore.open(folder, ref.passphrase())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024, f"refusing an 8 MiB file allocated {peak} bytes"


# --- versions --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [2, 7, 65535])
def test_a_newer_container_version_with_a_valid_checksum_is_newer(ref: Reference, tmp_path: Path, version: int) -> None:
    data = with_body(ref.data[fmt.PREFIX.size : ref.checksum_at], ref.ciphertext, version=version)
    assert outcome(data, ref.passphrase()) == "newer"
    assert outcome(data, ref.file_key) == "newer"
    folder = profile_folder(tmp_path, data)
    with pytest.raises(NewerVersionError):
        ProfileStore.open(folder, ref.passphrase())
    assert (folder / PROFILE_FILE).read_bytes() == data


def test_container_version_0_is_damaged(ref: Reference) -> None:
    data = with_body(ref.data[fmt.PREFIX.size : ref.checksum_at], ref.ciphertext, version=0)
    assert outcome(data, ref.passphrase()) == "damaged"


def test_a_newer_payload_schema_opens_read_only_and_is_never_written(ref: Reference, tmp_path: Path) -> None:
    newer = payload.SCHEMA_VERSION + 98
    data = sealed(ref, payload_json(ref, schema_version=newer, notes="written by the future", hologram={"x": 1}))
    folder = profile_folder(tmp_path, data)
    store = ProfileStore.open(folder, ref.passphrase())
    try:
        assert store.read_only
        assert store.data.notes == "written by the future"
        assert dict(store.data.extra) == {"hologram": {"x": 1}}
        attempts: list[Callable[[], object]] = [
            store.save,
            lambda: store.save(store.data.with_changes(notes="changed"), force=True),
            lambda: store.set_passphrase(Secret("another passphrase"), FAST),
            store.new_recovery_code,
        ]
        for attempt in attempts:
            with pytest.raises(ReadOnlyProfileError):
                attempt()
    finally:
        store.close()
    assert (folder / PROFILE_FILE).read_bytes() == data, "a read-only profile was written"
    assert sorted(p.name for p in folder.iterdir()) == [".lock", PROFILE_FILE]
    assert not (folder / BACKUP_FOLDER).exists()


# --- slots and unknown keys ------------------------------------------------------------------------------------


def test_a_slot_moved_between_two_profiles_with_the_same_passphrase_never_opens(tmp_path: Path) -> None:
    """A and B share a passphrase. B's passphrase slot replaced by A's (checksum recomputed, so only the move is
    tested): the slot's KEK is right (same passphrase, A's salt) but the slot is bound to A's profile id."""
    a, a_code, _ = make_profile(tmp_path / "A", "A")
    b, b_code, b_keystore = make_profile(tmp_path / "B", "B")
    header_a, header_b = fmt.decode(a).header, fmt.decode(b).header
    b_rest = fmt.decode(b).ciphertext
    moved = with_body(
        fmt.encode_header(vault.with_slot(header_b, header_a.slots_of("passphrase")[0]))[
            fmt.PREFIX.size : -fmt.CHECKSUM_BYTES
        ],
        b_rest,
    )
    assert fmt.decode(moved).header.slots_of("passphrase") == header_a.slots_of("passphrase")
    passphrase = vault.WithPassphrase(Secret(PASSPHRASE))
    with pytest.raises(ProfileDamagedError, match="key slot does not open"):
        vault.open_bytes(moved, passphrase)
    # and nothing else opens the altered file either
    for how in (vault.WithRecoveryCode(Secret(b_code)), vault.WithKeyring(b_keystore)):
        assert outcome(moved, how) == "damaged"
    assert outcome(moved, vault.WithRecoveryCode(Secret(a_code))) == "wrong key"
    # the recovery slot moved the same way
    moved_recovery = fmt.encode_header(vault.with_slot(header_b, header_a.slots_of("recovery")[0])) + b_rest
    with pytest.raises(ProfileDamagedError, match="key slot does not open"):
        vault.open_bytes(moved_recovery, vault.WithRecoveryCode(Secret(a_code)))


def test_unknown_payload_keys_survive_a_round_trip(ref: Reference, tmp_path: Path) -> None:
    future = {"future_feature": {"nested": [1, 2.5, None, {"deep": "ünïcode"}]}, "z_last": "kept"}
    folder = profile_folder(tmp_path, sealed(ref, payload_json(ref, **future)))
    store = ProfileStore.open(folder, ref.passphrase())
    try:
        assert not store.read_only
        assert dict(store.data.extra) == future
        store.save(store.data.with_changes(notes="edited by this version"))
    finally:
        store.close()
    reopened = ProfileStore.open(folder, ref.recovery())
    try:
        assert reopened.data.notes == "edited by this version"
        assert dict(reopened.data.extra) == future
    finally:
        reopened.close()
    # and in the sealed JSON itself, not only in what this version makes of it
    container = fmt.decode((folder / PROFILE_FILE).read_bytes())
    padded = unseal(ref.file_key, container.header.nonce, container.ciphertext, container.associated)
    raw = json.loads(fmt.unpad(padded))
    assert {key: raw[key] for key in future} == future


def test_a_payload_with_an_escaped_lone_surrogate_survives_a_round_trip(ref: Reference, tmp_path: Path) -> None:
    plaintext = json.dumps({**ref.content.to_json(), "notes": "half an emoji: \ud83d"}).encode("ascii")
    folder = profile_folder(tmp_path, sealed(ref, plaintext))
    store = ProfileStore.open(folder, ref.passphrase())
    try:
        store.save()
    finally:
        store.close()
    store = ProfileStore.open(folder, ref.passphrase())
    store.close()
    assert store.data.notes == "half an emoji: \ud83d"


def test_the_lock_is_released_after_every_refusal(ref: Reference, tmp_path: Path) -> None:
    """A file that cannot be opened leaves no lock behind (the next attempt must not say 'busy')."""
    for name, data in [("damaged", ref.data[:-1]), ("other", b"hello"), ("newer", with_body(b"{}", b"", version=9))]:
        folder = profile_folder(tmp_path, data, name)
        with pytest.raises(PrivacyAppError):
            ProfileStore.open(folder, ref.passphrase())
        lock = ProfileLock(folder)
        lock.acquire()
        lock.release()


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_what_is_not_a_plain_file_at_a_profile_path_is_damage_found_at_once(tmp_path: Path, kind: str) -> None:
    """The GUI lists and opens profiles through read_file: a FIFO nobody writes to used to hang its worker for
    ever, and /dev/zero would never end. Both, and a folder, are damage (a backup is offered), found at once."""
    import os
    import threading

    from privacyapp.core.profile.format import read_file
    from privacyapp.core.profile.manager import ProfileManager

    folder = tmp_path / "profiles" / "default"
    folder.mkdir(parents=True)
    path = folder / "profile.pvault"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_file(path))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "read_file hung"
    assert isinstance(outcome[0], ProfileDamagedError)
    assert "not a plain file" in str(outcome[0])
    listed = ProfileManager(tmp_path / "profiles").list()  # the lock screen's list: says damaged, does not hang
    assert [info.name for info in listed] == ["default"]
