"""Backups spread in time (issue 13, section 3): autosaves seconds apart must not push out the version from
before the session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from privacyapp.core.profile import backups as bk
from privacyapp.core.profile import vault
from privacyapp.core.profile.store import ProfileStore
from privacyapp.core.redact import Secret
from tests.conftest import FAST_KDF

PASSPHRASE = "copper lantern tidal orchard"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def notes_of(backup: bk.Backup) -> str:
    return vault.open_bytes(backup.path.read_bytes(), vault.WithPassphrase(Secret(PASSPHRASE))).decoded.data.notes


def test_a_burst_of_autosaves_keeps_the_version_from_before_the_session(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 12, 3, 8, 0, tzinfo=UTC))
    store, _code = ProfileStore.create(
        tmp_path / "p", "Sam", passphrase=Secret(PASSPHRASE), keystore=None, kdf=FAST_KDF, clock=clock
    )
    try:
        for hour in (9, 10, 11):  # earlier sessions today
            clock.now = clock.now.replace(hour=hour)
            store.save(store.data.with_changes(notes=f"at {hour}:00"))
        session = clock.now.replace(hour=15)
        for second in range(6):  # one spin-box nudged six times: an autosave each second
            clock.now = session + timedelta(seconds=second)
            store.save(store.data.with_changes(notes=f"nudge {second}"))
        kept = store.backups()
    finally:
        store.close()
    notes = [notes_of(b) for b in kept]
    assert notes[:3] == ["nudge 4", "nudge 3", "nudge 2"], "the last 3 saves"
    assert "at 11:00" in notes, f"the version from before the session was pushed out: {notes}"
    assert len(kept) <= bk.KEEP_LAST + len(bk.KEEP_GAPS) + bk.KEEP_DAYS


def test_to_keep_picks_the_newest_then_ten_minutes_then_an_hour_older(tmp_path: Path) -> None:
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    ages = [timedelta(seconds=s) for s in (1, 2, 3)] + [timedelta(minutes=m) for m in (11, 12, 61, 75, 80)]
    found = [bk.Backup(tmp_path / bk.backup_name(now - age), now - age) for age in ages]
    kept = {now - b.saved for b in found if b.path in bk.to_keep(found, now)}
    # the last 3; 11 min: 10 minutes or more before the newest; 75 min: an hour or more before that one
    assert kept == {timedelta(seconds=s) for s in (1, 2, 3)} | {timedelta(minutes=11), timedelta(minutes=75)}


def test_saves_an_hour_apart_keep_the_three_before_the_current_one(tmp_path: Path) -> None:
    now = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    found = [
        bk.Backup(tmp_path / bk.backup_name(now - timedelta(hours=h)), now - timedelta(hours=h)) for h in range(1, 5)
    ]
    kept = sorted(now - b.saved for b in found if b.path in bk.to_keep(found, now))
    assert kept == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=3)]
