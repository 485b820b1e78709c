"""Big but valid inputs take seconds, not minutes: `checklist validate` of a file with 20,000 items (once all valid,
once with a problem in every item, which is what made it quadratic), and `accounts import` of 120,000 accounts in
an export just under the 8 MiB cap, into a profile, end to end through privacyapp-cli. Each is shown against its
goal in seconds (<= 1 is met), and per item against the smallest run, 1/10 of the size (a ratio near 1 is linear;
quadratic work shows as a ratio near 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import verdict

ITEMS = 20_000
ACCOUNTS = 120_000
VALIDATE_GOAL_S = 5.0
IMPORT_GOAL_S = 15.0
CLI = Path(sys.executable).parent / "privacyapp-cli"


def checklist_toml(items: int, *, broken: bool) -> str:
    """A checklist with `items` items in sections of 100; `broken`: every item's minutes out of range."""
    minutes = 500 if broken else 5
    parts = ['schema_version = 1\nid = "bench"\ntitle = "Bench"\nsummary = "Many items."\n']
    for section in range(items // 100):
        parts.append(f'\n[[sections]]\nid = "sec-{section}"\ntitle = "Section {section}"\n')
        for number in range(section * 100, section * 100 + 100):
            parts.append(
                f'\n[[sections.items]]\nid = "item-{number}"\ntitle = "Item {number}"\nsummary = "Do {number}."\n'
                f'why = "Because."\npriority = "recommended"\naudiences = ["teacher"]\nplatforms = []\n'
                f'minutes = {minutes}\ncovers = ["R01"]\n[sections.items.steps]\ngeneral = ["One.", "Two."]\n'
            )
    return "".join(parts)


def accounts_export(count: int, services: list[str]) -> bytes:
    accounts = [
        {"id": f"acct-{i:06d}", "service": services[i % len(services)], "handle": f"@someone{i:06d}"}
        for i in range(count)
    ]
    payload = {"format": "privacyapp-accounts", "version": 1, "accounts": accounts}
    return json.dumps(payload, separators=(",", ":")).encode()


def cli(folder: Path, *args: str, expect: str = "") -> float:
    """Seconds privacyapp-cli takes for `args` with its data in `folder`; fails loudly if the command fails or
    its output lacks `expect` (a figure that did not do the work would be worthless)."""
    env = dict(os.environ, PRIVACYAPP_DATA_DIR=str(folder / "data"), PRIVACYAPP_KDF_PARAMS="1,8,1",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")  # fmt: skip
    started = time.perf_counter()
    result = subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True, timeout=900, check=False)
    took = time.perf_counter() - started
    if result.returncode not in (0, 1) or expect not in result.stdout:  # 1: validate found the planted problems
        raise RuntimeError(f"privacyapp-cli {args[0]} failed: {(result.stderr or result.stdout).strip()[:300]}")
    return took


def validate(folder: Path, items: int, *, broken: bool) -> float:
    path = folder / f"bench-{items}-{broken}.toml"
    path.write_text(checklist_toml(items, broken=broken), encoding="utf-8")
    expect = f"{items} problems in 1 file" if broken else f"All valid: {items} items"
    return cli(folder, "checklist", "validate", str(path), expect=expect)


def import_accounts(folder: Path, count: int, services: list[str]) -> tuple[float, int]:
    profile = f"bench{count}"
    passphrase = folder / "passphrase"
    passphrase.write_text("a bench passphrase\n", encoding="utf-8")
    cli(folder, "profile", "create", "--profile", profile, "--no-keyring", "--passphrase-file", str(passphrase))
    export = folder / f"accounts-{count}.json"
    export.write_bytes(accounts_export(count, services))
    took = cli(folder, "accounts", "import", str(export), "--profile", profile, "--passphrase-file", str(passphrase),
               expect=f"Imported {count} new accounts")  # fmt: skip
    return took, export.stat().st_size


def main() -> None:
    from privacyapp.core.accounts.exchange import MAX_FILE
    from privacyapp.core.services import shipped

    services = sorted(shipped().by_id)
    print(f"big inputs: through privacyapp-cli, start-up included; goals {VALIDATE_GOAL_S:g} s and {IMPORT_GOAL_S:g} s")
    with tempfile.TemporaryDirectory(prefix="privacyapp-bench-") as tmp:
        folder = Path(tmp)
        for broken in (False, True):
            small = validate(folder, ITEMS // 10, broken=broken)
            full = validate(folder, ITEMS, broken=broken)
            what = "a problem in every item" if broken else "all valid"
            print(f"  checklist validate, {ITEMS:,} items ({what}): {full:6.2f} s")
            print(f"    = {full / VALIDATE_GOAL_S:.2f} of the {VALIDATE_GOAL_S:g} s goal: "
                  f"{'met' if full <= VALIDATE_GOAL_S else 'NOT met'}")  # fmt: skip
            print(f"    per item against {ITEMS // 10:,} items: {verdict(full / small / 10, 2.0)}")
        small, _size = import_accounts(folder, ACCOUNTS // 10, services)
        full, size = import_accounts(folder, ACCOUNTS, services)
        print(f"  accounts import, {ACCOUNTS:,} accounts ({size / 2**20:.1f} MiB, cap {MAX_FILE / 2**20:g} MiB), "
              f"into a profile: {full:6.2f} s")  # fmt: skip
        print(f"    = {full / IMPORT_GOAL_S:.2f} of the {IMPORT_GOAL_S:g} s goal: "
              f"{'met' if full <= IMPORT_GOAL_S else 'NOT met'}")  # fmt: skip
        print(f"    per account against {ACCOUNTS // 10:,} accounts: {verdict(full / small / 10, 2.0)}")


if __name__ == "__main__":
    main()
