"""A damaged, unsorted or cut offline hash file is "could not check", never "not found", and `password check`
and `password audit` always give the same answer: both read the password's whole range, checking every line."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from privacyapp.core import breach, breach_offline
from privacyapp.core.audit import Login, audit
from privacyapp.core.breach import BreachCheckError, OfflineHashFile, OfflinePrefixFolder, check, open_offline
from privacyapp.core.redact import Secret
from tests.conftest import tool

LEAKED = "Sentinel-offline-damage-7c1"
DIGEST = hashlib.sha1(LEAKED.encode()).hexdigest().upper()
PREFIX = DIGEST[:5]
END = "FFFFF" + "0" * 35 + ":1"  # a whole file runs through the last range


def _neighbours(count: int) -> list[str]:
    """Hashes in the password's own range, and around it: the rows a look-up passes on its way."""
    start = int(DIGEST, 16)
    near = [f"{start + k * 7919:040X}" for k in range(-count // 2, count // 2) if k]
    others = [hashlib.sha1(str(i).encode()).hexdigest().upper() for i in range(4000)]
    return sorted(set(near + others))


HASHES = sorted([*_neighbours(40), DIGEST])
ROW = HASHES.index(DIGEST)  # the password's row, 0-based; its line number is ROW + 1
assert HASHES[ROW - 1][:5] == PREFIX, "the line before the password's row is in the same range"


def _rows() -> list[str]:
    return [f"{h}:{4242 if h == DIGEST else 3}" for h in HASHES]


def _write(path: Path, rows: list[str], *, end: bool = True) -> Path:
    path.write_text("\n".join(rows + ([END] if end else [])) + "\n", encoding="ascii")
    return path


def _damaged_before_the_row(path: Path) -> Path:
    rows = _rows()
    rows[ROW - 1] = rows[ROW - 1][:12] + "zz" + rows[ROW - 1][14:]  # one bad line just before the password's
    return _write(path, rows)


def _swapped_near_the_row(path: Path) -> Path:
    rows = _rows()
    rows.insert(ROW - 3, rows.pop(ROW))  # the password's row moved up three lines: sorted everywhere else
    return _write(path, rows)


def _cut_before_the_range(path: Path) -> Path:
    return _write(path, _rows()[: ROW - 5], end=False)  # cut at a line end, as `head -n` does


def _cut_inside_a_row(path: Path) -> Path:
    data = _write(path, _rows()).read_bytes()
    path.write_bytes(data[: data.index(DIGEST.encode()) - 20])  # ends in the middle of the line before it
    return path


DAMAGE = {
    "bad-line": (_damaged_before_the_row, ROW, "not a hash and a count"),
    "out-of-order": (_swapped_near_the_row, None, "out of order"),
    "cut-at-a-line-end": (_cut_before_the_range, ROW - 5, "cut short"),
    "cut-inside-a-row": (_cut_inside_a_row, ROW, "not a hash and a count"),
}


def _no_hash_in(text: str) -> None:
    assert DIGEST not in text.upper() and PREFIX not in text.upper() and LEAKED not in text


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_check_and_audit_both_say_could_not_check(tmp_path: Path, damage: str) -> None:
    make, line, reason = DAMAGE[damage]
    source = open_offline(make(tmp_path / "pwned.txt"))  # the damage is between the points checked at open
    try:
        single = check(Secret(LEAKED), offline=source)
        [audited] = audit([Login("a.example", "sam", Secret(LEAKED))], source)
    finally:
        assert isinstance(source, OfflineHashFile)
        source.close()
    assert (single.count, single.checked, audited.breach_count) == (None, "no", None)
    assert single.error == audited.error
    assert "damaged near line" in single.error and reason in single.error
    if line is not None:
        assert f"near line {line:,}." in single.error
    _no_hash_in(single.error)


def test_an_intact_file_still_answers(tmp_path: Path) -> None:
    source = OfflineHashFile(_write(tmp_path / "pwned.txt", _rows()))
    try:
        assert source.lookup(DIGEST) == 4242
        assert source.fetch_range(PREFIX)[DIGEST[5:]] == 4242
        assert source.lookup(f"{int(DIGEST, 16) + 1:040X}") == 0  # absent, inside a whole range
        assert source.lookup("F" * 40) == 0  # the last range may end with the file
    finally:
        source.close()


def test_damage_elsewhere_does_not_touch_this_range(tmp_path: Path) -> None:
    rows = _rows()
    rows[5] = "not a row"  # far from the password's range, and not among the lines sampled at open
    source = OfflineHashFile(_write(tmp_path / "pwned.txt", rows))
    try:
        assert source.lookup(DIGEST) == 4242
    finally:
        source.close()


def test_a_line_longer_than_any_row_is_damage(tmp_path: Path) -> None:
    rows = _rows()
    rows[ROW - 1] = "A" * 5_000  # longer than any row, no line end: just before the password's
    source = OfflineHashFile(_write(tmp_path / "pwned.txt", rows))
    try:
        with pytest.raises(BreachCheckError) as info:
            source.lookup(DIGEST)
    finally:
        source.close()
    assert f"damaged near line {ROW:,}." in info.value.message


def test_far_into_a_big_file_the_place_is_named_by_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(breach_offline, "EXACT_LINE_NUMBERS", 1000)  # as if the file were tens of gigabytes
    source = OfflineHashFile(_damaged_before_the_row(tmp_path / "pwned.txt"))
    try:
        with pytest.raises(BreachCheckError) as info:
            source.lookup(DIGEST)
    finally:
        source.close()
    assert "damaged near byte" in info.value.message
    _no_hash_in(info.value.one_line())


def _bounded(work: Callable[[], object]) -> object:
    """What `work` returns or raises, in a thread given 30 s: a FIFO opened plainly would wait for ever."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "a FIFO must be refused, not waited on"
    return outcome[0]


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pwned.txt"
    os.mkfifo(fifo)
    outcome = _bounded(lambda: open_offline(fifo))
    assert isinstance(outcome, BreachCheckError) and "is not a file" in outcome.message


# --- the CLI: the same answer from `check` and `audit` -----------------------------------------------------------


def _cli(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRIVACYAPP_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [tool("privacyapp-cli"), *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize("damage", ["bad-line", "cut-at-a-line-end"])
def test_cli_check_and_audit_agree(tmp_path: Path, data_dir: Path, damage: str) -> None:
    make, line, _reason = DAMAGE[damage]
    hashes = make(tmp_path / "pwned.txt")
    export = tmp_path / "export.csv"
    export.write_text(f"name,url,username,password,note\nA,https://a.example,sam,{LEAKED},\n", encoding="utf-8")

    single = _cli(data_dir, "password", "check", "--offline-file", str(hashes), stdin=f"{LEAKED}\n")
    many = _cli(data_dir, "password", "audit", str(export), "--offline-file", str(hashes))
    as_json = _cli(data_dir, "password", "audit", str(export), "--offline-file", str(hashes), "--json")

    assert (single.returncode, many.returncode, as_json.returncode) == (1, 1, 1), (single.stderr, many.stderr)
    assert f"could not check for breaches: The offline hash file is damaged near line {line:,}" in single.stdout
    assert f"could not check (The offline hash file is damaged near line {line:,}" in many.stdout
    [row] = json.loads(as_json.stdout)
    assert row["breach_count"] is None and f"damaged near line {line:,}" in row["error"]
    for result in (single, many, as_json):
        assert "FOUND" not in result.stdout and "not in known breaches" not in result.stdout
        assert "Traceback" not in result.stderr
        _no_hash_in(result.stdout + result.stderr)
    # where the damage is, in a file sorted by hash, hints at the hash: shown to the person, never logged
    logged = "".join(f.read_text(errors="replace") for f in data_dir.rglob("*.log*") if f.is_file())
    assert "near line" not in logged and "near byte" not in logged


# --- the per-prefix folder ---------------------------------------------------------------------------------------


def _folder(tmp_path: Path, body: bytes) -> Path:
    folder = tmp_path / "hashes"
    folder.mkdir()
    (folder / "00000.txt").write_bytes(b"0" * 35 + b":1\r\n")
    (folder / f"{PREFIX}.txt").write_bytes(body)
    return folder


def _folder_rows() -> list[bytes]:
    return [f"{h[5:]}:{4242 if h == DIGEST else 3}".encode() for h in HASHES if h[:5] == PREFIX]


def _folder_body(change: str) -> bytes:
    rows = _folder_rows()
    at = [r[:30] for r in rows].index(DIGEST[5:35].encode())
    if change == "bad-line":
        rows[at - 1] = rows[at - 1][:10] + b"#" + rows[at - 1][11:]
    elif change == "out-of-order":
        rows[at - 1], rows[at] = rows[at], rows[at - 1]
    elif change == "cut-inside-a-row":
        return b"\r\n".join(rows)[: -len(rows[-1]) + 8]
    elif change == "empty":
        return b"\r\n"
    return b"\r\n".join(rows) + b"\r\n"


@pytest.mark.parametrize("change", ["bad-line", "out-of-order", "cut-inside-a-row", "empty"])
def test_a_damaged_prefix_file_is_could_not_check(tmp_path: Path, change: str) -> None:
    folder = OfflinePrefixFolder(_folder(tmp_path, _folder_body(change)))
    single = check(Secret(LEAKED), offline=folder)
    [audited] = audit([Login("a.example", "sam", Secret(LEAKED))], folder)
    assert (single.count, single.checked, audited.breach_count) == (None, "no", None)
    assert single.error == audited.error
    assert "The offline file for this password is damaged near line" in single.error
    _no_hash_in(single.error)


def test_an_intact_prefix_file_answers(tmp_path: Path) -> None:
    folder = OfflinePrefixFolder(_folder(tmp_path, _folder_body("none")))
    assert check(Secret(LEAKED), offline=folder).count == 4242


def test_a_prefix_file_that_is_a_fifo_or_too_big_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, _folder_body("none"))
    (folder / f"{PREFIX}.txt").unlink()
    os.mkfifo(folder / f"{PREFIX}.txt")
    result = _bounded(lambda: check(Secret(LEAKED), offline=OfflinePrefixFolder(folder)))
    assert isinstance(result, breach.BreachResult)
    assert result.checked == "no" and "is not a file" in result.error
    (folder / f"{PREFIX}.txt").unlink()
    (folder / f"{PREFIX}.txt").write_bytes(b"0" * 35 + b":1\r\n" * 2_000_000)
    result = check(Secret(LEAKED), offline=OfflinePrefixFolder(folder))
    assert result.checked == "no" and "far bigger" in result.error
    _no_hash_in(result.error)
