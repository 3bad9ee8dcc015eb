"""`Store`: an open project file (opening, migrating, transactions, settings).

Reads, row operations, the edit log and bulk writes are the parts it is built from (`reads.py`,
`writes.py`, `history.py`, `bulk.py`).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from annotation.database import Database
from annotation.migrations import SCHEMA_VERSION, migrations
from annotation.store.base import ProjectFileError, StoreError, sqlite_reason
from annotation.store.bulk import BulkWrites
from annotation.store.entities import EntityReads
from annotation.store.history import EditLog
from annotation.store.list_pages import DocumentPages
from annotation.store.opening import connect, disconnect
from annotation.store.progress import ProgressReads
from annotation.store.project_file import check_schema_version
from annotation.store.search import CorpusSearch
from annotation.store.writes import RowWrites


class Store(
    EditLog, BulkWrites, RowWrites, CorpusSearch, DocumentPages, EntityReads, ProgressReads
):
    """An open project file."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self._connection = connect(self.path, SCHEMA_VERSION, create)
        conn = self.conn = self._connection.conn
        #: the file may not be written (its permissions or its folder's): reads only
        self.read_only = self._connection.read_only
        self.db = Database(conn, execute_plugins=False)
        self._text_lengths = {}
        self._closed = False
        try:
            self._prepare()
        except sqlite3.Error as exc:
            self._disconnect()
            raise ProjectFileError(
                f"{self.path}: cannot open the project: {sqlite_reason(self.path, exc)}"
            ) from exc
        except BaseException:
            self._disconnect()
            raise

    # -- opening -------------------------------------------------------------------------------

    def _prepare(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        check_schema_version(self.path, version, SCHEMA_VERSION)
        self.conn.execute("PRAGMA busy_timeout = 10000")
        if version < SCHEMA_VERSION and self.read_only:
            raise ProjectFileError(
                f"{self.path}: made by an older Dateline (project schema {version}) and "
                "read-only, so it cannot be updated; make it (and its folder) writable to open it"
            )
        if not self.read_only and self._pragma("journal_mode").lower() != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        # A file may also lack a step numbered below its version (m002 landed after m003).
        if version < SCHEMA_VERSION or (not self.read_only and migrations.pending(self.db)):
            self._migrate()
        self.conn.execute("PRAGMA foreign_keys = ON")

    def _pragma(self, name: str) -> str:
        return str(self.conn.execute(f"PRAGMA {name}").fetchone()[0])

    def _migrate(self) -> None:
        """Bring the file to this version's schema, copying it first if it holds a project.

        The copy is made first (SQLite cannot copy a file its own connection is writing); then
        one write transaction: a second program opening the file meanwhile waits, then finds it
        up to date. Foreign keys are off meanwhile (a migration may rebuild a table others
        refer to) and checked before the commit.
        """
        version = int(self._pragma("user_version"))
        backup = None
        try:
            backup = self._backup(f".v{version}.bak") if version > 0 else None
            with self.transaction():
                if int(self._pragma("user_version")) >= SCHEMA_VERSION and not (
                    migrations.pending(self.db)
                ):
                    return  # another program updated it meanwhile
                dangling = set(self.conn.execute("PRAGMA foreign_key_check"))
                migrations.apply(self.db)
                broken = set(self.conn.execute("PRAGMA foreign_key_check")) - dangling
                if broken:
                    raise StoreError(f"{len(broken)} rows would lose their references")
        except Exception as exc:
            kept = f"; a copy from before the update is at {backup}" if backup else ""
            raise ProjectFileError(
                f"{self.path}: could not update the project to schema {SCHEMA_VERSION} "
                f"({type(exc).__name__}: {exc}){kept}"
            ) from exc

    def _backup(self, suffix: str) -> Path:
        """Copy the project before a migration changes it.

        SQLite's backup copies what this connection sees, the -wal's edits included (a checkpoint
        cannot fold them in while another window holds a read open); the copy appears under its
        name only when complete.
        """
        target = self.path.with_name(self.path.name + suffix)
        partial = target.with_name(f"{target.name}.{secrets.token_hex(4)}.part")
        try:
            copy = sqlite3.connect(str(partial))
            try:
                self.conn.backup(copy)
            finally:
                copy.close()
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return target

    def close(self) -> None:
        """Close the file (checkpointing the WAL so the .db file stands alone); idempotent."""
        if self._closed:
            return
        with suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self._disconnect()

    def _disconnect(self) -> None:
        self._closed = True
        disconnect(self._connection)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once so a concurrent writer waits rather than fails."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"{self.path}: nothing was changed: {sqlite_reason(self.path, exc)}"
            ) from exc
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite rolls some failures back itself (a full disk, an I/O error): only roll back
            # what is still open, so the original error is the one reported.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    f"{self.path}: not saved, nothing was changed: {sqlite_reason(self.path, exc)}"
                ) from exc
            raise

    @property
    def data_version(self) -> int:
        """Changes when another connection commits to this file (for refresh on outside edits)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- settings -------------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction():
            if value is None:
                self.conn.execute("DELETE FROM setting WHERE key = ?", (key,))
            else:
                self.db.table("setting").upsert({"key": key, "value": value}, pk="key")

    # -- health ---------------------------------------------------------------------------------

    def integrity_errors(self) -> list[str]:
        """What `PRAGMA integrity_check` and the foreign-key check report (empty when sound)."""
        problems = [row[0] for row in self.conn.execute("PRAGMA integrity_check")]
        problems = [p for p in problems if p != "ok"]
        problems += [str(row) for row in self.conn.execute("PRAGMA foreign_key_check")]
        return problems
