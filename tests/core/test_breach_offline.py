"""Offline Pwned Passwords look-ups: the downloader's single sorted file (binary search by seeking) and its
per-prefix folder, with files generated here from known strings."""

from __future__ import annotations

import hashlib
import io
import random
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.breach import (
    BreachCheckError,
    OfflineHashFile,
    OfflinePrefixFolder,
    check,
    open_offline,
    sha1_hex,
)
from privacyapp.core.redact import Secret

N = 3000


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest().upper()


# password-i -> its hash; the file holds them sorted by hash, and password-i was seen i + 1 times
KNOWN = {f"password-{i}": _sha1(f"password-{i}") for i in range(N)}
COUNTS = {digest: i + 1 for i, digest in enumerate(KNOWN.values())}
SORTED = sorted(COUNTS)
# The downloader's file runs through the last range, FFFFF: one that ends before it was cut short.
END = "FFFFF" + "0" * 35 + ":1"
assert SORTED[-1] < END


def _lines(hashes: list[str], newline: str) -> str:
    return "".join(f"{digest}:{COUNTS[digest]}{newline}" for digest in hashes)


def _whole_file(newline: str) -> str:
    """Every known hash, sorted, and the last range's line."""
    return _lines(SORTED, newline) + END + newline


def _absent_between() -> list[str]:
    """Hashes that sort between two present ones but are not in the file."""
    found = []
    for left in SORTED[:: N // 20]:
        candidate = f"{int(left, 16) + 1:040X}"
        if candidate not in COUNTS:
            found.append(candidate)
    assert len(found) > 10
    return found


@pytest.fixture(params=["\n", "\r\n"], ids=["LF", "CRLF"])
def hash_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "pwned-passwords-sha1-ordered-by-hash.txt"
    path.write_bytes(_whole_file(request.param).encode("ascii"))
    return path


def test_every_present_hash_is_found_with_its_count(hash_file: Path) -> None:
    offline = open_offline(hash_file)
    assert isinstance(offline, OfflineHashFile)
    try:
        for digest in SORTED:
            assert offline.lookup(digest) == COUNTS[digest], digest
        for digest in SORTED[:50]:
            assert offline.lookup(digest.lower()) == COUNTS[digest]
    finally:
        offline.close()


def test_first_and_last_lines_and_passwords(hash_file: Path) -> None:
    offline = OfflineHashFile(hash_file)
    try:
        assert offline.lookup(SORTED[0]) == COUNTS[SORTED[0]]
        assert offline.lookup(SORTED[-1]) == COUNTS[SORTED[-1]]
        for i in (0, 1, 1234, N - 1):
            assert offline.count(Secret(f"password-{i}")) == i + 1
    finally:
        offline.close()


def test_absent_hashes_give_zero(hash_file: Path) -> None:
    assert SORTED[0] > "0" * 40 and SORTED[-1] < "F" * 40
    offline = OfflineHashFile(hash_file)
    try:
        assert offline.lookup("0" * 40) == 0  # before the first line
        assert offline.lookup(f"{int(SORTED[0], 16) - 1:040X}") == 0
        assert offline.lookup("F" * 40) == 0  # after the last line
        assert offline.lookup(f"{int(SORTED[-1], 16) + 1:040X}") == 0
        for digest in _absent_between():
            assert offline.lookup(digest) == 0, digest
        assert offline.count(Secret("not-in-the-file-at-all")) == 0
    finally:
        offline.close()


def test_a_file_without_a_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "hashes.txt"
    path.write_bytes(_whole_file("\r\n").rstrip("\r\n").encode("ascii"))
    offline = OfflineHashFile(path)
    try:
        assert offline.lookup(SORTED[-1]) == COUNTS[SORTED[-1]]
        assert offline.lookup(SORTED[0]) == COUNTS[SORTED[0]]
        assert offline.lookup("F" * 40) == 0
    finally:
        offline.close()


def _shuffled() -> list[str]:
    hashes = list(SORTED)
    random.Random(3).shuffle(hashes)
    return hashes


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(_lines(_shuffled(), "\n"), id="shuffled"),
        pytest.param(_lines(SORTED[::-1], "\r\n"), id="reversed"),
    ],
)
def test_an_unsorted_file_is_refused_at_open(tmp_path: Path, content: str) -> None:
    path = tmp_path / "unsorted.txt"
    path.write_text(content, encoding="ascii", newline="")
    with pytest.raises(BreachCheckError) as info:
        open_offline(path)
    assert info.value.kind == "offline-file"
    assert "not sorted" in info.value.message


