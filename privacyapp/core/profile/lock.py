"""One process at a time per profile. An OS file lock: it dies with its process, so a stale lock (after a
crash or kill -9) is simply taken over by the next one."""

from __future__ import annotations

import os
from pathlib import Path

from privacyapp.core.errors import ProfileBusyError

LOCK_NAME = ".lock"


class ProfileLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            raise ProfileBusyError(
                "This profile is open in another privacyapp window or command.",
                hint="Close it there, then try again.",
            ) from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


if os.name == "nt":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
