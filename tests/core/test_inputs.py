"""Reading inputs (core/inputs.py): capped in size, bounded in time for pipes, FIFOs and devices, strict UTF-8 with
the line named and the bytes never quoted; and `visible()` (core/text.py), which shows control characters escaped."""

from __future__ import annotations

import json
import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from privacyapp.core import inputs
from privacyapp.core.inputs import InputError, decode, read_bytes, read_fd, read_text
from privacyapp.core.text import json_safe, visible


@pytest.fixture(autouse=True)
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(inputs.SECONDS_ENV, "1")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def started(work: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"hello\nworld\n")
    assert read_bytes(path, limit=100, what="the file") == b"hello\nworld\n"
    assert read_text(path, limit=100, what="the file") == "hello\nworld\n"


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sparse.bin"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # sparse: reading it would cost 50 MiB of memory
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="larger than 1 MiB"):
            read_bytes(path, limit=1024 * 1024, what="the file")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


def test_dev_zero_is_cut_at_the_cap_with_bounded_memory() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="Cannot read the file /dev/zero: it is larger than 64 KiB"):
            read_bytes("/dev/zero", limit=64 * 1024, what="the file")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


def test_a_fifo_nobody_writes_to_is_refused_instead_of_hanging(fifo: Path) -> None:
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_bytes(fifo, limit=1024, what="the passphrase file")
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    thread = started(read)
    thread.join(timeout=30)
    assert not thread.is_alive(), "the read of a FIFO without a writer still hangs"
    assert isinstance(outcome[0], InputError)
    assert outcome[0].message.endswith("nothing arrived within 1 second (is anything writing to it?).")
    assert inputs.SECONDS_ENV in (outcome[0].hint or "")


def test_a_fifo_that_never_ends_is_refused(fifo: Path) -> None:
    stop = threading.Event()

    def write_forever() -> None:
        with fifo.open("wb", buffering=0) as out:
            while not stop.is_set():
                out.write(b"x")
                time.sleep(0.05)

    writer = started(write_forever)
    try:
        with pytest.raises(InputError, match="it did not end within 1 second"):
            read_bytes(fifo, limit=1024 * 1024, what="the file")
    finally:
        stop.set()
    writer.join(timeout=30)


def test_a_fifo_with_a_writer_is_read(fifo: Path) -> None:
    def write() -> None:
        with fifo.open("wb") as out:
            out.write(b"a passphrase\n")

    writer = started(write)
    assert read_text(fifo, limit=1024, what="the passphrase file") == "a passphrase\n"
    writer.join(timeout=30)


def test_a_pipe_is_read_to_its_end_and_capped() -> None:
    reader, writer = os.pipe()
    os.write(writer, b"x" * 5000)
    os.close(writer)
    try:
        with pytest.raises(InputError, match="larger than"):
            read_fd(reader, limit=1024, what="standard input")
    finally:
        os.close(reader)
    reader, writer = os.pipe()
    os.write(writer, b"one\ntwo\n")
    os.close(writer)
    try:
        assert read_fd(reader, limit=1024, what="standard input") == b"one\ntwo\n"
    finally:
        os.close(reader)


def test_a_folder_is_named_as_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="it is a folder, not a file"):
        read_bytes(tmp_path, limit=1024, what="the file")


def test_a_missing_file_says_why(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"Cannot read the file .*: No such file"):
        read_bytes(tmp_path / "nope", limit=1024, what="the file")


def test_text_that_is_not_utf8_names_the_line_never_the_bytes() -> None:
    with pytest.raises(InputError) as info:
        decode(b"first\nsecond\npw\xff\n", what="standard input")
    assert info.value.message == "Cannot read standard input: it is not UTF-8 text (line 3)."
    assert "xff" not in info.value.one_line() and info.value.__cause__ is None
    assert info.value.exit_code == 2


def test_a_byte_order_mark_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbfhello", what="the file") == "hello"


# --- visible(): control characters shown, never acted on ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # sets a terminal's title
        ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),  # clears the screen
        ("a\x9b31mb", "a\\x9b31mb"),  # an 8-bit CSI
        ("evil\u202egnp.exe", "evil\\u202egnp.exe"),  # right-to-left override
        ("line\nbreak\ttab\x7f", "line\\x0abreak\\x09tab\\x7f"),
        ("bad\udcffbyte", "bad\\udcffbyte"),  # a byte that was not UTF-8
        ("plain café ✓", "plain café ✓"),
    ],
)
def test_visible_escapes_what_a_terminal_would_act_on(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_visible_keeps_the_line_breaks_it_is_told_to() -> None:
    assert visible("a\nb\tc\x1b", keep="\n\t") == "a\nb\tc\\x1b"


def test_json_safe_is_the_same_json_without_raw_controls() -> None:
    value = ["\x9b2J", "\u202e", "\x7f", "\x1b", "ok"]
    text = json_safe(json.dumps(value, ensure_ascii=False))
    assert not any(c in text for c in "\x9b\u202e\x7f\x1b")
    assert json.loads(text) == value
