"""The inspector's links section: the selected span's relations (out and in), the event roles it
fills and the events it triggers. A click selects a link (the button or Delete removes it); a
double-click or Enter goes to the other end."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotation.links import SpanLinks
from desktop.article_spans import ArticleSpans
from desktop.delete_key import DeleteKey
from desktop.formatting import quoted

_DATA = Qt.ItemDataRole.UserRole


class LinksPanel(QWidget):
    """Lists one span's links; emits jumps and removals."""

    span_activated = Signal(int)
    remove_relation_requested = Signal(int)
    remove_argument_requested = Signal(int)
    remove_event_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("links_panel")
        self.heading = QLabel("<b>Links</b>")
        self.list = QListWidget()
        self.list.setObjectName("span_links")
        self.remove = QPushButton("Remove link")
        self.remove.setObjectName("remove_link")
        self.remove.setToolTip("Remove the selected relation or role (Delete); undo with Ctrl+Z")
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.currentItemChanged.connect(lambda *_: self._update_button())
        self.remove.clicked.connect(self._on_remove)
        DeleteKey(self.list, self._on_remove)
        self.show_links(None, None, None)

    def show_links(
        self, span_id: int | None, links: SpanLinks | None, article: ArticleSpans | None
    ) -> None:
        """List a span's links (None: nothing selected)."""
        self.list.clear()
        if span_id is None or links is None or article is None:
            self.heading.setText("<b>Links</b>")
            self.setEnabled(False)
            self._fit()
            self._update_button()
            return
        self.setEnabled(True)

        def words(other: int) -> str:
            if other not in article.spans:
                return "?"
            brief = article.spans.brief(other)
            return f"{brief.label} “{quoted(article.text[brief.start : brief.end], 30)}”"

        for relation in links.relations:
            if relation.head == span_id:
                text, other = f"→ {relation.label}  {words(relation.child)}", relation.child
            else:
                text, other = f"← {relation.label}  from {words(relation.head)}", relation.head
            self._add(text, ("relation", relation.id, other))
        for argument, event in links.roles:
            trigger = words(event.trigger).removeprefix(f"{event.type} ")
            self._add(
                f"{argument.role} of {event.type} {trigger}",
                (
                    "argument",
                    argument.id,
                    event.trigger,
                ),
            )
        for event in links.events:
            self._add(f"triggers {event.type} (see Events)", ("event", event.id, event.trigger))
        count = self.list.count()
        self.heading.setText(f"<b>Links</b> ({count})" if count else "<b>Links</b>: none")
        self._fit()
        self._update_button()

    def _fit(self) -> None:
        """As tall as its rows (one to five), so an unlinked span leaves the room to the rest."""
        rows = min(max(self.list.count(), 1), 5)
        row = self.list.sizeHintForRow(0) if self.list.count() else self.fontMetrics().height() + 4
        self.list.setFixedHeight(row * rows + 2 * self.list.frameWidth() + 2)

    def _add(self, text: str, data: tuple[str, int, int]) -> None:
        item = QListWidgetItem(text)
        item.setData(_DATA, data)
        item.setToolTip("Double-click to go to the other end; Delete removes the link")
        self.list.addItem(item)

    def rows(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _update_button(self) -> None:
        self.remove.setEnabled(self.list.currentItem() is not None)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        _kind, _id, other = item.data(_DATA)
        self.span_activated.emit(other)

    def _on_remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        kind, id_, _other = item.data(_DATA)
        signal = {
            "relation": self.remove_relation_requested,
            "argument": self.remove_argument_requested,
            "event": self.remove_event_requested,
        }[kind]
        signal.emit(id_)
