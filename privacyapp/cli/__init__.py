"""privacyapp-cli: the command-line front end over the same core as the GUI. Qt-free.

Exit codes (privacyapp.core.errors.ExitCode): 0 success; 1 failure, with a one-line reason on stderr; 2 usage
error; 3 profile locked or wrong passphrase; 4 profile damaged. No traceback reaches the user; --debug logs one.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from privacyapp import __version__
from privacyapp.cli import accounts, checklist, doctor, password, profile
from privacyapp.cli import next as next_steps
from privacyapp.cli.common import CommandGroup, Context
from privacyapp.core.errors import ExitCode, PrivacyAppError
from privacyapp.core.logsetup import configure_logging, log_failed
from privacyapp.core.paths import app_paths, private_umask
from privacyapp.core.redact import scrub
from privacyapp.core.text import visible
from privacyapp.i18n import _

log = logging.getLogger("privacyapp.cli")
PROG = "privacyapp-cli"

# Each command module adds its subcommands; later features add theirs here.
COMMAND_GROUPS: tuple[CommandGroup, ...] = (
    doctor.GROUP,
    profile.GROUP,
    checklist.GROUP,
    password.GROUP,
    accounts.GROUP,
    next_steps.GROUP,
)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors end with exit code 2 and one clear line, as argparse does, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="privacyapp on the command line: the same checks and data as the desktop app.",
        epilog="Exit codes: 0 success, 1 failure, 2 usage error, 3 profile locked or wrong passphrase, "
        "4 profile damaged.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep all data, settings and logs under DIR (also: PRIVACYAPP_DATA_DIR)",
    )
    parser.add_argument("--debug", action="store_true", help="log more, and show details of unexpected errors")
    parser.add_argument("--profile", default="default", metavar="NAME", help="the profile to use (default: default)")
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the profile's passphrase from the first line of FILE (also: PRIVACYAPP_PASSPHRASE_FILE)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for group in COMMAND_GROUPS:
        group.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    private_umask()
    paths = app_paths(args.data_dir)
    try:
        paths.ensure()
        configure_logging(paths.log_file, debug=args.debug, to_stderr=args.debug)
    except OSError as exc:
        print(
            visible(f"{PROG}: error: cannot use the data folder {paths.data}: {exc.strerror or exc}"), file=sys.stderr
        )
        return ExitCode.FAILURE
    context = Context(
        paths=paths,
        debug=args.debug,
        out=sys.stdout,
        err=sys.stderr,
        profile=args.profile,
        passphrase_file=args.passphrase_file,
    )
    log.info("privacyapp-cli %s %s", __version__, args.command)
    try:
        code = int(args.handler(args, context))
        sys.stdout.flush()  # here, so that a closed pipe (`| head`) is handled below and not at exit
        return code
    except PrivacyAppError as exc:
        log.info("%s failed: %s", args.command, exc.log_line())
        print(f"{PROG}: error: {visible(scrub(exc.one_line()), keep=chr(10))}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # the reader stopped reading (`... | head`): not an error; keep Python from complaining at exit
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK
    except OSError as exc:
        # a file privacyapp needs is unreadable, a folder, or on a full disk: say which and why, not "unexpected"
        log.info("%s failed: %s", args.command, exc)
        print(f"{PROG}: error: {visible(scrub(_os_error(exc)))}", file=sys.stderr)
        return ExitCode.FAILURE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return ExitCode.FAILURE
    except Exception:
        log.exception("unexpected error in %s", args.command)
        hint = "" if args.debug else " (run again with --debug for details)"
        where = "it could not be logged" if log_failed() else f"it is logged in {paths.log_file}{hint}"
        print(visible(f"{PROG}: error: something unexpected went wrong; {where}"), file=sys.stderr)
        return ExitCode.FAILURE


def _os_error(exc: OSError) -> str:
    """An OSError in words, with the file it is about and what to do."""
    import errno

    reason = exc.strerror or str(exc)
    message = (
        _("Cannot use {file}: {reason}.").format(file=exc.filename, reason=reason)
        if exc.filename
        else _("A file could not be read or written: {reason}.").format(reason=reason)
    )
    hints = {
        errno.ENOSPC: _("The disk is full: free some space and try again."),
        errno.EDQUOT: _("Your disk quota is used up: free some space and try again."),
        errno.EACCES: _("Check that you own it and may read and write it (ls -l shows its permissions)."),
        errno.EPERM: _("Check that you own it and may read and write it (ls -l shows its permissions)."),
        errno.EISDIR: _("A folder stands where privacyapp expects a file: move it away."),
        errno.EROFS: _("That disk is read-only."),
    }
    hint = hints.get(exc.errno or 0)
    return f"{message} {hint}" if hint else message


if __name__ == "__main__":
    sys.exit(main())
