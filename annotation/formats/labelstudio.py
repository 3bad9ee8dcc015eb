"""Label Studio's JSON tasks: export for a Text + Labels (+ Relations) project, and import of
Label Studio's own JSON export.

A file is one JSON array of tasks (Label Studio's "JSON" export and import format):

    {"data": {"text": ..., "title": ..., "meta": {...}, "dateline": {...}},
     "annotations": [{"result": [...], "was_cancelled": false, "ground_truth": false}],
     "predictions": [{"model_version": "en_core_web_sm@3.8.0", "score": 0.7, "result": [...]}]}

- An accepted span is a `labels` result: `{"id", "from_name": "label", "to_name": "text",
  "type": "labels", "value": {"start", "end", "text", "labels": [LABEL]}}`. Offsets count code
  points, as Label Studio has since 2022 (its `value.text` is checked against them on import).
- A relation is a `relation` result: `{"from_id", "to_id", "type": "relation", "direction":
  "right", "labels": [LABEL]}` between two regions of the same annotation.
- Pending suggestions are `predictions`, one per model, each region with its `score`.
- Events have no place in Label Studio: as in the doccano export, a trigger is a region labelled
  with the event type and each argument a relation from the trigger labelled with the role; the
  events themselves, calendar values, notes and the document's status are in `data.dateline`,
  which Label Studio keeps with the task. On import, events are rebuilt only from there.
- The document fields (title, source, url, published, place, language) are `data` keys, the
  custom metadata is `data.meta`; every task carries the same keys.

Import takes per task the ground-truth annotation, else the one last updated; a task with only
cancelled (skipped) annotations is a skipped document with the regions of the last of them.
Label Studio's own ids, the annotator and any result Dateline has no place for (choices, text
areas) are kept under the document's `dateline_origin`, never as metadata; so are the ids of
predictions that Label Studio's quick export lists without their results (an export snapshot
with full predictions brings them as suggestions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from annotation.formats import dateline_block
from annotation.formats.base import (
    DocumentData,
    ExportOptions,
    FormatError,
    Located,
    WriteResult,
    decode_bytes,
)
from annotation.formats.files import CORPUS, read_input
from annotation.formats.records import META_KEYS, build_document, check_offsets
from annotation.model import DocStatus, NewDocument, NewSpan, Span, SpanStatus
from annotation.schema import Schema

#: the names the labelling config gives its tags (`<Labels name="label" toName="text">`)
FROM_NAME = "label"
TO_NAME = "text"
EXTRA_KEY = "dateline"
ORIGIN = "import:labelstudio"
#: result types that carry no text regions Dateline could read, and are kept as they are
_REGIONLESS = frozenset({"choices", "textarea", "rating", "number", "datetime", "taxonomy"})


def label_config(schema: Schema) -> str:
    """A Label Studio labelling config for the schema: its labels and event types as Labels,
    its relations and event roles as Relations, over `$text`."""
    labels = [*schema.label_names, *(event.type for event in schema.events)]
    relations = [relation.name for relation in schema.relations]
    for event in schema.events:
        relations.extend(role.name for role in event.roles)
    lines = ["<View>", "  <Relations>"]
    lines += [f'    <Relation value="{name}"/>' for name in dict.fromkeys(relations)]
    lines += ["  </Relations>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    lines += [f'    <Label value="{name}"/>' for name in dict.fromkeys(labels)]
    lines += ["  </Labels>", f'  <Text name="{TO_NAME}" value="$text"/>', "</View>"]
    return "\n".join(lines) + "\n"


# -- writing ------------------------------------------------------------------------------------


def _region(span: Span, text: str, region_id: str, *, score: bool = False) -> dict[str, Any]:
    value: dict[str, Any] = {
        "start": span.start,
        "end": span.end,
        "text": text[span.start : span.end],
        "labels": [span.label],
    }
    if score and span.score is not None:
        value["score"] = span.score
    return {
        "id": region_id,
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "value": value,
    }


def _relation(head: str, child: str, label: str) -> dict[str, Any]:
    return {
        "from_id": head,
        "to_id": child,
        "type": "relation",
        "direction": "right",
        "labels": [label],
    }


def model_version(origin: str) -> str:
    """What Label Studio calls a suggestion's model: `model:m@1` -> `m@1`."""
    return origin.removeprefix("model:")


