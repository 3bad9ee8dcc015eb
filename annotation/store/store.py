"""`Store`: an open project file (opening, migrating, transactions, settings).

Reads, row operations, the edit log and bulk writes are the parts it is built from (`reads.py`,
`writes.py`, `history.py`, `bulk.py`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlite_utils import Database

from annotation.migrations import APPLICATION_ID, SCHEMA_VERSION, migrations
from annotation.store.base import ProjectFileError, StoreError
from annotation.store.bulk import BulkWrites
from annotation.store.entities import EntityReads
from annotation.store.history import EditLog
from annotation.store.list_pages import DocumentPages
from annotation.store.progress import ProgressReads
from annotation.store.project_file import check_project_file, check_schema_version
from annotation.store.search import CorpusSearch
from annotation.store.writes import RowWrites

#: Project files this process holds open, with how many stores hold each. Their bytes were
#: checked when the first store opened them: reading them again with Python would close a
#: descriptor of the file, and POSIX then drops every lock this process holds on it, SQLite's
#: too. Another process closing its connection would then take itself for the last one and
#: delete the -wal and -shm under this process's open connections ("disk I/O error" next).
_OPEN: Counter[Path] = Counter()
_OPEN_LOCK = threading.Lock()


class Store(
    EditLog, BulkWrites, RowWrites, CorpusSearch, DocumentPages, EntityReads, ProgressReads
):
    """An open project file."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self._key = self.path.resolve()
        with _OPEN_LOCK:
            if not _OPEN[self._key]:
                self._check_file(create)
            _OPEN[self._key] += 1
        try:
            self._connect()
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        with _OPEN_LOCK:
            _OPEN[self._key] -= 1
            if _OPEN[self._key] <= 0:
                del _OPEN[self._key]

    def _connect(self) -> None:
        try:
            conn = sqlite3.connect(str(self.path), timeout=10.0, check_same_thread=False)
        except sqlite3.Error as exc:
            raise ProjectFileError(f"{self.path}: cannot open the project: {exc}") from exc
        self.db = Database(conn, execute_plugins=False)
        self.conn = conn
        self._text_lengths = {}
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ProjectFileError(
                f"{self.path}: the project file is damaged or not a Dateline project ({exc})"
            ) from exc
        except StoreError:
            conn.close()
            raise

    # -- opening -------------------------------------------------------------------------------

    def _check_file(self, create: bool) -> None:
        """Refuse what is not a SQLite file before SQLite gets a chance to write to it."""
        if not self.path.exists():
            if not create:
                raise ProjectFileError(f"{self.path}: no such project file")
            self._create_file()
            return
        check_project_file(self.path, SCHEMA_VERSION)

    def _create_file(self) -> None:
        """Create an empty, marked project under a temporary name and rename it into place.

        The mark is written before WAL mode is on, so it is in the main file's header at once, and
        a crash during creation leaves no half-made file under the project's name.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.creating")
        temporary.unlink(missing_ok=True)
        conn = sqlite3.connect(str(temporary))
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.commit()
        finally:
            conn.close()
        temporary.replace(self.path)

    def _prepare(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        check_schema_version(self.path, version, SCHEMA_VERSION)
        self.conn.execute("PRAGMA busy_timeout = 10000")
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        backup = self._backup(f".v{version}.bak") if 0 < version < SCHEMA_VERSION else None
        if version < SCHEMA_VERSION:
            try:
                migrations.apply(self.db)
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
        partial = target.with_name(target.name + ".part")
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(str(partial))
        try:
            self.conn.backup(copy)
        finally:
            copy.close()
        partial.replace(target)
        return target

    def close(self) -> None:
        """Close the file (checkpointing the WAL so the .db file stands alone); idempotent."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        with suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self.conn.close()
        self._release()

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
                f"{self.path}: the project is busy in another program ({exc})"
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
                    f"{self.path}: not saved, nothing was changed ({exc}); "
                    "check the disk has room and the file is writable"
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
