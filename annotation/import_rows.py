"""One file's documents written into the project in one transaction: document, span (with
calendar values computed for DATE and TIME spans), relation, event and argument rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotation.dates.valuer import make_valuer
from annotation.formats.base import Located, text_uid
from annotation.model import Document, NewDocument, ValueOrigin
from annotation.session import Session
from annotation.store import SPAN_COLUMNS, TABLES, new_document_row, now


@dataclass
class Stored:
    """What one file (or, summed, a whole import) added to the project."""

    document_ids: list[int] = field(default_factory=list)
    #: documents already in the project (the same text), not added again
    duplicates: int = 0
    spans: int = 0
    relations: int = 0
    events: int = 0

    @property
    def documents(self) -> int:
        return len(self.document_ids)

    def add(self, other: Stored) -> None:
        self.document_ids.extend(other.document_ids)
        self.duplicates += other.duplicates
        self.spans += other.spans
        self.relations += other.relations
        self.events += other.events


_RELATION_COLUMNS = ("id", "document_id", "head", "child", "label")


def store_documents(
    session: Session,
    located: Sequence[Located],
    origin: str,
    new_labels: Sequence[str],
) -> Stored:
    """Write one file's documents and everything they carry in one transaction.

    Spans and relations go in as plain tuples through one `executemany` each: at ~13 spans an
    article, a dict per row costs more than SQLite's insert.
    """
    store = session.store
    stored = Stored()
    time = now()
    with store.roomy_cache(), store.transaction():
        if new_labels:
            session.add_labels(new_labels)
        uids = [text_uid(item.document.text) for item in located]
        seen = store.existing_uids(uids)
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in ("document", "event", "argument")}
        span_rows: list[tuple[Any, ...]] = []
        relation_rows: list[tuple[Any, ...]] = []
        ids = {table: store.next_id(table) for table in TABLES}  # type: ignore[arg-type]
        added: list[int] = []
        spans = _SpanRows(session, time)
        for item, uid in zip(located, uids, strict=True):
            doc = item.document
            if uid in seen:
                stored.duplicates += 1
                continue
            seen.add(uid)
            document_id = ids["document"]
            ids["document"] += 1
            added.append(document_id)
            rows["document"].append(
                new_document_row(
                    doc, uid, time, title=doc.title or first_line(doc.text), id_=document_id
                )
            )
            first_span = ids["span"]
            ids["span"] = spans.add(doc, document_id, first_span, span_rows)
            relation_id = ids["relation"]
            for head, child, label in doc.relations:
                relation_rows.append(
                    (relation_id, document_id, first_span + head, first_span + child, label)
                )
                relation_id += 1
            ids["relation"] = relation_id
            for type_, trigger, arguments, attributes in doc.events:
                event_id = ids["event"]
                ids["event"] += 1
                rows["event"].append(
                    {
                        "id": event_id,
                        "document_id": document_id,
                        "type": type_,
                        "trigger": first_span + trigger,
                        "attributes": attributes,
                    }
                )
                for role, index in arguments:
                    rows["argument"].append(
                        {
                            "id": ids["argument"],
                            "event_id": event_id,
                            "role": role,
                            "span": first_span + index,
                        }
                    )
                    ids["argument"] += 1
        store.insert_many("document", rows["document"])
        store.insert_rows("span", SPAN_COLUMNS, span_rows)
        store.insert_rows("relation", _RELATION_COLUMNS, relation_rows)
        store.insert_many("event", rows["event"])
        store.insert_many("argument", rows["argument"])
        if added:
            store.log(
                "import",
                f"Import {len(added)} documents from {origin}",
                (),
                annotator=session.annotator,
                document_id=None,
                state="bulk",
            )
    stored.document_ids = added
    stored.spans = len(span_rows)
    stored.relations = len(relation_rows)
    stored.events = len(rows["event"])
    return stored


def first_line(text: str, limit: int = 160) -> str:
    """A title for a document that came without one: its first non-empty line."""
    line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _SpanRows:
    """Span rows of imported documents, DATE/TIME spans with their calendar values."""

    def __init__(self, session: Session, time: str) -> None:
        # Without a loaded pipeline the tense is unknown (the valuer never loads spaCy itself).
        self.valuer = session.valuer or make_valuer()
        self.temporal = session.schema.temporal_labels
        self.annotator = session.annotator
        self.time = time

    def add(self, doc: NewDocument, document_id: int, span_id: int, rows: list[Any]) -> int:
        """Append the document's span rows (ids from `span_id` on, in order); the next id."""
        valued = None
        annotator, time, temporal = self.annotator, self.time, self.temporal
        for span in doc.spans:
            value, value_origin = span.value, span.value_origin
            if value is None and span.label in temporal:
                if valued is None:
                    valued = _stub_document(doc, document_id)
                value = self.valuer(valued, span.start, span.end, span.label)
                value_origin = ValueOrigin.COMPUTED if value is not None else None
            rows.append(
                (
                    span_id,
                    document_id,
                    span.start,
                    span.end,
                    span.label,
                    span.status._value_,  # `.value` is a descriptor: ~1 µs a span
                    span.origin,
                    span.score,
                    value,
                    value_origin._value_ if value_origin else None,
                    span.note,
                    annotator,
                    None,
                    time,
                    time,
                )
            )
            span_id += 1
        return span_id


def _stub_document(doc: NewDocument, document_id: int) -> Document:
    """The document as the valuer sees it, before it is stored."""
    return Document(
        id=document_id,
        uid="",
        text=doc.text,
        title=doc.title,
        source=doc.source,
        url=doc.url,
        published=doc.published,
        place=doc.place,
        language=doc.language,
        meta=doc.meta,
    )
