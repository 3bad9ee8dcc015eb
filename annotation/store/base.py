"""What every part of the store shares: its errors, the tables, timestamps, the open connection."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

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


class StoreError(Exception):
    """A project file that cannot be used or an edit that cannot be stored."""


class ProjectFileError(StoreError):
    """The file is not a usable Dateline project; it has been left untouched."""


class ConflictError(StoreError):
    """The rows an edit (or its undo) expects have been changed by another edit or process."""


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
