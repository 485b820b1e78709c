"""Make tests/data/golden-v1.pvault and golden-v1.txt: a profile as privacyapp 0.1 wrote it (container version 1,
payload schema 1), kept forever so that every later version is tested against a file it did not write itself.

Run once, commit both files, never run again: tests/core/profile/test_golden.py pins the file's SHA-256, and a
new golden file for a new format gets a new name (golden-v2...). The script refuses to overwrite.

    .venv/bin/python tests/data/make_golden_v1.py

Nothing in it is a real secret: the passphrase is written below, and the recovery code (random, so it cannot be
chosen) is recorded in golden-v1.txt. The Argon2id parameters are the fastest allowed, to keep the tests fast.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from privacyapp import __version__
from privacyapp.core.profile.crypto import KdfParams
from privacyapp.core.profile.store import PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden-v1.pvault"
NOTES = HERE / "golden-v1.txt"

PASSPHRASE = "golden passphrase v1"
KDF = KdfParams(iterations=1, memory_kib=8, lanes=1)
NAME = "Golden"
WHEN = datetime(2025, 3, 14, 15, 9, 26, 535000, tzinfo=UTC)  # created and saved: a fixed clock
DATA = {
    "notes": 'Golden notes, line one.\nLine two: ünïcödé, 中文, emoji 🔒, a tab\tand "quotes".',
    "settings": {"theme": "light", "text_size": 110},
    "progress": {
        "ess-unique-passwords": {"state": "done", "at": "2025-03-10"},
        "ess-two-step": {"state": "later"},
        "dev-screen-lock": {"state": "not-for-me"},
    },
    "accounts": [
        {"service": "Example Mail", "username": "golden.user@example.invalid", "private": True, "two_step": True},
        {"service": "Example Photos", "private": False, "two_step": False, "linked_to": ["Example Mail"]},
        {"service": "Example Game", "notes": "made when I was 12"},
    ],
}


def main() -> int:
    if GOLDEN.exists() or NOTES.exists():
        print(f"{GOLDEN.name} or {NOTES.name} exists already: golden files are made once, never again.")
        return 1
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / NAME
        store, code = ProfileStore.create(
            folder, NAME, passphrase=Secret(PASSPHRASE), keystore=None, kdf=KDF, clock=lambda: WHEN
        )
        try:
            store.save(store.data.with_changes(**DATA))
            header = store.header
            expected = store.data.to_json()
        finally:
            store.close()
        blob = (folder / PROFILE_FILE).read_bytes()
    GOLDEN.write_bytes(blob)
    lines = [
        "privacyapp golden profile: container version 1, payload schema 1. Made once by make_golden_v1.py; never",
        "regenerate it (tests/core/profile/test_golden.py pins its SHA-256). Nothing here is a real secret.",
        "",
        f"file: {GOLDEN.name}",
        f"sha256: {hashlib.sha256(blob).hexdigest()}",
        f"size: {len(blob)} bytes",
        f"written by: privacyapp {__version__}",
        f"passphrase: {PASSPHRASE}",
        f"recovery code: {code.reveal()}",
        f"kdf: argon2id iterations={KDF.iterations} memory_kib={KDF.memory_kib} lanes={KDF.lanes}",
        f"slots: {', '.join(sorted(slot.kind for slot in header.slots))}",
        f"profile id: {header.profile_id}",
        f"created: {header.created}",
        f"saved: {header.saved}",
        f"profile name: {NAME}",
        "",
        "expected data (the payload JSON):",
        json.dumps(expected, ensure_ascii=False, indent=2, sort_keys=True),
        "",
    ]
    NOTES.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {GOLDEN} ({len(blob)} bytes) and {NOTES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
