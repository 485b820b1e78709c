"""What a new user tripped over in the GUI (issue 13, section 3): a weak passphrase taken without a word, a wrong
passphrase left in the unlock field, "X" choosing Roblox, "dana" beside "Dana", and Cancel on the recovery-code
page that left a profile behind without saying so."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.ui.accounts.page import AddAccountDialog
from privacyapp.ui.dialogs.new_passphrase import NewPassphraseDialog
from privacyapp.ui.onboarding import OnboardingWizard
from privacyapp.ui.tasks import Tasks
from tests.ui.test_accounts_gui import launch as launch_with_profile
from tests.ui.test_profile_gui import PASSPHRASE, click_unlock, finish_onboarding, launch

WEAK = "password1"


def to_unlock_choice(wizard: OnboardingWizard, name: str = "Sam") -> None:
    wizard.currentPage().name.setText(name)  # type: ignore[attr-defined]
    wizard.next()  # -> what stays here
    wizard.next()  # -> how to unlock


def test_onboarding_asks_before_taking_a_weak_passphrase(qtbot: QtBot, paths: AppPaths) -> None:
    _window, session, flow = launch(qtbot, paths)
    wizard = flow.dialog
    assert isinstance(wizard, OnboardingWizard)
    to_unlock_choice(wizard)
    form = wizard.choice.form
    assert not form.use_anyway.isVisibleTo(wizard)
    for field in (form.first, form.second):
        field.edit.setText(WEAK)
    wizard.next()
    assert wizard.currentId() == 2 and wizard.choice.code is None, "not created"
    assert "too easy to guess" in form.problem.text()
    assert WEAK not in form.problem.text()
    assert form.use_anyway.isVisibleTo(wizard)
    assert session.manager.list() == []
    form.use_anyway.setChecked(True)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.choice.code is not None, timeout=10_000)
    assert [info.name for info in session.manager.list()] == ["Sam"]


def test_the_new_passphrase_dialog_asks_too_and_forgets_the_tick_when_it_changes(qtbot: QtBot) -> None:
    dialog = NewPassphraseDialog(Tasks(), "New passphrase", "Choose the new passphrase.")
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    for field in (form.first, form.second):
        field.edit.setText(WEAK)
    dialog._accept()
    assert dialog.value is None and dialog.result() != dialog.DialogCode.Accepted
    assert form.use_anyway.isVisible() and "too easy to guess" in form.problem.text()
    form.use_anyway.setChecked(True)
    form.first.edit.setText(WEAK + "2")  # changed after the tick: asked again
    form.second.edit.setText(WEAK + "2")
    assert not form.use_anyway.isChecked()
    dialog._accept()
    assert dialog.value is None
    for field in (form.first, form.second):
        field.edit.setText(PASSPHRASE)
    dialog._accept()
    assert dialog.value is not None and dialog.value.reveal() == PASSPHRASE


def test_a_wrong_passphrase_is_cleared_from_the_unlock_field(qtbot: QtBot, paths: AppPaths) -> None:
    window, _session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    window.lock_button.click()
    dialog = click_unlock(qtbot, window, flow)
    dialog.secret.edit.setText("not the passphrase")
    dialog.secret.show_button.setChecked(True)
    dialog.unlock.click()
    qtbot.waitUntil(lambda: "Wrong passphrase" in dialog.message.text(), timeout=10_000)
    assert dialog.secret.edit.text() == ""
    assert not dialog.secret.show_button.isChecked()
    assert window.locked


@pytest.mark.parametrize(
    ("typed", "service"),
    [("X", "x"), ("x", "x"), ("twitter", "x"), ("rob", "roblox"), ("in", "instagram"), ("Tik", "tiktok")],
)
def test_add_account_search_prefers_an_exact_then_a_prefix_match(
    qtbot: QtBot, paths: AppPaths, typed: str, service: str
) -> None:
    _window, states = launch_with_profile(qtbot, paths)
    dialog = AddAccountDialog(states.accounts)
    qtbot.addWidget(dialog)
    dialog.search.setText(typed)
    assert dialog.chosen() == service


def test_onboarding_refuses_a_name_that_differs_only_in_capitals(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow, name="dana")
    flow.onboard(first_run=False)
    wizard = flow.dialog
    assert isinstance(wizard, OnboardingWizard)
    wizard.currentPage().name.setText("Dana")  # type: ignore[attr-defined]
    wizard.next()
    assert wizard.currentId() == 0
    problem = wizard.currentPage().problem.text()  # type: ignore[attr-defined]
    assert "There is already a profile called 'dana'" in problem and "capital letters" in problem
    wizard.reject()
    assert [info.name for info in session.manager.list()] == ["dana"]
    assert window is not None


def answer_close_question(qtbot: QtBot, wizard: OnboardingWizard, close: bool) -> None:
    """Answer the question Cancel asks on the recovery-code page, once it is shown (it is modal)."""

    def answer() -> None:
        question = wizard.close_question
        if question is None:
            QTimer.singleShot(20, answer)
            return
        wanted = "Close anyway" if close else "Back to the code"
        (button,) = [b for b in question.buttons() if b.text() == wanted]
        button.click()

    QTimer.singleShot(0, answer)


def test_cancel_on_the_recovery_code_page_says_the_profile_stays(qtbot: QtBot, paths: AppPaths) -> None:
    _window, session, flow = launch(qtbot, paths)
    wizard = flow.dialog
    assert isinstance(wizard, OnboardingWizard)
    to_unlock_choice(wizard)
    for field in (wizard.choice.form.first, wizard.choice.form.second):
        field.edit.setText(PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == 3, timeout=10_000)
    assert "is created" in wizard.recovery.subTitle()
    answer_close_question(qtbot, wizard, close=False)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert wizard.isVisible() and wizard.currentId() == 3, "back to the code"
    shown: list[str] = []

    def remember_text() -> None:
        question = wizard.close_question
        if question is not None:
            shown.append(question.text())

    QTimer.singleShot(0, remember_text)
    answer_close_question(qtbot, wizard, close=True)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5_000)
    assert shown and "already created" in shown[0] and "stays" in shown[0]
    assert [info.name for info in session.manager.list()] == ["Sam"]
    assert isinstance(QApplication.activeModalWidget(), QMessageBox | None)
