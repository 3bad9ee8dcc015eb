"""The project file: the only place that speaks SQL (this package, and `annotation/migrations.py`).

One SQLite file per project, in WAL mode with `synchronous=FULL`, so an edit that returned is on
disk. Every edit is a list of row operations applied in one `BEGIN IMMEDIATE` transaction together
with its edit-log entry, which is what makes undo persistent, exact and safe across processes.

`open_files.py` knows which project files this process has open (never open one by path: closing
it would drop SQLite's locks); `opening.py` creates, checks and connects to the file, with
`project_file.py` checking its bytes first; `store.py` holds `Store`
(opening, migrations, transactions, settings), built from `reads.py`, `writes.py` (row
operations), `history.py` (the edit log) and `bulk.py` (import, suggestion runs), `search.py`
(the corpus search index), `list_pages.py` (the document list at any row), `entities.py`
(the entity registry) and `progress.py` (the statistics view's aggregates); `rows.py`
turns rows into records; `base.py` holds the errors and names they share. `layers.py` holds a
team project's analysts' layers and `reader.py` opens a project read-only (a merge's inputs).
Import from here.
"""

from annotation.store.base import (
    IDENTITY_COLUMNS,
    TABLES,
    ConflictError,
    ProjectFileError,
    StoreError,
    Table,
    now,
    sqlite_reason,
)
from annotation.store.entities import entity_from_row
from annotation.store.history import LogEntry, RowOp
from annotation.store.layers import (
    Layer,
    LayerDocument,
    LayerProgress,
    LayerSpan,
    MainRows,
    TeamLayers,
)
from annotation.store.list_pages import ListOrder
from annotation.store.reader import ProjectReader
from annotation.store.rows import (
    SPAN_COLUMNS,
    document_from_row,
    event_from_row,
    new_document_row,
    new_span_row,
    span_from_row,
)
from annotation.store.search import SearchError
from annotation.store.store import Store

__all__ = [
    "IDENTITY_COLUMNS",
    "SPAN_COLUMNS",
    "TABLES",
    "ConflictError",
    "Layer",
    "LayerDocument",
    "LayerProgress",
    "LayerSpan",
    "ListOrder",
    "LogEntry",
    "MainRows",
    "ProjectFileError",
    "ProjectReader",
    "RowOp",
    "SearchError",
    "Store",
    "StoreError",
    "Table",
    "TeamLayers",
    "document_from_row",
    "entity_from_row",
    "event_from_row",
    "new_document_row",
    "new_span_row",
    "now",
    "span_from_row",
    "sqlite_reason",
]
