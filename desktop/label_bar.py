"""The label bar: every label with its colour and key, wrapping onto as many rows as it needs.

Clicking a label tags the selection, relabels the selected span, or (with nothing selected) makes
it the active label for the following drags, like its key does.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetItem,
)

from annotation.schema import Schema
from desktop.formatting import plain_tip
from desktop.span_style import readable_on


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to a new row when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(4, 4, 4, 4)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and row_height > 0:
                x = area.x()
                y += row_height + self._spacing
                row_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()


class LabelBar(QWidget):
    """One button per label; the active label stays pressed and the others fade, so which
    label the next drag takes can be seen from across the screen, not only by its ring."""

    label_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("label_bar")
        self._layout = FlowLayout(self)
        self._buttons: dict[str, QToolButton] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_schema(self, schema: Schema) -> None:
        for button in self._buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self._buttons.clear()
        for label in schema.labels:
            button = QToolButton(self)
            key = label.key.upper() if label.key.isalpha() else label.key
            button.setText(f"{key}  {label.name}" if key else label.name)
            button.setObjectName(f"label_{label.name}")
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tip = label.description or label.name
            button.setToolTip(plain_tip(f"{label.name}: {tip}" + (f" (key {key})" if key else "")))
            color = QColor(label.color)
            text = readable_on(color, QColor("#000000"), QColor("#ffffff"))
            faded = QColor(color)
            faded.setAlpha(70)
            button.setStyleSheet(
                f"QToolButton {{ background: {color.name()}; color: {text.name()};"
                f" border: 1px solid {color.darker(130).name()};"
                " border-radius: 4px; padding: 2px 7px; font-weight: 600; }"
                "QToolButton:checked { border: 2px solid palette(highlight);"
                " padding: 1px 6px; text-decoration: underline; }"
                "QToolButton:hover { border-color: palette(text); }"
                f'QToolButton[faded="true"] {{ background: {faded.name(QColor.NameFormat.HexArgb)};'
                " color: palette(mid); border-color: palette(midlight); }"
            )
            button.clicked.connect(
                lambda _checked=False, name=label.name: self.label_clicked.emit(name)
            )
            self._layout.add(button)
            button.show()
            self._buttons[label.name] = button
        self._fit()

    def _fit(self) -> None:
        """Ask for the height all rows need at the current width (docks do not ask)."""
        height = self.heightForWidth(max(self.width(), 200))
        if height != self.minimumHeight():
            self.setMinimumHeight(height)
        self.updateGeometry()

    def set_active(self, label: str | None) -> None:
        for name, button in self._buttons.items():
            button.setChecked(name == label)
            faded = label is not None and name != label
            if button.property("faded") != faded:
                button.setProperty("faded", faded)
                button.style().unpolish(button)
                button.style().polish(button)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout.heightForWidth(width)

    def sizeHint(self) -> QSize:
        width = max(self.width(), 400)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.heightForWidth(max(self.width(), 120)))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()
