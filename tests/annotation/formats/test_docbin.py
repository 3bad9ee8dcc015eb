"""spaCy DocBin (.spacy): trainable output, overlapping spans, safe reading (spans off token
boundaries: test_alignment.py)."""

from __future__ import annotations

import pickle
import random
import zlib
from pathlib import Path

import pytest
import spacy
import srsly
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import fix_random_seed

from annotation.formats.base import DocumentData, FormatError
from annotation.formats.docbin import INCORRECT_SPANS_KEY, SPANS_KEY, make_doc, read_docbin
from annotation.importer import import_paths
from annotation.model import Document, Span, SpanStatus
from annotation.schema import load_schema
from annotation.session import Session
from tests.annotation.formats.conftest import covered, export_all, import_ok, snapshot

SCHEMA = load_schema()


def docs_of(path: Path) -> list[spacy.tokens.Doc]:
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_spacy_round_trip_keeps_text_and_entity_spans(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "corpus.spacy"
    report = export_all(annotated, out)
    assert report.format == "spacy" and report.outputs == [(out, 3)] and not report.left_out
    first = docs_of(out)[0]
    assert [(e.text, e.label_) for e in first.ents][:3] == [
        ("Narendra Modi", "PERSON"),
        ("Lee Jae-myung", "PERSON"),
        ("이재명", "PERSON"),
    ]
    assert [s.text for s in first.spans[SPANS_KEY]] == [e.text for e in first.ents]
    assert "met" not in {e.text for e in first.ents}  # event triggers are not entities
    import_ok(fresh, [out])
    before = snapshot(annotated.store, entities_only=True)
    after = snapshot(fresh.store)
    assert [d["text"] for d in after] == [d["text"] for d in before]
    assert [[s[:3] for s in d["spans"]] for d in after] == [
        [s[:3] for s in d["spans"]] for d in before
    ]
    assert covered(fresh.store) == covered(annotated.store)


def test_spacy_include_rejected_writes_incorrect_spans(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "negatives.spacy"
    export_all(annotated, out, include_rejected=True)
    first = docs_of(out)[0]
    assert [(s.text, s.label_) for s in first.spans[INCORRECT_SPANS_KEY]] == [("MoU", "LAW")]
    assert "MoU" not in {e.text for e in first.ents}
    import_ok(fresh, [out])
    (mou,) = fresh.store.spans(1, [SpanStatus.REJECTED])
    assert (mou.label, mou.status) == ("LAW", SpanStatus.REJECTED)


def test_overlapping_spans_go_to_the_span_group_and_leave_ents_missing() -> None:
    text = "The Bank of Korea raised rates."
    document = Document(id=1, uid="u", text=text)
    spans = (Span(4, 17, "ORG", id=1, document_id=1), Span(12, 17, "GPE", id=2, document_id=1))
    doc, count = make_doc(DocumentData(document, spans), SCHEMA, [])
    assert count == 2 and [s.text for s in doc.spans[SPANS_KEY]] == ["Bank of Korea", "Korea"]
    assert list(doc.ents) == [] and all(token.ent_iob_ == "" for token in doc)  # missing, not O


def test_spacy_export_trains_a_blank_english_ner(annotated: Session, tmp_path: Path) -> None:
    out = tmp_path / "train.spacy"
    export_all(annotated, out)
    fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    gold = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in gold]
    optimizer = nlp.initialize(lambda: examples)
    shuffle = random.Random(0)
    losses: dict[str, float] = {}
    for _ in range(40):
        shuffle.shuffle(examples)
        nlp.update(examples, sgd=optimizer, losses=losses)
    assert set(nlp.get_pipe("ner").labels) >= {"PERSON", "ORG", "GPE", "DATE", "EVENT"}
    sentence = gold[1].text  # "Typhoon Kestrel hit Bicol on Tuesday, the agency said."
    predicted = {(e.text, e.label_) for e in nlp(sentence).ents}
    assert predicted & {(e.text, e.label_) for e in gold[1].ents}, predicted


def test_reading_a_docbin_never_unpickles_nor_reads_user_data(
    fresh: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nlp = spacy.blank("en")
    doc = nlp("Lee Jae-myung visited Seoul.")
    doc.ents = [doc.char_span(0, 13, "PERSON"), doc.char_span(22, 27, "GPE")]
    doc_bin = DocBin(store_user_data=True, docs=[doc])
    doc_bin.user_data = [b"\xc1 not msgpack: reading this would fail"]
    path = tmp_path / "with-user-data.spacy"
    path.write_bytes(doc_bin.to_bytes())

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an input was unpickled")

    for name in ("loads", "load", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    report = import_ok(fresh, [path])
    spans = fresh.store.spans(report.document_ids[0])
    assert [(s.label, s.origin) for s in spans] == [
        ("PERSON", "import:spacy"),
        ("GPE", "import:spacy"),
    ]
    # An object array (numpy would need pickle for it) is refused, not loaded.
    evil = {b"nd": True, b"type": "|O", b"kind": b"", b"shape": [1], b"data": b"\x00" * 8}
    hostile = tmp_path / "hostile.spacy"
    hostile.write_bytes(zlib.compress(srsly.msgpack_dumps({"attrs": [], "tokens": evil})))
    with pytest.raises(FormatError, match=r"not a spaCy DocBin .*cannot create an OBJECT array"):
        read_docbin(hostile)


def test_garbage_is_refused_with_the_file_named(fresh: Session, tmp_path: Path) -> None:
    path = tmp_path / "notes.spacy"
    path.write_bytes(b"these are my notes, not a DocBin")
    report = import_paths(fresh, [path])
    assert report.documents == 0 and report.errors[0].startswith(f"{path}: not a spaCy DocBin")


def test_a_docbin_that_unpacks_beyond_the_limit_is_refused_unread(tmp_path: Path) -> None:
    """A few kilobytes of zlib can unpack into gigabytes: refused before spaCy unpacks it."""
    from annotation.formats.docbin import read_docbin

    bomb = tmp_path / "bomb.spacy"
    bomb.write_bytes(zlib.compress(b"\0" * 64 * 1024**2, 9))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(FormatError) as caught:
        read_docbin(bomb, max_unpacked=32 * 1024**2)
    assert "bomb.spacy" in str(caught.value) and "unpacks to more than" in str(caught.value)
