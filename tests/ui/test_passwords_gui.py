"""The Passwords page: the meter as one types (off the GUI thread, newest input wins), a breach check
against an offline hash file and the consent for online checks, passphrases and the clipboard."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.pages.passwords import PasswordsPage
from privacyapp.ui.state import States
from tests.ui.test_profile_gui import finish_onboarding, launch_states

LEAKED = "hunter2-sentinel"


def passwords_page(qtbot: QtBot, paths: AppPaths) -> tuple[MainWindow, States, PasswordsPage]:
    window, states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow)
    window.go_to("passwords")
    page = window.page("passwords")
    assert isinstance(page, PasswordsPage)
    return window, states, page


def test_meter_rates_as_one_types_and_the_field_hides_the_password(qtbot: QtBot, paths: AppPaths) -> None:
    _window, _session, page = passwords_page(qtbot, paths)
    assert page.password.edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(page.password.edit, "password1")
    qtbot.waitUntil(lambda: page.meter.result is not None, timeout=5_000)
    assert page.meter.result.score <= 1
    page.password.edit.clear()
    qtbot.keyClicks(page.password.edit, "violet kettle moonbeam parade harbour")
    qtbot.waitUntil(lambda: page.meter.result is not None and page.meter.result.score == 4, timeout=5_000)
    assert "Very strong" in page.meter.words.text()
    page.password.edit.setText("x" * 500)  # a 500-character password: rated on 72, the user is told
    qtbot.waitUntil(lambda: page.meter.result is not None and page.meter.result.truncated, timeout=10_000)
    assert "72" in page.meter.words.text()


def test_breach_check_with_an_offline_file(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    _window, states, page = passwords_page(qtbot, paths)
    digest = hashlib.sha1(LEAKED.encode()).hexdigest().upper()
    others = sorted(hashlib.sha1(str(i).encode()).hexdigest().upper() for i in range(500))
    lines = sorted([f"{h}:1" for h in others] + [f"{digest}:4242"])
    hashes = tmp_path / "pwned.txt"
    hashes.write_text("\n".join(lines) + "\n")
    states.passwords.set_offline_source(str(hashes))
    page.password.edit.setText(LEAKED)
    page.check_breaches()
    qtbot.waitUntil(lambda: "4,242" in page.breach_label.text(), timeout=5_000)
    page.password.edit.setText("not in the file at all 8731")
    assert page.breach_label.text() == "", "an old result never stands next to a new password"
    page.check_breaches()
    qtbot.waitUntil(lambda: "Not found" in page.breach_label.text(), timeout=5_000)
    assert "offline" in page.breach_label.text()
    assert states.network.requests == (), "an offline check sends nothing"


def test_first_online_check_asks_and_a_refusal_sends_nothing(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, states, page = passwords_page(qtbot, paths)
    asked: list[str] = []

    def refuse(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(refuse))
    assert states.passwords.online_checks == "ask"
    page.password.edit.setText("anything at all")
    page.check_breaches()
    assert asked and "first 5 characters" in asked[0] and "IP" in asked[0]
    qtbot.waitUntil(lambda: page.breach_label.text().startswith("Not checked: "), timeout=5_000)
    assert "Could not check" not in page.breach_label.text(), "said once, not 'Could not check: Not checked:'"
    assert states.passwords.online_checks == "forbidden"
    assert states.network.requests == ()
    assert "not found" not in page.breach_label.text().lower(), "could not check is never 'not found'"


def test_passphrase_generator_and_copy(qtbot: QtBot, paths: AppPaths) -> None:
    _window, _session, page = passwords_page(qtbot, paths)
    page.words.setValue(5)
    page.generate()
    phrase = page.phrase.text()
    assert len(phrase.split("-")) == 5
    qtbot.waitUntil(lambda: "bits" in page.phrase_strength.text(), timeout=5_000)  # rated off the GUI thread
    page.copy_button.click()
    board = QGuiApplication.clipboard()
    assert board.text() == phrase
    assert board.mimeData().hasFormat("x-kde-passwordManagerHint")
    page.generate()
    assert page.phrase.text() != phrase


def test_audit_a_csv_export_in_memory(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    _window, states, page = passwords_page(qtbot, paths)
    states.passwords.set_online_checks("forbidden")
    export = tmp_path / "chrome.csv"
    export.write_text(
        "name,url,username,password,note\n"
        "Shop,https://www.shop.example/login,sam,Sentinel-reused-1,\n"
        "Mail,https://mail.example,sam@example.org,Sentinel-reused-1,\n"
        "Bank,https://bank.example,sam,violet kettle moonbeam parade harbour,\n"
    )
    page.audit.run_file(export)
    qtbot.waitUntil(lambda: page.audit.model.rowCount() == 3, timeout=10_000)
    rows = {r.site: r for r in page.audit.model.rows}
    assert set(rows) == {"shop.example", "mail.example", "bank.example"}
    assert rows["shop.example"].reused == 2 and rows["bank.example"].reused == 1
    assert rows["bank.example"].score == 4
    assert all(r.breach_count is None for r in rows.values()), "online checks are off: not checked"
    assert "2 reused" in page.audit.status.text() and "online checks are off" in page.audit.status.text()
    proxy, table = page.audit.proxy, page.audit.table

    def sites() -> list[str]:
        return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]

    assert sites() == ["bank.example", "mail.example", "shop.example"], "by site, A to Z, as the header shows"
    table.selectRow(sites().index("shop.example"))
    table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.DescendingOrder)  # "Used on", most first
    assert sites()[2] == "bank.example" and table.selectionModel().selectedRows()[0].data() == "shop.example"
    table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert sites() == ["shop.example", "mail.example", "bank.example"]
    page.audit.filter.setText("bank")
    assert page.audit.proxy.rowCount() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    page.audit.run_file(bad)
    qtbot.waitUntil(lambda: "does not recognise" in page.audit.status.text(), timeout=5_000)  # read off the GUI thread
    states.session.close_profile()
    assert page.audit.model.rowCount() == 0, "forgotten when the profile locks"


def test_no_trace_of_a_password_after_a_gui_session(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, data_dir: Path
) -> None:
    sentinel = "Sentinel-GUI-Pa55-7f3a"
    digest = hashlib.sha1(sentinel.encode()).hexdigest()
    window, states, page = passwords_page(qtbot, paths)
    hashes = tmp_path / "pwned.txt"
    hashes.write_text("\n".join(sorted([f"{digest.upper()}:3", f"{'0' * 40}:1", f"{'F' * 40}:1"])) + "\n")
    states.passwords.set_offline_source(str(hashes))
    page.password.edit.setText(sentinel)
    qtbot.waitUntil(lambda: page.meter.result is not None, timeout=5_000)
    page.check_breaches()
    qtbot.waitUntil(lambda: "3 times" in page.breach_label.text(), timeout=5_000)
    export = tmp_path / "export.csv"
    export.write_text(f"name,url,username,password,note\nSite,https://site.example,sam,{sentinel},\n")
    page.audit.run_file(export)
    qtbot.waitUntil(lambda: page.audit.model.rowCount() == 1, timeout=5_000)
    qtbot.waitUntil(lambda: states.session.save_state == "saved", timeout=5_000)
    window.close()
    qtbot.waitUntil(lambda: not states.session.writing and not window.isVisible(), timeout=5_000)
    forms = [sentinel, digest, digest.upper(), digest[:5], digest[:5].upper()]
    for path in (p for p in data_dir.rglob("*") if p.is_file()):
        content = path.read_bytes()
        for form in forms:
            assert form.encode() not in content, f"{form!r} found in {path.relative_to(data_dir)}"


def test_audit_uses_the_offline_file_and_shows_progress(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    _window, states, page = passwords_page(qtbot, paths)
    leaked = "Sentinel-offline-audit-1"
    digest = hashlib.sha1(leaked.encode()).hexdigest().upper()
    hashes = tmp_path / "pwned.txt"
    hashes.write_text("\n".join(sorted([f"{digest}:12", f"{'0' * 40}:1", f"{'F' * 40}:2"])) + "\n")
    states.passwords.set_offline_source(str(hashes))
    seen: list[tuple[int, int]] = []
    page.audit._relay.changed.connect(lambda _check, done, total: seen.append((done, total)))
    page.audit.run(audit_logins([leaked, "another password 77", leaked]))
    qtbot.waitUntil(lambda: page.audit.model.rowCount() == 3, timeout=10_000)
    counts = sorted(r.breach_count for r in page.audit.model.rows)
    assert counts == [0, 12, 12]
    assert seen and seen[-1][0] == seen[-1][1] == 2, "two unique prefixes, progress for each"
    assert states.network.requests == ()


def audit_logins(passwords: list[str]):  # type: ignore[no-untyped-def]
    from privacyapp.core.audit import Login
    from privacyapp.core.redact import Secret

    return [Login(f"site{i}.example", "sam", Secret(p)) for i, p in enumerate(passwords)]


def test_meter_falls_back_to_a_thread_when_the_rating_process_fails(qtbot: QtBot) -> None:
    from privacyapp.core.strength_worker import RatingError
    from privacyapp.ui.tasks import Tasks
    from privacyapp.ui.widgets.passphrase import StrengthMeter

    class BrokenWorker:
        calls = 0

        def stop_running(self) -> None:
            pass

        def estimate(self, *_args: object) -> object:
            BrokenWorker.calls += 1
            raise RatingError("the rating process did not answer")

    tasks = Tasks()
    meter = StrengthMeter(tasks, worker=BrokenWorker())  # type: ignore[arg-type]
    qtbot.addWidget(meter)
    meter.set_text("password1")
    qtbot.waitUntil(lambda: meter.result is not None, timeout=5_000)
    assert BrokenWorker.calls == 1 and meter.result.score <= 1
    assert "could not" not in meter.words.text()
