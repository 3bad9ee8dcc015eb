"""The project file's tables, created and moved forward by numbered migrations.

`PRAGMA user_version` holds the schema version so that a newer file is refused before anything is
written to it; sqlite-utils' `Migrations` records which steps ran and when.
"""

from __future__ import annotations

import re

import orjson

from annotation.database import Database, Migrations

#: Marks a SQLite file as a Dateline project ("DLN1").
APPLICATION_ID = 0x444C4E31

migrations = Migrations("dateline")


@migrations()
def m001_initial(db: Database) -> None:
    """Documents, spans, relations, events, arguments, the edit log and settings."""
    db.table("setting").create({"key": str, "value": str}, pk="key")
    db.table("document").create(
        {
            "id": int,
            "uid": str,
            "text": str,
            "title": str,
            "source": str,
            "url": str,
            "published": str,
            "place": str,
            "language": str,
            "meta": str,
            "status": str,
            "created": str,
            "updated": str,
        },
        pk="id",
        not_null=["uid", "text", "status"],
    )
    db.table("document").create_index(["uid"], unique=True)
    db.table("document").create_index(["status", "id"])
    db.table("span").create(
        {
            "id": int,
            "document_id": int,
            "start": int,
            "end": int,
            "label": str,
            "status": str,
            "origin": str,
            "score": float,
            "value": str,
            "value_origin": str,
            "note": str,
            "annotator": str,
            "suggested": str,
            "created": str,
            "updated": str,
        },
        pk="id",
        foreign_keys=[("document_id", "document", "id")],
        not_null=["document_id", "start", "end", "label", "status", "origin"],
    )
    db.table("span").create_index(["document_id", "start"])
    db.table("span").create_index(["document_id", "status"])
    db.table("relation").create(
        {"id": int, "document_id": int, "head": int, "child": int, "label": str},
        pk="id",
        foreign_keys=[
            ("document_id", "document", "id"),
            ("head", "span", "id"),
            ("child", "span", "id"),
        ],
        not_null=["document_id", "head", "child", "label"],
    )
    db.table("relation").create_index(["document_id"])
    db.table("relation").create_index(["head"])
    db.table("relation").create_index(["child"])
    db.table("event").create(
        {"id": int, "document_id": int, "type": str, "trigger": int, "attributes": str},
        pk="id",
        foreign_keys=[("document_id", "document", "id"), ("trigger", "span", "id")],
        not_null=["document_id", "type", "trigger"],
    )
    db.table("event").create_index(["document_id"])
    db.table("event").create_index(["trigger"])
    db.table("argument").create(
        {"id": int, "event_id": int, "role": str, "span": int},
        pk="id",
        foreign_keys=[("event_id", "event", "id"), ("span", "span", "id")],
        not_null=["event_id", "role", "span"],
    )
    db.table("argument").create_index(["event_id"])
    db.table("argument").create_index(["span"])
    db.table("edit_log").create(
        {
            "id": int,
            "kind": str,
            "state": str,
            "description": str,
            "annotator": str,
            "time": str,
            "document_id": int,
            "ops": bytes,
        },
        pk="id",
        not_null=["kind", "state", "description", "time"],
    )
    db.table("edit_log").create_index(["state", "id"])
    db.table("suggestion_run").create(
        {"document_id": int, "model": str, "time": str},
        pk=("document_id", "model"),
        foreign_keys=[("document_id", "document", "id")],
    )
    db.execute("PRAGMA user_version = 1")


_TABLE_NAME = re.compile(r'^CREATE TABLE\s+(?:"[^"]+"|\[[^\]]+\]|\w+)\s*\(')
_ID_COLUMN = re.compile(r'((?:"id"|\[id\]|\bid\b))\s+INTEGER\s+PRIMARY\s+KEY\b', re.IGNORECASE)


