"""Label Studio JSON tasks: the shape Label Studio documents, round trips, and its own exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from annotation.commands import AddSpan
from annotation.exporter import export
from annotation.formats.labelstudio import label_config
from annotation.importer import import_paths
from annotation.model import DocStatus, NewSpan, SpanStatus
from annotation.session import Session
from tests.annotation.formats.conftest import TEXT, TYPHOON, import_ok, snapshot

BOTH = (SpanStatus.ACCEPTED, SpanStatus.SUGGESTED)


def tasks(path: Path) -> list[dict[str, Any]]:
    loaded = orjson.loads(path.read_bytes())
    assert isinstance(loaded, list)
    return loaded


def suggest(session: Session) -> None:
    """A scored suggestion on the in-progress document (the fixture's has no score)."""
    start = TYPHOON.index("Typhoon")
    session.execute(
        AddSpan(
            2,
            NewSpan(
                start, start + 7, "ORG", SpanStatus.SUGGESTED, "model:en_core_web_sm@3.8.0", 0.73
            ),
        )
    )


def test_tasks_have_the_shape_label_studio_documents(annotated: Session, tmp_path: Path) -> None:
    suggest(annotated)
    out = tmp_path / "corpus.json"
    report = export(annotated.store, annotated.schema, out)
    assert report.format == "labelstudio" and report.outputs == [(out, 3)]
    leaders, typhoon, desk = tasks(out)
    # every task carries the same data keys; Label Studio's own fields (id) are not written
    assert {tuple(task["data"]) for task in (leaders, typhoon, desk)} == {
        ("text", "title", "source", "url", "published", "place", "language", "meta", "dateline")
    }
    assert all("id" not in task for task in (leaders, typhoon, desk))
    assert leaders["data"]["text"] == TEXT and leaders["data"]["meta"] == {"file": "leaders.txt"}
    (annotation,) = leaders["annotations"]
    assert annotation["was_cancelled"] is False
    regions = {r["id"]: r for r in annotation["result"] if r["type"] == "labels"}
    for region in regions.values():  # a `labels` result over a Text tag, character offsets
        assert set(region) == {"id", "from_name", "to_name", "type", "value"}
        value = region["value"]
        assert set(value) == {"start", "end", "text", "labels"}
        assert TEXT[value["start"] : value["end"]] == value["text"]
    shown = {(r["value"]["text"], r["value"]["labels"][0]) for r in regions.values()}
    assert {("이재명", "PERSON"), ("met", "MEET"), ("22 November 2025", "DATE")} <= shown
    assert ("MoU", "LAW") not in shown  # rejected: neither annotation nor prediction
    relations = [r for r in annotation["result"] if r["type"] == "relation"]
    for relation in relations:
        assert set(relation) == {"from_id", "to_id", "type", "direction", "labels"}
        assert relation["from_id"] in regions and relation["to_id"] in regions
    named = {
        (
            regions[r["from_id"]]["value"]["text"],
            r["labels"][0],
            regions[r["to_id"]]["value"]["text"],
        )
        for r in relations
    }
    assert ("KASA", "LOCATED_IN", "Seoul") in named and ("met", "time", "22 November 2025") in named
    assert "predictions" not in leaders
    meet = leaders["data"]["dateline"]["events"][0]
    assert meet["type"] == "MEET" and meet["attributes"]["polarity"] == "positive"
    assert leaders["data"]["dateline"]["status"] == "done"
    # pending suggestions are predictions, one per model, each region with its score
    second, first = typhoon["predictions"]  # in the order of the spans
    assert (first["model_version"], second["model_version"]) == ("m@1", "en_core_web_sm@3.8.0")
    (agency,) = first["result"]
    assert agency["value"]["text"] == "agency" and agency["value"]["labels"] == ["ORG"]
    assert "score" not in agency["value"] and "score" not in first  # the model gave none
    (scored,) = second["result"]
    assert (scored["value"]["text"], scored["value"]["score"], second["score"]) == (
        "Typhoon",
        0.73,
        0.73,
    )
    ids = [r["id"] for r in typhoon["annotations"][0]["result"] if "id" in r]
    assert agency["id"] not in ids  # ids unique within a task, as Label Studio asks
    # the skipped document: a cancelled annotation, so Label Studio counts it as skipped
    assert desk["annotations"] == [{"result": [], "was_cancelled": True, "ground_truth": False}]


def test_labelstudio_round_trip_keeps_spans_suggestions_relations_events_values_and_status(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    suggest(annotated)
    out = tmp_path / "corpus.json"
    export(annotated.store, annotated.schema, out, "labelstudio")
    import_ok(fresh, [out])
    assert snapshot(fresh.store, BOTH) == snapshot(annotated.store, BOTH)
    suggestions = fresh.store.spans(2, [SpanStatus.SUGGESTED])
    assert sorted((s.origin, s.score) for s in suggestions) == [
        ("model:en_core_web_sm@3.8.0", 0.73),
        ("model:m@1", None),
    ]


#: a task as Label Studio 1.23 exports it (its JSON export), with two annotators
EXPORTED = {
    "id": 31,
    "data": {"text": "KASA met ISRO in Seoul.", "title": "Agencies", "desk": "space"},
    "annotations": [
        {
            "id": 7,
            "completed_by": 1,
            "result": [
                {
                    "value": {"start": 0, "end": 4, "text": "KASA", "labels": ["ORG"]},
                    "id": "a1",
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "origin": "manual",
                }
            ],
            "was_cancelled": False,
            "ground_truth": False,
            "created_at": "2026-01-05T10:00:00.000000Z",
            "updated_at": "2026-01-05T10:00:00.000000Z",
            "lead_time": 3.2,
        },
        {
            "id": 8,
            "completed_by": 2,
            "result": [
                {
                    "value": {"start": 0, "end": 4, "text": "KASA", "labels": ["ORG"]},
                    "id": "b1",
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "origin": "manual",
                },
                {
                    "value": {"start": 17, "end": 22, "text": "Seoul", "labels": ["GPE"]},
                    "id": "b2",
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "origin": "prediction",
                },
                {
                    "from_id": "b2",
                    "to_id": "b1",
                    "type": "relation",
                    "direction": "left",
                    "labels": ["LOCATED_IN"],
                },
                {
                    "value": {"choices": ["relevant"]},
                    "id": "c1",
                    "from_name": "relevance",
                    "to_name": "text",
                    "type": "choices",
                },
            ],
            "was_cancelled": False,
            "ground_truth": False,
            "created_at": "2026-01-06T10:00:00.000000Z",
            "updated_at": "2026-01-06T11:00:00.000000Z",
        },
    ],
    "predictions": [
        {
            "id": 3,
            "model_version": "ner-v2",
            "score": 0.5,
            "result": [
                {
                    "value": {
                        "start": 9,
                        "end": 13,
                        "text": "ISRO",
                        "labels": ["ORG"],
                        "score": 0.8,
                    },
                    "id": "p1",
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                }
            ],
        }
    ],
    "drafts": [],
    "meta": {},
    "inner_id": 1,
    "total_annotations": 2,
}


def test_a_label_studio_export_imports_with_its_ids_kept_apart(
    fresh: Session, tmp_path: Path
) -> None:
    path = tmp_path / "project-1-at-2026-01-06.json"
    path.write_bytes(orjson.dumps([EXPORTED]))
    import_ok(fresh, [path])
    document = fresh.store.document(1)
    assert document.status is DocStatus.DONE  # a submitted annotation
    assert document.title == "Agencies"
    # the annotation last updated is read; Label Studio's ids, the annotator and the result
    # Dateline has no place for are kept apart, never as the document's metadata
    assert document.meta == {
        "desk": "space",
        "dateline_origin": {
            "tool": "labelstudio",
            "id": 31,
            "annotation": 8,
            "annotator": 2,
            "annotations": 2,
            "results": [EXPORTED["annotations"][1]["result"][3]],  # type: ignore[index]
        },
    }
    (relation,) = fresh.store.relations(1)
    spans = {s.id: s for s in fresh.store.spans(1, BOTH)}
    assert (spans[relation.head].label, spans[relation.child].label) == ("ORG", "GPE")
    (isro,) = [s for s in spans.values() if s.status is SpanStatus.SUGGESTED]
    assert (TEXT_OF(isro), isro.score, isro.origin) == ("ISRO", 0.8, "model:ner-v2")


def TEXT_OF(span: Any) -> str:
    return str(EXPORTED["data"]["text"])[span.start : span.end]  # type: ignore[index]


def test_cancelled_annotations_make_a_skipped_document_that_keeps_its_regions(
    fresh: Session, tmp_path: Path
) -> None:
    # Label Studio keeps the result of a skipped (cancelled) annotation in its export.
    region = {
        "value": {"start": 16, "end": 21, "text": "Seoul", "labels": ["GPE"]},
        "id": "r1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
    }
    skipped = {
        "data": {"text": "Nothing here in Seoul."},
        "annotations": [{"id": 4, "result": [region], "was_cancelled": True}],
    }
    truth = dict(EXPORTED)
    truth["annotations"] = [
        {**EXPORTED["annotations"][0], "ground_truth": True},  # type: ignore[index]
        EXPORTED["annotations"][1],  # type: ignore[index]
    ]
    truth.pop("predictions")
    path = tmp_path / "two.json"
    path.write_bytes(orjson.dumps([skipped, truth]))
    import_ok(fresh, [path])
    assert fresh.store.document(1).status is DocStatus.SKIPPED
    assert [(s.start, s.end, s.label) for s in fresh.store.spans(1)] == [(16, 21, "GPE")]
    # the ground truth wins over the annotation updated last
    assert [(s.start, s.end) for s in fresh.store.spans(2, BOTH)] == [(0, 4)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"value": {"start": 1, "end": 5, "text": "KASA", "labels": ["ORG"]}},
            "task 1: annotation 7 result a1 (1-5 ORG): its text 'KASA' is not the text at those "
            "offsets ('ASA ')",
        ),
        (
            {"value": {"start": 0, "end": 4, "labels": ["ORG", "GPE"]}},
            "task 1: annotation 7 result a1: expected one label in value.labels",
        ),
        (
            {"type": "hypertextlabels"},
            "task 1: annotation 7 result a1: result type 'hypertextlabels' is not one Dateline "
            "reads",
        ),
    ],
)
def test_label_studio_results_dateline_cannot_read_are_refused_naming_the_task(
    fresh: Session, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    annotation = dict(EXPORTED["annotations"][0])  # type: ignore[index]
    annotation["result"] = [{**annotation["result"][0], **change}]
    task = {"id": 31, "data": EXPORTED["data"], "annotations": [annotation]}
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps([task]))
    report = import_paths(fresh, [path])
    assert report.documents == 0
    assert report.errors[0].startswith(f"{path}: {message}")


