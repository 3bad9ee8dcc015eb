"""The format registry: one list that the importer, the exporter, the CLI and the dialogs share."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotation.cli import main
from annotation.formats import registry
from annotation.formats.base import FormatError


def test_the_registry_lists_every_format_with_what_it_reads_and_writes() -> None:
    assert registry.names(registry.readable()) == (
        "text",
        "jsonl",
        "doccano",
        "html",
        "spacy",
        "conll",
        "brat",
        "labelstudio",
    )
    assert registry.names(registry.writable()) == (
        "jsonl",
        "doccano",
        "spacy",
        "conll",
        "brat",
        "labelstudio",
    )
    training = [entry.name for entry in registry.writable() if entry.training]
    assert training == ["jsonl", "spacy", "conll"]
    for entry in registry.writable():
        assert entry.default_output.endswith(entry.output_suffix)
        assert (entry.foreign_content is not None) == entry.folder


def test_every_reader_and_writer_has_the_one_shape() -> None:
    readers = {entry.reader for entry in registry.FORMATS if entry.reader is not None}
    writers = {entry.writer for entry in registry.FORMATS if entry.writer is not None}
    assert {tuple(inspect.signature(reader).parameters) for reader in readers} == {
        ("path", "encoding", "schema")
    }
    assert {tuple(inspect.signature(writer).parameters) for writer in writers} == {
        ("items", "out", "schema", "options")
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "text"),
        ("a.TEXT", "text"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.htm", "html"),
        ("a.spacy", "spacy"),
        ("a.iob", "conll"),
        ("a.ann", "brat"),
        ("a.json", "labelstudio"),
    ],
)
def test_a_files_suffix_names_its_format(name: str, expected: str) -> None:
    assert registry.for_input(Path(name), None).name == expected


def test_doccano_is_named_never_guessed_and_unknown_names_list_the_known() -> None:
    assert registry.for_input(Path("a.jsonl"), "doccano").name == "doccano"
    with pytest.raises(FormatError, match=r"unknown export format 'html'; known: jsonl, doccano"):
        registry.export_format("html")
    with pytest.raises(FormatError, match=r"cannot tell the format from the suffix '\.md'"):
        registry.for_input(Path("notes.md"), None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.jsonl", "jsonl"),
        ("out.spacy", "spacy"),
        ("out.conll", "conll"),
        ("out.iob", "conll"),
        ("out.json", "labelstudio"),
    ],
)
def test_an_outputs_suffix_names_its_format(name: str, expected: str) -> None:
    assert registry.for_output(Path(name), None).name == expected


def test_an_output_suffix_naming_no_file_format_is_refused_with_the_choices() -> None:
    for name in ("out", "out.ann", "out.txt"):
        with pytest.raises(FormatError) as caught:
            registry.for_output(Path(name), None)
        assert "pass --format (jsonl, doccano, spacy, conll, brat, labelstudio)" in str(
            caught.value
        )
        assert "brat writes a folder" in str(caught.value)


def test_the_command_line_offers_the_registrys_formats() -> None:
    runner = CliRunner()
    assert (
        "[text|jsonl|doccano|html|spacy|conll|brat|labelstudio]"
        in runner.invoke(main, ["import", "--help"]).output
    )
    exported = runner.invoke(main, ["export", "--help"]).output
    assert "[jsonl|doccano|spacy|conll|brat|labelstudio]" in exported
    assert "dateline-brat/" in exported
