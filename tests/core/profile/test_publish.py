"""Disk.publish: a new file whole or not at all, so that a failed export never blocks the next try."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from privacyapp.core.profile.disk import Disk


class FullDisk(Disk):
    """The disk fills up after `room` bytes, as a USB stick does."""

    def __init__(self, room: int) -> None:
        self.room = room

    def write(self, fd: int, data: memoryview) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = os.write(fd, data[: self.room])
        self.room -= written
        return written


def test_a_full_disk_leaves_nothing_behind_and_the_retry_works(tmp_path: Path) -> None:
    target = tmp_path / "export.pvault"
    with pytest.raises(OSError) as info:
        FullDisk(room=100).publish(target, b"x" * 5000)
    assert info.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == [], "neither the file nor its temp file is left"
    Disk().publish(target, b"x" * 5000)
    assert target.read_bytes() == b"x" * 5000
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["export.pvault"]


def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "export.pvault"
    target.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        Disk().publish(target, b"new")
    assert target.read_bytes() == b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["export.pvault"]


def test_without_hard_links_it_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EPERM, "hard links are not supported here")  # FAT on a USB stick

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "export.pvault"
    Disk().publish(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert [p.name for p in tmp_path.iterdir()] == ["export.pvault"]
    with pytest.raises(FileExistsError):
        Disk().publish(target, b"again")
