"""`privacyapp-cli password ...`: how strong passwords are and whether they are in known breaches, and
passphrases. A password is never printed, logged or written anywhere."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from privacyapp.cli.common import CommandGroup, Context, add_command
from privacyapp.core.breach import BreachCheckError, BreachResult, RangeClient, check_many, open_offline
from privacyapp.core.errors import ExitCode
from privacyapp.core.inputs import read_stdin
from privacyapp.core.passphrase import DEFAULT_WORDS, MAX_WORDS, MIN_WORDS, entropy_bits, generate
from privacyapp.core.passwords import MAX_RATED, estimate
from privacyapp.core.redact import Secret
from privacyapp.i18n import _, ngettext

MAX_PASSWORD_CHARS = 1024  # longer lines are not passwords: refused, never echoed
MAX_STDIN_BYTES = 16 * 1024 * 1024  # tens of thousands of passwords; more is not a list of passwords


def _register(subparsers: Any) -> None:
    password = add_command(subparsers, "password", "check passwords, or make a passphrase")
    commands = password.add_subparsers(dest="password_command", metavar="ACTION", required=True)
    check_cmd = add_command(
        commands, "check", "rate passwords (one per line on standard input) and check them for breaches", _check
    )
    check_cmd.add_argument("--json", action="store_true")
    check_cmd.add_argument("--offline-file", type=Path, metavar="PATH", help="the HIBP downloader's file or folder")
    check_cmd.add_argument("--no-network", action="store_true", help="never go online (offline file only)")
    audit_cmd = add_command(commands, "audit", "check every password in a CSV exported from a password manager", _audit)
    audit_cmd.add_argument("file", type=Path, metavar="FILE.csv")
    audit_cmd.add_argument("--json", action="store_true")
    audit_cmd.add_argument("--offline-file", type=Path, metavar="PATH", help="the HIBP downloader's file or folder")
    audit_cmd.add_argument("--no-network", action="store_true", help="never go online")
    gen = add_command(commands, "generate", "make a passphrase of random words", _generate)
    gen.add_argument(
        "--words",
        type=int,
        default=DEFAULT_WORDS,
        choices=range(MIN_WORDS, MAX_WORDS + 1),
        metavar="N",
        help=f"{MIN_WORDS} to {MAX_WORDS} (default {DEFAULT_WORDS})",
    )


def _passwords() -> list[Secret]:
    if sys.stdin.isatty():
        typed = getpass.getpass("Password to check (not shown): ")
        return [Secret(typed)] if typed else []
    text = read_stdin(limit=MAX_STDIN_BYTES, what=_("standard input"))  # capped, against a deadline, strict UTF-8
    lines = (line.rstrip("\r") for line in text.split("\n"))  # not splitlines(): \f or \x1c may be in a password
    return [Secret(line) for line in lines if line]


def _check(args: argparse.Namespace, context: Context) -> int:
    offline = open_offline(args.offline_file) if args.offline_file else None
    online = None if (args.no_network or offline is not None) else RangeClient()
    passwords = _passwords()
    checkable = [p for p in passwords if len(p) <= MAX_PASSWORD_CHARS]
    breaches = iter(check_many(checkable, online=online, offline=offline))  # online: all prefixes at once
    results: list[dict[str, Any]] = []
    any_failed = False
    for number, password in enumerate(passwords, start=1):
        if len(password) > MAX_PASSWORD_CHARS:
            result: dict[str, Any] = {
                "score": None,
                "crack_time": None,
                "warning": "",
                "suggestions": [],
                "truncated": None,
                "breach_count": None,
                "checked": "no",
                "error": f"longer than {MAX_PASSWORD_CHARS} characters: not checked",
            }
            any_failed = True
        else:
            strength = estimate(password)
            breach: BreachResult = next(breaches)
            any_failed = any_failed or breach.checked == "no"
            result = {
                "score": strength.score,
                "crack_time": strength.crack_time,
                "guess": strength.guess_time,
                "warning": strength.warning,
                "suggestions": list(strength.suggestions),
                "truncated": strength.truncated,  # only the first MAX_RATED characters were rated
                "breach_count": breach.count,
                "checked": breach.checked,
                "error": breach.error,
            }
        results.append(result)
        if not args.json:
            _print(context, number, result)
    if args.json:
        context.print_json([{k: v for k, v in r.items() if k != "guess"} for r in results])
    if not results:
        context.print("No password given.")
        return ExitCode.USAGE
    return ExitCode.FAILURE if any_failed else ExitCode.OK


def _print(context: Context, number: int, result: dict[str, Any]) -> None:
    if result["score"] is None:
        context.print(f"#{number}: {result['error']}")
        return
    from privacyapp.core.passwords import LEVELS

    if result["breach_count"] is None:
        breach = f"could not check for breaches: {result['error'].rstrip('.')}"
    elif result["breach_count"]:
        breach = f"FOUND in breaches {result['breach_count']:,} times: change it everywhere you use it"
    else:
        breach = f"not found in known breaches ({result['checked']})"
    context.print(f"#{number}: {LEVELS[result['score']]} (score {result['score']}/4): {result['guess']}; {breach}.")
    if result["truncated"]:
        # Translators: a password longer than this many characters is rated on its beginning only
        rated = ngettext(
            "Only its first {count} character was rated.", "Only its first {count} characters were rated.", MAX_RATED
        )
        context.print(f"    {rated.format(count=MAX_RATED)}")
    if result["warning"]:
        context.print(f"    {result['warning']}")
    for suggestion in result["suggestions"]:
        context.print(f"    - {suggestion}")


def _audit_breach(count: int | None, error: str) -> str:
    if count is None:  # with the same reason `password check` gives, so that the two never seem to disagree
        return f"could not check ({error.rstrip('.')})" if error and error != "not checked" else "could not check"
    return f"in breaches {count:,} times" if count else "not in known breaches"


def _audit(args: argparse.Namespace, context: Context) -> int:
    from privacyapp.core.audit import audit, parse_csv, read_export

    name, logins = parse_csv(read_export(args.file))
    source: Any = open_offline(args.offline_file) if args.offline_file else None
    if source is None and not args.no_network:
        source = RangeClient()
    results = audit(logins, source)
    if args.json:
        context.print_json([
            {"site": r.site, "username": r.username, "score": r.score, "breach_count": r.breach_count,
             "reused": r.reused, "error": r.error}
            for r in results
        ])  # fmt: skip
    else:
        context.print(f"{len(results)} logins from a {name} export.")
        for r in results:
            breach = _audit_breach(r.breach_count, r.error)
            reused = f"; used on {r.reused} sites" if r.reused > 1 else ""
            context.print(f"{r.site or '-':30} {r.username or '-':24} score {r.score}/4; {breach}{reused}")
    unchecked = any(r.breach_count is None for r in results)
    return ExitCode.FAILURE if unchecked and source is not None else ExitCode.OK


def _generate(args: argparse.Namespace, context: Context) -> int:
    phrase = generate(args.words)
    strength = estimate(phrase)
    context.print(phrase.reveal())
    print(
        f"{args.words} random words from 7,776: {entropy_bits(args.words):.0f} bits; "
        f"{strength.words.lower()} (score {strength.score}/4).",
        file=context.err,
    )
    return ExitCode.OK


__all__ = ["GROUP", "BreachCheckError"]
GROUP = CommandGroup(register=_register)
