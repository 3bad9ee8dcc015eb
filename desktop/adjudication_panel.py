"""The Adjudicate dock: the analysts of a team project, and the open article's disagreements,
each with who said what and which version the adjudicated layer holds now.

It shows what `AdjudicationController` hands it (texts made by the core's `review` module) and
reports clicks; it keeps nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

_HINT = (
    "Tab / Shift+Tab: next / previous disagreement · 1–9: take that analyst's version · "
    "B: both (all) · 0: neither · Ctrl+Z: undo · Ctrl+Enter: done"
)


@dataclass(frozen=True)
class Row:
    """One disagreement as the dock lists it."""

    title: str
    #: (key, analyst, what they said), in the order of the keys
    versions: tuple[tuple[str, str, str], ...]
    #: which version the adjudicated layer holds now ("" when none matches)
    now: str


class AdjudicationPanel(QWidget):
    """Lists the disagreements of the open article; emits the one clicked."""

    row_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjudication_panel")
        self.analysts = QLabel()
        self.analysts.setObjectName("adjudication_analysts")
        self.analysts.setWordWrap(True)
        self.analysts.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setObjectName("disagreement_list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.hint = QLabel(_HINT)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("adjudication_hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.analysts)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.list.itemClicked.connect(lambda item: self.row_activated.emit(self.list.row(item)))

    def show_rows(self, analysts: str, rows: Sequence[Row], current: int | None) -> None:
        self.analysts.setText(analysts)
        self.list.clear()
        for row in rows:
            lines = [row.title]
            lines += [f"  {key}  {name}: {said}" for key, name, said in row.versions]
            lines.append(f"  now: {row.now}" if row.now else "  now: none of these")
            item = QListWidgetItem("\n".join(lines))
            item.setToolTip("\n".join(lines))
            self.list.addItem(item)
        if not rows:
            self.list.addItem(QListWidgetItem("No disagreements in this article."))
        self.set_current(current)

    def set_current(self, index: int | None) -> None:
        if index is None or not 0 <= index < self.list.count():
            self.list.clearSelection()
            return
        self.list.setCurrentRow(index)
        self.list.scrollToItem(self.list.item(index))

    def row_text(self, index: int) -> str:
        item = self.list.item(index)
        return item.text() if item is not None else ""
