"""What the JSON-line readers share: metadata fields, offset checks, and building a document."""

from __future__ import annotations

from typing import Any

from annotation.formats.base import FormatError
from annotation.model import PUBLICATION_FIELDS, DocStatus, NewDocument, NewSpan

#: Document fields carried in `meta` (besides any custom keys).
META_KEYS = PUBLICATION_FIELDS
#: The custom-metadata key where an import keeps what a peer tool said about a document (its own
#: ids, comments): kept apart so that it never passes for the peer's fields on the next export.
ORIGIN_KEY = "dateline_origin"
STATUS_FOR_ANSWER = {
    "accept": DocStatus.DONE,
    "reject": DocStatus.SKIPPED,
    "ignore": DocStatus.SKIPPED,
}

Events = list[tuple[str, int, tuple[tuple[str, int], ...], dict[str, Any]]]


def split_meta(
    meta: dict[str, Any], extra: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Document fields (as strings) and the remaining custom metadata.

    `extra` holds further keys found beside `meta` (doccano's metadata columns): its document
    fields count when `meta` lacks them, the rest joins the custom metadata.
    """
    if not isinstance(meta, dict):
        raise FormatError("'meta' must be an object")
    merged = dict(extra or {})
    merged.update(meta)
    fields = {key: merged.get(key) for key in META_KEYS}
    rest = {key: value for key, value in merged.items() if key not in META_KEYS}
    return (
        {
            key: value if isinstance(value, str) else str(value)
            for key, value in fields.items()
            if value is not None
        },
        rest,
    )


def build_document(
    record: dict[str, Any],
    text: str,
    spans: list[NewSpan],
    relations: list[tuple[int, int, str]],
    events: Events,
    extra: dict[str, Any] | None = None,
    status: DocStatus | None = None,
    origin: dict[str, Any] | None = None,
) -> NewDocument:
    """A document from a parsed record: metadata from `meta` (and `extra`), status from `answer`.

    `origin`, what the peer tool said about the document, replaces any earlier one under
    ORIGIN_KEY.
    """
    fields, meta = split_meta(record.get("meta") or {}, extra)
    if origin:
        meta[ORIGIN_KEY] = origin
    if status is None:
        answer = record.get("answer")
        status = STATUS_FOR_ANSWER.get(answer, DocStatus.NEW) if isinstance(answer, str) else None
    return NewDocument(
        text=text,
        meta=meta,
        status=status or DocStatus.NEW,
        spans=tuple(spans),
        relations=tuple(relations),
        events=tuple(events),
        **fields,
    )


def check_offsets(text: str, start: Any, end: Any, label: Any, where: str) -> tuple[int, int, str]:
    """Offsets that are integers inside the text, end after start, with a label; else an error."""
    if isinstance(start, bool) or isinstance(end, bool):
        raise FormatError(f"{where}: start and end must be integers, got {start!r}, {end!r}")
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
