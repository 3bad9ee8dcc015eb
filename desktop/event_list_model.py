"""The article's events as a two-level Qt item model: each event, and under it its roles (and
the required roles still missing). Rows are rendered only when a view asks for them, so an
article with a thousand suggested events lists as fast as one with three.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from annotation.links import EventRecord
from annotation.model import SpanStatus
from annotation.schema import Schema
from desktop.article_spans import ArticleSpans
from desktop.formatting import glossed, plain_tip, quoted

Index = QModelIndex | QPersistentModelIndex
_WARNING = QColor("#b3261e")
_HEADERS = ("Event / role", "Text")


class Row(NamedTuple):
    """What a row stands for: an event, one of its roles, or a required role not filled."""

    kind: str  # "event", "argument" or "missing"
    event: int
    argument: int | None = None
    span: int | None = None
    role: str = ""


class EventListModel(QAbstractItemModel):
    """Events (top level) and their roles (children); top-level internal id 0, a child's the
    row of its event plus one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[EventRecord] = []
        self._article: ArticleSpans | None = None
        self._schema: Schema | None = None
        self._rows: dict[int, int] = {}
        self._children: dict[int, list[Row]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_content(
        self, records: Sequence[EventRecord], article: ArticleSpans | None, schema: Schema | None
    ) -> None:
        self.beginResetModel()
        self._records = list(records) if article is not None else []
        self._article = article
        self._schema = schema
        self._rows = {record.id: row for row, record in enumerate(self._records)}
        self._children = {}
        self.endResetModel()

    # -- lookups ---------------------------------------------------------------------------------

    def event_index(self, event_id: int | None) -> QModelIndex:
        row = self._rows.get(event_id) if event_id is not None else None
        return self.index(row, 0) if row is not None else QModelIndex()

    def row(self, index: Index) -> Row | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return Row("event", self._records[index.row()].id)
        children = self._child_rows(index.internalId() - 1)
        return children[index.row()] if index.row() < len(children) else None

    def _child_rows(self, event_row: int) -> list[Row]:
        found = self._children.get(event_row)
        if found is None:
            record = self._records[event_row]
            spans = self._article.spans if self._article is not None else {}
            found = [
                Row("argument", record.id, a.id, a.span, a.role)
                for a in record.arguments
                if a.span in spans
            ]
            found += [Row("missing", record.id, role=role) for role in record.missing]
            self._children[event_row] = found
        return found

    # -- the model -------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column not in (0, 1) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._records) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        if row >= len(self._child_rows(parent.row())):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._records)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._child_rows(parent.row()))
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row(index)
        article = self._article
        if row is None or article is None:
            return None
        record = self._records[self._rows[row.event]]
        if row.kind == "event":
            return self._event_data(record, article, index.column(), role)
        if row.kind == "missing":
            if role == Qt.ItemDataRole.DisplayRole:
                return row.role if index.column() == 0 else "⚠ missing (required)"
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(_WARNING)
            return None
        assert row.span is not None
        span = article.spans.brief(row.span)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return row.role
            shown = quoted(article.text[span.start : span.end], 36)
            temporal = self._schema is not None and self._schema.is_temporal(span.label)
            return f"{shown} = {glossed(span.value)}" if span.value and temporal else shown
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(f"{span.label}, {span.status.value}")
        if index.column() == 1 and span.status is SpanStatus.SUGGESTED:
            return self._suggested(role)
        return None

    def _event_data(
        self, record: EventRecord, article: ArticleSpans, column: int, role: int
    ) -> object:
        spans = article.spans
        trigger = spans.brief(record.trigger) if record.trigger in spans else None
        suggested = trigger is not None and trigger.status is SpanStatus.SUGGESTED
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return record.type
            words = f"“{quoted(article.text[trigger.start : trigger.end], 30)}”" if trigger else "?"
            return words + ("  (suggested)" if suggested else "")
        if role == Qt.ItemDataRole.FontRole and column == 0:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column == 0 and record.missing:
            return QBrush(_WARNING)
        if role == Qt.ItemDataRole.ToolTipRole:
            attributes = ", ".join(str(v) for v in record.event.attributes.values())
            missing = f"; missing required: {', '.join(record.missing)}" if record.missing else ""
            return plain_tip(f"{record.type}: {attributes}{missing}")
        if column == 1 and suggested:
            return self._suggested(role)
        return None

    def _suggested(self, role: int) -> object:
        """Suggestions in italics and muted, as the article shows them lighter."""
        if role == Qt.ItemDataRole.FontRole:
            return self._italic
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        return None
