"""An offline file answers a whole prefix like the range API, so audits can use it."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import pytest

from privacyapp.core.breach import BreachCheckError, OfflineHashFile, OfflinePrefixFolder
from tests.conftest import cli_run

HASHES = sorted(hashlib.sha1(str(i).encode()).hexdigest().upper() for i in range(5000))
END = "FFFFF" + "0" * 35 + ":1"  # the last range: a whole file runs through it


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_fetch_range_matches_every_prefix(tmp_path: Path, newline: str) -> None:
    file = tmp_path / "pwned.txt"
    rows = [f"{h}:{i + 1}" for i, h in enumerate(HASHES)] + [END]
    file.write_text(newline.join(rows) + newline, newline="")
    expected: dict[str, dict[str, int]] = defaultdict(dict)
    for i, h in enumerate(HASHES):
        expected[h[:5]][h[5:]] = i + 1
    expected["FFFFF"]["0" * 35] = 1
    source = OfflineHashFile(file)
    try:
        for prefix in (HASHES[0][:5], HASHES[-1][:5], *list(expected)[::7]):
            assert source.fetch_range(prefix) == expected[prefix]
        for absent in ("00000", "FFFFF"):
            assert source.fetch_range(absent) == expected.get(absent, {})
    finally:
        source.close()


def test_folder_fetch_range_and_a_missing_prefix(tmp_path: Path) -> None:
    (tmp_path / "ABCDE.txt").write_text("0" * 35 + ":5\r\n" + "1" * 35 + ":0\r\n")
    folder = OfflinePrefixFolder(tmp_path)
    assert folder.fetch_range("abcde") == {"0" * 35: 5}, "0-count rows are padding"
    with pytest.raises(BreachCheckError) as error:
        folder.fetch_range("12345")
    assert "12345" not in error.value.message


def test_cli_audit_with_an_offline_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    leaked = "Sentinel-cli-offline-audit"
    digest = hashlib.sha1(leaked.encode()).hexdigest().upper()
    hashes = tmp_path / "pwned.txt"
    hashes.write_text("\n".join(sorted([f"{digest}:9", f"{'0' * 40}:1", END])) + "\n")
    export = tmp_path / "export.csv"
    export.write_text(
        f"name,url,username,password,note\nA,https://a.example,sam,{leaked},\nB,https://b.example,sam,x9,\n"
    )
    result = cli_run(capsys, "password", "audit", export, "--offline-file", hashes, "--json")
    assert result.code == 0
    assert leaked not in result.out and digest not in result.out and digest[:5] not in result.out
    assert '"breach_count": 9' in result.out and '"breach_count": 0' in result.out
