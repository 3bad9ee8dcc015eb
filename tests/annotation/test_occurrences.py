"""One decision applied to every other occurrence of the same words (issue 17, friction 8)."""

from __future__ import annotations

import pytest

from annotation.commands import CommandError, DecideAll, ExcludeRegion, occurrences
from annotation.session import Session
from annotation.suggest import Suggestion, save_suggestions
from tests.annotation.conftest import add_document, dump

TEXT = (
    "South Korea and India\n\nSouth Korea's envoy met India's in South Korea on Sat.\n"
    "Sat talks: South Koreans and South Korea agree.\n\nLatest News\nSouth Korea votes Sat"
)


def at(part: str, n: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(n + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def stored(session: Session, document: int) -> list[tuple[int, str, str]]:
    return sorted((s.start, s.label, s.status.value) for s in session.store.spans(document))


def test_occurrences_are_whole_words_only() -> None:
    found = occurrences(TEXT, *at("South Korea"))
    assert at("South Korea", 1) in found  # "South Korea's" counts: the possessive is apart
    assert all(TEXT[s:e] == "South Korea" for s, e in found)
    assert not any(TEXT[e] == "n" for _s, e in found)  # not inside "South Koreans"


def test_accept_every_occurrence_adds_and_accepts_in_one_undo_step(session: Session) -> None:
    doc = add_document(session.store, TEXT, source="IANS")
    save_suggestions(
        session,
        [
            (
                doc,
                [
                    Suggestion(*at("South Korea", 2), "GPE"),
                    Suggestion(*at("South Korea", 4), "ORG"),
                ],
            )
        ],
        "model:test@1",
    )
    session.execute(ExcludeRegion(doc, TEXT.index("Latest News"), len(TEXT)))
    before = dump(session.store)
    session.execute(DecideAll(doc, *at("South Korea"), "GPE"))
    korea = [s for s in session.store.spans(doc) if TEXT[s.start : s.end] == "South Korea"]
    assert sorted((s.start, s.label, s.status.value) for s in korea) == [
        (at("South Korea", n)[0], "GPE", "accepted") for n in (1, 2, 4)
    ]  # not the one decided, not "South Koreans", not the excluded last one (the ORG relabelled)
    assert session.undo_text == "Undo Accept every 'South Korea' as GPE"
    session.undo()
    assert dump(session.store) == before


def test_reject_every_occurrence_rejects_the_same_suggestions_only(session: Session) -> None:
    doc = add_document(session.store, TEXT)
    suggestions = [Suggestion(*at("Sat", n), "PRODUCT") for n in (0, 1, 2)]
    suggestions.append(Suggestion(*at("Sat", 1), "DATE"))
    save_suggestions(session, [(doc, suggestions)], "model:test@1")
    session.execute(DecideAll(doc, *at("Sat"), "PRODUCT", accept=False))
    assert stored(session, doc) == [
        (at("Sat")[0], "PRODUCT", "suggested"),
        (at("Sat", 1)[0], "DATE", "suggested"),
        (at("Sat", 1)[0], "PRODUCT", "rejected"),
        (at("Sat", 2)[0], "PRODUCT", "rejected"),
    ]
    with pytest.raises(CommandError, match="no other 'Sat' to decide"):
        session.execute(DecideAll(doc, *at("Sat"), "PRODUCT", accept=False))
