"""A child process for the crash and concurrency tests: seeded edits through the core.

Run as `python -m tests.reliability.edit_child PROJECT SEED EDITS MODE ANNOTATOR` from the
repository root, or through `run_child` in a `multiprocessing` child. Every step is announced
before it runs (`begin`) and reported after `Session.execute`/`undo`/`redo` returned (`done`,
with the edit-log entry it recorded and a digest of every domain row as this process then saw
them), one JSON line per write, so a parent that kills this process knows exactly which edits
were confirmed. An edit that changed nothing (an Accept of a span accepted in the same
millisecond) records no entry and says so (`entry` None).

`run_window` is the window's part of the lock test (`test_locks.py`): edits on request, and the
window's background work (an export or a suggestion batch through a second connection in this
same process) in between.

Modes:
- `crash`: edits, undo and redo, until EDITS steps committed (the parent kills it on the way).
- `hammer`: edits only, refreshing before each one, in bursts of BURST: waits for "go" on stdin
  after opening and after each burst, and for "check" after the last edit, then reports what it
  sees (two of these run at once).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import orjson

from annotation.commands import (
    Accept,
    AddArgument,
    AddEvent,
    AddRelation,
    AddSpan,
    Command,
    MarkDone,
    Reject,
    Relabel,
    RemoveSpan,
    Resize,
    SetValue,
)
from annotation.errors import DatelineError
from annotation.model import NewSpan, SpanStatus
from annotation.session import Change, Session
from annotation.store import TABLES, Store, StoreError

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "TIME", "EVENT", "CARDINAL", "LAW")
EVENT_TYPES = ("MEET", "TALKS", "VISIT", "SIGN_AGREEMENT", "STATEMENT", "COMMIT")
#: (action, weight) of the crash mode; hammer mode leaves out undo and redo
ACTIONS = (
    ("add", 16),
    ("suggest", 8),
    ("accept", 9),
    ("reject", 7),
    ("relabel", 7),
    ("resize", 6),
    ("value", 5),
    ("remove", 6),
    ("relate", 6),
    ("event", 5),
    ("argument", 7),
    ("done", 1),
    ("undo", 9),
    ("redo", 5),
)
_WORD = re.compile(r"\w+")
BURST = 10


def _row_hash(table: str, row: tuple[Any, ...]) -> int:
    data = hashlib.blake2b(table.encode() + orjson.dumps(row), digest_size=16).digest()
    return int.from_bytes(data, "big")


def digest(store: Store) -> str:
    """A hash of every row of the domain tables, all columns (timestamps too).

    The XOR of one hash per row, so that `RowDigest` can keep it up to date row by row.
    """
    value = 0
    for table in TABLES:
        for row in store.conn.execute(f"SELECT * FROM [{table}]"):
            value ^= _row_hash(table, row)
    return f"{value:032x}"


class RowDigest:
    """`digest(store)`, kept up to date from the rows each edit's Change names (cheap per edit).

    A Change that failed to name a row the edit wrote would make this differ from the file,
    which the parent's full `digest` then reports.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows: dict[tuple[str, int], int] = {}
        self.value = 0
        for table in TABLES:
            for row in store.conn.execute(f"SELECT * FROM [{table}]"):
                self.rows[table, row[0]] = _row_hash(table, row)
                self.value ^= self.rows[table, row[0]]

    def update(self, change: Change | None) -> str:
        if change is not None:
            touched = (
                [("document", id_) for id_ in change.document_rows]
                + [("span", id_) for id_ in change.spans]
                + [("relation", id_) for id_ in change.relations]
                + [("event", id_) for id_ in change.events]
                + [("argument", id_) for id_ in change.arguments]
            )
            for table, id_ in touched:
                self.value ^= self.rows.pop((table, id_), 0)
                sql = f"SELECT * FROM [{table}] WHERE id = ?"
                row = self.store.conn.execute(sql, (id_,)).fetchone()
                if row is not None:
                    self.rows[table, id_] = _row_hash(table, row)
                    self.value ^= self.rows[table, id_]
        return f"{self.value:032x}"


def log_digest(store: Store) -> str:
    """A fingerprint of the edit log: how many entries are in each state, and which."""
    rows = store.conn.execute(
        "SELECT state, count(*), max(id), sum(id), sum(id * id) FROM edit_log"
        " GROUP BY state ORDER BY state"
    ).fetchall()
    return hashlib.blake2b(orjson.dumps(rows), digest_size=16).hexdigest()


