"""The probe's hostile inputs (issue 13, item 6): each is refused or reported in words, by file
and line, and never costs the other files of an import their turn.

Small inputs live in `inputs/`; large or odd ones (FIFOs, links, a .spacy bomb) are made here.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import srsly
from click.testing import CliRunner

from annotation.cli import main
from annotation.commands import AddSpan
from annotation.exporter import ExportOptions, export
from annotation.formats import registry
from annotation.formats.base import FormatError
from annotation.formats.docbin import read_docbin
from annotation.importer import import_paths
from annotation.model import NewSpan
from annotation.session import Session
from annotation.store import StoreError
from tests.reliability.conftest import run_child

INPUTS = Path(__file__).parent / "inputs"
GOOD = b'{"text": "Lee Jae-myung visited Seoul on Monday."}\n'


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    opened = Session.open(tmp_path / "p.db", annotator="a")
    yield opened
    opened.close()


def good_files(folder: Path, *names: str) -> list[Path]:
    paths = []
    for number, name in enumerate(names):
        path = folder / name
        path.write_bytes(GOOD.replace(b"Monday", f"day {number}".encode()))
        paths.append(path)
    return paths


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


# -- meta nested 254+ levels deep ----------------------------------------------------------------


def test_deeply_nested_meta_is_refused_and_the_files_after_it_are_imported(
    session: Session, tmp_path: Path
) -> None:
    first, last = good_files(tmp_path, "first.jsonl", "last.jsonl")
    text = tmp_path / "deep.txt"
    text.write_text("A wire story about Seoul.\n", encoding="utf-8")
    deep = orjson.loads((INPUTS / "deep-meta.jsonl").read_bytes())["meta"]
    text.with_suffix(".meta.json").write_text(json.dumps(deep), encoding="utf-8")
    report = import_paths(session, [first, INPUTS / "deep-meta.jsonl", text, last])
    assert report.files == 2 and report.documents == 2
    assert [error.split(": ", 1)[0] for error in report.errors] == [
        f"{INPUTS / 'deep-meta.jsonl'}:1",
        str(text),
    ]
    assert all("nested more than 64 levels deep" in error for error in report.errors)


def test_a_multi_file_import_through_the_cli_reports_every_file_and_a_summary(
    tmp_path: Path,
) -> None:
    first, last = good_files(tmp_path, "first.jsonl", "last.jsonl")
    result = cli(
        "import",
        str(first),
        str(INPUTS / "deep-meta.jsonl"),
        str(last),
        "-p",
        str(tmp_path / "p.db"),
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Imported 2 documents" in result.output
    assert f"Error: {INPUTS / 'deep-meta.jsonl'}:1: the metadata is nested" in result.output
    assert "1 files or folders were not imported" in result.output


def test_an_unexpected_fault_reading_one_file_is_reported_and_the_others_imported(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotation.importer as importer

    first, odd, last = good_files(tmp_path, "a.jsonl", "b.jsonl", "c.jsonl")
    real = importer.read_file

    def faulty(path: Path, *args: Any) -> Any:
        if path == odd:
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, *args)

    monkeypatch.setattr(importer, "read_file", faulty)
    report = import_paths(session, [first, odd, last])
    assert report.documents == 2
    (error,) = report.errors
    assert error.startswith(f"{odd}: not imported: unexpected RecursionError")


def test_a_failing_project_stops_the_import_and_names_the_files_not_tried(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotation.importer as importer

    first, second, third = good_files(tmp_path, "a.jsonl", "b.jsonl", "c.jsonl")
    real = importer.store_documents

    def store(session: Session, located: Any, *args: Any) -> Any:
        if located[0].path == second:
            raise StoreError("the disk is full")
        return real(session, located, *args)

    monkeypatch.setattr(importer, "store_documents", store)
    report = import_paths(session, [first, second, third])
    assert report.documents == 1
    assert report.errors == [f"{second}: not imported: the disk is full"]
    assert report.not_tried == [third]


# -- encodings that are not for files -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["undefined", "punycode", "idna", "rot13", "no-such-codec"])
def test_an_encoding_that_cannot_decode_files_is_refused_in_words(
    tmp_path: Path, encoding: str
) -> None:
    (tmp_path / "a.txt").write_text("Hello there.\n", encoding="utf-8")
    result = cli(
        "import", str(tmp_path / "a.txt"), "--encoding", encoding, "-p", str(tmp_path / "p.db")
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"Error: {encoding!r}" in result.output and "Traceback" not in result.output
    assert "utf-8, cp1252" in result.output or "not an encoding Python knows" in result.output


@pytest.mark.parametrize("charset", ["undefined", "punycode"])
def test_a_page_declaring_an_encoding_that_cannot_decode_it_is_refused(
    session: Session, tmp_path: Path, charset: str
) -> None:
    (first,) = good_files(tmp_path, "first.jsonl")
    page = tmp_path / f"charset-{charset}.html"
    utf8 = (INPUTS / "geneva.html").read_text(encoding="utf-8")
    page.write_text(utf8.replace('charset="utf-8"', f'charset="{charset}"'), encoding="utf-8")
    report = import_paths(session, [page, first])
    assert report.documents == 1
    (error,) = report.errors
    assert error.startswith(f"{page}: the page declares its encoding as {charset!r}")
    assert "--encoding" in error


# -- FIFOs, devices, size caps --------------------------------------------------------------------


def _returns(function: Any, unblock: Path) -> Any:
    """Run `function` in a thread; if it is still blocked after a long while, open the FIFO
    for writing (so the reader gets end-of-file) and fail."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except Exception as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    if thread.is_alive():
        os.close(os.open(unblock, os.O_WRONLY))
        thread.join(10)
        pytest.fail("the import blocked on a FIFO")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_a_fifo_is_refused_and_never_opened(session: Session, tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    with pytest.raises(
        FormatError,
        match=r"feed\.txt: is a named pipe \(FIFO\): Dateline imports only regular files",
    ):
        _returns(lambda: import_paths(session, [fifo]), fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    good_files(folder, "story.txt")
    os.mkfifo(folder / "pipe.txt")
    report = _returns(lambda: import_paths(session, [folder]), folder / "pipe.txt")
    assert report.documents == 1
    assert report.errors == [
        f"{folder / 'pipe.txt'}: is a named pipe (FIFO): Dateline imports only regular files"
    ]


def test_dev_zero_as_text_is_refused_at_once(tmp_path: Path) -> None:
    """It once read without end; the child's memory is capped so a regression cannot hurt."""
    done = run_child(
        sys.executable, "-c", _CAPPED_IMPORT, "/dev/zero", tmp_path / "p.db", timeout=300
    )
    assert done.returncode == 1, done.stderr
    assert "Error: /dev/zero: is a device: Dateline imports only regular files" in done.stderr
    assert "Traceback" not in done.stderr


_CAPPED_IMPORT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
from annotation.cli import main
main(["import", sys.argv[1], "--format", "text", "-p", sys.argv[2]])
"""


def test_a_text_over_the_cap_is_refused_unread_with_the_cap_in_the_message(
    session: Session, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(4_000_005)  # sparse: nothing is written, nothing need be read
    report = import_paths(session, [big])
    assert report.errors == [
        f"{big}: the file is 4,000,005 bytes, and Dateline reads at most 4,000,004 bytes for "
        "one article (an article may be up to 1,000,000 characters): split it into one file "
        "per article, or into a JSONL file with one article per line"
    ]


# -- unreadable folders and files -----------------------------------------------------------------


def test_an_unreadable_subfolder_is_reported_not_skipped(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    good_files(folder, "open.txt")
    good_files(locked, "hidden.txt")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:  # what a folder without read permission does
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = import_paths(session, [folder])
    assert report.documents == 1
    assert report.errors == [
        f"{locked}: cannot read this folder (permission denied): nothing in it was imported"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not bind root")
def test_unreadable_folders_and_files_are_reported(session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    good_files(folder, "open.txt", "secret.txt")
    good_files(locked, "hidden.txt")
    (folder / "secret.txt").chmod(0)
    locked.chmod(0)
    try:
        report = import_paths(session, [folder])
    finally:
        locked.chmod(0o755)
    assert report.documents == 1
    assert sorted(report.errors) == [
        f"{locked}: cannot read this folder (permission denied): nothing in it was imported",
        f"{folder / 'secret.txt'}: cannot read: permission denied",
    ]


# -- symbolic links that lead nowhere -------------------------------------------------------------


def test_a_symlink_loop_and_a_dangling_link_are_named_for_what_they_are(
    session: Session, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(FormatError, match=r"a\.txt: a symbolic link loop"):
        import_paths(session, [tmp_path / "a.txt"])
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    with pytest.raises(
        FormatError, match=r"gone\.txt: a symbolic link to .*deleted\.txt, which does not exist"
    ):
        import_paths(session, [tmp_path / "gone.txt"])
    good_files(tmp_path, "real.txt")
    report = import_paths(session, [tmp_path])
    assert report.documents == 1
    assert [error.split(": ", 1)[1][:32] for error in report.errors] == [
        "cannot read: a symbolic link loo",
        "cannot read: a symbolic link loo",
        "cannot read: a symbolic link to ",
    ]


# -- labels and texts that must survive every export -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [("label-space", "a space"), ("label-tab", "a tab"), ("label-newline", "a line break")],
)
def test_a_new_label_that_is_not_one_word_is_refused_even_with_add_labels(
    session: Session, name: str, what: str
) -> None:
    path = INPUTS / f"{name}.jsonl"
    report = import_paths(session, [path], add_labels=True)
    assert report.documents == 0 and report.new_labels == []
    (error,) = report.errors
    assert error.startswith(f"{path}:2: the label 'NEW")
    assert f"holds {what}; a label is one word" in error
    assert not any(" " in label or "\t" in label for label in session.schema.label_names)


def test_exports_refuse_a_label_they_cannot_write_back(session: Session, tmp_path: Path) -> None:
    """A project that took such a label before the import refused it: brat and CoNLL say so."""
    session.add_labels(["NEW LABEL"])
    (doc_id,) = import_paths(session, [INPUTS / "nul-text.jsonl"]).document_ids
    on = session.store.document(doc_id).text.index("on")
    session.execute(AddSpan(doc_id, NewSpan(on, on + 2, "NEW LABEL")))
    for fmt, out in (("brat", tmp_path / "brat"), ("conll", tmp_path / "x.conll")):
        every = ExportOptions(all_documents=registry.export_format(fmt).training)
        with pytest.raises(
            FormatError, match=r"document 1 .*: the label 'NEW LABEL' holds a space"
        ):
            export(session.store, session.schema, out, fmt, every)
        assert not out.exists()


NOTE = 'a\\b\r\n\tc "quoted"'


def _hostile_project(session: Session) -> None:
    """A NUL in a text, notes with every escape brat needs, a value, a label from an import."""
    report = import_paths(session, [INPUTS / "nul-text.jsonl"])
    assert report.ok, report.errors
    (doc_id,) = report.document_ids
    text = session.store.document(doc_id).text
    session.add_labels(["NEW_LABEL"])
    met, monday = text.index("met"), text.index("Monday")
    session.execute(AddSpan(doc_id, NewSpan(met, met + 3, "NEW_LABEL", note=NOTE)))
    session.execute(AddSpan(doc_id, NewSpan(monday, monday + 6, "DATE", value="2025-12-01")))


@pytest.mark.parametrize("fmt", registry.names(registry.writable()))
def test_every_export_of_odd_but_valid_content_imports_again(
    session: Session, tmp_path: Path, fmt: str
) -> None:
    _hostile_project(session)
    out = tmp_path / registry.export_format(fmt).default_output
    every = ExportOptions(all_documents=registry.export_format(fmt).training)
    written = export(session.store, session.schema, out, fmt, every).documents
    assert written == 1
    fresh = Session.open(tmp_path / "fresh.db")
    try:
        report = import_paths(
            fresh, [out], fmt=None if fmt in ("jsonl", "brat") else fmt, add_labels=True
        )
        assert report.ok and report.documents == 1, report.errors
        (back,) = report.document_ids
        text = fresh.store.document(back).text
        spans = {(s.label, text[s.start : s.end]) for s in fresh.store.spans(back)}
        assert ("NEW_LABEL", "met") in spans and ("GPE", "Oslo") in spans
        if fmt in ("jsonl", "doccano", "brat", "spacy"):  # the formats that keep the text
            assert text == session.store.document(1).text
        if fmt == "brat":
            (noted,) = [s for s in fresh.store.spans(back) if s.label == "NEW_LABEL"]
            assert noted.note == NOTE
    finally:
        fresh.close()


# -- .spacy: a bomb in bounded memory, and a damaged file in words --------------------------------


def _bomb(path: Path, zeros: int) -> None:
    """A zlib file of msgpack {"x": <`zeros` zero bytes>}: one deflate block of 16 MB of zeros,
    repeated (each block starts afresh), and the checksum worked out rather than computed."""
    head = b"\x81\xa1x\xc6" + zeros.to_bytes(4, "big")  # a map of one bin32
    chunk = bytes(16 * 1024**2)
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = raw.compress(head) + raw.flush(zlib.Z_FULL_FLUSH)
    block = raw.compress(chunk) + raw.flush(zlib.Z_FULL_FLUSH)
    end = raw.flush()
    check = zlib.adler32(head)
    low, high = check & 0xFFFF, check >> 16
    high = (high + zeros * low) % 65521  # Adler-32 after `zeros` more zero bytes
    path.write_bytes(
        b"\x78\xda"
        + start
        + block * (zeros // len(chunk))
        + end
        + ((high << 16) | low).to_bytes(4, "big")
    )


def test_a_spacy_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.spacy"
    _bomb(bomb, 1024**3)
    assert bomb.stat().st_size < 2_000_000
    done = run_child(sys.executable, "-c", _PEAK, bomb, timeout=300)
    message, peak_mb, before_mb = done.stdout.strip().rsplit("\n", 2)
    assert "unpacks to more than 512 MB" in message and "bomb.spacy" in message
    assert float(peak_mb) - float(before_mb) < 100, (peak_mb, before_mb)


_PEAK = """
import resource, sys
from annotation.formats.docbin import read_docbin
import spacy.tokens, spacy.vocab, srsly, numpy
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    read_docbin(sys.argv[1])
except Exception as exc:
    print(exc)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(before)
"""


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ({"x": b"\0" * 1000}, "it lacks the field 'attrs' (it holds 'x')"),
        ([1, 2, 3], "it holds a list, not a DocBin's fields"),
        (
            {
                "attrs": [1, 2],
                "tokens": b"\0" * 24,
                "spaces": b"\0",
                "lengths": b"\1\0\0\0",
                "strings": [],
                "cats": [{}],
            },
            "its token table holds 24 bytes where 1 tokens of 2 attributes need 16",
        ),
    ],
)
def test_a_damaged_spacy_file_says_what_is_wrong(
    tmp_path: Path, content: Any, problem: str
) -> None:
    path = tmp_path / "damaged.spacy"
    path.write_bytes(zlib.compress(srsly.msgpack_dumps(content)))
    with pytest.raises(FormatError) as caught:
        read_docbin(path)
    assert str(caught.value) == f"{path}: not a spaCy DocBin (.spacy) file: {problem}"


# -- brat: schema errors name the line -------------------------------------------------------------


def test_brat_schema_errors_name_the_line(session: Session) -> None:
    folder = INPUTS / "brat-schema"
    report = import_paths(session, [folder])
    assert report.documents == 0
    assert sorted(report.errors) == sorted(
        [
            f"{folder / 'bad-relation.ann'}:5: LOCATED_IN does not link PERSON to GPE "
            "(head: EVENT, FAC, GPE, LOC, ORG; child: FAC, GPE, LOC)",
            f"{folder / 'bad-role.ann'}:6: MEET has no role 'venue'",
            "labels not in the schema 'news': AGENCY (first at "
            f"{folder / 'unknown-label.ann'}:3). Known labels: "
            + ", ".join(session.schema.label_names)
            + ". To add them to this project, import again with 'Add labels the schema lacks'.",
        ]
    )
