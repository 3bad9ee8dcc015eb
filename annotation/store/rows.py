"""Stored rows <-> records: JSON columns decoded and encoded, rows made into model records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from annotation.model import (
    DOCUMENT_META_FIELDS,
    DocStatus,
    Document,
    Event,
    NewDocument,
    Span,
    SpanStatus,
    ValueOrigin,
)
from annotation.store.base import StoreError

JSON_COLUMNS = {
    ("document", "meta"),
    ("event", "attributes"),
    ("span", "suggested"),
    ("entity", "aliases"),
}
#: Columns that hold one of a few words, with the words (a `None` means NULL is allowed).
WORD_COLUMNS: dict[tuple[str, str], dict[str | None, Any]] = {
    ("document", "status"): {status.value: status for status in DocStatus},
    ("span", "status"): {status.value: status for status in SpanStatus},
    ("span", "value_origin"): {None: None, "": None}
    | {origin.value: origin for origin in ValueOrigin},
}
DOCUMENT_STATUSES = WORD_COLUMNS["document", "status"]
SPAN_STATUSES = WORD_COLUMNS["span", "status"]
VALUE_ORIGINS = WORD_COLUMNS["span", "value_origin"]


def word(table: str, column: str, value: Any, id_: Any, path: Path) -> Any:
    """The enum member a stored word stands for; a word the project cannot hold is damage,
    reported with the project and the row (another program wrote it, or the file is damaged)."""
    words = WORD_COLUMNS[table, column]
    try:
        return words[value]
    except (KeyError, TypeError):
        known = ", ".join(w for w in words if w)
        raise StoreError(
            f"{path}: the project file is damaged: {table} {id_} has {column} {value!r}, which "
            f"is not one of {known}; restore a backup copy or correct that row"
        ) from None


def decode(table: str, row: dict[str, Any], path: Path) -> dict[str, Any]:
    """A stored row as records take it: JSON columns decoded, word columns checked."""
    for key in row:
        if (table, key) in WORD_COLUMNS:
            word(table, key, row[key], row.get("id"), path)
        elif (table, key) in JSON_COLUMNS and isinstance(row[key], str | bytes):
            try:
                row[key] = orjson.loads(row[key])
            except orjson.JSONDecodeError as exc:
                raise StoreError(
                    f"{path}: the project file is damaged: {table} {row.get('id')} has an "
                    f"unreadable {key} ({exc})"
                ) from exc
    return row


def encode(table: str, row: dict[str, Any]) -> dict[str, Any]:
    encoded = dict(row)
    for key, value in row.items():
        if (table, key) in JSON_COLUMNS and value is not None:
            encoded[key] = encode_json(value)
    return encoded


def encode_json(value: Any) -> str:
    """A JSON column's stored text."""
    return orjson.dumps(value).decode()


def document_from_row(row: dict[str, Any]) -> Document:
    return Document(
        id=row["id"],
        uid=row["uid"],
        text=row["text"],
        title=row["title"] or "",
        source=row["source"],
        url=row["url"],
        published=row["published"],
        place=row["place"],
        language=row["language"] or "en",
        meta=row["meta"] or {},
        status=DocStatus(row["status"]),
        created=row["created"] or "",
        updated=row["updated"] or "",
    )


def new_document_row(
    document: NewDocument | Document,
    uid: str,
    time: str,
    *,
    title: str | None = None,
    status: DocStatus | None = None,
    id_: int | None = None,
) -> dict[str, Any]:
    """A new document's row, the one builder of it (an import and a team merge write documents);
    its metadata columns are `DOCUMENT_META_FIELDS`. `title` and `status` replace the document's
    own, `id_` None lets the table give it."""
    row: dict[str, Any] = {
        "uid": uid,
        "text": document.text,
        **{name: getattr(document, name) for name in DOCUMENT_META_FIELDS},
        "title": document.title if title is None else title,
        "status": (document.status if status is None else status).value,
        "created": time,
        "updated": time,
    }
    return row if id_ is None else {"id": id_, **row}


#: A span row's columns in the table's order (the importer's tuples follow it).
SPAN_COLUMNS = (
    "id",
    "document_id",
    "start",
    "end",
    "label",
    "status",
    "origin",
    "score",
    "value",
    "value_origin",
    "note",
    "annotator",
    "suggested",
    "created",
    "updated",
)


def new_span_row(
    document_id: int,
    start: int,
    end: int,
    label: str,
    status: SpanStatus,
    origin: str,
    time: str,
    *,
    score: float | None = None,
    value: str | None = None,
    value_origin: ValueOrigin | None = None,
    note: str | None = None,
    annotator: str | None = None,
    id_: int | None = None,
) -> dict[str, Any]:
    """A new span's row: the one place that knows every column (an edit, a suggestion run and a
    team merge all write spans; `id_` None lets the table give it)."""
    row: dict[str, Any] = {
        "document_id": document_id,
        "start": start,
        "end": end,
        "label": label,
        "status": status.value,
        "origin": origin,
        "score": score,
        "value": value,
        "value_origin": value_origin.value if value_origin else None,
        "note": note,
        "annotator": annotator,
        "suggested": None,
        "created": time,
        "updated": time,
    }
    return row if id_ is None else {"id": id_, **row}


def span_from_row(row: dict[str, Any]) -> Span:
    return Span(
        id=row["id"],
        document_id=row["document_id"],
        start=row["start"],
        end=row["end"],
        label=row["label"],
        status=SpanStatus(row["status"]),
        origin=row["origin"],
        score=row["score"],
        value=row["value"],
        value_origin=ValueOrigin(row["value_origin"]) if row["value_origin"] else None,
        note=row["note"],
        annotator=row["annotator"],
        suggested=row["suggested"],
        created=row["created"] or "",
        updated=row["updated"] or "",
        entity_id=row.get("entity_id"),
    )


def event_from_row(row: dict[str, Any]) -> Event:
    return Event(
        row["id"], row["document_id"], row["type"], row["trigger"], row["attributes"] or {}
    )
