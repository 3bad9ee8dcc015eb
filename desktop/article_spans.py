"""The open article as the view draws it: its text, offsets converter and an index of its spans.

A render cache, not a second owner of state: it is loaded from the store when the article opens
and patched from each `Change` (only the spans the change names are read again).

Spans arrive as brief rows (id, start, end, label, status, value) and become `Span` records,
read from the store, only when something needs one whole (the selected span, a tooltip):
colouring and listing use the brief, so a long article opens without building thousands of
records.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from annotation.model import Document, Span, SpanStatus
from annotation.regions import Range, excluded_ranges, overlaps
from annotation.session import Change
from annotation.store import Store, StoreError, span_from_row
from desktop.interval_index import IntervalIndex
from desktop.positions import Positions

#: Re-reading more spans than this one by one is slower than reading the article's spans again.
_PATCH_LIMIT = 64
_STATUS = {status.value: status for status in SpanStatus}

Row = Sequence[Any]


class Brief(NamedTuple):
    """What drawing and listing need of a span."""

    id: int
    start: int
    end: int
    label: str
    status: SpanStatus
    value: str | None


class SpanMap(Mapping[int, Span]):
    """A document's spans by id; a `Span` is built from its row on first use."""

    def __init__(self, items: Iterable[Row | Span], build: Callable[[Row], Span]) -> None:
        self._items: dict[int, Row | Span] = {
            item.id if isinstance(item, Span) else item[0]: item for item in items
        }
        self._build = build

    def __getitem__(self, key: int) -> Span:
        item = self._items[key]
        if isinstance(item, Span):
            return item
        span = self._build(item)
        self._items[key] = span
        return span

    def __iter__(self) -> Iterator[int]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def brief(self, key: int) -> Brief:
        item = self._items[key]
        if isinstance(item, Span):
            return Brief(item.id, item.start, item.end, item.label, item.status, item.value)
        return Brief(item[0], item[1], item[2], item[3], _STATUS[item[4]], item[5])

    def briefs(self) -> Iterator[Brief]:
        return (self.brief(key) for key in self._items)

    def stored(self) -> list[Row | Span]:
        """Every span as it is held (a row, or a record once built)."""
        return list(self._items.values())

    def put(self, span: Span) -> None:
        self._items[span.id] = span

    def drop(self, key: int) -> None:
        self._items.pop(key, None)