def task_record(data: DocumentData) -> dict[str, Any]:
    """One document as a Label Studio task."""
    doc = data.document
    text = doc.text
    accepted = [s for s in data.spans if s.status is SpanStatus.ACCEPTED]
    suggested = [s for s in data.spans if s.status is SpanStatus.SUGGESTED]
    ids = {span.id: f"s{span.id}" for span in accepted}
    result: list[dict[str, Any]] = [_region(span, text, ids[span.id]) for span in accepted]
    result += [
        _relation(ids[r.head], ids[r.child], r.label)
        for r in data.relations
        if r.head in ids and r.child in ids
    ]
    events = dateline_block.event_entries(
        data,
        (event for event in data.events if event.trigger in ids),
        ids,
        lambda trigger, span, role: result.append(_relation(ids[trigger.id], ids[span.id], role)),
    )
    extra: dict[str, Any] = {
        "status": doc.status.value,
        "values": [[s.start, s.end, s.label, s.value] for s in accepted if s.value is not None],
        "notes": [[s.start, s.end, s.label, s.note] for s in accepted if s.note],
        "events": events,
    }
    task_data: dict[str, Any] = {"text": text}
    for key in META_KEYS:
        task_data[key] = getattr(doc, key)
    task_data["meta"] = dict(doc.meta)
    task_data[EXTRA_KEY] = extra
    task: dict[str, Any] = {"data": task_data}
    reviewed = doc.status in (DocStatus.DONE, DocStatus.SKIPPED)
    if result or reviewed:
        task["annotations"] = [
            {
                "result": result,
                "was_cancelled": doc.status is DocStatus.SKIPPED,
                "ground_truth": False,
            }
        ]
    by_model: dict[str, list[Span]] = defaultdict(list)
    for span in suggested:
        by_model[model_version(span.origin)].append(span)
    predictions = []
    for version, spans in by_model.items():
        scores = [s.score for s in spans if s.score is not None]
        prediction: dict[str, Any] = {
            "model_version": version,
            "result": [_region(s, text, f"p{s.id}", score=True) for s in spans],
        }
        if scores:
            prediction["score"] = round(sum(scores) / len(scores), 6)
        predictions.append(prediction)
    if predictions:
        task["predictions"] = predictions
    return task


def write(
    items: Iterable[DocumentData], out: Path, schema: Schema, options: ExportOptions
) -> WriteResult:
    """The registry's writer: one JSON array of tasks, a task per line inside it."""
    result = WriteResult()
    with out.open("wb") as handle:
        handle.write(b"[")
        for data in items:
            handle.write(b"\n" if not result.documents else b",\n")
            handle.write(orjson.dumps(task_record(data)))
            result.documents += 1
            result.spans += len(data.spans)
        handle.write(b"\n]\n")
    return result


# -- reading ------------------------------------------------------------------------------------


def read(path: Path, encoding: str | None, schema: Schema) -> list[Located]:
    """The registry's reader: every task of a Label Studio JSON export (or import file)."""
    text = decode_bytes(read_input(path, CORPUS), path, encoding)
    try:
        tasks = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON ({exc})", path=path) from exc
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list) or not tasks:
        raise FormatError(
            "expected Label Studio's JSON export: an array of tasks with 'data' (export the "
            "project as JSON, not JSON-MIN or CSV)",
            path=path,
        )
    located = []
    for number, task in enumerate(tasks, 1):
        where = f"task {number}"
        try:
            document = parse_task(task)
        except FormatError as exc:
            raise FormatError(f"{where}: {exc}", path=path) from exc
        except (TypeError, ValueError, KeyError) as exc:
            raise FormatError(f"{where}: unexpected shape: {exc!r}", path=path) from exc
        located.append(Located(path, None, document, where))
    return located