class Editor:
    """Picks the next edit from a seeded generator and the project's current rows."""

    def __init__(self, session: Session, seed: int, actions: tuple[tuple[str, int], ...]) -> None:
        self.session = session
        self.rng = random.Random(seed)
        self.names = [name for name, _ in actions]
        self.weights = [weight for _, weight in actions]
        store = session.store
        self.documents = store.document_ids()
        self.words = {
            doc: [m.span() for m in _WORD.finditer(store.document(doc).text)]
            for doc in self.documents
        }

    def _range(self, doc: int) -> tuple[int, int]:
        words = self.words[doc]
        first = self.rng.randrange(len(words))
        last = min(len(words) - 1, first + self.rng.choice((0, 0, 0, 1, 2)))
        return words[first][0], words[last][1]

    def next(self) -> tuple[str, Command | None]:
        """The next action: ("edit", command), ("undo", None) or ("redo", None)."""
        rng = self.rng
        action = rng.choices(self.names, self.weights)[0]
        if action == "undo":
            return "undo", None
        if action == "redo":
            return "redo", None
        doc = rng.choice(self.documents)
        store = self.session.store
        spans = store.spans(doc)
        live = [s for s in spans if s.status is not SpanStatus.REJECTED]
        if action == "add" or not spans:
            start, end = self._range(doc)
            return "edit", AddSpan(doc, NewSpan(start, end, rng.choice(LABELS)))
        if action == "suggest":
            start, end = self._range(doc)
            new = NewSpan(
                start,
                end,
                rng.choice(LABELS),
                status=SpanStatus.SUGGESTED,
                origin="model:crash_test@1",
                score=round(rng.random(), 3),
            )
            return "edit", AddSpan(doc, new)
        span = rng.choice(spans)
        if action == "accept":
            pending = [s for s in spans if s.status is SpanStatus.SUGGESTED] or spans
            return "edit", Accept(rng.choice(pending).id)
        if action == "reject":
            return "edit", Reject(span.id)
        if action == "relabel":
            return "edit", Relabel(span.id, rng.choice(LABELS))
        if action == "resize":
            start, end = self._range(doc)
            return "edit", Resize(span.id, start, end)
        if action == "value":
            temporal = [s for s in spans if s.label in ("DATE", "TIME")] or spans
            month = rng.randint(1, 12)
            value = rng.choice((f"2025-{month:02d}", f"2025-{month:02d}-1{month % 9}", None))
            return "edit", SetValue(rng.choice(temporal).id, value)
        if action == "remove":
            return "edit", RemoveSpan(span.id)
        if action == "relate":
            head, child = rng.choice(live or spans), rng.choice(live or spans)
            return "edit", AddRelation(head.id, child.id, "ALIAS_OF")
        events = store.events(doc)
        if action == "event" or (action == "argument" and not events):
            trigger = self._range(doc)
            return "edit", AddEvent(rng.choice(EVENT_TYPES), document=doc, trigger_span=trigger)
        if action == "argument":
            event = rng.choice(events)
            event_type = self.session.schema.event(event.type)
            assert event_type is not None
            target = rng.choice(live or spans)
            roles = [r.name for r in event_type.roles if r.accepts(target.label)]
            role = rng.choice(roles) if roles else "participant"
            return "edit", AddArgument(event.id, role, target.id)
        return "edit", MarkDone(doc)


def _stdout(data: bytes) -> None:
    os.write(1, data)


#: where reports go: stdout, or a multiprocessing connection (`run_child`)
_out: Callable[[bytes], object] = _stdout


def _say(**message: Any) -> None:
    _out(orjson.dumps(message) + b"\n")


def _wait_for(word: str) -> None:
    line = sys.stdin.readline().strip()
    if line != word:
        raise SystemExit(f"expected {word!r} on stdin, got {line!r}")


def run_crash(session: Session, seed: int, edits: int) -> None:
    editor = Editor(session, seed, ACTIONS)
    store = session.store
    rows = RowDigest(store)
    committed = 0
    step = 0
    while committed < edits:
        step += 1
        kind, command = editor.next()
        entry = (
            session.undo_entry if kind == "undo" else session.redo_entry if kind == "redo" else None
        )
        if kind != "edit" and entry is None:
            continue
        name = type(command).__name__ if command is not None else kind
        _say(begin=step, action=kind, command=name, entry=entry.id if entry else None)
        try:
            if command is not None:
                change: Change | None = session.execute(command)
            elif kind == "undo":
                change = session.undo()
            else:
                change = session.redo()
        except DatelineError as exc:  # an edit the rules refuse, or a conflict
            _say(refused=step, message=str(exc))
            continue
        committed += 1
        assert change is not None
        _say(
            done=step,
            action=kind,
            command=name,
            # None: the edit changed nothing (its rows already were so), and left no undo step
            entry=change.entry,
            digest=rows.update(change),
            log=log_digest(store),
        )
    _say(finished=committed)


