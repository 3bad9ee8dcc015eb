"""The project file: created safely, refused when it is not ours, never overwritten."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotation.commands import AddSpan
from annotation.migrations import SCHEMA_VERSION
from annotation.model import NewSpan
from annotation.session import Session
from annotation.store import ProjectFileError, RowOp, Store
from tests.annotation.conftest import add_document, add_span


def test_new_project_uses_wal_full_sync_and_the_current_schema(project: Path) -> None:
    store = Store(project)
    pragma = lambda name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL: one fsync per committed edit
    assert pragma("foreign_keys") == 1
    assert pragma("user_version") == SCHEMA_VERSION
    indexes = {row[1] for row in store.conn.execute("PRAGMA index_list(span)")}
    assert any("document_id_start" in name for name in indexes)
    store.close()
    assert [p.name for p in project.parent.iterdir()] == [project.name]


def _unchanged(path: Path, data: bytes) -> bool:
    return path.read_bytes() == data


def _written_by_another_program(path: Path, sql: str) -> bytes:
    """Change the file through SQLite, not Dateline; its bytes after."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(sql)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"hello, I am a text file\n" * 10, "not an SQLite file"),
        (bytes(range(256)) * 4, "not an SQLite file"),
    ],
)
def test_files_that_are_not_projects_are_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match=message):
        Store(path)
    assert _unchanged(path, content)


def test_an_sqlite_file_of_another_application_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    data = _written_by_another_program(path, "CREATE TABLE cookies (name TEXT)")
    with pytest.raises(ProjectFileError, match="another application"):
        Store(path)
    assert _unchanged(path, data)


def test_a_project_from_a_newer_dateline_is_refused_untouched(project: Path) -> None:
    Store(project).close()
    data = _written_by_another_program(project, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ProjectFileError, match="newer Dateline"):
        Store(project)
    assert _unchanged(project, data)


def test_a_truncated_project_is_refused(project: Path) -> None:
    session = Session.open(project)
    doc = add_document(session.store, "x " * 50_000)
    for start in range(0, 2000, 4):
        session.execute(AddSpan(doc, NewSpan(start, start + 1, "CARDINAL")))
    session.close()
    data = project.read_bytes()
    project.write_bytes(data[: len(data) // 2])
    with pytest.raises(ProjectFileError, match="truncated"):
        Store(project)
    assert project.stat().st_size == len(data) // 2


def test_missing_project_is_not_created_when_not_asked(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such project"):
        Store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_settings_persist(project: Path) -> None:
    store = Store(project)
    store.set_setting("pipeline", "en_core_web_sm")
    store.close()
    store = Store(project)
    assert store.setting("pipeline") == "en_core_web_sm"
    store.set_setting("pipeline", None)
    assert store.setting("pipeline", "default") == "default"
    store.close()


def test_document_list_pages_by_id_with_counts(session: Session) -> None:
    ids = [add_document(session.store, f"Article {n} about Oslo.") for n in range(5)]
    session.execute(AddSpan(ids[1], NewSpan(17, 21, "GPE")))
    first = session.store.documents(limit=2)
    rest = session.store.documents(after_id=first[-1].id)
    assert [d.id for d in first + rest] == ids
    assert first[1].spans == 1 and first[1].open_suggestions == 0
    assert [d.id for d in session.store.documents(text="Article 3")] == [ids[3]]
    assert session.store.neighbour_document(ids[2], +1) == ids[3]
    assert session.store.neighbour_document(ids[0], -1) is None


def test_a_full_disk_refuses_the_edit_whole_and_the_project_stays_usable(
    session: Session,
) -> None:
    from annotation.commands import SetNote
    from annotation.store import StoreError
    from tests.annotation.conftest import dump

    doc = add_document(session.store)
    span = add_span(session, doc, 0, 13, "PERSON")
    before = dump(session.store)
    pages = session.store.conn.execute("PRAGMA page_count").fetchone()[0]
    session.store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    with pytest.raises(StoreError, match="not saved, nothing was changed"):
        session.execute(SetNote(span, "x" * 200_000))
    assert dump(session.store) == before
    assert session.undo_text == "Undo Add PERSON 'Narendra Modi'"
    session.store.conn.execute("PRAGMA max_page_count = 1073741823")
    session.execute(SetNote(span, "room again"))
    assert session.store.span(span).note == "room again"


def test_text_reaches_counts_past_a_nul_and_follows_a_rewritten_text(project: Path) -> None:
    store = Store(project)
    doc = add_document(store, text="ab\x00cd")
    assert store.text_reaches(doc, 5) and not store.text_reaches(doc, 6)
    assert store.text_length(doc) == 5
    with store.transaction():
        store.write(RowOp("document", doc, {"text": "ab\x00cd"}, {"text": "ab\x00cdef"}))
    assert store.text_reaches(doc, 7) and store.text_length(doc) == 7
    store.close()


def test_unsuggested_documents_page_by_id_and_count(session: Session) -> None:
    store = session.store
    ids = [add_document(store, f"{n}. Seoul") for n in range(7)]
    with store.transaction():
        store.record_suggestion_runs([ids[1], ids[4]], "model:en_a@1")
        store.record_suggestion_runs([ids[2]], "model:en_b@1")
    left = [ids[0], ids[2], ids[3], ids[5], ids[6]]
    assert store.unsuggested_document_ids("model:en_a@1") == left
    assert store.unsuggested_count("model:en_a@1") == 5
    pages, after = [], 0
    while page := store.unsuggested_document_ids("model:en_a@1", after=after, limit=2):
        pages.append(page)
        after = page[-1]
    assert pages == [left[:2], left[2:4], left[4:]]
