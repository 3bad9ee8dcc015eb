"""JSONL: Prodigy's shape (Dateline's primary export) and both doccano shapes, read and write.

Primary shape, one document per line (DESIGN.md §5): `text`, `meta`, `_input_hash`, `tokens`,
`spans`, `relations`, `events`, and `answer` for done documents. Event triggers are kept out of
`spans` (which stays NER training data) and appear under `events`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from annotation.formats.base import FormatError, decode_bytes, input_hash, normalise_newlines
from annotation.model import DocStatus, NewDocument, NewSpan, SpanStatus, ValueOrigin

#: Document fields carried in `meta` (besides any custom keys).
META_KEYS = ("title", "source", "url", "published", "place", "language")
_STATUS_FOR_ANSWER = {
    "accept": DocStatus.DONE,
    "reject": DocStatus.SKIPPED,
    "ignore": DocStatus.SKIPPED,
}


def read_jsonl(path: str | Path, encoding: str | None = None) -> Iterator[tuple[int, NewDocument]]:
    """Documents of a JSONL file with their line numbers; raises FormatError naming the line."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror}", path=path) from exc
    text = decode_bytes(data, path, encoding)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise FormatError(f"not valid JSON ({exc})", path=path, line=number) from exc
        if not isinstance(record, dict):
            raise FormatError("each line must be a JSON object", path=path, line=number)
        try:
            yield number, parse_record(record)
        except FormatError as exc:
            raise FormatError(str(exc), path=path, line=number) from exc
        except (TypeError, ValueError, KeyError) as exc:
            raise FormatError(f"unexpected shape: {exc!r}", path=path, line=number) from exc


def parse_record(record: dict[str, Any]) -> NewDocument:
    """One JSON object (Prodigy, doccano triples or doccano entities/relations) as a document."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise FormatError("no 'text' (a non-empty string)")
    if "\r" in text:
        return _with_lf(record, text)
    if isinstance(record.get("entities"), list):
        return _doccano_entities(record, text)
    triples = record.get("label", record.get("labels"))
    if isinstance(triples, list) and "spans" not in record:
        return _doccano_triples(record, text, triples)
    return _prodigy(record, text)


def _with_lf(record: dict[str, Any], text: str) -> NewDocument:
    """Offsets given against CRLF text are refused rather than silently shifted."""
    has_spans = any(record.get(key) for key in ("spans", "entities", "label", "labels"))
    if has_spans:
        raise FormatError(
            "the text has CR/CRLF line endings and carries spans: its offsets would not survive "
            "normalising line endings; convert the file to LF first"
        )
    return parse_record({**record, "text": normalise_newlines(text)})


def _meta(record: dict[str, Any], extra_keys: tuple[str, ...]) -> dict[str, Any]:
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise FormatError("'meta' must be an object")
    fields = {key: meta.get(key) for key in META_KEYS}
    rest = {key: value for key, value in meta.items() if key not in META_KEYS}
    for key in extra_keys:
        if key in record and key not in rest:
            rest[key] = record[key]
    for key in ("title", "source", "url", "published", "place", "language"):
        if fields[key] is not None and not isinstance(fields[key], str):
            fields[key] = str(fields[key])
    return {"fields": fields, "meta": rest}


def _document(
    record: dict[str, Any],
    text: str,
    spans: list[NewSpan],
    relations: list[tuple[int, int, str]],
    events: list[tuple[str, int, tuple[tuple[str, int], ...], dict[str, Any]]],
    extra_keys: tuple[str, ...] = (),
) -> NewDocument:
    parts = _meta(record, extra_keys)
    fields = {key: value for key, value in parts["fields"].items() if value is not None}
    answer = record.get("answer")
    status = _STATUS_FOR_ANSWER.get(answer, DocStatus.NEW) if isinstance(answer, str) else None
    return NewDocument(
        text=text,
        meta=parts["meta"],
        status=status or DocStatus.NEW,
        spans=tuple(spans),
        relations=tuple(relations),
        events=tuple(events),
        **fields,
    )


def _offsets(text: str, start: Any, end: Any, label: Any, where: str) -> tuple[int, int, str]:
    if not isinstance(start, int) or not isinstance(end, int):
        raise FormatError(f"{where}: start and end must be integers, got {start!r}, {end!r}")
    if not isinstance(label, str) or not label:
        raise FormatError(f"{where}: no label")
    if end <= start:
        raise FormatError(f"{where} ({start}-{end} {label}): end is not after start")
    if start < 0 or end > len(text):
        raise FormatError(
            f"{where} ({start}-{end} {label}): outside the text (0-{len(text)} code points)"
        )
    return start, end, label


def _span(text: str, item: Any, where: str, origin: str) -> NewSpan:
    if not isinstance(item, dict):
        raise FormatError(f"{where}: must be an object")
    start, end, label = _offsets(text, item.get("start"), item.get("end"), item.get("label"), where)
    status = SpanStatus.ACCEPTED
    if item.get("status") in {s.value for s in SpanStatus}:
        status = SpanStatus(item["status"])
    value = item.get("value")
    score = item.get("score")
    return NewSpan(
        start=start,
        end=end,
        label=label,
        status=status,
        origin=str(item.get("origin") or origin),
        score=float(score) if isinstance(score, int | float) else None,
        value=str(value) if value is not None else None,
        value_origin=ValueOrigin.ANALYST if value is not None else None,
        note=str(item["note"]) if item.get("note") is not None else None,
    )


def _prodigy(record: dict[str, Any], text: str) -> NewDocument:
    raw_spans = record.get("spans") or []
    if not isinstance(raw_spans, list):
        raise FormatError("'spans' must be a list")
    spans = [_span(text, item, f"span {n}", "import:jsonl") for n, item in enumerate(raw_spans, 1)]
    index = {(s.start, s.end): i for i, s in enumerate(spans)}
    tokens = record.get("tokens") if isinstance(record.get("tokens"), list) else None

    def find(span: Any, token: Any, where: str) -> int:
        if isinstance(span, dict) and (span.get("start"), span.get("end")) in index:
            return index[(span["start"], span["end"])]
        if isinstance(token, int) and tokens is not None:
            for i, s in enumerate(raw_spans):
                if s.get("token_start", -1) <= token <= s.get("token_end", -2):
                    return i
        raise FormatError(f"{where}: does not point at one of the line's spans")

    relations = []
    for n, item in enumerate(record.get("relations") or [], 1):
        if not isinstance(item, dict) or not isinstance(item.get("label"), str):
            raise FormatError(f"relation {n}: needs head, child and label")
        head = find(item.get("head_span"), item.get("head"), f"relation {n} head")
        child = find(item.get("child_span"), item.get("child"), f"relation {n} child")
        relations.append((head, child, item["label"]))

    events = []
    for n, item in enumerate(record.get("events") or [], 1):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise FormatError(f"event {n}: needs a type and a trigger")
        trigger = _trigger(text, item, spans, index, f"event {n}")
        arguments = []
        for m, argument in enumerate(item.get("arguments") or [], 1):
            where = f"event {n} argument {m}"
            if not isinstance(argument, dict) or not isinstance(argument.get("role"), str):
                raise FormatError(f"{where}: needs a role and a span")
            target = argument.get("span") or {}
            key = (target.get("start"), target.get("end")) if isinstance(target, dict) else None
            if key not in index:
                raise FormatError(f"{where}: its span is not one of the line's spans")
            arguments.append((argument["role"], index[key]))
        attributes = item.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise FormatError(f"event {n}: attributes must be an object")
        events.append((item["type"], trigger, tuple(arguments), attributes))
    return _document(record, text, spans, relations, events)


def _trigger(
    text: str,
    item: dict[str, Any],
    spans: list[NewSpan],
    index: dict[tuple[int, int], int],
    where: str,
) -> int:
    """The index of an event's trigger span, adding it (labelled with the type) when new."""
    trigger = item.get("trigger")
    if not isinstance(trigger, dict):
        raise FormatError(f"{where}: needs a trigger span")
    trigger = {"label": item["type"], **trigger}
    span = _span(text, trigger, f"{where} trigger", "import:jsonl")
    key = (span.start, span.end)
    if key in index and spans[index[key]].label == span.label:
        return index[key]
    spans.append(span)
    index.setdefault(key, len(spans) - 1)
    return len(spans) - 1