@migrations()
def m002_ids_never_reused(db: Database) -> None:
    """Rebuild the annotation tables with AUTOINCREMENT ids, so that no id is ever given twice.

    SQLite gave a new row MAX(id)+1: after a deletion, an import, a suggestion run or another
    window could give a new span the id of a deleted one, and the undo (or redo) of that
    deletion then met a stranger. The high-water marks are the largest ids in each table and
    in the edit log's row operations (rows deleted since). Runs in the store's migration
    transaction with foreign keys off; the store checks them before committing.
    """
    highest = _logged_ids(db)
    for table in ("document", "span", "relation", "event", "argument"):
        (sql,) = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
        if "AUTOINCREMENT" in sql.upper():
            continue
        # Its indexes and triggers go with the old table (m004's search index is kept by
        # triggers on `document`, in a project made before this step landed): made again below.
        indexes = [
            row[0]
            for row in db.execute(
                "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                " AND tbl_name = ? AND sql IS NOT NULL",
                [table],
            )
        ]
        rebuilt = f"{table}_m002"
        sql, renamed = _TABLE_NAME.subn(f'CREATE TABLE "{rebuilt}" (', sql, count=1)
        sql, marked = _ID_COLUMN.subn(r"\1 INTEGER PRIMARY KEY AUTOINCREMENT", sql)
        if (renamed, marked) != (1, 1):
            raise ValueError(f"unexpected definition of table {table}: {sql}")
        db.execute(sql)
        db.execute(f"INSERT INTO [{rebuilt}] SELECT * FROM [{table}]")
        db.execute(f"DROP TABLE [{table}]")
        db.execute(f"ALTER TABLE [{rebuilt}] RENAME TO [{table}]")
        for index in indexes:
            db.execute(index)
        top = max(
            db.execute(f"SELECT COALESCE(MAX(id), 0) FROM [{table}]").fetchone()[0],
            highest.get(table, 0),
        )
        db.execute("DELETE FROM sqlite_sequence WHERE name = ?", [table])
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, top])
    # A project made while m003 had landed and this had not is at 3 already: never go down.
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.execute(f"PRAGMA user_version = {max(version, 2)}")


def _logged_ids(db: Database) -> dict[str, int]:
    """The largest id of each table that the edit log's row operations name."""
    highest: dict[str, int] = {}
    for (ops,) in db.execute("SELECT ops FROM edit_log WHERE ops IS NOT NULL"):
        try:
            operations = orjson.loads(ops)
        except orjson.JSONDecodeError:
            continue  # a damaged entry cannot be undone anyway (and says so when tried)
        for table, id_, *_ in operations:
            if isinstance(id_, int) and id_ > highest.get(table, 0):
                highest[table] = id_
    return highest


@migrations()
def m003_team_layers(db: Database) -> None:
    """Analysts' layers of a team project (ADR 0008): what each analyst decided, kept apart.

    A layer mirrors the annotation tables with a layer id; the ordinary tables stay the project's
    own (adjudicated) annotations, so everything that reads them works on a team project as is.
    Links between layer rows carry no foreign keys: a merge replaces a layer whole, in one
    transaction, and a key would make each deleted span scan the link tables.
    """
    db.table("layer").create(
        {"id": int, "name": str, "source": str, "merged": str}, pk="id", not_null=["name"]
    )
    db.table("layer").create_index(["name"], unique=True)
    owned = [("layer_id", "layer", "id"), ("document_id", "document", "id")]
    db.table("layer_document").create(
        {
            "layer_id": int,
            "document_id": int,
            "status": str,
            "seconds": float,
            "edits": int,
            "updated": str,
        },
        pk=("layer_id", "document_id"),
        foreign_keys=owned,
        not_null=["status"],
    )
    db.table("layer_document").create_index(["document_id", "layer_id"])
    db.table("layer_span").create(
        {
            "id": int,
            "layer_id": int,
            "document_id": int,
            "start": int,
            "end": int,
            "label": str,
            "status": str,
            "origin": str,
            "value": str,
            "value_origin": str,
            "note": str,
            "annotator": str,
            "updated": str,
        },
        pk="id",
        foreign_keys=owned,
        not_null=["layer_id", "document_id", "start", "end", "label", "status"],
    )
    db.table("layer_span").create_index(["document_id", "layer_id"])
    db.table("layer_relation").create(
        {"id": int, "layer_id": int, "document_id": int, "head": int, "child": int, "label": str},
        pk="id",
        foreign_keys=owned,
        not_null=["layer_id", "document_id", "head", "child", "label"],
    )
    db.table("layer_event").create(
        {
            "id": int,
            "layer_id": int,
            "document_id": int,
            "type": str,
            "trigger": int,
            "attributes": str,
        },
        pk="id",
        foreign_keys=owned,
        not_null=["layer_id", "document_id", "type", "trigger"],
    )
    db.table("layer_argument").create(
        {"id": int, "layer_id": int, "document_id": int, "event_id": int, "role": str, "span": int},
        pk="id",
        foreign_keys=owned,
        not_null=["layer_id", "document_id", "event_id", "role", "span"],
    )
    # Read by document (the window, agreement); a merge deletes a layer with one scan a table.
    for table in ("layer_relation", "layer_event", "layer_argument"):
        db.table(table).create_index(["document_id", "layer_id"])
    db.execute("PRAGMA user_version = 3")


@migrations()
def m004_corpus(db: Database) -> None:
    """Corpus search, the document list's sort orders and the entity registry.

    See `annotation/migrations_corpus.py` (ADR 0014). Numbered 4 after the store's m002 and the
    team's m003.
    """
    from annotation.migrations_corpus import create_corpus_tables

    create_corpus_tables(db)
    db.execute("PRAGMA user_version = 4")


#: The schema version this code writes; files above it are refused.
SCHEMA_VERSION = 4
