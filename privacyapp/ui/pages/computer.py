"""Settings' card about this computer: where privacyapp keeps its data, and whether the keyring works."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout

from privacyapp.i18n import _
from privacyapp.ui.pages.common import Card, button, label

if TYPE_CHECKING:
    from privacyapp.core.keyring_check import KeyringStatus
    from privacyapp.ui.state.keys import KeysState


def keyring_text(status: KeyringStatus | None) -> str:
    if status is None:
        return _("Checking whether this computer has a keyring…")
    if status.works:
        # Translators: {backend} is the name of the keyring's software, such as "SecretService Keyring"
        return _(
            "This computer's keyring works ({backend}). A profile can keep its key there and open without asking "
            "for its passphrase."
        ).format(backend=status.backend)
    # Translators: {problem} is the sentence that says why the keyring cannot be used
    return _(
        "{problem} That is fine: privacyapp asks for a passphrase instead, and your profile stays just as safe."
    ).format(problem=status.detail)


class ComputerCard(Card):
    """Where the data is kept, and whether this computer's keyring works: facts about the computer, which Home
    leaves out so that it can show what to do next."""

    def __init__(self, keys: KeysState, data_folder: Path) -> None:
        super().__init__(_("This computer"))
        self._data_folder = data_folder
        self.body.addWidget(label(_("privacyapp keeps your data only on this computer, in this folder:")))
        row = QHBoxLayout()
        self.data_path = label(str(data_folder))
        self.data_path.setAccessibleName(_("Data folder"))
        self.data_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.data_path, 1)
        open_button = button(_("Open folder"), _("Open the data folder"))
        open_button.clicked.connect(self._open_data_folder)
        row.addWidget(open_button)
        self.body.addLayout(row)
        self.keyring_label = label(keyring_text(keys.keyring_status))
        self.keyring_label.setAccessibleName(_("Keyring status"))
        self.body.addWidget(self.keyring_label)
        keys.keyringStatusChanged.connect(self.show_keyring_status)  # a bound method: dropped with the card

    def show_keyring_status(self, status: KeyringStatus | None) -> None:
        self.keyring_label.setText(keyring_text(status))

    def _open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_folder)))
