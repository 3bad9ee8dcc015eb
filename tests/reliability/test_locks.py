"""The window's saved edits reach the disk and other programs while `dateline stats` and
`dateline export` come and go, and survive a kill -9.

SQLite knows the last connection to a project by a POSIX lock every connection holds on the file.
Closing *any* descriptor of the file drops all of its process's locks, so one plain `open()` and
`close()` of the project by the window's process (a second connection's header check, a backup,
an import of the wrong file) let the next `dateline stats` believe it was the last user: it
folded and deleted the -wal the window was still writing to, and every later edit the window
called saved went to a deleted file (SQLite's "How To Corrupt An SQLite Database File", §2.2).

Each trial: the window (`edit_child.run_window`: the same commands as the window, its export and
suggestion workers included) edits on request; `dateline stats` and `dateline export` run in
processes of their own in between and must see every edit reported saved; then the window is
killed with SIGKILL, possibly in the middle of an edit, and the file must hold every one of them.
"""

from __future__ import annotations

import os
import random
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson

from annotation.commands import AddSpan
from annotation.formats.jsonl import read_jsonl
from annotation.importer import import_paths
from annotation.model import NewSpan, SpanStatus
from annotation.session import Session
from tests.reliability import cli_child, edit_child
from tests.reliability.conftest import KILLED_EXIT_CODES, copy_project, start_child

TRIALS = 20


def dateline(*argv: str) -> str:
    """Run `dateline ARGV...` in a process of its own; what it printed (it must succeed)."""
    child, connection = start_child(cli_child.run_child, list(argv))
    reply = orjson.loads(connection.recv_bytes())
    child.join()
    connection.close()
    assert reply["code"] == 0, reply["output"]
    return str(reply["output"])


def stats_counts(project: Path) -> dict[str, int]:
    """The span counts `dateline stats` prints (accepted, suggested, rejected)."""
    counts = {}
    for line in dateline("stats", "-p", str(project)).splitlines():
        name, _, number = line.strip().partition(" ")
        if name in {status.value for status in SpanStatus}:
            counts[name] = int(number)
    return counts


def exported_spans(project: Path, out: Path) -> set[tuple[str, int, int, str]]:
    """(text's start, start, end, label) of every span `dateline export` wrote."""
    dateline(
        "export", "-p", str(project), "-o", str(out), "--include-suggestions", "--all-documents"
    )
    return {
        (record.text[:40], span.start, span.end, span.label)
        for _line, record in read_jsonl(out)
        for span in record.spans
    }


def trial(template: Path, folder: Path, number: int) -> int:
    """One window killed after a seeded mix of edits, background work and outside commands."""
    project = copy_project(template, folder / f"trial{number}.db")
    session = Session.open(project, create=False)
    openings = {doc: session.store.document(doc).text[:40] for doc in session.store.document_ids()}
    session.close()
    rng = random.Random(number)
    steps = ["edit"] * 6 + ["export", "suggest", "stats", "stats", "cli-export", "cli-export"]
    rng.shuffle(steps)
    window, connection = start_child(edit_child.run_window, [str(project), str(number)])
    assert orjson.loads(connection.recv_bytes()) == {"ready": True}

    def ask(**request: Any) -> dict[str, Any]:
        connection.send_bytes(orjson.dumps(request))
        try:
            reply: dict[str, Any] = orjson.loads(connection.recv_bytes())
        except EOFError:
            raise AssertionError(f"trial {number}: the window failed at {request}") from None
        return reply

    try:
        saved = run_steps(steps, ask, openings, folder, project, number)
        # The last edit is in flight (or done, or not begun) when the window is killed.
        connection.send_bytes(orjson.dumps({"do": "edit"}))
        if rng.random() < 0.5:
            connection.recv_bytes()
    finally:
        assert window.pid is not None
        os.kill(window.pid, signal.SIGKILL)
        window.join()
        connection.close()
    assert window.exitcode in KILLED_EXIT_CODES

    session = Session.open(project, create=False)
    try:
        assert session.store.integrity_errors() == []
        on_disk = {
            (openings[span.document_id], span.start, span.end, span.label)
            for doc in openings
            for span in session.store.spans(doc, [SpanStatus.ACCEPTED])
        }
    finally:
        session.close()
    assert saved <= on_disk, f"trial {number}: {len(saved - on_disk)} saved edits were lost"
    assert len(on_disk - saved) <= 1  # at most the edit in flight
    return len(saved)


def run_steps(
    steps: list[str],
    ask: Callable[..., dict[str, Any]],
    openings: dict[int, str],
    folder: Path,
    project: Path,
    number: int,
) -> set[tuple[str, int, int, str]]:
    """Run the trial's steps (checking what the outside commands see); the spans saved."""
    saved: set[tuple[str, int, int, str]] = set()
    suggested: set[tuple[str, int, int, str]] = set()
    for step in steps:
        if step == "edit":
            doc, start, end, label = ask(do="edit")["saved"]
            saved.add((openings[doc], start, end, label))
        elif step == "export":
            ask(do="export", out=str(folder / f"window{number}.jsonl"))
        elif step == "suggest":
            doc, start, end = ask(do="suggest")["suggested"]
            suggested.add((openings[doc], start, end, "ORG"))
        elif step == "stats":
            counts = stats_counts(project)
            assert (counts["accepted"], counts["suggested"]) == (len(saved), len(suggested)), (
                f"trial {number}: `dateline stats` does not see every edit the window saved"
            )
        else:
            found = exported_spans(project, folder / f"cli{number}.jsonl")
            assert found == saved | suggested, (
                f"trial {number}: `dateline export` lacks {len(saved | suggested - found)} "
                "of the edits the window saved"
            )
    return saved


def test_saved_edits_reach_other_programs_and_survive_a_kill_9(
    seeded_template: Path, tmp_path: Path
) -> None:
    # Three trials at a time: each mostly waits for a child or an fsync.
    with ThreadPoolExecutor(max_workers=3) as pool:
        saved = list(pool.map(lambda n: trial(seeded_template, tmp_path, n), range(TRIALS)))
    assert saved == [6] * TRIALS


def test_importing_the_open_project_by_mistake_is_refused_and_loses_nothing(
    seeded_template: Path, tmp_path: Path
) -> None:
    project = copy_project(seeded_template, tmp_path / "project.db")
    session = Session.open(project, annotator="window")
    doc = session.store.document_ids()[0]
    session.execute(AddSpan(doc, NewSpan(0, 5, "ORG")))
    shm = project.with_name("project.db-shm")
    report = import_paths(session, [project, shm], fmt="text")
    assert len(report.errors) == 2 and report.documents == 0
    assert all("open project" in e and "not a file to import" in e for e in report.errors)
    assert stats_counts(project)["accepted"] == 1  # another program opens and closes it
    session.execute(AddSpan(doc, NewSpan(6, 11, "ORG")))
    assert stats_counts(project)["accepted"] == 2, "the edit went to a deleted -wal"
    session.close()
