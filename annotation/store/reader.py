"""`ProjectReader`: a project opened only to be read (a merge's inputs), never written.

SQLite's read-only mode still creates a -wal and a -shm beside a WAL project and leaves them
there. A project no program has open (no -wal beside it) is therefore read as an immutable file,
which creates nothing, and `unchanged` tells whether a program wrote to it meanwhile (the caller
then reads it again). A project open in a window (its -wal exists) is read in read-only mode,
through the files that window already made.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotation.database import Database
from annotation.migrations import SCHEMA_VERSION
from annotation.store import open_files
from annotation.store.base import ProjectFileError, StoreError
from annotation.store.project_file import check_project_file, check_schema_version
from annotation.store.reads import Reads


class ProjectReader(Reads):
    """A project file read without writing a byte to it or beside it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ProjectFileError(f"{self.path}: no such project file")
        # Its bytes are read only while no connection of this process has it (`open_files`).
        with open_files.LOCK:
            if not open_files.held(self.path):
                check_project_file(self.path, SCHEMA_VERSION)
            self._key: tuple[int, int] | None = open_files.file_key(self.path) or (0, 0)
            wal = self.path.with_name(self.path.name + "-wal")
            self._signature = None if wal.exists() else _signature(self.path)
            mode = "mode=ro" if self._signature is None else "mode=ro&immutable=1"
            try:
                self.conn = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?{mode}", uri=True, check_same_thread=False
                )
            except sqlite3.Error as exc:
                raise ProjectFileError(f"{self.path}: cannot read the project: {exc}") from exc
            open_files.opened(self._key)
        try:
            self.db = Database(self.conn, execute_plugins=False)
            version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
            check_schema_version(self.path, version, SCHEMA_VERSION)
            if version < 1:
                raise ProjectFileError(f"{self.path}: an empty file, not a Dateline project yet")
        except sqlite3.Error as exc:
            self.close()
            raise ProjectFileError(f"{self.path}: cannot read the project: {exc}") from exc
        except BaseException:
            self.close()
            raise

    def unchanged(self) -> bool:
        """Whether the file is as it was when opened (always true in read-only mode, where
        SQLite's locks keep each read consistent)."""
        return self._signature is None or self._signature == _signature(self.path)

    def close(self) -> None:
        if self._key is not None:
            self.conn.close()
            open_files.closed(self._key)
            self._key = None

    def __enter__(self) -> ProjectReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def edit_times(self) -> list[tuple[str, int | None, str | None]]:
        """(time, document id, analyst) of every analyst's edit, oldest first (undone ones too:
        the work was done)."""
        sql = "SELECT time, document_id, annotator FROM edit_log WHERE kind = 'edit' ORDER BY id"
        return [(str(t), d, a) for t, d, a in self.conn.execute(sql)]

    def analysts(self) -> Counter[str]:
        """How many edits (else decided spans) each named analyst made in this project."""
        sql = (
            "SELECT annotator, count(*) FROM edit_log WHERE kind = 'edit'"
            " AND annotator IS NOT NULL AND annotator != '' GROUP BY annotator"
        )
        found = Counter({str(name): int(n) for name, n in self.conn.execute(sql)})
        if not found:
            sql = (
                "SELECT annotator, count(*) FROM span WHERE status != 'suggested'"
                " AND annotator IS NOT NULL AND annotator != '' GROUP BY annotator"
            )
            found = Counter({str(name): int(n) for name, n in self.conn.execute(sql)})
        return found

    def is_team(self) -> bool:
        """Whether the project holds analysts' layers (made by `dateline merge`)."""
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master")}
        return "layer" in tables and bool(self.conn.execute("SELECT 1 FROM layer").fetchone())

    def decided_span_rows(self, ids: Sequence[int]) -> dict[int, list[tuple[Any, ...]]]:
        """Accepted and rejected spans of these documents as rows (id, document_id, start, end,
        label, status, origin, value, value_origin, note, annotator, updated), in text order."""
        found: dict[int, list[tuple[Any, ...]]] = {i: [] for i in ids}
        for first in range(0, len(ids), 500):
            chunk = list(ids[first : first + 500])
            sql = (
                "SELECT id, document_id, start, [end], label, status, origin, value,"
                " value_origin, note, annotator, updated FROM span"
                f" WHERE document_id IN ({','.join('?' * len(chunk))})"
                " AND status != 'suggested' ORDER BY document_id, start, [end], id"
            )
            for row in self.conn.execute(sql, chunk).fetchall():
                found[row[1]].append(row)
        return found

    def documents_page(self, after_id: int, limit: int) -> list[int]:
        """Ids of the next `limit` documents after `after_id`, in id order."""
        sql = "SELECT id FROM document WHERE id > ? ORDER BY id LIMIT ?"
        return [int(row[0]) for row in self.conn.execute(sql, (after_id, limit))]


def _signature(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the project: {exc.strerror}") from exc
    return stat.st_mtime_ns, stat.st_size
