"""`dateline export --format` / `dateline import --format`: inference, reports, one-line errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotation.cli import main
from annotation.commands import AddSpan, MarkDone
from annotation.model import NewSpan
from annotation.session import Session
from tests.annotation.conftest import add_document


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_format_exports_and_imports_through_the_cli(
    annotated: Session, tmp_path: Path
) -> None:
    project = str(annotated.store.path)
    cases = [
        (["-o", str(tmp_path / "c.jsonl"), "--all-documents"], tmp_path / "c.jsonl", []),
        (["-o", str(tmp_path / "c.spacy"), "--all-documents"], tmp_path / "c.spacy", []),
        (["-o", str(tmp_path / "c.conll"), "--all-documents"], tmp_path / "c.conll", []),
        (
            ["--format", "doccano", "-o", str(tmp_path / "d.jsonl")],
            tmp_path / "d.jsonl",
            ["--format", "doccano"],
        ),
        (["--format", "brat", "-o", str(tmp_path / "b")], tmp_path / "b", []),
        (["-o", str(tmp_path / "c.json")], tmp_path / "c.json", []),
    ]
    for number, (export_args, output, import_args) in enumerate(cases):
        code, stdout, stderr = run("export", "--project", project, *export_args)
        assert code == 0, stderr
        assert stdout.startswith(f"Wrote 3 documents to {output}")
        target = str(tmp_path / f"new{number}.db")
        code, stdout, stderr = run("import", str(output), "--project", target, *import_args)
        assert code == 0 and stdout.startswith("Imported 3 documents"), (output, stdout, stderr)


def test_export_split_and_seed(annotated: Session, tmp_path: Path) -> None:
    out = tmp_path / "corpus.spacy"
    project = str(annotated.store.path)
    code, stdout, _ = run(
        "export", "--project", project, "-o", str(out), "--split", "0.67", "--all-documents"
    )
    assert code == 0
    assert stdout.strip().splitlines()[0] == (
        f"Wrote 2 documents to {tmp_path / 'corpus.train.spacy'} and 1 documents to "
        f"{tmp_path / 'corpus.dev.spacy'} (spacy)"
    )


def test_export_prints_the_misalignment_report_and_strict_fails(
    session: Session, tmp_path: Path
) -> None:
    doc = add_document(session.store, "Narendra Modi's visit to Seoul ended.")
    session.execute(AddSpan(doc, NewSpan(0, 12, "PERSON")))
    session.execute(MarkDone(doc))
    project, out = str(session.store.path), str(tmp_path / "x.spacy")
    code, stdout, _ = run("export", "--project", project, "-o", out)
    assert code == 0
    assert "Left out 1 span that spacy cannot hold" in stdout
    assert "  document 1: span 0-12 PERSON 'Narendra Mod' ends inside a token;" in stdout
    code, _, stderr = run("export", "--project", project, "-o", out, "--strict")
    assert code == 1 and "Traceback" not in stderr
    assert (
        stderr.strip()
        .splitlines()[-1]
        .startswith("Error: 1 span cannot be written to a .spacy file")
    )


def test_export_errors_are_one_line(annotated: Session, tmp_path: Path) -> None:
    project = str(annotated.store.path)
    code, _, stderr = run("export", "--project", project, "-o", str(tmp_path / "out.txt"))
    assert code == 1 and "cannot tell the export format" in stderr
    code, _, stderr = run(
        "export", "--project", project, "-o", str(tmp_path / "c.conll"), "--include-suggestions"
    )
    assert code == 1 and "--include-suggestions works with jsonl" in stderr
    (tmp_path / "b").mkdir()
    code, _, stderr = run(
        "export", "--project", project, "--format", "brat", "-o", str(tmp_path / "b")
    )
    assert code == 1 and "already exists; pass --force" in stderr
    code, _, stderr = run(
        "export", "--project", project, "-o", str(tmp_path / "c.jsonl"), "--split", "2"
    )
    assert code == 1 and "--split must be between 0 and 1" in stderr
    assert stderr.strip().splitlines() == [
        "Error: --split must be between 0 and 1 (the training share), not 2.0"
    ]


def test_import_of_an_unknown_suffix_asks_for_a_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# notes\n", encoding="utf-8")
    code, _, stderr = run("import", str(path), "--project", str(tmp_path / "p.db"))
    assert code == 1 and "cannot tell the format from the suffix '.md'" in stderr
    assert "text, jsonl, doccano, html, spacy, conll, brat, labelstudio" in stderr
