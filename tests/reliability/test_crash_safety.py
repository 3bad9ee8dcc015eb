"""A kill -9 at any moment loses no confirmed edit, leaves a sound file, and undo still works.

A child process (`edit_child.py`) runs a seeded sequence of 1,000 edits, undos and redos through
`Session` on a project, reporting each one on a pipe after it returned, with a digest of every
domain row as it then stood. The test kills it with SIGKILL after a seeded number of reports
(the child is then somewhere in the middle of a later edit: the moment is random) and checks
the file against the reports.
"""

from __future__ import annotations

import os
import random
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotation.session import Session
from tests.reliability import edit_child
from tests.reliability.conftest import KILLED_EXIT_CODES, copy_project, messages, start_child
from tests.reliability.edit_child import digest, log_digest

EDITS = 1000
TRIALS = 20


@dataclass
class Run:
    """What the child said before it died."""

    done: list[dict[str, Any]] = field(default_factory=list)
    begun: list[dict[str, Any]] = field(default_factory=list)
    refused: set[int] = field(default_factory=set)
    finished: bool = False
    exitcode: int | None = None


def run_and_kill(project: Path, seed: int, kill_after: int) -> Run:
    """Run the child on `project` and SIGKILL it right after its `kill_after`-th report."""
    argv = [str(project), str(seed), str(EDITS), "crash", "k"]
    child, reports = start_child(edit_child.run_child, argv)
    run = Run()

    killed = False
    # Whatever the child sent before it died was reported too: read to the pipe's end.
    for message in messages(reports):
        if "done" in message:
            run.done.append(message)
        elif "begin" in message:
            run.begun.append(message)
        elif "refused" in message:
            run.refused.add(message["refused"])
        elif "finished" in message:
            run.finished = True
        if len(run.done) == kill_after and not killed:
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            killed = True
    child.join()
    reports.close()
    run.exitcode = child.exitcode
    return run


def check_recovered(project: Path, start: str, run: Run) -> None:
    """The file holds exactly the reported edits (plus at most the one in flight), and undo
    steps back through them exactly."""
    assert run.exitcode in KILLED_EXIT_CODES, "the child failed before it was killed"
    assert not run.finished
    digests = [start] + [message["digest"] for message in run.done]
    # The state before each log entry was last done: undoing it must give exactly that.
    before: dict[int, str] = {}
    for number, message in enumerate(run.done, 1):
        entry = message["entry"]
        if message["action"] == "edit":
            if entry is None:  # it changed nothing and left no undo step
                assert digests[number] == digests[number - 1], "an edit left no undo step"
            else:
                before[entry] = digests[number - 1]
        elif message["action"] == "undo":
            assert digests[number] == before[entry], "the child's own undo was not exact"
        else:
            assert digests[number - 1] == before[entry], "redo started from another state"

    session = Session.open(project, annotator="checker", create=False)
    try:
        assert session.store.integrity_errors() == []
        confirmed = digests[-1]
        found = digest(session.store)
        if found != confirmed:
            # The edit in flight committed before the kill but was not reported yet: it must be
            # the one the child began after its last report, and taking it back must give
            # exactly the last confirmed state.
            last_reported = run.done[-1]["done"] if run.done else 0
            in_flight = [
                m for m in run.begun if m["begin"] > last_reported and m["begin"] not in run.refused
            ]
            assert len(in_flight) == 1, f"{len(in_flight)} unreported edits changed the file"
            (pending,) = in_flight
            if pending["action"] == "edit":
                entry = session.undo_entry
                assert entry is not None and entry.id not in before, (
                    "the file lacks confirmed edits: its last edit is one already reported"
                )
                before[entry.id] = confirmed
                session.undo()
            elif pending["action"] == "undo":
                assert session.redo_entry is not None
                assert session.redo_entry.id == pending["entry"]
                session.redo()
            else:
                assert session.undo_entry is not None
                assert session.undo_entry.id == pending["entry"]
                session.undo()
            assert digest(session.store) == confirmed, "the file is neither state"
        elif run.done:
            assert log_digest(session.store) == run.done[-1]["log"]
        # Undo works after the crash, exactly, and redo comes back to the confirmed state.
        steps = []
        for _ in range(5):
            entry = session.undo_entry
            if entry is None:
                break
            session.undo()
            steps.append(entry.id)
            assert digest(session.store) == before[entry.id]
        for _ in steps:
            session.redo()
        assert digest(session.store) == confirmed
        assert session.store.integrity_errors() == []
    finally:
        session.close()


def trial(template: Path, folder: Path, number: int, kill_after: int) -> set[str]:
    """One child killed after `kill_after` reports, checked; the commands it committed."""
    project = copy_project(template, folder / f"trial{number}.db")
    session = Session.open(project, create=False)
    start = digest(session.store)
    session.close()
    run = run_and_kill(project, seed=number, kill_after=kill_after)
    assert len(run.done) >= kill_after
    check_recovered(project, start, run)
    return {message["command"] for message in run.done}


def test_kill_9_at_random_moments_loses_no_confirmed_edit(
    seeded_template: Path, tmp_path: Path
) -> None:
    kill_points = random.Random(7).sample(range(1, EDITS), TRIALS)
    # Four trials at a time: each edit mostly waits for its fsync.
    with ThreadPoolExecutor(max_workers=4) as pool:
        committed = pool.map(
            lambda args: trial(seeded_template, tmp_path, *args), enumerate(kill_points)
        )
        kinds = set().union(*committed)
    # Every kind of edit was among the confirmed ones the crashes had to keep.
    assert kinds == {
        "AddSpan", "Accept", "Reject", "Relabel", "Resize", "SetValue", "RemoveSpan",
        "AddRelation", "AddEvent", "AddArgument", "MarkDone", "undo", "redo",
    }  # fmt: skip