def run_hammer(session: Session, seed: int, edits: int) -> None:
    editor = Editor(session, seed, tuple(a for a in ACTIONS if a[0] not in ("undo", "redo")))
    _say(ready=True)
    _wait_for("go")
    announced = 0
    committed = 0
    step = 0
    while committed < edits:
        step += 1
        if session.refresh() is not None:
            announced += 1
        _kind, command = editor.next()
        assert command is not None
        try:
            change = session.execute(command)
        except DatelineError as exc:  # an edit the rules refuse, or a conflict
            _say(refused=step, message=str(exc))
            continue
        committed += 1
        _say(done=step, description=change.description, entry=change.entry)
        if committed % BURST == 0 and committed < edits:
            # Both children start each burst together, so their edits contend for the file
            # throughout the run (SQLite's lock is not fair: one could otherwise run ahead).
            _say(burst=committed // BURST)
            _wait_for("go")
    _say(finished=committed)
    _wait_for("check")
    if session.refresh() is not None:
        announced += 1
    _say(view=digest(session.store), log=log_digest(session.store), announced=announced)


def run_window(connection: Connection, argv: list[str]) -> None:
    """Act as the window does on `connection`'s requests, replying to each when it is done.

    - `edit`: accept a new span on a word not used yet (reply: where, and the log entry);
    - `export`: export the corpus through a second connection, as the window's Export worker
      does (`desktop.tasks.export_corpus`: its own `Session.open`, `export`, `close`);
    - `suggest`: save a batch of one suggestion through a second connection, as the window's
      suggestion worker does (`desktop.pipeline._suggest`: `Session.open`, `save_suggestions`).
    """
    from annotation.exporter import export
    from annotation.formats.base import ExportOptions
    from annotation.suggest import Suggestion, save_suggestions

    project, seed = argv
    rng = random.Random(int(seed))
    session = Session.open(project, annotator="window", create=False)
    store = session.store
    words = {
        doc: [m.span() for m in _WORD.finditer(store.document(doc).text)]
        for doc in store.document_ids()
    }
    connection.send_bytes(orjson.dumps({"ready": True}))
    while True:
        request = orjson.loads(connection.recv_bytes())
        if request["do"] == "edit":
            doc = rng.choice(sorted(words))
            start, end = words[doc].pop(rng.randrange(len(words[doc])))
            label = rng.choice(LABELS)
            change = session.execute(AddSpan(doc, NewSpan(start, end, label)))
            reply = {"saved": [doc, start, end, label], "entry": change.entry}
        elif request["do"] == "export":
            worker = Session.open(project, create=False)
            try:
                everything = ExportOptions(all_documents=True)  # the window's "Also articles ..."
                report = export(worker.store, worker.schema, request["out"], "jsonl", everything)
            finally:
                worker.close()
            reply = {"exported": report.documents}
        else:
            doc = rng.choice(sorted(words))
            start, end = words[doc].pop(rng.randrange(len(words[doc])))
            worker = Session.open(project, create=False)
            try:
                suggestion = Suggestion(start, end, "ORG", 0.5)
                save_suggestions(worker, [(doc, [suggestion])], "model:lock_test@1")
            finally:
                worker.close()
            reply = {"suggested": [doc, start, end]}
        connection.send_bytes(orjson.dumps(reply))


def run_creator(connection: Connection, argv: list[str]) -> None:
    """Open (creating it) the project when the parent says "go" and add a document titled
    TITLE; reply what happened (the creation race test starts several at once)."""
    from tests.annotation.conftest import add_document

    project, title = argv
    connection.send_bytes(orjson.dumps({"ready": True}))
    connection.recv_bytes()
    try:
        session = Session.open(project, annotator=title)
        try:
            reply = {"added": add_document(session.store, f"{title} wrote this.", title=title)}
        finally:
            session.close()
    except StoreError as exc:
        reply = {"error": str(exc)}
    connection.send_bytes(orjson.dumps(reply))


def main(argv: list[str]) -> None:
    project, seed, edits, mode, annotator = argv
    session = Session.open(project, annotator=annotator, create=False)
    if mode == "crash":
        run_crash(session, int(seed), int(edits))
    else:
        run_hammer(session, int(seed), int(edits))
    session.close()


def run_child(connection: Connection, argv: list[str]) -> None:
    """The entry point of a `multiprocessing` child: reports go to `connection`."""
    global _out
    _out = connection.send_bytes
    main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
