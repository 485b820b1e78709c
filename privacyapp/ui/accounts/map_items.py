"""What the linked-accounts map draws: an account (a badge with its name under it), a link (an arrow coloured and
dashed by its kind) and the view that fits them in."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from privacyapp.core.accounts.model import Account, LinkKind
from privacyapp.i18n import _

BADGE = 44
MIN_SCALE = 0.7  # below this, names under the badges are too small to read
KIND_COLOURS = {LinkKind.SIGN_IN: "#dc2626", LinkKind.RECOVERY: "#7c3aed", LinkKind.CROSS_POST: "#2563eb"}
KIND_STYLES = {
    LinkKind.SIGN_IN: Qt.PenStyle.SolidLine,
    LinkKind.RECOVERY: Qt.PenStyle.DashDotLine,
    LinkKind.CROSS_POST: Qt.PenStyle.DashLine,
}
NOT_SELECTED = ~QStyle.StateFlag.State_Selected


class NodeItem(QGraphicsEllipseItem):
    """One account: a selectable disc holding its badge, its name under it."""

    def __init__(self, account: Account, name: str, handle: str, picture: QPixmap, text: QBrush) -> None:
        radius = BADGE / 2 + 4
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.account_id = account.id
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.setZValue(2)
        self.setToolTip(f"{name} {handle}".strip())
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        badge_item = QGraphicsPixmapItem(picture, self)
        badge_item.setOffset(-BADGE / 2, -BADGE / 2)
        badge_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.edges: list[EdgeItem] = []
        self.texts: list[QGraphicsSimpleTextItem] = []
        for row, (words, bold) in enumerate(((name, True), (handle, False))):
            if not words:
                continue
            item = QGraphicsSimpleTextItem(words, self)
            font = item.font()
            font.setBold(bold)
            item.setFont(font)
            item.setBrush(text)
            width = item.boundingRect().width()
            item.setPos(-width / 2, radius + 2 + row * (item.boundingRect().height()))
            self.texts.append(item)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # the highlight ring shows the selection; Qt's dashed selection box would only add clutter. Only when
        # selected: flag arithmetic in Python costs microseconds, and paint runs for every item on every paint.
        if self.isSelected():
            option.state &= NOT_SELECTED
        super().paint(painter, option, widget)

    def set_highlight(self, colour: str | None) -> None:
        self.setPen(QPen(QColor(colour), 4) if colour else QPen(Qt.PenStyle.NoPen))

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.update_path()
        return super().itemChange(change, value)


class EdgeItem(QGraphicsPathItem):
    """One link, as an arrow from the account that has it to the account it points to."""

    def __init__(self, source: NodeItem, target: NodeItem, kind: LinkKind, description: str) -> None:
        super().__init__()
        self.source, self.target, self.kind = source, target, LinkKind(kind)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setToolTip(description)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(1)
        self.set_emphasis(False)
        source.edges.append(self)
        target.edges.append(self)
        self.update_path()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self.isSelected():
            option.state &= NOT_SELECTED  # the thicker line shows the selection
        super().paint(painter, option, widget)

    def set_emphasis(self, strong: bool, dim: bool = False) -> None:
        colour = QColor(KIND_COLOURS[self.kind])
        if dim:
            colour.setAlpha(70)
        pen = QPen(colour, 4.5 if strong else 2.5, KIND_STYLES[self.kind])
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)
        self.setBrush(QBrush(colour))

    def update_path(self) -> None:
        start, end = self.source.pos(), self.target.pos()
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = math.hypot(dx, dy)
        path = QPainterPath()
        if length < 1:
            self.setPath(path)
            return
        ux, uy = dx / length, dy / length
        gap = BADGE / 2 + 8
        # two links between the same pair (both ways) are drawn side by side, not on top of each other
        offset = 5.0 if self.source.account_id < self.target.account_id else -5.0
        nx, ny = -uy * offset, ux * offset
        a = QPointF(start.x() + ux * gap + nx, start.y() + uy * gap + ny)
        b = QPointF(end.x() - ux * gap + nx, end.y() - uy * gap + ny)
        path.moveTo(a)
        path.lineTo(b)
        head = 11.0
        left = QPointF(b.x() - ux * head - uy * head * 0.55, b.y() - uy * head + ux * head * 0.55)
        right = QPointF(b.x() - ux * head + uy * head * 0.55, b.y() - uy * head - ux * head * 0.55)
        path.addPolygon(QPolygonF([b, left, right, b]))
        self.setPath(path)

    def shape(self) -> QPainterPath:
        # a wider band than the thin line, so that a link is easy to click
        from PySide6.QtGui import QPainterPathStroker

        stroker = QPainterPathStroker()
        stroker.setWidth(14)
        return stroker.createStroke(self.path())


class MapView(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAccessibleName(_("Map of linked accounts"))
        self.setMinimumHeight(320)

    def fit(self) -> None:
        scene = self.scene()
        if scene is not None and scene.items():
            rect = scene.itemsBoundingRect().adjusted(-30, -30, 30, 30)
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            scale = self.transform().m11()
            if not MIN_SCALE <= scale <= 1.0:  # never blow small maps up, nor shrink names past reading: scroll
                self.resetTransform()
                self.scale(min(1.0, max(MIN_SCALE, scale)), min(1.0, max(MIN_SCALE, scale)))
                self.centerOn(rect.center())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()
