"""kill -9 in the middle of saving never costs a saved change and never leaves a profile that does not open.

A child process opens the profile and saves in a loop, each save putting a larger counter into the data and
printing the counter once `save()` has returned. The parent kills it with SIGKILL at a random moment, 200 times;
after each kill the profile must open, hold at least the last counter the child acknowledged, and its lock must
be free for the next process (an OS file lock dies with its process).
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.profile import vault
from privacyapp.core.profile.store import BACKUP_FOLDER, PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret
from tests.conftest import FAST_KDF, REPO, clean_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL and select() on pipes are POSIX"),
]


PASSPHRASE = "kill nine times two hundred"
KILLS = 200
SEED = 20240917
MAX_DELAY = 0.060  # seconds after the child's first acknowledged save
FIRST_LINE_TIMEOUT = 10.0

CHILD = r"""
import sys
from pathlib import Path

from privacyapp.core.profile import vault
from privacyapp.core.profile.store import ProfileStore
from privacyapp.core.redact import Secret

store = ProfileStore.open(Path(sys.argv[1]), vault.WithPassphrase(Secret(sys.stdin.readline().rstrip("\n"))))
counter = int(store.data.settings.get("counter", 0))
while True:
    counter += 1
    store.save(store.data.with_changes(settings={"counter": counter}, notes=str(counter)))
    print(counter, flush=True)
"""


def _read_until_first_line(proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    """What the child printed until its first complete line (or until it exited or the time ran out)."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    got = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in got:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break  # the child exited
        got += chunk
    return got


def _acknowledged(output: bytes) -> list[int]:
    """The counters of the complete lines: a line is an acknowledgement only once its newline is written."""
    lines = output.split(b"\n")[:-1]
    return [int(line) for line in lines]


def test_kill_9_while_saving_never_loses_an_acknowledged_save(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "profile"
    store, _code = ProfileStore.create(folder, "kill9", passphrase=Secret(PASSPHRASE), keystore=None, kdf=FAST_KDF)
    store.close()
    how = vault.WithPassphrase(Secret(PASSPHRASE))
    env = clean_env(PYTHONPATH=str(REPO))
    rng = random.Random(SEED)

    opens_ok = lost = ahead = 0
    problems: list[str] = []
    last_ack = 0
    saves_seen = 0
    started = time.monotonic()
    for round_number in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdin.write(f"{PASSPHRASE}\n".encode())
        proc.stdin.close()
        first = _read_until_first_line(proc, FIRST_LINE_TIMEOUT)
        if b"\n" not in first:
            proc.kill()
            proc.wait()
            stderr = proc.stderr.read().decode(errors="replace")
            proc.stdout.close()
            proc.stderr.close()
            pytest.fail(
                f"round {round_number}: the child did not acknowledge a save within {FIRST_LINE_TIMEOUT} s "
                f"(exit {proc.returncode}): {stderr[-2000:]}"
            )
        time.sleep(rng.uniform(0.0, MAX_DELAY))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        output = first + proc.stdout.read()  # everything it wrote before it died
        stderr = proc.stderr.read().decode(errors="replace")
        proc.stdout.close()
        proc.stderr.close()
        if proc.returncode != -signal.SIGKILL:
            problems.append(f"round {round_number}: the child ended by itself (exit {proc.returncode}): {stderr}")
        acks = _acknowledged(output)
        if acks != list(range(acks[0], acks[0] + len(acks))) or acks[0] != last_ack + 1:
            problems.append(f"round {round_number}: the child acknowledged {acks[:3]}... after {last_ack}")
        saves_seen += len(acks)
        last_ack = acks[-1]

        # The next process to open it takes the lock over (ProfileStore.open raises ProfileBusyError otherwise).
        try:
            reopened = ProfileStore.open(folder, how)
        except PrivacyAppError as exc:
            problems.append(f"round {round_number}: the profile did not open: {type(exc).__name__}: {exc}")
            continue
        try:
            on_disk = int(reopened.data.settings.get("counter", 0))
            if reopened.data.notes != str(on_disk):
                problems.append(f"round {round_number}: notes {reopened.data.notes!r} with counter {on_disk}")
        finally:
            reopened.close()
        opens_ok += 1
        if on_disk < last_ack:
            lost += 1
            problems.append(f"round {round_number}: the file holds {on_disk}, the child acknowledged {last_ack}")
        elif on_disk > last_ack + 1:
            problems.append(f"round {round_number}: the file holds {on_disk}, more than one past {last_ack}")
        elif on_disk == last_ack + 1:
            ahead += 1  # saved, killed before it could print: fine
        last_ack = on_disk  # the next child counts on from what is in the file
    runtime = time.monotonic() - started

    # Every backup left behind opens too, and the stray temp files of killed saves do not disturb anything.
    backups = sorted((folder / BACKUP_FOLDER).glob("profile-*.pvault"))
    damaged_backups = []
    for backup in backups:
        try:
            vault.open_bytes(backup.read_bytes(), how)
        except PrivacyAppError as exc:
            damaged_backups.append(f"{backup.name}: {exc}")
    strays = sorted(p.name for p in folder.glob(".profile-*.tmp"))
    final = ProfileStore.open(folder, how)
    final.close()
    assert (folder / PROFILE_FILE).is_file()

    with capsys.disabled():
        print(
            f"\nkill -9 while saving: opens ok {opens_ok}/{KILLS}, lost {lost}, "
            f"saved one more than acknowledged {ahead}, saves acknowledged {saves_seen}, "
            f"stray temp files left {len(strays)}, backups {len(backups)}, runtime {runtime:.1f} s"
        )
    assert not problems, "\n".join(problems[:20])
    assert opens_ok == KILLS
    assert lost == 0
    assert not damaged_backups, damaged_backups