def _random_text() -> str:
    rng = random.Random(5)
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "privacy", "password", "breach", "hash"]
    return "\n".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(400)) + "\n"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(_random_text(), id="text"),
        pytest.param(
            "hash,count\n" + "".join(f"{d},{COUNTS[d]}\n" for d in SORTED[:500]),
            id="csv",
        ),
        pytest.param("".join(f"{d[5:]}:{COUNTS[d]}\r\n" for d in SORTED[:500]), id="suffix-rows"),
        pytest.param("".join(f"{d}\n" for d in SORTED[:500]), id="hashes-without-counts"),
        pytest.param("\x00\xff" * 3000, id="binary"),
    ],
)
def test_a_file_that_is_not_a_hash_file_is_refused_at_open(tmp_path: Path, content: str) -> None:
    path = tmp_path / "not-hashes.txt"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(BreachCheckError) as info:
        open_offline(path)
    assert info.value.kind == "offline-file"
    assert "not a Pwned Passwords hash file" in info.value.message
    assert info.value.hint  # says what to download instead


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(BreachCheckError) as info:
        open_offline(path)
    assert info.value.kind == "offline-file"
    assert "empty" in info.value.message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BreachCheckError) as info:
        open_offline(tmp_path / "nowhere.txt")
    assert info.value.kind == "offline-file"
    assert "cannot be opened" in info.value.message


# --- the per-prefix folder -------------------------------------------------------------------------------------


@pytest.fixture
def prefix_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pwnedpasswords"
    folder.mkdir()
    by_prefix: dict[str, list[str]] = {}
    for digest in SORTED[:400]:
        by_prefix.setdefault(digest[:5], []).append(digest)
    for prefix, hashes in by_prefix.items():
        rows = "".join(f"{d[5:]}:{COUNTS[d]}\r\n" for d in hashes)
        (folder / f"{prefix}.txt").write_bytes(rows.encode("ascii"))
    return folder


def _missing_prefix_password(folder: Path) -> tuple[str, str]:
    for i in range(10_000):
        candidate = f"missing-prefix-{i}"
        digest = _sha1(candidate)
        if not (folder / f"{digest[:5]}.txt").exists():
            return candidate, digest
    raise AssertionError("every prefix present?")


def test_prefix_folder_finds_counts(prefix_folder: Path) -> None:
    offline = open_offline(prefix_folder)
    assert isinstance(offline, OfflinePrefixFolder)
    for digest in SORTED[:400]:
        assert offline.lookup(digest) == COUNTS[digest]
        assert offline.lookup(digest.lower()) == COUNTS[digest]
    first = SORTED[0]
    assert offline.lookup(first[:5] + "F" * 35) == 0  # the prefix file is there, the suffix is not
    password = next(p for p, d in KNOWN.items() if d == first)
    assert offline.count(Secret(password)) == COUNTS[first]


def test_prefix_folder_missing_prefix_file_is_a_clear_error(prefix_folder: Path) -> None:
    _password, digest = _missing_prefix_password(prefix_folder)
    with pytest.raises(BreachCheckError) as info:
        OfflinePrefixFolder(prefix_folder).lookup(digest)
    assert info.value.kind == "offline-file"
    assert "missing the file for this password" in info.value.message


