"""The document list as a Qt table model over SQL, fetched a page at a time.

A project may hold 100,000 articles: the model reads pages of summaries in id order (keyset
paging, `store.documents(after_id=...)`) only as the view scrolls to them (`canFetchMore` /
`fetchMore`), and re-reads only the rows a change names. With a ranking of the model in use
(`set_priorities`, "what to annotate next") the Expected column shows each document's expected
corrections, and the ranked documents can come first, most expected corrections first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from annotation.model import DocStatus, DocumentSummary
from annotation.session import Change, Session
from desktop.formatting import DOC_STATUS_WORDS, plain_tip

PAGE = 200
COLUMNS = ("Title", "Source", "Published", "Status", "Open", "Expected")
TITLE, SOURCE, PUBLISHED, STATUS, OPEN, EXPECTED = range(len(COLUMNS))
STATUS_COLORS = {
    DocStatus.NEW: QColor("#4e79a7"),
    DocStatus.IN_PROGRESS: QColor("#f28e2b"),
    DocStatus.DONE: QColor("#59a14f"),
    DocStatus.SKIPPED: QColor("#9d9d9d"),
}
#: Status filters the list offers: (name, states); None keeps every state.
FILTERS: tuple[tuple[str, tuple[DocStatus, ...] | None], ...] = (
    ("All", None),
    ("To do", (DocStatus.NEW, DocStatus.IN_PROGRESS)),
    ("New", (DocStatus.NEW,)),
    ("In progress", (DocStatus.IN_PROGRESS,)),
    ("Done", (DocStatus.DONE,)),
    ("Skipped", (DocStatus.SKIPPED,)),
)

Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """Summaries of the project's documents, filtered by status and text."""

    #: the number of documents matching the filter changed
    count_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[int, int] = {}
        self._exhausted = True
        self.statuses: tuple[DocStatus, ...] | None = None
        self.text = ""
        self.current: int | None = None
        self.total = 0
        #: expected corrections per document id (the model in use's ranking), and whether the
        #: ranked documents come first
        self.priorities: dict[int, float] = {}
        self.ranked = False
        self._ranked_at = 0

    # -- configuration ---------------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self._session = session
        self.current = None
        self.reload()

    def set_filter(self, statuses: Sequence[DocStatus] | None, text: str = "") -> None:
        self.statuses = tuple(statuses) if statuses is not None else None
        self.text = text.strip()
        self.reload()

    def set_priorities(self, priorities: dict[int, float], ranked: bool) -> None:
        """Show a ranking (document id -> expected corrections); `ranked`: those first, most
        expected corrections first, then the others in id order."""
        self.priorities = dict(priorities)
        self.ranked = ranked and bool(priorities)
        self.reload()

    def set_current(self, document_id: int | None) -> None:
        """The open document (drawn in bold)."""
        previous, self.current = self.current, document_id
        for document in (previous, document_id):
            row = self._row_of.get(document) if document is not None else None
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def reload(self) -> None:
        """Forget the loaded pages; the view fetches the first again."""
        self.beginResetModel()
        self._rows = []
        self._row_of = {}
        self._ranked_at = 0
        self._exhausted = self._session is None
        self.endResetModel()
        if self._session is not None:
            self.total = self._session.store.count_documents(self.statuses, self.text or None)
        else:
            self.total = 0
        self.count_changed.emit(self.total)

    def refresh_all(self) -> None:
        """Re-read the loaded rows in place (keeps the scroll position); reset if rows moved."""
        if self._session is None:
            return
        store = self._session.store
        if not self._rows:
            self.reload()
            return
        if self.ranked:
            self._refresh_ranked()
            return
        fresh = store.documents(
            statuses=self.statuses, text=self.text or None, limit=len(self._rows)
        )
        if [row.id for row in fresh] != [row.id for row in self._rows]:
            self.reload()
            return
        self._rows = fresh
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))
        if self._exhausted:
            # Everything was loaded: documents added since (an import) come after the last id.
            # The view only asks for more when it lays out again, so fetch them here.
            self._exhausted = False
            self.fetchMore()
        total = store.count_documents(self.statuses, self.text or None)
        if total != self.total:
            self.total = total
            self.count_changed.emit(total)

    # -- lazy loading ----------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._session is None:
            return
        if self.ranked:
            page = self._ranked_page()
        else:
            after = self._rows[-1].id if self._rows else 0
            page = self._session.store.documents(
                statuses=self.statuses, text=self.text or None, after_id=after, limit=PAGE
            )
            if len(page) < PAGE:
                self._exhausted = True
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        for offset, summary in enumerate(page):
            self._row_of[summary.id] = first + offset
        self._rows.extend(page)
        self.endInsertRows()

    def _ranked_page(self) -> list[DocumentSummary]:
        """The next page in ranking order: ranked documents first, then the rest by id."""
        assert self._session is not None
        store = self._session.store
        order = sorted(self.priorities, key=lambda i: (-self.priorities[i], i))
        page: list[DocumentSummary] = []
        while self._ranked_at < len(order) and len(page) < PAGE:
            summary = store.document_summary(order[self._ranked_at])
            self._ranked_at += 1
            if summary is not None and self._shown(summary):
                page.append(summary)
        if len(page) == PAGE:
            return page
        after = max((row.id for row in self._rows if row.id not in self.priorities), default=0)
        while len(page) < PAGE:
            more = store.documents(
                statuses=self.statuses, text=self.text or None, after_id=after, limit=PAGE
            )
            if not more:
                self._exhausted = True
                break
            after = more[-1].id
            page += [row for row in more if row.id not in self.priorities][: PAGE - len(page)]
        return page

    def _shown(self, summary: DocumentSummary) -> bool:
        """Whether a ranked document passes the status and text filters."""
        if self.statuses is not None and summary.status not in self.statuses:
            return False
        text = self.text.lower()
        return not text or text in summary.title.lower() or text in (summary.source or "").lower()

    def _refresh_ranked(self) -> None:
        """Re-read the loaded rows of a ranked list in place."""
        assert self._session is not None
        store = self._session.store
        for row, summary in enumerate(self._rows):
            fresh = store.document_summary(summary.id)
            if fresh is not None:
                self._rows[row] = fresh
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def fetch_until(self, document_id: int, limit: int = 10) -> int | None:
        """Fetch up to `limit` more pages until `document_id` is loaded; its row, or None."""
        for _ in range(limit):
            row = self._row_of.get(document_id)
            if row is not None or not self.canFetchMore():
                return row
            if not self.ranked and self._rows and self._rows[-1].id > document_id:
                return None
            self.fetchMore()
        return self._row_of.get(document_id)

    # -- reading ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def document_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def summary(self, row: int) -> DocumentSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section == EXPECTED:
                return "Corrections the model in use expects the document to need"
            return "Open suggestions" if section == OPEN else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return summary.title or f"Document {summary.id}"
            if column == SOURCE:
                return summary.source or ""
            if column == PUBLISHED:
                return (summary.published or "")[:10]
            if column == STATUS:
                return DOC_STATUS_WORDS[summary.status]
            if column == OPEN:
                return summary.open_suggestions or ""
            if column == EXPECTED:
                expected = self.priorities.get(summary.id)
                return f"{expected:.1f}" if expected is not None else ""
        elif role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(
                f"{summary.title}\n{summary.source or 'no source'} · "
                f"{summary.published or 'no date'}\n{DOC_STATUS_WORDS[summary.status]}: "
                f"{summary.spans} accepted spans, {summary.open_suggestions} open suggestions"
            )
        elif role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return STATUS_COLORS[summary.status]
        elif role == Qt.ItemDataRole.FontRole and summary.id == self.current:
            font = QFont()
            font.setBold(True)
            return font
        elif role == Qt.ItemDataRole.TextAlignmentRole and column in (OPEN, EXPECTED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.UserRole:
            return summary.id
        return None

    # -- keeping up with edits ------------------------------------------------------------------

    def apply(self, change: Change) -> None:
        """Re-read the rows a change names (status, counts); everything on a bulk change."""
        if self._session is None:
            return
        if change.everything:
            self.refresh_all()
            return
        store = self._session.store
        for document_id in change.documents:
            row = self._row_of.get(document_id)
            if row is None:
                continue
            summary = store.document_summary(document_id)
            if summary is None:
                continue
            self._rows[row] = summary
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
