"""Spans off token boundaries in the token-based formats (.spacy, CoNLL): reported with the
nearest boundaries, left out while the rest is written, refused whole with --strict."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotation.commands import AddSpan
from annotation.formats.base import FormatError
from annotation.formats.conll import read_conll
from annotation.formats.docbin import read_docbin
from annotation.model import NewSpan
from annotation.session import Session
from tests.annotation.conftest import add_document
from tests.annotation.formats.conftest import export_all


@pytest.fixture
def misaligned(session: Session) -> Session:
    """A whole GPE "Seoul", and a PERSON span that ends inside the token "Modi" (an analyst held
    Alt and selected "Narendra Mod")."""
    doc = add_document(session.store, "Narendra Modi's visit to Seoul ended.")
    session.execute(AddSpan(doc, NewSpan(0, 12, "PERSON")))
    session.execute(AddSpan(doc, NewSpan(25, 30, "GPE")))
    return session


@pytest.mark.parametrize(
    ("name", "read", "what"),
    [("corpus.spacy", read_docbin, r"a \.spacy file"), ("corpus.conll", read_conll, "CoNLL")],
    ids=["spacy", "conll"],
)
def test_misaligned_spans_are_reported_the_rest_written_and_strict_refuses(
    misaligned: Session, tmp_path: Path, name: str, read: Callable[[Path], Any], what: str
) -> None:
    out = tmp_path / name
    (issue,) = export_all(misaligned, out).left_out
    assert str(issue) == (
        "document 1: span 0-12 PERSON 'Narendra Mod' ends inside a token; nearest token "
        "boundaries: start 0, end 8 or 13 (whole tokens: 0-13 'Narendra Modi')"
    )
    ((_line, written),) = read(out)
    assert [(written.text[s.start : s.end], s.label) for s in written.spans] == [("Seoul", "GPE")]
    before = out.read_bytes()
    with pytest.raises(FormatError, match=rf"1 span cannot be written to {what}; first: "):
        export_all(misaligned, out, strict=True)
    assert out.read_bytes() == before  # the strict failure left the earlier export alone