def parse_task(task: Any) -> NewDocument:
    """One Label Studio task as a document."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise FormatError("not a Label Studio task: it needs a 'data' object")
    data = task["data"]
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise FormatError(
            "no data.text (a non-empty string): Dateline reads the text of a Text tag whose "
            "value is $text"
        )
    if "\r" in text:
        raise FormatError(
            "the text has CR line endings: its offsets would not survive normalising them"
        )
    extra = data.get(EXTRA_KEY) or {}
    if not isinstance(extra, dict):
        raise FormatError(f"data.{EXTRA_KEY} must be an object")
    chosen, cancelled, count = _annotation(task.get("annotations") or [])
    spans: list[NewSpan] = []
    relations: list[tuple[int, int, str]] = []
    kept: list[Any] = []
    if chosen is not None:
        where = f"annotation {chosen.get('id', '')}".rstrip()
        region_index = _regions(text, chosen.get("result") or [], where, spans, kept)
        relations = _relations(chosen.get("result") or [], region_index, where)
    listed: list[Any] = []
    for prediction in task.get("predictions") or []:
        if isinstance(prediction, int) and not isinstance(prediction, bool):
            listed.append(prediction)  # the quick export names predictions by id only
        else:
            _predictions(text, prediction, spans)
    spans = dateline_block.with_values_and_notes(extra, spans, _find, f"data.{EXTRA_KEY}")
    events, relations = dateline_block.events(extra, spans, relations, _find, f"data.{EXTRA_KEY}")
    status = _status(extra, chosen, cancelled)
    columns = {key: value for key, value in data.items() if key not in ("text", "meta", EXTRA_KEY)}
    record = {"meta": data.get("meta") or {}}
    origin: dict[str, Any] = {"tool": "labelstudio"}
    if "id" in task:
        origin["id"] = task["id"]
    if chosen is not None:
        for key, name in (("id", "annotation"), ("completed_by", "annotator")):
            if chosen.get(key) is not None:
                origin[name] = chosen[key]
    if count > 1:
        origin["annotations"] = count
    if kept:
        origin["results"] = kept
    if listed:
        origin["predictions"] = listed
    return build_document(
        record, text, spans, relations, events, columns, status, origin if len(origin) > 1 else None
    )


def _annotation(annotations: Any) -> tuple[dict[str, Any] | None, bool, int]:
    """The annotation to read and whether it was cancelled (skipped), and how many there are.

    A submitted one wins: the ground truth, else the one updated last. Without one, the last
    cancelled annotation is read: a skipped document keeps the regions it had.
    """
    if not isinstance(annotations, list):
        raise FormatError("'annotations' must be a list")
    usable = [a for a in annotations if isinstance(a, dict)]
    submitted = [a for a in usable if not a.get("was_cancelled")]
    pool = [a for a in submitted if a.get("ground_truth")] or submitted or usable
    if not pool:
        return None, False, len(annotations)
    chosen = max(enumerate(pool), key=lambda item: (str(item[1].get("updated_at") or ""), item[0]))[
        1
    ]
    return chosen, bool(chosen.get("was_cancelled")), len(annotations)


def _label_of(value: dict[str, Any], where: str) -> str:
    labels = value.get("labels")
    if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
        raise FormatError(f"{where}: expected one label in value.labels, got {labels!r}")
    label: str = labels[0]
    return label


def _region_span(text: str, item: dict[str, Any], where: str, **kwargs: Any) -> NewSpan:
    value = item.get("value")
    if not isinstance(value, dict):
        raise FormatError(f"{where}: a labels result needs a 'value' object")
    start, end, label = check_offsets(
        text, value.get("start"), value.get("end"), _label_of(value, where), where
    )
    shown = value.get("text")
    if isinstance(shown, str) and shown != text[start:end]:
        raise FormatError(
            f"{where} ({start}-{end} {label}): its text {shown!r} is not the text at those "
            f"offsets ({text[start:end]!r}); older Label Studios counted UTF-16 units after an "
            "emoji: re-export from a current one"
        )
    return NewSpan(start, end, label, **kwargs)


def _regions(
    text: str, result: Any, where: str, spans: list[NewSpan], kept: list[Any]
) -> dict[str, int]:
    """Add the annotation's labelled regions to `spans`; returns region id -> span index."""
    if not isinstance(result, list):
        raise FormatError(f"{where}: 'result' must be a list")
    index: dict[str, int] = {}
    for number, item in enumerate(result, 1):
        at = f"{where} result {item.get('id', number) if isinstance(item, dict) else number}"
        if not isinstance(item, dict):
            raise FormatError(f"{at}: must be an object")
        kind = item.get("type")
        if kind == "labels":
            index[str(item.get("id"))] = len(spans)
            spans.append(_region_span(text, item, at, origin=ORIGIN))
        elif kind == "relation":
            continue
        elif kind in _REGIONLESS:
            kept.append(item)
        else:
            raise FormatError(
                f"{at}: result type {kind!r} is not one Dateline reads (labels over a Text "
                "tag, and relations)"
            )
    return index


