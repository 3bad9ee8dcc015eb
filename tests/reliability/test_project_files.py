"""A corrupt or foreign project file is refused with one clear line and left byte for byte as it
was (with its -wal and -shm); a migration copies the project first.

`tests/annotation/test_store.py` checks the `Store` refusals one by one; here every case goes
through the commands an analyst runs (`dateline stats` and `dateline export`), and the whole
folder is compared before and after.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

import annotation.store.store
from annotation.cli import main
from annotation.commands import AddSpan
from annotation.migrations import SCHEMA_VERSION, migrations
from annotation.model import NewSpan
from annotation.session import Session
from annotation.store import ProjectFileError, Store, StoreError
from tests.annotation.conftest import dump
from tests.reliability.conftest import DATELINE, copy_project, run_child, snapshot

PAGE = 4096


def _truncated(keep: Callable[[int], int]) -> Callable[[Path, Path], Path]:
    def make(folder: Path, template: Path) -> Path:
        data = template.read_bytes()
        path = folder / "project.db"
        path.write_bytes(data[: keep(len(data))])
        return path

    return make


def _zero_bytes(folder: Path, template: Path) -> Path:
    path = folder / "project.db"
    path.write_bytes(b"")
    return path


def _random_bytes(folder: Path, template: Path) -> Path:
    path = folder / "project.db"
    path.write_bytes(random.Random(1).randbytes(64 * 1024))
    return path


def _text_file(folder: Path, template: Path) -> Path:
    path = folder / "project.db"
    path.write_text("Minutes of the editorial meeting\n" * 100)
    return path


def _other_application(folder: Path, template: Path) -> Path:
    """A browser's cookie store, in WAL mode, with its last transaction still in the -wal."""
    path = folder / "project.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE cookies (host TEXT, name TEXT, value TEXT)")
    conn.commit()
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO cookies VALUES ('example.org', 'id', '42')")
    conn.commit()
    _copy_open(path, conn)
    return path


def _copy_open(path: Path, conn: sqlite3.Connection) -> None:
    """Leave the files as a program that crashed with this connection open would."""
    copies = {}
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            copies[suffix] = source.read_bytes()
    conn.close()
    for suffix, data in copies.items():
        path.with_name(path.name + suffix).write_bytes(data)


