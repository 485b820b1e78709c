"""Saving never loses data: a failure at any I/O step, a full disk, damage, a change by another program, a
second instance. Each test checks what is on disk afterwards, byte for byte where it matters."""

from __future__ import annotations

import errno
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from privacyapp.core.errors import (
    ExitCode,
    ProfileBusyError,
    ProfileConflictError,
    ProfileDamagedError,
    SaveError,
    WrongKeyError,
)
from privacyapp.core.profile import backups as bk
from privacyapp.core.profile import vault
from privacyapp.core.profile.disk import Disk
from privacyapp.core.profile.format import RESTORE_HINT
from privacyapp.core.profile.payload import ProfileData
from privacyapp.core.profile.store import (
    BACKUP_FOLDER,
    PROFILE_FILE,
    ProfileStore,
    find_restorable,
    replace_with_backup,
)
from privacyapp.core.redact import Secret
from tests.conftest import FAST_KDF, REPO, clean_env, run

PASSPHRASE = "correct horse battery staple"
HOW = vault.WithPassphrase(Secret(PASSPHRASE))
STEPS = ("write", "fsync", "link_or_copy", "replace", "fsync_dir", "write_new")
EXPECTED_NAMES = {PROFILE_FILE, ".lock", BACKUP_FOLDER}


class FailingDisk(Disk):
    """A Disk whose `step` fails on its `nth` call after arm(), with `error`; or writes in small pieces."""

    def __init__(self, *, chunk: int | None = None) -> None:
        self.step: str | None = None
        self.nth = 0
        self.error = errno.ENOSPC
        self.calls: Counter[str] = Counter()
        self.chunk = chunk

    def arm(self, step: str, *, nth: int = 1, error: int = errno.ENOSPC) -> None:
        self.step, self.nth, self.error = step, nth, error
        self.calls.clear()

    def disarm(self) -> None:
        self.step = None

    def _call(self, step: str) -> None:
        self.calls[step] += 1
        if step == self.step and self.calls[step] == self.nth:
            raise OSError(self.error, os.strerror(self.error))

    def write(self, fd: int, data: memoryview) -> int:
        self._call("write")
        return super().write(fd, data[: self.chunk] if self.chunk else data)

    def fsync(self, fd: int) -> None:
        self._call("fsync")
        super().fsync(fd)

    def link_or_copy(self, source: Path, target: Path) -> None:
        self._call("link_or_copy")
        super().link_or_copy(source, target)

    def replace(self, source: Path, target: Path) -> None:
        self._call("replace")
        super().replace(source, target)

    def fsync_dir(self, folder: Path) -> None:
        self._call("fsync_dir")
        super().fsync_dir(folder)

    def write_new(self, path: Path, data: bytes) -> None:
        self._call("write_new")
        super().write_new(path, data)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# --- helpers -------------------------------------------------------------------------------------------------


def create(folder: Path, **kwargs: object) -> ProfileStore:
    store, _code = ProfileStore.create(
        folder,
        "Sam",
        passphrase=Secret(PASSPHRASE),
        keystore=None,
        kdf=FAST_KDF,
        **kwargs,  # type: ignore[arg-type]
    )
    return store


def version(store: ProfileStore, n: int) -> ProfileData:
    return store.data.with_changes(notes=f"version {n}", settings={"counter": n}, progress={"item-1": f"step {n}"})


def data_in(path: Path) -> ProfileData:
    """What a file holds, opened with the passphrase as a new process would."""
    return vault.open_bytes(path.read_bytes(), HOW).decoded.data


def backup_files(folder: Path) -> dict[str, bytes]:
    backups = folder / BACKUP_FOLDER
    return {p.name: p.read_bytes() for p in backups.iterdir()} if backups.is_dir() else {}


