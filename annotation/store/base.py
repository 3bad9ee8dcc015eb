"""What every part of the store shares: its errors, the tables, timestamps, the open connection."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from annotation.database import Database
from annotation.errors import DatelineError

TABLES = ("document", "span", "relation", "event", "argument", "entity")
#: Columns an update records besides the changed ones, so a Change can say where it happened.
IDENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "document": (),
    "span": ("document_id", "start", "end"),
    "relation": ("document_id",),
    "event": ("document_id",),
    "argument": ("event_id",),
    "entity": (),
}
Table = Literal["document", "span", "relation", "event", "argument", "entity"]


class StoreError(DatelineError):
    """A project file that cannot be used or an edit that cannot be stored."""


class ProjectFileError(StoreError):
    """The file is not a usable Dateline project; it has been left untouched."""


class ConflictError(StoreError):
    """The rows an edit (or its undo) expects have been changed by another edit or process."""


def sqlite_reason(path: Path, exc: sqlite3.Error) -> str:
    """What an SQLite error on the project at `path` means for its user, in a few words.

    Only a damaged file is called damaged: a full disk, a read-only file or folder and another
    program's lock say so, since every file is then intact.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    folder = path.parent
    if name == "SQLITE_FULL":
        return f"the disk holding {folder} is full ({exc})"
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        if not os.access(folder, os.W_OK | os.X_OK):
            return (
                f"the folder {folder} is read-only, and SQLite keeps {path.name}-wal and "
                f"{path.name}-shm beside the project ({exc})"
            )
        if path.exists() and not os.access(path, os.W_OK):
            return f"the project file is read-only ({exc})"
        for suffix in ("-wal", "-shm"):
            beside = path.with_name(path.name + suffix)
            if beside.exists() and not os.access(beside, os.R_OK | os.W_OK):
                return f"{beside.name} beside it is read-only ({exc})"
        return f"it cannot be opened for writing ({exc})"
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return f"the project is busy in another program ({exc})"
    if name.startswith("SQLITE_CONSTRAINT"):
        return f"the project file refuses it ({exc})"
    if name.startswith("SQLITE_IOERR"):
        return f"the disk reported an error ({exc})"
    return f"the project file is damaged or not a Dateline project ({exc}); restore a backup copy"


def now() -> str:
    """A UTC timestamp with milliseconds, sortable as text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Connected:
    """The open project file the store's parts (reads, writes, the edit log) work on.

    `Store` sets these when it opens the file.
    """

    path: Path
    conn: sqlite3.Connection
    db: Database
