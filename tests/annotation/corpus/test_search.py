"""Corpus search: text hits with their offsets and context, span hits, and the filters."""

from __future__ import annotations

import re
from pathlib import Path

from annotation.commands import AddSpan, Reject, SetDocumentStatus
from annotation.corpus.search import (
    SearchFilter,
    context_of,
    count_documents,
    iter_hits,
    marks_in,
    search,
    unmark,
)
from annotation.model import DocStatus, NewSpan, SpanStatus
from annotation.session import Session
from annotation.store.search import CLOSE_MARK, OPEN_MARK
from tests.annotation.corpus.conftest import ARTICLES


def _places(hits: list[object]) -> list[tuple[int, int, int]]:
    return [(h.document, h.start, h.end) for h in hits]  # type: ignore[attr-defined]


def test_search_text_hits_are_the_words_at_their_offsets(corpus: Session) -> None:
    hits = list(iter_hits(corpus.store, "Modi"))
    first, second = ARTICLES[0]["text"], ARTICLES[1]["text"]
    assert isinstance(first, str) and isinstance(second, str)
    assert _places(hits) == [
        (1, 9, 13),
        (1, first.index("Modi said"), first.index("Modi said") + 4),
        (2, second.index("Modi"), second.index("Modi") + 4),
    ]
    assert all(h.label is None for h in hits)
    assert hits[0].title == "Modi meets Lee in Seoul"
    # the context is on one line and the hit sits where `context_line` says
    context, at = hits[1].context_line()
    assert "\n" not in context and context[at : at + 4] == "Modi" and hits[1].text == "Modi"


def test_search_words_side_by_side_are_a_phrase_and_accents_fold(corpus: Session) -> None:
    assert _places(list(iter_hits(corpus.store, "narendra modi"))) == [(1, 0, 13)]
    assert _places(list(iter_hits(corpus.store, "modi narendra"))) == []
    text = ARTICLES[1]["text"]
    assert isinstance(text, str)
    at = text.index("Pärnu")
    assert _places(list(iter_hits(corpus.store, "Parnu"))) == [(2, at, at + 5)]
    assert len(list(iter_hits(corpus.store, "Mod*"))) == 3
    assert len(list(iter_hits(corpus.store, "Mombasa OR Pärnu"))) == 2
    assert list(iter_hits(corpus.store, "Seoul NOT Modi")) == []
    # punctuation is quoted, never an FTS5 syntax error
    assert list(iter_hits(corpus.store, 'U.S. "unclosed')) == []
    assert list(iter_hits(corpus.store, "OR AND ---")) == []


def test_search_titles_are_not_hits_in_the_text(corpus: Session) -> None:
    assert [h.document for h in iter_hits(corpus.store, "cooperation")] == [2]
    assert list(iter_hits(corpus.store, "meets")) == []  # only in a title


def test_search_by_label_gives_the_spans_that_read_the_query(corpus: Session) -> None:
    persons = SearchFilter(labels=frozenset({"PERSON"}))
    hits = list(iter_hits(corpus.store, "Modi", persons))
    assert [(h.document, h.start, h.end, h.label) for h in hits] == [(1, 0, 13, "PERSON")]
    assert hits[0].status is SpanStatus.ACCEPTED and hits[0].span_id is not None
    assert hits[0].to_json() == {
        "document": 1,
        "title": "Modi meets Lee in Seoul",
        "start": 0,
        "end": 13,
        "label": "PERSON",
        "context": hits[0].context,
    }
    # a span reads the query only if a hit lies inside it
    assert list(iter_hits(corpus.store, "Narendra Modi met", persons)) == []


def test_search_by_span_status(corpus: Session) -> None:
    gpe = corpus.store.spans(1)[1]
    corpus.execute(Reject(gpe.id))
    rejected = SearchFilter(span_statuses=frozenset({SpanStatus.REJECTED}))
    assert _places(list(iter_hits(corpus.store, "Seoul", rejected))) == [(1, 35, 40)]
    accepted = SearchFilter(
        labels=frozenset({"GPE"}), span_statuses=frozenset({SpanStatus.ACCEPTED})
    )
    assert list(iter_hits(corpus.store, "Seoul", accepted)) == []


def test_search_no_label_there_yet(corpus: Session) -> None:
    """Articles mentioning Seoul with no GPE there yet: the second mention of Seoul."""
    text = ARTICLES[0]["text"]
    assert isinstance(text, str)
    second = text.index("Seoul and")
    missing = SearchFilter(missing_label="GPE")
    assert _places(list(iter_hits(corpus.store, "Seoul", missing))) == [(1, second, second + 5)]
    corpus.execute(AddSpan(1, NewSpan(second, second + 5, "GPE", SpanStatus.SUGGESTED)))
    assert list(iter_hits(corpus.store, "Seoul", missing)) == []
    # a rejected span does not count: the analyst said it is not one
    first = corpus.store.spans(1)[1]
    corpus.execute(Reject(first.id))
    assert _places(list(iter_hits(corpus.store, "Seoul", missing))) == [(1, 35, 40)]


def test_search_by_document_status_and_count(corpus: Session) -> None:
    corpus.execute(SetDocumentStatus(2, DocStatus.DONE))
    done = SearchFilter(document_statuses=frozenset({DocStatus.DONE}))
    assert {h.document for h in iter_hits(corpus.store, "Modi", done)} == {2}
    assert count_documents(corpus.store, "Modi") == 2
    assert count_documents(corpus.store, "Modi", done) == 1
    assert count_documents(corpus.store, "---") == 0


def test_search_pages_end_at_a_document_and_go_on_from_it(corpus: Session) -> None:
    page = search(corpus.store, "Modi", limit=1)
    assert [h.document for h in page.hits] == [1, 1] and page.after == 1
    scanned = search(corpus.store, "Modi", SearchFilter(labels=frozenset({"DATE"})), scan=1)
    assert scanned.hits == [] and scanned.after == 1  # stopped after one document, not done
    rest = search(corpus.store, "Modi", after=1, limit=10)
    assert [h.document for h in rest.hits] == [2] and rest.after is None


def test_unmark_and_context() -> None:
    marked = f"a {OPEN_MARK}b c{CLOSE_MARK} d {OPEN_MARK}e{CLOSE_MARK}"
    assert unmark(marked) == ("a b c d e", [(2, 5), (8, 9)])
    assert marks_in(f"x{CLOSE_MARK}y {OPEN_MARK}z{CLOSE_MARK}") is None  # a mark in the text


def test_a_text_holding_the_marks_itself_is_searched_right(tmp_path: Path) -> None:
    from annotation.importer import import_paths
    from tests.annotation.corpus.conftest import write_articles

    session = Session.open(tmp_path / "p.db")
    text = f"Odd {CLOSE_MARK}{OPEN_MARK} bytes, then Seoul and {CLOSE_MARK} Seoul."
    import_paths(session, [write_articles(tmp_path / "in.jsonl", [{"text": text}])])
    hits = list(iter_hits(session.store, "Seoul"))
    assert [h.text for h in hits] == ["Seoul", "Seoul"]
    assert [h.start for h in hits] == [m.start() for m in re.finditer("Seoul", text)]
    session.close()
    text = "one two three four five six seven eight nine ten"
    context, at = context_of(text, 24, 27, width=10)
    assert context == "…four five six seven…" and context[at : at + 3] == "six"
    assert context_of("a\n\nb", 3, 4) == ("a b", 2)
