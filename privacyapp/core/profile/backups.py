"""Which backups to keep: the last 3 saves; recent ones spread in time too (the newest saved at least 10 minutes
before the last save, and the newest saved at least an hour before that one); and the newest of each of the last
7 days. Spread, because autosaves a second apart fill "the last 3": without it one spin-box nudged three times
pushed out the version from before the session.

Conflict copies (a version of ours kept when another program had changed the file) sit beside the profile, are
never pruned, and can be restored like backups."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

KEEP_LAST = 3
# From the newest backup on, each gap keeps the newest backup at least that much older than the one kept before it.
KEEP_GAPS = (timedelta(minutes=10), timedelta(hours=1))
KEEP_DAYS = 7
_NAME = re.compile(r"^profile-(\d{8}T\d{12})Z\.pvault$")
_CONFLICT_NAME = re.compile(r"^conflict-(\d{8}T\d{12})Z\.pvault$")
BACKUP, CONFLICT = "backup", "conflict"


@dataclass(frozen=True)
class Backup:
    path: Path
    saved: datetime  # when this version was saved (UTC); for a conflict copy, when it was kept
    kind: str = BACKUP  # BACKUP, or CONFLICT for our version kept when another program changed the file

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")


def backup_name(saved: datetime) -> str:
    return f"profile-{stamp(saved)}Z.pvault"


def conflict_name(moment: datetime) -> str:
    return f"conflict-{stamp(moment)}Z.pvault"


def parse_name(path: Path, pattern: re.Pattern[str] = _NAME, kind: str = BACKUP) -> Backup | None:
    match = pattern.match(path.name)
    if not match:
        return None
    saved = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    return Backup(path=path, saved=saved, kind=kind)


def list_backups(folder: Path) -> list[Backup]:
    """Newest first."""
    if not folder.is_dir():
        return []
    found = [b for b in (parse_name(p) for p in folder.iterdir()) if b is not None]
    return sorted(found, key=lambda b: b.saved, reverse=True)


def list_conflicts(folder: Path) -> list[Backup]:
    """The conflict copies in a profile's folder, newest first."""
    if not folder.is_dir():
        return []
    found = [b for b in (parse_name(p, _CONFLICT_NAME, CONFLICT) for p in folder.iterdir()) if b is not None]
    return sorted(found, key=lambda b: b.saved, reverse=True)


def to_keep(backups: Iterable[Backup], now: datetime) -> set[Path]:
    """The backups to keep at `now` (UTC): see the module's docstring."""
    ordered = sorted(backups, key=lambda b: b.saved, reverse=True)
    keep = {b.path for b in ordered[:KEEP_LAST]}
    if ordered:
        kept = ordered[0]  # the last save, even one dated ahead of a clock that was set back
        for gap in KEEP_GAPS:
            older = next((b for b in ordered if b.saved <= kept.saved - gap), None)
            if older is None:
                break
            keep.add(older.path)
            kept = older
    today = now.astimezone(UTC).date()
    days = {today - timedelta(days=n) for n in range(KEEP_DAYS)}
    newest_per_day: dict[date, Path] = {}
    for backup in ordered:
        day = backup.saved.date()
        if day in days and day not in newest_per_day:
            newest_per_day[day] = backup.path
    return keep | set(newest_per_day.values())
