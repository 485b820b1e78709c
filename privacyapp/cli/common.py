"""What every CLI command module shares: the context it runs in and how it registers its subcommands."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from privacyapp.core.paths import AppPaths

Handler = Callable[[argparse.Namespace, "Context"], int]


@dataclass
class Context:
    paths: AppPaths
    debug: bool
    out: TextIO
    err: TextIO

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def print_json(self, value: Any) -> None:
        json.dump(value, self.out, indent=2, ensure_ascii=False, sort_keys=False)
        self.out.write("\n")


@dataclass(frozen=True)
class CommandGroup:
    """A module's subcommands: `register` adds them to the top-level parser's subparsers."""

    register: Callable[[Any], None]
