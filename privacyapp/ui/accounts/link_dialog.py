"""Recording a link from one account to another: which kind (signs in with, recovers through, shares posts to),
and to which account."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QVBoxLayout, QWidget

from privacyapp.core.accounts.model import Account, LinkKind
from privacyapp.i18n import N_, _
from privacyapp.ui.pages.common import combo, label, ok_cancel
from privacyapp.ui.state.accounts import AccountsState

LINK_CHOICES = {
    LinkKind.CROSS_POST: N_("It shares posts to…"),
    LinkKind.SIGN_IN: N_("It signs in with…"),
    LinkKind.RECOVERY: N_("It recovers through…"),
}
LINK_HELP = {
    LinkKind.SIGN_IN: N_('Choose this when you log in to it with the other account (a "Continue with…" button).'),
    LinkKind.RECOVERY: N_(
        "Choose this when the other account is its recovery email or phone: whoever has it can reset the password."
    ),
    LinkKind.CROSS_POST: N_("Choose this when it shares posts or videos to the other account."),
}


class LinkDialog(QDialog):
    """Record a link from one account to another: which kind, and to which account."""

    def __init__(self, state: AccountsState, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a link"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(_("How is {account} linked to another of your accounts?").format(account=state.label(account)))
        )
        self.kind = combo(_("Kind of link"), [(k.value, _(LINK_CHOICES[k])) for k in LinkKind], narrow=True)
        self.target = combo(
            _("Linked account"), [(a.id, state.label(a)) for a in state.all if a.id != account.id], narrow=True
        )
        self.help = label("", style="muted")
        form = QFormLayout()
        form.addRow(_("Kind:"), self.kind)
        form.addRow(_("Account:"), self.target)
        layout.addLayout(form)
        layout.addWidget(self.help)
        layout.addWidget(ok_cancel(self, _("Add link")))
        self.kind.currentIndexChanged.connect(self._explain)
        self._explain()
        self.setMinimumWidth(420)

    def chosen_kind(self) -> LinkKind:
        return LinkKind(self.kind.currentData())

    def _explain(self) -> None:
        self.help.setText(_(LINK_HELP[self.chosen_kind()]))
