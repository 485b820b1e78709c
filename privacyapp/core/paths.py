"""Where privacyapp keeps its files, and where its shipped data folders are.

User folders come from platformdirs. `PRIVACYAPP_DATA_DIR` (or `--data-dir`) puts every one of them under a
single folder: portable use, and every test gets its own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from privacyapp import APP_NAME

DATA_DIR_ENV = "PRIVACYAPP_DATA_DIR"

# The shipped data folders, at the top of the source tree and inside the wheel's package folder.
DATA_FOLDERS = ("checklists", "resources", "services")


class AppPaths(NamedTuple):
    """The user's folders. Created on demand by `ensure()`, never at import.

    (A NamedTuple rather than a dataclass: this is on the GUI's path to its first paint, and importing
    dataclasses costs ~2 ms there.)"""

    data: Path
    config: Path
    logs: Path
    cache: Path
    portable: bool

    @property
    def profiles(self) -> Path:
        return self.data / "profiles"

    @property
    def log_file(self) -> Path:
        return self.logs / f"{APP_NAME}.log"

    def ensure(self) -> None:
        for folder in (self.data, self.profiles, self.config, self.logs, self.cache):
            # 0700: the folders hold only our own files, and nobody else on the computer needs to list them.
            private_folder(folder)

    def as_dict(self) -> dict[str, str]:
        return {"data": str(self.data), "config": str(self.config), "logs": str(self.logs), "cache": str(self.cache)}


def private_folder(folder: Path) -> None:
    """Make `folder` and every missing folder above it, each 0700. (mkdir(parents=True) makes the ones above with
    the default mode, 0755 under the usual umask: the --data-dir folder itself was readable by everyone.)"""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def private_umask() -> None:
    """From now on this process creates files 0600 and folders 0700 whatever umask it was started with: also
    what libraries create for us (Qt's settings files, sockets, exports), not only the files we open ourselves."""
    os.umask(os.umask(0o077) | 0o077)


def app_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The folders to use: `data_dir`, else `$PRIVACYAPP_DATA_DIR`, else the platform's usual places."""
    chosen = data_dir if data_dir not in (None, "") else os.environ.get(DATA_DIR_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(
            data=root / "data", config=root / "config", logs=root / "logs", cache=root / "cache", portable=True
        )
    import platformdirs  # deferred: only the default case needs it

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return AppPaths(
        data=Path(dirs.user_data_dir),
        config=Path(dirs.user_config_dir),
        logs=Path(dirs.user_log_dir),
        cache=Path(dirs.user_cache_dir),
        portable=False,
    )


def _candidate_roots() -> list[Path]:
    """Folders that may hold checklists/ and resources/, most specific first."""
    package_dir = Path(__file__).resolve().parent.parent  # .../privacyapp
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        # PyInstaller bundle: packaging/privacyapp.spec copies the folders to the bundle's top.
        roots.append(Path(bundle))
    roots.append(package_dir)  # installed wheel: privacyapp/checklists, privacyapp/resources
    roots.append(package_dir.parent)  # source checkout or editable install: the repository's top
    return roots


def data_folder(name: str) -> Path:
    """The shipped folder `name` ("checklists", "resources" or "services"), wherever privacyapp is running from."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {', '.join(DATA_FOLDERS)}")
    for root in _candidate_roots():
        candidate = root / name
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(root / name) for root in _candidate_roots())
    raise FileNotFoundError(f"privacyapp's {name} folder is missing (looked in {searched}); reinstall privacyapp")


def resource(*parts: str) -> Path:
    """A file in the shipped resources folder."""
    return data_folder("resources").joinpath(*parts)
