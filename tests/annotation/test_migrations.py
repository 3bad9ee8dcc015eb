"""Migrations move a project forward without losing a row, and copy it first."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import orjson
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotation.commands import AddSpan
from annotation.migrations import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    m001_initial,
    m003_team_layers,
    m004_corpus,
)
from annotation.model import NewSpan
from annotation.session import Session
from annotation.store import Store

_TABLES = ("document", "span", "relation", "event", "argument", "edit_log", "setting")


def _version_1_project(path: Path) -> None:
    """A project as Dateline 1 left it: span 3 was deleted, and the edit log still names it."""
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA journal_mode = WAL")
    steps = Migrations("dateline")
    steps()(m001_initial)
    steps.apply(db)
    db["document"].insert({"id": 1, "uid": "a", "text": "Ana met Bo in Oslo.", "status": "new"})
    span = {"document_id": 1, "label": "PERSON", "status": "accepted", "origin": "analyst"}
    for id_, start, end in ((1, 0, 3), (2, 8, 10), (4, 14, 18)):
        db["span"].insert({"id": id_, "start": start, "end": end, **span})
    db["relation"].insert({"id": 1, "document_id": 1, "head": 1, "child": 2, "label": "ALIAS_OF"})
    db["event"].insert({"id": 1, "document_id": 1, "type": "MEET", "trigger": 4})
    db["argument"].insert({"id": 1, "event_id": 1, "role": "participant", "span": 1})
    columns = [row[1] for row in db.execute("PRAGMA table_info(span)")]
    deleted = {c: None for c in columns} | span | {"id": 3, "start": 4, "end": 7, "label": "ORG"}
    ops = orjson.dumps([["span", 3, deleted, None]])
    entry = {"kind": "edit", "state": "done", "description": "Delete ORG 'met'", "time": "t"}
    db["edit_log"].insert({**entry, "ops": ops})
    db.conn.commit()
    db.conn.close()


def _rows(path: Path, like: Path | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the version-1 tables (`like`: only the columns that file has; later
    steps add columns, such as m004's span.entity_id)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    source = sqlite3.connect(f"file:{like or path}?mode=ro", uri=True)
    try:
        found = {}
        for table in _TABLES:
            names = [row[1] for row in source.execute(f"PRAGMA table_info([{table}])")]
            columns = ", ".join(f"[{name}]" for name in names)
            found[table] = conn.execute(
                f"SELECT {columns} FROM [{table}] ORDER BY rowid"
            ).fetchall()
        return found
    finally:
        conn.close()
        source.close()


def test_ids_never_reused_migration_keeps_every_row_and_marks_deleted_ids_used(
    tmp_path: Path,
) -> None:
    path = tmp_path / "project.db"
    _version_1_project(path)
    before = _rows(path)
    store = Store(path)
    conn = store.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert _rows(path, like=path.with_name("project.db.v1.bak")) == before
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert all("AUTOINCREMENT" in tables[t] for t in _TABLES[:5])
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"idx_span_document_id_start", "idx_argument_span", "idx_document_uid"} <= indexes
    store.close()
    # The copy holds the project as it was; the next span takes no id ever used (3 was).
    assert _rows(path.with_name("project.db.v1.bak")) == before
    session = Session.open(path, annotator="a")
    new = session.execute(AddSpan(1, NewSpan(4, 7, "ORG"))).added_span
    assert new == 5
    session.undo()
    session.undo()  # the deletion from before the update
    assert session.store.span(3).label == "ORG"
    session.close()


def test_a_project_made_before_m002_landed_but_after_m003_gets_m002_and_stays_at_its_version(
    tmp_path: Path,
) -> None:
    path = tmp_path / "project.db"
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    steps = Migrations("dateline")
    for step in (m001_initial, m003_team_layers, m004_corpus):
        steps()(step)
    steps.apply(db)
    db["document"].insert({"id": 1, "uid": "a", "text": "Ana met Bo.", "status": "new"})
    kept = "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
    before = set(db.execute(kept).fetchall())
    db.conn.commit()
    db.conn.close()
    store = Store(path)
    tables = dict(store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert "AUTOINCREMENT" in tables["span"] and "layer_span" in tables
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.document(1).text == "Ana met Bo."
    # m002 rebuilt `document`: the search index's triggers and the list's indexes are there
    assert set(store.conn.execute(kept).fetchall()) >= before
    store.conn.execute("INSERT INTO document (uid, text, status) VALUES ('b', 'Cy left.', 'new')")
    found = "SELECT rowid FROM document_fts WHERE document_fts MATCH 'left'"
    assert store.conn.execute(found).fetchall() == [(2,)]
    store.close()
    assert path.with_name(f"project.db.v{SCHEMA_VERSION}.bak").exists()
