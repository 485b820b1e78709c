"""The first-run questions that shape the plan: who is it for, and which apps and devices are used. Compact, so that
the step tree keeps room on a small screen: one row of answers, the common apps and the devices, the other apps
behind "More apps"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QWidget,
)

from privacyapp.core.checklist.model import AUDIENCE_NAMES, AUDIENCES, PLATFORM_NAMES, SERVICES, SYSTEMS
from privacyapp.i18n import _, ngettext
from privacyapp.ui.pages.common import Card, button, label

# the services most people meet first, then the devices; the other services are behind "More apps"
COMMON = ("tiktok", "instagram", "youtube", "snapchat", "whatsapp", "facebook", "discord", "x")
MORE = tuple(s for s in SERVICES if s not in COMMON)
COLUMNS = 7
DEFAULT_WHO = "individual"


class PlanPanel(Card):
    planChosen = Signal(str, list)  # who (an AUDIENCES word), platforms

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Make your plan"), parent)
        self.body.setSpacing(6)
        who_row = QHBoxLayout()
        who_row.addWidget(label(_("Who is this for?"), style="card-title", wrap=False))
        self.who = QButtonGroup(self)
        self.who_buttons: dict[str, QRadioButton] = {}
        for key in AUDIENCES:
            radio = QRadioButton(_(AUDIENCE_NAMES[key]))
            radio.setAccessibleName(_(AUDIENCE_NAMES[key]))
            self.who.addButton(radio)
            self.who_buttons[key] = radio
            who_row.addWidget(radio)
        who_row.addStretch(1)
        self.who_buttons[DEFAULT_WHO].setChecked(True)
        self.body.addLayout(who_row)
        self.body.addWidget(label(_("Which apps and devices are used? Tick all that apply."), style="card-title"))
        self.platform_boxes: dict[str, QCheckBox] = {}
        self.body.addWidget(self._grid((*COMMON, *SYSTEMS)))
        self.more = self._grid(MORE)
        self.more.setVisible(False)
        self.body.addWidget(self.more)
        row = QHBoxLayout()
        # Translators: a button that shows the checkboxes of {count} more apps
        more_text = ngettext("More apps ({count})", "More apps ({count})", len(MORE)).format(count=len(MORE))
        self.more_button = QPushButton(more_text)
        self.more_button.setCheckable(True)
        self.more_button.setAccessibleName(_("Show more apps"))
        self.more_button.toggled.connect(self.more.setVisible)
        row.addWidget(self.more_button)
        row.addWidget(label(_("You can change the answers any time."), wrap=False))
        row.addStretch(1)
        self.make = button(_("Make my plan"), _("Make my plan"))
        self.make.clicked.connect(self._chosen)
        row.addWidget(self.make)
        self.body.addLayout(row)

    def _grid(self, keys: tuple[str, ...]) -> QFrame:
        holder = QFrame()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for n, key in enumerate(keys):
            box = QCheckBox(_(PLATFORM_NAMES[key]))
            box.setAccessibleName(_(PLATFORM_NAMES[key]))
            self.platform_boxes[key] = box
            grid.addWidget(box, n // COLUMNS, n % COLUMNS)
        return holder

    def set_answers(self, who: str | None, platforms: list[str] | None) -> None:
        from privacyapp.core.checklist.plan import audience_of

        audience = audience_of(who)  # a profile may still hold a word from before the one vocabulary
        for key, radio in self.who_buttons.items():
            radio.setAutoExclusive(False)  # so that "not answered" can show no choice at all
            radio.setChecked(key == audience)
            radio.setAutoExclusive(True)
        for key, box in self.platform_boxes.items():
            box.setChecked(bool(platforms) and key in (platforms or []))
        # the other apps show when one of them is ticked, so that no answer is hidden
        self.more_button.setChecked(any(self.platform_boxes[key].isChecked() for key in MORE))

    def answers(self) -> tuple[str, list[str]]:
        """Who the plan is for and the platforms ticked, as they would be saved."""
        who = next((key for key, radio in self.who_buttons.items() if radio.isChecked()), DEFAULT_WHO)
        return who, [key for key, box in self.platform_boxes.items() if box.isChecked()]

    def _chosen(self) -> None:
        self.planChosen.emit(*self.answers())
