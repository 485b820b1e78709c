"""The GUI's state: the session (life cycle and the single writer) and one state object per feature.

`States.build` wires them: each feature state reads the session's document through the narrow `DocumentAccess`
view and listens to the session's signals; Lock and a switch make every one of them forget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from privacyapp.core.checklist.model import Catalog
    from privacyapp.core.paths import AppPaths
    from privacyapp.core.services import ServiceCatalogue
    from privacyapp.ui.state.accounts import AccountsState
    from privacyapp.ui.state.checklist import ChecklistState
    from privacyapp.ui.state.keys import KeysState
    from privacyapp.ui.state.network import NetworkLog
    from privacyapp.ui.state.next_steps import NextStepsState
    from privacyapp.ui.state.passwords import PasswordsState
    from privacyapp.ui.state.session import Session
    from privacyapp.ui.state.settings import ProfileSettingsState


class States(NamedTuple):
    session: Session
    keys: KeysState
    network: NetworkLog
    checklist: ChecklistState
    passwords: PasswordsState
    accounts: AccountsState
    settings: ProfileSettingsState
    next_steps: NextStepsState

    @classmethod
    def build(
        cls,
        session: Session,
        keys: KeysState,
        network: NetworkLog,
        paths: AppPaths,
        catalog: Callable[[], Catalog],
        services: Callable[[], ServiceCatalogue],
    ) -> States:
        from privacyapp.ui.state.accounts import AccountsState
        from privacyapp.ui.state.checklist import ChecklistState
        from privacyapp.ui.state.next_steps import NextStepsState
        from privacyapp.ui.state.passwords import PasswordsState
        from privacyapp.ui.state.settings import ProfileSettingsState

        checklist = ChecklistState(session, catalog, session.tasks, session)
        passwords = PasswordsState(session, session.tasks, network, session)
        accounts = AccountsState(session, session.tasks, network, paths.cache, services, session)
        settings = ProfileSettingsState(session, keys, session)
        session.documentReplaced.connect(checklist.document_replaced)
        session.documentReplaced.connect(passwords.document_replaced)
        session.documentChanged.connect(accounts.document_changed)
        session.documentChanged.connect(checklist.document_changed)  # a new service's account changes the plan
        session.profileClosed.connect(passwords.forget)
        session.profileClosed.connect(accounts.forget)
        session.profileClosed.connect(network.forget)
        session.aboutToClose.connect(accounts.closing)
        next_steps = NextStepsState(session, checklist, accounts, services, session.tasks, session)
        session.documentChanged.connect(next_steps.document_changed)
        session.documentReplaced.connect(next_steps.document_replaced)
        session.profileClosed.connect(next_steps.forget)
        accounts.breachesChanged.connect(next_steps.document_changed)
        return cls(session, keys, network, checklist, passwords, accounts, settings, next_steps)

    def shutdown(self) -> None:
        """On quit: stop the rating process (the profile was closed before)."""
        self.passwords.shutdown()
