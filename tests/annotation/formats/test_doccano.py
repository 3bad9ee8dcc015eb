"""doccano JSONL, both shapes: round trips, flattened events, and what is not guessed back."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotation.exporter import ExportOptions, export
from annotation.formats.base import FormatError
from annotation.importer import import_paths
from annotation.session import Session
from tests.annotation.formats.conftest import TEXT, import_ok, records, snapshot


def test_doccano_entities_round_trip_keeps_events_values_metadata_and_status(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "corpus.doccano.jsonl"
    export(annotated.store, annotated.schema, out, "doccano")
    import_ok(fresh, [out], "doccano")
    assert snapshot(fresh.store) == snapshot(annotated.store)


def test_doccano_entities_shape_flattens_events_to_triggers_and_role_relations(
    annotated: Session, tmp_path: Path
) -> None:
    out = tmp_path / "corpus.doccano.jsonl"
    export(annotated.store, annotated.schema, out, "doccano")
    first = records(out)[0]
    assert set(first) >= {"text", "entities", "relations", "title", "source", "url", "meta"}
    assert first["meta"] == {"file": "leaders.txt"}
    entities = {e["id"]: e for e in first["entities"]}
    met = next(e for e in entities.values() if e["label"] == "MEET")
    assert TEXT[met["start_offset"] : met["end_offset"]] == "met"
    roles = [
        (r["type"], TEXT[entities[r["to_id"]]["start_offset"] : entities[r["to_id"]]["end_offset"]])
        for r in first["relations"]
        if r["from_id"] == met["id"]
    ]
    assert roles == [
        ("participant", "Narendra Modi"),
        ("participant", "Lee Jae-myung"),
        ("place", "Jōhannesburg"),
        ("time", "22 November 2025"),
    ]
    (meet, _sign) = first["dateline"]["events"]
    assert meet["type"] == "MEET" and meet["attributes"]["context"] == "historical"
    assert first["dateline"]["status"] == "done"
    assert [v[3] for v in first["dateline"]["values"]] == ["2025-11-22", "2025-12-06"]


def test_flattened_events_are_not_guessed_back_without_the_dateline_key(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "plain.jsonl"
    export(annotated.store, annotated.schema, out, "doccano")
    stripped = []
    for record in records(out):
        record.pop("dateline", None)
        stripped.append(orjson.dumps(record))
    out.write_bytes(b"\n".join(stripped) + b"\n")
    report = import_paths(fresh, [out], fmt="doccano")
    assert report.documents == 0
    assert "relation label 'participant' is not in the schema" in report.errors[0]
    assert (
        "Dateline rebuilds them only from lines that list them under 'dateline'"
        in (report.errors[0])
    )


def test_doccano_label_shape_holds_entities_values_and_status(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "labels.jsonl"
    export(annotated.store, annotated.schema, out, "doccano", ExportOptions(doccano_shape="label"))
    first = records(out)[0]
    assert "entities" not in first and [TEXT[s:e] for s, e, _ in first["label"]][:2] == [
        "Narendra Modi",
        "Lee Jae-myung",
    ]
    import_ok(fresh, [out], "doccano")
    before, after = snapshot(annotated.store, entities_only=True), snapshot(fresh.store)
    for document in before:  # the label shape holds no relations or events
        document.update(relations=[], events=[])
    assert after == before


def test_doccano_format_refuses_lines_that_are_not_doccano(fresh: Session, tmp_path: Path) -> None:
    path = tmp_path / "prodigy.jsonl"
    path.write_bytes(orjson.dumps({"text": "KASA met.", "spans": []}) + b"\n")
    report = import_paths(fresh, [path], fmt="doccano")
    assert report.errors == [
        f"{path}:1: not a doccano record: expected 'text' with 'label' triples or 'entities'"
    ]
    assert import_paths(fresh, [path]).ok  # as plain jsonl it is fine


def test_doccano_export_refuses_span_statuses_it_cannot_hold(
    annotated: Session, tmp_path: Path
) -> None:
    with pytest.raises(FormatError, match="--include-suggestions works with jsonl"):
        export(
            annotated.store,
            annotated.schema,
            tmp_path / "x.jsonl",
            "doccano",
            ExportOptions(include_suggestions=True),
        )


@pytest.mark.parametrize("shape", ["entities", "label"])
def test_every_doccano_line_carries_the_same_keys(
    annotated: Session, tmp_path: Path, shape: str
) -> None:
    # doccano reads a file into one table: a key missing from some lines becomes NaN, which
    # its database refuses as metadata, and the whole file imports nothing (issue 16 item 1).
    # The three documents differ: custom metadata 'file', 'section' and none; a place or none;
    # events and values on one, none on the others.
    out = tmp_path / "corpus.doccano.jsonl"
    export(annotated.store, annotated.schema, out, "doccano", ExportOptions(doccano_shape=shape))
    lines = records(out)
    assert len(lines) == 3 and len({tuple(line) for line in lines}) == 1
    labels = ["entities", "relations"] if shape == "entities" else ["label"]
    assert list(lines[0]) == [
        "text",
        *labels,
        "title",
        "source",
        "url",
        "published",
        "place",
        "language",
        "meta",
        "dateline",
    ]
    desk = lines[2]
    assert (desk["source"], desk["place"], desk["meta"]) == (None, None, {})
    assert desk["dateline"] == {"status": "skipped"}
    assert "id" not in lines[0]  # doccano's own field: never written by Dateline


def test_doccano_ids_and_comments_are_kept_apart_not_written_back_as_metadata(
    fresh: Session, tmp_path: Path
) -> None:
    # What doccano 1.8 exports: its example id and comments beside the metadata columns.
    exported = tmp_path / "all.jsonl"
    line = {
        "id": 17,
        "text": "KASA met ISRO in Seoul.",
        "title": "Agencies",
        "section": "space",
        "entities": [{"id": 301, "label": "ORG", "start_offset": 0, "end_offset": 4}],
        "relations": [],
        "Comments": [{"id": 5, "comment": "check the date"}],
    }
    exported.write_bytes(orjson.dumps(line) + b"\n")
    import_ok(fresh, [exported], "doccano")
    document = fresh.store.document(1)
    assert document.meta == {
        "section": "space",
        "dateline_origin": {
            "tool": "doccano",
            "id": 17,
            "comments": [{"id": 5, "comment": "check the date"}],
        },
    }
    again = tmp_path / "again.jsonl"
    export(fresh.store, fresh.schema, again, "doccano")
    (written,) = records(again)
    assert "id" not in written and "Comments" not in written
    assert written["meta"]["dateline_origin"]["id"] == 17  # where it came from, as Dateline's
    # doccano gives the example a new id on the next round: that one is kept, not the stale 17.
    written["id"] = 42
    exported.write_bytes(orjson.dumps(written) + b"\n")
    other = Session.open(tmp_path / "other.db")
    try:
        import_ok(other, [exported], "doccano")
        assert other.store.document(1).meta["dateline_origin"] == {"tool": "doccano", "id": 42}
        assert other.store.document(1).meta["section"] == "space"
    finally:
        other.close()
