"""The documents dock: a status filter, a text filter and the lazily loaded table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotation.model import DocStatus
from desktop.document_list_model import (
    COLUMN_ORDERS,
    EXPECTED,
    FILTERS,
    OPEN,
    PUBLISHED,
    SOURCE,
    STATUS,
    TITLE,
    DocumentListModel,
)
from desktop.search_field import search_field
from desktop.timers import timer


class DocumentList(QWidget):
    """Pick the article to work on."""

    document_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(self)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        for name, _statuses in FILTERS:
            self.status_filter.addItem(name)
        self.status_filter.setToolTip("Show documents in this state")
        self.search = search_field(
            "document_search", "Filter by words in the title, source or text"
        )
        self.count = QLabel()
        self.count.setObjectName("document_count")
        self.table = QTableView()
        self.table.setObjectName("documents")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (SOURCE, PUBLISHED, STATUS, OPEN, EXPECTED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(SOURCE, 84)
        header.resizeSection(PUBLISHED, 82)
        header.resizeSection(STATUS, 86)
        header.resizeSection(OPEN, 40)
        header.resizeSection(EXPECTED, 56)
        header.setHighlightSections(False)
        # Import order until a column is chosen; a third click goes back to it.
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        self._debounce = timer(self, 200, self._apply_filter, single=True)
        self.search.textChanged.connect(self._debounce.start)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.table.activated.connect(self._on_table_activated)
        self.table.clicked.connect(self._on_table_activated)
        self.model.count_changed.connect(self._on_model_count_changed)
        self.model.modelReset.connect(self._reselect)

    @property
    def statuses(self) -> tuple[DocStatus, ...] | None:
        return FILTERS[max(self.status_filter.currentIndex(), 0)][1]

    def _apply_filter(self) -> None:
        self.model.set_filter(self.statuses, self.search.text())

    def _on_header_sort_indicator_changed(self, section: int, _order: Qt.SortOrder) -> None:
        if section >= 0 and COLUMN_ORDERS.get(section) is None:
            # A column the list cannot sort by without counting every span: import order.
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def _on_table_activated(self, index: QModelIndex) -> None:
        document_id = self.model.document_id(index.row())
        if document_id is not None:  # the open one too: the window gives it the keyboard back
            self.document_activated.emit(document_id)

    def _on_model_count_changed(self, total: int) -> None:
        noun = "document" if total == 1 else "documents"
        self.count.setText(f"{total:,} {noun}")

    def set_current(self, document_id: int | None) -> None:
        """Mark and select the open document (its page is read if it is not shown)."""
        self.model.set_current(document_id)
        self._reselect()

    def _reselect(self) -> None:
        document_id = self.model.current
        selection = self.table.selectionModel()
        if document_id is None:
            selection.clearSelection()
            return
        row = self.model.row_of(document_id)
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
