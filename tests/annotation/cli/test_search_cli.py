"""`dateline search`: hits as text or one JSON object a line, filters, one-line errors."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from annotation.cli import main
from annotation.importer import import_paths
from annotation.session import Session
from tests.annotation.corpus.conftest import ARTICLES, write_articles


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    session = Session.open(path)
    import_paths(session, [write_articles(tmp_path / "in.jsonl", ARTICLES)])
    session.close()
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_search_json_lines_have_the_documented_shape(project: Path) -> None:
    code, out, _err = run("search", "Modi", "--json", "-p", str(project))
    assert code == 0
    lines = [orjson.loads(line) for line in out.splitlines()]
    assert [list(line) for line in lines] == [["document", "title", "start", "end", "context"]] * 3
    assert lines[0] == {
        "document": 1,
        "title": "Modi meets Lee in Seoul",
        "start": 9,
        "end": 13,
        "context": "Narendra Modi met Lee Jae-myung in Seoul on Saturday. Modi said Seoul…",
    }
    code, out, _err = run("search", "Modi", "--label", "PERSON", "--json", "-p", str(project))
    (span,) = [orjson.loads(line) for line in out.splitlines()]
    assert list(span) == ["document", "title", "start", "end", "label", "context"]
    assert (span["document"], span["start"], span["end"], span["label"]) == (1, 0, 13, "PERSON")


def test_search_filters_and_text_output(project: Path) -> None:
    code, out, err = run("search", "Seoul", "--no-label", "GPE", "-p", str(project))
    assert code == 0 and out.startswith("1:65-70  Modi meets Lee in Seoul\n")
    assert err.strip() == "1 hit"
    code, out, _err = run("search", "Modi", "--status", "done", "-p", str(project))
    assert code == 0 and out == ""
    code, out, _err = run(
        "search", "Seoul", "--status", "accepted", "--limit", "1", "-p", str(project)
    )
    assert out.startswith("1:35-40 GPE (accepted)")


def test_search_refuses_what_it_cannot_do_in_one_line(project: Path, tmp_path: Path) -> None:
    code, _out, err = run("search", "Modi", "--label", "NOPE", "-p", str(project))
    assert code == 2 and "'NOPE' is not a label" in err
    code, _out, err = run("search", "...", "-p", str(project))
    assert code == 2 and "nothing to search for" in err
    code, _out, err = run("search", "Modi", "-p", str(tmp_path / "missing.db"))
    assert code == 1 and "no such project file" in err


def test_search_piped_into_a_reader_that_stops_ends_quietly(tmp_path: Path) -> None:
    """`dateline search India | head`: the reader closing the pipe is no error."""
    import os
    import subprocess
    import sys

    path = tmp_path / "many.db"
    session = Session.open(path)
    # ~5,000 hits of ~130 bytes each: far more than a pipe's 64 KiB buffer holds
    article = {"text": "Talks between India and Korea. " * 5000, "meta": {"title": "Long"}}
    import_paths(session, [write_articles(tmp_path / "many.jsonl", [article])])
    session.close()
    root = Path(__file__).resolve().parents[3]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    command = [sys.executable, "-c", "from annotation.cli import main; main()"]
    child = subprocess.Popen(
        [*command, "search", "India", "-p", str(path)],
        env=env,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline().startswith("1:")
    child.stdout.close()  # what `head` does after its lines
    error = child.stderr.read()
    assert child.wait(timeout=60) == 0
    assert error == ""
