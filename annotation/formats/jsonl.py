"""JSONL in Prodigy's shape: Dateline's primary export, read and write.

Primary shape, one document per line (DESIGN.md §5, pinned by a contract test): `text`, `meta`,
`_input_hash`, `_task_hash`, `tokens`, `spans`, `relations`, `events`, and `answer` ("accept"
for done documents, "ignore" for skipped ones). Event triggers are kept out of `spans` (which
stays NER training data) and appear under `events`. A span that does not cover whole tokens keeps
its offsets without `token_start`/`token_end` and is reported. Reading also takes doccano's two
shapes, line by line (`annotation.formats.doccano`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import orjson

from annotation.formats import doccano
from annotation.formats.alignment import AlignmentIssue, locate, summary
from annotation.formats.base import (
    DocumentData,
    ExportOptions,
    FormatError,
    Located,
    WriteResult,
    decode_bytes,
    normalise_newlines,
)
from annotation.formats.files import CORPUS, read_input
from annotation.formats.prodigy_hash import set_hashes
from annotation.formats.records import META_KEYS, build_document, check_offsets
from annotation.model import DocStatus, NewDocument, NewSpan, Span, SpanStatus, ValueOrigin
from annotation.schema import Schema
from annotation.tokens import Tokens, tokenize_many

__all__ = [
    "META_KEYS",
    "document_record",
    "dumps",
    "parse_record",
    "read",
    "read_doccano",
    "read_jsonl",
    "span_record",
    "write",
]


def read(path: Path, encoding: str | None, schema: Schema) -> list[Located]:
    """The registry's reader for `jsonl`: every line, in Prodigy's shape or doccano's."""
    return [Located(path, n, doc) for n, doc in read_jsonl(path, encoding)]


def read_doccano(path: Path, encoding: str | None, schema: Schema) -> list[Located]:
    """The registry's reader for `doccano`: every line must be in one of doccano's shapes."""
    return [Located(path, n, doc) for n, doc in read_jsonl(path, encoding, only_doccano=True)]


def read_jsonl(
    path: str | Path, encoding: str | None = None, *, only_doccano: bool = False
) -> Iterator[tuple[int, NewDocument]]:
    """Documents of a JSONL file with their line numbers; raises FormatError naming the line.

    `only_doccano` refuses lines that are not in one of doccano's shapes (`--format doccano`).
    """
    text = decode_bytes(read_input(path, CORPUS), path, encoding)
    if not text.strip():
        raise FormatError("the file is empty (no JSON lines)", path=path)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise FormatError(f"not valid JSON ({exc})", path=path, line=number) from exc
        if not isinstance(record, dict):
            raise FormatError("each line must be a JSON object", path=path, line=number)
        if only_doccano and doccano.shape_of(record) is None:
            raise FormatError(
                "not a doccano record: expected 'text' with 'label' triples or 'entities'",
                path=path,
                line=number,
            )
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
    shape = doccano.shape_of(record)
    if shape is not None:
        return doccano.parse_record(record, text, shape)
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


#: span statuses by their value (a set built per span cost more than the rest of reading it)
_STATUSES: dict[Any, SpanStatus] = {status.value: status for status in SpanStatus}


def _span(text: str, item: Any, where: str, origin: str) -> NewSpan:
    if not isinstance(item, dict):
        raise FormatError(f"{where}: must be an object")
    start, end, label = check_offsets(
        text, item.get("start"), item.get("end"), item.get("label"), where
    )
    status = _STATUSES.get(item.get("status"), SpanStatus.ACCEPTED)
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
    return build_document(record, text, spans, relations, events)


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


