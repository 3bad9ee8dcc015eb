"""The article: read-only text with coloured spans, label tags above them, mouse gestures.

Rendering: the highlighter colours spans; `paintEvent` adds, for visible blocks only, the label
tags, the selected span's outline and any overlays (the events issue draws arcs there). Gestures
leave as signals in code points (converted by `positions`); the controller turns them into
commands. The view keeps no state of its own beyond what it draws.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
    QTextLine,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotation.model import Span
from annotation.schema import Schema
from desktop.article_spans import ArticleSpans
from desktop.formatting import tooltip_html
from desktop.span_highlighter import SpanHighlighter
from desktop.span_style import SpanStyle
from desktop.span_tags import SpanTags
from desktop.timers import timer

#: how long what an undo or redo changed stays lit (long enough to see, short enough to forget)
FLASH_MS = 800

Overlay = Callable[[QPainter, "ArticleView"], None]


class ArticleView(QPlainTextEdit):
    """Shows one article; emits what the analyst does with the mouse."""

    span_clicked = Signal(int)
    #: a mouse selection: start, end (code points) and whether Alt asked for exact characters
    range_selected = Signal(int, int, bool)
    empty_clicked = Signal()
    #: right click: global position and the span under the mouse (or None)
    context_menu_requested = Signal(QPoint, object)
    zoom_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        document = self.document()
        document.setUndoRedoEnabled(False)
        document.setDocumentMargin(24)
        self._highlighter = SpanHighlighter(document)
        self._article: ArticleSpans | None = None
        self._schema: Schema | None = None
        self._style: SpanStyle | None = None
        self._selected: int | None = None
        self._find: tuple[int, int] | None = None
        #: text ranges an undo or redo just changed, lit for FLASH_MS (code points)
        self.flashing: tuple[tuple[int, int], ...] = ()
        self._flash_timer = timer(self, FLASH_MS, self._end_flash, single=True)
        self._overlays: list[Overlay] = []
        self._press: QPointF | None = None
        #: where the label tags go and how they are painted (desktop/span_tags.py)
        self.tags = SpanTags(self, self._highlighter)
        self._highlighter.block_coloured = self.forget_block
        self._pending_from = document.firstBlock()
        self._pending_timer = timer(self, 0, self._colour_some, single=True)

    # -- content ---------------------------------------------------------------------------------

    @property
    def article(self) -> ArticleSpans | None:
        return self._article

    @property
    def show_rejected(self) -> bool:
        return self._highlighter.show_rejected

    @property
    def span_style(self) -> SpanStyle | None:
        """How spans are drawn now (None before a schema is set): for overlays."""
        return self._style

    def visible_blocks(self) -> tuple[int, int]:
        """The first and last block numbers on screen (overlays paint only those)."""
        first = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        block = last = first
        while block.isValid():
            if self.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            last = block
            block = block.next()
        return first.blockNumber(), last.blockNumber()

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema
        self._restyle()

    def set_show_rejected(self, shown: bool) -> None:
        if shown != self._highlighter.show_rejected:
            self._highlighter.show_rejected = shown
            self._rehighlight_all()
            self.viewport().update()

    def show_article(self, article: ArticleSpans | None) -> None:
        """Show another article (None: an empty page)."""
        self._selected = None
        self._find = None
        self.tags.forget()
        self.setExtraSelections([])
        self._article = article
        self._highlighter.eager_characters = self._screenful()
        self._highlighter.set_article(article)
        self.setPlainText(article.text if article is not None else "")
        self.verticalScrollBar().setValue(0)
        self._colour_later()

    def _screenful(self) -> int:
        """About how many characters one screen of this view shows, with a margin."""
        metrics = self.fontMetrics()
        lines = self.viewport().height() / max(metrics.height() * 2, 1) + 2
        columns = self.viewport().width() / max(metrics.averageCharWidth(), 1)
        return int(lines * columns * 1.5) + 500

    def _rehighlight_all(self) -> None:
        """Colour everything again: the screen now, the rest in idle time."""
        self._highlighter.centre_on(self.firstVisibleBlock().blockNumber())
        self._highlighter.rehighlight()
        self._colour_later()

    def _colour_later(self) -> None:
        self._pending_from = self.document().firstBlock()
        self._pending_timer.start(0)

    def _colour_some(self) -> None:
        """Colour waiting blocks for a few milliseconds, then let the event loop run."""
        block = self._highlighter.highlight_pending(self._pending_from, 0.006)
        self._pending_from = block
        if block.isValid():
            self._pending_timer.start(0)

    def refresh(self, ranges: list[tuple[int, int]] | None) -> None:
        """Draw again after a change: these code-point ranges, or everything (None)."""
        if self._article is None:
            return
        if self._selected is not None and self._selected not in self._article.spans:
            self._selected = None
        if ranges is None:
            self._rehighlight_all()
        else:
            for start, end in ranges:
                self._highlighter.rehighlight_range(start, end)
        self.viewport().update()

    def add_overlay(self, overlay: Overlay) -> None:
        """Paint something over the text after the tags (arcs, marks); visible area only."""
        self._overlays.append(overlay)

    # -- looks -----------------------------------------------------------------------------------

    def set_font_size(self, points: int) -> None:
        font = QFont(self.font())
        font.setPointSizeF(points)
        self.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._restyle()

    def _restyle(self) -> None:
        if self._schema is None:
            return
        self._style = SpanStyle(self._schema, self.palette(), self.font())
        self._style.device_pixel_ratio = self.devicePixelRatioF()
        self.tags.forget()
        self._highlighter.set_style(self._style)
        if self._article is not None:
            self._rehighlight_all()
        self.viewport().update()

    # -- marks -----------------------------------------------------------------------------------

    @property
    def selected_span(self) -> int | None:
        return self._selected

    def set_selected_span(self, span_id: int | None) -> None:
        if span_id != self._selected:
            self._selected = span_id
            self.viewport().update()

    def set_pending(self, start: int, end: int) -> None:
        """Show a selection that waits for a label (code points)."""
        article = self._article
        if article is None:
            return
        cursor = QTextCursor(self.document())
        first, last = article.positions.range_to_utf16(start, end)
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_pending(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def pending_range(self) -> tuple[int, int] | None:
        """The current text selection in code points, or None."""
        cursor = self.textCursor()
        if self._article is None or not cursor.hasSelection():
            return None
        return self._article.positions.range_to_code_points(
            cursor.selectionStart(), cursor.selectionEnd()
        )

    def set_find_match(self, match: tuple[int, int] | None) -> None:
        """Mark the current find match (a short-lived mark: an extra selection)."""
        self._find = match
        if match is None or self._article is None or self._style is None:
            self.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        first, last = self._article.positions.range_to_utf16(*match)
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format.setBackground(self._style.find_color)
        selection.format.setProperty(QTextFormat.Property.OutlinePen, QPen(Qt.GlobalColor.black))
        self.setExtraSelections([selection])
        self.reveal(*match)

    def reveal(self, start: int, end: int) -> None:
        """Scroll so [start, end) is on screen (centred when it was off screen)."""
        article = self._article
        if article is None:
            return
        rects = self.span_rects(start, end)
        viewport = QRectF(self.viewport().rect())
        if rects and all(viewport.contains(rect) for rect in rects):
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(article.positions.to_utf16(start))
        previous = self.textCursor()
        self.setTextCursor(cursor)
        self.centerCursor()
        if previous.hasSelection():
            self.setTextCursor(previous)

    def first_visible_position(self) -> int:
        """The code-point offset at the top of the view."""
        if self._article is None:
            return 0
        return self._article.line_start(self.firstVisibleBlock().blockNumber())

    # -- geometry --------------------------------------------------------------------------------

    def position_at(self, point: QPoint | QPointF) -> int | None:
        """The code-point offset of the character under `point` (viewport), or None."""
        article = self._article
        if article is None:
            return None
        point = QPointF(point)
        block = self.cursorForPosition(point.toPoint()).block()
        if not block.isValid():
            return None
        top_left = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        local = point - top_left
        layout = block.layout()
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            if not line.y() <= local.y() < line.y() + line.height():
                continue
            if not line.x() <= local.x() <= line.x() + line.naturalTextWidth():
                return None
            offset = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
            if offset >= line.textStart() + line.textLength():
                return None
            if offset >= block.length() - 1:
                return None
            return article.positions.to_code_point(block.position() + offset)
        return None

    def spans_at(self, point: QPoint | QPointF) -> list[Span]:
        """Visible spans under `point`, shortest first."""
        position = self.position_at(point)
        if position is None or self._article is None:
            return []
        return [span for span in self._article.at(position) if self._highlighter.visible(span)]

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles around the text of [start, end), one per line it is on."""
        article = self._article
        style = self._style
        if article is None or style is None or end <= start:
            return []
        positions = article.positions
        document = self.document()
        u_start, u_end = positions.range_to_utf16(start, end)
        offset = self.contentOffset()
        rects: list[QRectF] = []
        ascent = style.text_metrics.ascent()
        descent = style.text_metrics.descent()
        block = document.findBlock(u_start)
        while block.isValid() and block.position() < u_end:
            if not block.isVisible():
                block = block.next()
                continue
            geo = self.blockBoundingGeometry(block).translated(offset)
            layout = block.layout()
            low = max(u_start - block.position(), 0)
            high = min(u_end - block.position(), block.length() - 1)
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                line_low = max(low, line.textStart())
                line_high = min(high, line.textStart() + line.textLength())
                if line_low >= line_high:
                    continue
                x1 = line.cursorToX(line_low)[0]
                x2 = line.cursorToX(line_high)[0]
                baseline = geo.top() + line.y() + line.ascent()
                rects.append(
                    QRectF(geo.left() + x1, baseline - ascent, x2 - x1, ascent + descent).adjusted(
                        -1, -1, 1, 1
                    )
                )
            block = block.next()
        return rects

    # -- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self._colour_visible()
        super().paintEvent(event)
        article = self._article
        style = self._style
        if article is None or style is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            area = event.rect()
            self.tags.paint(painter, article, style, area.top(), area.bottom(), self._selected)
            if article.excluded:
                self._paint_excluded(painter, article, style)
            if self._selected is not None and self._selected in article.spans:
                self._paint_outline(painter, article.spans[self._selected], style)
            if self.flashing:
                self._paint_flash(painter, style)
            for overlay in self._overlays:
                overlay(painter, self)
        finally:
            painter.end()

    def _colour_visible(self) -> None:
        """Colour blocks about to be painted that still wait for their colours."""
        if self._article is None:
            return
        highlighter = self._highlighter
        offset = self.contentOffset()
        bottom = self.viewport().height()
        block = self.firstVisibleBlock()
        while block.isValid():
            if highlighter.pending(block):
                highlighter.force(block)
            if self.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            block = block.next()

    def forget_block(self, number: int) -> None:
        """A block was coloured again: its tags must be placed again."""
        self.tags.forget(number)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.tags.forget()
        super().resizeEvent(event)

    def tag_rect(self, span_id: int) -> QRectF | None:
        """Where a span's tag is drawn (viewport), if its block has been painted."""
        return self.tags.rect_of(self._article, span_id)

    def lane(self, span_id: int) -> float | None:
        """The top of the arcs' lane above a span's line (viewport), if laid out."""
        return self.tags.lane(self._article, span_id)

    def set_lanes(self, spans: frozenset[int]) -> None:
        """Spans whose lines need a lane above their tags (arcs run there, not over text)."""
        self.tags.set_lanes(self._article, spans)

    def _paint_excluded(self, painter: QPainter, article: ArticleSpans, style: SpanStyle) -> None:
        """Regions that are not part of the article: veiled, and said so at their top."""
        offset = self.contentOffset()
        document = self.document()
        width = self.viewport().width()
        veil = QColor(style.base)
        veil.setAlpha(185)
        for start, end in article.excluded:
            first = document.findBlockByNumber(article.line_of(start))
            last = document.findBlockByNumber(article.line_of(max(end - 1, start)))
            if not first.isValid() or not last.isValid():
                continue
            top = self.blockBoundingGeometry(first).translated(offset).top()
            bottom = self.blockBoundingGeometry(last).translated(offset).bottom()
            if bottom < 0 or top > self.viewport().height():
                continue
            area = QRectF(0, top, width, bottom - top)
            painter.fillRect(area, veil)
            painter.setPen(QPen(style.muted, 1.0, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(8, top), QPointF(width - 8, top))
            painter.setFont(style.tag_font)
            note = "Not part of the article · B on it takes it back"
            room = QRectF(0, top + 1, width - 12, style.tag_height)
            painter.drawText(room, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, note)

    def flash(self, ranges: list[tuple[int, int]]) -> None:
        """Light up what an undo or redo changed for a moment: a span it brought back, or
        where the one it took away was (the analyst sees what Ctrl+Z did)."""
        self.flashing = tuple(sorted({r for r in ranges if r[0] < r[1]}))
        if self.flashing:
            self._flash_timer.start()
        self.viewport().update()

    def _end_flash(self) -> None:
        self.flashing = ()
        self.viewport().update()

    def _paint_flash(self, painter: QPainter, style: SpanStyle) -> None:
        glow = QColor(style.find_color)
        glow.setAlpha(150)
        painter.setPen(QPen(style.selection_color, 2.0, Qt.PenStyle.DotLine))
        painter.setBrush(glow)
        for start, end in self.flashing:
            for rect in self.span_rects(start, end):
                painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 3, 3)

    def _paint_outline(self, painter: QPainter, span: Span, style: SpanStyle) -> None:
        pen = QPen(style.selection_color, 2.0)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self.span_rects(span.start, span.end):
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)

    # -- mouse -----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        self._press = None
        selected = self.pending_range()
        if selected is not None:
            precise = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            self.range_selected.emit(selected[0], selected[1], precise)
            return
        spans = self.spans_at(event.position())
        if spans:
            self.span_clicked.emit(self._pick(spans).id)
        else:
            self.empty_clicked.emit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Qt selects the word; it goes out at once (the release that follows is not needed)."""
        super().mouseDoubleClickEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press = None
        selected = self.pending_range()
        if selected is not None:
            self.range_selected.emit(selected[0], selected[1], False)

    def _pick(self, spans: list[Span]) -> Span:
        """Of several spans under the mouse: the next after the selected one, else the shortest."""
        ids = [span.id for span in spans]
        if self._selected in ids and len(spans) > 1:
            return spans[(ids.index(self._selected) + 1) % len(spans)]
        return spans[0]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            over = bool(self.spans_at(event.position()))
            shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor
            if self.viewport().cursor().shape() != shape:
                self.viewport().setCursor(shape)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        spans = self.spans_at(event.pos())
        self.context_menu_requested.emit(event.globalPos(), spans[0].id if spans else None)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = event.angleDelta().y()
            if step:
                self.zoom_requested.emit(1 if step > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._article is not None:
            spans = self.spans_at(event.pos())  # type: ignore[attr-defined]
            if spans:
                text = "<hr>".join(tooltip_html(span, self._article.text) for span in spans[:3])
                QToolTip.showText(event.globalPos(), text, self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
