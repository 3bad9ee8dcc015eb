"""Bad input is reported by file and line (or document and span), and nothing of it is imported.

Each case imports a good file and a bad one together: the good one comes in whole, the bad one
not at all (every table and the edit log have exactly the rows they had plus the good file's),
and the message names the bad file and where in it the problem is.
"""

from __future__ import annotations

import codecs
import re
import resource
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotation.formats.base import MAX_DOCUMENT_CHARS
from annotation.importer import import_paths
from annotation.session import Session
from annotation.store import TABLES, Store
from tests.reliability.conftest import DATELINE, run_child

GOOD = "Lee Jae-myung visited Seoul on Monday."


def counts(store: Store) -> dict[str, int]:
    """Rows in every table of the project, the edit log and settings included."""
    return {
        name: int(store.conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0])
        for name in (*TABLES, "edit_log", "setting", "suggestion_run")
    }


def jsonl(*records: Any) -> bytes:
    return b"".join(orjson.dumps(record) + b"\n" for record in records)


def _span(start: int, end: int, label: str) -> dict[str, Any]:
    return {"start": start, "end": end, "label": label}


#: name -> (file name, bytes, the message's pattern after "FILE:")
CASES: dict[str, tuple[str, bytes, str]] = {
    "invalid-utf8-text": (
        "latin.txt",
        "Café society\nSão Paulo’s mayor".encode("cp1252"),
        r"1: not valid UTF-8: byte 0xe9 at line 1, column 4 .*--encoding cp1252",
    ),
    "invalid-utf8-jsonl": (
        "latin.jsonl",
        jsonl({"text": "Fine."}) + '{"text": "Café"}\n'.encode("cp1252"),
        r"2: not valid UTF-8: byte 0xe9 at line 2, column 14",
    ),
    "binary": (
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "binary",
    ),
    "empty-text": ("empty.txt", b"", "empty"),
    "blank-text": ("blank.txt", b" \n\t\n", "empty"),
    "empty-jsonl": ("empty.jsonl", b"", "empty"),
    "blank-jsonl": ("blank.jsonl", b"\n  \n\n", "empty"),
    "malformed-jsonl": (
        "broken.jsonl",
        jsonl({"text": "One."}, {"text": "Two."}) + b'{"text": "Three", \n' + jsonl({"text": "4"}),
        r"3: not valid JSON",
    ),
    "jsonl-line-not-an-object": (
        "list.jsonl",
        jsonl({"text": "One."}, ["text", "Two."]),
        r"2: each line must be a JSON object",
    ),
    "jsonl-without-text": ("notext.jsonl", jsonl({"text": "One."}, {"body": "x"}), r"2: no 'text'"),
    "span-out-of-range": (
        "range.jsonl",
        jsonl({"text": "Seoul.", "spans": [_span(0, 5, "GPE"), _span(3, 50, "ORG")]}),
        r"1: span 2 \(3-50 ORG\): outside the text \(0-6 code points\)",
    ),
    "span-end-before-start": (
        "backwards.jsonl",
        jsonl({"text": "First."}, {"text": "Seoul met Oslo.", "spans": [_span(9, 4, "GPE")]}),
        r"2: span 1 \(9-4 GPE\): end is not after start",
    ),
    "negative-offset": (
        "negative.jsonl",
        jsonl({"text": "Seoul.", "spans": [_span(-2, 3, "GPE")]}),
        r"1: span 1 \(-2-3 GPE\): outside the text",
    ),
    "overlapping-spans": (
        "overlap.jsonl",
        jsonl(
            {
                "text": "Narendra Modi met Lee.",
                "spans": [_span(0, 13, "PERSON"), _span(9, 17, "ORG")],
            }
        ),
        r"1: span 1 \(0-13 PERSON\) and span 2 \(9-17 ORG\) overlap; the schema does not",
    ),
    "unknown-labels": (
        "labels.jsonl",
        jsonl(
            {"text": "Seoul met Oslo.", "spans": [_span(0, 5, "CITY")]},
            {"text": "KASA met ISRO.", "spans": [_span(0, 4, "AGENCY"), _span(9, 13, "CITY")]},
        ),
        r"labels not in the schema 'news': CITY \(first at .*labels\.jsonl:1\), AGENCY "
        r"\(first at .*labels\.jsonl:2\)\. Known labels: PERSON, ORG, GPE.*"
        r" 'Add labels the schema lacks'",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_reported_where_it_is_and_nothing_of_it_is_imported(
    tmp_path: Path, case: str
) -> None:
    name, data, pattern = CASES[case]
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl({"text": GOOD, "spans": [_span(0, 13, "PERSON")]}))
    bad = tmp_path / name
    bad.write_bytes(data)
    session = Session.open(tmp_path / "p.db", annotator="a")
    before = counts(session.store)
    report = import_paths(session, [good, bad])
    assert report.documents == 1 and report.files == 1
    (error,) = report.errors
    if case == "unknown-labels":  # one message for the file: every label, where it first is
        assert f"{bad}:1" in error and f"{bad}:2" in error
    else:
        assert error.startswith(f"{bad}:"), error
    assert re.search(pattern, error.removeprefix(f"{bad}:")), error
    expected = dict(before)
    for table, added in {"document": 1, "span": 1, "edit_log": 1}.items():
        expected[table] += added
    assert counts(session.store) == expected
    session.close()


def test_unknown_labels_are_added_on_request(tmp_path: Path) -> None:
    name, data, _ = CASES["unknown-labels"]
    path = tmp_path / name
    path.write_bytes(data)
    session = Session.open(tmp_path / "p.db", annotator="a")
    report = import_paths(session, [path], add_labels=True)
    assert report.ok and report.documents == 2 and report.new_labels == ["CITY", "AGENCY"]
    assert session.schema.knows("CITY") and session.schema.knows("AGENCY")
    session.close()
    # the project remembers them
    assert Session.open(tmp_path / "p.db").schema.knows("AGENCY")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    text = "서울 (Seoul) — नमस्ते, Zürich 🚀\r\nSecond line\r\n"
    (tmp_path / "a.txt").write_bytes(bom + text.encode(codec))
    (tmp_path / "b.jsonl").write_bytes(
        bom + jsonl({"text": "Zürich 🚀 서울"}).decode().encode(codec)
    )
    session = Session.open(tmp_path / "p.db")
    report = import_paths(session, [tmp_path / "a.txt", tmp_path / "b.jsonl"])
    assert report.ok, report.errors
    texts = [session.store.document(i).text for i in report.document_ids]
    assert texts == [text.replace("\r\n", "\n"), "Zürich 🚀 서울"]
    session.close()


def test_a_bad_file_through_the_command_line_is_one_line_and_exit_code_1(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_bytes(CASES["malformed-jsonl"][1])
    project = tmp_path / "p.db"
    done = run_child(DATELINE, "import", bad, "-p", project)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {bad}:3: not valid JSON")
    assert "Imported 0 documents" in done.stdout


# -- a 50 MB article -----------------------------------------------------------------------------


def _big_text(path: Path, size: int) -> str:
    paragraph = (
        "SEOUL, Dec 6 — South Korea and India agreed on Saturday to explore joint lunar "
        "missions, officials said, after talks between KASA and ISRO in Bengaluru.\n"
    )
    text = "Big article\n\n" + paragraph * (size // len(paragraph))
    path.write_text(text, encoding="utf-8")
    return text


def test_a_50_mb_article_is_refused_with_its_size_and_nothing_imported(tmp_path: Path) -> None:
    """A 50 MB 'article' is a corpus in one file: refused (spaCy and exports could not use it)."""
    _big_text(tmp_path / "big.txt", 50_000_000)
    session = Session.open(tmp_path / "p.db")
    report = import_paths(session, [tmp_path / "big.txt"])
    assert report.documents == 0
    (error,) = report.errors
    assert error.startswith(f"{tmp_path / 'big.txt'}: the file is 50,6")
    assert "at most 4,000,004 bytes for one article" in error
    assert "split it into one file per article" in error
    assert session.store.count("document") == 0
    session.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 2000  # a ceiling against copying the article per line or per token


def test_the_longest_article_dateline_takes_imports_whole(tmp_path: Path) -> None:
    text = _big_text(tmp_path / "long.txt", MAX_DOCUMENT_CHARS - 200)
    session = Session.open(tmp_path / "p.db")
    report = import_paths(session, [tmp_path / "long.txt"])
    assert report.ok and session.store.document(report.document_ids[0]).text == text
    session.close()


# -- web pages: never run, never fetched ---------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ministers meet in Geneva</title>
<meta http-equiv="refresh" content="0; url=http://tracker.example.invalid/r">
<link rel="stylesheet" href="http://cdn.example.invalid/site.css">
<script src="http://cdn.example.invalid/app.js"></script>
<script>document.write("INJECTED BY SCRIPT"); fetch("http://tracker.example.invalid/x");</script>
</head><body>
<article>
<h1>Ministers meet in Geneva</h1>
<p>GENEVA, June 3 — Foreign ministers of the two countries met in Geneva on Tuesday to discuss
a ceasefire along the border, officials said after the talks ended late in the evening.</p>
<img src="http://images.example.invalid/photo.jpg" onerror="alert('XSS')" alt="ministers">
<iframe src="http://ads.example.invalid/frame"></iframe>
<p onclick="steal()">The talks will resume next week, a spokesperson for the ministry said, adding
that both delegations described the meeting as constructive and long overdue.</p>
<noscript><img src="http://tracker.example.invalid/pixel.gif"></noscript>
<p>Entity test: &xxe;</p>
</article>
<script>var leaked = "SECOND SCRIPT";</script>
</body></html>
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to reach the network or start a program is recorded and refused."""
    attempts: list[Any] = []

    def refuse(name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append((name, args))
            raise OSError(f"test: {name} is not allowed")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(subprocess.Popen, "__init__", refuse("Popen"))
    return attempts


def test_a_web_page_is_reduced_to_text_with_nothing_run_or_fetched(
    tmp_path: Path, no_network: list[Any]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET FILE CONTENT")
    page = PAGE.replace(
        "<!DOCTYPE html>",
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>',
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    session = Session.open(tmp_path / "p.db")
    report = import_paths(session, [tmp_path / "page.html"])
    assert report.ok, report.errors
    document = session.store.document(report.document_ids[0])
    assert "Foreign ministers of the two countries met in Geneva" in document.text
    for leaked in ("INJECTED", "SECOND SCRIPT", "alert", "steal", "TOP SECRET", "tracker", "http"):
        assert leaked not in document.text
    assert document.title == "Ministers meet in Geneva"
    assert no_network == []
    session.close()
