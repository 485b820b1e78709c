""" "Review this account": one short step per topic (who can see it, 2-step login, login alerts, links, other
apps, location), each with the how-to of the service's checklist item and a question. Finishing saves the
answers to the account, sets its review date, and marks the items the person did as done in the checklist."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import TWO_FACTOR_WORDS, Account, Link, TwoFactor, Visibility
from privacyapp.core.checklist.model import Item
from privacyapp.core.progress import Status
from privacyapp.i18n import N_, _, ngettext
from privacyapp.ui import theme
from privacyapp.ui.accounts.model import link_sentence
from privacyapp.ui.checklist.step_view import links_html, steps_html
from privacyapp.ui.pages.common import button, label
from privacyapp.ui.state.accounts import AccountsState
from privacyapp.ui.state.checklist import ChecklistState

HEADINGS = {
    "visibility": N_("Who can see it?"),
    "two_factor": N_("Is 2-step login on?"),
    "login_alerts": N_("Will you hear about new logins?"),
    "links": N_("Which accounts is it linked to?"),
    "third_party_apps": N_("Which other apps can reach it?"),
    "location": N_("Does it show where you are?"),
}
CHECKED = {
    "third_party_apps": N_("I looked at the apps and websites that can reach it, and removed the ones I don't use"),
    "location": N_("I checked its location settings and what my posts show"),
}


def _choices(name: str, options: Sequence[tuple[object, str]], current: object) -> tuple[QWidget, QButtonGroup]:
    box = QWidget()
    grid = QGridLayout(box)  # three to a row: seven 2-step login methods do not fit on one line
    grid.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    for index, (value, text) in enumerate(options):
        radio = QRadioButton(text)
        radio.setAccessibleName(_("{question}: {answer}").format(question=name, answer=text))
        radio.setProperty("value", value)
        radio.setChecked(value == current)
        group.addButton(radio, index)
        grid.addWidget(radio, index // 3, index % 3)
    grid.setColumnStretch(3, 1)
    return box, group


def _value(group: QButtonGroup) -> object:
    checked = group.checkedButton()
    return checked.property("value") if checked is not None else None


class ReviewDialog(QDialog):
    def __init__(
        self, accounts: AccountsState, checklist: ChecklistState, account_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = accounts
        self._checklist = checklist
        account = accounts.get(account_id)
        if account is None:
            raise ValueError("no such account")
        self.account = account
        self.service = accounts.catalogue.by_id.get(account.service)
        self.items: dict[str, Item] = register.review_items(checklist.catalog, account.service)
        self.topics = list(self.items)
        self.setWindowTitle(_("Review {account}").format(account=accounts.label(account)))
        self.setAccessibleName(_("Review this account"))
        self.resize(680, 620)
        layout = QVBoxLayout(self)
        self.progress = label("", style="muted")
        layout.addWidget(self.progress)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.groups: dict[str, QButtonGroup] = {}
        self.checks: dict[str, QCheckBox] = {}
        self.unlinks: list[tuple[QCheckBox, Account, Link]] = []
        self.advice = label("")
        for topic in self.topics:
            self.stack.addWidget(self._page(topic))
        self.summary = label("")
        self.summary.setAccessibleName(_("Review summary"))
        done_page = QWidget()
        done_layout = QVBoxLayout(done_page)
        self.done_title = label("", style="step-title")  # set on arrival: it says how many steps are left
        self.done_title.setAccessibleName(_("Review result"))
        done_layout.addWidget(self.done_title)
        done_layout.addWidget(self.summary)
        done_layout.addStretch(1)
        self.stack.addWidget(done_page)
        moves = QHBoxLayout()
        self.back = button(_("‹ Back"), _("Previous step"))
        self.back.clicked.connect(self._back)
        self.cancel = button(_("Cancel"), _("Close without saving"))
        self.cancel.clicked.connect(self.reject)
        self.next = button(_("Next ›"), _("Next step"))
        self.next.setDefault(True)
        self.next.clicked.connect(self._next)
        moves.addWidget(self.back)
        moves.addStretch(1)
        moves.addWidget(self.cancel)
        moves.addWidget(self.next)
        layout.addLayout(moves)
        self._show(0)

    # --- pages -----------------------------------------------------------------------------------------------
    def _page(self, topic: str) -> QWidget:
        item = self.items[topic]
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setSpacing(8)
        layout.addWidget(label(_(HEADINGS[topic]), style="step-title"))
        layout.addWidget(label(item.title, style="card-title"))
        layout.addWidget(label(item.why))
        steps = QLabel(steps_html(item, self._platforms()))
        steps.setWordWrap(True)
        steps.setAccessibleName(_("How to do it"))
        theme.style_text(steps, "body")
        layout.addWidget(steps)
        links = QLabel(links_html(item))
        links.setWordWrap(True)
        links.setOpenExternalLinks(True)
        links.setAccessibleName(_("Help links"))
        theme.style_text(links, "body")
        layout.addWidget(links)
        layout.addWidget(self._question(topic))
        layout.addStretch(1)
        scroll.setWidget(body)
        return scroll

    def _platforms(self) -> set[str]:
        return set(self._checklist.platforms or ()) | {self.account.service}

    def _question(self, topic: str) -> QWidget:
        frame = QFrame()
        frame.setObjectName("Card")
        frame.setStyleSheet(theme.CARD_STYLE)
        layout = QVBoxLayout(frame)
        account = self.account
        if topic == "visibility":
            if self.service is not None and not self.service.can_be_private:
                layout.addWidget(
                    label(
                        _("A {service} account cannot be made private. Did you check the steps above?").format(
                            service=self.service.name
                        )
                    )
                )
            visibility = [
                (Visibility.PRIVATE.value, _("Private")),
                (Visibility.PUBLIC.value, _("Public")),
                (Visibility.UNKNOWN.value, _("Not sure")),
            ]
            widget, self.groups[topic] = _choices(_("Who can see it"), visibility, account.visibility.value)
            layout.addWidget(label(_("Now, who can see this account?")))
            layout.addWidget(widget)
        elif topic == "two_factor":
            layout.addWidget(label(_("Which 2-step login is on now?")))
            methods = [(m.value, _(TWO_FACTOR_WORDS[m])) for m in TwoFactor]
            widget, self.groups[topic] = _choices(_("2-step login"), methods, account.two_factor.value)
            self.groups[topic].buttonToggled.connect(self._advise)
            layout.addWidget(widget)
            layout.addWidget(self.advice)
            self._advise()
        elif topic == "login_alerts":
            layout.addWidget(label(_("Are alerts for new logins on?")))
            alerts = [(True, _("Yes")), (False, _("No")), (None, _("Not sure"))]
            widget, self.groups[topic] = _choices(_("Alerts for new logins"), alerts, account.login_alerts)
            layout.addWidget(widget)
        elif topic == "links":
            self._links_question(layout)
        else:
            box = QCheckBox(_(CHECKED[topic]))
            box.setAccessibleName(_(CHECKED[topic]))
            self.checks[topic] = box
            layout.addWidget(box)
        return frame

    def _links_question(self, layout: QVBoxLayout) -> None:
        pairs = [(self.account, link) for link in self.account.links]
        pairs += [(other, link) for other in self.state.all for link in other.links if link.to == self.account.id]
        if not pairs:
            layout.addWidget(
                label(
                    _(
                        "privacyapp has no links recorded for this account. If you find some, add them on the "
                        "Accounts page so that the map shows them."
                    )
                )
            )
        else:
            layout.addWidget(label(_("Tick the links you removed on the service:")))
        for source, link in pairs:
            target = self.state.get(link.to)
            if target is None:
                continue
            text = link_sentence(self.state.label(source), link.kind, self.state.label(target))
            box = QCheckBox(text)
            box.setAccessibleName(_("Removed: {link}").format(link=text))
            layout.addWidget(box)
            self.unlinks.append((box, source, link))
        box = QCheckBox(_("I checked which accounts it is linked to"))
        box.setAccessibleName(_("I checked the links"))
        self.checks["links"] = box
        layout.addWidget(box)

    def _advise(self) -> None:
        method = _value(self.groups["two_factor"])
        text, fine = register.two_factor_advice(self.service, str(method) if method else TwoFactor.UNKNOWN)
        self.advice.setText(("✓ " if fine else "! ") + text)

    # --- moving ----------------------------------------------------------------------------------------------
    def _show(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        last = index == len(self.topics)
        self.back.setEnabled(index > 0)
        self.next.setText(_("Finish") if last else _("Next ›"))
        self.next.setAccessibleName(_("Finish the review") if last else _("Next step"))
        self.progress.setText(
            _("Review finished")
            if last
            else _("Step {number} of {count}").format(number=index + 1, count=len(self.topics))
        )
        if last:
            left = len(self.topics) - len(self.done_topics())
            self.done_title.setText(
                ngettext(
                    "Review finished: {count} step not done yet",
                    "Review finished: {count} steps not done yet",
                    left,
                ).format(count=left)
                if left
                else _("All done")
            )
            self.summary.setText(self._summary_html())
            self.summary.setTextFormat(Qt.TextFormat.RichText)

    def _back(self) -> None:
        self._show(max(0, self.stack.currentIndex() - 1))

    def _next(self) -> None:
        index = self.stack.currentIndex()
        if index == len(self.topics):
            self.finish()
            return
        self._show(index + 1)

    def answers(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for topic, group in self.groups.items():
            if group.checkedButton() is not None:
                out[topic] = _value(group)
        return out

    def done_topics(self) -> list[str]:
        """The topics the person dealt with: answered for sure, or ticked."""
        answers = self.answers()
        done = [t for t in ("visibility", "two_factor") if answers.get(t) not in (None, Visibility.UNKNOWN)]
        done += ["login_alerts"] if answers.get("login_alerts") is not None else []
        done += [t for t, box in self.checks.items() if box.isChecked()]
        return [t for t in self.topics if t in done]

    def _summary_html(self) -> str:
        answers, done = self.answers(), self.done_topics()
        rows = [
            "<li>{}</li>".format(
                escape((_("{topic} Done") if t in done else _("{topic} Not yet")).format(topic=_(HEADINGS[t])))
            )
            for t in self.topics
        ]
        removed = [box.text() for box, _source, _link in self.unlinks if box.isChecked()]
        extra = (
            "<p>{}</p>".format(escape(_("Links you removed: {links}.").format(links=_("; ").join(removed))))
            if removed
            else ""
        )
        method = answers.get("two_factor")
        advice = ""
        if method is not None:
            text, fine = register.two_factor_advice(self.service, str(method))
            advice = "" if fine else f"<p>{escape(text)}</p>"
        finish = _(
            "Press Finish to save this review. Its date is kept, and privacyapp will suggest another look in six "
            "months."
        )
        return f"<ul>{''.join(rows)}</ul>{extra}{advice}<p>{escape(finish)}</p>"

    def finish(self) -> None:
        if self.state.get(self.account.id) is None:  # locked, switched or removed meanwhile: nothing to save to
            self.reject()
            return
        answers = self.answers()
        fields: dict[str, object] = {"reviewed": date.today()}
        if "visibility" in answers:
            fields["visibility"] = Visibility(str(answers["visibility"]))
        if "two_factor" in answers:
            fields["two_factor"] = TwoFactor(str(answers["two_factor"]))
        if "login_alerts" in answers:
            fields["login_alerts"] = answers["login_alerts"]
        accounts = register.update(self.state.all, self.account.id, **fields)[0]
        for box, source, link in self.unlinks:
            if box.isChecked():
                accounts = register.unlink(accounts, source.id, link.to, link.kind)
        self.state.replace_all(accounts)
        for topic in self.done_topics():
            self._checklist.set_item_status(self.items[topic].id, Status.DONE)
        self.accept()
