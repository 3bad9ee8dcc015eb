"""The controller's own words: what an X or Delete took along with its span."""

from __future__ import annotations

from pathlib import Path

from annotation.commands import AddRelation, AddSpan, Discard, Reject, Relabel, RemoveSpan
from annotation.model import NewSpan, SpanStatus
from annotation.session import Session
from desktop.annotation_controller import took_links
from tests.annotation.conftest import SAMPLE, add_document


def span(session: Session, document: int, text: str, label: str, **fields: object) -> int:
    start = SAMPLE.index(text)
    added = session.execute(AddSpan(document, NewSpan(start, start + len(text), label, **fields)))
    assert added.added_span is not None
    return added.added_span


def test_took_links_says_what_went_along_in_the_past_tense(tmp_path: Path) -> None:
    session = Session.open(tmp_path / "p.db", annotator="tester")
    try:
        document = add_document(session.store)
        kasa = span(
            session, document, "KASA", "ORG", status=SpanStatus.SUGGESTED, origin="model:t@1"
        )
        seoul = span(session, document, "Seoul", "GPE")
        lone = span(session, document, "ISRO", "ORG")
        session.execute(AddRelation(kasa, seoul, "LOCATED_IN"))
        said = {}
        for command in (Reject(kasa), Discard(seoul), RemoveSpan(seoul), Relabel(kasa, "GPE")):
            said[type(command).__name__] = took_links(command, session.execute(command))
            session.undo()
        said["lone"] = took_links(Discard(lone), session.execute(Discard(lone)))
    finally:
        session.close()
    assert said == {
        "Reject": "Rejected ORG 'KASA' and its 1 link · Ctrl+Z undoes",
        "Discard": "Deleted GPE 'Seoul' and its 1 link · Ctrl+Z undoes",
        "RemoveSpan": "Deleted GPE 'Seoul' and its 1 link · Ctrl+Z undoes",
        "Relabel": None,  # nothing went along
        "lone": None,
    }
