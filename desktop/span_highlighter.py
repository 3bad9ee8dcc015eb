"""Colours an article's spans: one QSyntaxHighlighter over the article's interval index.

Formats are layout-only (QTextLayout additional formats): the document itself is never edited,
so Qt's undo stack and "modified" flag stay untouched (STYLE.md rule 8). After an edit only the
blocks holding the changed ranges are highlighted again (`rehighlight_range`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from time import perf_counter

from PySide6.QtGui import QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from annotation.model import Span, SpanStatus
from desktop.article_spans import ArticleSpans, Brief
from desktop.positions import Positions
from desktop.span_style import SpanStyle

_SPACES = re.compile("[ \t\u00a0]+")
#: Block states: coloured, or waiting to be coloured (far from the first screen).
DONE = 1
PENDING = 2
#: Text (code points) coloured at once when an article opens, unless the view says how much a
#: screen holds (`eager_characters`).
EAGER_CHARACTERS = 10_000
_PRIORITY = {SpanStatus.REJECTED: 0, SpanStatus.SUGGESTED: 1, SpanStatus.ACCEPTED: 2}


def _ignore(_number: int) -> None:
    return None


def paint_order(span: Brief) -> tuple[int, int, int]:
    """Later wins where spans overlap: accepted over suggested over rejected, short over long."""
    return (_PRIORITY[span.status], span.start - span.end, span.id)


class SpanHighlighter(QSyntaxHighlighter):
    """Fills, underlines and the tall spaces that make room for label tags."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._article: ArticleSpans | None = None
        self._style: SpanStyle | None = None
        self._forced = False
        self.eager_characters = EAGER_CHARACTERS
        self.show_rejected = False
        #: told the number of every block coloured (the view re-places that block's tags)
        self.block_coloured: Callable[[int], None] = _ignore
        #: blocks in this range are coloured as soon as the text is set; the rest lazily
        self.eager_from = 0
        self.eager_until = 1 << 30
        #: rows of tag room above each line of a block (absent: one row above every line)
        self.rows: dict[int, tuple[int, ...]] = {}

    def set_rows(self, number: int, rows: tuple[int, ...]) -> None:
        """Make room for `rows[i]` rows of tags above line i of block `number` (wrapping does
        not depend on it: the tall spaces keep their width)."""
        while rows and rows[-1] == 1:
            rows = rows[:-1]
        if self.rows.get(number, ()) == rows:
            return
        if rows:
            self.rows[number] = rows
        else:
            self.rows.pop(number, None)
        document = self.document()
        block = document.findBlockByNumber(number) if document is not None else None
        if block is not None and block.isValid() and block.userState() != PENDING:
            self.force(block)

    def set_article(self, article: ArticleSpans | None, first_block: int = 0) -> None:
        """Use these spans from the next highlighting on (the caller sets the text).

        Blocks near `first_block` (the first screen) are coloured at once, the rest on demand
        (`highlight_visible`) or in idle time (`highlight_pending`).
        """
        self._article = article
        self.rows = {}
        self.centre_on(first_block)

    def centre_on(self, first_block: int) -> None:
        """Make the blocks from `first_block` on, about a screenful and more, the eager ones."""
        article = self._article
        self.eager_from = first_block
        self.eager_until = 1 << 30
        if article is None:
            return
        budget = self.eager_characters
        number = first_block
        while budget > 0:
            end = article.line_end(number)
            budget -= end - article.line_start(number) + 1
            if end >= len(article.text):
                return
            number += 1
        self.eager_until = number

    def pending(self, block: QTextBlock) -> bool:
        return block.userState() == PENDING

    def force(self, block: QTextBlock) -> None:
        """Colour a block now, whatever its distance from the first screen."""
        self._forced = True
        try:
            self.rehighlightBlock(block)
        finally:
            self._forced = False

    def highlight_pending(self, start: QTextBlock, budget_seconds: float) -> QTextBlock:
        """Colour waiting blocks from `start` for about `budget_seconds`; where to go on from
        (an invalid block when the end is reached)."""
        deadline = perf_counter() + budget_seconds
        block = start
        while block.isValid():
            if block.userState() == PENDING:
                self.force(block)
                if perf_counter() > deadline:
                    return block.next()
            block = block.next()
        return block

    def set_style(self, style: SpanStyle) -> None:
        self._style = style

    def visible(self, span: Span | Brief) -> bool:
        return self.show_rejected or span.status is not SpanStatus.REJECTED

    def rehighlight_range(self, start: int, end: int) -> None:
        """Highlight again the blocks holding code points [start, end)."""
        article = self._article
        document = self.document()
        if article is None or document is None:
            return
        first = document.findBlockByNumber(article.line_of(start))
        last = article.line_of(max(end - 1, start))
        block = first
        while block.isValid() and block.blockNumber() <= last:
            if block.userState() == PENDING:
                block = block.next()
                continue
            self.force(block)
            block = block.next()

    def highlightBlock(self, text: str) -> None:
        article = self._article
        style = self._style
        if article is None or style is None or not text:
            return
        block = self.currentBlock()
        number = block.blockNumber()
        self.block_coloured(number)
        if not self.eager_from <= number <= self.eager_until and not self._forced:
            # far below the first screen: coloured later (`highlight_pending`), or just before
            # it is scrolled into view
            self.setCurrentBlockState(PENDING)
            return
        self.setCurrentBlockState(DONE)
        cp0 = article.line_start(number)
        set_format = self.setFormat
        runs = [match.span() for match in _SPACES.finditer(text)]
        positions = article.positions
        line_rows = self.rows.get(number)
        rows = self._rows_of_runs(block, cp0, runs, line_rows) if line_rows else None
        if positions.identity:
            for index, (low, high) in enumerate(runs):
                set_format(low, high - low, style.spacer(rows[index] if rows else 1))
        else:
            u0 = block.position()
            for index, (low, high) in enumerate(runs):
                a = positions.to_utf16(cp0 + low) - u0
                spacer = style.spacer(rows[index] if rows else 1)
                set_format(a, positions.to_utf16(cp0 + high) - u0 - a, spacer)
        cp1 = cp0 + len(text)
        spans = article.briefs_in(cp0, cp1)
        if not spans:
            return
        if not self.show_rejected:
            spans = [span for span in spans if span.status is not SpanStatus.REJECTED]
        spans.sort(key=paint_order)
        run_starts = [low for low, _ in runs]
        for span in spans:
            low = max(span.start, cp0) - cp0
            high = min(span.end, cp1) - cp0
            self._set(positions, cp0, block, low, high, style.char_format(span.label, span.status))
            index = max(bisect_right(run_starts, low) - 1, 0)
            while index < len(runs) and runs[index][0] < high:
                run_low = max(runs[index][0], low)
                run_high = min(runs[index][1], high)
                if run_low < run_high:
                    tall = rows[index] if rows else 1
                    spaced = style.char_format(span.label, span.status, spaced=tall)
                    self._set(positions, cp0, block, run_low, run_high, spaced)
                index += 1

    @staticmethod
    def _rows_of_runs(
        block: QTextBlock, cp0: int, runs: list[tuple[int, int]], line_rows: tuple[int, ...]
    ) -> list[int]:
        """The rows of room each run of spaces makes: those of the line it is on (the block's
        lines as last laid out; the tall spaces keep their width, so they stay on them)."""
        layout = block.layout()
        found = []
        for low, _high in runs:
            line = layout.lineForTextPosition(low) if layout is not None else None
            number = line.lineNumber() if line is not None and line.isValid() else -1
            found.append(line_rows[number] if 0 <= number < len(line_rows) else 1)
        return found

    def _set(
        self,
        positions: Positions,
        cp0: int,
        block: QTextBlock,
        low: int,
        high: int,
        fmt: QTextCharFormat,
    ) -> None:
        if positions.identity:
            self.setFormat(low, high - low, fmt)
            return
        u0 = block.position()
        a = positions.to_utf16(cp0 + low) - u0
        self.setFormat(a, positions.to_utf16(cp0 + high) - u0 - a, fmt)
