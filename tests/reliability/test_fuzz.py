"""Fuzzing: whatever bytes or JSON an importer is fed, only `FormatError` comes out, and a file
that fails leaves the project exactly as it was. Whatever the command line is given, no
traceback reaches the user.

Inputs are random bytes, damaged copies of valid files of each format (written by Dateline's own
exporters), and JSON records built from the keys and values the readers look for, in wrong
shapes and types.
"""

from __future__ import annotations

import sys
import types
import zlib
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import orjson
import pytest
import srsly
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotation.exporter import ExportOptions, export
from annotation.formats import labelstudio, registry
from annotation.formats.base import FormatError
from annotation.formats.brat import read_brat
from annotation.formats.conll import read_conll
from annotation.formats.docbin import read_docbin
from annotation.formats.html import read_html
from annotation.formats.jsonl import read_jsonl
from annotation.formats.text import read_text_document
from annotation.importer import import_paths
from annotation.paths import seeds_path
from annotation.schema import load_schema
from annotation.session import Session
from desktop.launcher import main
from tests.annotation.formats.conftest import build
from tests.reliability.conftest import snapshot
from tests.reliability.test_bad_input import counts

IMPORT_FORMATS = registry.names(registry.readable())

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

#: each import format: the file it reads (brat: the .ann, beside its .txt)
SUFFIX = {
    "text": ".txt",
    "jsonl": ".jsonl",
    "doccano": ".jsonl",
    "html": ".html",
    "spacy": ".spacy",
    "conll": ".conll",
    "brat": ".ann",
    "labelstudio": ".json",
}
SCHEMA = load_schema()


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A valid file of every import format, as Dateline writes them (brat: the .ann)."""
    folder = tmp_path_factory.mktemp("samples")
    session = build(Session.open(folder / "p.db", annotator="a"))
    found: dict[str, bytes] = {}
    for fmt in ("jsonl", "doccano", "spacy", "conll", "labelstudio"):
        out = folder / f"out{fmt}{SUFFIX[fmt]}"
        every = ExportOptions(all_documents=registry.export_format(fmt).training)
        export(session.store, session.schema, out, fmt, every)
        found[fmt] = out.read_bytes()
    export(session.store, session.schema, folder / "brat", "brat")
    ann = sorted((folder / "brat").rglob("*.ann"))[0]
    found["brat"] = ann.read_bytes()
    found["brat.txt"] = ann.with_suffix(".txt").read_bytes()
    session.close()
    found["text"] = next(seeds_path().glob("*.txt")).read_bytes()
    found["html"] = (
        b"<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1>"
        b"<p>GENEVA, June 3 - Foreign ministers met in Geneva on Tuesday to discuss a truce "
        b"along the border, officials said after the talks ended late in the evening.</p>"
        b"<p>The talks resume next week, a spokesperson said.</p></article></body></html>"
    )
    assert set(found) >= set(IMPORT_FORMATS)
    return found


@st.composite
def damaged(draw: st.DrawFn, sample: bytes) -> bytes:
    """A valid file with a few bytes flipped, cut, repeated or inserted."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


def file_contents(sample: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=2048), damaged(sample))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Session]:
    session = Session.open(tmp_path / "fuzz.db", annotator="fuzz")
    yield session
    session.close()


def _write(folder: Path, fmt: str, data: bytes, samples: dict[str, bytes]) -> Path:
    path = folder / f"input{SUFFIX[fmt]}"
    path.write_bytes(data)
    if fmt == "brat":
        path.with_suffix(".txt").write_bytes(samples["brat.txt"])
    return path


def _import_changes_nothing_or_everything(session: Session, path: Path, fmt: str) -> None:
    """import_paths reports a bad file (never raises) and then the project is unchanged."""
    before = counts(session.store)
    report = import_paths(session, [path], fmt=fmt)
    if report.errors:
        assert report.documents == 0 and counts(session.store) == before
        (error,) = report.errors
        assert str(path) in error or str(path.with_suffix(".txt")) in error


