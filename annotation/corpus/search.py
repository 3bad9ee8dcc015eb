"""Search the corpus: every place a query occurs, or the spans that read it, with context.

A text hit is a stretch of an article the index matched (FTS5's own tokens, so `Parnu` finds
`Pärnu`). With labels or span states asked for, the hits are the spans (of those labels, in
those states) that a text hit lies inside: "every PERSON span reading 'Modi'". With
`missing_label`, only the text hits no span of that label covers yet: "articles mentioning
Seoul with no GPE there yet" (a rejected span does not count: the analyst said it is not one).
Documents are searched in id order, one at a time as a page fills, so the first hits come at
once however large the corpus.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotation.model import DocStatus, SpanStatus
from annotation.store import Store
from annotation.store.fts_query import match_expression
from annotation.store.search import CLOSE_MARK, OPEN_MARK

#: Characters of context on each side of a hit (cut back to a word boundary).
CONTEXT = 60
#: Documents a page reads at most: a filter that keeps few hits does not read the whole
#: corpus before the first page shows (the page says where it stopped).
SCAN = 300


class Hit(NamedTuple):
    """One place the query occurs: a stretch of text, or a span that reads it.

    It keeps the text it was found in (the document's, shared by its hits, or a stretch of it
    starting at `around_start`): its context is made only when asked for, so a page of hits
    costs little more than finding them (a named tuple: a page makes thousands).
    """

    document: int
    title: str
    start: int
    end: int
    #: the text the hit was found in, still with the search's marks if `marks` names them
    around: str
    around_start: int = 0
    label: str | None = None
    status: SpanStatus | None = None
    span_id: int | None = None
    entity_id: int | None = None
    #: the open and close marks still in `around` ("": none)
    marks: str = ""

    def _plain(self) -> str:
        if not self.marks:
            return self.around
        return self.around.replace(self.marks[0], "").replace(self.marks[1], "")

    @property
    def text(self) -> str:
        """The hit's own text, as the article has it."""
        return self._plain()[self.start - self.around_start : self.end - self.around_start]

    def context_line(self, width: int = CONTEXT) -> tuple[str, int]:
        """The text around the hit on one line, and where the hit starts in it."""
        offset = self.around_start
        around = self._plain()
        context, at = context_of(around, self.start - offset, self.end - offset, width)
        if offset > 0 and not context.startswith("…"):  # `around` is a stretch of the text
            context, at = "…" + context, at + 1
        return context, at

    @property
    def context(self) -> str:
        return self.context_line()[0]

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


def marks_in(
    marked: str, open_mark: str = OPEN_MARK, close_mark: str = CLOSE_MARK
) -> list[tuple[int, int]] | None:
    """The (start, end) of each marked hit in the text without the marks; None when the text
    itself holds a mark (see `_document_hits`)."""
    hits = []
    find = marked.find
    removed = 0
    start = find(open_mark)
    while start >= 0:
        end = find(close_mark, start)
        if end < 0:
            return None
        hits.append((start - removed, end - removed - 1))
        removed += 2
        start = find(open_mark, end)
    if marked.count(open_mark) != len(hits) or marked.count(close_mark) != len(hits):
        return None
    return hits


def unmark(
    marked: str, open_mark: str = OPEN_MARK, close_mark: str = CLOSE_MARK
) -> tuple[str, list[tuple[int, int]]]:
    """The text without `highlight()`'s marks, and the (start, end) of each marked hit
    (ValueError if the text holds a mark itself)."""
    hits = marks_in(marked, open_mark, close_mark)
    if hits is None:
        raise ValueError("the text holds a mark itself")
    return marked.replace(open_mark, "").replace(close_mark, ""), hits


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
    before = ("…" if left > 0 else "") + _one_line(text[left:start], keep_end=True)
    hit = _one_line(text[start:end], keep_start=True, keep_end=True)
    after = _one_line(text[end:right], keep_start=True) + ("…" if right < len(text) else "")
    return before + hit + after, len(before)


