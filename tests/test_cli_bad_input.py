"""privacyapp-cli against bad input, run as a person runs it (a separate process, real files, FIFOs, /dev/zero, a
full tmpfs): a clear one-line message and a documented exit code, never a traceback, a hang or gigabytes of
memory; control characters from imported data are shown escaped; everything it creates is 0600 / 0700."""

from __future__ import annotations

import json
import os
import resource
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from privacyapp.core.errors import ExitCode
from privacyapp.core.inputs import SECONDS_ENV
from tests.conftest import CLI_PASSPHRASE, clean_env, tool

TITLE = "\x1b]0;owned\x07"  # sets the terminal's title
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
HUGE_MEMORY = 300 * 1024 * 1024  # each child's limit: far above what a capped read needs (unbounded: gigabytes)


@pytest.fixture
def env(data_dir: Path) -> dict[str, str]:
    return clean_env(PRIVACYAPP_KDF_PARAMS="1,8,1", **{SECONDS_ENV: "1"})


def cli(
    env: dict[str, str], *argv: object, stdin: bytes | None = None, umask: int | None = None, prefix: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    def child_setup() -> None:
        if umask is not None:
            os.umask(umask)
        limit_memory()

    result = subprocess.run(
        [*prefix, tool("privacyapp-cli"), *(str(a) for a in argv)],
        input=stdin,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=child_setup,  # only os.umask and a memory limit
    )
    out = result.stdout.decode("utf-8", "replace")
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err and "Logging error" not in err, err
    assert "something unexpected" not in err, err
    return subprocess.CompletedProcess(result.args, result.returncode, out, err)


def limit_memory() -> None:
    """Memory stays bounded: in a child with this limit, a read that is not capped fails ("something unexpected",
    which fails the test) instead of taking gigabytes. Each child gets its own limit, unlike RUSAGE_CHILDREN, whose
    peak is that of the largest child any earlier test in this process ran."""
    resource.setrlimit(resource.RLIMIT_DATA, (HUGE_MEMORY, HUGE_MEMORY))


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.strip()


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(f"{CLI_PASSPHRASE}\n", encoding="utf-8")
    return path


@pytest.fixture
def profile(env: dict[str, str], pass_file: Path, data_dir: Path) -> Path:
    result = cli(env, "profile", "create", "--no-keyring", "--passphrase-file", pass_file)
    assert result.returncode == 0, result.stderr
    return data_dir / "data" / "profiles" / "default" / "profile.pvault"


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


# --- 8: input that is not UTF-8 ----------------------------------------------------------------------------------


def test_a_password_that_is_not_utf8_is_a_clear_error(env: dict[str, str]) -> None:
    # online, so that the password would be hashed: the byte used to crash there, and the log redactor after it
    env = dict(env, PRIVACYAPP_PWNED_PASSWORDS_URL="http://127.0.0.1:9")
    result = cli(env, "password", "check", stdin=b"fine\npw\xff\n")
    assert result.returncode == ExitCode.USAGE
    assert one_line(result) == (
        "privacyapp-cli: error: Cannot read standard input: it is not UTF-8 text (line 2). "
        "Save it as UTF-8 and try again."
    )
    assert "xff" not in result.stderr


def test_a_passphrase_file_that_is_not_utf8(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad-pass"
    bad.write_bytes(b"pass\xffword\n")
    result = cli(env, "profile", "create", "--no-keyring", "--passphrase-file", bad)
    assert result.returncode == ExitCode.USAGE
    assert f"Cannot read the passphrase file {bad}: it is not UTF-8 text (line 1)." in one_line(result)


# --- 9: FIFOs, devices and pipes ---------------------------------------------------------------------------------


def test_a_passphrase_fifo_nobody_writes_to_is_refused(env: dict[str, str], fifo: Path) -> None:
    result = cli(env, "profile", "create", "--no-keyring", "--passphrase-file", fifo)
    assert result.returncode == ExitCode.USAGE
    assert f"Cannot read the passphrase file {fifo}: nothing arrived within 1 second" in one_line(result)


def test_dev_zero_as_a_passphrase_file_is_capped(env: dict[str, str]) -> None:
    result = cli(env, "profile", "create", "--no-keyring", "--passphrase-file", "/dev/zero")
    assert result.returncode == ExitCode.USAGE
    assert "Cannot read the passphrase file /dev/zero: it is larger than 64 KiB." in one_line(result)


def test_a_passphrase_from_a_pipe_is_read(env: dict[str, str], profile: Path) -> None:
    """`--passphrase-file <(pass show x)`: a pipe, read to its end within the deadline."""
    reader, writer = os.pipe()
    os.write(writer, f"{CLI_PASSPHRASE}\n".encode())
    os.close(writer)
    try:
        result = subprocess.run(
            [tool("privacyapp-cli"), "accounts", "list", "--passphrase-file", f"/dev/fd/{reader}"],
            env=env, capture_output=True, text=True, timeout=60, check=False, pass_fds=(reader,),
        )  # fmt: skip
    finally:
        os.close(reader)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("No accounts yet.")


def test_standard_input_that_never_ends_is_refused(env: dict[str, str]) -> None:
    with Path("/dev/zero").open("rb") as zeros:
        result = subprocess.run(
            [tool("privacyapp-cli"), "password", "check", "--no-network"],
            stdin=zeros, env=env, capture_output=True, text=True, timeout=60, check=False, preexec_fn=limit_memory,
        )  # fmt: skip
    assert result.returncode == ExitCode.USAGE
    assert "Cannot read standard input: it is larger than 16 MiB." in result.stderr
    assert "Traceback" not in result.stderr and "something unexpected" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_profile_file_that_is_a_fifo_or_a_folder(
    env: dict[str, str], profile: Path, pass_file: Path, kind: str
) -> None:
    profile.unlink()
    if kind == "fifo":
        os.mkfifo(profile)
        words = "a FIFO (named pipe)"
    else:
        profile.mkdir()
        words = "a folder"
    result = cli(env, "accounts", "list", "--passphrase-file", pass_file)
    assert result.returncode == ExitCode.DAMAGED
    assert f"The profile file {profile} is {words}, not a file." in one_line(result)


def test_input_files_that_are_fifos_or_dev_zero(
    env: dict[str, str], profile: Path, pass_file: Path, fifo: Path
) -> None:
    for path in (fifo, Path("/dev/zero")):
        result = cli(env, "accounts", "import", path, "--passphrase-file", pass_file)
        assert result.returncode == ExitCode.FAILURE
        assert "nothing was changed" in result.stderr
        result = cli(env, "password", "audit", path, "--no-network")
        assert result.returncode == ExitCode.FAILURE
        assert str(path) in one_line(result)
        result = cli(env, "checklist", "validate", path)
        assert result.returncode == ExitCode.FAILURE
        assert f"{path.name}: the file: cannot be read: " in result.stdout


# --- 10: clear messages instead of "something unexpected" -----------------------------------------------------------


@pytest.fixture
def without_root_powers() -> list[str]:
    """A prefix that runs the CLI without the power to read what its mode forbids. As root (CI), setpriv drops the
    capabilities that override file modes (the venv's Python may sit in /root, where another user cannot run it);
    as any other user, nothing is needed."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv:
        return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    runuser = shutil.which("runuser")
    if runuser and os.access(sys.executable, os.X_OK):
        pytest.skip("runuser would need a Python another user can run")
    pytest.skip("neither setpriv nor runuser is installed")


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_profile_with_mode_0000(
    env: dict[str, str], profile: Path, pass_file: Path, without_root_powers: list[str], what: str
) -> None:
    locked = profile if what == "file" else profile.parent
    locked.chmod(0)
    try:
        result = cli(env, "accounts", "list", "--passphrase-file", pass_file, prefix=without_root_powers)
    finally:
        locked.chmod(0o700 if what == "folder" else 0o600)
    assert result.returncode == ExitCode.FAILURE
    assert one_line(result) == (
        f"privacyapp-cli: error: Cannot use {profile}: Permission denied. "
        "Check that you own it and may read and write it (ls -l shows its permissions)."
    )


def test_an_accounts_import_with_a_list_for_a_service(
    env: dict[str, str], profile: Path, pass_file: Path, tmp_path: Path
) -> None:
    export = tmp_path / "accounts.json"
    export.write_text(json.dumps({"format": "privacyapp-accounts", "version": 1, "accounts": [
        {"id": "a1", "service": ["tiktok"]}]}), encoding="utf-8")  # fmt: skip
    result = cli(env, "accounts", "import", export, "--passphrase-file", pass_file)
    assert result.returncode == ExitCode.FAILURE
    assert "account 1 ('a1'): 'service' must be a service id in quotes, not list" in result.stderr


def test_toml_too_deep_or_with_a_huge_number(env: dict[str, str], tmp_path: Path) -> None:
    deep, long_number = tmp_path / "deep.toml", tmp_path / "long.toml"
    deep.write_text("x = " + "[" * 50_000 + "]" * 50_000, encoding="utf-8")
    long_number.write_text("x = " + "7" * 5000, encoding="utf-8")
    result = cli(env, "checklist", "validate", deep, long_number)
    assert result.returncode == ExitCode.FAILURE
    assert "deep.toml: the file: nests lists or tables too deeply to be read" in result.stdout
    assert "long.toml: the file: has a number longer than 4,300 digits" in result.stdout
    result = cli(env, "services", "validate", deep)
    assert result.returncode == ExitCode.FAILURE
    assert "nests lists or tables too deeply" in result.stdout


def test_csv_with_a_huge_cell_or_an_open_quote(env: dict[str, str], tmp_path: Path) -> None:
    csv_file = tmp_path / "export.csv"
    csv_file.write_bytes(b"name,url,username,password\na,https://a.example,u," + b"p" * (1024 * 1024) + b"\n")
    result = cli(env, "password", "audit", csv_file, "--no-network")
    assert result.returncode == ExitCode.FAILURE
    assert one_line(result) == "privacyapp-cli: error: This CSV is damaged near line 2: a cell is longer than 128 KiB."
    lines = [b"a%d,https://a%d.example,u%d,p%d\n" % (n, n, n, n) for n in range(6)]
    csv_file.write_bytes(b"name,url,username,password\n" + b'x,"https://x.example,u,p\n' + b"".join(lines))
    result = cli(env, "password", "audit", csv_file, "--no-network")
    assert result.returncode == ExitCode.FAILURE
    assert "This CSV has a quote that is never closed, from line 2 to the end of the file." in one_line(result)


# --- 11: terminal injection ----------------------------------------------------------------------------------------


def test_handles_from_an_imported_file_are_shown_escaped(
    env: dict[str, str], profile: Path, pass_file: Path, tmp_path: Path
) -> None:
    export = tmp_path / "accounts.json"
    accounts = [
        {"id": "a1", "service": "tiktok", "handle": TITLE + "me"},
        {"id": "a2", "service": "x", "handle": CLEAR},
    ]
    export.write_text(json.dumps({"format": "privacyapp-accounts", "version": 1, "accounts": accounts}), "utf-8")
    assert cli(env, "accounts", "import", export, "--passphrase-file", pass_file).returncode == 0
    listed = cli(env, "accounts", "list", "--passphrase-file", pass_file)
    assert listed.returncode == 0
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout
    assert "(\\x1b]0;owned\\x07me)" in listed.stdout and "(\\x1b[2J\\x1b[H)" in listed.stdout
    as_json = cli(env, "accounts", "list", "--json", "--passphrase-file", pass_file)
    assert "\x1b" not in as_json.stdout
    assert [a["handle"] for a in json.loads(as_json.stdout)] == [TITLE + "me", CLEAR]  # the data itself is kept


def test_usernames_from_a_csv_are_shown_escaped(env: dict[str, str], tmp_path: Path) -> None:
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(f"name,url,username,password\na,https://a.example,{CLEAR}\x9b31m,pw1\n", encoding="utf-8")
    result = cli(env, "password", "audit", csv_file, "--no-network")
    assert result.returncode == 0, result.stderr
    assert not any(c in result.stdout for c in "\x1b\x9b")
    assert "\\x1b[2J\\x1b[H\\x9b31m" in result.stdout
    as_json = cli(env, "password", "audit", csv_file, "--no-network", "--json")
    assert not any(c in as_json.stdout for c in "\x1b\x9b")
    assert json.loads(as_json.stdout)[0]["username"] == CLEAR + "\x9b31m"


# --- 12: file modes ----------------------------------------------------------------------------------------------


def everything_under(root: Path) -> Iterator[Path]:
    yield root
    yield from root.rglob("*")


def test_everything_created_is_private_whatever_the_umask(env: dict[str, str], data_dir: Path, pass_file: Path) -> None:
    assert not data_dir.exists()
    assert cli(env, "profile", "create", "--no-keyring", "--passphrase-file", pass_file, umask=0o022).returncode == 0
    assert cli(env, "accounts", "add", "tiktok", "--passphrase-file", pass_file, umask=0o022).returncode == 0
    modes = {str(p.relative_to(data_dir)): stat.S_IMODE(p.stat().st_mode) for p in everything_under(data_dir)}
    assert "logs/privacyapp.log" in modes and "data/profiles" in modes
    wrong = {path: oct(mode) for path, mode in modes.items() if mode not in (0o600, 0o700)}
    assert wrong == {}


# --- 8: a full disk ------------------------------------------------------------------------------------------------


def fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # full
    finally:
        os.close(fd)


def test_a_full_disk_is_said_once_without_tracebacks(small_disk: Path, pass_file: Path) -> None:
    env = clean_env(PRIVACYAPP_DATA_DIR=str(small_disk / "privacyapp"), PRIVACYAPP_KDF_PARAMS="1,8,1")
    assert cli(env, "doctor").returncode == 0
    (small_disk / "privacyapp" / "logs" / "privacyapp.log").unlink()
    fill(small_disk)
    result = cli(env, "doctor")
    assert result.returncode == 0
    log = small_disk / "privacyapp" / "logs" / "privacyapp.log"
    assert one_line(result) == (
        f"privacyapp: the log file {log} cannot be written (No space left on device); nothing more is logged."
    )
    created = cli(env, "profile", "create", "--no-keyring", "--passphrase-file", pass_file)
    assert created.returncode == ExitCode.FAILURE
    assert created.stderr.count("privacyapp: the log file") == 1
    assert created.stderr.rstrip().endswith("No space left on device. The disk is full: free some space and try again.")
