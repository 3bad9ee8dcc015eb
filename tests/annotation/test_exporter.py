"""JSONL export: the primary shape, the options, loss-free round trips, atomic writes."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotation.commands import AddArgument, AddEvent, AddRelation, AddSpan, MarkDone, SetValue
from annotation.exporter import ExportOptions, export_jsonl
from annotation.importer import import_paths
from annotation.model import NewSpan, SpanStatus
from annotation.paths import seeds_path
from annotation.session import Session
from tests.annotation.conftest import SAMPLE, add_document

#: every document: these tests are about the shape, not which documents go in
ALL = ExportOptions(all_documents=True)


def lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def span(part: str, label: str, **kwargs: object) -> NewSpan:
    start = SAMPLE.index(part)
    return NewSpan(start, start + len(part), label, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def annotated(session: Session) -> Session:
    doc = add_document(session.store, published="2025-12-06", source="IANS", place="Seoul")
    run = session.execute
    modi = run(AddSpan(doc, span("Narendra Modi", "PERSON"))).added_span
    lee = run(AddSpan(doc, span("Lee Jae-myung", "PERSON"))).added_span
    when = run(AddSpan(doc, span("November 22", "DATE"))).added_span
    run(AddSpan(doc, span("Seoul", "GPE", status=SpanStatus.SUGGESTED, origin="model:m@1")))
    assert modi and lee and when
    run(SetValue(when, "2025-11-22"))
    run(AddRelation(modi, lee, "ALIAS_OF"))
    start = SAMPLE.index("met")
    (event,) = run(AddEvent("MEET", document=doc, trigger_span=(start, start + 3))).events
    run(AddArgument(event, "participant", modi))
    run(AddArgument(event, "time", when))
    add_document(session.store, "A second, untouched article.")
    return session


def test_primary_shape(annotated: Session, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert export_jsonl(annotated.store, annotated.schema, out, ALL) == 2
    first, second = lines(out)
    assert first["meta"]["published"] == "2025-12-06" and first["meta"]["place"] == "Seoul"
    assert isinstance(first["_input_hash"], int)
    assert first["tokens"][0] == {"text": "Narendra", "start": 0, "end": 8, "id": 0, "ws": True}
    assert [(s["label"], SAMPLE[s["start"] : s["end"]]) for s in first["spans"]] == [
        ("PERSON", "Narendra Modi"),
        ("PERSON", "Lee Jae-myung"),
        ("DATE", "November 22"),
    ]
    assert first["spans"][0]["token_start"] == 0 and first["spans"][0]["token_end"] == 1
    assert first["spans"][2]["value"] == "2025-11-22"
    (relation,) = first["relations"]
    assert relation["label"] == "ALIAS_OF" and relation["head"] == 1
    (event,) = first["events"]
    assert (
        event["type"] == "MEET"
        and SAMPLE[event["trigger"]["start"] : event["trigger"]["end"]] == "met"
    )
    assert [(a["role"], a["span"]["label"]) for a in event["arguments"]] == [
        ("participant", "PERSON"),
        ("time", "DATE"),
    ]
    assert "answer" not in first and second["spans"] == []


def test_options_suggestions_and_only_done(annotated: Session, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    export_jsonl(
        annotated.store,
        annotated.schema,
        out,
        ExportOptions(all_documents=True, include_suggestions=True),
    )
    spans = lines(out)[0]["spans"]
    assert {(s["status"], s["origin"]) for s in spans} >= {("suggested", "model:m@1")}
    assert all("status" in s for s in spans)
    annotated.execute(MarkDone(1))
    export_jsonl(annotated.store, annotated.schema, out, ExportOptions(only_done=True))
    (done,) = lines(out)
    assert done["answer"] == "accept" and len(done["spans"]) == 4  # Seoul accepted by done


def test_export_import_export_is_identical(annotated: Session, tmp_path: Path) -> None:
    import_paths(annotated, [seeds_path()])
    first = tmp_path / "first.jsonl"
    export_jsonl(annotated.store, annotated.schema, first, ALL)
    other = Session.open(tmp_path / "other.db")
    report = import_paths(other, [first])
    assert report.ok, report.errors
    second = tmp_path / "second.jsonl"
    export_jsonl(other.store, other.schema, second, ALL)
    assert first.read_bytes() == second.read_bytes()
    other.close()


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(
    annotated: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "keep.jsonl"
    out.write_bytes(b"previous export\n")

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("annotation.formats.jsonl.document_record", explode)
    with pytest.raises(RuntimeError):
        export_jsonl(annotated.store, annotated.schema, out, ALL)
    assert out.read_bytes() == b"previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")] == []
