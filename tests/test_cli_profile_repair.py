"""A profile that something else damaged can always be put right: a file written over with zeros or random bytes,
a broken link, a header edited with its checksum recomputed, copies kept in conflicts, and an export on a full
disk. Real files, a real symlink, a real small tmpfs."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.errors import ExitCode, ProfileConflictError
from privacyapp.core.profile import backups as bk
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import vault
from privacyapp.core.profile.store import BACKUP_FOLDER, PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret
from tests.conftest import CLI_PASSPHRASE, CliResult, cli_run
from tests.test_cli_profile import edit

HOW = vault.WithPassphrase(Secret(CLI_PASSPHRASE))
RESTORE_COMMAND = "privacyapp-cli profile restore"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_KDF_PARAMS", "1,8,1")


@pytest.fixture
def folder(capsys: pytest.CaptureFixture[str], pass_file: Path, data_dir: Path) -> Path:
    """The profile 'default', saved four times: three backups beside it."""
    created = cli_run(capsys, "profile", "create", "--no-keyring", "--passphrase-file", pass_file)
    assert created.code == 0, created.err
    where = data_dir / "data" / "profiles" / "default"
    for n in range(4):
        edit(where, notes=f"note {n}")
    assert len(bk.list_backups(where / BACKUP_FOLDER)) >= 3
    return where


def notes_of(path: Path) -> str:
    return vault.open_bytes(path.read_bytes(), HOW).decoded.data.notes


def one_error_line(result: CliResult) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


# --- 4. a file written over with zeros or random bytes is damage, and restore brings the profile back --------------


@pytest.mark.parametrize("filler", ["zeros", "random"])
def test_a_profile_written_over_is_damaged_and_restore_works(
    capsys: pytest.CaptureFixture[str], pass_file: Path, folder: Path, filler: str
) -> None:
    file = folder / PROFILE_FILE
    size = file.stat().st_size
    garbage = bytes(size) if filler == "zeros" else os.urandom(size)
    file.write_bytes(garbage)

    opened = cli_run(capsys, "accounts", "list", "--passphrase-file", pass_file)
    assert opened.code == ExitCode.DAMAGED == 4
    line = one_error_line(opened)
    assert "damaged" in line and "written over" in line and RESTORE_COMMAND in line
    assert "not a privacyapp profile" not in line
    listed = cli_run(capsys, "profile", "list")
    assert listed.code == 0 and "damaged" in listed.out
    assert "opens with: passphrase" in listed.out  # read from the backups, so that the right unlock is offered

    restored = cli_run(capsys, "profile", "restore", "--passphrase-file", pass_file)
    assert restored.code == 0, restored.err
    assert notes_of(file) == "note 2"  # the newest backup: the version before the last save
    kept = re.search(r"The damaged file was kept as (damaged-\S+\.pvault)\.", restored.out)
    assert kept is not None and (folder / kept.group(1)).read_bytes() == garbage
    assert cli_run(capsys, "accounts", "list", "--passphrase-file", pass_file).code == 0


def test_import_of_a_file_that_is_no_profile_still_says_so(
    capsys: pytest.CaptureFixture[str], pass_file: Path, tmp_path: Path
) -> None:
    """Only at a profile's own path is such a file damage; given to import, it is just not a profile."""
    stranger = tmp_path / "holiday.jpg"
    stranger.write_bytes(bytes(4096))
    result = cli_run(
        capsys, "--profile", "new", "profile", "import", stranger, "--no-keyring", "--passphrase-file", pass_file,
        "--export-passphrase-file", pass_file,
    )  # fmt: skip
    assert result.code == ExitCode.FAILURE
    assert "This file is not a privacyapp profile." in one_error_line(result)


# --- 7. a broken link, and a header edited with its checksum recomputed ------------------------------------------


