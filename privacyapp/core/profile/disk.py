"""The file operations a save is made of, one method each, so that a test can make any one of them fail."""

from __future__ import annotations

import os
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
