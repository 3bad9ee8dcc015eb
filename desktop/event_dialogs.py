"""Small popups for events and relations; each exposes `ask(...) -> Result | None` with a frozen
result (tests patch `ask`, or answer the popup with keys).

- `EventTypeDialog`: the type of a new event, type-ahead (typing filters, Enter takes the first).
- `ChoicePopup`: one of a few names (roles, relation labels) with keys 1–9, at the mouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotation.schema import EventType
from desktop.formatting import plain, plain_tip


def _place(popup: QWidget, at: QPoint) -> None:
    """Show a popup at `at` (under a span), kept on the screen: above the span when there is
    no room below."""
    screen = QGuiApplication.screenAt(at) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else None
    x, y = at.x(), at.y() + 2
    if area is not None:
        x = max(area.left(), min(x, area.right() - popup.width()))
        if y + popup.height() > area.bottom():
            y = max(area.top(), at.y() - popup.height() - 28)
    popup.move(x, y)


@dataclass(frozen=True)
class EventTypeChoice:
    type: str


@dataclass(frozen=True)
class Choice:
    name: str


class EventTypeDialog(QDialog):
    """Choose an event type: the types the trigger word suggests first, then the rest."""

    def __init__(
        self,
        parent: QWidget | None,
        types: Sequence[EventType],
        preferred: Sequence[str] = (),
        trigger: str = "",
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("event_type_dialog")
        ranked = [t for t in types if t.type in preferred] + [
            t for t in types if t.type not in preferred
        ]
        self._types = ranked
        self._preferred = set(preferred)
        title = plain(QLabel(f"Event on “{trigger}”" if trigger else "Event type"))
        title.setObjectName("event_type_title")
        self.filter = QLineEdit()
        self.filter.setObjectName("event_type_filter")
        self.filter.setPlaceholderText("Type to filter, Enter to choose, Esc to cancel")
        self.list = QListWidget()
        self.list.setObjectName("event_type_list")
        self.setStyleSheet("QDialog#event_type_dialog { border: 1px solid palette(mid); }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(title)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._refill)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.itemClicked.connect(lambda _item: self.accept())
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._refill("")
        rows = self.list.sizeHintForRow(0) * len(ranked) + 2 * self.list.frameWidth() + 4
        self.list.setMinimumHeight(min(rows, 360))
        self.resize(440, self.sizeHint().height())

    def _refill(self, text: str) -> None:
        """The types matching what is typed: a name that starts with it first, then a word of
        the name, then a trigger word ('sig' finds SIGN_AGREEMENT, 'met' finds MEET)."""
        wanted = text.strip().lower()
        self.list.clear()
        ranked = []
        for order, event_type in enumerate(self._types):
            name = event_type.type.lower()
            if not wanted or name.startswith(wanted):
                rank = 0
            elif any(part.startswith(wanted) for part in name.split("_")):
                rank = 1
            elif any(word.startswith(wanted) for word in event_type.triggers):
                rank = 2
            else:
                continue
            ranked.append((rank, order, event_type))
        for _rank, _order, event_type in sorted(ranked, key=lambda item: item[:2]):
            name = event_type.type
            mark = "★ " if name in self._preferred else ""
            item = QListWidgetItem(f"{mark}{name} — {event_type.description}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(plain_tip(f"Trigger words: {', '.join(sorted(event_type.triggers))}"))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down move in the list while the filter keeps the keyboard; Enter chooses."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.list.currentItem() is not None:
                    self.accept()
                return True
        return super().eventFilter(watched, event)

    def chosen(self) -> EventTypeChoice | None:
        item = self.list.currentItem()
        return EventTypeChoice(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    @staticmethod
    def ask(
        parent: QWidget | None,
        types: Sequence[EventType],
        preferred: Sequence[str] = (),
        trigger: str = "",
        at: QPoint | None = None,
    ) -> EventTypeChoice | None:
        dialog = EventTypeDialog(parent, types, preferred, trigger)
        if at is not None:
            _place(dialog, at)
        dialog.filter.setFocus()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()


class ChoicePopup(QDialog):
    """A few choices under keys 1–9, at the mouse; Enter takes the highlighted one.

    A popup dialog whose list holds the keyboard (not a QMenu: while a menu is open Qt leaves
    the keyboard focus on the article, whose label keys 1–9 would fire instead).
    """

    def __init__(
        self, parent: QWidget | None, title: str, options: Sequence[tuple[str, str]]
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("choice_popup")
        self.choices = [name for name, _detail in options]
        self.index: int | None = None
        heading = QLabel(f"<b>{escape(title)}</b>")
        heading.setObjectName("choice_title")
        self.list = QListWidget()
        self.list.setObjectName("choice_list")
        for number, (name, detail) in enumerate(options, 1):
            key = str(number) if number <= 9 else " "
            item = QListWidgetItem(f"{key}   {name}" + (f"    {detail}" if detail else ""))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        rows = max(self.list.count(), 1)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth())
        self.list.setMinimumWidth(max(self.list.sizeHintForColumn(0) + 24, 200))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(3)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        self.setStyleSheet("QDialog#choice_popup { border: 1px solid palette(mid); }")
        self.list.installEventFilter(self)
        self.list.itemClicked.connect(lambda item: self._choose(self.list.row(item)))
        self.adjustSize()

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self.choices):
            self.index = index
            self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            text = event.text()
            if text.isdigit() and text != "0":
                self._choose(int(text) - 1)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.list.currentRow())
                return True
        return super().eventFilter(watched, event)

    def chosen(self) -> Choice | None:
        return Choice(self.choices[self.index]) if self.index is not None else None

    @staticmethod
    def ask(
        parent: QWidget | None,
        title: str,
        options: Sequence[tuple[str, str]],
        at: QPoint,
    ) -> Choice | None:
        popup = ChoicePopup(parent, title, options)
        _place(popup, at)
        popup.list.setFocus()
        accepted = popup.exec() == QDialog.DialogCode.Accepted
        chosen = popup.chosen() if accepted else None
        popup.deleteLater()
        return chosen
