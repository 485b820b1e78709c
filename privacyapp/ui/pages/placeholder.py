"""A page whose feature is not built yet. It says so plainly, and what the page will do."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from privacyapp.ui.pages.common import Card, Page, label


class PlaceholderPage(Page):
    def __init__(self, title: str, intro: str, coming: list[str], parent: QWidget | None = None) -> None:
        super().__init__(title, intro, parent)
        card = Card("Not built yet")
        card.body.addWidget(label("This part of privacyapp is not built yet. When it is, it will:"))
        for line in coming:
            bullet = label(f"•  {line}")
            bullet.setContentsMargins(8, 0, 0, 0)
            card.body.addWidget(bullet)
        self.content.addWidget(card)
        self.finish()
