"""The document list as a Qt table model over SQL: every row is there, read a page at a time.

A project may hold 100,000 articles: the model's row count is the filter's count, and a row the
view shows is read with its page (`store.document_page`, an offset into a narrow index in the
list's order), so the view scrolls to any row, sorts and filters without reading the pages
before it. A few pages are kept; a change re-reads only the rows it names, or, when it may move
rows (a status or title change under a filter or an order), the count and the pages shown.

With a ranking of the model in use (`set_priorities`, "what to annotate next") the Expected
column shows each document's expected corrections, and the ranked documents can come first,
most expected corrections first, then the rest in import order: that order is no index's, so
the list then holds the filter's ids (not their rows) and reads a page's summaries by id.
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
from annotation.rules import TODO
from annotation.session import Change, Session
from annotation.store import ListOrder
from desktop.formatting import DOC_STATUS_WORDS, plain_tip

PAGE = 100
#: Pages kept in memory (the view shows one or two at a time).
KEPT_PAGES = 32
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
    ("To do", TODO),
    ("New", (DocStatus.NEW,)),
    ("In progress", (DocStatus.IN_PROGRESS,)),
    ("Done", (DocStatus.DONE,)),
    ("Skipped", (DocStatus.SKIPPED,)),
)

#: The order each column sorts by (None: that column does not sort).
COLUMN_ORDERS: dict[int, ListOrder | None] = {
    TITLE: "title",
    SOURCE: "source",
    PUBLISHED: "published",
    STATUS: "status",
    OPEN: None,
    EXPECTED: None,
}

Index = QModelIndex | QPersistentModelIndex
#: The roles `data` answers.
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.UserRole,
    }
)


class DocumentListModel(QAbstractTableModel):
    """Summaries of the project's documents, filtered by status and text, in an order."""

    #: the number of documents matching the filter changed
    count_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._pages: dict[int, list[DocumentSummary]] = {}
        self.statuses: tuple[DocStatus, ...] | None = None
        self.text = ""
        self.order: ListOrder = "id"
        self.descending = False
        self.current: int | None = None
        self.total = 0
        #: expected corrections per document id (the model in use's ranking), and whether the
        #: ranked documents come first (in import order, not under a column's sort)
        self.priorities: dict[int, float] = {}
        self.ranked = False
        #: the rows' document ids while the ranking orders the list (None: an index's order)
        self._ids: list[int] | None = None
        self._row_of_id: dict[int, int] = {}

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

    def set_order(self, order: ListOrder, descending: bool = False) -> None:
        """Sort the list (by id, the import order, unless a column was chosen)."""
        if (order, descending) != (self.order, self.descending):
            self.order, self.descending = order, descending
            self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a column header (the Open column keeps the import order)."""
        self.set_order(COLUMN_ORDERS.get(column) or "id", order == Qt.SortOrder.DescendingOrder)

    def set_current(self, document_id: int | None) -> None:
        """The open document (drawn in bold)."""
        previous, self.current = self.current, document_id
        for document in (previous, document_id):
            row = self._loaded_row(document) if document is not None else None
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def reload(self) -> None:
        """Count the rows again and forget the pages read."""
        self.beginResetModel()
        self._pages.clear()
        self.total = self._count()
        self.endResetModel()
        self.count_changed.emit(self.total)

    def refresh_all(self) -> None:
        """Count again and re-read the rows shown, keeping the scroll position (the rows at the
        end come or go)."""
        if self._session is None:
            return
        total = self._count()
        self._pages.clear()
        if total > self.total:
            self.beginInsertRows(QModelIndex(), self.total, total - 1)
            self.total = total
            self.endInsertRows()
        elif total < self.total:
            self.beginRemoveRows(QModelIndex(), total, self.total - 1)
            self.total = total
            self.endRemoveRows()
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, len(COLUMNS) - 1))
        self.count_changed.emit(self.total)

    def _count(self) -> int:
        """The rows the filter keeps (and, ranked, their ids in the ranking's order)."""
        self._ids = None
        self._row_of_id = {}
        if self._session is None:
            return 0
        store = self._session.store
        if self.ranked and self.order == "id":
            listed = store.list_ids(self.statuses, self.text or None, descending=self.descending)
            shown = set(listed)
            first = sorted(
                (i for i in self.priorities if i in shown),
                key=lambda i: (-self.priorities[i], i),
            )
            self._ids = first + [i for i in listed if i not in self.priorities]
            self._row_of_id = {document_id: row for row, document_id in enumerate(self._ids)}
            return len(self._ids)
        return store.count_documents(self.statuses, self.text or None)

    # -- reading ---------------------------------------------------------------------------------

    def _page(self, number: int) -> list[DocumentSummary]:
        """A page of rows, read when first asked for; the pages farthest from it are dropped
        when too many are kept (no bookkeeping on each read: `data` is called thousands of
        times a paint)."""
        page = self._pages.get(number)
        if page is not None:
            return page
        if self._session is None:
            return []
        store = self._session.store
        if self._ids is not None:
            page = store.summaries(self._ids[number * PAGE : (number + 1) * PAGE])
        else:
            page = store.document_page(
                number * PAGE,
                PAGE,
                order=self.order,
                descending=self.descending,
                statuses=self.statuses,
                text=self.text or None,
            )
        self._pages[number] = page
        if len(self._pages) > KEPT_PAGES:
            for far in sorted(self._pages, key=lambda kept: -abs(kept - number))[: KEPT_PAGES // 2]:
                del self._pages[far]
        return page

    def summary(self, row: int) -> DocumentSummary | None:
        if not 0 <= row < self.total:
            return None
        number, offset = divmod(row, PAGE)
        page = self._pages.get(number)
        if page is None:
            page = self._page(number)
        return page[offset] if offset < len(page) else None

    def document_id(self, row: int) -> int | None:
        found = self.summary(row)
        return found.id if found is not None else None

    def _loaded_row(self, document_id: int) -> int | None:
        for number, page in self._pages.items():
            for offset, summary in enumerate(page):
                if summary.id == document_id:
                    return number * PAGE + offset
        return None

    def row_of(self, document_id: int) -> int | None:
        """The document's row in this order and filter (None: the filter hides it)."""
        row = self._loaded_row(document_id)
        if row is not None or self._session is None:
            return row
        if self._ids is not None:
            return self._row_of_id.get(document_id)
        return self._session.store.document_position(
            document_id,
            order=self.order,
            descending=self.descending,
            statuses=self.statuses,
            text=self.text or None,
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

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
        if role not in _ROLES or not index.isValid():  # most of the roles a paint asks for
            return None
        summary = self.summary(index.row())
        if summary is None:
            return None
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
        """Re-read the rows a change names (status, counts); when it may move rows under the
        filter or order (a document's own row changed), count and re-read what is shown."""
        if self._session is None:
            return
        moves = self.statuses is not None or self.text or self.order != "id" or self.ranked
        if change.everything or (change.document_rows and moves):
            self.refresh_all()
            return
        store = self._session.store
        for document_id in change.documents:
            row = self._loaded_row(document_id)
            if row is None:
                continue
            summary = store.document_summary(document_id)
            if summary is None:
                continue
            self._pages[row // PAGE][row % PAGE] = summary
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
