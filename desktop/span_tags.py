"""The label tags above an article's spans: where each goes, and painting them.

Every tag says all it has to say (its label, and a date's value with its words): a tag that
would run into the one before it on its line goes a row higher instead of being cut, as brat
and INCEpTION stack theirs, and that line is given the rows of room it needs (the highlighter's
tall spaces, `SpanHighlighter.set_rows`). A line holding an end of the focused item's arcs gets
one row more: their lane, above the tags (`set_lanes`). Tags are placed per block, cached until
the block is coloured again, and only visible blocks are painted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from annotation.model import SpanStatus
from desktop.article_spans import ArticleSpans, Brief
from desktop.formatting import tag_text
from desktop.span_highlighter import SpanHighlighter
from desktop.span_style import TAG_PAD, SpanStyle
from desktop.timers import timer

_MIN_TAG = 14.0
_GAP = 2.0
#: Rows a lane adds above a line's tags: one for the role labels, one above for the arcs' wires.
LANE_ROWS = 2


@dataclass(frozen=True)
class Tag:
    """A label tag: where it goes relative to its block, what it says, and its span."""

    rect: QRectF
    text: str
    span: Brief


class SpanTags:
    """Places and paints the tags of the visible blocks of one view."""

    def __init__(self, view: QPlainTextEdit, highlighter: SpanHighlighter) -> None:
        self.view = view
        self.highlighter = highlighter
        self._cache: dict[int, list[Tag]] = {}
        #: spans whose lines get a lane for arcs above their tags
        self._lanes: frozenset[int] = frozenset()
        #: per block, per line: where the line's text starts (block coordinates) and its rows
        #: of tags, for the lanes above them
        self._lines: dict[int, dict[int, tuple[float, int]]] = {}
        self._rows_wanted: dict[int, tuple[int, ...]] = {}
        self._tag_height = 16.0
        self._rows_timer = timer(view, 0, self._give_rows, single=True)

    def forget(self, number: int | None = None) -> None:
        """A block (None: every block) must be placed again."""
        if number is None:
            self._cache.clear()
            self._lines.clear()
        else:
            self._cache.pop(number, None)
            self._lines.pop(number, None)

    def paint(
        self,
        painter: QPainter,
        article: ArticleSpans,
        style: SpanStyle,
        top: int,
        bottom: int,
        selected: int | None,
    ) -> None:
        view = self.view
        offset = view.contentOffset()
        block = view.firstVisibleBlock()
        while block.isValid():
            geo = view.blockBoundingGeometry(block).translated(offset)
            if geo.top() > bottom:
                break
            if geo.bottom() >= top and block.isVisible() and block.length() > 1:
                number = block.blockNumber()
                tags = self._cache.get(number)
                if tags is None:
                    tags = self._cache[number] = self._place(block, article, style)
                left, block_top = geo.left(), geo.top()
                for tag in tags:
                    span = tag.span
                    pixmap = style.tag_pixmap(
                        tag.text, span.label, span.status, span.id == selected, tag.rect.width()
                    )
                    painter.drawPixmap(
                        QPointF(left + tag.rect.x(), block_top + tag.rect.y()), pixmap
                    )
            block = block.next()

    def _place(self, block: QTextBlock, article: ArticleSpans, style: SpanStyle) -> list[Tag]:
        """Where a block's tags go, relative to the block; asks for the rows they need."""
        self._tag_height = style.tag_height
        number = block.blockNumber()
        cp0 = article.line_start(number)
        cp1 = article.line_end(number)
        layout = block.layout()
        positions = article.positions
        found: list[tuple[int, float, float, float, Brief]] = []
        for span in article.briefs_in(cp0, cp1):
            if not cp0 <= span.start < cp1 or not self.highlighter.visible(span):
                continue
            offset = positions.to_utf16(span.start) - block.position()
            line = layout.lineForTextPosition(offset)
            if not line.isValid():
                continue
            x = line.cursorToX(offset)[0]
            found.append((line.lineNumber(), x, line.y(), line.y() + line.ascent(), span))
        found.sort(key=lambda item: (item[0], item[1], item[4].status is SpanStatus.ACCEPTED))
        view = self.view
        right_edge = view.viewport().width() - 4.0 - view.contentOffset().x()
        text_ascent = style.text_metrics.ascent()
        height = style.tag_height
        tags: list[Tag] = []
        rows_of_line: dict[int, list[float]] = {}
        lines: dict[int, tuple[float, int]] = {}
        for line_number, x, line_top, baseline, span in found:
            text = tag_text(span.label, span.value)
            width = max(style.tag_width(text) + 2 * TAG_PAD, _MIN_TAG)
            line = layout.lineAt(line_number)
            if x + width > right_edge:  # kept on screen: moved left, never cut
                x = max(line.x(), right_edge - width)
            ends = rows_of_line.setdefault(line_number, [])
            row = next((r for r, end in enumerate(ends) if end + _GAP <= x), len(ends))
            if row == len(ends):
                ends.append(0.0)
            ends[row] = x + width
            text_top = baseline - text_ascent
            lines[line_number] = (text_top, len(ends))
            if text_top - line_top >= height - 1:
                rect = QRectF(x, text_top - (row + 1) * height, width, height - 1)
            else:  # a line without room above (one word, no space): the tags after the span
                end = positions.to_utf16(min(span.end, cp1)) - block.position()
                end = min(end, line.textStart() + line.textLength())
                after = line.cursorToX(end)[0] + 3 + row * (width + _GAP)
                rect = QRectF(after, baseline - height + 2, width, height - 1)
            tags.append(Tag(rect, text, span))
        self._lines[number] = lines
        lanes = {line for line, _x, _top, _base, span in found if span.id in self._lanes}
        rows = tuple(
            (len(rows_of_line.get(line, ())) or 1) + LANE_ROWS * (line in lanes)
            for line in range(layout.lineCount())
        )
        self._want_rows(number, rows)
        return tags

    def _want_rows(self, number: int, rows: tuple[int, ...]) -> None:
        """Ask for the rows of room above a block's lines (given after the paint: re-spacing
        lays the block out again)."""
        while rows and rows[-1] == 1:
            rows = rows[:-1]
        if self.highlighter.rows.get(number, ()) != rows:
            self._rows_wanted[number] = rows
            self._rows_timer.start()

    def _give_rows(self) -> None:
        wanted, self._rows_wanted = self._rows_wanted, {}
        for number, rows in wanted.items():
            self.highlighter.set_rows(number, rows)
        if wanted:
            self.view.viewport().update()

    def set_lanes(self, article: ArticleSpans | None, spans: frozenset[int]) -> None:
        """Spans whose lines need a lane above their tags (arcs run there, not over text)."""
        if spans == self._lanes:
            return
        changed = spans ^ self._lanes
        self._lanes = spans
        if article is not None:
            for span_id in changed:
                if span_id in article.spans:
                    self._cache.pop(article.line_of(article.spans.brief(span_id).start), None)
        self.view.viewport().update()

    def rect_of(self, article: ArticleSpans | None, span_id: int) -> QRectF | None:
        """Where a span's tag is drawn (viewport), if its block has been placed."""
        view = self.view
        if article is None or span_id not in article.spans:
            return None
        number = article.line_of(article.spans.brief(span_id).start)
        tags = self._cache.get(number)
        block = view.document().findBlockByNumber(number)
        if tags is None or not block.isValid():
            return None
        origin = view.blockBoundingGeometry(block).translated(view.contentOffset()).topLeft()
        for tag in tags:
            if tag.span.id == span_id:
                return tag.rect.translated(origin)
        return None

    def lane(self, article: ArticleSpans | None, span_id: int) -> float | None:
        """The top of the lane above a span's line (viewport): role labels sit in its lower row
        (from `lane + tag_height`), arcs run along its upper row. None when not laid out."""
        view = self.view
        if article is None or span_id not in article.spans:
            return None
        brief = article.spans.brief(span_id)
        number = article.line_of(brief.start)
        block = view.document().findBlockByNumber(number)
        lines = self._lines.get(number)
        if lines is None or not block.isValid():
            return None
        offset = article.positions.to_utf16(brief.start) - block.position()
        line = block.layout().lineForTextPosition(offset)
        found = lines.get(line.lineNumber()) if line.isValid() else None
        if found is None:
            return None
        text_top, rows = found
        origin = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
        style_height = self._tag_height
        return origin + text_top - (rows + LANE_ROWS) * style_height
