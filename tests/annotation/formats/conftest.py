"""A shared annotated project for the format round trips, and a way to compare projects.

The project has three documents: a done one with accepted spans over non-ASCII and emoji text,
DATE spans with calendar values, a note, two relations, two events with arguments and
attributes, and a rejected suggestion; an in-progress one with metadata and a pending suggestion;
and a skipped one without spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotation.commands import (
    AddArgument,
    AddEvent,
    AddRelation,
    AddSpan,
    MarkDone,
    Reject,
    SetDocumentStatus,
    SetNote,
    SetValue,
)
from annotation.exporter import ExportOptions, ExportReport, export
from annotation.importer import ImportReport, import_paths
from annotation.model import DocStatus, NewSpan, SpanStatus
from annotation.session import Session
from annotation.store import Store
from tests.annotation.conftest import add_document

TEXT = (
    "Narendra Modi met Lee Jae-myung (이재명) in Jōhannesburg on 22 November 2025 🚀.\n"
    "KASA and ISRO signed an MoU in Seoul on Saturday."
)
TYPHOON = "Typhoon Kestrel hit Bicol on Tuesday, the agency said."
DESK = "A short note from the desk."


def span(text: str, part: str, label: str, **kwargs: Any) -> NewSpan:
    start = text.index(part)
    return NewSpan(start, start + len(part), label, **kwargs)


def build(session: Session) -> Session:
    """Fill a project with the three documents (see the module docstring)."""
    store, run = session.store, session.execute
    doc = add_document(
        store,
        TEXT,
        title="Leaders meet",
        source="IANS",
        url="https://example.invalid/leaders",
        published="2025-12-06",
        place="Seoul",
        meta={"file": "leaders.txt"},
    )

    def add(part: str, label: str, **kwargs: Any) -> int:
        added = run(AddSpan(doc, span(TEXT, part, label, **kwargs))).added_span
        assert added is not None
        return added

    modi, lee = add("Narendra Modi", "PERSON"), add("Lee Jae-myung", "PERSON")
    hangul = add("이재명", "PERSON")
    place, when = add("Jōhannesburg", "GPE"), add("22 November 2025", "DATE")
    kasa, isro, seoul, saturday = (
        add("KASA", "ORG"),
        add("ISRO", "ORG"),
        add("Seoul", "GPE"),
        add("Saturday", "DATE"),
    )
    mou = add(
        "MoU",
        "LAW",
        status=SpanStatus.SUGGESTED,
        origin="model:en_core_web_sm@3.8.0",
        score=0.41,
    )
    run(Reject(mou))
    run(SetValue(when, "2025-11-22"))
    run(SetValue(saturday, "2025-12-06"))
    run(SetNote(isro, "Indian Space Research Organisation"))
    run(AddRelation(kasa, seoul, "LOCATED_IN"))
    run(AddRelation(lee, hangul, "ALIAS_OF"))
    start = TEXT.index("met")
    attributes = {"polarity": "positive", "context": "historical"}
    (meet,) = run(
        AddEvent("MEET", document=doc, trigger_span=(start, start + 3), attributes=attributes)
    ).events
    for role, argument in (("participant", modi), ("participant", lee), ("place", place)):
        run(AddArgument(meet, role, argument))
    run(AddArgument(meet, "time", when))
    start = TEXT.index("signed")
    (sign,) = run(AddEvent("SIGN_AGREEMENT", document=doc, trigger_span=(start, start + 6))).events
    for role, argument in (("signatory", kasa), ("signatory", isro), ("place", seoul)):
        run(AddArgument(sign, role, argument))
    run(AddArgument(sign, "time", saturday))
    run(MarkDone(doc))

    typhoon = add_document(
        store,
        TYPHOON,
        title="Typhoon Kestrel reaches Bicol",
        source="Storm Dispatch",
        published="2025-11-12",
        place="Legazpi",
        meta={"section": "weather"},
    )
    run(AddSpan(typhoon, span(TYPHOON, "Typhoon Kestrel", "EVENT")))
    run(AddSpan(typhoon, span(TYPHOON, "Bicol", "GPE")))
    tuesday = run(AddSpan(typhoon, span(TYPHOON, "Tuesday", "DATE"))).added_span
    assert tuesday is not None
    run(SetValue(tuesday, "2025-11-11"))
    suggestion = span(TYPHOON, "agency", "ORG", status=SpanStatus.SUGGESTED, origin="model:m@1")
    run(AddSpan(typhoon, suggestion))

    desk = add_document(store, DESK, title="Desk")
    run(SetDocumentStatus(desk, DocStatus.SKIPPED))
    return session


@pytest.fixture
def annotated(session: Session) -> Session:
    return build(session)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Session]:
    """An empty second project to import into."""
    opened = Session.open(tmp_path / "fresh.db", annotator="importer")
    yield opened
    opened.close()


def export_all(session: Session, out: Path, **options: Any) -> ExportReport:
    """Export every document (these tests are about the shape, not which documents go in)."""
    return export(
        session.store, session.schema, out, options=ExportOptions(all_documents=True, **options)
    )


def import_ok(session: Session, paths: Iterable[Path], fmt: str | None = None) -> ImportReport:
    report = import_paths(session, paths, fmt=fmt)
    assert report.ok, report.errors
    return report


def records(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file, one a line."""
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


SpanKey = tuple[int, int, str]


def snapshot(
    store: Store,
    statuses: Iterable[SpanStatus] = (SpanStatus.ACCEPTED,),
    *,
    entities_only: bool = False,
) -> list[dict[str, Any]]:
    """Each document's text, metadata, status, spans (with values and notes), relations and
    events, keyed by offsets and labels so two projects compare equal when they hold the same."""
    result = []
    wanted = tuple(statuses)
    for document_id in store.document_ids():
        doc = store.document(document_id)
        spans = store.spans(document_id, wanted)
        by_id = {s.id: (s.start, s.end, s.label) for s in spans}
        events = []
        arguments = store.document_arguments(document_id)
        for event in store.events(document_id):
            if event.trigger not in by_id:
                continue
            roles = sorted(
                (a.role, by_id[a.span])
                for a in arguments
                if a.event_id == event.id and a.span in by_id
            )
            events.append((event.type, by_id[event.trigger], roles, event.attributes))
        entity_spans = [s for s in spans if not (entities_only and s.label in TRIGGER_LABELS)]
        result.append(
            {
                "text": doc.text,
                "fields": (doc.title, doc.source, doc.url, doc.published, doc.place, doc.language),
                "meta": doc.meta,
                "status": doc.status,
                "spans": sorted(
                    (s.start, s.end, s.label, s.status.value, s.value, s.note) for s in entity_spans
                ),
                "relations": sorted(
                    (by_id[r.head], by_id[r.child], r.label)
                    for r in store.relations(document_id)
                    if r.head in by_id and r.child in by_id
                ),
                "events": sorted(events),
            }
        )
    return result


TRIGGER_LABELS = frozenset({"MEET", "SIGN_AGREEMENT"})


def covered(store: Store, statuses: Iterable[SpanStatus] = (SpanStatus.ACCEPTED,)) -> list[Any]:
    """Per document, its entity spans as (covered text, label): what survives a rebuilt text."""
    result = []
    for document_id in store.document_ids():
        text = store.document(document_id).text
        result.append(
            [
                (text[s.start : s.end], s.label)
                for s in store.spans(document_id, tuple(statuses))
                if s.label not in TRIGGER_LABELS
            ]
        )
    return result
