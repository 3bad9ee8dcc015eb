"""Which documents an export holds: training formats (.spacy, CoNLL, JSONL) take only documents
marked done unless asked for all, and every export says what it left out or included."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotation.commands import SetDocumentStatus
from annotation.exporter import ExportOptions, document_notes, export
from annotation.formats.base import FormatError
from annotation.formats.conll import read_conll
from annotation.formats.docbin import read_docbin
from annotation.model import DocStatus
from annotation.session import Session
from tests.annotation.formats.conftest import TEXT, records

# The fixture (tests/annotation/formats/conftest.py): document 1 done, 2 in progress, 3 skipped.
LEFT_OUT = (
    "Left out 2 documents nobody marked done (1 in progress, 1 skipped): {fmt} is training "
    "data, and their unreviewed text would teach a model there is no entity in it. Mark them "
    "done, or include them with --all-documents."
)


@pytest.mark.parametrize(
    ("fmt", "name"), [("spacy", "c.spacy"), ("conll", "c.conll"), ("jsonl", "c.jsonl")]
)
def test_training_formats_hold_only_documents_marked_done_and_say_what_they_left_out(
    annotated: Session, tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / name
    report = export(annotated.store, annotated.schema, out)
    assert report.outputs == [(out, 1)]
    assert report.documents_left_out == {DocStatus.IN_PROGRESS: 1, DocStatus.SKIPPED: 1}
    assert document_notes(report) == [LEFT_OUT.format(fmt=fmt)]
    if fmt == "spacy":
        ((_n, document),) = read_docbin(out)
        assert document.text == TEXT
    elif fmt == "conll":
        assert len(read_conll(out)) == 1
    else:
        (record,) = records(out)
        assert record["text"] == TEXT and record["answer"] == "accept"


def test_interchange_formats_hold_every_document_and_only_done_narrows_them(
    annotated: Session, tmp_path: Path
) -> None:
    out = tmp_path / "d.jsonl"
    report = export(annotated.store, annotated.schema, out, "doccano")
    assert report.documents == 3 and document_notes(report) == []
    report = export(
        annotated.store, annotated.schema, out, "doccano", ExportOptions(only_done=True)
    )
    assert report.documents == 1
    assert document_notes(report) == [
        "Left out 2 documents nobody marked done (1 in progress, 1 skipped)."
    ]


def test_all_documents_includes_the_rest_with_a_warning_and_spacy_marks_them_missing(
    annotated: Session, tmp_path: Path
) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    out = tmp_path / "all.spacy"
    report = export(
        annotated.store, annotated.schema, out, options=ExportOptions(all_documents=True)
    )
    assert report.documents == 3 and report.unreviewed_included == {
        DocStatus.IN_PROGRESS: 1,
        DocStatus.SKIPPED: 1,
    }
    assert document_notes(report) == [
        "Included 2 documents nobody marked done (1 in progress, 1 skipped): their tokens "
        "outside a span are marked missing, not 'no entity'."
    ]
    done, typhoon, desk = DocBin().from_bytes(out.read_bytes()).get_docs(Vocab())
    # done: every token is in an entity or outside one; not done: only the spans are known
    assert {t.ent_iob_ for t in done} == {"B", "I", "O"}
    assert {t.ent_iob_ for t in typhoon} == {"B", "I", ""}
    assert [e.text for e in typhoon.ents] == ["Typhoon Kestrel", "Bicol", "Tuesday"]
    assert {t.ent_iob_ for t in desk} == {""}  # skipped, no span: nothing learnt from it


@pytest.mark.parametrize("options", [ExportOptions(), ExportOptions(only_done=True)])
def test_a_done_only_export_with_nothing_done_is_an_error_and_writes_nothing(
    annotated: Session, tmp_path: Path, options: ExportOptions
) -> None:
    annotated.execute(SetDocumentStatus(1, DocStatus.IN_PROGRESS))
    out = tmp_path / "c.spacy"
    with pytest.raises(FormatError) as caught:
        export(annotated.store, annotated.schema, out, options=options)
    message = str(caught.value)
    assert message.startswith(
        "nothing to export: no document is marked done (2 in progress, 1 skipped)"
    )
    assert ("--all-documents" in message) is (not options.only_done)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".c", "c."))]


def test_options_that_contradict_or_do_not_apply_are_refused(
    annotated: Session, tmp_path: Path
) -> None:
    both = ExportOptions(only_done=True, all_documents=True)
    with pytest.raises(FormatError, match="--only-done and --all-documents contradict"):
        export(annotated.store, annotated.schema, tmp_path / "c.spacy", options=both)
    with pytest.raises(FormatError, match=r"--all-documents is for training data \(jsonl, spacy"):
        export(
            annotated.store,
            annotated.schema,
            tmp_path / "b",
            "brat",
            ExportOptions(all_documents=True),
        )
