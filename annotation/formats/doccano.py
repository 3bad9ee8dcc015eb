"""doccano JSONL, both shapes, read and write.

- `label` shape (sequence labelling): `{"text": ..., "label": [[start, end, "LABEL"], ...]}`.
- `entities` shape (relation extraction): `{"text": ..., "entities": [{"id", "label",
  "start_offset", "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`.

Offsets are code points, end exclusive. Every written line carries the same top-level keys
(doccano reads a file as one table and refuses a file whose lines differ): the text and labels,
the document fields (title, source, url, published, place, language; null when unknown), `meta`
(the custom metadata, an object) and `dateline`; doccano keeps all but the text and labels as
metadata columns. Reading also takes custom metadata as top-level keys, and keeps doccano's own
`id` and `Comments` under the document's `dateline_origin`, not as metadata.

doccano has no events. In the `entities` shape an event is flattened: its trigger is an entity
labelled with the event type and each argument a relation from the trigger to the argument,
typed with the role name. Those role relations are turned back into events only when the line
says so: what doccano cannot hold goes under one top-level `dateline` key (kept by doccano as a
metadata column), `{"status": ..., "values": [[start, end, label, value]], "events": [{"type",
"trigger": [start, end], "arguments": [[role, start, end, label]], "attributes"}], "notes":
[[start, end, label, note]]}`. A file without it is read as plain entities and relations: role
relations are then refused as relation labels the schema does not know, never guessed into
events.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Literal

import orjson

from annotation.formats import dateline_block
from annotation.formats.base import DocumentData, ExportOptions, FormatError, WriteResult
from annotation.formats.records import META_KEYS, Events, build_document, check_offsets
from annotation.model import DocStatus, NewDocument, NewSpan, Span, SpanStatus
from annotation.schema import Schema

Shape = Literal["label", "entities"]
SHAPES: tuple[Shape, ...] = ("entities", "label")
#: The top-level key holding what doccano has no place for.
EXTRA_KEY = "dateline"
_RESERVED = frozenset({"text", "label", "labels", "entities", "relations", "meta", EXTRA_KEY})
#: doccano's own fields in its export: its example id and its comments. They go under the
#: document's ORIGIN_KEY, never into metadata that the next export would write back as doccano's.
DOCCANO_OWN = ("id", "Comments")


def shape_of(record: dict[str, Any]) -> Shape | None:
    """Which doccano shape a parsed line has, or None (then it is Prodigy's)."""
    if isinstance(record.get("entities"), list):
        return "entities"
    triples = record.get("label", record.get("labels"))
    if isinstance(triples, list) and "spans" not in record:
        return "label"
    return None


# -- reading ------------------------------------------------------------------------------------


def parse_record(record: dict[str, Any], text: str, shape: Shape) -> NewDocument:
    """One doccano line as a document (spans accepted, origin `import:doccano`)."""
    spans: list[NewSpan] = []
    relations: list[tuple[int, int, str]] = []
    if shape == "label":
        triples = record.get("label", record.get("labels")) or []
        for n, item in enumerate(triples, 1):
            if not isinstance(item, list | tuple) or len(item) != 3:
                raise FormatError(f"label {n}: expected [start, end, label], got {item!r}")
            start, end, label = check_offsets(text, item[0], item[1], item[2], f"label {n}")
            spans.append(NewSpan(start, end, label, origin="import:doccano"))
    else:
        ids: dict[Any, int] = {}
        size = len(text)
        accepted = SpanStatus.ACCEPTED
        for n, item in enumerate(record["entities"], 1):
            if not isinstance(item, dict):
                raise FormatError(f"entity {n}: must be an object")
            first, last, name = item.get("start_offset"), item.get("end_offset"), item.get("label")
            # The common case checked inline (a file holds ~13 entities a line); anything else
            # goes through check_offsets, which says what is wrong.
            if (
                type(first) is int
                and type(last) is int
                and type(name) is str
                and name
                and 0 <= first < last <= size
            ):
                start, end, label = first, last, name
            else:
                start, end, label = check_offsets(text, first, last, name, f"entity {n}")
            key = item.get("id", n)
            if key in ids:
                # a second entity under one id would take the first one's relations
                raise FormatError(f"entity {n}: id {key!r} is already entity {ids[key] + 1}'s")
            ids[key] = len(spans)
            spans.append(NewSpan(start, end, label, accepted, "import:doccano"))
        for n, item in enumerate(record.get("relations") or [], 1):
            if not isinstance(item, dict):
                raise FormatError(f"relation {n}: must be an object")
            head, child = item.get("from_id"), item.get("to_id")
            kind = item.get("type", item.get("label"))
            if head not in ids or child not in ids or not isinstance(kind, str):
                raise FormatError(f"relation {n}: from_id/to_id must name entities of the line")
            relations.append((ids[head], ids[child], kind))
    extra = record.get(EXTRA_KEY)
    status: DocStatus | None = None
    events: Events = []
    if extra is not None:
        if not isinstance(extra, dict):
            raise FormatError(f"'{EXTRA_KEY}' must be an object")
        spans = dateline_block.with_values_and_notes(extra, spans, _find, EXTRA_KEY)
        events, relations = dateline_block.events(extra, spans, relations, _find, EXTRA_KEY)
        if extra.get("status") is not None:
            try:
                status = DocStatus(extra["status"])
            except ValueError as exc:
                raise FormatError(f"{EXTRA_KEY}.status {extra['status']!r} is unknown") from exc
    columns = {
        key: value
        for key, value in record.items()
        if key not in _RESERVED and key not in DOCCANO_OWN
    }
    return build_document(record, text, spans, relations, events, columns, status, _origin(record))


def _origin(record: dict[str, Any]) -> dict[str, Any] | None:
    """doccano's id and comments for a line of its export (None for a line doccano never saw)."""
    if "id" not in record and not record.get("Comments"):
        return None
    origin: dict[str, Any] = {"tool": "doccano"}
    if "id" in record:
        origin["id"] = record["id"]
    if record.get("Comments"):
        origin["comments"] = record["Comments"]
    return origin


def _find(spans: list[NewSpan], start: Any, end: Any, label: Any, where: str) -> int:
    for index, span in enumerate(spans):
        if (span.start, span.end, span.label) == (start, end, label):
            return index
    raise FormatError(f"{where}: {start}-{end} {label} is not one of the line's entities")


# -- writing ------------------------------------------------------------------------------------


def document_record(
    data: DocumentData,
    schema: Schema,
    shape: Shape = "entities",
    trigger_types: frozenset[str] | None = None,
) -> dict[str, Any]:
    """One document in a doccano shape (accepted spans; see the module for what goes where).

    `trigger_types`: the schema's event types, when the caller writes many documents.
    """
    doc = data.document
    by_id = data.span_index()
    record: dict[str, Any] = {"text": doc.text}
    if trigger_types is None:
        trigger_types = schema.trigger_labels
    entities = [s for s in data.spans if s.label not in trigger_types]
    extra: dict[str, Any] = {}
    if shape == "label":
        record["label"] = [[s.start, s.end, s.label] for s in entities]
    else:
        events = [e for e in data.events if e.trigger in by_id]
        triggers = {by_id[e.trigger].id: by_id[e.trigger] for e in events}
        listed: list[Span] = sorted(
            [*entities, *triggers.values()], key=lambda s: (s.start, s.end, s.id)
        )
        number = {span.id: n for n, span in enumerate(listed, 1)}
        record["entities"] = [
            {"id": number[s.id], "label": s.label, "start_offset": s.start, "end_offset": s.end}
            for s in listed
        ]
        links: list[tuple[int, int, str]] = [
            (number[r.head], number[r.child], r.label)
            for r in data.relations
            if r.head in number and r.child in number
        ]
        flattened = dateline_block.event_entries(
            data,
            events,
            number,
            lambda trigger, span, role: links.append((number[trigger.id], number[span.id], role)),
        )
        record["relations"] = [
            {"id": n, "from_id": head, "to_id": child, "type": label}
            for n, (head, child, label) in enumerate(links, 1)
        ]
        if flattened:
            extra["events"] = flattened
    values = [[s.start, s.end, s.label, s.value] for s in entities if s.value is not None]
    if values:
        extra["values"] = values
    notes = [[s.start, s.end, s.label, s.note] for s in entities if s.note]
    if notes:
        extra["notes"] = notes
    extra["status"] = doc.status.value
    # Every line carries the same top-level keys, null where a document has no value: doccano
    # reads a file into one table, and a key missing from some lines becomes NaN there, which
    # its database refuses as metadata (the whole file then imports nothing).
    for key in META_KEYS:
        record[key] = getattr(doc, key)
    record["meta"] = dict(doc.meta)
    record[EXTRA_KEY] = extra
    return record


def write(
    items: Iterable[DocumentData], out: Path, schema: Schema, options: ExportOptions
) -> WriteResult:
    """The registry's writer: doccano JSONL in the shape the options name."""
    if options.doccano_shape not in SHAPES:
        raise FormatError(f"unknown doccano shape {options.doccano_shape!r}: entities or label")
    shape: Shape = "label" if options.doccano_shape == "label" else "entities"
    with out.open("wb") as handle:
        return WriteResult(documents=write_doccano(items, handle, schema, shape))


def write_doccano(
    items: Iterable[DocumentData], handle: IO[bytes], schema: Schema, shape: Shape = "entities"
) -> int:
    """Write documents as doccano JSONL; returns how many."""
    written = 0
    trigger_types = schema.trigger_labels
    for data in items:
        handle.write(orjson.dumps(document_record(data, schema, shape, trigger_types)) + b"\n")
        written += 1
    return written
