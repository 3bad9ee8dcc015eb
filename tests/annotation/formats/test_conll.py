"""CoNLL-2003-style IOB2: the written shape, entity spans back, tag schemes, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotation.commands import AddSpan
from annotation.formats.base import FormatError
from annotation.formats.conll import DOCSTART, read_conll
from annotation.importer import import_paths
from annotation.model import NewSpan
from annotation.session import Session
from annotation.store import Store
from tests.annotation.conftest import add_document
from tests.annotation.formats.conftest import covered, export_all, import_ok


def test_conll_shape(annotated: Session, tmp_path: Path) -> None:
    out = tmp_path / "corpus.conll"
    export_all(annotated, out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[:6] == [
        DOCSTART,
        "",
        "Narendra B-PERSON",
        "Modi I-PERSON",
        "met O",
        "Lee B-PERSON",
    ]
    assert lines.count(DOCSTART) == 3
    assert "이재명 B-PERSON" in lines and "🚀 O" in lines
    # the line break of the text ends a sentence: a blank line before "KASA"
    kasa = lines.index("KASA B-ORG")
    assert lines[kasa - 2 : kasa] == [". O", ""]
    assert "MoU O" in lines  # rejected suggestions are not entities


def test_conll_round_trip_keeps_entity_spans_on_rebuilt_text(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "corpus.conll"
    export_all(annotated, out)
    import_ok(fresh, [out])

    def squeezed(store: Store) -> list[list[tuple[str, str]]]:
        return [[("".join(t.split()), label) for t, label in d] for d in covered(store)]

    # the same entities over the same tokens, though the text between tokens was rebuilt
    assert squeezed(fresh.store) == squeezed(annotated.store)
    assert len(covered(fresh.store)[0]) == 9
    first = fresh.store.document(1).text
    # the text is rebuilt from tokens: one space between tokens, a line break between sentences
    assert first.startswith("Narendra Modi met Lee Jae - myung ( 이재명 ) in Jōhannesburg")


def test_conll_sentences_never_split_an_entity(session: Session, tmp_path: Path) -> None:
    text = "They met at the U.N. Office. Then left.\n\nNew paragraph here."
    doc = add_document(session.store, text)
    start = text.index("U.N. Office")
    session.execute(AddSpan(doc, NewSpan(start, start + len("U.N. Office"), "ORG")))
    out = tmp_path / "s.conll"
    export_all(session, out)
    (back,) = read_conll(out)
    _line, document = back
    (span,) = document.spans
    assert document.text[span.start : span.end] == "U.N. Office"
    assert document.text.split("\n") == [
        "They met at the U.N. Office .",
        "Then left .",
        "New paragraph here .",
    ]


def test_conll_reads_iob1_bioes_and_four_columns(tmp_path: Path) -> None:
    path = tmp_path / "mixed.conll"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\n"
        "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\ncall NN I-NP O\n\n"
        "-DOCSTART- -X- -X- O\n\n"
        "Lee S-PER\nvisited O\nNew B-GPE\nDelhi E-GPE\n",
        encoding="utf-8",
    )
    (line1, first), (line2, second) = read_conll(path)
    assert (line1, line2) == (1, 8)
    assert [(first.text[s.start : s.end], s.label) for s in first.spans] == [
        ("EU", "ORG"),
        ("German", "MISC"),
    ]
    assert [(second.text[s.start : s.end], s.label) for s in second.spans] == [
        ("Lee", "PER"),
        ("New Delhi", "GPE"),
    ]


def test_conll_bad_tag_is_reported_by_line(fresh: Session, tmp_path: Path) -> None:
    path = tmp_path / "bad.iob"
    path.write_text("Lee B-PERSON\nvisited X-THING\n", encoding="utf-8")
    report = import_paths(fresh, [path])
    assert report.documents == 0
    assert report.errors == [
        f"{path}:2: 'X-THING' is not an IOB tag (O, B-LABEL, I-LABEL, or BIOES/BILOU)"
    ]
    with pytest.raises(FormatError, match="expected a token and its tag"):
        path.write_text("Lee\n", encoding="utf-8")
        read_conll(path)


def test_spacys_converter_reads_every_document_and_entity_of_the_export(
    annotated: Session, tmp_path: Path
) -> None:
    # `python -m spacy convert -c ner` splits documents only at its own delimiter line and took
    # each of CoNLL-2003's `-DOCSTART- -X- -X- O` lines as a word (issue 16 item 6).
    from spacy.training.converters import conll_ner_to_docs

    out = tmp_path / "corpus.conll"
    export_all(annotated, out)
    text = out.read_text(encoding="utf-8")
    assert text.count(DOCSTART) == 3 and DOCSTART == "-DOCSTART- -X- O O"
    docs = list(conll_ner_to_docs(text, n_sents=10, no_print=True))
    assert len(docs) == 3
    assert all("-DOCSTART-" not in [t.text for t in doc] for doc in docs)
    expected = [
        [(part.replace(" ", ""), label) for part, label in document]
        for document in covered(annotated.store)
    ]
    found = [[(e.text.replace(" ", ""), e.label_) for e in doc.ents] for doc in docs]
    assert found == expected
    # CoNLL-2003 readers (Hugging Face's conll2003 script, flair, AllenNLP) take a line whose
    # first column is -DOCSTART- as a document break; so does Dateline's own reader.
    assert len(read_conll(out)) == 3
