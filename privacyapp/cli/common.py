"""What every CLI command module shares: the context it runs in and how it registers its subcommands."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from privacyapp.core.paths import AppPaths
from privacyapp.core.text import json_safe, visible

Handler = Callable[[argparse.Namespace, "Context"], int]


@dataclass
class Context:
    paths: AppPaths
    debug: bool
    out: TextIO
    err: TextIO
    profile: str = "default"
    passphrase_file: str | None = None

    def print(self, text: str = "") -> None:
        """One or more lines of output. Control characters in it (from an imported file, a CSV, a handle) are
        shown escaped, never sent to the terminal: only the line breaks and tabs are kept."""
        print(visible(text, keep="\n\t"), file=self.out)

    def print_json(self, value: Any) -> None:
        self.out.write(json_safe(json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)))
        self.out.write("\n")


def global_options() -> argparse.ArgumentParser:
    """The global options, accepted after a subcommand too (`profile create --passphrase-file F`).

    Their defaults are SUPPRESS, so that a subcommand does not reset what was given before it."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parent.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parent.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parent.add_argument("--passphrase-file", metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parent


def add_command(subparsers: Any, name: str, helptext: str, handler: Handler | None = None, **kwargs: Any) -> Any:
    """A subcommand that also takes the global options."""
    parser = subparsers.add_parser(name, parents=[global_options()], help=helptext, **kwargs)
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


@dataclass(frozen=True)
class CommandGroup:
    """A module's subcommands: `register` adds them to the top-level parser's subparsers."""

    register: Callable[[Any], None]
