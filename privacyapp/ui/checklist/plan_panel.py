"""The first-run questions that shape the plan: who is it for, and which apps and devices are used."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QFrame, QGridLayout, QHBoxLayout, QRadioButton, QWidget

from privacyapp.core.checklist.model import PLATFORM_NAMES, SERVICES, SYSTEMS
from privacyapp.i18n import N_, _
from privacyapp.ui.pages.common import Card, button, label

WHO_CHOICES = (  # key, the radio button's words, its accessible name: shown with _()
    ("me", N_("Me"), N_("For me")),
    ("teen", N_("My teen, with me"), N_("For my teen, with me")),
    ("class", N_("A class I teach"), N_("For a class I teach")),
    ("organisation", N_("My organisation"), N_("For my organisation")),
)
# the services most people meet first; the rest are listed too
COMMON = ("tiktok", "instagram", "youtube", "snapchat", "whatsapp", "facebook", "discord", "x")


class PlanPanel(Card):
    planChosen = Signal(str, list)  # who, platforms

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Make your plan"), parent)
        self.body.addWidget(
            label(
                _(
                    "Two quick questions, so the checklist shows what matters for you. "
                    "You can change the answers any time."
                )
            )
        )
        self.body.addWidget(label(_("Who is this for?"), style="card-title"))
        who_row = QHBoxLayout()
        self.who = QButtonGroup(self)
        self.who_buttons: dict[str, QRadioButton] = {}
        for key, text, name in WHO_CHOICES:
            radio = QRadioButton(_(text))
            radio.setAccessibleName(_(name))
            self.who.addButton(radio)
            self.who_buttons[key] = radio
            who_row.addWidget(radio)
        who_row.addStretch(1)
        self.who_buttons["me"].setChecked(True)
        self.body.addLayout(who_row)
        self.body.addWidget(label(_("Which apps and devices do you use? (Tick all that apply.)"), style="card-title"))
        grid_holder = QFrame()
        grid = QGridLayout(grid_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        self.platform_boxes: dict[str, QCheckBox] = {}
        ordered = [*COMMON, *[s for s in SERVICES if s not in COMMON], *SYSTEMS]
        for n, key in enumerate(ordered):
            box = QCheckBox(_(PLATFORM_NAMES[key]))
            box.setAccessibleName(_(PLATFORM_NAMES[key]))
            self.platform_boxes[key] = box
            grid.addWidget(box, n // 6, n % 6)
        self.body.addWidget(grid_holder)
        row = QHBoxLayout()
        row.addStretch(1)
        self.make = button(_("Make my plan"), _("Make my plan"))
        self.make.clicked.connect(self._chosen)
        row.addWidget(self.make)
        self.body.addLayout(row)

    def set_answers(self, who: str | None, platforms: list[str] | None) -> None:
        for key, radio in self.who_buttons.items():
            radio.setAutoExclusive(False)  # so that "not answered" can show no choice at all
            radio.setChecked(key == who)
            radio.setAutoExclusive(True)
        for key, box in self.platform_boxes.items():
            box.setChecked(bool(platforms) and key in (platforms or []))

    def _chosen(self) -> None:
        who = next((key for key, radio in self.who_buttons.items() if radio.isChecked()), "me")
        platforms = [key for key, box in self.platform_boxes.items() if box.isChecked()]
        self.planChosen.emit(who, platforms)
