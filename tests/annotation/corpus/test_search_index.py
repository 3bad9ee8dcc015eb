"""The search index stays right through import, edit, undo, redo and delete, and an older
project gets one filled when it is opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotation.commands import AddSpan, RemoveSpan, Resize, SetDocumentMeta
from annotation.corpus.search import SearchFilter, iter_hits
from annotation.importer import import_paths
from annotation.migrations import APPLICATION_ID, SCHEMA_VERSION, m001_initial
from annotation.model import NewSpan
from annotation.session import Session
from annotation.store import RowOp, Store
from tests.annotation.corpus.conftest import write_articles


def _documents(session: Session, query: str, filters: SearchFilter | None = None) -> list[int]:
    return sorted({hit.document for hit in iter_hits(session.store, query, filters)})


def _listed(session: Session, text: str) -> list[int]:
    return [d.id for d in session.store.documents(text=text)]


def _sound(session: Session) -> None:
    """FTS5's own check: the index holds exactly what the documents hold."""
    session.store.conn.execute(
        "INSERT INTO document_fts (document_fts, rank) VALUES ('integrity-check', 1)"
    )


def test_index_follows_an_import(corpus: Session, tmp_path: Path) -> None:
    assert _documents(corpus, "strike") == [3]
    later = write_articles(tmp_path / "later.jsonl", [{"text": "Dockers strike in Busan."}])
    import_paths(corpus, [later])
    assert _documents(corpus, "strike") == [3, 4]
    _sound(corpus)


def test_index_follows_a_title_edit_its_undo_and_redo(corpus: Session) -> None:
    assert _listed(corpus, "cooperation") == [2]
    corpus.execute(SetDocumentMeta(2, {"title": "Seoul talks", "source": "Harbour Wire"}))
    assert _listed(corpus, "talks") == [2] and _listed(corpus, "harbour") == [2]
    assert _listed(corpus, "space") == [2]  # still in its text
    assert _listed(corpus, "Space cooperation") == [2]
    corpus.undo()
    assert _listed(corpus, "talks") == [] and _listed(corpus, "harbour") == []
    corpus.redo()
    assert _listed(corpus, "talks") == [2]
    _sound(corpus)


def test_span_hits_follow_edits_undo_and_delete(corpus: Session) -> None:
    persons = SearchFilter(labels=frozenset({"PERSON"}))
    text = corpus.store.document(2).text
    modi = text.index("Modi")
    assert _documents(corpus, "Modi", persons) == [1]
    span = corpus.execute(AddSpan(2, NewSpan(modi - 3, modi + 4, "PERSON"))).added_span
    assert span is not None and _documents(corpus, "Modi", persons) == [1, 2]
    corpus.execute(Resize(span, modi - 3, modi - 1))  # 'PM' alone no longer reads 'Modi'
    assert _documents(corpus, "Modi", persons) == [1]
    corpus.undo()
    assert _documents(corpus, "Modi", persons) == [1, 2]
    corpus.execute(RemoveSpan(span))
    assert _documents(corpus, "Modi", persons) == [1]
    corpus.undo()
    assert _documents(corpus, "Modi", persons) == [1, 2]


def test_index_forgets_a_deleted_document(corpus: Session) -> None:
    store = corpus.store
    with store.transaction():
        for span in store.spans(1):
            store.write(RowOp("span", span.id, store.row("span", span.id), None))
        store.write(RowOp("document", 1, store.row("document", 1), None))
    assert _documents(corpus, "Modi") == [2]
    assert _listed(corpus, "Seoul") == []
    _sound(corpus)


def test_an_older_project_gets_its_index_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first = Migrations("dateline")
    first()(m001_initial)
    db = Database(sqlite3.connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    first.apply(db)
    db.table("document").insert(
        {"id": 1, "uid": "u1", "text": "Talks in Tallinn on Friday.", "status": "new"}
    )
    db.conn.commit()
    db.conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        session = Session(store)
        assert _documents(session, "tallinn") == [1]
        assert path.with_name("old.db.v1.bak").exists()
