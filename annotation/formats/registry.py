"""Every format Dateline reads or writes, in one list: the importer, the exporter, the command
line and the window's dialogs take their choices, suffixes and defaults from here.

Each format's module has one reader and one writer of the same shape as every other's:
- `read(path, encoding, schema) -> list[Located]`: the documents of one file (brat: one
  `.ann` + `.txt` pair), raising FormatError on the first problem;
- `write(items, out, schema, options) -> WriteResult`: documents into `out`, a new temporary
  file (or folder) that the exporter renames into place when complete.
A new format is such a module and one `Format` line in `FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annotation.formats import brat, conll, docbin, doccano, html, jsonl, labelstudio, text
from annotation.formats.base import DocumentData, ExportOptions, FormatError, Located, WriteResult
from annotation.schema import Schema

Reader = Callable[[Path, str | None, Schema], list[Located]]
Writer = Callable[[Iterable[DocumentData], Path, Schema, ExportOptions], WriteResult]


@dataclass(frozen=True)
class Format:
    """One format: its name, its files, and how it is read and written."""

    name: str
    #: in a few words, for help texts
    title: str
    #: the suffixes of its files (what a folder of them holds)
    suffixes: tuple[str, ...]
    reader: Reader | None
    writer: Writer | None
    #: a file's suffix says it is this format (doccano shares .jsonl and is named explicitly)
    by_suffix: bool = True
    #: written as a folder of files (brat)
    folder: bool = False
    #: what an export writes when no output is named
    default_output: str = ""
    #: what the Export dialog puts after the file name
    output_suffix: str = ""
    #: it keeps a span's status: pending suggestions can go in (--include-suggestions)
    keeps_status: bool = False
    #: it keeps rejected suggestions apart (--include-rejected)
    keeps_rejected: bool = False
    #: training data: documents nobody marked done are left out unless asked for
    #: (--all-documents), since their unlabelled text would teach "no entity here"
    training: bool = False
    #: it writes pending suggestions apart from the analysts' spans (Label Studio's predictions)
    writes_predictions: bool = False
    #: what becomes of a span that does not cover whole tokens ("" when tokens do not matter)
    misaligned: str = ""
    #: why an existing output folder is not one this format wrote (None: it may be replaced)
    foreign_content: Callable[[Path], str | None] | None = None

    @property
    def readable(self) -> bool:
        return self.reader is not None

    @property
    def writable(self) -> bool:
        return self.writer is not None

    def read(self, path: Path, encoding: str | None, schema: Schema) -> list[Located]:
        if self.reader is None:
            raise FormatError(f"Dateline does not read {self.name}", path=path)
        return self.reader(path, encoding, schema)

    def write(
        self, items: Iterable[DocumentData], out: Path, schema: Schema, options: ExportOptions
    ) -> WriteResult:
        if self.writer is None:
            raise FormatError(f"Dateline does not write {self.name}")
        return self.writer(items, out, schema, options)


FORMATS = (
    Format("text", "plain text articles", text.TEXT_SUFFIXES, text.read, None),
    Format(
        "jsonl",
        "JSONL (Prodigy's shape, the primary export; doccano's shapes read too)",
        (".jsonl", ".ndjson"),
        jsonl.read,
        jsonl.write,
        default_output="dateline.jsonl",
        output_suffix=".jsonl",
        keeps_status=True,
        keeps_rejected=True,
        training=True,
        misaligned="without token_start/token_end",
    ),
    Format(
        "doccano",
        "doccano JSONL",
        (".jsonl", ".ndjson"),
        jsonl.read_doccano,
        doccano.write,
        by_suffix=False,
        default_output="dateline.doccano.jsonl",
        output_suffix=".doccano.jsonl",
    ),
    Format("html", "saved web pages", html.HTML_SUFFIXES, html.read, None),
    Format(
        "spacy",
        "spaCy DocBin",
        (".spacy",),
        docbin.read,
        docbin.write,
        default_output="dateline.spacy",
        output_suffix=".spacy",
        keeps_rejected=True,
        training=True,
        misaligned="left out",
    ),
    Format(
        "conll",
        "CoNLL IOB2",
        (".conll", ".iob"),
        conll.read,
        conll.write,
        default_output="dateline.conll",
        output_suffix=".conll",
        training=True,
        misaligned="left out",
    ),
    Format(
        "brat",
        "brat standoff folders",
        (".ann",),
        brat.read,
        brat.write,
        folder=True,
        default_output="dateline-brat",
        foreign_content=brat.foreign_content,
    ),
    Format(
        "labelstudio",
        "Label Studio JSON tasks (annotations, predictions)",
        (".json",),
        labelstudio.read,
        labelstudio.write,
        default_output="dateline.labelstudio.json",
        output_suffix=".labelstudio.json",
        writes_predictions=True,
    ),
)
_BY_NAME = {entry.name: entry for entry in FORMATS}


def readable() -> tuple[Format, ...]:
    return tuple(entry for entry in FORMATS if entry.readable)


def writable() -> tuple[Format, ...]:
    return tuple(entry for entry in FORMATS if entry.writable)


def names(formats: Iterable[Format]) -> tuple[str, ...]:
    return tuple(entry.name for entry in formats)


def suffix_list(formats: Iterable[Format]) -> str:
    """ ".txt/.text, .jsonl/.ndjson, ...": the suffixes that name each format, for help texts."""
    return ", ".join("/".join(entry.suffixes) for entry in formats if entry.by_suffix)


def import_format(name: str) -> Format:
    """The readable format of this name (FormatError naming the known ones otherwise)."""
    return _named(name, readable(), "import")


def export_format(name: str) -> Format:
    """The writable format of this name (FormatError naming the known ones otherwise)."""
    return _named(name, writable(), "export")


def for_input(path: Path, name: str | None) -> Format:
    """The format to read `path` in: the one named, else the one its suffix says."""
    if name is not None:
        return import_format(name)
    suffix = path.suffix.lower()
    found = next((f for f in readable() if f.by_suffix and suffix in f.suffixes), None)
    if found is None:
        raise FormatError(
            f"cannot tell the format from the suffix {path.suffix!r}; "
            f"pass --format ({', '.join(names(readable()))})",
            path=path,
        )
    return found


def for_output(path: Path, name: str | None) -> Format:
    """The format to write `path` in: the one named, else the one its suffix says."""
    if name is not None:
        return export_format(name)
    files = [f for f in writable() if f.by_suffix and not f.folder]
    suffix = path.suffix.lower()
    found = next((f for f in files if suffix in f.suffixes), None)
    if found is None:
        implied = ", ".join(f"{'/'.join(f.suffixes)} {f.name}" for f in files)
        folders = " and ".join(f.name for f in writable() if f.folder)
        raise FormatError(
            f"cannot tell the export format from {str(path)!r}; pass --format "
            f"({', '.join(names(writable()))}); {implied}, and {folders} writes a folder"
        )
    return found


def _named(name: str, known: tuple[Format, ...], what: str) -> Format:
    found = _BY_NAME.get(name)
    if found is None or found not in known:
        raise FormatError(f"unknown {what} format {name!r}; known: {', '.join(names(known))}")
    return found
