"""The linked-accounts map: each account a badge, each link an arrow coloured (and dashed) by its kind.
Selecting an account shows what an attacker who took it over could reach; selecting a link shows how to undo it.

Working out where each account goes takes ~0.4 s for 100 linked accounts, so it runs in the background: the map
is drawn at once with the places it knows (new accounts in a row below), and the worked-out places are applied
when they come back, unless the accounts or links changed meanwhile (then that answer is dropped)."""

from __future__ import annotations

import functools
import logging
import math
from html import escape

from PySide6.QtCore import QPointF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QPainter,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from privacyapp.core.accounts import register
from privacyapp.core.accounts.layout import Point
from privacyapp.core.accounts.model import AccountState, LinkKind
from privacyapp.core.text import visible
from privacyapp.i18n import N_, _
from privacyapp.ui import theme
from privacyapp.ui.accounts import badge
from privacyapp.ui.accounts.map_items import BADGE, KIND_COLOURS, KIND_STYLES, EdgeItem, MapView, NodeItem
from privacyapp.ui.accounts.model import link_sentence
from privacyapp.ui.pages.common import button, label, side_by_side
from privacyapp.ui.state.accounts import AccountsState
from privacyapp.ui.tasks import Failed, Outcome

log = logging.getLogger(__name__)

SPACING = 130.0  # between linked accounts
KIND_NAMES = {
    LinkKind.SIGN_IN: N_("Signs in with"),
    LinkKind.RECOVERY: N_("Recovers through"),
    LinkKind.CROSS_POST: N_("Shares posts to"),
}
REACH_COLOUR = "#dc2626"
SELECTED_COLOUR = "#f59e0b"
UNLINK_HELP = {
    LinkKind.SIGN_IN: N_(
        "Open {source}'s settings and look for Login methods or Connected accounts. Give {source} its own "
        "password (and 2-step login) first, then remove {target} as a way to log in."
    ),
    LinkKind.RECOVERY: N_(
        "Open {source}'s security settings and check its recovery email or phone. If it should stay, make "
        "sure {target} has a strong password and 2-step login: it guards {source} too."
    ),
    LinkKind.CROSS_POST: N_(
        "Open {source}'s settings and look for Sharing, Linked accounts or Connected apps, then disconnect {target}."
    ),
}
SLICE = 40  # items put on the map per turn of the event loop
Shape = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]  # the accounts and the links the places are for


