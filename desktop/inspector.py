"""The inspector dock: the selected span in full (editable), and the article's spans by label.

The details scroll when they are taller than the room the dock has (a span with many links on a
1024x700 screen): they never raise the window's minimum size nor push the span list under the
dock below.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotation.commands import Discard
from annotation.dates.gloss import gloss
from annotation.model import Span, SpanStatus, ValueOrigin
from annotation.schema import Schema
from desktop.article_spans import ArticleSpans
from desktop.formatting import STATUS_WORDS, origin_words, plain, plain_tip, quoted
from desktop.span_list_model import SpanListModel, swatch

_PLACEHOLDER = "Click a span, or press Tab to step through the suggestions."


class Inspector(QWidget):
    """Shows and edits one span; lists all spans of the article."""

    span_activated = Signal(int)
    relabel_requested = Signal(int, str)
    accept_requested = Signal(int)
    discard_requested = Signal(int)
    value_edited = Signal(int, object)
    note_edited = Signal(int, str)
    #: the analyst finished typing in a field (Enter): give the article the keyboard back
    done_editing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._schema: Schema | None = None
        self._span: Span | None = None
        self._article: ArticleSpans | None = None

        self.quote = QLabel(_PLACEHOLDER)
        self.quote.setObjectName("span_quote")
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label = QComboBox()
        self.label.setObjectName("span_label")
        self.status = QLabel()
        self.status.setObjectName("span_status")
        self.accept_button = QPushButton("Accept")
        self.accept_button.setObjectName("accept_span")
        self.discard_button = QPushButton("Reject")
        self.discard_button.setObjectName("discard_span")
        self.origin = plain(QLabel())
        self.origin.setObjectName("span_origin")
        self.origin.setWordWrap(True)
        self.origin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value = QLineEdit()
        self.value.setObjectName("span_value")
        self.value.setPlaceholderText("e.g. 2025-12-06, 2025-06, 2025-W48")
        self.value_origin = QLabel()
        self.value_origin.setWordWrap(
            True
        )  # a long hint must not widen the dock and rewrap the text
        self.value_origin.setObjectName("span_value_origin")
        self.value_reset = QPushButton("Computed")
        self.value_reset.setToolTip("Go back to the value computed from the publication date")
        self.note = QLineEdit()
        self.note.setObjectName("span_note")
        self.note.setPlaceholderText("A note for reviewers (Enter saves)")

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.accept_button)
        status_row.addWidget(self.discard_button)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value, 1)
        value_row.addWidget(self.value_reset)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Label", self.label)
        form.addRow("Status", status_row)
        form.addRow("Origin", self.origin)
        form.addRow("Value", value_row)
        form.addRow("", self.value_origin)
        form.addRow("Note", self.note)
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(6, 6, 6, 6)
        details_layout.addWidget(self.quote)
        self.form_widget = QWidget()
        self.form_widget.setLayout(form)
        details_layout.addWidget(self.form_widget)
        details_layout.addStretch(1)

        self.tree_model = SpanListModel(self)
        self.tree = QTableView()
        self.tree.setObjectName("span_list")
        self.tree.setModel(self.tree_model)
        self.tree.setShowGrid(False)
        self.tree.setWordWrap(False)
        self.tree.verticalHeader().hide()
        self.tree.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.tree.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.tree.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.tree.horizontalHeader().setStretchLastSection(False)
        self.tree.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.horizontalHeader().resizeSection(1, 80)

        self.details_area = QScrollArea()
        self.details_area.setObjectName("span_details")
        self.details_area.setWidget(self.details)
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.details_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.details_area)
        splitter.addWidget(self.tree)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.label.activated.connect(self._on_label_activated)
        self.accept_button.clicked.connect(self._on_accept_clicked)
        self.discard_button.clicked.connect(self._on_discard_clicked)
        self.value.editingFinished.connect(self._on_value_editing_finished)
        self.value.returnPressed.connect(self.done_editing)
        self.value_reset.clicked.connect(self._on_value_reset_clicked)
        self.note.editingFinished.connect(self._on_note_editing_finished)
        self.note.returnPressed.connect(self.done_editing)
        self.tree.clicked.connect(self._on_tree_clicked)
        self.tree.activated.connect(self._on_tree_clicked)
        self.show_span(None)

    # -- configuration ---------------------------------------------------------------------------

    def set_schema(self, schema: Schema) -> None:
        self._schema = schema
        self.tree_model.set_schema(schema)
        self.label.clear()
        for entry in schema.labels:
            key = entry.key.upper() if entry.key else " "
            self.label.addItem(swatch(entry.color), f"{key}   {entry.name}", entry.name)
            self.label.setItemData(
                self.label.count() - 1, plain_tip(entry.description), Qt.ItemDataRole.ToolTipRole
            )

    def set_show_rejected(self, shown: bool) -> None:
        self.tree_model.show_rejected = shown
        self.set_article(self._article)

    # -- the selected span -----------------------------------------------------------------------

    def add_section(self, widget: QWidget) -> None:
        """Another section of the details, below the span's form (the links panel)."""
        layout = self.details.layout()
        layout.insertWidget(max(layout.count() - 1, 0), widget)  # above the stretch

    def show_span(self, span: Span | None, text: str = "") -> None:
        """Show a span's details (None: a hint what to do)."""
        self._span = span
        self.form_widget.setEnabled(span is not None)
        if span is None:
            self.quote.setText(_PLACEHOLDER)
            self.status.clear()
            self.origin.clear()
            self.value.clear()
            self.value_origin.clear()
            self.note.clear()
            self.label.setCurrentIndex(-1)
            return
        self.quote.setText(f"<b>“{escape(quoted(span.text_in(text), 120))}”</b>")
        index = self.label.findData(span.label)
        if index < 0:
            self.label.addItem(span.label, span.label)
            index = self.label.count() - 1
        self.label.setCurrentIndex(index)
        self.status.setText(STATUS_WORDS[span.status])
        self.accept_button.setEnabled(span.status is not SpanStatus.ACCEPTED)
        deletes = Discard.deletes(span)
        self.discard_button.setText("Delete" if deletes else "Reject")
        self.discard_button.setEnabled(deletes or span.status is not SpanStatus.REJECTED)
        origin = origin_words(span.origin)
        if span.score is not None:
            origin += f" (score {span.score:.2f})"
        if span.annotator:
            origin += f" · decided by {span.annotator}"
        if span.suggested:
            was = span.suggested
            origin += f" · model said {was.get('label')} {was.get('start')}–{was.get('end')}"
        self.origin.setText(origin)
        temporal = self._schema is not None and self._schema.is_temporal(span.label)
        self.value.setEnabled(temporal)
        self.value_reset.setEnabled(temporal and span.value_origin is ValueOrigin.ANALYST)
        if not self.value.hasFocus():
            self.value.setText(span.value or "")
        if not temporal:
            self.value_origin.setText("Only DATE and TIME spans carry a calendar value")
        elif span.value is None:
            self.value_origin.setText("No value: type one (ISO 8601 / TIMEX3)")
        else:
            origin = (
                "set by an analyst"
                if span.value_origin is ValueOrigin.ANALYST
                else "computed from the publication date"
            )
            words = gloss(span.value)
            self.value_origin.setText(
                f"<b>{escape(words)}</b> · {origin}" if words else origin.capitalize()
            )
        if not self.note.hasFocus():
            self.note.setText(span.note or "")

    def focus_note(self) -> None:
        if self._span is not None:
            self.note.setFocus()
            self.note.selectAll()

    def _on_label_activated(self, index: int) -> None:
        label = self.label.itemData(index)
        if self._span is not None and label and label != self._span.label:
            self.relabel_requested.emit(self._span.id, label)

    def _on_accept_clicked(self) -> None:
        if self._span is not None:
            self.accept_requested.emit(self._span.id)

    def _on_discard_clicked(self) -> None:
        if self._span is not None:
            self.discard_requested.emit(self._span.id)

    def _on_value_editing_finished(self) -> None:
        span = self._span
        if span is None or not self.value.isEnabled():
            return
        text = self.value.text().strip()
        if text != (span.value or ""):
            self.value_edited.emit(span.id, text or None)

    def _on_value_reset_clicked(self) -> None:
        if self._span is not None:
            self.value_edited.emit(self._span.id, None)

    def _on_note_editing_finished(self) -> None:
        span = self._span
        if span is not None and self.note.text().strip() != (span.note or ""):
            self.note_edited.emit(span.id, self.note.text())

    # -- the article's spans ---------------------------------------------------------------------

    def set_article(self, article: ArticleSpans | None) -> None:
        """List every span of an article by label (a new article was opened)."""
        self._article = article
        self.tree_model.set_article(article)

    def update_spans(self, span_ids: Iterable[int] | None) -> None:
        """Follow a change: move, add or drop only the named spans (None: all of them)."""
        if span_ids is None:
            self.set_article(self._article)
            return
        self.tree_model.update(span_ids)

    def select_in_tree(self, span_id: int | None) -> None:
        index = self.tree_model.index_of(span_id) if span_id is not None else QModelIndex()
        selection = self.tree.selectionModel()
        if not index.isValid():
            selection.clearSelection()
            return
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if not self.tree.viewport().rect().contains(self.tree.visualRect(index)):
            self.tree.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)

    def _on_tree_clicked(self, index: QModelIndex) -> None:
        span_id = self.tree_model.span_id(index)
        if span_id is not None:
            self.span_activated.emit(span_id)
