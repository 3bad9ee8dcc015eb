"""The article's spans grouped by label, as a flat Qt table model (the inspector's list).

Each label is a heading row followed by its spans in text order. Flat on purpose: a long
article holds thousands of spans, and a flat model lets Qt insert and remove rows without
asking Python about every other row (a tree model's `parent()` would be called for all of
them on every change). The model keeps sorted (start, id) keys per label; rows are rendered
when the view asks; a change moves only the spans it names.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPixmap

from annotation.model import Span, SpanStatus
from annotation.schema import Schema
from desktop.article_spans import ArticleSpans, Brief
from desktop.formatting import STATUS_WORDS, plain_tip, quoted
from desktop.span_style import TRIGGER_COLOR

Index = QModelIndex | QPersistentModelIndex
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole
_SUGGESTED_COLOR = QColor("#a0611b")


def swatch(color: str, size: int = 12) -> QIcon:
    """A small square of a label's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class SpanListModel(QAbstractTableModel):
    """Label headings and, under each, its spans in text order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._article: ArticleSpans | None = None
        self._schema: Schema | None = None
        self.show_rejected = False
        self._labels: list[str] = []
        self._keys: dict[str, list[tuple[int, int]]] = {}
        self._open: dict[str, int] = {}
        #: spans per label as the heading says; follows `_keys` after each insert or remove
        #: (with a dataChanged), so a heading never changes inside an insertion or removal
        self._sizes: dict[str, int] = {}
        self._label_of: dict[int, str] = {}
        self._icons: dict[str, QIcon] = {}
        self._italic = QFont()
        self._italic.setItalic(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ---------------------------------------------------------------------------------

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema
        self._icons = {label.name: swatch(label.color) for label in schema.labels}
        self._icons.update({event.type: swatch(TRIGGER_COLOR) for event in schema.events})

    def set_article(self, article: ArticleSpans | None) -> None:
        self.beginResetModel()
        self._article = article
        self._labels = []
        self._keys = {}
        self._open = {}
        self._sizes = {}
        self._label_of = {}
        if article is not None:
            for span in article.ordered():
                if self._shown(span):
                    self._keys.setdefault(span.label, []).append((span.start, span.id))
                    self._label_of[span.id] = span.label
                    if span.status is SpanStatus.SUGGESTED:
                        self._open[span.label] = self._open.get(span.label, 0) + 1
            self._labels = sorted(self._keys, key=self._label_order)
            self._sizes = {label: len(keys) for label, keys in self._keys.items()}
        self.endResetModel()

    def update(self, span_ids: Iterable[int]) -> None:
        """Follow a change: move, add or drop only these spans."""
        article = self._article
        if article is None:
            return
        for span_id in span_ids:
            span = article.spans.get(span_id)
            shown = span is not None and self._shown(span)
            label = self._label_of.get(span_id)
            if label is not None and shown and span is not None and span.label == label:
                row = self._row_of(span_id)
                if (
                    row is not None
                    and self._keys[label][row - self._heading(label) - 1][0] == span.start
                ):
                    self._recount(label)  # same place: only its status or text changed
                    self.dataChanged.emit(self.index(row, 0), self.index(row, 1))
                    heading = self._heading(label)
                    self.dataChanged.emit(self.index(heading, 0), self.index(heading, 1))
                    continue
            if label is not None:
                self._remove(span_id, label)
            if shown and span is not None:
                self._insert(span)

    def _shown(self, span: Span | Brief) -> bool:
        return self.show_rejected or span.status is not SpanStatus.REJECTED

    def _label_order(self, label: str) -> tuple[int, str]:
        names = self._schema.label_names if self._schema is not None else ()
        return (names.index(label) if label in names else len(names), label)

    def _heading(self, label: str) -> int:
        """The row of a label's heading."""
        row = 0
        for name in self._labels:
            if name == label:
                return row
            row += 1 + len(self._keys[name])
        raise KeyError(label)

    def _row_of(self, span_id: int) -> int | None:
        label = self._label_of.get(span_id)
        article = self._article
        if label is None or article is None:
            return None
        span = article.spans.brief(span_id) if span_id in article.spans else None
        keys = self._keys[label]
        if span is not None:
            position = bisect_left(keys, (span.start, span_id))
            if position < len(keys) and keys[position][1] == span_id:
                return self._heading(label) + 1 + position
        position = next(i for i, (_start, key) in enumerate(keys) if key == span_id)
        return self._heading(label) + 1 + position

    def _remove(self, span_id: int, label: str) -> None:
        keys = self._keys[label]
        heading = self._heading(label)
        position = next(i for i, (_start, key) in enumerate(keys) if key == span_id)
        if len(keys) == 1:
            self.beginRemoveRows(QModelIndex(), heading, heading + 1)
            del self._keys[label]
            self._labels.remove(label)
            self._open.pop(label, None)
            self._sizes.pop(label, None)
            del self._label_of[span_id]
            self.endRemoveRows()
            return
        row = heading + 1 + position
        self.beginRemoveRows(QModelIndex(), row, row)
        keys.pop(position)
        del self._label_of[span_id]
        self.endRemoveRows()
        self._recount(label)
        self.dataChanged.emit(self.index(heading, 0), self.index(heading, 1))

    def _insert(self, span: Span | Brief) -> None:
        label = span.label
        if label not in self._keys:
            labels = sorted([*self._labels, label], key=self._label_order)
            before = labels[: labels.index(label)]
            row = sum(1 + len(self._keys[name]) for name in before)
            self.beginInsertRows(QModelIndex(), row, row + 1)
            self._labels = labels
            self._keys[label] = [(span.start, span.id)]
            self._sizes[label] = 1
            self._label_of[span.id] = label
            self.endInsertRows()
            self._recount(label)
            return
        keys = self._keys[label]
        key = (span.start, span.id)
        position = bisect_left(keys, key)
        row = self._heading(label) + 1 + position
        self.beginInsertRows(QModelIndex(), row, row)
        keys.insert(position, key)
        self._label_of[span.id] = label
        self.endInsertRows()
        self._recount(label)
        heading = self._heading(label)
        self.dataChanged.emit(self.index(heading, 0), self.index(heading, 1))

    def _recount(self, label: str) -> None:
        article = self._article
        if article is None:
            return
        spans = article.spans
        self._sizes[label] = len(self._keys.get(label, ()))
        self._open[label] = sum(
            1
            for _start, key in self._keys.get(label, ())
            if key in spans and spans.brief(key).status is SpanStatus.SUGGESTED
        )

    # -- for the view ----------------------------------------------------------------------------

    def _entry(self, row: int) -> tuple[str, int | None]:
        """(label, span id) of a row; the id is None on a heading."""
        for label in self._labels:
            size = len(self._keys[label])
            if row == 0:
                return label, None
            if row <= size:
                return label, self._keys[label][row - 1][1]
            row -= 1 + size
        raise IndexError(row)

    def group_titles(self) -> list[str]:
        titles = []
        for label in self._labels:
            titles.append(str(self.data(self.index(self._heading(label), 0))))
        return titles

    def is_heading(self, row: int) -> bool:
        return self._entry(row)[1] is None

    def span_id(self, index: Index) -> int | None:
        if not index.isValid():
            return None
        return self._entry(index.row())[1]

    def index_of(self, span_id: int) -> QModelIndex:
        row = self._row_of(span_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return sum(1 + len(keys) for keys in self._keys.values())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Spans in this article", "")[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self._article is None:
            return None
        label, span_id = self._entry(index.row())
        column = index.column()
        if span_id is None:
            return self._heading_data(label, column, role)
        if span_id not in self._article.spans:  # removed; this list catches up in a moment
            return None
        span = self._article.spans.brief(span_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return "   " + quoted(self._article.text[span.start : span.end], 48)
            return STATUS_WORDS[span.status]
        if role == SPAN_ID_ROLE:
            return span.id
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._article.text[span.start : span.end]
            value = f"\n{span.label} {span.value}" if span.value else ""
            return plain_tip(f"{text}\n{span.start}–{span.end}{value}")
        if role == Qt.ItemDataRole.FontRole and column == 0:
            if span.status is SpanStatus.SUGGESTED:
                return self._italic
            if span.status is SpanStatus.REJECTED:
                return self._struck
        suggested = span.status is SpanStatus.SUGGESTED
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and suggested:
            return QBrush(_SUGGESTED_COLOR)
        return None

    def _heading_data(self, label: str, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{label}  ({self._sizes.get(label, 0)})"
            open_count = self._open.get(label, 0)
            return f"{open_count} open" if open_count else ""
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icons.get(label) or swatch("#888888")
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None