def test_prefix_folder_missing_prefix_error_does_not_name_the_prefix(prefix_folder: Path) -> None:
    _password, digest = _missing_prefix_password(prefix_folder)
    with pytest.raises(BreachCheckError) as info:
        OfflinePrefixFolder(prefix_folder).lookup(digest)
    for text in (info.value.message, info.value.one_line(), str(info.value)):
        assert digest[:5] not in text.upper()


def test_a_folder_without_prefix_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "empty-folder" / "readme.txt").write_text("hello\n")
    with pytest.raises(BreachCheckError) as info:
        open_offline(tmp_path / "empty-folder")
    assert info.value.kind == "offline-file"


# --- look-ups seek, they never read the whole file -------------------------------------------------------------


class _CountingRaw(io.FileIO):
    """What is read from the operating system."""

    total = 0

    def readinto(self, buffer: Any) -> int | None:
        count = super().readinto(buffer)
        type(self).total += count or 0
        return count


class _Counting:
    """What the look-up code reads from its file object."""

    def __init__(self, inner: io.BufferedReader) -> None:
        self.inner = inner
        self.total = 0

    def seek(self, *args: int) -> int:
        return self.inner.seek(*args)

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)
        self.total += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.inner.readline(size)
        self.total += len(data)
        return data

    def close(self) -> None:
        self.inner.close()


class _CountingPath(type(Path())):  # type: ignore[misc]
    def open(self, mode: str = "r", *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        assert mode == "rb"
        return _Counting(io.BufferedReader(_CountingRaw(str(self), "rb")))


def test_a_look_up_reads_only_a_few_kilobytes_of_a_big_file(tmp_path: Path) -> None:
    lines = 200_000
    step = 16**40 // (lines + 1)
    path = tmp_path / "big.txt"
    path.write_bytes(b"".join(b"%040X:%d\r\n" % (i * step, i) for i in range(1, lines + 1)) + END.encode() + b"\r\n")
    size = path.stat().st_size
    assert size > 9_000_000

    offline = OfflineHashFile(_CountingPath(path))
    handle: _Counting = offline._handle  # type: ignore[assignment]
    try:
        assert handle.total < 16_384  # the format check samples a few lines
        for i in (1, 2, 777, 100_000, 123_457, lines - 1, lines, None):
            handle.total = 0
            _CountingRaw.total = 0
            if i is None:  # absent: between two lines
                assert offline.lookup(f"{5 * step + 1:040X}") == 0
            else:
                assert offline.lookup(f"{i * step:040X}") == i
            assert handle.total < 8_192, (i, handle.total)
            assert _CountingRaw.total < 256 * 1024, (i, _CountingRaw.total)  # under 3% of the file
    finally:
        offline.close()


# --- check() ------------------------------------------------------------------------------------------------------


def test_check_with_an_offline_file_says_offline(hash_file: Path) -> None:
    offline = OfflineHashFile(hash_file)
    try:
        found = check(Secret("password-41"), offline=offline)
        assert (found.count, found.checked, found.error, found.found) == (42, "offline", "", True)
        absent = check(Secret("Sentinel-not-there"), offline=offline)
        assert (absent.count, absent.checked, absent.found) == (0, "offline", False)
    finally:
        offline.close()


def test_check_with_a_prefix_folder_says_offline_or_could_not_check(prefix_folder: Path) -> None:
    offline = OfflinePrefixFolder(prefix_folder)
    password = next(p for p, d in KNOWN.items() if d == SORTED[7])
    assert check(Secret(password), offline=offline).checked == "offline"
    assert check(Secret(password), offline=offline).count == COUNTS[SORTED[7]]
    missing, _digest = _missing_prefix_password(prefix_folder)
    result = check(Secret(missing), offline=offline)
    assert result.checked == "no"
    assert result.count is None and not result.found
    assert "missing the file for this password" in result.error


def test_sha1_hex_is_upper_case_hex_of_utf8() -> None:
    assert sha1_hex(Secret("password")) == "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"
    assert sha1_hex(Secret("пароль🔑")) == hashlib.sha1("пароль🔑".encode()).hexdigest().upper()