def _newer_schema(folder: Path, template: Path) -> Path:
    path = copy_project(template, folder / "project.db")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE added_by_dateline_2 (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return path


def _garbage_wal(folder: Path, template: Path) -> Path:
    path = copy_project(template, folder / "project.db")
    path.with_name("project.db-wal").write_bytes(random.Random(2).randbytes(20_000))
    path.with_name("project.db-shm").write_bytes(random.Random(3).randbytes(32_768))
    return path


def _torn_wal_header(folder: Path, template: Path) -> Path:
    path = copy_project(template, folder / "project.db")
    path.with_name("project.db-wal").write_bytes(b"\x37\x7f\x06\x82\x00\x2d")
    return path


def _wal_with_a_bad_checksum(folder: Path, template: Path) -> Path:
    """A real -wal whose header checksum no longer matches (a flipped bit)."""
    path = copy_project(template, folder / "project.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE document SET title = 'changed' WHERE id = 1")
    conn.commit()
    _copy_open(path, conn)
    wal = path.with_name("project.db-wal")
    data = bytearray(wal.read_bytes())
    data[12] ^= 0x01  # the checkpoint sequence number, covered by the header checksum
    wal.write_bytes(bytes(data))
    return path


def _directory(folder: Path, template: Path) -> Path:
    path = folder / "project.db"
    path.mkdir()
    (path / "notes.txt").write_text("not a project")
    return path


def _damaged_pages(folder: Path, template: Path) -> Path:
    """A project whose tables' and indexes' root pages were overwritten with zeros."""
    path = copy_project(template, folder / "project.db")
    conn = sqlite3.connect(path)
    roots = [
        row[0] for row in conn.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 1")
    ]
    conn.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        data[(root - 1) * PAGE : root * PAGE] = bytes(PAGE)
    path.write_bytes(bytes(data))
    return path


def _damaged_json(folder: Path, template: Path) -> Path:
    """A document whose metadata column no longer holds JSON."""
    path = copy_project(template, folder / "project.db")
    conn = sqlite3.connect(path)
    conn.execute('UPDATE document SET meta = \'{"file": "a.txt"\' WHERE id = 2')
    conn.commit()
    conn.close()
    return path


def _damaged(*statements: str) -> Callable[[Path, Path], Path]:
    """A project another program wrote values into that Dateline never writes."""

    def make(folder: Path, template: Path) -> Path:
        path = copy_project(template, folder / "project.db")
        conn = sqlite3.connect(path)
        for sql in statements:
            conn.execute(sql)
        conn.commit()
        conn.close()
        return path

    return make


_BOGUS_SPAN = (
    "INSERT INTO span (id, document_id, start, [end], label, status, origin)"
    " VALUES (7, 2, 0, 4, 'ORG', 'bogus', 'analyst')"
)

CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "zero-byte": (_zero_bytes, "the file is empty"),
    "random-bytes": (_random_bytes, "not an SQLite file"),
    "text-file": (_text_file, "not an SQLite file"),
    "truncated-to-the-header": (_truncated(lambda size: 100), "truncated"),
    "truncated-to-one-page": (_truncated(lambda size: PAGE), "truncated"),
    "truncated-by-half": (_truncated(lambda size: size // 2), "truncated"),
    "last-page-missing": (_truncated(lambda size: size - PAGE), "truncated"),
    "truncated-mid-page": (_truncated(lambda size: size - 100), "truncated"),
    "other-application": (_other_application, "another application"),
    "newer-schema": (_newer_schema, "newer Dateline"),
    "garbage-wal": (_garbage_wal, "write-ahead log"),
    "torn-wal-header": (_torn_wal_header, "write-ahead log"),
    "wal-header-checksum": (_wal_with_a_bad_checksum, "write-ahead log"),
    "directory": (_directory, "folder"),
    "damaged-pages": (_damaged_pages, "damaged"),
    "damaged-json": (_damaged_json, "damaged"),
    "damaged-extra-labels": (
        _damaged("INSERT INTO setting VALUES ('extra_labels', '{\"X\": 1}')"),
        "damaged: its setting extra_labels",
    ),
    "damaged-document-status": (
        _damaged("UPDATE document SET status = 'weird' WHERE id = 3"),
        "damaged: document 3 has status 'weird'",
    ),
    "damaged-span-status": (_damaged(_BOGUS_SPAN), "damaged: span 7 has status 'bogus'"),
}


def run(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout + result.stderr, result.exception


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("command", ["stats", "export"])
def test_a_corrupt_or_foreign_project_is_refused_in_one_line_and_left_untouched(
    seeded_template: Path, tmp_path: Path, case: str, command: str
) -> None:
    make, message = CASES[case]
    if case in ("damaged-json", "damaged-span-status") and command == "stats":
        pytest.skip("stats counts rows: the damage shows when a command reads that row")
    folder = tmp_path / "folder"
    folder.mkdir()
    project = make(folder, seeded_template)
    before = snapshot(folder)
    args = [command, "-p", str(project)]
    if command == "export":
        args += ["-o", str(folder / "out.jsonl"), "--all-documents"]
    code, output, exception = run(*args)
    assert code != 0
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    lines = [line for line in output.splitlines() if line.strip() and line != "Exporting"]
    assert len(lines) == 1, output
    assert lines[0].startswith(f"Error: {project}: ") and message in lines[0], lines[0]
    assert snapshot(folder) == before


def test_the_installed_command_refuses_without_a_traceback(
    seeded_template: Path, tmp_path: Path
) -> None:
    """The real entry point, in its own process: one line on stderr, exit code 1."""
    for case in ("random-bytes", "garbage-wal", "damaged-pages"):
        folder = tmp_path / case
        folder.mkdir()
        project = CASES[case][0](folder, seeded_template)
        before = snapshot(folder)
        done = run_child(DATELINE, "stats", "-p", project)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"Error: {project}: ")
        assert "Traceback" not in done.stderr
        assert snapshot(folder) == before


def test_a_newer_project_whose_last_edits_are_still_in_its_wal_is_refused_intact(
    seeded_template: Path, tmp_path: Path
) -> None:
    """A newer Dateline crashed right after updating the file: the version is only in the -wal.

    SQLite folds a -wal into the file when the last connection closes, so the files change, but
    what they hold does not: the newer version's edits are all there and the file stays newer.
    """
    path = copy_project(seeded_template, tmp_path / "project.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE added_by_dateline_2 (x)")
    conn.execute("INSERT INTO added_by_dateline_2 VALUES ('kept')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    _copy_open(path, conn)
    with pytest.raises(ProjectFileError, match="newer Dateline"):
        Store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT x FROM added_by_dateline_2").fetchall() == [("kept",)]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_wal_left_by_a_crash_is_not_mistaken_for_garbage(
    seeded_template: Path, tmp_path: Path
) -> None:
    """The -wal check refuses only what is not a write-ahead log: a crash's -wal is recovered."""
    path = copy_project(seeded_template, tmp_path / "project.db")
    session = Session.open(path, annotator="a")
    session.store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    span = session.execute(AddSpan(1, NewSpan(0, 5, "ORG"))).added_span
    expected = dump(session.store)
    _copy_open(path, session.store.conn)
    assert path.with_name("project.db-wal").stat().st_size > 0
    session = Session.open(path, annotator="a", create=False)
    assert dump(session.store) == expected and session.store.span(span or 0).label == "ORG"
    session.close()


# -- migrations: a copy first ------------------------------------------------------------------


#: The schema version the next Dateline will have, and the backup suffix its update leaves.
NEXT = SCHEMA_VERSION + 1
BACKUP = f"project.db.v{SCHEMA_VERSION}.bak"


def _next_schema(fail: bool = False) -> Migrations:
    """The real migrations plus one more, as the next version of Dateline will have."""
    steps = Migrations("dateline")
    for step in migrations._migrations:
        steps(name=step.name)(step.fn)

    @steps()
    def m999_span_confidence(db: Database) -> None:
        db.execute("ALTER TABLE span ADD COLUMN confidence REAL")
        if fail:
            raise RuntimeError("the new column could not be filled")
        db.execute(f"PRAGMA user_version = {NEXT}")

    return steps


@pytest.fixture
def current_project(seeded_template: Path, tmp_path: Path) -> Path:
    path = copy_project(seeded_template, tmp_path / "project.db")
    session = Session.open(path, annotator="a")
    session.execute(AddSpan(1, NewSpan(0, 5, "ORG")))
    session.close()
    return path


def _raw_dump(path: Path) -> tuple[int, dict[str, list[tuple[object, ...]]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        # sorted in Python: the search index's own tables have no rowid to order by
        rows = {t: sorted(conn.execute(f"SELECT * FROM [{t}]"), key=repr) for t in tables}
        return version, rows
    finally:
        conn.close()


def test_a_migration_keeps_a_copy_of_the_project_first(
    current_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _raw_dump(current_project)
    monkeypatch.setattr(annotation.store.store, "migrations", _next_schema())
    monkeypatch.setattr(annotation.store.store, "SCHEMA_VERSION", NEXT)
    Store(current_project).close()
    backup = current_project.with_name(BACKUP)
    assert _raw_dump(backup) == before
    version, rows = _raw_dump(current_project)
    assert version == NEXT
    assert {t: r for t, r in rows.items() if t not in ("span", "_sqlite_migrations")} == {
        t: r for t, r in before[1].items() if t not in ("span", "_sqlite_migrations")
    }
    assert [row[:-1] for row in rows["span"]] == before[1]["span"]  # plus the new column


def test_the_copy_holds_edits_still_in_the_wal_while_another_window_reads(
    current_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older window holding a read open keeps the checkpoint from copying the latest edits
    into the file; the copy must hold them all the same."""
    reader = sqlite3.connect(current_project)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM span").fetchone()  # a snapshot before the next edit
    session = Session.open(current_project, annotator="a")
    session.execute(AddSpan(2, NewSpan(0, 5, "GPE")))
    session.close()
    writer_view = _raw_dump(current_project)
    monkeypatch.setattr(annotation.store.store, "migrations", _next_schema())
    monkeypatch.setattr(annotation.store.store, "SCHEMA_VERSION", NEXT)
    Store(current_project).close()
    reader.close()
    backup = current_project.with_name(BACKUP)
    assert _raw_dump(backup) == writer_view


def test_a_failed_migration_leaves_the_project_as_it_was_with_a_clear_message(
    current_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _raw_dump(current_project)
    monkeypatch.setattr(annotation.store.store, "migrations", _next_schema(fail=True))
    monkeypatch.setattr(annotation.store.store, "SCHEMA_VERSION", NEXT)
    with pytest.raises(StoreError, match=rf"could not update .* to schema {NEXT}") as error:
        Store(current_project)
    assert BACKUP in str(error.value)
    assert _raw_dump(current_project) == before
    assert _raw_dump(current_project.with_name(BACKUP)) == before
    # and the next version of Dateline that works opens it normally
    monkeypatch.setattr(annotation.store.store, "migrations", _next_schema())
    Store(current_project).close()
    assert _raw_dump(current_project)[0] == NEXT
