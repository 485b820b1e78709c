"""Changes that could not be saved when privacyapp had to close without asking (SIGTERM, logging out).

They are sealed exactly as a save would write them (same keys: they open with the profile's own passphrase or
keyring) into `<data>/recovery/<profile>/`, named like backups. At the next unlock of that profile the app says so
and offers to restore them; restoring is the store's ordinary `restore` of a backup.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from privacyapp.core.profile import backups as bk
from privacyapp.core.profile.disk import Disk

if TYPE_CHECKING:
    from privacyapp.core.profile.payload import ProfileData
    from privacyapp.core.profile.store import ProfileStore

log = logging.getLogger(__name__)

FOLDER = "recovery"


def folder_for(data_folder: Path, profile: str) -> Path:
    return data_folder / FOLDER / profile


def keep(data_folder: Path, store: ProfileStore, data: ProfileData) -> Path:
    """Seal `data` into the recovery folder and return where it went. Raises OSError when that fails too."""
    target_folder = folder_for(data_folder, store.folder.name)
    target_folder.parent.mkdir(mode=0o700, exist_ok=True)
    target_folder.mkdir(mode=0o700, exist_ok=True)
    target = target_folder / bk.backup_name(bk.utc_now())
    Disk().write_new(target, store.sealed(data))
    log.warning("unsaved changes were sealed into the recovery folder as %s", target.name)
    return target


def waiting(data_folder: Path, profile: str) -> list[bk.Backup]:
    """What is kept for `profile`, newest first."""
    return bk.list_backups(folder_for(data_folder, profile))


def forget(kept: bk.Backup) -> None:
    kept.path.unlink(missing_ok=True)
