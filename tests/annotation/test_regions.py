"""Regions that are not part of the article: marked as one undoable edit, remembered per source,
left out of suggestions and of what a done article accepts (issue 17, friction 7)."""

from __future__ import annotations

from annotation.commands import ExcludeRegion, IncludeRegion, MarkDone
from annotation.model import SpanStatus
from annotation.regions import excluded_ranges, marked, overlaps, region_of
from annotation.session import Session
from annotation.suggest import SaveReport, Suggestion, save_suggestions
from tests.annotation.conftest import add_document, dump

FIRST = (
    "Modi meets Lee\n\nNarendra Modi met Lee Jae-myung in Seoul.\n\n"
    "Latest News\nFloods in Kerala Sat, Dec 06, 2025\nMarkets rally in Mumbai Sat, Dec 06, 2025"
)
SECOND = (
    "KASA signs with ISRO\n\nKASA and ISRO signed an MoU in Seoul.\n\n"
    "Latest News\nRains in Chennai Sun, Dec 07, 2025"
)


def words(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def suggest(session: Session, document: int, text: str, *parts: str) -> SaveReport:
    report = SaveReport()
    found = [Suggestion(*words(text, part), "GPE") for part in parts]
    save_suggestions(session, [(document, found)], "model:test@1", report)
    return report


def spans(session: Session, document: int) -> list[tuple[str, str]]:
    text = session.store.document(document).text
    return [(text[s.start : s.end], s.status.value) for s in session.store.spans(document)]


def test_a_region_is_whole_lines_and_knows_it_runs_to_the_end() -> None:
    start = FIRST.index("News")
    region = region_of(FIRST, start, start + 2)
    assert FIRST[region.start : region.end] == "Latest News"
    assert (region.first_line, region.lines, region.to_end) == ("Latest News", 1, False)
    whole = region_of(FIRST, start, len(FIRST))
    assert FIRST[whole.start :].startswith("Latest News") and whole.end == len(FIRST)
    assert (whole.lines, whole.to_end) == (3, True)


def test_excluding_a_region_takes_out_its_suggestions_in_one_undoable_step(
    session: Session,
) -> None:
    doc = add_document(session.store, FIRST, source="IANS")
    suggest(session, doc, FIRST, "Seoul", "Kerala", "Mumbai")
    before = dump(session.store)
    latest = FIRST.index("Latest News")
    session.execute(ExcludeRegion(doc, latest, len(FIRST)))
    assert spans(session, doc) == [("Seoul", "suggested")]
    document = session.store.document(doc)
    assert [(r.first_line, r.to_end) for r in marked(document)] == [("Latest News", True)]
    assert excluded_ranges(session.store, document) == [(latest, len(FIRST))]
    assert session.undo_text == "Undo Mark 'Latest News' (3 lines) as not part of the article"
    session.undo()
    assert dump(session.store) == before
    session.redo()
    session.execute(IncludeRegion(doc, latest, latest + 1))
    assert excluded_ranges(session.store, session.store.document(doc)) == []


def test_another_article_of_the_source_learns_the_region_and_gets_no_suggestions_there(
    session: Session,
) -> None:
    first = add_document(session.store, FIRST, source="IANS")
    second = add_document(session.store, SECOND, source="IANS")
    other = add_document(session.store, SECOND + "\n", source="Harbour Wire")
    session.execute(ExcludeRegion(first, FIRST.index("Latest News"), len(FIRST)))
    latest = SECOND.index("Latest News")
    assert excluded_ranges(session.store, session.store.document(second)) == [(latest, len(SECOND))]
    assert excluded_ranges(session.store, session.store.document(other)) == []
    report = suggest(session, second, SECOND, "Seoul", "Chennai")
    assert (report.added, report.excluded) == (1, 1)
    assert spans(session, second) == [("Seoul", "suggested")]
    assert overlaps([(latest, len(SECOND))], *words(SECOND, "Chennai"))


def test_done_takes_out_suggestions_in_a_learned_region_instead_of_accepting_them(
    session: Session,
) -> None:
    first = add_document(session.store, FIRST, source="IANS")
    second = add_document(session.store, SECOND, source="IANS")
    suggest(session, second, SECOND, "Seoul", "Chennai")  # before the region was marked
    session.execute(ExcludeRegion(first, FIRST.index("Latest News"), len(FIRST)))
    session.execute(MarkDone(second))
    assert spans(session, second) == [("Seoul", SpanStatus.ACCEPTED.value)]
    document = session.store.document(second)
    assert [(r.start, r.to_end) for r in marked(document)] == [(SECOND.index("Latest"), True)]
