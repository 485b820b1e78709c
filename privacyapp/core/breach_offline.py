"""Pwned Passwords on this computer: the official downloader's single sorted `SHA1:COUNT` file, or its folder of
per-prefix files, looked up by seeking, never by scanning. Every line a look-up reads is checked, and so is the
order of the lines it passes: a damaged, unsorted or cut file is "could not check", never "not found".

Also the SHA-1 of a password that both the offline and the online look-ups (core/breach.py) start from.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from privacyapp.core.hibp_http import BreachCheckError
from privacyapp.core.redact import Secret
from privacyapp.i18n import _


def sha1_hex(password: Secret) -> str:
    return hashlib.sha1(password.reveal().encode("utf-8"), usedforsecurity=False).hexdigest().upper()


FULL_LINE = re.compile(rb"([0-9A-Fa-f]{40}):([0-9]{1,12})\r?")  # one row of the single file
SUFFIX_LINE = re.compile(rb"([0-9A-Fa-f]{35}):([0-9]{1,12})\r?")  # one row of a per-prefix file
MAX_LINE = 128  # a row is ~45 bytes: a longer stretch without a line end is damage, and is never read whole
SCAN_WINDOW = 2048  # bisect until the range's start is this close, then read on line by line, checking each
MAX_RANGE_ROWS = 100_000  # a real range has ~1,000 rows; far more means the file is not what it claims
MAX_PREFIX_FILE = 4 * 1024 * 1024  # a per-prefix file is ~40 KB
EXACT_LINE_NUMBERS = 64 * 1024 * 1024  # up to here a damaged place is named by its line, counted; further, by byte
LAST_PREFIX = b"FFFFF"  # the downloader's file runs to the end of this range: ending earlier means it was cut
_PREFIX = re.compile(r"[0-9A-Fa-f]{5}")
_SHA1 = re.compile(r"[0-9A-Fa-f]{40}")


class _BadRowError(Exception):
    """A row that is not a row, at byte `offset`: turned into the caller's own message."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


def _offline_prefix(prefix: str) -> bytes:
    if not _PREFIX.fullmatch(prefix):
        raise ValueError("a range prefix is 5 hex characters")
    return prefix.upper().encode("ascii")


def _damaged(where: str, reason: str) -> BreachCheckError:
    # never the hash, its prefix or a per-prefix file's name: those are the password's. The place of the damage is
    # for the person only: in a file sorted by hash it hints at the hash, so the log keeps only that there is damage.
    error = BreachCheckError(
        "offline-file", f"{where} {reason}", hint=_("Download it again with the official downloader.")
    )
    error.logged = "The offline hash file is damaged."
    return error


def _not_a_row() -> str:
    return _("A line there is not a hash and a count (SHA1:COUNT).")


def _out_of_order() -> str:
    return _("Its lines are out of order there, so it cannot be searched.")


def _cut_short() -> str:
    return _("It ends there, before its last range: it may have been cut short.")


