"""Profiles with the real Secret Service (gnome-keyring under a private D-Bus session): created with the
keyring, opened with it and nothing typed, and its entry removed when the profile is deleted."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import tool
from tests.integration.secret_service import in_secret_service

SCRIPT = """
set -e
export PRIVACYAPP_KDF_PARAMS=1,8,1
cli={cli}
$cli profile create
$cli profile export {export} --export-passphrase-file {passfile}
{python} -c "import keyring; print('entries', [k for k in ['x'] if keyring.get_password('privacyapp', 'x')])"
$cli profile delete default --yes
$cli profile list
"""

CHECK_ENTRY = (
    "import sys, keyring, json, pathlib; from privacyapp.core.profile import format as f; "
    "h=f.decode(pathlib.Path(sys.argv[1]).read_bytes()).header; "
    "print('keyring-entry', keyring.get_password('privacyapp', 'profile-' + h.profile_id) is not None)"
)


def test_profile_with_the_real_keyring(tmp_path: Path) -> None:
    data = tmp_path / "data"
    passfile = tmp_path / "export-pass"
    passfile.write_text("export passphrase\n")
    cli = f"{tool('privacyapp-cli')} --data-dir {data}"
    profile_file = data / "data" / "profiles" / "default" / "profile.pvault"
    script = f"""
set -e
export PRIVACYAPP_KDF_PARAMS=1,8,1
{cli} profile create
{sys.executable} -c "{CHECK_ENTRY}" {profile_file}
{cli} profile export {tmp_path / "moved.pvault"} --export-passphrase-file {passfile}
cp {profile_file} {tmp_path / "kept.pvault"}
{cli} profile delete default --yes
{sys.executable} -c "{CHECK_ENTRY}" {tmp_path / "kept.pvault"}
"""
    result = in_secret_service(["sh", "-c", script], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "it opens with the keyring" in out
    assert "keyring-entry True" in out, "created with a key in the real keyring"
    assert "Exported the profile" in out, "opened with the keyring alone: no passphrase given"
    assert out.rstrip().endswith("keyring-entry False"), "deleting the profile removed its keyring entry"
    assert "Traceback" not in result.stderr
