"""The one door every user-facing string goes through, so that privacyapp can be translated later.

Today the catalogue is the identity (`gettext.NullTranslations`): `_("Lock")` is "Lock". A later issue adds
extraction with Babel and .po files; compiled catalogues will live in `resources/translations/<language>/
LC_MESSAGES/privacyapp.mo`, and `install(language)` or `use_catalogue(path)` switches to one. This module is
Qt-free and cheap to import (the standard gettext module only): the core and the CLI use it as well as the GUI.

How to write a translatable string:

- Whole sentences. A translator sees each string alone and must be able to reorder it, so never build a sentence
  from pieces (`_("Saved") + " " + _("just now")`), never patch a translated text with `.replace()`, and never
  choose a word with a conditional in the middle of a sentence: write each full sentence.
- Named placeholders, filled after translation: `_("Signed in as {name}.").format(name=handle)`. Never
  f-strings or `%` inside `_()` (the text to look up must be the literal one), never positional `{}`.
- Counts go through `ngettext`, which picks the form for `n` (some languages have three or more):
  `ngettext("{count} account", "{count} accounts", n).format(count=n)`.
- A short word that means different things in different places gets a context: `pgettext("verb", "Check")`.
- Strings defined at import time (tables, constants) are marked with `N_()` and translated where they are
  shown: `LABELS = (N_("Weak"), ...)`, then `_(LABELS[i])`.
- A comment starting with `# Translators:` on the line above is shown to the translator.

The functions look the catalogue up at each call, so `from privacyapp.i18n import _` keeps working after
`install()`.
"""

from __future__ import annotations

import gettext
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path

DOMAIN = "privacyapp"
LOCALE_FOLDER = "translations"  # inside the shipped resources/ folder: resources/translations/

_catalogue: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """`message` in the current language."""
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count `n` (fill the count in with `.format()` afterwards)."""
    return _catalogue.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, for a word whose translation depends on where it is used."""
    return _catalogue.pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for extraction without translating it: translate it with `_()` where it is shown."""
    return message


def locale_dir() -> Path:
    """Where compiled catalogues are looked for: resources/translations/ in the source tree or the package."""
    from privacyapp.core.paths import resource

    return resource(LOCALE_FOLDER)


def install(language: str | None) -> bool:
    """Use the catalogue for `language` ("de", "pt_BR") from `locale_dir()`; None goes back to the identity.

    Returns whether a catalogue is now in use; without one (None, or no file for that language) the strings stay
    as written."""
    global _catalogue
    if language is None:
        _catalogue = gettext.NullTranslations()
        return False
    _catalogue = gettext.translation(DOMAIN, str(locale_dir()), languages=[language], fallback=True)
    return isinstance(_catalogue, gettext.GNUTranslations)


def use_catalogue(path: str | PathLike[str]) -> None:
    """Use the compiled catalogue (.mo file) at `path`. Raises OSError if it cannot be read."""
    global _catalogue
    from pathlib import Path

    with Path(path).open("rb") as file:
        _catalogue = gettext.GNUTranslations(file)


def current() -> gettext.NullTranslations:
    """The catalogue in use (the identity unless `install` or `use_catalogue` chose another)."""
    return _catalogue


__all__ = [
    "DOMAIN",
    "LOCALE_FOLDER",
    "N_",
    "_",
    "current",
    "install",
    "locale_dir",
    "ngettext",
    "pgettext",
    "use_catalogue",
]
