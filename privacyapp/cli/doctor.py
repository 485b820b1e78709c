"""`privacyapp-cli doctor`: what privacyapp sees on this computer. Sends nothing over the network."""

from __future__ import annotations

import argparse
from typing import Any

from privacyapp.cli.common import CommandGroup, Context, add_command
from privacyapp.core.doctor import DoctorReport, run_doctor
from privacyapp.core.errors import ExitCode


def _register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "doctor",
        "show folders, keyring, versions and network settings",
        _run,
        description="Show where privacyapp keeps its files, whether the OS keyring works (a test entry is "
        "written, read back and deleted), the versions in use and the network settings. Sends nothing.",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--keyring-timeout", type=float, default=5.0, metavar="SECONDS", help="how long to wait for the keyring"
    )


def _section(context: Context, title: str, rows: dict[str, str]) -> None:
    context.print(title)
    width = max((len(key) for key in rows), default=0)
    for key, value in rows.items():
        context.print(f"  {key.ljust(width)}  {value}")
    context.print()


def render(report: DoctorReport, context: Context) -> None:
    context.print(f"privacyapp {report.version}")
    context.print()
    folders = dict(report.folders)
    if report.portable:
        folders["note"] = "portable: everything is under the folder given by --data-dir or PRIVACYAPP_DATA_DIR"
    _section(context, "Folders", folders)
    _section(context, "Shipped data", report.shipped_data)
    _section(
        context,
        "OS keyring",
        {
            "backend": report.keyring.backend,
            "works": "yes" if report.keyring.works else "no",
            "detail": report.keyring.detail,
        },
    )
    _section(
        context,
        "Versions",
        {"privacyapp": report.version, "Python": report.python, "platform": report.platform, **report.libraries},
    )
    _section(context, "Network", report.network)


def _run(args: argparse.Namespace, context: Context) -> int:
    report = run_doctor(context.paths, keyring_timeout=args.keyring_timeout)
    if args.json:
        context.print_json(report.as_dict())
    else:
        render(report, context)
    missing = [name for name, where in report.shipped_data.items() if where.startswith("missing")]
    return ExitCode.FAILURE if missing else ExitCode.OK


GROUP = CommandGroup(register=_register)
