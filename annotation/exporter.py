"""Write the corpus out as JSONL training data (the primary shape, DESIGN.md §5).

The file appears under its name only when complete (written beside it, then renamed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.formats.base import atomic_output, input_hash
from annotation.formats.jsonl import dumps, span_record
from annotation.model import DocStatus, Document, Span, SpanStatus
from annotation.schema import Schema
from annotation.store import Store
from annotation.tokens import Tokens, tokenize_many

Progress = Callable[[int, int], None]
_PAGE = 256


@dataclass(frozen=True)
class ExportOptions:
    """Which documents and spans an export holds."""

    only_done: bool = False
    include_suggestions: bool = False
    include_rejected: bool = False

    @property
    def statuses(self) -> tuple[SpanStatus, ...]:
        wanted = [SpanStatus.ACCEPTED]
        if self.include_suggestions:
            wanted.append(SpanStatus.SUGGESTED)
        if self.include_rejected:
            wanted.append(SpanStatus.REJECTED)
        return tuple(wanted)

    @property
    def with_provenance(self) -> bool:
        return self.include_suggestions or self.include_rejected


def documents(store: Store, options: ExportOptions) -> Iterator[Document]:
    """The documents an export holds, in id order, a page at a time."""
    status = DocStatus.DONE if options.only_done else None
    after = 0
    while True:
        page = store.documents(status=status, after_id=after, limit=_PAGE)
        if not page:
            return
        for summary in page:
            yield store.document(summary.id)
        after = page[-1].id


def record(
    store: Store, schema: Schema, doc: Document, tokens: Tokens, options: ExportOptions
) -> dict[str, Any]:
    """One document in the primary JSONL shape."""
    spans = store.spans(doc.id, options.statuses)
    by_id = {span.id: span for span in spans}

    def shape(span: Span) -> dict[str, Any]:
        item = span_record(span.start, span.end, span.label, tokens.bounds(span.start, span.end))
        if span.value is not None:
            item["value"] = span.value
        if options.with_provenance:
            item["status"] = span.status.value
            item["origin"] = span.origin
            if span.score is not None:
                item["score"] = span.score
        if span.note:
            item["note"] = span.note
        return item

    meta: dict[str, Any] = dict(doc.meta)
    for key in ("title", "source", "url", "published", "place"):
        meta[key] = getattr(doc, key)
    if doc.language != "en":
        meta["language"] = doc.language
    result: dict[str, Any] = {
        "text": doc.text,
        "meta": meta,
        "_input_hash": input_hash(doc.text),
        "tokens": tokens.records(doc.text),
        "spans": [shape(span) for span in spans if not schema.is_trigger(span.label)],
    }
    relations = []
    for relation in store.relations(doc.id):
        head, child = by_id.get(relation.head), by_id.get(relation.child)
        if head is None or child is None:
            continue
        head_shape, child_shape = shape(head), shape(child)
        relations.append(
            {
                "head": head_shape.get("token_end", head.start),
                "child": child_shape.get("token_end", child.start),
                "head_span": head_shape,
                "child_span": child_shape,
                "label": relation.label,
            }
        )
    result["relations"] = relations
    events = []
    arguments = store.document_arguments(doc.id)
    for event in store.events(doc.id):
        trigger = by_id.get(event.trigger)
        if trigger is None:
            continue
        event_arguments = []
        for argument in arguments:
            span = by_id.get(argument.span)
            if argument.event_id == event.id and span is not None:
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
    return result


def export_jsonl(
    store: Store,
    schema: Schema,
    out: str | Path,
    options: ExportOptions = ExportOptions(),
    progress: Progress | None = None,
) -> int:
    """Write the corpus to `out`; returns the number of documents written."""
    total = store.document_count(DocStatus.DONE if options.only_done else None)
    written = 0
    with atomic_output(out) as handle:
        batch: list[Document] = []
        for doc in documents(store, options):
            batch.append(doc)
            if len(batch) == _PAGE:
                written += _write_batch(store, schema, batch, options, handle)
                batch = []
                if progress is not None:
                    progress(written, total)
        written += _write_batch(store, schema, batch, options, handle)
    if progress is not None:
        progress(written, total)
    return written


def _write_batch(
    store: Store, schema: Schema, batch: list[Document], options: ExportOptions, handle: Any
) -> int:
    by_language: dict[str, list[Document]] = {}
    for doc in batch:
        by_language.setdefault(doc.language, []).append(doc)
    lines: dict[int, bytes] = {}
    for language, docs in by_language.items():
        for doc, tokens in zip(docs, tokenize_many((d.text for d in docs), language), strict=True):
            lines[doc.id] = dumps(record(store, schema, doc, tokens, options))
    for doc in batch:
        handle.write(lines[doc.id])
    return len(batch)
