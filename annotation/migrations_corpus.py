"""The corpus tables of migration m004: the search index, the list's sort orders, the registry.

- `document_fts`: SQLite FTS5 over each document's title, source and text, an external-content
  index (the text is stored once, in `document`) kept in step by triggers, so every route that
  writes a document (an import's bulk insert, an edit, its undo, a deletion) updates it in the
  same transaction. Span hits need no index of their own: a span reads a word when a text hit
  lies inside it, and spans are read live (ADR 0014).
- `document_list_*`: covering indexes in each order the document list sorts by, with the status
  its filter reads, so a page at any offset is a scan of a narrow index, never of the texts.
- `entity` and `span.entity_id`: the entity registry; a span links to at most one entity.
"""

from __future__ import annotations

from annotation.database import Database

#: unicode61 folds case and, with remove_diacritics 2, accents: 'Parnu' finds 'Pärnu'.
TOKENIZER = "unicode61 remove_diacritics 2"

_SEARCH = (
    "CREATE VIRTUAL TABLE document_fts USING fts5(title, source, text,"
    f" content='document', content_rowid='id', tokenize='{TOKENIZER}')",
    """CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
    INSERT INTO document_fts (rowid, title, source, text)
    VALUES (new.id, new.title, new.source, new.text);
END""",
    """CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
    INSERT INTO document_fts (document_fts, rowid, title, source, text)
    VALUES ('delete', old.id, old.title, old.source, old.text);
END""",
    """CREATE TRIGGER document_fts_update AFTER UPDATE OF title, source, text ON document BEGIN
    INSERT INTO document_fts (document_fts, rowid, title, source, text)
    VALUES ('delete', old.id, old.title, old.source, old.text);
    INSERT INTO document_fts (rowid, title, source, text)
    VALUES (new.id, new.title, new.source, new.text);
END""",
    "INSERT INTO document_fts (document_fts) VALUES ('rebuild')",
)

#: (index name, columns): one per sort order of the document list, each ending in the status
#: so that the list's status filter is read from the index too.
LIST_INDEXES = (
    ("document_list_id", "id, status"),
    ("document_list_title", "title, id, status"),
    ("document_list_source", "source, id, status"),
    ("document_list_published", "published, id, status"),
)


def create_corpus_tables(db: Database) -> None:
    """Create the search index (filled from the documents already stored), the list's indexes
    and the registry."""
    for statement in _SEARCH:
        db.execute(statement)
    for name, columns in LIST_INDEXES:
        db.execute(f"CREATE INDEX {name} ON document ({columns})")
    # AUTOINCREMENT: a merged (deleted) entity's id is never given again, so undoing the merge
    # cannot meet a stranger with its id (m002 did the same for the annotation tables).
    db.execute(
        "CREATE TABLE entity (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
        " label TEXT NOT NULL, aliases TEXT, wikidata TEXT, note TEXT, created TEXT,"
        " updated TEXT)"
    )
    db.table("entity").create_index(["label", "name"])
    db.execute("ALTER TABLE span ADD COLUMN entity_id INTEGER REFERENCES entity(id)")
    db.execute("CREATE INDEX span_entity ON span (entity_id) WHERE entity_id IS NOT NULL")