def test_a_broken_link_is_named_and_restore_replaces_it(
    capsys: pytest.CaptureFixture[str], pass_file: Path, folder: Path, tmp_path: Path
) -> None:
    file = folder / PROFILE_FILE
    file.unlink()
    file.symlink_to(tmp_path / "moved-away.pvault")

    opened = cli_run(capsys, "accounts", "list", "--passphrase-file", pass_file)
    assert opened.code == ExitCode.DAMAGED
    line = one_error_line(opened)
    assert "broken link" in line and "moved-away.pvault" in line
    assert "There is no profile" not in line
    assert "default\t" in cli_run(capsys, "profile", "list").out  # listed, to be put right
    assert cli_run(capsys, "profile", "backups").code == 0

    restored = cli_run(capsys, "profile", "restore", "--passphrase-file", pass_file)
    assert restored.code == 0, restored.err
    assert "The broken link was replaced by the restored file." in restored.out
    assert not file.is_symlink() and notes_of(file) == "note 2"


def edit_header(file: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the header's JSON and write the checksum it then needs, as a careful hand with an editor would."""
    data = file.read_bytes()
    _magic, version, length = fmt.PREFIX.unpack_from(data)
    end = fmt.PREFIX.size + length
    header = json.loads(data[fmt.PREFIX.size : end])
    change(header)
    body = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    prefix = fmt.PREFIX.pack(fmt.MAGIC, version, len(body)) + body
    file.write_bytes(prefix + hashlib.sha256(prefix).digest() + data[end + fmt.CHECKSUM_BYTES :])


def passphrase_slot(header: dict[str, Any]) -> dict[str, Any]:
    return next(slot for slot in header["slots"] if slot["kind"] == "passphrase")


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("kdf", lambda slot: slot["kdf"].update(iterations=slot["kdf"]["iterations"] + 1)),
        ("salt", lambda slot: slot.update(salt="QUJDREVGR0hJSktMTU5PUA==")),
        ("key_id", lambda slot: slot.update(key_id="0123456789abcdef")),
    ],
)
def test_a_passphrase_slot_changed_by_hand_is_named_against_a_backup(
    capsys: pytest.CaptureFixture[str], pass_file: Path, folder: Path, field: str, change: Callable[..., None]
) -> None:
    file = folder / PROFILE_FILE
    edit_header(file, lambda header: change(passphrase_slot(header)))
    result = cli_run(capsys, "accounts", "list", "--passphrase-file", pass_file)
    assert result.code == ExitCode.DAMAGED, result.err
    line = one_error_line(result)
    assert "passphrase slot was changed by something other than privacyapp" in line and field in line
    assert "Wrong passphrase" not in line and RESTORE_COMMAND in line
    assert cli_run(capsys, "profile", "restore", "--passphrase-file", pass_file).code == 0
    assert cli_run(capsys, "accounts", "list", "--passphrase-file", pass_file).code == 0


def test_without_a_backup_to_compare_a_changed_slot_reads_as_either(
    capsys: pytest.CaptureFixture[str], pass_file: Path, folder: Path
) -> None:
    shutil.rmtree(folder / BACKUP_FOLDER)
    edit_header(folder / PROFILE_FILE, lambda header: passphrase_slot(header)["kdf"].update(iterations=2))
    result = cli_run(capsys, "accounts", "list", "--passphrase-file", pass_file)
    assert result.code == ExitCode.LOCKED == 3
    line = one_error_line(result)
    assert "Wrong passphrase, or this file was changed by something other than privacyapp." in line


