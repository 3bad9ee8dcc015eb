"""Plain text articles: one document per file, the title from the first line.

A `<name>.meta.json` beside `<name>.txt` may carry title, source, url, published, place and
language (the shape of `seeds/`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from annotation.formats.base import FormatError, Located
from annotation.formats.files import ARTICLE, PAGE, read_input, read_text
from annotation.model import PUBLICATION_FIELDS, NewDocument
from annotation.schema import Schema

TEXT_SUFFIXES = (".txt", ".text")
META_FIELDS = PUBLICATION_FIELDS


def read(path: Path, encoding: str | None, schema: Schema) -> list[Located]:
    """The registry's reader: the file is one article."""
    return [Located(path, None, read_text_document(path, encoding))]


def read_text_document(path: str | Path, encoding: str | None = None) -> NewDocument:
    """One text file as a document."""
    path = Path(path)
    text = read_text(path, encoding, ARTICLE)
    if not text.strip():
        raise FormatError("the file is empty (no text to annotate)", path=path)
    title = next((line.strip() for line in text.split("\n") if line.strip()), "")
    meta = read_sidecar(path)
    fields = {key: meta.pop(key) for key in META_FIELDS if key in meta}
    fields["title"] = fields.get("title") or title
    meta["file"] = path.name
    return NewDocument(text=text, meta=meta, **fields)


def read_sidecar(path: Path) -> dict[str, Any]:
    """The metadata in `<name>.meta.json` beside `<name>.txt` (empty when there is none)."""
    sidecar = path.with_suffix(".meta.json")
    if not os.path.lexists(sidecar):
        return {}
    try:
        data = orjson.loads(read_input(sidecar, PAGE))
    except orjson.JSONDecodeError as exc:
        raise FormatError(f"invalid JSON: {exc}", path=sidecar) from exc
    if not isinstance(data, dict):
        raise FormatError("metadata must be a JSON object", path=sidecar)
    for key in META_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise FormatError(f"{key!r} must be a string", path=sidecar)
    return {key: value for key, value in data.items() if value is not None}
