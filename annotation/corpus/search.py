"""Search the corpus: every place a query occurs, or the spans that read it, with context.

A text hit is a stretch of an article the index matched (FTS5's own tokens, so `Parnu` finds
`Pärnu`). With labels or span states asked for, the hits are the spans (of those labels, in
those states) that a text hit lies inside: "every PERSON span reading 'Modi'". With
`missing_label`, only the text hits no span of that label covers yet: "articles mentioning
Seoul with no GPE there yet" (a rejected span does not count: the analyst said it is not one).
Documents are searched in id order, a batch at a time, so the first hits come at once however
large the corpus.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotation.model import DocStatus, SpanStatus
from annotation.store import Store
from annotation.store.fts_query import match_expression
from annotation.store.search import CLOSE_MARK, OPEN_MARK

#: Characters of context on each side of a hit (cut back to a word boundary).
CONTEXT = 60
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Hit:
    """One place the query occurs: a stretch of text, or a span that reads it."""

    document: int
    title: str
    start: int
    end: int
    #: the text around the hit, on one line; the hit starts at `context_at` in it
    context: str
    context_at: int
    label: str | None = None
    status: SpanStatus | None = None
    span_id: int | None = None
    entity_id: int | None = None
    #: the hit's own text, as the article has it
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        """The `dateline search --json` line: `label` only for span hits."""
        record: dict[str, Any] = {
            "document": self.document,
            "title": self.title,
            "start": self.start,
            "end": self.end,
        }
        if self.label is not None:
            record["label"] = self.label
        record["context"] = self.context
        return record


@dataclass(frozen=True)
class SearchFilter:
    """Which hits a search keeps."""

    #: span hits of these labels (None: any label, if `span_statuses` asks for span hits)
    labels: frozenset[str] | None = None
    #: span hits in these states
    span_statuses: frozenset[SpanStatus] | None = None
    #: only documents in these states
    document_statuses: frozenset[DocStatus] | None = None
    #: text hits that no (suggested or accepted) span of this label covers
    missing_label: str | None = None

    @property
    def spans(self) -> bool:
        """Whether the hits are spans rather than stretches of text."""
        return self.labels is not None or self.span_statuses is not None


@dataclass(frozen=True)
class SearchPage:
    """Some hits, and where to go on: `after` is the last document searched (None: done)."""

    hits: list[Hit] = field(default_factory=list)
    after: int | None = None


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without `highlight()`'s marks, and the (start, end) of each marked hit."""
    pieces = marked.split(OPEN_MARK)
    text = [pieces[0]]
    at = len(pieces[0])
    hits: list[tuple[int, int]] = []
    for piece in pieces[1:]:
        inside, closed, rest = piece.partition(CLOSE_MARK)
        if closed:
            hits.append((at, at + len(inside)))
        text += [inside, rest]
        at += len(inside) + len(rest)
    return "".join(text), hits


def context_of(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, int]:
    """The text around [start, end) on one line (runs of white space as one space), cut at
    word boundaries, and where the hit starts in it."""
    left = max(start - width, 0)
    if left > 0 and not text[left - 1].isspace():  # inside a word: start after it
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    right = min(end + width, len(text))
    if right < len(text) and not text[right].isspace():
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    before = ("…" if left > 0 else "") + _SPACES.sub(" ", text[left:start]).lstrip()
    after = _SPACES.sub(" ", text[end:right]).rstrip() + ("…" if right < len(text) else "")
    return before + _SPACES.sub(" ", text[start:end]) + after, len(before)


def search(
    store: Store,
    query: str,
    filters: SearchFilter | None = None,
    *,
    after: int = 0,
    limit: int = 100,
    batch: int = 50,
) -> SearchPage:
    """Hits in the documents after `after`, at least `limit` of them (a document's hits are
    never split across pages) unless the corpus ends first."""
    filters = filters or SearchFilter()
    match = match_expression(query, column="text")
    if match is None:
        return SearchPage()
    statuses = _document_statuses(filters)
    hits: list[Hit] = []
    while True:
        found = store.marked_texts(match, after=after, limit=batch, statuses=statuses)
        documents = [(doc, title, *unmark(marked)) for doc, title, marked in found]
        spans = _spans(store, filters, [doc for doc, _t, _x, marks in documents if marks])
        for document_id, title, text, marks in documents:
            after = document_id
            if marks:
                hits += _hits(document_id, title, text, marks, spans.get(document_id, []), filters)
            if len(hits) >= limit:
                return SearchPage(hits, after)
        if len(found) < batch:
            return SearchPage(hits, None)


def iter_hits(store: Store, query: str, filters: SearchFilter | None = None) -> Iterator[Hit]:
    """Every hit in the corpus, page by page."""
    after: int | None = 0
    while after is not None:
        page = search(store, query, filters, after=after)
        yield from page.hits
        after = page.after


def count_documents(store: Store, query: str, filters: SearchFilter | None = None) -> int:
    """How many documents the query matches (before the span filters)."""
    match = match_expression(query, column="text")
    if match is None:
        return 0
    return store.count_matching_documents(match, _document_statuses(filters or SearchFilter()))


def _document_statuses(filters: SearchFilter) -> list[str] | None:
    if filters.document_statuses is None:
        return None
    return sorted(status.value for status in filters.document_statuses)


_SpanRow = tuple[int, int, int, int, str, str, int | None]


def _spans(
    store: Store, filters: SearchFilter, document_ids: Sequence[int]
) -> dict[int, list[_SpanRow]]:
    """The spans the filters look at, by document (none when they look at none)."""
    if filters.spans:
        statuses = filters.span_statuses
        rows = store.spans_of_documents(
            document_ids,
            filters.labels,
            None if statuses is None else [status.value for status in statuses],
        )
    elif filters.missing_label is not None:
        rows = store.spans_of_documents(
            document_ids,
            [filters.missing_label],
            [SpanStatus.SUGGESTED.value, SpanStatus.ACCEPTED.value],
        )
    else:
        return {}
    found: dict[int, list[_SpanRow]] = {}
    for row in rows:
        found.setdefault(row[1], []).append(row)
    return found


def _hits(
    document_id: int,
    title: str,
    text: str,
    marks: list[tuple[int, int]],
    spans: list[_SpanRow],
    filters: SearchFilter,
) -> list[Hit]:
    if filters.spans:
        return _span_hits(document_id, title, text, marks, spans)
    if filters.missing_label is not None:
        marks = [(s, e) for s, e in marks if not any(a < e and s < b for _i, _d, a, b, *_ in spans)]
    hits = []
    for start, end in marks:
        context, at = context_of(text, start, end)
        hits.append(Hit(document_id, title, start, end, context, at, text=text[start:end]))
    return hits


def _span_hits(
    document_id: int,
    title: str,
    text: str,
    marks: list[tuple[int, int]],
    spans: list[_SpanRow],
) -> list[Hit]:
    """The spans some hit lies inside, each once, in text order."""
    starts = [start for start, _end in marks]
    hits = []
    for span_id, _doc, start, end, label, status, entity in spans:
        at = bisect.bisect_left(starts, start)
        while at < len(marks) and marks[at][0] < end and marks[at][1] > end:
            at += 1
        if at < len(marks) and marks[at][0] < end:
            context, where = context_of(text, start, end)
            hits.append(
                Hit(
                    document_id,
                    title,
                    start,
                    end,
                    context,
                    where,
                    label,
                    SpanStatus(status),
                    span_id,
                    entity,
                    text[start:end],
                )
            )
    return hits
