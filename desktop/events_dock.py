"""The Events dock: every event of the article with its roles, click to jump; the focused
event's attributes (polarity, context) to edit, and buttons to remove an argument or the event.

Built from the core's `EventRecord`s and the open article's spans; it holds no state of its own
beyond what it shows, and is rebuilt when a change touches events (articles hold a few dozen).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotation.links import EventRecord
from annotation.model import SpanStatus
from annotation.schema import Schema
from desktop.article_spans import ArticleSpans
from desktop.formatting import quoted

#: What an item stands for: ("event", event id) or ("argument", argument id, span id).
_KIND = Qt.ItemDataRole.UserRole
_WARNING = QColor("#b3261e")
_HINT = "E on a word (double-click it, or drag) makes an event; click a trigger to focus it."


class EventsDock(QWidget):
    """Lists events; emits what the analyst asks for."""

    event_activated = Signal(int)
    span_activated = Signal(int)
    attributes_edited = Signal(int, dict)
    remove_argument_requested = Signal(int)
    remove_event_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("events_panel")
        self._schema: Schema | None = None
        self._current: int | None = None
        self._filling = False
        self.tree = QTreeWidget()
        self.tree.setObjectName("event_list")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Event / role", "Text"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.hint = QLabel(_HINT)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("events_hint")
        self.title = QLabel()
        self.title.setObjectName("event_title")
        self.attributes: dict[str, QComboBox] = {}
        self.form = QFormLayout()
        self.remove_argument = QPushButton("Remove role")
        self.remove_argument.setObjectName("remove_argument")
        self.remove_argument.setToolTip("Take the selected span out of the event (Delete)")
        self.remove_event = QPushButton("Delete event")
        self.remove_event.setObjectName("remove_event")
        self.remove_event.setToolTip("Delete the event and its roles (the trigger span stays)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_argument)
        buttons.addWidget(self.remove_event)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.itemActivated.connect(self._on_item_clicked)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.remove_argument.clicked.connect(self._on_remove_argument)
        self.remove_event.clicked.connect(self._on_remove_event)
        self.tree.installEventFilter(self)
        self._update_buttons()

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema
        while self.form.rowCount():
            self.form.removeRow(0)
        self.attributes = {}
        for name, values in schema.event_attributes.items():
            box = QComboBox()
            box.setObjectName(f"event_{name}")
            box.addItems(list(values))
            box.activated.connect(lambda _index, name=name: self._on_attribute(name))
            self.attributes[name] = box
            self.form.addRow(name.capitalize(), box)
        self._update_buttons()

    # -- content ---------------------------------------------------------------------------------

    def show_events(
        self, records: Sequence[EventRecord], article: ArticleSpans | None, current: int | None
    ) -> None:
        """List the article's events; `current` (the focused event) is selected and expanded."""
        self._filling = True
        try:
            self.tree.clear()
            self._current = current
            self.hint.setVisible(not records)
            if article is None:
                return
            for record in records:
                self.tree.addTopLevelItem(self._event_item(record, article))
            self.tree.resizeColumnToContents(0)
            self.select_event(current)
        finally:
            self._filling = False
        self._update_buttons()

    def _event_item(self, record: EventRecord, article: ArticleSpans) -> QTreeWidgetItem:
        text = article.text
        trigger = article.spans.brief(record.trigger) if record.trigger in article.spans else None
        words = f"“{quoted(text[trigger.start : trigger.end], 30)}”" if trigger else "?"
        suggested = trigger is not None and trigger.status is SpanStatus.SUGGESTED
        item = QTreeWidgetItem([record.type, words + ("  (suggested)" if suggested else "")])
        item.setData(0, _KIND, ("event", record.id))
        bold = QFont(self.font())
        bold.setBold(True)
        item.setFont(0, bold)
        attributes = ", ".join(str(v) for v in record.event.attributes.values())
        item.setToolTip(0, f"{record.type}: {attributes}")
        if suggested:
            self._suggested(item)
        if record.missing:
            item.setForeground(0, QBrush(_WARNING))
            item.setToolTip(1, f"Missing required: {', '.join(record.missing)}")
        for argument in record.arguments:
            if argument.span not in article.spans:
                continue
            span = article.spans.brief(argument.span)
            shown = quoted(text[span.start : span.end], 36)
            if span.value and self._schema is not None and self._schema.is_temporal(span.label):
                shown += f" = {span.value}"
            child = QTreeWidgetItem([argument.role, shown])
            child.setData(0, _KIND, ("argument", argument.id, argument.span))
            child.setToolTip(1, f"{span.label}, {span.status.value}")
            if span.status is SpanStatus.SUGGESTED:
                self._suggested(child)
            item.addChild(child)
        for role in record.missing:
            child = QTreeWidgetItem([role, "⚠ missing (required)"])
            child.setForeground(0, QBrush(_WARNING))
            child.setForeground(1, QBrush(_WARNING))
            child.setData(0, _KIND, ("missing", record.id))
            item.addChild(child)
        return item

    def _suggested(self, item: QTreeWidgetItem) -> None:
        """Suggestions in italics and muted, as the article shows them lighter."""
        italic = QFont(item.font(1))
        italic.setItalic(True)
        item.setFont(1, italic)
        item.setForeground(1, QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText)))

    def select_event(self, event_id: int | None) -> None:
        """Select and expand an event's row (None: no selection)."""
        self._current = event_id
        found = None
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            is_current = item.data(0, _KIND) == ("event", event_id)
            item.setExpanded(is_current or self.tree.topLevelItemCount() <= 4)
            if is_current:
                found = item
        blocked = self.tree.blockSignals(True)
        if found is not None:
            self.tree.setCurrentItem(found)
        else:
            self.tree.clearSelection()
        self.tree.blockSignals(blocked)
        if found is not None:
            self.tree.scrollToItem(found)
        self._update_buttons()

    def event_count(self) -> int:
        return self.tree.topLevelItemCount()

    def rows(self) -> list[tuple[str, str]]:
        """What the list shows, depth first (for tests and the screenshot check)."""
        found = []
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            found.append((item.text(0), item.text(1)))
            found += [(f"  {c.text(0)}", c.text(1)) for c in _children(item)]
        return found

    # -- attributes and removal ------------------------------------------------------------------

    def show_attributes(self, record: EventRecord | None) -> None:
        """The focused event's attributes in the editors (disabled without one)."""
        self.title.setText(
            f"<b>{record.type}</b> — attributes" if record is not None else "No event focused"
        )
        for name, box in self.attributes.items():
            box.setEnabled(record is not None)
            value = record.event.attributes.get(name) if record is not None else None
            box.setCurrentIndex(box.findText(str(value)) if value is not None else -1)
        self._update_buttons()

    def _on_attribute(self, name: str) -> None:
        box = self.attributes[name]
        if self._current is not None and box.currentText():
            self.attributes_edited.emit(self._current, {name: box.currentText()})

    def _selected(self) -> tuple[object, ...] | None:
        item = self.tree.currentItem()
        data = item.data(0, _KIND) if item is not None else None
        return tuple(data) if data else None

    def _update_buttons(self) -> None:
        data = self._selected()
        self.remove_argument.setEnabled(data is not None and data[0] == "argument")
        self.remove_event.setEnabled(self._current is not None)

    def _on_remove_argument(self) -> None:
        data = self._selected()
        if data is not None and data[0] == "argument":
            self.remove_argument_requested.emit(int(data[1]))  # type: ignore[call-overload]

    def _on_remove_event(self) -> None:
        if self._current is not None:
            self.remove_event_requested.emit(self._current)

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if self._filling:
            return
        data = item.data(0, _KIND)
        if not data:
            return
        if data[0] == "argument":
            parent = item.parent()
            event = parent.data(0, _KIND)[1] if parent is not None else None
            if event is not None and event != self._current:
                self.event_activated.emit(event)
            self.span_activated.emit(data[2])
        else:
            self.event_activated.emit(data[1])
        self._update_buttons()

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.tree
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self._on_remove_argument()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [item.child(index) for index in range(item.childCount())]
