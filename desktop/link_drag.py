"""Dragging from an event's trigger to a span: the mouse gesture that gives the span a role.

An event filter on the article's viewport: a press on a trigger starts the drag (so Qt does not
start a text selection), a dashed line follows the mouse, and the release says where it ended.
A press and release without moving is a click on the trigger.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent

from desktop.arc_painter import ArcPainter
from desktop.article_view import ArticleView

#: Pixels the mouse must travel before a press on a trigger is a drag rather than a click.
_THRESHOLD = 4.0


class LinkDrag(QObject):
    """Turns press-move-release on a trigger into `dropped` (or `clicked`)."""

    #: the trigger span, the span under the release (None: none) and where (global)
    dropped = Signal(int, object, QPoint)
    clicked = Signal(int)

    def __init__(
        self, view: ArticleView, painter: ArcPainter, can_start: Callable[[int], bool]
    ) -> None:
        super().__init__(view)
        self.view = view
        self.painter = painter
        self.can_start = can_start
        self._source: int | None = None
        self._press = QPointF()
        self._moved = False
        view.viewport().installEventFilter(self)

    @property
    def active(self) -> bool:
        return self._source is not None and self._moved

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not isinstance(event, QMouseEvent):
            return False
        if kind == QEvent.Type.MouseButtonPress:
            return self._pressed(event)
        if self._source is None:
            return False
        if kind == QEvent.Type.MouseMove:
            position = event.position()
            if (position - self._press).manhattanLength() > _THRESHOLD:
                self._moved = True
            if self._moved:
                self.painter.drag_to(self._source, position)
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            self._released(event)
            return True
        return kind == QEvent.Type.MouseButtonDblClick

    def _pressed(self, event: QMouseEvent) -> bool:
        if (
            event.button() != Qt.MouseButton.LeftButton
            or event.modifiers() != Qt.KeyboardModifier.NoModifier
        ):
            return False
        spans = self.view.spans_at(event.position())
        source = next((span.id for span in spans if self.can_start(span.id)), None)
        if source is None:
            return False
        self._source, self._press, self._moved = source, event.position(), False
        self.view.setFocus(Qt.FocusReason.MouseFocusReason)
        return True

    def _released(self, event: QMouseEvent) -> None:
        source, moved = self._source, self._moved
        self._source, self._moved = None, False
        self.painter.drag_to(None, None)
        if source is None:
            return
        if not moved:
            self.clicked.emit(source)
            return
        spans = [span for span in self.view.spans_at(event.position()) if span.id != source]
        target = next((span.id for span in spans if not self.can_start(span.id)), None)
        if target is None and spans:
            target = spans[0].id
        global_point = self.view.viewport().mapToGlobal(event.position().toPoint())
        self.dropped.emit(source, target, global_point)
