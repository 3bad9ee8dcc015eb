"""Search hits as a Qt list model: a page of hits at a time, the next as the view scrolls.

The hits come from `annotation.corpus.search` (or a list the registry hands it: an entity's
mentions); a hit's context is made only when the view paints its row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from annotation.corpus.search import Hit, SearchPage
from desktop.formatting import plain_tip

Index = QModelIndex | QPersistentModelIndex
#: The context of a hit: (text before, the hit, text after).
CONTEXT_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2
#: A function giving the page of hits after a document (the search, bound to its query).
NextPage = Callable[[int], SearchPage]


class SearchHitsModel(QAbstractListModel):
    """Hits, fetched a page at a time while the search has more."""

    #: a page was read (by whoever asked: the view, or the dock filling it)
    fetched = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._next: NextPage | None = None
        self._after: int | None = None
        self._fetching = False

    def set_search(self, next_page: NextPage | None) -> None:
        """Start over with a search (its first page is read at once), or none."""
        self.beginResetModel()
        self._hits = []
        self._next = next_page
        self._after = 0 if next_page is not None else None
        self.endResetModel()
        if next_page is not None:
            self.fetchMore()

    def set_hits(self, hits: Sequence[Hit]) -> None:
        """Show these hits (a complete list: nothing more to fetch)."""
        self.beginResetModel()
        self._hits = list(hits)
        self._next = None
        self._after = None
        self.endResetModel()

    @property
    def complete(self) -> bool:
        """Whether every hit has been read."""
        return self._after is None

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    # -- paging ----------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and not self._fetching
            and self._after is not None
            and self._next is not None
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._next is None or self._after is None:
            return
        # A view (or Qt's model tester) may ask for more while rows are going in: not twice.
        self._fetching = True
        try:
            page = self._next(self._after)
            self._after = page.after
            if page.hits:
                first = len(self._hits)
                self.beginInsertRows(QModelIndex(), first, first + len(page.hits) - 1)
                self._hits += page.hits
                self.endInsertRows()
        finally:
            self._fetching = False
        self.fetched.emit()

    # -- reading ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == CONTEXT_ROLE:
            context, at = hit.context_line()
            length = len(" ".join(hit.text.split()))
            return context[:at], context[at : at + length], context[at + length :]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.context
        if role == Qt.ItemDataRole.ToolTipRole:
            what = f"{hit.label} ({hit.status.value}) " if hit.label and hit.status else ""
            return plain_tip(
                f"{what}{hit.title or f'Document {hit.document}'}, {hit.start}–{hit.end}"
            )
        if role == HIT_ROLE:
            return hit
        return None
