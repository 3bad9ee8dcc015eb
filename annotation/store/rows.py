"""Stored rows <-> records: JSON columns decoded and encoded, rows made into model records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from annotation.model import DocStatus, Document, Event, Span, SpanStatus, ValueOrigin
from annotation.store.base import StoreError

JSON_COLUMNS = {
    ("document", "meta"),
    ("event", "attributes"),
    ("span", "suggested"),
    ("entity", "aliases"),
}


def decode(table: str, row: dict[str, Any], path: Path) -> dict[str, Any]:
    for key in row:
        if (table, key) in JSON_COLUMNS and isinstance(row[key], str | bytes):
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
