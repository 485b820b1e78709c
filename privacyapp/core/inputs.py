"""Reading what a person hands privacyapp: a file, a pipe, a FIFO, a device or standard input.

Every reader goes through here, so each input gets the same guarantees: at most `limit` bytes are read (a bigger
regular file is refused before it is read), a pipe, FIFO or device is read against a deadline (one that never
sends, or never ends, is refused within seconds instead of hanging), and text that is not UTF-8 is a clear error
that names the line, never the bytes (they may be a password).
"""

from __future__ import annotations

import os
import select
import stat
import sys
import time
from pathlib import Path

from privacyapp.core.errors import UsageError
from privacyapp.i18n import _, ngettext

SECONDS_ENV = "PRIVACYAPP_INPUT_SECONDS"
DEFAULT_SECONDS = 10.0  # a pipe from a password manager answers in well under that; raise it with SECONDS_ENV
CHUNK = 64 * 1024


class InputError(UsageError):
    """An input file or stream cannot be used as it is (exit code 2: bad input). `reason` is the why alone ("it is
    a folder, not a file"), for messages that name the file their own way."""

    def __init__(self, what: str, name: str, reason: str, *, hint: str | None = None) -> None:
        super().__init__(
            _("Cannot read {source}: {reason}.").format(source=_source(what, name), reason=reason), hint=hint
        )
        self.reason = reason


def deadline_seconds() -> float:
    """How long a pipe, FIFO or device may take to send everything: SECONDS_ENV, else DEFAULT_SECONDS."""
    try:
        seconds = float(os.environ.get(SECONDS_ENV, ""))
    except ValueError:
        return DEFAULT_SECONDS
    return seconds if 0 < seconds <= 3600 else DEFAULT_SECONDS


def size_words(count: int) -> str:
    """A size for people: "64 KiB", "8 MiB"."""
    if count >= 1024 * 1024:
        return _("{count} MiB").format(count=count // (1024 * 1024))
    return _("{count} KiB").format(count=max(1, count // 1024))


def read_bytes(path: str | os.PathLike[str], *, limit: int, what: str) -> bytes:
    """The bytes of `path`, at most `limit` of them; InputError when it cannot be read, is too big, is a folder,
    or is a pipe or device that does not finish in time. `what` names the input for the message ("the
    passphrase file")."""
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO that nobody writes to returns at once instead of waiting for a writer.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(what, name, exc.strerror or str(exc)) from exc
    try:
        return read_fd(fd, limit=limit, what=what, name=name)
    finally:
        os.close(fd)


def read_fd(fd: int, *, limit: int, what: str, name: str = "") -> bytes:
    """Like `read_bytes`, from an open file descriptor (standard input: `sys.stdin.fileno()`). Not closed."""
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(what, name, _("it is a folder, not a file"))
        if stat.S_ISREG(info.st_mode):
            if info.st_size > limit:
                raise _too_big(what, name, limit)
            data = _read_file(fd, limit)
        else:
            data = _read_stream(fd, limit, what, name)
    except OSError as exc:
        raise InputError(what, name, exc.strerror or str(exc)) from exc
    if len(data) > limit:
        raise _too_big(what, name, limit)
    return data


def read_text(path: str | os.PathLike[str], *, limit: int, what: str) -> str:
    """`read_bytes` decoded as UTF-8 (a byte-order mark is dropped)."""
    return decode(read_bytes(path, limit=limit, what=what), what=what, name=os.fspath(path))


def read_stdin(*, limit: int, what: str) -> str:
    """Standard input as UTF-8 text, read like a pipe: capped, against the deadline, decoded strictly (Python's
    own decoding would turn bytes that are not UTF-8 into lone surrogates, which then fail far from here)."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):  # an in-memory stream (tests, embedding): already text
        text = sys.stdin.read(limit + 1)
        if len(text) > limit:
            raise _too_big(what, "", limit) from None
        return text
    return decode(read_fd(fd, limit=limit, what=what), what=what)


def decode(data: bytes, *, what: str, name: str = "") -> str:
    """`data` as UTF-8 text; InputError naming the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            what,
            name,
            _("it is not UTF-8 text (line {line})").format(line=line),
            hint=_("Save it as UTF-8 and try again."),
        ) from None  # the exception's own text quotes the bytes, which may be part of a password


def kind_of(path: Path) -> str:
    """What is at `path`, in words, when it is not a regular file or a link to one ("a folder", "a FIFO"); ""
    otherwise (a regular file, or nothing there)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return ""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("a device")


def _source(what: str, name: str) -> str:
    """The input as the messages name it: "the passphrase file /tmp/x", or just "standard input"."""
    return f"{what} {name}" if name else what


def _too_big(what: str, name: str, limit: int) -> InputError:
    return InputError(what, name, _("it is larger than {size}").format(size=size_words(limit)))


def _read_file(fd: int, limit: int) -> bytes:
    """A regular file: read up to one byte past the limit (it may have grown since fstat)."""
    os.set_blocking(fd, True)
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, min(CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _read_stream(fd: int, limit: int, what: str, name: str) -> bytes:
    """A pipe, FIFO, socket or device: wait for data with poll() until the deadline, stop past the limit."""
    seconds = deadline_seconds()
    deadline = time.monotonic() + seconds
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        left = deadline - time.monotonic()
        if left <= 0 or not poller.poll(max(1, int(left * 1000))):
            raise _too_slow(what, name, seconds, started=total > 0)
        try:
            chunk = os.read(fd, CHUNK)
        except BlockingIOError:
            continue
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_slow(what: str, name: str, seconds: float, *, started: bool) -> InputError:
    hint = _("If it is a pipe that needs longer, set {variable} to the seconds to wait.").format(variable=SECONDS_ENV)
    count = round(seconds) if seconds >= 1 else 1  # the plural form follows the number shown
    if started:
        reason = ngettext(
            "it did not end within {seconds:g} second", "it did not end within {seconds:g} seconds", count
        )
    else:
        reason = ngettext(
            "nothing arrived within {seconds:g} second (is anything writing to it?)",
            "nothing arrived within {seconds:g} seconds (is anything writing to it?)",
            count,
        )
    return InputError(what, name, reason.format(seconds=seconds), hint=hint)
