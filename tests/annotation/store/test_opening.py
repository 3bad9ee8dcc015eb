"""A new project file is complete before it has its name, so that programs opening it at once
never race to change it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotation.migrations import APPLICATION_ID
from annotation.store.opening import create_project_file


def test_a_new_project_file_is_marked_and_in_wal_mode_before_it_has_its_name(
    tmp_path: Path,
) -> None:
    """Programs opening a project that another has just created find it in WAL mode already:
    switching a file to WAL needs it alone, and SQLite refused all but one of the programs at
    once ("database is locked", 3 of 900 opens in the creation race under load)."""
    project = tmp_path / "new.db"
    create_project_file(project)
    header = project.read_bytes()[:100]
    assert header[18:20] == b"\x02\x02"  # the file format's "WAL" read and write versions
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID
    conn = sqlite3.connect(project)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]  # nothing left beside it
