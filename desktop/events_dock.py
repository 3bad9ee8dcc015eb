"""The Events dock: every event of the article with its roles; the focused event's attributes
(polarity, context) to edit, and buttons to remove an argument or the event.

A click on a role row shows its span in the article and keeps the row selected, so Delete (or
the button) takes that one role out; a double-click or Enter goes to the span.

Built from the core's `EventRecord`s and the open article's spans through a lazy item model
(`EventListModel`): it holds no state of its own beyond what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotation.links import EventRecord
from annotation.schema import Schema
from desktop.article_spans import ArticleSpans
from desktop.delete_key import DeleteKey
from desktop.event_list_model import EventListModel, Row

_HINT = "E on a word (double-click it, or drag) makes an event; click a trigger to focus it."


class EventsDock(QWidget):
    """Lists events; emits what the analyst asks for."""

    event_activated = Signal(int)
    #: a role row was clicked: focus its event (id) and show its span (id); the dock keeps the
    #: keyboard
    span_shown = Signal(int, int)
    #: a role row was double-clicked or Enter pressed on it: go to its span
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
        self.model = EventListModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("event_list")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().resizeSection(0, 150)
        self.tree.header().setStretchLastSection(True)
        self._expanded: set[int] = set()
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
        self.remove_event.setToolTip(
            "Take the event out as X on its trigger would: your trigger is deleted, a model's"
            " rejected (kept as evidence); its roles go with it"
        )
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
        self.tree.clicked.connect(lambda index: self._on_item_clicked(index, go=False))
        self.tree.activated.connect(lambda index: self._on_item_clicked(index, go=True))
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.tree.expanded.connect(lambda index: self._on_expanded(index, True))
        self.tree.collapsed.connect(lambda index: self._on_expanded(index, False))
        self.remove_argument.clicked.connect(self._on_remove_argument)
        self.remove_event.clicked.connect(self._on_remove_event)
        DeleteKey(self.tree, self._on_remove_argument)
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
            self.model.set_content(records, article, self._schema)
            self.hint.setVisible(not records)
            for event_id in list(self._expanded):
                index = self.model.event_index(event_id)
                if index.isValid():
                    self.tree.expand(index)
                else:
                    self._expanded.discard(event_id)
            self.select_event(current)
        finally:
            self._filling = False
        self._update_buttons()

    def _on_expanded(self, index: QModelIndex, expanded: bool) -> None:
        row = self.model.row(index)
        if row is not None and row.kind == "event":
            (self._expanded.add if expanded else self._expanded.discard)(row.event)

    def select_event(self, event_id: int | None) -> None:
        """Select and expand an event's row (None: no selection); a role row of that event
        stays selected (the analyst picked it to remove it)."""
        self._current = event_id
        index = self.model.event_index(event_id)
        current = self._selected()
        if index.isValid() and current is not None and current.event == event_id:
            self.tree.expand(index)
            self._update_buttons()
            return
        selection = self.tree.selectionModel()
        blocked = selection.blockSignals(True)
        if index.isValid():
            self.tree.expand(index)
            selection.setCurrentIndex(
                index,
                selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)
        else:
            selection.clearSelection()
        selection.blockSignals(blocked)
        self._update_buttons()

    def event_count(self) -> int:
        return self.model.rowCount()

    def rows(self) -> list[tuple[str, str]]:
        """What the list shows, depth first (for tests and the screenshot check)."""
        model = self.model
        found = []
        for number in range(model.rowCount()):
            top = model.index(number, 0)
            found.append((str(top.data()), str(model.index(number, 1).data())))
            for child in range(model.rowCount(top)):
                role = model.index(child, 0, top).data()
                found.append((f"  {role}", str(model.index(child, 1, top).data())))
        return found

    # -- attributes and removal ------------------------------------------------------------------

    def show_attributes(self, record: EventRecord | None) -> None:
        """The focused event's attributes in the editors (disabled without one)."""
        self.title.setText(
            f"<b>{escape(record.type)}</b> — attributes"
            if record is not None
            else "No event focused"
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

    def _selected(self) -> Row | None:
        return self.model.row(self.tree.currentIndex())

    def _update_buttons(self) -> None:
        row = self._selected()
        self.remove_argument.setEnabled(row is not None and row.kind == "argument")
        self.remove_event.setEnabled(self._current is not None)

    def _on_remove_argument(self) -> None:
        row = self._selected()
        if row is not None and row.argument is not None:
            self.remove_argument_requested.emit(row.argument)

    def _on_remove_event(self) -> None:
        if self._current is not None:
            self.remove_event_requested.emit(self._current)

    def _on_item_clicked(self, index: QModelIndex, *, go: bool) -> None:
        row = self.model.row(index)
        if self._filling or row is None:
            return
        if row.kind == "argument" and row.span is not None:
            if go:
                if row.event != self._current:
                    self.event_activated.emit(row.event)
                self.span_activated.emit(row.span)
            else:
                self.span_shown.emit(row.event, row.span)
        else:
            self.event_activated.emit(row.event)
        self._update_buttons()