def document_record(
    data: DocumentData,
    schema: Schema,
    tokens: Tokens,
    *,
    with_provenance: bool = False,
    issues: list[AlignmentIssue] | None = None,
) -> dict[str, Any]:
    """One document in the primary JSONL shape.

    `with_provenance` (an export with suggestions or rejected spans) gives every span its
    `status` and `origin` (and `score` when the model gave one). A span that does not cover
    whole tokens keeps its offsets but gets no `token_start`/`token_end` (they would name
    tokens it only partly covers); it is added to `issues`.
    """
    doc = data.document
    by_id = data.span_index()
    shapes: dict[int, dict[str, Any]] = {}
    #: the last token of each span, for the relations' `head` and `child`
    last_token: dict[int, int] = {}

    def shape(span: Span) -> dict[str, Any]:
        known = shapes.get(span.id)
        if known is not None:
            return known
        bounds = tokens.bounds(span.start, span.end)
        aligned = bounds is not None and tokens.aligned(span.start, span.end)
        if not aligned and issues is not None:
            issues.append(locate(doc.id, doc.text, tokens, span.start, span.end, span.label))
        item = span_record(span.start, span.end, span.label, bounds if aligned else None)
        if bounds is not None:
            last_token[span.id] = bounds[1]
        if span.value is not None:
            item["value"] = span.value
        if with_provenance:
            item["status"] = span.status.value
            item["origin"] = span.origin
            if span.score is not None:
                item["score"] = span.score
        if span.note:
            item["note"] = span.note
        if span.entity_id is not None:
            item["entity_id"] = span.entity_id  # the registry's id (`dateline entities`)
        shapes[span.id] = item
        return item

    triggers = schema.trigger_labels
    meta: dict[str, Any] = dict(doc.meta)
    for key in META_KEYS:
        if key != "language" or doc.language != "en":  # English goes without saying
            meta[key] = getattr(doc, key)
    result: dict[str, Any] = {
        "text": doc.text,
        "meta": meta,
        "_input_hash": 0,
        "_task_hash": 0,
        "tokens": tokens.records(doc.text),
        "spans": [shape(span) for span in data.spans if span.label not in triggers],
    }
    relations = []
    for relation in data.relations:
        head, child = by_id.get(relation.head), by_id.get(relation.child)
        if head is None or child is None:
            continue
        head_shape, child_shape = shape(head), shape(child)
        relations.append(
            {
                "head": last_token.get(head.id, head.start),
                "child": last_token.get(child.id, child.start),
                "head_span": head_shape,
                "child_span": child_shape,
                "label": relation.label,
            }
        )
    result["relations"] = relations
    events = []
    for event in data.events:
        trigger = by_id.get(event.trigger)
        if trigger is None:
            continue
        event_arguments = []
        for argument in data.arguments_of(event.id):
            span = by_id.get(argument.span)
            if span is not None:
                event_arguments.append({"role": argument.role, "span": shape(span)})
        events.append(
            {
                "type": event.type,
                "trigger": shape(trigger),
                "arguments": event_arguments,
                "attributes": event.attributes,
            }
        )
    result["events"] = events
    if doc.status is DocStatus.DONE:
        result["answer"] = "accept"
    elif doc.status is DocStatus.SKIPPED:
        result["answer"] = "ignore"
    return set_hashes(result)


#: documents tokenized at a time (one `nlp.pipe` call per language in each batch)
_BATCH = 256


def write(
    items: Iterable[DocumentData], out: Path, schema: Schema, options: ExportOptions
) -> WriteResult:
    """The registry's writer: primary JSONL, a line per document."""
    result = WriteResult()
    items = iter(items)
    with out.open("wb") as handle:
        while batch := list(islice(items, _BATCH)):
            written = lines(
                batch, schema, with_provenance=options.with_provenance, issues=result.issues
            )
            if options.strict and result.issues:
                raise FormatError(summary(result.issues, "JSONL with token indices"))
            handle.write(b"".join(written))
            result.documents += len(batch)
            result.spans += sum(len(data.spans) for data in batch)
    return result


def lines(
    batch: Sequence[DocumentData],
    schema: Schema,
    *,
    with_provenance: bool = False,
    issues: list[AlignmentIssue] | None = None,
) -> list[bytes]:
    """The JSONL lines of documents, in order; each language's texts tokenized in one go.

    Spans that do not cover whole tokens go to `issues` (in document order)."""
    by_language: dict[str, list[int]] = {}
    for index, data in enumerate(batch):
        by_language.setdefault(data.document.language, []).append(index)
    written: list[bytes] = [b""] * len(batch)
    found: list[list[AlignmentIssue]] = [[] for _ in batch]
    for language, indices in by_language.items():
        texts = (batch[index].document.text for index in indices)
        for index, tokens in zip(indices, tokenize_many(texts, language), strict=True):
            record = document_record(
                batch[index], schema, tokens, with_provenance=with_provenance, issues=found[index]
            )
            written[index] = dumps(record)
    if issues is not None:
        for document_issues in found:
            issues.extend(document_issues)
    return written


def dumps(record: dict[str, Any]) -> bytes:
    """One line of JSONL (UTF-8, no ASCII escaping, newline-terminated)."""
    return orjson.dumps(record) + b"\n"