class _OneAfterAnother:
    """A source on this computer. Every look-up, one password's or an audit's, reads the password's whole range
    with `fetch_range`, so a check and an audit always give the same answer."""

    def fetch_range(self, prefix: str) -> Mapping[str, int]:
        raise NotImplementedError

    def lookup(self, sha1: str) -> int:
        """How often the hash was seen (0: not in the file); BreachCheckError when it cannot be known."""
        if not _SHA1.fullmatch(sha1):
            raise ValueError("a SHA-1 hash is 40 hex characters")
        return self.fetch_range(sha1[:5]).get(sha1[5:].upper(), 0)

    def count(self, password: Secret) -> int:
        return self.lookup(sha1_hex(password))

    def fetch_ranges(
        self,
        prefixes: Iterable[str],
        *,
        in_flight: int = 1,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> dict[str, Mapping[str, int] | BreachCheckError]:
        """With no network to wait for, one prefix after another."""
        wanted = sorted({p.upper() for p in prefixes})
        results: dict[str, Mapping[str, int] | BreachCheckError] = {}
        for prefix in wanted:
            if cancel is not None and cancel.is_set():
                break
            try:
                results[prefix] = self.fetch_range(prefix)
            except BreachCheckError as exc:
                results[prefix] = exc
            if progress is not None:
                progress(len(results), len(wanted))
        return results


class OfflineHashFile(_OneAfterAnother):
    """The downloader's single file: `SHA1:COUNT` lines, sorted by hash, LF or CRLF. Binary search by seeking.

    Every line a look-up reads is checked, and so is the order of the lines it passes: a damaged, unsorted or
    cut file is "could not check", never "not found"."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or a device would block or never end
                raise BreachCheckError("offline-file", _("The hash file {path} is not a file.").format(path=path))
            self._handle: BinaryIO = path.open("rb")
            self.size = path.stat().st_size
        except OSError as exc:
            raise BreachCheckError(
                "offline-file",
                _("The hash file {path} cannot be opened: {reason}.").format(path=path, reason=exc.strerror),
            ) from exc
        self._lock = threading.Lock()
        try:
            self._check_format()
        except BaseException:
            self._handle.close()
            raise

    def close(self) -> None:
        self._handle.close()

    def _line_at(self, offset: int) -> tuple[int, bytes]:
        """The line that holds byte `offset`: where it starts and its bytes, line end included."""
        back = max(0, offset - MAX_LINE)
        self._handle.seek(back)
        newline = self._handle.read(offset - back).rfind(b"\n")
        if newline < 0 and back > 0:
            raise _BadRowError(offset)
        start = back + newline + 1
        self._handle.seek(start)
        return start, self._handle.readline(MAX_LINE + 1)

    def _row(self, start: int, raw: bytes) -> re.Match[bytes]:
        """The hash and count of one line read whole; a line that is not one is damage."""
        if not raw.endswith(b"\n") and start + len(raw) < self.size:
            raise _BadRowError(start)  # longer than any row
        match = FULL_LINE.fullmatch(raw.removesuffix(b"\n"))
        if match is None:
            raise _BadRowError(start)
        return match

    def _check_format(self) -> None:
        if self.size == 0:
            raise BreachCheckError("offline-file", _("The hash file is empty."))
        samples = []
        with self._lock:
            for n in range(17):
                try:
                    start, raw = self._line_at(min(self.size - 1, self.size * n // 17))
                    samples.append(self._row(start, raw).group(1).upper())
                except _BadRowError:
                    raise BreachCheckError(
                        "offline-file",
                        _("This file is not a Pwned Passwords hash file (expected lines like SHA1:COUNT)."),
                        hint=_("Download the SHA-1 file with the official downloader, in one file or one per prefix."),
                    ) from None
        if samples != sorted(samples):
            raise BreachCheckError(
                "offline-file",
                _("The hash file is not sorted by hash, so it cannot be searched."),
                hint=_("Use the official downloader's output as it is."),
            )

    def fetch_range(self, prefix: str) -> Mapping[str, int]:
        """Suffix -> count for every hash with this prefix, as the range API answers."""
        target = _offline_prefix(prefix)
        with self._lock:
            try:
                return self._read_range(target)
            except _BadRowError as bad:
                raise self._damage(bad.offset, _not_a_row()) from None

    def _read_range(self, target: bytes) -> dict[str, int]:
        low, high = 0, self.size  # `low` and `high` are line starts; the range begins in between
        below: bytes = b""  # the hash of the line just before `low`, once one was read
        above: bytes | None = None  # the hash of the line at `high`, once one was read
        while high - low > SCAN_WINDOW:
            start, raw = self._line_at((low + high) // 2)
            digest = self._row(start, raw).group(1).upper()
            if digest <= below or (above is not None and digest >= above):
                raise self._damage(start, _out_of_order())
            if digest[:5] < target:
                low, below = start + len(raw), digest
            else:
                high, above = start, digest
        return self._scan(low, target, below)

    def _scan(self, offset: int, target: bytes, previous: bytes) -> dict[str, int]:
        """Read on from `offset` to the end of the range, each line checked and each after the one before."""
        rows: dict[str, int] = {}
        self._handle.seek(offset)
        while len(rows) <= MAX_RANGE_ROWS:
            raw = self._handle.readline(MAX_LINE + 1)
            if not raw:  # the end of the file: only the last range may end with it
                if target == LAST_PREFIX:
                    return rows
                raise self._damage(max(0, offset - 1), _cut_short())  # named by its last line
            match = self._row(offset, raw)
            digest = match.group(1).upper()
            if digest <= previous:
                raise self._damage(offset, _out_of_order())
            if digest[:5] > target:
                return rows
            if digest[:5] == target and int(match.group(2)) > 0:
                rows[digest[5:].decode("ascii")] = int(match.group(2))
            previous = digest
            offset += len(raw)
        raise self._damage(offset, _("One range there holds far more lines than any real range."))

    def _damage(self, offset: int, reason: str) -> BreachCheckError:
        if offset > EXACT_LINE_NUMBERS:  # counting lines so far would read gigabytes
            where = _("The offline hash file is damaged near byte {offset:,}.").format(offset=offset)
        else:
            where = _("The offline hash file is damaged near line {line:,}.").format(line=self._line_number(offset))
        return _damaged(where, reason)

    def _line_number(self, offset: int) -> int:
        self._handle.seek(0)
        lines, left = 1, offset
        while left > 0:
            chunk = self._handle.read(min(left, 1 << 20))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            left -= len(chunk)
        return lines


class OfflinePrefixFolder(_OneAfterAnother):
    """The downloader's folder of per-prefix files: `ABCDE.txt` holding `SUFFIX:COUNT` lines, sorted."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_dir() or not any(path.glob("?????.txt")):
            raise BreachCheckError(
                "offline-file", _("{path} has no per-prefix files like 00000.txt.").format(path=path)
            )

    def fetch_range(self, prefix: str) -> Mapping[str, int]:
        # never name the file in a message: its name is the password's hash prefix
        return _prefix_rows(self._read(self.path / f"{_offline_prefix(prefix).decode('ascii')}.txt"))

    @staticmethod
    def _read(file: Path) -> bytes:
        try:
            descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
        except FileNotFoundError as exc:
            raise BreachCheckError("offline-file", _("The folder is missing the file for this password.")) from exc
        except OSError as exc:
            raise BreachCheckError(
                "offline-file",
                _("The folder's file for this password cannot be opened: {reason}.").format(reason=exc.strerror),
            ) from exc
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise BreachCheckError("offline-file", _("The folder's file for this password is not a file."))
            data = handle.read(MAX_PREFIX_FILE + 1)
        if len(data) > MAX_PREFIX_FILE:
            raise BreachCheckError(
                "offline-file", _("The folder's file for this password is far bigger than a range of hashes.")
            )
        return data


def _prefix_rows(data: bytes) -> dict[str, int]:
    """The rows of one per-prefix file, each line checked, and in order (padding rows, count 0, left out)."""

    def damage(line: int, reason: str) -> BreachCheckError:
        where = _("The offline file for this password is damaged near line {line:,}.").format(line=line)
        return _damaged(where, reason)

    if not data.strip():
        raise damage(1, _("It is empty."))
    rows: dict[str, int] = {}
    previous = b""
    lines = data.removesuffix(b"\n").split(b"\n")
    for number, line in enumerate(lines, start=1):
        match = SUFFIX_LINE.fullmatch(line)
        if match is None:
            raise damage(number, _not_a_row())
        suffix, count = match.group(1).upper(), int(match.group(2))
        if count == 0:
            continue  # padding, placed anywhere
        if suffix <= previous:
            raise damage(number, _out_of_order())
        rows[suffix.decode("ascii")] = count
        previous = suffix
    return rows


def open_offline(path: str | os.PathLike[str]) -> OfflineHashFile | OfflinePrefixFolder:
    target = Path(path)
    if target.is_dir():
        return OfflinePrefixFolder(target)
    return OfflineHashFile(target)