class ArticleSpans:
    """One document's text and spans, indexed by offset (code points)."""

    def __init__(
        self,
        document: Document,
        spans: Iterable[Row | Span],
        build: Callable[[Row], Span] | None = None,
    ) -> None:
        self.document = document
        self.text = document.text
        self.positions = Positions(self.text)
        self._build = build or _not_built
        self.spans = SpanMap((), self._build)
        self.index: IntervalIndex = IntervalIndex()
        self._line_starts: list[int] | None = None
        self._counts: Counter[SpanStatus] = Counter()
        #: what is not part of the article (annotation/regions.py): veiled, skipped by triage
        self.excluded: list[Range] = []
        self._reset(spans)

    @classmethod
    def load(cls, store: Store, document_id: int) -> ArticleSpans:
        made = cls(store.document(document_id), store.span_briefs(document_id), _builder(store))
        made.excluded = excluded_ranges(store, made.document)
        return made

    @property
    def id(self) -> int:
        return self.document.id

    def _reset(self, spans: Iterable[Row | Span]) -> None:
        self.spans = SpanMap(spans, self._build)
        rows = self.spans.stored()
        if not any(isinstance(item, Span) for item in rows):  # as loaded: brief rows only
            statuses = Counter(row[4] for row in rows)
            self._counts = Counter({_STATUS[value]: n for value, n in statuses.items()})
            self.index = IntervalIndex([(row[1], row[2], row[0]) for row in rows])
            return
        self._counts = Counter(
            _STATUS[item[4]] if not isinstance(item, Span) else item.status for item in rows
        )
        self.index = IntervalIndex(
            (item[1], item[2], item[0])
            if not isinstance(item, Span)
            else (item.start, item.end, item.id)
            for item in rows
        )

    # -- reading ---------------------------------------------------------------------------------

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans overlapping [start, end), by start (built whole: use `briefs_in` to draw)."""
        spans = self.spans
        return [spans[key] for key in self.index.overlapping(start, end)]

    def briefs_in(self, start: int, end: int) -> list[Brief]:
        """What is needed to draw the spans overlapping [start, end), by start."""
        brief = self.spans.brief
        return [brief(key) for key in self.index.overlapping(start, end)]

    def at(self, position: int) -> list[Span]:
        """Spans covering the character at `position`, shortest first."""
        found = self.overlapping(position, position + 1)
        return sorted(found, key=lambda span: (span.end - span.start, span.id))

    def ordered(self) -> list[Brief]:
        """Every span in text order (briefly)."""
        brief = self.spans.brief
        return [brief(key) for key in self.index.keys()]  # noqa: SIM118 - an index, not a dict

    def open_suggestions(self) -> list[Brief]:
        """The suggestions still to decide, in text order (none in excluded regions)."""
        return [
            span
            for span in self.ordered()
            if span.status is SpanStatus.SUGGESTED
            and not (self.excluded and overlaps(self.excluded, span.start, span.end))
        ]

    def counts(self) -> Counter[SpanStatus]:
        """Spans by status (kept up to date as changes come in)."""
        return Counter(self._counts)

    def line_start(self, block_number: int) -> int:
        """The code-point offset where line (QTextDocument block) `block_number` begins."""
        return self._lines()[block_number]

    def line_end(self, block_number: int) -> int:
        """The code-point offset where line `block_number` ends (before its line break)."""
        starts = self._lines()
        following = block_number + 1
        return starts[following] - 1 if following < len(starts) else len(self.text)

    def line_of(self, position: int) -> int:
        """The block number holding code-point offset `position`."""
        return bisect_right(self._lines(), position) - 1

    def _lines(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            position = find("\n")
            while position != -1:
                starts.append(position + 1)
                position = find("\n", position + 1)
            self._line_starts = starts
        return self._line_starts

    # -- keeping up with edits ------------------------------------------------------------------

    def apply(self, store: Store, change: Change) -> list[tuple[int, int]] | None:
        """Take in a change; the code-point ranges to repaint, or None when all of it must be.

        Returns [] when the change does not concern this article.
        """
        if change.reloads(self.id):
            self.reload(store)
            return None
        if self.id not in change.documents:
            return []
        if self.id in change.document_rows:
            try:
                self.document = store.document(self.id)
                self.excluded = excluded_ranges(store, self.document)
            except StoreError:
                return None
        if len(change.spans) > _PATCH_LIMIT:
            self._build = _builder(store)
            self._reset(store.span_briefs(self.id))
            return None
        for span_id in change.spans:
            row = store.row("span", span_id)
            span = span_from_row(row) if row is not None and row["document_id"] == self.id else None
            if span_id in self.spans:
                self._counts[self.spans.brief(span_id).status] -= 1
            if span is None:
                self.spans.drop(span_id)
                self.index.remove(span_id)
            else:
                self.spans.put(span)
                self._counts[span.status] += 1
                self.index.add(span.start, span.end, span_id)
        return [(start, end) for doc, start, end in change.ranges if doc == self.id]

    def reload(self, store: Store) -> None:
        self.document = store.document(self.id)
        self.excluded = excluded_ranges(store, self.document)
        self._build = _builder(store)
        self._reset(store.span_briefs(self.id))


def _builder(store: Store) -> Callable[[Row], Span]:
    """Reads the whole span of a brief row when it is first needed."""

    def build(row: Row) -> Span:
        return store.span(row[0])

    return build


def _not_built(row: Row) -> Span:
    raise TypeError(f"span {row[0]} arrived as a row but no store was given to build it")