class AccountsMap(QWidget):
    """The map, its legend, and a panel that explains the selection."""

    accountChosen = Signal(str)  # double-click: open the account in the list

    def __init__(self, state: AccountsState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        self._edge: EdgeItem | None = None  # the selected link
        self._drawn: object = None  # what the scene shows now: accounts, handles and links
        self._shape: Shape | None = None  # the accounts and links the scene shows
        self._positions: dict[str, Point] = {}  # worked out for `_shape`, or for the one before while in the works
        self._laying_out: Shape | None = None  # the shape whose places are being worked out
        self._to_show: list[QGraphicsItem] = []  # drawn, not yet in the scene (see _show_slice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        legend = QHBoxLayout()
        for kind in (LinkKind.SIGN_IN, LinkKind.RECOVERY, LinkKind.CROSS_POST):
            legend.addWidget(_legend_swatch(kind))
            legend.addWidget(label(_(KIND_NAMES[kind]), wrap=False))
            legend.addSpacing(14)
        legend.addStretch(1)
        layout.addLayout(legend)
        self.scene = QGraphicsScene(self)
        # a few hundred items, all drawn each time: a search tree costs more to build on every change than it saves
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.view = MapView()
        self.view.setScene(self.scene)
        self.info = QWidget()
        info = QVBoxLayout(self.info)
        info.setContentsMargins(12, 0, 0, 0)
        self.info_title = label("", style="card-title")
        self.info_text = QLabel("")
        self.info_text.setWordWrap(True)
        self.info_text.setTextFormat(Qt.TextFormat.RichText)
        self.info_text.setAccessibleName(_("About the selection"))
        theme.style_text(self.info_text, "body")
        self.unlink_button = button(_("Unlink in privacyapp"), _("Remove this link from privacyapp's map"))
        self.unlink_button.clicked.connect(self._unlink)
        self.help_button = button(_("Open its settings help"), _("Open the help page of the service"))
        self.help_button.clicked.connect(self._open_help)
        info.addWidget(self.info_title)
        info.addWidget(self.info_text)
        info.addWidget(self.unlink_button)
        info.addWidget(self.help_button)
        info.addStretch(1)
        layout.addWidget(side_by_side(self.view, self.info, (3, 1), (700, 250)), 1)
        self.scene.selectionChanged.connect(self._selection_changed)
        state.changed.connect(self.rebuild)  # also on Lock and a switch: no accounts, nothing drawn
        self.rebuild()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.rebuild()  # changes made while the List tab was shown

    def rebuild(self) -> None:
        """Draw the map again when what it shows changed (not for a note typed in the detail panel), and only
        while it is on screen. With no accounts (Lock, a switch) it is emptied at once, on screen or not."""
        accounts = [a for a in self.state.all if a.state != AccountState.DELETED]
        if not accounts and self._drawn != []:
            self.forget()
        if not self.isVisible():
            return
        drawn = [(a.id, a.service, a.handle, a.links) for a in accounts]
        if drawn == self._drawn:
            return
        self._drawn = drawn
        selected = self.selected_account()
        self._clear_scene()
        ids = tuple(a.id for a in accounts)
        edges = register.edges(tuple(accounts))
        shape: Shape = (ids, tuple((s.id, t.id) for s, t, _kind in edges))
        positions = self._placed(ids)
        catalogue, ink = self.state.catalogue, QBrush(theme.text_colour())
        for account in accounts:
            picture = badge.pixmap(catalogue.by_id.get(account.service), BADGE)
            node = NodeItem(account, catalogue.name(account.service), visible(account.handle), picture, ink)
            node.setPos(*positions[account.id])
            self.nodes[account.id] = node
        for source, target, kind in edges:
            words = link_sentence(self.state.label(source), kind, self.state.label(target))
            self.edges.append(EdgeItem(self.nodes[source.id], self.nodes[target.id], LinkKind(kind), words))
        if not accounts:
            hint = self.scene.addSimpleText(
                _("Add your accounts on the List tab, then link them: the map appears here.")
            )
            hint.setBrush(ink)
        # Shown a slice at a time: the first paint of an item (its text, its badge) is what costs, so a large map
        # drawn in one go would hold the GUI thread for the whole of it.
        self._to_show = [*self.nodes.values(), *self.edges]
        self._show_slice(selected)
        if shape != self._shape:  # a new name or handle keeps the places
            self._shape = shape
            self._lay_out(shape)

    def _show_slice(self, selected: str | None) -> None:
        batch, self._to_show = self._to_show[:SLICE], self._to_show[SLICE:]
        for item in batch:
            if item.scene() is None:
                self.scene.addItem(item)
        if self._to_show:
            QTimer.singleShot(0, self, functools.partial(self._show_slice, selected))
            return
        self.view.fit()
        if selected in self.nodes:
            self.nodes[selected].setSelected(True)
        else:
            self._selection_changed()

    def forget(self) -> None:
        """Lock or switch: nothing drawn, no places kept, no layout awaited, the panel back to its words."""
        self._laying_out = None  # a layout still in the works is dropped when it comes back
        self._drawn, self._shape, self._positions = None, None, {}
        self._clear_scene()
        self._selection_changed()

    def _clear_scene(self) -> None:
        self.scene.blockSignals(True)
        self.scene.clear()
        self.scene.blockSignals(False)
        self.nodes, self.edges, self._edge = {}, [], None
        self._to_show = []

    # --- places ----------------------------------------------------------------------------------------------
    def _lay_out(self, shape: Shape) -> None:
        """Work out the places for `shape` in the background; apply them if the map still shows that shape.

        The worker starts once the map has been painted: a thread busy with Python code holds the GIL half of
        the time, which would make drawing and painting the map on the GUI thread twice as slow."""
        self._laying_out = shape
        QTimer.singleShot(0, self, functools.partial(self._start_layout, shape))

    def _start_layout(self, shape: Shape) -> None:
        if shape != self._laying_out:
            return  # the accounts or links changed meanwhile (or Lock)

        def done(outcome: Outcome[dict[str, Point]]) -> None:
            if shape != self._laying_out:
                return  # the accounts or links changed meanwhile (or Lock): another layout is on its way
            self._laying_out = None
            if isinstance(outcome, Failed):
                log.error("the map could not be laid out: %s", type(outcome.error).__name__, exc_info=outcome.error)
                return
            self._positions = outcome.value
            self._apply_positions()

        self.state.lay_out(*shape, SPACING, self, done)

    @property
    def laying_out(self) -> bool:
        """Whether places are being worked out in the background (for tests and the benchmark)."""
        return self._laying_out is not None

    @property
    def drawing(self) -> bool:
        """Whether items are still being put on the map, a slice at a time."""
        return bool(self._to_show)

    def _placed(self, ids: tuple[str, ...]) -> dict[str, Point]:
        """Where to draw now: the known places, and a tidy row below them for accounts that have none yet."""
        known = {i: self._positions[i] for i in ids if i in self._positions}
        new = [i for i in ids if i not in known]
        if not new:
            return known
        columns = max(1, math.ceil(math.sqrt(len(new))))
        top = max((y for _x, y in known.values()), default=-SPACING) + SPACING
        for index, ident in enumerate(new):
            known[ident] = ((index % columns) * SPACING, top + (index // columns) * SPACING)
        return known

    def _apply_positions(self) -> None:
        for ident, node in self.nodes.items():
            place = self._positions.get(ident)
            if place is not None:
                node.setPos(*place)  # its arrows follow (NodeItem.itemChange)
        self.view.fit()

    # --- selection -------------------------------------------------------------------------------------------
    def selected_account(self) -> str | None:
        for item in self.scene.selectedItems() if self.nodes else []:
            if isinstance(item, NodeItem):
                return item.account_id
        return None

    def select_account(self, ident: str) -> None:
        self.scene.clearSelection()
        if ident in self.nodes:
            self.nodes[ident].setSelected(True)

    def highlighted(self) -> set[str]:
        """The accounts drawn as reachable from the selected one (for tests and for the info panel)."""
        return {i for i, node in self.nodes.items() if node.pen().style() != Qt.PenStyle.NoPen} - {
            self.selected_account() or ""
        }

    def _selection_changed(self) -> None:
        selected = self.scene.selectedItems()
        for node in self.nodes.values():
            node.set_highlight(None)
            node.setOpacity(1.0)
        for edge in self.edges:
            edge.set_emphasis(False)
        self.unlink_button.hide()
        self.help_button.hide()
        self._edge = None
        if not selected:
            self.info_title.setText(_("Your linked accounts"))
            self.info_text.setText(
                _(
                    "Each circle is one of your accounts; each arrow a link between two of them. Click an account "
                    "to see what someone who broke into it could reach. Click an arrow to see how to undo that link."
                )
            )
            return
        item = selected[0]
        if isinstance(item, NodeItem):
            self._show_reach(item.account_id)
        elif isinstance(item, EdgeItem):
            self._show_edge(item)

    def _show_reach(self, ident: str) -> None:
        account = self.state.get(ident)
        if account is None:
            return
        reach = register.reach(tuple(a for a in self.state.all if a.state != AccountState.DELETED), ident)
        self.nodes[ident].set_highlight(SELECTED_COLOUR)
        for other, node in self.nodes.items():
            if other in reach:
                node.set_highlight(REACH_COLOUR)
            elif other != ident:
                node.setOpacity(0.4)
        for edge in self.edges:
            on_path = (
                edge.kind in register.TAKEOVER_KINDS
                and edge.target.account_id in reach | {ident}
                and (edge.source.account_id in reach)
            )
            edge.set_emphasis(on_path, dim=not on_path)
        name = self.state.label(account)
        self.info_title.setText(name)
        if reach:
            names = "".join(f"<li>{escape(self.state.label(a))}</li>" for a in self.state.all if a.id in reach)
            intro = _("If someone took over {account}, they could also get into:").format(
                account=f"<b>{escape(name)}</b>"
            )
            advice = _(
                "These accounts sign in with it or recover through it. Protect it with a strong password and "
                "2-step login, or give them their own logins."
            )
            self.info_text.setText(f"<p>{intro}</p><ul>{names}</ul><p>{escape(advice)}</p>")
        else:
            text = _(
                "None of your other accounts signs in with or recovers through {account}, so breaking into it "
                "would not open the others."
            ).format(account=f"<b>{escape(name)}</b>")
            self.info_text.setText(f"<p>{text}</p>")

    def _show_edge(self, edge: EdgeItem) -> None:
        source, target = self.state.get(edge.source.account_id), self.state.get(edge.target.account_id)
        if source is None or target is None:
            return
        edge.set_emphasis(True)
        edge.source.set_highlight(SELECTED_COLOUR)
        edge.target.set_highlight(SELECTED_COLOUR)
        names = {"source": self.state.label(source), "target": self.state.label(target)}
        self.info_title.setText(link_sentence(names["source"], edge.kind, names["target"]))
        self.info_text.setText(f"<p>{escape(_(UNLINK_HELP[edge.kind]).format(**names))}</p>")
        self.unlink_button.show()
        self.help_button.setVisible(source.service in self.state.catalogue.by_id)
        self._edge = edge

    def _unlink(self) -> None:
        edge = self._edge
        if edge is not None and self.state.get(edge.source.account_id) is not None:
            self.state.unlink(edge.source.account_id, edge.target.account_id, edge.kind)

    def _open_help(self) -> None:
        edge = self._edge
        source = self.state.get(edge.source.account_id) if edge is not None else None
        service = self.state.catalogue.by_id.get(source.service) if source is not None else None
        if service is not None:
            QDesktopServices.openUrl(QUrl(service.privacy_settings))


def _legend_swatch(kind: LinkKind) -> QLabel:
    pixmap = QPixmap(36, 12)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(KIND_COLOURS[kind]), 3, KIND_STYLES[kind]))
    painter.drawLine(QPointF(2, 6), QPointF(34, 6))
    painter.end()
    swatch = QLabel()
    swatch.setPixmap(pixmap)
    swatch.setAccessibleName(_("{kind} line").format(kind=_(KIND_NAMES[kind])))
    return swatch
