"""Find in the article (Ctrl+F): matches counted, the current one marked and scrolled to."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Case-insensitive matches of `needle` in `text` (code points; lengths never change)."""
    if not needle:
        return []
    return [match.span() for match in re.finditer(re.escape(needle), text, re.IGNORECASE)]


class _FindField(QLineEdit):
    """Enter: next match; Shift+Enter: previous; Escape: close."""

    stepped = Signal(int)
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.stepped.emit(-1 if shift else 1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """The find field above the article."""

    #: the current match (code points), or None
    match_changed = Signal(object)
    #: the bar closed on this match (code points): the article selects it, as a browser does
    match_taken = Signal(object)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.field = _FindField()
        self.field.setObjectName("find_field")
        self.field.setPlaceholderText("Find in article")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setMinimumWidth(70)
        previous = QToolButton()
        previous.setText("▲")
        previous.setToolTip("Previous match (Shift+Enter)")
        following = QToolButton()
        following.setText("▼")
        following.setToolTip("Next match (Enter)")
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Escape)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 2, 12, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self._text = ""
        self._matches: list[tuple[int, int]] = []
        self._current = -1
        #: where the search starts (code points): the first match from here is the current one
        self.origin = 0
        self.field.textChanged.connect(self._search)
        self.field.stepped.connect(self.step)
        self.field.escaped.connect(self.close_bar)
        previous.clicked.connect(lambda: self.step(-1))
        following.clicked.connect(lambda: self.step(1))
        close.clicked.connect(self.close_bar)
        self.hide()

    def set_text(self, text: str) -> None:
        """The article to search (a new one was opened)."""
        self._text = text
        if self.isVisible():
            self._search(self.field.text())

    def open_bar(self, initial: str = "", origin: int = 0) -> None:
        """Show the bar; the first match at or after `origin` (the selection) comes first."""
        self.origin = origin
        self.show()
        if initial:
            self.field.setText(initial)
        self.field.setFocus()
        self.field.selectAll()
        self._search(self.field.text())

    def close_bar(self) -> None:
        taken = self._matches[self._current] if self._current >= 0 and self._matches else None
        self.hide()
        self._matches = []
        self._current = -1
        self.match_changed.emit(None)
        self.closed.emit()
        if taken is not None:
            self.match_taken.emit(taken)

    def _search(self, needle: str) -> None:
        self._matches = find_all(self._text, needle)
        after = [i for i, (start, _end) in enumerate(self._matches) if start >= self.origin]
        self._current = (after[0] if after else 0) if self._matches else -1
        self._announce()

    def step(self, direction: int) -> None:
        if not self._matches:
            return
        self._current = (self._current + direction) % len(self._matches)
        self._announce()

    def _announce(self) -> None:
        if not self.field.text():
            self.count.clear()
        elif not self._matches:
            self.count.setText("no match")
        else:
            self.count.setText(f"{self._current + 1} of {len(self._matches)}")
        self.match_changed.emit(self._matches[self._current] if self._current >= 0 else None)
