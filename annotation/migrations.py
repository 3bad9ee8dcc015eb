"""The project file's tables, created and moved forward by numbered migrations.

`PRAGMA user_version` holds the schema version so that a newer file is refused before anything is
written to it; sqlite-utils' `Migrations` records which steps ran and when.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

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
