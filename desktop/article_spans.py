"""The open article as the view draws it: its text, offsets converter and an index of its spans.

A render cache, not a second owner of state: it is loaded from the store when the article opens
and patched from each `Change` (only the spans the change names are read again).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable

from annotation.model import Document, Span, SpanStatus
from annotation.session import Change
from annotation.store import Store, StoreError, span_from_row
from desktop.interval_index import IntervalIndex
from desktop.positions import Positions

#: Re-reading more spans than this one by one is slower than reading the article's spans again.
_PATCH_LIMIT = 64


class ArticleSpans:
    """One document's text and spans, indexed by offset (code points)."""

    def __init__(self, document: Document, spans: Iterable[Span]) -> None:
        self.document = document
        self.text = document.text
        self.positions = Positions(self.text)
        self.spans: dict[int, Span] = {}
        self.index: IntervalIndex[int] = IntervalIndex()
        self._line_starts: list[int] | None = None
        self._counts: Counter[SpanStatus] = Counter()
        self._reset(spans)

    @classmethod
    def load(cls, store: Store, document_id: int) -> ArticleSpans:
        return cls(store.document(document_id), store.spans(document_id))

    @property
    def id(self) -> int:
        return self.document.id

    def _reset(self, spans: Iterable[Span]) -> None:
        self.spans = {span.id: span for span in spans}
        self._counts = Counter(span.status for span in self.spans.values())
        self.index = IntervalIndex((span.start, span.end, span.id) for span in self.spans.values())

    # -- reading ---------------------------------------------------------------------------------

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans overlapping [start, end), by start."""
        spans = self.spans
        return [spans[key] for key in self.index.overlapping(start, end)]

    def at(self, position: int) -> list[Span]:
        """Spans covering the character at `position`, shortest first."""
        found = self.overlapping(position, position + 1)
        return sorted(found, key=lambda span: (span.end - span.start, span.id))

    def ordered(self) -> list[Span]:
        """Every span in text order."""
        spans = self.spans
        return [spans[key] for key in self.index.keys()]  # noqa: SIM118 - an index, not a dict

    def counts(self) -> Counter[SpanStatus]:
        """Spans by status (kept up to date as changes come in)."""
        return Counter(self._counts)

    def line_start(self, block_number: int) -> int:
        """The code-point offset where line (QTextDocument block) `block_number` begins."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            position = find("\n")
            while position != -1:
                starts.append(position + 1)
                position = find("\n", position + 1)
            self._line_starts = starts
        return self._line_starts[block_number]

    def line_end(self, block_number: int) -> int:
        """The code-point offset where line `block_number` ends (before its line break)."""
        self.line_start(0)
        assert self._line_starts is not None
        following = block_number + 1
        if following < len(self._line_starts):
            return self._line_starts[following] - 1
        return len(self.text)

    def line_of(self, position: int) -> int:
        """The block number holding code-point offset `position`."""
        self.line_start(0)
        assert self._line_starts is not None
        return bisect_right(self._line_starts, position) - 1

    # -- keeping up with edits ------------------------------------------------------------------

    def apply(self, store: Store, change: Change) -> list[tuple[int, int]] | None:
        """Take in a change; the code-point ranges to repaint, or None when all of it must be.

        Returns [] when the change does not concern this article.
        """
        if change.everything:
            self.reload(store)
            return None
        if self.id not in change.documents:
            return []
        if self.id in change.document_rows:
            try:
                self.document = store.document(self.id)
            except StoreError:
                return None
        if len(change.spans) > _PATCH_LIMIT:
            self._reset(store.spans(self.id))
            return None
        for span_id in change.spans:
            row = store.row("span", span_id)
            span = span_from_row(row) if row is not None and row["document_id"] == self.id else None
            old = self.spans.pop(span_id, None)
            if old is not None:
                self._counts[old.status] -= 1
            if span is None:
                self.index.remove(span_id)
            else:
                self.spans[span_id] = span
                self._counts[span.status] += 1
                self.index.add(span.start, span.end, span_id)
        return [(start, end) for doc, start, end in change.ranges if doc == self.id]

    def reload(self, store: Store) -> None:
        self.document = store.document(self.id)
        self._reset(store.spans(self.id))
