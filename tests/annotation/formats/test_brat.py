"""brat standoff: loss-free round trips, the generated configuration, refusals, atomic folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from annotation.exporter import ExportOptions, export
from annotation.formats.base import DocumentData, FormatError
from annotation.formats.brat import ann_text, annotation_conf, read_brat
from annotation.importer import import_paths
from annotation.model import DocStatus, Document, Span, SpanStatus
from annotation.schema import load_schema
from annotation.session import Session
from tests.annotation.formats.conftest import TEXT, import_ok, snapshot
from tests.annotation.formats.test_jsonl import layouts, multiset

SCHEMA = load_schema()


def test_brat_round_trip_is_loss_free(annotated: Session, fresh: Session, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    report = export(annotated.store, annotated.schema, out, "brat")
    assert report.outputs == [(out, 3)]
    names = sorted(p.name for p in out.iterdir())
    assert names[:3] == [
        "000001-leaders-meet.ann",
        "000001-leaders-meet.meta.json",
        "000001-leaders-meet.txt",
    ]
    assert {"annotation.conf", "visual.conf"} <= set(names)
    import_ok(fresh, [out])  # a folder with .ann files is read as brat
    assert snapshot(fresh.store) == snapshot(annotated.store)


def test_brat_ann_lines(annotated: Session, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    export(annotated.store, annotated.schema, out, "brat")
    ann = (out / "000001-leaders-meet.ann").read_text(encoding="utf-8").splitlines()
    start = TEXT.index("이재명")
    assert f"T4\tPERSON {start} {start + 3}\t이재명" in ann  # code points, not bytes or UTF-16
    assert "T2\tMEET 14 17\tmet" in ann
    assert "R1\tLOCATED_IN Arg1:T7 Arg2:T10" in ann
    assert "E1\tMEET:T2 participant:T1 participant2:T3 place:T5 time:T6" in ann
    assert "A1\tpolarity E1 positive" in ann and "A2\tcontext E1 historical" in ann
    assert "#1\tAnnotatorNotes T6\t2025-11-22" in ann
    assert "#2\tNote T8\tIndian Space Research Organisation" in ann
    assert (out / "000001-leaders-meet.txt").read_text(encoding="utf-8") == TEXT


def test_annotation_conf_comes_from_the_schema() -> None:
    conf = annotation_conf(SCHEMA).splitlines()
    sections = [line for line in conf if line.startswith("[")]
    assert sections == ["[entities]", "[relations]", "[events]", "[attributes]"]
    assert "PERSON" in conf and "WORK_OF_ART" in conf
    assert "AFFILIATION\tArg1:ORG|PERSON, Arg2:GPE|NORP|ORG" in conf
    assert "ALIAS_OF\tArg1:<ENTITY>, Arg2:<ENTITY>" in conf
    meet = next(line for line in conf if line.startswith("MEET\t"))
    assert meet == (
        "MEET\tparticipant+:GPE|NORP|ORG|PERSON, place?:FAC|GPE|LOC, time?:DATE|TIME, "
        "occasion?:EVENT|ORG"
    )
    visit = next(line for line in conf if line.startswith("VISIT\t"))
    assert "host*:" in visit and "place:FAC|GPE|LOC" in visit  # repeats; required
    assert "polarity\tArg:<EVENT>, Value:positive|negative" in conf


def write_pair(folder: Path, text: str, ann: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    path = folder / "doc.ann"
    path.write_text(ann, encoding="utf-8")
    return path


def test_brat_reads_lines_in_any_order_and_numbered_roles(tmp_path: Path) -> None:
    text = "Modi met Lee in Seoul."
    ann = (
        "#1\tAnnotatorNotes T2\tthe Indian prime minister\n"
        "A1\tpolarity E1 negative\n"
        "E1\tMEET:T1 participant:T2 participant2:T3 place:T4\n"
        "T1\tMEET 5 8\tmet\n"
        "T2\tPERSON 0 4\tModi\n"
        "T3\tPERSON 9 12\tLee\n"
        "T4\tGPE 16 21\tSeoul\n"
    )
    doc = read_brat(write_pair(tmp_path, text, ann), schema=SCHEMA)
    ((type_, trigger, arguments, attributes),) = doc.events
    assert (type_, doc.spans[trigger].label, attributes) == (
        "MEET",
        "MEET",
        {"polarity": "negative"},
    )
    assert [(role, doc.spans[i].start) for role, i in arguments] == [
        ("participant", 0),
        ("participant", 9),
        ("place", 16),
    ]
    assert doc.spans[1].note == "the Indian prime minister" and doc.spans[1].value is None


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tORG 0 4;9 13\tKASA ISRO\n", r"doc.ann:1: T1 is discontinuous \(0 4;9 13\)"),
        ("T1\tPERSON 0 5\tKASA\n", "its text 'KASA' is not what the .txt has there"),
        ("T1\tORG 0 99\tKASA\n", r"T1 \(0-99 ORG\): outside the text"),
        ("T1\tORG 0 4\tKASA\n*\tEquiv T1 T1\n", r"doc.ann:2: equivalence lines"),
        ("T1\tORG 0 4\tKASA\nA1\tNegated T1\n", "Dateline keeps attributes of events only"),
        ("T1\tORG 0 4\tKASA\nR1\tPART_OF Arg1:T1 Arg2:T9\n", "T9 is no earlier T line"),
        ("X1\tsomething\n", "not a brat annotation line"),
    ],
)
def test_brat_refusals_name_the_file_and_line(tmp_path: Path, ann: str, message: str) -> None:
    path = write_pair(tmp_path, "KASA and ISRO signed.", ann)
    with pytest.raises(FormatError, match=message):
        read_brat(path, schema=SCHEMA)


def test_brat_offsets_in_utf16_units_are_refused_not_misread(tmp_path: Path) -> None:
    text = "🚀 Launch by ISRO today"
    assert text.index("ISRO") == 12
    # A JavaScript tool counts the rocket as two units: ISRO at 13-17 instead of 12-16.
    path = write_pair(tmp_path, text, "T1\tORG 13 17\tISRO\n")
    with pytest.raises(FormatError, match="count code points"):
        read_brat(path, schema=SCHEMA)


def test_brat_import_of_a_bad_pair_imports_nothing_from_it(fresh: Session, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_pair(folder, "KASA and ISRO signed.", "T1\tORG 0 4\tKASA\nT2\tORG 9 13;14 15\tISRO\n")
    report = import_paths(fresh, [folder])
    assert report.documents == 0 and report.errors[0].startswith(f"{folder / 'doc.ann'}:2: ")


def test_brat_export_refuses_an_existing_folder_unless_forced(
    annotated: Session, tmp_path: Path
) -> None:
    out = tmp_path / "brat"
    export(annotated.store, annotated.schema, out, "brat")
    stale = out / "000009-gone.txt"
    stale.write_text("an older export", encoding="utf-8")
    with pytest.raises(FormatError, match="already exists; pass --force"):
        export(annotated.store, annotated.schema, out, "brat")
    export(annotated.store, annotated.schema, out, "brat", ExportOptions(force=True))
    assert not stale.exists() and (out / "000001-leaders-meet.ann").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_brat_force_never_replaces_a_folder_that_is_not_an_export(
    annotated: Session, tmp_path: Path
) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.docx").write_bytes(b"years of work")
    with pytest.raises(FormatError, match=r"not replacing this folder: it holds 'chapter1\.docx'"):
        export(annotated.store, annotated.schema, precious, "brat", ExportOptions(force=True))
    assert (precious / "chapter1.docx").read_bytes() == b"years of work"


def test_a_failed_brat_export_leaves_the_old_folder_whole(
    annotated: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "brat"
    export(annotated.store, annotated.schema, out, "brat")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def explode(*args: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("annotation.formats.brat.ann_text", explode)
    with pytest.raises(RuntimeError):
        export(annotated.store, annotated.schema, out, "brat", ExportOptions(force=True))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".brat")] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_brat_random_layouts_round_trip_exactly(
    tmp_path_factory: pytest.TempPathFactory,
    layout: tuple[str, list[tuple[int, int, str, str | None]]],
) -> None:
    text, spans = layout
    assume("\x00" not in text)  # a NUL byte marks a binary file, refused on reading by design
    if text.startswith("\ufeff"):
        text = "x" + text  # a leading BOM is taken as the file's encoding mark, by design
        spans = [(s + 1, e + 1, label, value) for s, e, label, value in spans]
    document = Document(id=1, uid="u", text=text, status=DocStatus.DONE)
    data = DocumentData(
        document,
        tuple(
            Span(s, e, label, SpanStatus.ACCEPTED, value=value, id=n, document_id=1)
            for n, (s, e, label, value) in enumerate(spans, 1)
        ),
    )
    folder = tmp_path_factory.mktemp("brat")
    (folder / "doc.txt").write_bytes(text.encode("utf-8"))
    (folder / "doc.ann").write_bytes(ann_text(data, SCHEMA).encode("utf-8"))
    back = read_brat(folder / "doc.ann", schema=SCHEMA)
    assert back.text == text
    assert multiset((s.start, s.end, s.label, s.value) for s in back.spans) == multiset(spans)
