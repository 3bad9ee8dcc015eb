"""A document's metadata fields are listed once (`Publication`): the project and the formats
follow that list, so a field added there is kept everywhere or these tests say where not."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotation.commands import SetDocumentMeta
from annotation.formats.text import read_text_document
from annotation.model import DOCUMENT_META_FIELDS, PUBLICATION_FIELDS
from annotation.session import Session
from tests.annotation.conftest import add_document


def _values() -> dict[str, object]:
    values: dict[str, object] = {name: f"{name} of the article" for name in PUBLICATION_FIELDS}
    return values | {"published": "2025-12-06", "meta": {"desk": "Asia"}}


def test_every_metadata_field_an_analyst_edits_is_kept_and_undone(session: Session) -> None:
    doc = add_document(session.store)
    before = session.store.document(doc)
    session.execute(SetDocumentMeta(doc, _values()))
    edited = session.store.document(doc)
    assert {name: getattr(edited, name) for name in DOCUMENT_META_FIELDS} == _values()
    session.undo()
    assert session.store.document(doc) == before


def test_a_text_files_metadata_fills_every_field_and_keeps_the_rest(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Seoul talks\n\nThe talks began.\n", encoding="utf-8")
    fields = {name: f"{name} of the article" for name in PUBLICATION_FIELDS}
    (tmp_path / "article.meta.json").write_bytes(orjson.dumps({**fields, "desk": "Asia"}))
    document = read_text_document(article)
    assert {name: getattr(document, name) for name in PUBLICATION_FIELDS} == fields
    assert document.meta == {"desk": "Asia", "file": "article.txt"}
