"""Two programs editing one project file: no traceback, no lost edit, each sees the other's.

Two child processes (`edit_child.py`, hammer mode) run seeded edits on the same project at once.
SQLite's busy timeout and `BEGIN IMMEDIATE` serialise their transactions. Afterwards every edit
each child reported is in the edit log, in its order, and replaying the log's row operations on
the starting file gives exactly the final file (each operation finding its row as it expected:
no edit was applied over a state it did not see). The window's part (noticing the change and
redrawing) belongs to the desktop tests; here the core's `Session.refresh` is checked.
"""

from __future__ import annotations

import queue
import shutil
import threading
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from annotation.commands import AddSpan, Relabel
from annotation.model import NewSpan
from annotation.session import Session
from annotation.store import Store
from tests.annotation.conftest import add_document
from tests.reliability.conftest import copy_project, spawn
from tests.reliability.edit_child import BURST, digest, log_digest

EDITS = 250


def test_refresh_announces_an_outside_edit_even_after_an_own_edit(tmp_path: Path) -> None:
    first = Session.open(tmp_path / "p.db", annotator="a")
    doc = add_document(first.store, "Ana met Bo in Oslo on Monday.")
    second = Session.open(tmp_path / "p.db", annotator="b")
    seen: list[str] = []
    first.changed.connect(lambda change: seen.append(change.kind))
    span = second.execute(AddSpan(doc, NewSpan(0, 3, "PERSON"))).added_span
    # The first window edits before it polls: its own edit must not hide the other one's.
    first.execute(AddSpan(doc, NewSpan(8, 10, "PERSON")))
    assert first.refresh() is not None
    assert seen == ["do", "external"]
    assert first.refresh() is None  # announced once
    assert span is not None
    second.execute(Relabel(span, "ORG"))
    assert first.refresh() is not None and first.store.span(span).label == "ORG"
    first.close()
    second.close()


class Child:
    """One hammering child and what it said."""

    def __init__(self, project: Path, seed: int, annotator: str) -> None:
        self.annotator = annotator
        self.process = spawn(
            "tests.reliability.edit_child", str(project), str(seed), str(EDITS), "hammer", annotator
        )
        self.messages: list[dict[str, Any]] = []
        self.waits: queue.Queue[dict[str, Any]] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            message = orjson.loads(line)
            self.messages.append(message)
            if {"ready", "burst", "finished"} & set(message):
                self.waits.put(message)
        self.waits.put({"ended": True})

    def waiting(self) -> dict[str, Any]:
        """The next point where the child waits for the parent (or its end)."""
        return self.waits.get(timeout=120)

    def send(self, word: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(word.encode() + b"\n")
        self.process.stdin.flush()

    def end(self) -> str:
        """Wait for the child to exit; its stderr."""
        assert self.process.stderr is not None
        stderr = self.process.stderr.read().decode(errors="replace")
        self.process.wait()
        self.reader.join()
        return stderr

    def of(self, key: str) -> list[dict[str, Any]]:
        return [message for message in self.messages if key in message]


def test_two_processes_editing_one_project_lose_nothing(
    seeded_template: Path, tmp_path: Path
) -> None:
    project = copy_project(seeded_template, tmp_path / "shared.db")
    start = shutil.copyfile(project, tmp_path / "start.db")
    children = [Child(project, seed, name) for seed, name in ((1, "ana"), (2, "bo"))]
    # Both open the project, then edit in bursts that start together until both are finished.
    rounds = 0
    while True:
        points = [child.waiting() for child in children]
        if any("ended" in point for point in points):
            raise AssertionError({child.annotator: child.end() for child in children})
        if all("finished" in point for point in points):
            break
        assert not any("finished" in point for point in points), points
        rounds += 1
        for child in children:
            child.send("go")
    assert rounds == EDITS // BURST
    for child in children:
        child.send("check")
    errors = {child.annotator: child.end() for child in children}
    assert errors == {"ana": "", "bo": ""}  # no traceback, no warning
    assert [child.process.returncode for child in children] == [0, 0]

    store = Store(project, create=False)
    try:
        assert store.integrity_errors() == []
        log = [entry for entry in reversed(store.history(100_000)) if entry.kind == "edit"]
        for child in children:
            assert child.of("finished") == [{"finished": EDITS}]
            refused = [message["message"] for message in child.of("refused")]
            assert not [m for m in refused if "busy" in m], refused
            # Every edit the child was told had committed is in the log, in its order, under the
            # entry it was told (an edit that changed nothing has none).
            mine = [(e.id, e.description) for e in log if e.annotator == child.annotator]
            done = child.of("done")
            assert mine == [(m["entry"], m["description"]) for m in done if m["entry"]]
            # Each saw the other's edits: the refresh announced them, the view matches the file.
            (view,) = child.of("view")
            assert view["view"] == digest(store) and view["log"] == log_digest(store)
            assert view["announced"] >= 1
        assert all(entry.state == "done" for entry in log)
        turns = sum(1 for a, b in pairwise(log) if a.annotator != b.annotator)
        assert turns >= rounds - 1, "the two processes did not edit at the same time"
        final = digest(store)
    finally:
        store.close()

    # Replaying every logged row operation, in log order, on the starting file gives exactly the
    # final file: each edit was applied to the state it had read (no lost update).
    replay = Store(start, create=False)
    try:
        with replay.transaction():
            for entry in log:
                for op in entry.ops:
                    replay.apply(op)
        assert digest(replay) == final
    finally:
        replay.close()