def test_a_json_file_that_is_not_label_studio_tasks_is_refused(
    fresh: Session, tmp_path: Path
) -> None:
    path = tmp_path / "min.json"
    path.write_bytes(orjson.dumps([{"text": "KASA met.", "label": []}]))
    report = import_paths(fresh, [path])
    assert report.errors == [f"{path}: task 1: not a Label Studio task: it needs a 'data' object"]


def test_the_label_config_names_every_label_and_relation_of_the_schema(session: Session) -> None:
    config = label_config(session.schema)
    for label in (*session.schema.label_names, "MEET", "SIGN_AGREEMENT"):
        assert f'<Label value="{label}"/>' in config
    for name in ("LOCATED_IN", "ALIAS_OF", "participant", "time"):
        assert f'<Relation value="{name}"/>' in config
    assert '<Text name="text" value="$text"/>' in config


def test_predictions_listed_by_id_only_are_kept_as_ids(fresh: Session, tmp_path: Path) -> None:
    # Label Studio's quick export (GET .../export?exportType=JSON) lists predictions by id.
    task = {"id": 31, "data": EXPORTED["data"], "annotations": [], "predictions": [5, 6]}
    path = tmp_path / "quick.json"
    path.write_bytes(orjson.dumps([task]))
    import_ok(fresh, [path])
    assert fresh.store.spans(1, BOTH) == []
    assert fresh.store.document(1).meta["dateline_origin"] == {
        "tool": "labelstudio",
        "id": 31,
        "predictions": [5, 6],
    }