READERS: dict[str, Callable[[Path], object]] = {
    "text": read_text_document,
    "jsonl": lambda path: list(read_jsonl(path)),
    "doccano": lambda path: list(read_jsonl(path, only_doccano=True)),
    "html": read_html,
    "spacy": read_docbin,
    "conll": read_conll,
    "brat": lambda path: read_brat(path, schema=SCHEMA),
    "labelstudio": lambda path: labelstudio.read(path, None, SCHEMA),
}


@pytest.mark.parametrize("fmt", IMPORT_FORMATS)
def test_random_and_damaged_files_give_only_format_errors_and_change_nothing(
    fmt: str, samples: dict[str, bytes], project: Session, tmp_path: Path
) -> None:
    @FUZZ
    @given(data=file_contents(samples[fmt]))
    def check(data: bytes) -> None:
        path = _write(tmp_path, fmt, data, samples)
        with suppress(FormatError):
            READERS[fmt](path)
        _import_changes_nothing_or_everything(project, path, fmt)

    check()
    assert project.store.integrity_errors() == []


# -- JSON in the right words and the wrong shapes ------------------------------------------------

KEYS = [
    "text", "meta", "spans", "start", "end", "label", "labels", "tokens", "token_start",
    "token_end", "relations", "head", "child", "head_span", "child_span", "events", "type",
    "trigger", "arguments", "role", "span", "attributes", "answer", "status", "origin", "score",
    "value", "note", "entities", "start_offset", "end_offset", "id", "from_id", "to_id",
    "dateline", "values", "title", "published", "language", "_input_hash", "ws",
]  # fmt: skip
WORDS = [
    "PERSON", "ORG", "GPE", "DATE", "MEET", "VISIT", "participant", "place", "ALIAS_OF",
    "LOCATED_IN", "accept", "reject", "ignore", "accepted", "suggested", "rejected", "positive",
    "polarity", "Lee met Kim in Seoul.", "", "\r\n", "🚀", "2025-12-06", "not-a-date",
]  # fmt: skip
_INT = st.integers(-(2**63), 2**63 - 1)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 40),
    _INT,
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(WORDS),
    st.text(max_size=6),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=5)
    ),
    max_leaves=24,
)
TEXT = "Lee met Kim in Seoul on Monday. 🚀 서울"
records = st.fixed_dictionaries(
    {"text": st.one_of(st.just(TEXT), st.just(TEXT), values)},
    optional={key: values for key in KEYS if key != "text"},
)
lines = st.lists(st.one_of(records, records, records, values), min_size=1, max_size=3)


def _jsonl(items: list[Any]) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in items)


@pytest.mark.parametrize("fmt", ["jsonl", "doccano"])
def test_json_in_the_wrong_shapes_gives_only_format_errors_and_changes_nothing(
    fmt: str, project: Session, tmp_path: Path
) -> None:
    @settings(FUZZ, max_examples=80)
    @given(items=lines)
    def check(items: list[Any]) -> None:
        path = tmp_path / "input.jsonl"
        path.write_bytes(_jsonl(items))
        with suppress(FormatError):
            list(read_jsonl(path, only_doccano=fmt == "doccano"))
        _import_changes_nothing_or_everything(project, path, fmt)

    check()
    assert project.store.integrity_errors() == []


def test_a_docbin_of_the_wrong_shape_gives_only_format_errors(tmp_path: Path) -> None:
    """zlib-compressed msgpack, as a .spacy file is, holding the wrong things."""

    @settings(FUZZ, max_examples=60)
    @given(content=values)
    def check(content: Any) -> None:
        path = tmp_path / "input.spacy"
        path.write_bytes(zlib.compress(srsly.msgpack_dumps(content)))
        with suppress(FormatError):
            read_docbin(path)

    check()


# -- the command line ----------------------------------------------------------------------------

FRAGMENTS = [
    "import", "export", "stats", "--help", "--version", "-p", "--project", "-o", "--output",
    "--format", "jsonl", "spacy", "doccano", "brat", "conll", "text", "html", "--only-done",
    "--include-suggestions", "--include-rejected", "--split", "0.5", "1", "-1", "nan", "abc",
    "--seed", "--strict", "--force", "--doccano-shape", "label", "entities", "--encoding",
    "utf-8", "cp1252", "no-such-codec", "--add-labels", "", "-", "--", "-x", "--nope",
]  # fmt: skip


