"""The file operations a save is made of, one method each, so that a test can make any one of them fail."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from pathlib import Path

FILE_MODE = 0o600


class Disk:
    def read(self, path: Path) -> bytes:
        from privacyapp.core.profile.format import read_file

        return read_file(path)

    def write_new(self, path: Path, data: bytes) -> None:
        """Create `path` (it must not exist), readable by the owner only, write `data`, flush it to disk."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                written = self.write(fd, view)
                view = view[written:]
            self.fsync(fd)
        finally:
            os.close(fd)

    def publish(self, path: Path, data: bytes) -> None:
        """Create `path` holding `data`, whole or not at all: written to a temp file beside it and flushed, then
        linked into place, which refuses a file that exists. On any failure (a full disk) nothing is left behind,
        so that trying again is not stopped by a half-written file."""
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            self.write_new(temp, data)
            try:
                os.link(temp, path)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links (FAT on a USB stick): check, then rename
                if path.exists() or path.is_symlink():
                    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
                self.replace(temp, path)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # the file is whole and flushed; only its folder entry is not yet
            self.fsync_dir(path.parent)

    def write(self, fd: int, data: memoryview) -> int:
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def link_or_copy(self, source: Path, target: Path) -> None:
        """`target` becomes a second name for `source` (a hard link costs no space), else a copy."""
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
            target.chmod(FILE_MODE)

    def replace(self, source: Path, target: Path) -> None:
        source.replace(target)

    def fsync_dir(self, folder: Path) -> None:
        if os.name == "nt":
            return  # Windows cannot open a folder for fsync; its replace is durable on NTFS
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def stat(self, path: Path) -> os.stat_result:
        return path.stat()