def leftovers(folder: Path) -> list[str]:
    """Anything in the profile folder besides the file, its lock and its backups (temp or conflict files)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in EXPECTED_NAMES)


def read_line(proc: subprocess.Popen[str], timeout: float = 10.0) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        proc.kill()
        proc.wait()
        pytest.fail(f"the child printed nothing within {timeout} s")
    return proc.stdout.readline().strip()


def python(script: str, *args: str) -> list[str]:
    return [sys.executable, "-c", script, *args]


# --- failure injection at each I/O step ------------------------------------------------------------------------


def fail_one_save(folder: Path, step: str, error: int, nth: int) -> tuple[ProfileStore, FailingDisk, ProfileData]:
    """Make the nth call of `step` fail during a save and check everything a failed save promises.

    Returns the (still open) store, its disk and the data of the save that failed."""
    disk = FailingDisk()
    store = create(folder, disk=disk)
    store.save(version(store, 1))  # so that there is a backup before the failure
    disk.arm(step, nth=nth, error=error)
    raised: SaveError | None = None
    counter = 1
    for _ in range(nth):  # each save calls each step once: the nth save meets the failure
        old_bytes, old_backups = (folder / PROFILE_FILE).read_bytes(), backup_files(folder)
        old_data, old_header = store.data, store.header
        counter += 1
        new = version(store, counter)
        try:
            store.save(new)
        except SaveError as exc:
            raised = exc
            break
    assert raised is not None, f"no save failed: {dict(disk.calls)}"
    assert disk.calls[step] == nth

    message = raised.one_line()
    assert message.startswith("Your changes could not be saved")
    if error == errno.ENOSPC:
        assert "the disk is full" in message
    else:
        assert os.strerror(error) in message
    assert raised.exit_code == ExitCode.FAILURE
    assert isinstance(raised.__cause__, OSError) and raised.__cause__.errno == error

    # The file opens and holds the old data, or (only when the failure came after the replace) the new data.
    if step == "fsync_dir":
        assert data_in(folder / PROFILE_FILE) == new
    else:
        assert (folder / PROFILE_FILE).read_bytes() == old_bytes
        assert data_in(folder / PROFILE_FILE) == old_data
    # Backups: unchanged but for at most one new one, which holds the old data.
    new_backups = backup_files(folder)
    assert old_backups.items() <= new_backups.items()
    added = new_backups.keys() - old_backups.keys()
    assert len(added) <= 1
    for name in added:
        assert data_in(folder / BACKUP_FOLDER / name) == old_data
    assert leftovers(folder) == []  # no temp file, no conflict copy
    # What is in memory is what was last saved successfully.
    assert store.data == old_data
    assert store.header == old_header
    return store, disk, new


@pytest.mark.parametrize("nth", [1, 2], ids=["first-call", "second-call"])
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("step", [step for step in STEPS if step != "fsync_dir"])  # fsync_dir: see below
def test_a_failing_step_keeps_the_old_file_and_a_later_save_succeeds(
    tmp_path: Path, step: str, error: int, nth: int
) -> None:
    folder = tmp_path / "profile"
    store, disk, _new = fail_one_save(folder, step, error, nth)
    try:
        disk.disarm()
        final = version(store, 99)
        store.save(final)
        assert data_in(folder / PROFILE_FILE) == final
        assert store.data == final
        assert leftovers(folder) == []
    finally:
        store.close()


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_a_failing_fsync_dir_after_the_replace_is_logged_not_a_failed_save(
    tmp_path: Path, error: int, caplog: pytest.LogCaptureFixture
) -> None:
    """The one step after the replace: the new file is already in place and flushed, so the save counts (a
    warning is logged), what the store remembers is the new file, and the next save is not a 'conflict'."""
    folder = tmp_path / "profile"
    disk = FailingDisk()
    store = create(folder, disk=disk)
    try:
        store.save(version(store, 1))
        disk.arm("fsync_dir", error=error)
        new = version(store, 2)
        store.save(new)
        assert "folder could not be flushed" in caplog.text
        assert store.data == new and data_in(folder / PROFILE_FILE) == new
        disk.disarm()
        store.save(version(store, 3))  # no ProfileConflictError
        assert data_in(folder / PROFILE_FILE).notes == "version 3"
        assert leftovers(folder) == []
    finally:
        store.close()
    reopened = ProfileStore.open(folder, HOW)
    try:
        assert reopened.data.notes == "version 3"
    finally:
        reopened.close()


def test_a_short_write_then_a_failure_removes_the_partial_temp_file(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    disk = FailingDisk(chunk=100)  # the OS may write less than asked: write_new must loop
    store = create(folder, disk=disk)
    try:
        store.save(version(store, 1))
        size = (folder / PROFILE_FILE).stat().st_size
        assert disk.calls["write"] >= size // 100
        old = (folder / PROFILE_FILE).read_bytes()
        disk.arm("write", nth=5)  # four pieces of the temp file are written, then the disk is full
        with pytest.raises(SaveError, match="the disk is full"):
            store.save(version(store, 2))
        assert (folder / PROFILE_FILE).read_bytes() == old
        assert leftovers(folder) == []
        disk.disarm()
        store.save(version(store, 3))
        assert data_in(folder / PROFILE_FILE).notes == "version 3"
    finally:
        store.close()


# --- the disk full for real --------------------------------------------------------------------------------------


def fill(path: Path) -> int:
    """Write zeros to `path` until the disk is full. Returns how much was written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    written = 0
    try:
        while True:
            try:
                written += os.write(fd, b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                return written
    finally:
        os.close(fd)


def test_disk_full_on_a_real_small_disk(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = small_disk / "profile"
    store = create(folder)
    try:
        store.save(version(store, 1))
        old_bytes, old_backups, old_data = (folder / PROFILE_FILE).read_bytes(), backup_files(folder), store.data
        filler = small_disk / "filler"
        assert fill(filler) > 0
        with pytest.raises(SaveError) as info:
            store.save(version(store, 2))
        assert "the disk is full" in info.value.one_line()
        assert "Nothing was lost" in info.value.one_line()
        assert (folder / PROFILE_FILE).read_bytes() == old_bytes
        assert data_in(folder / PROFILE_FILE) == old_data
        assert backup_files(folder) == old_backups
        assert leftovers(folder) == []
        assert store.data == old_data
        filler.unlink()  # space again: the same save goes through
        store.save(version(store, 2))
        assert data_in(folder / PROFILE_FILE).notes == "version 2"
    finally:
        store.close()
    with capsys.disabled():
        print("\ndisk full: the tmpfs variant ran")


RLIMIT_CHILD = r"""
import json, resource, signal, sys
from pathlib import Path
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.profile import vault
from privacyapp.core.profile.store import ProfileStore
from privacyapp.core.redact import Secret

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of a signal
store = ProfileStore.open(Path(sys.argv[1]), vault.WithPassphrase(Secret(sys.stdin.readline().rstrip("\n"))))
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    store.save(store.data.with_changes(notes="too big to write"))
    result = {"error": None}
except PrivacyAppError as exc:
    cause = exc.__cause__
    result = {"error": type(exc).__name__, "message": exc.one_line(), "errno": getattr(cause, "errno", None)}
result["notes_in_memory"] = store.data.notes
store.close()
print(json.dumps(result))
"""


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_with_a_file_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import resource  # POSIX only

    assert resource.RLIMIT_FSIZE
    folder = tmp_path / "profile"
    store = create(folder)
    store.save(version(store, 1))
    store.close()
    old_bytes, old_backups = (folder / PROFILE_FILE).read_bytes(), backup_files(folder)
    assert len(old_bytes) > 1024
    result = run(
        python(RLIMIT_CHILD, str(folder), "1024"),
        stdin=f"{PASSPHRASE}\n",
        env=clean_env(PYTHONPATH=str(REPO)),
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["error"] == "SaveError", report
    assert report["errno"] == errno.EFBIG
    assert "the file would be larger than this disk allows" in report["message"]
    assert report["notes_in_memory"] == "version 1"
    assert (folder / PROFILE_FILE).read_bytes() == old_bytes
    assert backup_files(folder) == old_backups
    assert leftovers(folder) == []
    with capsys.disabled():
        print("\ndisk full: the RLIMIT_FSIZE variant ran")


# --- backup rotation -------------------------------------------------------------------------------------------


def expected_backups(
    left: set[tuple[datetime, int]], replaced: tuple[datetime, int], now: datetime
) -> set[tuple[datetime, int]]:
    """The rule, written out, for a save at `now`: of the backups `left` by the saves before and the version this
    save `replaced`, keep the newest 3, the newest saved 10 minutes or more before the newest, the newest saved an
    hour or more before that one, plus the newest of each of the last 7 days. (What an earlier save pruned stays
    gone.)"""
    newest_first = sorted({*left, replaced}, reverse=True)
    keep = set(newest_first[:3])
    last = newest_first[0][0]
    for gap in (timedelta(minutes=10), timedelta(hours=1)):
        older = [v for v in newest_first if v[0] <= last - gap]
        if not older:
            break
        keep.add(older[0])
        last = older[0][0]
    today = now.date()
    for n in range(7):
        day = today - timedelta(days=n)
        on_that_day = [v for v in newest_first if v[0].date() == day]
        if on_that_day:
            keep.add(on_that_day[0])
    return keep


def test_backup_rotation_over_ten_days(tmp_path: Path) -> None:
    rng = random.Random(1234)
    start = datetime(2024, 3, 1, tzinfo=UTC)
    clock = FakeClock(start - timedelta(hours=1))  # created the evening before
    folder = tmp_path / "profile"
    store = create(folder, clock=clock)
    versions = [(clock.now, 0)]  # (saved, counter) of every version ever saved
    expected: set[tuple[datetime, int]] = set()
    try:
        for day in range(10):
            if day == 6:
                continue  # a day without any save
            minutes = sorted(rng.sample(range(24 * 60), rng.randint(2, 5)))
            if day == 8:
                minutes = sorted({*minutes, 0, 24 * 60 - 1})  # right after and right before midnight
            for minute in minutes:
                clock.now = start + timedelta(days=day, minutes=minute, microseconds=rng.randrange(1_000_000))
                counter = len(versions)
                store.save(store.data.with_changes(settings={"counter": counter}, notes=f"save {counter}"))
                versions.append((clock.now, counter))
                expected = expected_backups(expected, versions[-2], clock.now)
                found = store.backups()
                assert {b.path.name for b in found} == {bk.backup_name(saved) for saved, _ in expected}
                assert bk.to_keep(found, clock.now) == {b.path for b in found}
    finally:
        store.close()

    assert len(versions) > 25
    kept = store.backups()
    assert [b.saved for b in kept] == sorted((saved for saved, _ in expected), reverse=True)
    assert len(kept) == len(expected) >= 6  # at least one for each of the last 7 days with a save (not day 6)
    counters = dict(versions)
    for backup in kept:
        opened = vault.open_bytes(backup.path.read_bytes(), HOW)
        assert opened.header.saved == backup.saved.isoformat()
        assert opened.decoded.data.settings.get("counter", 0) == counters[backup.saved]
        assert opened.decoded.data.notes == ("" if counters[backup.saved] == 0 else f"save {counters[backup.saved]}")
        assert backup.path.stat().st_mode & 0o077 == 0
    assert leftovers(folder) == []


# --- damage and recovery ---------------------------------------------------------------------------------------


def profile_with_history(folder: Path) -> list[ProfileData]:
    """A closed profile saved five times an hour apart: returns the data of each version, oldest first."""
    clock = FakeClock(datetime(2024, 5, 4, 9, 0, tzinfo=UTC))
    store = create(folder, clock=clock)
    versions = [store.data]
    try:
        for n in range(1, 5):
            clock.now += timedelta(hours=1)
            data = version(store, n)
            store.save(data)
            versions.append(data)
    finally:
        store.close()
    return versions


def flip(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 0x40
    return bytes(changed)


DAMAGE = {
    "truncated to half": lambda b: b[: len(b) // 2],
    "truncated by one byte": lambda b: b[:-1],
    "emptied": lambda b: b"",
    "a header byte flipped": lambda b: flip(b, 40),
    "a ciphertext byte flipped": lambda b: flip(b, len(b) - 100),
    "the last byte flipped": lambda b: flip(b, len(b) - 1),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_file_is_replaced_by_the_newest_backup_that_opens(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "profile"
    versions = profile_with_history(folder)
    file = folder / PROFILE_FILE
    damaged = DAMAGE[damage](file.read_bytes())
    file.write_bytes(damaged)

    with pytest.raises(ProfileDamagedError) as info:
        ProfileStore.open(folder, HOW)
    assert info.value.exit_code == ExitCode.DAMAGED == 4
    assert "privacyapp-cli profile restore" in info.value.one_line()

    backups = bk.list_backups(folder / BACKUP_FOLDER)
    assert [data_in(b.path) for b in backups] == versions[-2:-5:-1]  # the three before the current one
    backups[0].path.write_bytes(flip(backups[0].path.read_bytes(), 60))  # the newest backup is damaged too

    found = find_restorable(folder, HOW)
    assert found is not None
    backup, data = found
    assert backup == backups[1]
    assert data == versions[-3]
    assert find_restorable(folder, HOW, backups[0]) is None  # asked for the damaged one only
    assert find_restorable(folder, vault.WithPassphrase(Secret("wrong"))) is None

    kept = replace_with_backup(folder, backup)
    assert kept is not None and kept.parent == folder
    assert kept.name.startswith("damaged-") and kept.suffix == ".pvault"
    assert kept.read_bytes() == damaged
    assert file.read_bytes() == backup.path.read_bytes()
    assert backup.path.exists()  # the backup itself stays
    assert not list(folder.glob(".profile-*.tmp"))

    store = ProfileStore.open(folder, HOW)
    try:
        assert store.data == versions[-3]
        for n in range(10, 16):  # saving and pruning on never touch the damaged file
            store.save(version(store, n))
    finally:
        store.close()
    assert kept.read_bytes() == damaged
    assert data_in(file).notes == "version 15"


def test_every_single_byte_change_or_cut_is_reported_as_damage(tmp_path: Path) -> None:
    """Never "wrong passphrase", never a crash: a damaged file is always told apart, so restore is offered."""
    folder = tmp_path / "profile"
    create(folder).close()
    good = (folder / PROFILE_FILE).read_bytes()
    outcomes: Counter[str] = Counter()
    for position in range(len(good)):
        for candidate in (flip(good, position), good[:position]):
            try:
                vault.open_bytes(candidate, HOW)
            except ProfileDamagedError:
                outcomes["damaged"] += 1
            except Exception as exc:
                outcomes[f"{type(exc).__name__} at byte {position}"] += 1
    assert outcomes == Counter(damaged=2 * len(good))


@pytest.mark.parametrize("step", STEPS)
def test_a_failing_step_while_restoring_is_a_clear_error_and_leaves_no_temp_file(tmp_path: Path, step: str) -> None:
    folder = tmp_path / "profile"
    profile_with_history(folder)
    file = folder / PROFILE_FILE
    damaged = file.read_bytes()[:100]
    file.write_bytes(damaged)
    disk = FailingDisk()
    disk.arm(step)
    with pytest.raises(SaveError) as info:
        replace_with_backup(folder, bk.list_backups(folder / BACKUP_FOLDER)[0], disk=disk)
    assert info.value.message == "The backup could not be restored: the disk is full."
    assert (info.value.hint or "").startswith("The damaged file is still there, untouched")
    assert not list(folder.glob(".profile-*.tmp"))
    if step != "fsync_dir":
        assert file.read_bytes() == damaged


# --- a change by another program -------------------------------------------------------------------------------


def overwrite(file: Path, data: bytes, how: str) -> None:
    """What another program does to the file: rewrite it in place, or write a new file and rename it."""
    if how == "in place":
        with file.open("r+b") as handle:
            handle.write(data)
            handle.truncate()
    else:
        temp = file.with_name("other-program.tmp")
        temp.write_bytes(data)
        temp.replace(file)


@pytest.mark.parametrize("how", ["in place", "renamed over"])
def test_an_older_version_copied_over_the_file_is_a_conflict(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "profile"
    store = create(folder)
    try:
        v1, v2 = version(store, 1), version(store, 2)
        store.save(v1)
        store.save(v2)
        older = bk.list_backups(folder / BACKUP_FOLDER)[0]  # holds v1
        theirs = older.path.read_bytes()
        overwrite(folder / PROFILE_FILE, theirs, how)
        old_backups = backup_files(folder)

        ours = version(store, 3)
        with pytest.raises(ProfileConflictError) as info:
            store.save(ours)
        assert (folder / PROFILE_FILE).read_bytes() == theirs  # not overwritten
        conflicts = list(folder.glob("conflict-*.pvault"))
        assert len(conflicts) == 1
        assert conflicts[0].name in info.value.message
        assert data_in(conflicts[0]) == ours
        assert conflicts[0].stat().st_mode & 0o077 == 0
        assert backup_files(folder) == old_backups
        assert store.data == v2  # nothing changed in memory either

        store.save(ours, force=True)  # "keep mine"
        assert data_in(folder / PROFILE_FILE) == ours
        assert theirs in backup_files(folder).values()  # the version it replaced is a backup
        assert conflicts[0].exists()
    finally:
        store.close()


def test_reload_takes_the_other_programs_version_of_the_same_profile(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    file = folder / PROFILE_FILE
    store = create(folder)
    store.save(version(store, 1))
    ours_on_disk = file.read_bytes()
    store.close()
    # Another privacyapp (say, on another computer, synced here) saves its own version of the same profile.
    other = ProfileStore.open(folder, HOW)
    theirs_data = other.data.with_changes(notes="written elsewhere", progress={"item-9": "done"})
    other.save(theirs_data)
    theirs = file.read_bytes()
    other.close()
    overwrite(file, ours_on_disk, "renamed over")

    store = ProfileStore.open(folder, HOW)
    try:
        assert store.data.notes == "version 1"
        overwrite(file, theirs, "renamed over")  # the sync arrives while we have it open
        with pytest.raises(ProfileConflictError):
            store.save(version(store, 2))
        assert file.read_bytes() == theirs
        store.reload()
        assert store.data == theirs_data
        store.save(store.data.with_changes(notes="after reload"))  # no conflict any more
        assert data_in(file) == theirs_data.with_changes(notes="after reload")
    finally:
        store.close()


@pytest.mark.parametrize("how", ["touched", "same bytes renamed over"])
def test_the_same_bytes_with_a_new_mtime_or_inode_are_not_a_conflict(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "profile"
    file = folder / PROFILE_FILE
    store = create(folder)
    try:
        store.save(version(store, 1))
        if how == "touched":
            info = file.stat()
            os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
        else:
            overwrite(file, file.read_bytes(), "renamed over")
        store.save(version(store, 2))
        assert data_in(file).notes == "version 2"
        assert not list(folder.glob("conflict-*"))
        store.save(version(store, 3))
        assert data_in(file).notes == "version 3"
    finally:
        store.close()


def test_a_full_disk_while_keeping_our_conflicting_version_is_a_save_error(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    disk = FailingDisk()
    store = create(folder, disk=disk)
    try:
        store.save(version(store, 1))
        theirs = bk.list_backups(folder / BACKUP_FOLDER)[0].path.read_bytes()
        overwrite(folder / PROFILE_FILE, theirs, "renamed over")
        disk.arm("write_new")
        with pytest.raises(SaveError, match="the disk is full"):
            store.save(version(store, 2))
        assert (folder / PROFILE_FILE).read_bytes() == theirs
        assert leftovers(folder) == []
    finally:
        store.close()


# --- one instance at a time ------------------------------------------------------------------------------------

HOLDER = r"""
import sys, time
from pathlib import Path
from privacyapp.core.profile import vault
from privacyapp.core.profile.store import ProfileStore
from privacyapp.core.redact import Secret

store = ProfileStore.open(Path(sys.argv[1]), vault.WithPassphrase(Secret(sys.stdin.readline().rstrip("\n"))))
print("holding", flush=True)
time.sleep(120)
"""

TRY_OPEN = r"""
import sys
from pathlib import Path
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.profile import vault
from privacyapp.core.profile.store import ProfileStore
from privacyapp.core.redact import Secret

try:
    store = ProfileStore.open(Path(sys.argv[1]), vault.WithPassphrase(Secret(sys.stdin.readline().rstrip("\n"))))
except PrivacyAppError as exc:
    print(type(exc).__name__, exc.one_line())
else:
    print("opened", store.data.notes)
    store.close()
"""


def test_one_instance_at_a_time_and_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    store = create(folder)
    store.save(version(store, 1))
    store.close()
    env = clean_env(PYTHONPATH=str(REPO))

    holder = subprocess.Popen(
        python(HOLDER, str(folder)), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    try:
        assert holder.stdin is not None
        holder.stdin.write(f"{PASSPHRASE}\n")
        holder.stdin.close()
        assert read_line(holder) == "holding"

        second = run(python(TRY_OPEN, str(folder)), stdin=f"{PASSPHRASE}\n", env=env, cwd=REPO)
        assert second.returncode == 0, second.stderr
        assert second.stdout.startswith("ProfileBusyError This profile is open in another privacyapp")
        with pytest.raises(ProfileBusyError):
            ProfileStore.open(folder, HOW)
        with pytest.raises(ProfileBusyError):
            replace_with_backup(folder, bk.list_backups(folder / BACKUP_FOLDER)[0])
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()

    third = run(python(TRY_OPEN, str(folder)), stdin=f"{PASSPHRASE}\n", env=env, cwd=REPO)
    assert third.stdout.strip() == "opened version 1", third.stderr
    ProfileStore.open(folder, HOW).close()


def test_a_second_store_in_the_same_process_is_busy_and_a_failed_open_frees_the_lock(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    store = create(folder)
    try:
        with pytest.raises(ProfileBusyError):
            ProfileStore.open(folder, HOW)
    finally:
        store.close()
    with pytest.raises(WrongKeyError):
        ProfileStore.open(folder, vault.WithPassphrase(Secret("not the passphrase")))
    started = time.monotonic()
    ProfileStore.open(folder, HOW).close()  # the failed open let go of the lock
    assert time.monotonic() - started < 5


def test_restore_hint_names_the_cli_command() -> None:
    assert "privacyapp-cli profile restore" in RESTORE_HINT