def _doccano_triples(record: dict[str, Any], text: str, triples: list[Any]) -> NewDocument:
    spans = []
    for n, item in enumerate(triples, 1):
        if not isinstance(item, list | tuple) or len(item) != 3:
            raise FormatError(f"label {n}: expected [start, end, label], got {item!r}")
        start, end, label = _offsets(text, item[0], item[1], item[2], f"label {n}")
        spans.append(NewSpan(start, end, label, origin="import:doccano"))
    return _document(record, text, spans, [], [], _doccano_extra(record, ("label", "labels")))


def _doccano_entities(record: dict[str, Any], text: str) -> NewDocument:
    spans: list[NewSpan] = []
    ids: dict[Any, int] = {}
    for n, item in enumerate(record["entities"], 1):
        if not isinstance(item, dict):
            raise FormatError(f"entity {n}: must be an object")
        start, end, label = _offsets(
            text, item.get("start_offset"), item.get("end_offset"), item.get("label"), f"entity {n}"
        )
        ids[item.get("id", n)] = len(spans)
        spans.append(NewSpan(start, end, label, origin="import:doccano"))
    relations = []
    for n, item in enumerate(record.get("relations") or [], 1):
        if not isinstance(item, dict):
            raise FormatError(f"relation {n}: must be an object")
        head, child = item.get("from_id"), item.get("to_id")
        kind = item.get("type", item.get("label"))
        if head not in ids or child not in ids or not isinstance(kind, str):
            raise FormatError(f"relation {n}: from_id/to_id must name entities of the line")
        relations.append((ids[head], ids[child], kind))
    extra = _doccano_extra(record, ("entities", "relations"))
    return _document(record, text, spans, relations, [], extra)


def _doccano_extra(record: dict[str, Any], used: tuple[str, ...]) -> tuple[str, ...]:
    skip = {"text", "meta", *used}
    return tuple(key for key in record if key not in skip)


# -- writing ------------------------------------------------------------------------------------


def span_record(
    span_start: int,
    span_end: int,
    label: str,
    token_bounds: tuple[int, int] | None,
) -> dict[str, Any]:
    """A span in the primary shape: offsets, inclusive token indices and label."""
    record: dict[str, Any] = {"start": span_start, "end": span_end}
    if token_bounds is not None:
        record["token_start"], record["token_end"] = token_bounds
    record["label"] = label
    return record


def dumps(record: dict[str, Any]) -> bytes:
    """One line of JSONL (UTF-8, no ASCII escaping, newline-terminated)."""
    return orjson.dumps(record) + b"\n"


def input_hash_of(text: str) -> int:
    return input_hash(text)