def test_a_plain_wrong_passphrase_is_still_just_that(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    result = cli_run(capsys, "accounts", "list", "--passphrase-file", wrong)
    assert result.code == ExitCode.LOCKED
    assert one_error_line(result).endswith("Wrong passphrase.")  # the backup shows the slot is untouched


# --- 5. conflict copies: one per conflict, listed and restored like backups --------------------------------------


def test_one_conflict_copy_per_conflict_holding_our_newest_version(folder: Path) -> None:
    file = folder / PROFILE_FILE
    store = ProfileStore.open(folder, HOW)
    try:
        theirs = bk.list_backups(folder / BACKUP_FOLDER)[0].path.read_bytes()
        replace_file(file, theirs)
        for n in range(5):  # autosave goes on while the person has not chosen yet
            with pytest.raises(ProfileConflictError):
                store.save(store.data.with_changes(notes=f"mine {n}"))
        copies = bk.list_conflicts(folder)
        assert len(copies) == 1
        assert notes_of(copies[0].path) == "mine 4"
        assert file.read_bytes() == theirs

        other = bk.list_backups(folder / BACKUP_FOLDER)[1].path.read_bytes()
        replace_file(file, other)  # the other program writes yet another version: a new conflict
        with pytest.raises(ProfileConflictError):
            store.save(store.data.with_changes(notes="mine again"))
        assert len(bk.list_conflicts(folder)) == 2
        assert [p.name for p in folder.iterdir() if p.name.startswith(".profile-")] == []
    finally:
        store.close()


def replace_file(file: Path, data: bytes) -> None:
    temp = file.with_name("other-program.tmp")
    temp.write_bytes(data)
    temp.replace(file)


def test_conflict_copies_are_listed_and_restored_like_backups(
    capsys: pytest.CaptureFixture[str], pass_file: Path, folder: Path
) -> None:
    store = ProfileStore.open(folder, HOW)
    try:
        replace_file(folder / PROFILE_FILE, bk.list_backups(folder / BACKUP_FOLDER)[0].path.read_bytes())
        with pytest.raises(ProfileConflictError) as info:
            store.save(store.data.with_changes(notes="mine, kept aside"))
    finally:
        store.close()
    [copy] = bk.list_conflicts(folder)
    assert copy.path.name in info.value.message

    listed = cli_run(capsys, "profile", "backups")
    assert listed.code == 0
    [row] = [line for line in listed.out.splitlines() if line.startswith(copy.path.name)]
    assert "your version" in row
    assert cli_run(capsys, "profile", "restore", "--passphrase-file", pass_file).code == 0
    assert notes_of(folder / PROFILE_FILE) != "mine, kept aside", "the newest backup, never a conflict copy unasked"

    named = cli_run(capsys, "profile", "restore", copy.path.name, "--passphrase-file", pass_file)
    assert named.code == 0, named.err
    assert notes_of(folder / PROFILE_FILE) == "mine, kept aside"

    (folder / PROFILE_FILE).write_bytes(bytes(4000))  # and with the profile itself damaged
    again = cli_run(capsys, "profile", "restore", copy.path.name, "--passphrase-file", pass_file)
    assert again.code == 0, again.err
    assert notes_of(folder / PROFILE_FILE) == "mine, kept aside"


# --- 6. an export on a full disk leaves nothing behind, so trying again works -----------------------------------


def test_an_export_on_a_full_disk_leaves_nothing_and_the_retry_works(
    capsys: pytest.CaptureFixture[str], pass_file: Path, folder: Path, small_disk: Path
) -> None:
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        while True:  # until the disk is full
            os.write(fd, b"\0" * 1024)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    target = small_disk / "profile-export.pvault"
    args = ("profile", "export", target, "--passphrase-file", pass_file, "--export-passphrase-file", pass_file)

    full = cli_run(capsys, *args)
    assert full.code == ExitCode.FAILURE
    assert "Cannot write" in one_error_line(full)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"], "no empty or partial file is left"

    filler.unlink()
    retry = cli_run(capsys, *args)
    assert retry.code == 0, retry.err
    assert target.stat().st_mode & 0o777 == 0o600
    assert vault.open_bytes(target.read_bytes(), HOW).decoded.data.notes == "note 3"
    assert sorted(p.name for p in small_disk.iterdir()) == [target.name]
    again = cli_run(capsys, *args)
    assert again.code == ExitCode.USAGE and "already exists" in one_error_line(again)
