"""Imports: text files and folders, Prodigy and doccano JSONL; each file whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from annotation.commands import AddRelation, CommandError
from annotation.importer import import_paths
from annotation.model import DocStatus, SpanStatus
from annotation.paths import seeds_path
from annotation.session import Session


def write_jsonl(path: Path, *records: object) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def test_seed_folder_imports_every_article_with_metadata(session: Session) -> None:
    report = import_paths(session, [seeds_path()])
    assert report.ok and report.documents == len(list(seeds_path().glob("*.txt"))) >= 6
    docs = [session.store.document(i) for i in report.document_ids]
    sample = next(d for d in docs if d.source == "IANS")
    assert sample.published == "2025-12-06" and sample.place == "Seoul"
    assert sample.title.startswith("India, South Korea explore space cooperation")
    assert all("\r" not in d.text for d in docs)
    again = import_paths(session, [seeds_path()])
    assert again.documents == 0 and again.duplicates == report.documents


def test_crlf_is_normalised_once_and_offsets_are_code_points(
    session: Session, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_bytes("Title 🚀\r\n\r\nनरेंद्र मोदी met 이재명.\r\n".encode())
    report = import_paths(session, [tmp_path / "a.txt"])
    doc = session.store.document(report.document_ids[0])
    assert doc.text == "Title 🚀\n\nनरेंद्र मोदी met 이재명.\n"
    assert doc.title == "Title 🚀"
    # a JSONL span over the Hangul name, in code points, lands on those characters
    start = doc.text.index("이재명")
    write_jsonl(
        tmp_path / "b.jsonl",
        {"text": doc.text + "!", "spans": [{"start": start, "end": start + 3, "label": "PERSON"}]},
    )
    other = import_paths(session, [tmp_path / "b.jsonl"])
    (span,) = session.store.spans(other.document_ids[0])
    assert span.text_in(doc.text + "!") == "이재명"


def test_malformed_jsonl_line_names_file_and_line_and_imports_nothing_from_it(
    session: Session, tmp_path: Path
) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", {"text": "Fine article."})
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "First is fine."}\n{"text": "Second", \n{"text": "Third"}\n')
    report = import_paths(session, [good, bad])
    assert report.documents == 1 and report.files == 1
    (error,) = report.errors
    assert error.startswith(f"{bad}:2: not valid JSON")
    assert [d.title for d in session.store.documents()] == ["Fine article."]


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ({"start": 5, "end": 500, "label": "ORG"}, r"span 1 \(5-500 ORG\): outside the text"),
        ({"start": 9, "end": 4, "label": "ORG"}, r"span 1 \(9-4 ORG\): end is not after start"),
        ({"start": "a", "end": 4, "label": "ORG"}, "must be integers"),
        ({"start": 0, "end": 4}, "no label"),
    ],
)
def test_bad_offsets_are_reported_by_line_and_span(
    session: Session, tmp_path: Path, span: dict[str, object], message: str
) -> None:
    path = write_jsonl(
        tmp_path / "x.jsonl",
        {"text": "KASA and ISRO signed."},
        {"text": "A short text.", "spans": [span]},
    )
    report = import_paths(session, [path])
    assert report.documents == 0
    assert report.errors[0].startswith(f"{path}:2: ")
    assert len(report.errors) == 1 and __import__("re").search(message, report.errors[0])


def test_overlapping_accepted_spans_are_refused(session: Session, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "o.jsonl",
        {
            "text": "Narendra Modi met Lee.",
            "spans": [
                {"start": 0, "end": 13, "label": "PERSON"},
                {"start": 9, "end": 17, "label": "ORG"},
            ],
        },
    )
    report = import_paths(session, [path])
    assert "span 1 (0-13 PERSON) and span 2 (9-17 ORG) overlap" in report.errors[0]


def test_unknown_labels_are_refused_with_the_list_or_added_on_request(
    session: Session, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "l.jsonl",
        {"text": "The MV Ever Given sailed.", "spans": [{"start": 4, "end": 17, "label": "SHIP"}]},
    )
    report = import_paths(session, [path])
    assert "labels not in the schema 'news': SHIP (first at" in report.errors[0]
    assert "PERSON, ORG" in report.errors[0]
    report = import_paths(session, [path], add_labels=True)
    assert report.ok and report.new_labels == ["SHIP"]
    assert session.schema.knows("SHIP")
    reopened = Session.open(session.store.path)
    assert reopened.schema.knows("SHIP")
    reopened.close()


def test_prodigy_shape_with_relations_and_answer(session: Session, tmp_path: Path) -> None:
    text = "KASA and ISRO signed an MoU."
    path = write_jsonl(
        tmp_path / "p.jsonl",
        {
            "text": text,
            "meta": {"title": "Space", "source": "IANS", "section": "science"},
            "spans": [
                {"start": 0, "end": 4, "label": "ORG"},
                {"start": 9, "end": 13, "label": "ORG"},
            ],
            "relations": [
                {
                    "head": 0,
                    "child": 2,
                    "label": "PART_OF",
                    "head_span": {"start": 0, "end": 4},
                    "child_span": {"start": 9, "end": 13},
                }
            ],
            "answer": "accept",
        },
    )
    report = import_paths(session, [path])
    (doc_id,) = report.document_ids
    doc = session.store.document(doc_id)
    assert (doc.title, doc.source, doc.meta, doc.status) == (
        "Space",
        "IANS",
        {"section": "science"},
        DocStatus.DONE,
    )
    spans = session.store.spans(doc_id)
    assert all(s.status is SpanStatus.ACCEPTED and s.origin == "import:jsonl" for s in spans)
    (relation,) = session.store.relations(doc_id)
    assert (relation.head, relation.child, relation.label) == (spans[0].id, spans[1].id, "PART_OF")


def test_both_doccano_shapes(session: Session, tmp_path: Path) -> None:
    text = "Lee Jae-myung visited Seoul."
    path = write_jsonl(
        tmp_path / "d.jsonl",
        {"id": 7, "text": text, "label": [[0, 13, "PERSON"], [22, 27, "GPE"]]},
        {
            "text": text + " Again.",
            "entities": [
                {"id": 1, "start_offset": 0, "end_offset": 13, "label": "PERSON"},
                {"id": 2, "start_offset": 22, "end_offset": 27, "label": "GPE"},
            ],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "AFFILIATION"}],
        },
    )
    report = import_paths(session, [path])
    first, second = report.document_ids
    assert [s.label for s in session.store.spans(first)] == ["PERSON", "GPE"]
    assert session.store.spans(first)[0].origin == "import:doccano"
    # doccano's own example id is where the document came from, not metadata of Dateline's
    assert session.store.document(first).meta == {"dateline_origin": {"tool": "doccano", "id": 7}}
    assert session.store.relations(second)[0].label == "AFFILIATION"


def test_invalid_utf8_is_reported_with_line_and_a_hint(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café society\nSão Paulo’s mayor".encode("cp1252"))
    report = import_paths(session, [path])
    assert report.documents == 0
    assert report.errors[0].startswith(f"{path}:1: not valid UTF-8: byte 0xe9 at line 1, column 4")
    assert "--encoding cp1252" in report.errors[0]
    report = import_paths(session, [path], encoding="cp1252")
    assert session.store.document(report.document_ids[0]).text.startswith("Café society")


def test_binary_and_empty_files_are_refused(session: Session, tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    report = import_paths(session, [tmp_path / "blob.txt", tmp_path / "empty.txt"])
    assert report.documents == 0
    assert "binary file" in report.errors[0] and "empty" in report.errors[1]


def test_imported_dates_get_calendar_values_from_the_publication_date(
    session: Session, tmp_path: Path
) -> None:
    text = "The ministers met on Tuesday and will meet again in January."
    spans = [
        {"start": text.index("Tuesday"), "end": text.index("Tuesday") + 7, "label": "DATE"},
        {"start": text.index("January"), "end": text.index("January") + 7, "label": "DATE"},
    ]
    path = write_jsonl(
        tmp_path / "v.jsonl", {"text": text, "meta": {"published": "2025-12-06"}, "spans": spans}
    )
    report = import_paths(session, [path])
    values = [s.value for s in session.store.spans(report.document_ids[0])]
    assert values[0] == "2025-12-02"  # the most recent Tuesday
    assert values[1] is not None and values[1].startswith("202")


def test_a_publication_date_that_is_not_iso_is_refused(session: Session, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", {"text": "Text.", "meta": {"published": "Dec 6"}})
    report = import_paths(session, [path])
    assert report.documents == 0
    assert report.errors == [
        f"{path}:1: publication date 'Dec 6' is not an ISO date (YYYY-MM-DD) or datetime "
        "(YYYY-MM-DDTHH:MM, with or without offset)"
    ]


_TEXT = "Moon met Lee in Seoul."
_MOON = {"start": 0, "end": 4, "label": "PERSON"}
_LEE = {"start": 9, "end": 12, "label": "PERSON"}
_SEOUL = {"start": 16, "end": 21, "label": "GPE"}
_MET = {"start": 5, "end": 8}


def _relation(head: dict[str, object], child: dict[str, object], label: str) -> dict[str, object]:
    return {"head_span": head, "child_span": child, "label": label}


def _meet(*arguments: tuple[str, dict[str, object]]) -> dict[str, object]:
    return {
        "type": "MEET",
        "trigger": _MET,
        "arguments": [{"role": role, "span": span} for role, span in arguments],
    }


@pytest.mark.parametrize(
    ("record", "refusal"),
    [
        (
            {"spans": [_MOON, _LEE], "relations": [_relation(_MOON, _MOON, "ALIAS_OF")]},
            "a relation links two different spans (span 1 to itself)",
        ),
        (
            {
                "spans": [_MOON, _LEE],
                "relations": [_relation(_MOON, _LEE, "ALIAS_OF")] * 2,
            },
            "that ALIAS_OF relation already exists",
        ),
        (
            {
                "spans": [_MOON, {**_LEE, "status": "rejected"}],
                "relations": [_relation(_MOON, _LEE, "ALIAS_OF")],
            },
            "span 2 is rejected, and a rejected span has no relations",
        ),
        (
            {"spans": [_MOON, _LEE], "events": [_meet(("participant", _MOON))] * 2},
            "that span already triggers a MEET event (span 3)",
        ),
        (
            {"spans": [_MOON, _LEE], "events": [_meet(("participant", _MOON))] * 1},
            None,
        ),
        (
            {"spans": [_MOON], "events": [_meet(("participant", _MOON), ("participant", _MOON))]},
            "that span is already the participant of this event",
        ),
        (
            {
                "spans": [_MOON, {**_SEOUL, "status": "rejected"}],
                "events": [_meet(("participant", _MOON), ("place", _SEOUL))],
            },
            "span 2 is rejected, and a rejected span has no relations",
        ),
        (
            {"spans": [_MOON, _SEOUL, {**_SEOUL, "start": 13, "end": 15, "label": "GPE"}]},
            None,
        ),
    ],
    ids=[
        "self-relation",
        "duplicate-relation",
        "relation-to-rejected",
        "two-events-one-trigger",
        "one-event",
        "duplicate-argument",
        "argument-rejected",
        "plain-spans",
    ],
)
def test_imports_refuse_the_links_the_editor_refuses(
    session: Session, tmp_path: Path, record: dict[str, object], refusal: str | None
) -> None:
    path = write_jsonl(tmp_path / "links.jsonl", {"text": _TEXT, **record})
    report = import_paths(session, [path])
    if refusal is None:
        assert (report.documents, report.errors) == (1, [])
        return
    assert report.documents == 0
    (error,) = report.errors
    assert error.startswith(f"{path}:1: {refusal}"), error


def test_an_import_and_the_editor_refuse_a_self_relation_in_the_same_words(
    session: Session, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "self.jsonl",
        {"text": _TEXT, "spans": [_MOON], "relations": [_relation(_MOON, _MOON, "ALIAS_OF")]},
    )
    (error,) = import_paths(session, [path]).errors
    plain = write_jsonl(tmp_path / "plain.jsonl", {"text": _TEXT, "spans": [_MOON]})
    (doc_id,) = import_paths(session, [plain]).document_ids
    (moon,) = session.store.spans(doc_id)
    with pytest.raises(CommandError) as refused:
        session.execute(AddRelation(moon.id, moon.id, "ALIAS_OF"))
    assert str(refused.value) in error


@pytest.mark.parametrize(
    ("entities", "relation", "refusal"),
    [
        ([(1, _MOON), (2, _SEOUL)], (1, 2, "LOCATED_IN"), "LOCATED_IN does not link PERSON to GPE"),
        ([(1, _MOON), (1, _LEE)], (1, 1, "ALIAS_OF"), "entity 2: id 1 is already entity 1's"),
    ],
    ids=["relation-whose-ends-the-schema-refuses", "duplicate-entity-ids-not-made-a-self-loop"],
)
def test_doccano_relations_that_cannot_be_imported_are_refused(
    session: Session,
    tmp_path: Path,
    entities: list[tuple[int, dict[str, Any]]],
    relation: tuple[int, int, str],
    refusal: str,
) -> None:
    head, child, kind = relation
    record = {
        "text": _TEXT,
        "entities": [
            {"id": n, "start_offset": s["start"], "end_offset": s["end"], "label": s["label"]}
            for n, s in entities
        ],
        "relations": [{"id": 1, "from_id": head, "to_id": child, "type": kind}],
    }
    path = write_jsonl(tmp_path / "doccano.jsonl", record)
    report = import_paths(session, [path])
    assert report.documents == 0
    (error,) = report.errors
    assert error.startswith(f"{path}:1: {refusal}"), error