#: options and the values each may be given (flags take none)
OPTIONS: dict[str, list[str]] = {
    "--format": ["jsonl", "spacy", "doccano", "brat", "conll", "text", "html", "xml"],
    "--split": ["0.5", "0.8", "0", "1", "-1", "nan", "abc"],
    "--seed": ["0", "7", "-3", "x"],
    "--encoding": ["utf-8", "cp1252", "utf-16", "no-such-codec"],
    "--doccano-shape": ["label", "entities", "spans"],
    "--only-done": [],
    "--include-suggestions": [],
    "--include-rejected": [],
    "--strict": [],
    "--force": [],
    "--add-labels": [],
}
COMMANDS_OF: dict[str, tuple[str, ...]] = {
    name: ("import",) if name in ("--encoding", "--add-labels") else ("export",) for name in OPTIONS
}
COMMANDS_OF["--format"] = ("import", "export")


@pytest.fixture
def cli_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Paths the fuzzed arguments may name; the window is replaced by a stub."""
    window = types.ModuleType("desktop.app")
    window.run = lambda project: 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.app", window)
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "good.db"
    build(Session.open(good, annotator="a")).close()
    (tmp_path / "notes.db").write_text("not a project\n" * 20)
    (tmp_path / "folder").mkdir()
    (tmp_path / "bad.jsonl").write_bytes(b'{"text": "ok"}\n{oops\n')
    (tmp_path / "latin.txt").write_bytes("Café".encode("cp1252"))
    return {
        "good": str(good),
        "notes": str(tmp_path / "notes.db"),
        "folder": str(tmp_path / "folder"),
        "missing": str(tmp_path / "missing.db"),
        "out": str(tmp_path / "out" / "x.jsonl"),
        "out.spacy": str(tmp_path / "out" / "x.spacy"),
        "bad": str(tmp_path / "bad.jsonl"),
        "latin": str(tmp_path / "latin.txt"),
        "seeds": str(seeds_path()),
    }


def test_any_command_line_ends_with_an_exit_code_never_a_traceback(
    cli_world: dict[str, str], tmp_path: Path
) -> None:
    paths = st.sampled_from(sorted(cli_world.values()))
    noise = st.text(st.characters(blacklist_characters="\x00"), max_size=8)
    anything = st.one_of(st.sampled_from(FRAGMENTS), paths, noise)

    def option(command: str) -> st.SearchStrategy[tuple[str, str]]:
        names = sorted(name for name in OPTIONS if command in COMMANDS_OF[name])
        return st.sampled_from(names).flatmap(
            lambda name: st.tuples(st.just(name), st.sampled_from(OPTIONS[name] or [""]))
        )

    def command_line(command: str) -> st.SearchStrategy[list[str]]:
        def assemble(
            project: str, output: str, options: list[tuple[str, str]], inputs: list[str]
        ) -> list[str]:
            args = [command, "-p", project]
            if command == "export":
                args += ["-o", output]
            for name, value in options:
                args += [name, value] if OPTIONS[name] else [name]
            return args + (inputs if command == "import" else [])

        return st.builds(
            assemble,
            paths,
            paths,
            st.lists(option(command), max_size=3) if command != "stats" else st.just([]),
            st.lists(paths, min_size=1, max_size=2),
        )

    commands = st.sampled_from(["import", "export", "stats"]).flatmap(command_line)
    argv = st.one_of(commands, commands, st.lists(anything, max_size=7))
    outside = snapshot(seeds_path())

    @settings(FUZZ, max_examples=100)
    @given(args=argv)
    def check(args: list[str]) -> None:
        result = CliRunner().invoke(main, args)
        assert isinstance(result.exit_code, int)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        assert "Traceback" not in result.output

    check()
    assert snapshot(seeds_path()) == outside  # the fuzzed commands wrote only where asked
