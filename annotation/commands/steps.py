"""Steps several commands take on the way, each written once through the edit's `Tx`: make room
for an accepted span, reject a span with its links (what goes with a deleted or rejected span, and
with a deleted event), mark a document in progress, check a range and a label, compute a calendar
value, take an analyst's new bounds or label for a span (keeping a model's original).

The rules they apply are `annotation.rules`; the rows they write are recorded by the `Tx`.
"""

from __future__ import annotations

from typing import Any

from annotation import rules
from annotation.commands.base import CommandError, Tx, quote
from annotation.model import DocStatus, Document, Span, SpanStatus, ValueOrigin
from annotation.schema import Schema


def touch(tx: Tx, document_id: int) -> None:
    """An analyst worked on the document: a new one is now in progress."""
    status = tx.document_status(document_id)
    if status is None:
        raise CommandError(f"no document {document_id} in this project (deleted meanwhile?)")
    if status is DocStatus.NEW:
        tx.update("document", document_id, status=DocStatus.IN_PROGRESS.value)


def drop_links(tx: Tx, span_id: int) -> None:
    """Remove what hangs on a span: the events it triggers (with their arguments), the roles it
    fills and the relations it is an end of.

    A deleted span takes its links with it, and so does a rejected one: a span judged not to be
    an entity (or not a trigger) cannot fill a role or end a relation (ADR 0006).
    """
    relations, arguments, events = tx.store.span_links(span_id)
    for event in events:
        remove_event(tx, event.id)
    for argument in arguments:
        tx.delete("argument", argument.id)
    for relation in relations:
        tx.delete("relation", relation.id)


def remove_event(tx: Tx, event_id: int) -> None:
    """Delete an event and its arguments (the trigger span stays)."""
    row = tx.row("event", event_id, "event")
    for argument in tx.store.arguments(event_id):
        tx.delete("argument", argument.id)
    tx.delete("event", event_id)
    touch(tx, row["document_id"])


def reject(tx: Tx, span_id: int) -> None:
    """Reject a span (kept as negative evidence) and drop the links that hang on it."""
    tx.update(
        "span",
        span_id,
        status=SpanStatus.REJECTED.value,
        annotator=tx.annotator,
        updated=tx.time,
    )
    drop_links(tx, span_id)


def check_range(tx: Tx, document_id: int, start: int, end: int) -> None:
    """Refuse an empty span or one outside the document's text, without reading the text
    (unless the span is refused: the message gives the text's length)."""
    store = tx.store
    if 0 <= start < end and store.text_reaches(document_id, end):
        return
    raise CommandError(
        f"document {document_id}: span {start}-{end} is outside the text "
        f"(0-{store.text_length(document_id)}) or empty"
    )


def check_label(schema: Schema, label: str) -> None:
    if not schema.knows(label):
        raise CommandError(
            f"label {label!r} is not in the schema {schema.name!r}; "
            f"known labels: {', '.join(schema.label_names)}"
        )


def settle_overlaps(
    tx: Tx,
    document: Document | int,
    start: int,
    end: int,
    label: str,
    skip: int = 0,
    overlapping: list[Span] | None = None,
) -> None:
    """Make room for an accepted span: refuse a clash with accepted spans, reject suggestions.

    Suggestions overlapping an analyst's span are what the model got wrong, so they are kept
    as rejected (negative evidence) in the same step. `document` may be an id: its text is
    then read only to quote a clash (an edit of a long article need not read it whole).
    `overlapping`: what `store.overlapping_spans(document, start, end, skip)` returned, if read.
    """
    if tx.schema.allow_overlap:
        return
    document_id = document if isinstance(document, int) else document.id
    if overlapping is None:
        overlapping = tx.store.overlapping_spans(document_id, start, end, skip)
    clashes = rules.clashing(tx.schema, label, overlapping)
    for other in clashes:
        if other.status is SpanStatus.ACCEPTED:
            text = (
                tx.store.document_text(document_id, other.start, other.end)
                if isinstance(document, int)
                else other.text_in(document.text)
            )
            raise CommandError(
                f"document {document_id}: {start}-{end} overlaps {other.label} "
                f"{quote(text)} ({other.start}-{other.end}); {rules.NO_OVERLAP}"
            )
    for other in clashes:
        reject(tx, other.id)


def value_for(tx: Tx, document: Document | int, start: int, end: int, label: str) -> str | None:
    """A temporal span's computed value; a document given by id is read only if needed."""
    if tx.valuer is None or not tx.schema.is_temporal(label):
        return None
    if isinstance(document, int):
        document = tx.document(document)
    return tx.valuer(document, start, end, label)


def computed_value(
    tx: Tx, document: Document | int, start: int, end: int, label: str
) -> dict[str, Any]:
    """The `value` and `value_origin` columns of a span whose value is computed."""
    value = value_for(tx, document, start, end, label)
    origin = ValueOrigin.COMPUTED.value if value is not None else None
    return {"value": value, "value_origin": origin}


def remember_suggestion(span: Span) -> dict[str, Any] | None:
    """The original suggestion, recorded the first time an analyst changes a model span."""
    if span.suggested is not None or span.origin.startswith("analyst"):
        return span.suggested
    return {"start": span.start, "end": span.end, "label": span.label}


def reshape(tx: Tx, span: Span, **moved: Any) -> None:
    """An analyst's new bounds or label for a span (`moved`: start and end, or label): the span is
    accepted as theirs, a model's original is kept, and a computed calendar value follows."""
    changes: dict[str, Any] = {
        **moved,
        "status": SpanStatus.ACCEPTED.value,
        "annotator": tx.annotator,
        "suggested": remember_suggestion(span),
        "updated": tx.time,
    }
    if span.value_origin is not ValueOrigin.ANALYST:
        start, end = moved.get("start", span.start), moved.get("end", span.end)
        label = moved.get("label", span.label)
        changes.update(computed_value(tx, span.document_id, start, end, label))
    tx.update("span", span.id, **changes)


def analyst_origin(tx: Tx) -> str:
    return f"analyst:{tx.annotator}" if tx.annotator else "analyst"