def _relations(result: list[Any], index: dict[str, int], where: str) -> list[tuple[int, int, str]]:
    relations: list[tuple[int, int, str]] = []
    for item in result:
        if not isinstance(item, dict) or item.get("type") != "relation":
            continue
        head, child = str(item.get("from_id")), str(item.get("to_id"))
        labels = item.get("labels") or []
        if head not in index or child not in index:
            raise FormatError(f"{where}: a relation names a region ({head} or {child}) it lacks")
        if not labels:
            raise FormatError(
                f"{where}: the relation {head} -> {child} has no label; Dateline's relations "
                "are labelled (add <Relation value=...> to the config and pick one)"
            )
        if item.get("direction") == "left":
            head, child = child, head
        relations.extend((index[head], index[child], str(label)) for label in labels)
    return relations


def _predictions(text: str, prediction: Any, spans: list[NewSpan]) -> None:
    """A prediction's labelled regions as pending suggestions with their scores."""
    if not isinstance(prediction, dict):
        raise FormatError("a prediction must be an object")
    version = str(prediction.get("model_version") or "")
    origin = (version if ":" in version else f"model:{version}") if version else ORIGIN
    overall = prediction.get("score")
    for number, item in enumerate(prediction.get("result") or [], 1):
        if not isinstance(item, dict) or item.get("type") != "labels":
            continue
        value = item.get("value") or {}
        score = value.get("score", overall) if isinstance(value, dict) else overall
        spans.append(
            _region_span(
                text,
                item,
                f"prediction {version or '?'} result {item.get('id', number)}",
                status=SpanStatus.SUGGESTED,
                origin=origin,
                score=float(score) if isinstance(score, int | float) else None,
            )
        )


def _find(spans: list[NewSpan], start: Any, end: Any, label: Any, where: str) -> int:
    for index, span in enumerate(spans):
        if (span.start, span.end, span.label) == (start, end, label) and (
            span.status is SpanStatus.ACCEPTED
        ):
            return index
    raise FormatError(f"{where}: {start}-{end} {label} is not one of the task's regions")


def _status(extra: dict[str, Any], chosen: dict[str, Any] | None, cancelled: bool) -> DocStatus:
    """data.dateline.status when Dateline wrote the task, else what Label Studio says: an
    annotation submitted is done, one cancelled (skipped) is skipped."""
    if extra.get("status") is not None:
        try:
            return DocStatus(extra["status"])
        except ValueError as exc:
            raise FormatError(f"data.{EXTRA_KEY}.status {extra['status']!r} is unknown") from exc
    if chosen is None:
        return DocStatus.NEW
    return DocStatus.SKIPPED if cancelled else DocStatus.DONE
