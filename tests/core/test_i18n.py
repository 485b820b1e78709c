"""The gettext door (privacyapp/i18n.py): the identity today, and a real compiled catalogue switches the text."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from privacyapp import i18n
from privacyapp.i18n import N_, _, ngettext, pgettext
from tests.conftest import REPO

PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
# (context or None, msgid, plural msgid or None, translations): German, with a plural and a context
MESSAGES: list[tuple[str | None, str, str | None, tuple[str, ...]]] = [
    (None, "Lock", None, ("Sperren",)),
    (None, "Only the first {count} characters were rated.", None, ("Nur die ersten {count} Zeichen wurden bewertet.",)),
    (None, "{count} account", "{count} accounts", ("{count} Konto", "{count} Konten")),
    ("verb", "Check", None, ("Prüfen",)),
]


@pytest.fixture(autouse=True)
def _identity_after() -> Iterator[None]:
    yield
    i18n.install(None)


# --- three ways to compile a catalogue ---------------------------------------------------------------------------


def _mo_by_hand(path: Path) -> None:
    """The GNU .mo format written directly: a header, two tables of (length, offset), then the strings."""
    entries = {b"": f"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: {PLURAL_FORMS}\n".encode()}
    for context, msgid, plural, translations in MESSAGES:
        key = msgid if plural is None else f"{msgid}\0{plural}"
        if context is not None:
            key = f"{context}\x04{key}"
        entries[key.encode()] = "\0".join(translations).encode()
    keys = sorted(entries)
    header_size, table_size = 7 * 4, len(keys) * 8
    originals_at, translations_at = header_size, header_size + table_size
    data_at = header_size + 2 * table_size
    originals, translations, blob = [], [], b""
    for key in keys:
        originals.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for key in keys:
        translations.append((len(entries[key]), data_at + len(blob)))
        blob += entries[key] + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), originals_at, translations_at, 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in originals + translations)
    path.write_bytes(header + tables + blob)


def _po_text() -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Plural-Forms: {PLURAL_FORMS}\\n"',
    ]
    for context, msgid, plural, translations in MESSAGES:
        lines.append("")
        if context is not None:
            lines.append(f"msgctxt {quoted(context)}")
        lines.append(f"msgid {quoted(msgid)}")
        if plural is None:
            lines.append(f"msgstr {quoted(translations[0])}")
        else:
            lines.append(f"msgid_plural {quoted(plural)}")
            lines += [f"msgstr[{i}] {quoted(text)}" for i, text in enumerate(translations)]
    return "\n".join(lines) + "\n"


def _mo_with_msgfmt(path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    po = path.with_suffix(".po")
    po.write_text(_po_text(), encoding="utf-8")
    subprocess.run([msgfmt, "--check", "-o", str(path), str(po)], check=True, capture_output=True)


def _mo_with_babel(path: Path) -> None:
    if importlib.util.find_spec("babel") is None:
        pytest.skip("Babel is not installed")
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="de")
    for context, msgid, plural, translations in MESSAGES:
        key = msgid if plural is None else (msgid, plural)
        string = translations[0] if plural is None else translations
        catalog.add(key, string, context=context)
    with path.open("wb") as out:
        write_mo(out, catalog)


BUILDERS: dict[str, Callable[[Path], None]] = {
    "by hand": _mo_by_hand,
    "msgfmt": _mo_with_msgfmt,
    "babel": _mo_with_babel,
}


# --- the identity ------------------------------------------------------------------------------------------------


def test_the_identity_returns_each_string_as_written() -> None:
    assert _("Lock") == "Lock"
    assert _("") == ""
    assert pgettext("verb", "Check") == "Check"
    assert N_("Very weak") == "Very weak"
    assert _("Signed in as {name}.").format(name="sam") == "Signed in as sam."


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 accounts"), (1, "1 account"), (2, "2 accounts"), (72, "72 accounts")]
)
def test_ngettext_picks_the_form_for_n(n: int, expected: str) -> None:
    assert ngettext("{count} account", "{count} accounts", n).format(count=n) == expected


# --- a real catalogue --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("builder", list(BUILDERS))
def test_a_compiled_catalogue_switches_the_text(builder: str, tmp_path: Path) -> None:
    mo = tmp_path / "privacyapp.mo"
    BUILDERS[builder](mo)
    i18n.use_catalogue(mo)
    assert _("Lock") == "Sperren"
    assert _("Only the first {count} characters were rated.").format(count=72).startswith("Nur die ersten 72")
    assert ngettext("{count} account", "{count} accounts", 1).format(count=1) == "1 Konto"
    assert ngettext("{count} account", "{count} accounts", 3).format(count=3) == "3 Konten"
    assert pgettext("verb", "Check") == "Prüfen"
    assert _("Check") == "Check", "without its context the word is another message"
    assert _("Not in the catalogue.") == "Not in the catalogue."
    assert ngettext("{count} file", "{count} files", 2) == "{count} files"
    i18n.install(None)
    assert _("Lock") == "Lock"
    assert ngettext("{count} account", "{count} accounts", 1) == "{count} account"
    assert pgettext("verb", "Check") == "Check"


def test_install_finds_a_language_in_the_locale_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "translations"
    (folder / "de" / "LC_MESSAGES").mkdir(parents=True)
    _mo_by_hand(folder / "de" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo")
    monkeypatch.setattr(i18n, "locale_dir", lambda: folder)
    assert i18n.install("de") is True
    assert _("Lock") == "Sperren"
    assert i18n.install("xx") is False, "no catalogue for that language: the identity"
    assert _("Lock") == "Lock"
    i18n.install("de")
    assert i18n.install(None) is False
    assert _("Lock") == "Lock"
    assert type(i18n.current()) is i18n.gettext.NullTranslations


def test_a_missing_catalogue_file_raises_and_changes_nothing(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        i18n.use_catalogue(tmp_path / "absent.mo")
    assert _("Lock") == "Lock"


def test_catalogues_live_in_resources_translations() -> None:
    assert i18n.DOMAIN == "privacyapp"
    assert i18n.locale_dir() == REPO / "resources" / "translations"


def test_importing_it_loads_no_qt() -> None:
    probe = "import sys, privacyapp.i18n; print(any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "False"
