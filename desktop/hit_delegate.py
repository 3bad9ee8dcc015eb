"""How a search hit is drawn: its document (and span) on a small first line, then its context
with the hit in bold, cut to the row's width around the hit."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from annotation.corpus.search import Hit
from desktop.search_hits_model import CONTEXT_ROLE, HIT_ROLE, SearchHitsModel

Index = QModelIndex | QPersistentModelIndex
_MARGIN = 4


class HitDelegate(QStyledItemDelegate):
    """Two lines a hit: where, then the words around it."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, 2 * height + 3 * _MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit = index.data(HIT_ROLE)
        parts = index.data(CONTEXT_ROLE)
        if not isinstance(hit, Hit) or parts is None:
            super().paint(painter, option, index)
            return
        before, found, after = parts
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        rect = option.rect.adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        small = QFont(option.font)
        small.setPointSizeF(max(option.font.pointSizeF() * 0.85, 6.0))
        painter.setFont(small)
        painter.setPen(option.palette.color(QPalette.ColorGroup.Normal, text_role))
        where = hit.title or f"Document {hit.document}"
        if hit.label is not None and hit.status is not None:
            where = f"{hit.label} · {hit.status.value} · {where}"
        metrics = QFontMetrics(small)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(where, Qt.TextElideMode.ElideRight, rect.width()),
        )
        top = rect.top() + metrics.height() + _MARGIN // 2
        self._draw_context(
            painter,
            option,
            QRect(rect.left(), top, rect.width(), rect.bottom() - top),
            before,
            found,
            after,
        )
        painter.restore()

    def _draw_context(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        rect: QRect,
        before: str,
        found: str,
        after: str,
    ) -> None:
        """The hit in bold near the middle of the row, as much context on each side as fits."""
        normal = QFont(option.font)
        bold = QFont(option.font)
        bold.setBold(True)
        plain, strong = QFontMetrics(normal), QFontMetrics(bold)
        width = rect.width()
        hit_width = min(strong.horizontalAdvance(found), width)
        room = max(width - hit_width, 0)
        left_room = min(plain.horizontalAdvance(before), room // 3)
        right_room = room - left_room
        left = plain.elidedText(before, Qt.TextElideMode.ElideLeft, left_room) if left_room else ""
        x = rect.left()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.setFont(normal)
        left_width = plain.horizontalAdvance(left)
        painter.drawText(QRect(x, rect.top(), left_width, rect.height()), flags, left)
        x += left_width
        painter.setFont(bold)
        shown = strong.elidedText(found, Qt.TextElideMode.ElideRight, hit_width)
        painter.drawText(QRect(x, rect.top(), hit_width, rect.height()), flags, shown)
        x += hit_width
        painter.setFont(normal)
        right = plain.elidedText(after, Qt.TextElideMode.ElideRight, max(right_room, 0))
        painter.drawText(QRect(x, rect.top(), rect.right() - x, rect.height()), flags, right)


def hits_view(name: str, model: SearchHitsModel) -> QListView:
    """A read-only list of hits drawn by `HitDelegate` (the search dock's, the Entities dock's)."""
    view = QListView()
    view.setObjectName(name)
    view.setModel(model)
    view.setItemDelegate(HitDelegate(view))
    view.setUniformItemSizes(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    return view
