"""Calendar values for analyst-made DATE/TIME spans and the publication date they resolve on."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
import spacy

import annotation.dates.grammar
import annotation.dates.normalizer
from annotation.commands import AddSpan, Resize, SetDocumentMeta
from annotation.dates.published import parse_published, publication_of
from annotation.dates.tense import Tense
from annotation.dates.valuer import make_valuer
from annotation.model import Document, NewSpan, ValueOrigin
from annotation.session import Session
from tests.annotation.conftest import SAMPLE, add_document

WIRE = (
    "Levy protest\n\nNAIROBI, March 14 (Harbour Wire) - Police arrested 40 people on Thursday.\n"
    "Published Fri, Mar 14, 2025, 09:15 AM"
)


def document(text: str = SAMPLE, published: str | None = "2025-12-06") -> Document:
    return Document(id=1, uid="u", text=text, published=published)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call of the date normaliser, with what it was given; no parse behind its back."""
    seen: list[dict[str, Any]] = []
    real = annotation.dates.normalizer.normalize

    def spy(text: str, published: Any, sentence: str | None = None, **options: Any) -> Any:
        seen.append({"text": text, "published": published, "sentence": sentence, **options})
        return real(text, published, sentence, **options)

    def no_guessing(*_: Any) -> Tense:
        raise AssertionError("the valuer must give the tense, not leave it to the words")

    monkeypatch.setattr(annotation.dates.normalizer, "normalize", spy)
    monkeypatch.setattr(annotation.dates.grammar, "tense_in_words", no_guessing)
    return seen


def test_parse_published_reads_iso_dates_and_datetimes_only() -> None:
    assert parse_published("2025-12-06") == date(2025, 12, 6)
    assert parse_published("2025-10-29T08:05:00-07:00") == datetime(
        2025, 10, 29, 8, 5, tzinfo=timezone(timedelta(hours=-7))
    )
    assert parse_published("2025-10-29T08:05Z") is not None
    assert parse_published("Dec 6, 2025") is None
    assert parse_published("") is None


def test_publication_is_the_documents_own_date_else_inferred_from_the_text() -> None:
    assert publication_of(document()).date == date(2025, 12, 6)
    assert publication_of(document()).inferred is None
    inferred = publication_of(document(WIRE, None))
    assert inferred.date == date(2025, 3, 14)
    assert inferred.inferred is not None and "March 14" in inferred.inferred.evidence
    nothing = publication_of(document("No date anywhere in here.", None))
    assert (nothing.date, nothing.inferred, nothing.unreadable) == (None, None, False)
    unreadable = publication_of(document(WIRE, "mid-March"))
    assert (unreadable.date, unreadable.unreadable) == (None, True)


def test_without_a_parser_the_tense_is_unknown_and_nothing_is_parsed(
    calls: list[dict[str, Any]],
) -> None:
    valuer = make_valuer()
    start = SAMPLE.index("November 22")
    assert valuer(document(), start, start + 11, "DATE") == "2025-11-22"
    assert calls[0]["tense"] is Tense.UNKNOWN
    assert calls[0]["sentence"] == SAMPLE[: SAMPLE.index(" KASA")]
    saturday = SAMPLE.index("Saturday")
    assert valuer(document(), saturday, saturday + 8, "DATE") == "2025-12-06"
    assert calls[1]["sentence"] == SAMPLE[SAMPLE.index("KASA") :]


def test_no_publication_date_no_value(calls: list[dict[str, Any]]) -> None:
    valuer = make_valuer()
    text = "Talks resumed on November 22."
    assert valuer(document(text, None), 17, 28, "DATE") is None
    assert calls == []


def test_with_a_parser_the_line_holding_the_span_is_parsed_once(
    calls: list[dict[str, Any]],
) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    parsed: list[str] = []

    def parse(text: str) -> Any:
        parsed.append(text)
        return nlp(text)

    text = "Headline\n\nThey met on Saturday. Talks resume on Monday.\nTrailer line"
    valuer = make_valuer(parse)
    saturday, monday = text.index("Saturday"), text.index("Monday")
    assert valuer(document(text), saturday, saturday + 8, "DATE") == "2025-12-06"
    valuer(document(text), monday, monday + 6, "DATE")
    assert parsed == ["They met on Saturday. Talks resume on Monday."]
    assert [c["sentence"] for c in calls] == ["They met on Saturday.", "Talks resume on Monday."]
    assert {c["tense"] for c in calls} == {Tense.UNKNOWN}  # a Doc without dependencies


def test_the_session_uses_the_valuer_for_analyst_spans(session: Session) -> None:
    session.valuer = make_valuer()
    doc = add_document(session.store, published="2025-12-06")
    start = SAMPLE.index("November 22")
    change = session.execute(AddSpan(doc, NewSpan(start, start + 11, "DATE")))
    assert change.added_span is not None
    span = session.store.span(change.added_span)
    assert (span.value, span.value_origin) == ("2025-11-22", ValueOrigin.COMPUTED)
    session.execute(Resize(span.id, start, start + 8))  # 'November'
    assert session.store.span(span.id).value == "2025-11"
    session.execute(SetDocumentMeta(doc, {"published": "2026-03-01"}))
    assert session.store.span(span.id).value == "2025-11"  # the nearest November before


def test_a_document_without_a_date_gets_values_from_the_inferred_one(session: Session) -> None:
    session.valuer = make_valuer()
    doc = add_document(session.store, WIRE)
    start = WIRE.index("Thursday")
    change = session.execute(AddSpan(doc, NewSpan(start, start + 8, "DATE")))
    assert change.added_span is not None
    assert session.store.span(change.added_span).value == "2025-03-13"


# -- with the installed pipeline ----------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The two leaders met on Friday in Seoul.", "2025-12-05"),
        ("The two leaders will meet on Friday in Seoul.", "2025-12-12"),
        ("The minister said the talks would resume in March.", "2026-03"),
        ("The minister said the talks had collapsed in March.", "2025-03"),
    ],
)
def test_the_tense_of_the_governing_verb_decides(parse: Any, sentence: str, expected: str) -> None:
    text = f"Headline\n\n{sentence}\n"
    word = "Friday" if "Friday" in sentence else "March"
    start = text.index(word)
    valuer = make_valuer(parse)
    assert valuer(document(text), start, start + len(word), "DATE") == expected


def test_a_remote_line_value_gets_the_line_and_a_failing_one_falls_back(
    calls: list[dict[str, Any]],
) -> None:
    asked: list[tuple[str, int, int]] = []

    def line_value(line: str, start: int, end: int, published: Any) -> str | None:
        asked.append((line, start, end))
        return "2025-11-29"

    text = "Headline\n\nThey will meet on Saturday.\nTrailer"
    saturday = text.index("Saturday")
    assert make_valuer(line_value=line_value)(document(text), saturday, saturday + 8, "DATE") == (
        "2025-11-29"
    )
    assert asked == [("They will meet on Saturday.", 18, 26)]

    def gone(line: str, start: int, end: int, published: Any) -> str | None:
        raise OSError("the spaCy process has ended")

    # the edit still gets a value: the normaliser's, without the tense
    assert make_valuer(line_value=gone)(document(text), saturday, saturday + 8, "DATE") == (
        "2025-12-06"
    )