def _one_line(text: str, *, keep_start: bool = False, keep_end: bool = False) -> str:
    """Runs of white space as one space; a space kept at an end that had one, if asked."""
    line = " ".join(text.split())
    if keep_start and text[:1].isspace():
        line = " " + line
    if keep_end and text[-1:].isspace() and line != " ":
        line += " "
    return line


def search(
    store: Store,
    query: str,
    filters: SearchFilter | None = None,
    *,
    after: int = 0,
    limit: int = 100,
    scan: int = SCAN,
) -> SearchPage:
    """Hits in the documents after `after`: at least `limit` of them (a document's hits are
    never split across pages), unless `scan` documents were read or the corpus ended first.

    The documents are read one by one as the page fills (one statement, stepped), so a common
    word reads a few documents and a rare one as many as it needs, never more.
    """
    filters = filters or SearchFilter()
    match = match_expression(query, column="text")
    if match is None:
        return SearchPage()
    # Span filters read the spans of a few documents at a time.
    group_size = _SPAN_GROUP if filters.spans or filters.missing_label is not None else 1
    hits: list[Hit] = []
    read = 0
    group: list[_Found] = []
    rows = store.marked_texts(match, after=after, statuses=_document_statuses(filters))
    try:
        for document_id, title, marked in rows:
            read += 1
            group.append(_found(store, match, document_id, title, marked))
            if len(group) < group_size and read < scan:
                continue
            hits += _group_hits(store, filters, group)
            after = group[-1].document
            group = []
            if len(hits) >= limit or read >= scan:
                return SearchPage(hits, after)
    finally:
        rows.close()
    hits += _group_hits(store, filters, group)
    return SearchPage(hits, None)


#: Documents whose spans one query reads, for the span filters.
_SPAN_GROUP = 50


class _Found(NamedTuple):
    """A document's text hits, its text still marked where `marks` names the marks ("": none)."""

    document: int
    title: str
    text: str
    marks: str
    hits: list[tuple[int, int]]


def _found(store: Store, match: str, document_id: int, title: str, marked: str) -> _Found:
    """A document's hits; its text stays marked until a hit's context is asked for."""
    hits = marks_in(marked)
    if hits is not None:
        return _Found(document_id, title, marked, OPEN_MARK + CLOSE_MARK, hits)
    # The text holds the usual marks itself (noncharacters, as good as never in news): mark
    # it again with two it does not hold, and read it now.
    again = store.marked_again(document_id, match)
    if again is None:
        return _Found(document_id, title, marked, "", [])
    marked, open_mark, close_mark = again
    text, hits = unmark(marked, open_mark, close_mark)
    return _Found(document_id, title, text, "", hits)


def _group_hits(store: Store, filters: SearchFilter, group: list[_Found]) -> list[Hit]:
    spans = _spans(store, filters, [found.document for found in group if found.hits])
    hits: list[Hit] = []
    for found in group:
        if found.hits:
            hits += _hits(found, spans.get(found.document, []), filters)
    return hits


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


def _hits(found: _Found, spans: list[_SpanRow], filters: SearchFilter) -> list[Hit]:
    """A document's hits: its text hits, or the spans they lie in."""
    if filters.spans:
        return _span_hits(found, spans)
    kept = found.hits
    if filters.missing_label is not None:
        kept = [(s, e) for s, e in kept if not any(a < e and s < b for _i, _d, a, b, *_ in spans)]
    document, title, text, marks, _ = found
    return [
        Hit(document, title, start, end, text, 0, None, None, None, None, marks)
        for start, end in kept
    ]


def _span_hits(found: _Found, spans: list[_SpanRow]) -> list[Hit]:
    """The spans some hit lies inside, each once, in text order."""
    document, title, text, marks, text_hits = found
    starts = [start for start, _end in text_hits]
    hits = []
    for span_id, _doc, start, end, label, status, entity in spans:
        at = bisect.bisect_left(starts, start)
        while at < len(text_hits) and text_hits[at][0] < end and text_hits[at][1] > end:
            at += 1
        if at < len(text_hits) and text_hits[at][0] < end:
            state = SpanStatus(status)
            hits.append(
                Hit(document, title, start, end, text, 0, label, state, span_id, entity, marks)
            )
    return hits
