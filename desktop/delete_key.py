"""Delete or Backspace on a list removes its selected row, as the list's Remove button does (the
Events dock's roles, the inspector's links)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class DeleteKey(QObject):
    """Watches `widget` (its parent) and calls `remove` on Delete or Backspace, which then go
    no further."""

    def __init__(self, widget: QWidget, remove: Callable[[], object]) -> None:
        super().__init__(widget)
        self._remove = remove
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self._remove()
            return True
        return super().eventFilter(watched, event)
