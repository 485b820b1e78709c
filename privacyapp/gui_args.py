"""The `privacyapp` command line: our few options by argparse, and Qt's own options passed on to QApplication.

Qt's options are accepted by name from the lists below and nothing else is: a mistyped option such as
`--datadir` is a usage error (exit 2), not handed to Qt to be ignored in silence. The lists are the options
documented for Qt 6 (QGuiApplication's and QApplication's constructors, and the xcb platform's X11 options),
each checked against the Qt in our wheel: QApplication removes it from its arguments, with its value if it
takes one. Qt 4's X11 options (-sync, -ncols, -cmap, -im, -fn, -bg, ...) are not here: Qt 6 no longer reads them.

Importing argparse costs start-up nothing: shiboken6 imports it (and gettext) on `import PySide6` anyway.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NamedTuple

from privacyapp import __version__
from privacyapp.i18n import _

PROG = "privacyapp"

# Qt options followed by a value in the next argument, e.g. `-platform offscreen`.
QT_OPTIONS_WITH_VALUE = frozenset(
    {
        # QGuiApplication
        "-platform",  # platformName[:options]
        "-platformpluginpath",
        "-platformtheme",
        "-plugin",  # may appear more than once
        "-qmljsdebugger",  # also -qmljsdebugger=port:1234[,block]
        "-qwindowgeometry",  # X11 syntax: 800x600+10+10
        "-qwindowicon",
        "-qwindowtitle",
        "-session",
        # QApplication
        "-style",  # also -style=NAME
        "-stylesheet",  # also -stylesheet=FILE
        # X11 (the xcb platform)
        "-display",  # hostname:screen_number
        "-geometry",  # same as -qwindowgeometry
        "-title",  # same as -qwindowtitle
        "-icon",  # same as -qwindowicon
        "-name",  # the application's instance name (WM_CLASS)
        "-visual",  # an X visual id
    }
)

# Qt options that stand alone.
QT_FLAGS = frozenset(
    {
        "-reverse",  # right-to-left layout
        "-widgetcount",  # QApplication: print the widget count at exit
        "-nograb",  # X11: never grab the mouse or keyboard (for debugging)
        "-dograb",  # X11: grab even when running under a debugger
    }
)

# Qt options that carry their value after "=" in the same argument.
QT_OPTIONS_WITH_EQUALS = ("-style=", "-stylesheet=", "-qmljsdebugger=")


class GuiOptions(NamedTuple):
    data_dir: str | None
    debug: bool
    quit_after_first_paint: bool  # for bench/startup.py and the window tests: print the time, then quit
    qt_args: list[str]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_("privacyapp {version}, the desktop app. (The command line is privacyapp-cli.)").format(
            version=__version__
        ),
        epilog=_(
            "Qt's own options go to Qt, for example: -platform offscreen, -style Fusion, -reverse, "
            "-display :1, -qwindowgeometry 800x600+0+0."
        ),
        allow_abbrev=False,  # --data is not --data-dir: a typo is an error, and a new option never changes old ones
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("keep all data, settings and logs under DIR (also: PRIVACYAPP_DATA_DIR)"),
    )
    parser.add_argument("--debug", action="store_true", help=_("log more, also to the terminal"))
    parser.add_argument(
        "--version",
        action="version",
        version=_("privacyapp {version}").format(version=__version__),
        help=_("show the version and exit"),
    )
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    return parser


def parse_args(argv: Sequence[str]) -> GuiOptions:
    """Our options and Qt's. Exits as argparse does: 0 after --help or --version, 2 on a usage error."""
    parser = build_parser()
    known, rest = parser.parse_known_args(list(argv))
    qt_args, unknown = split_qt_args(rest)
    if unknown:
        parser.error(_unrecognized(unknown, parser))
    return GuiOptions(known.data_dir, known.debug, known.quit_after_first_paint, qt_args)


def split_qt_args(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """Qt's own options (with their values) and whatever else is left, both in the order given.

    Qt also reads its options with two dashes (`--platform offscreen`), so those pass too."""
    qt_args: list[str] = []
    unknown: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name = arg[1:] if arg.startswith("--") else arg
        if name in QT_FLAGS or name.startswith(QT_OPTIONS_WITH_EQUALS):
            qt_args.append(arg)
        elif name in QT_OPTIONS_WITH_VALUE:
            if not rest:
                unknown.append(arg)  # reported as missing its value below
                continue
            qt_args += [arg, rest.pop(0)]
        else:
            unknown.append(arg)
    return qt_args, unknown


def _unrecognized(unknown: list[str], parser: argparse.ArgumentParser) -> str:
    first = unknown[0]
    name = first[1:] if first.startswith("--") else first
    if name in QT_OPTIONS_WITH_VALUE:
        return _("argument {option}: expected one argument").format(option=first)
    arguments = " ".join(unknown)
    if first.startswith("-"):
        import difflib  # only on this error path

        shown = [action for action in parser._actions if action.help != argparse.SUPPRESS]
        known = [*(option for action in shown for option in action.option_strings), *QT_OPTIONS_WITH_VALUE, *QT_FLAGS]
        close = difflib.get_close_matches(first.partition("=")[0], known, n=1)
        if close:
            return _("unrecognized arguments: {arguments} (did you mean {option}?)").format(
                arguments=arguments, option=close[0]
            )
    return _("unrecognized arguments: {arguments}").format(arguments=arguments)
