"""What the Annotate menu and the right-click menu do beyond the controller's gestures: take
the keyboard to the selected span's note or value in the inspector, reject from the inspector's
button, open the span menu, start a find from the selection. Each needs the controller and one
part of the window, so it lives here rather than in the composition root.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QWidget

from desktop.annotation_controller import AnnotationController
from desktop.find_bar import FindBar
from desktop.inspector import Inspector
from desktop.span_menu import span_menu


@dataclass(frozen=True)
class SpanTools:
    """The selected span's note and value, the span menu and find, for the window's menus."""

    parent: QWidget
    controller: AnnotationController
    inspector: Inspector
    inspector_dock: QDockWidget
    find_bar: FindBar
    #: Edit ▸ Find, offered in the span menu
    find_action: QAction

    def _notice(self, text: str) -> None:
        self.controller.notice_posted.emit(text, False)

    def edit_note(self) -> None:
        """N: the note field of the selected span."""
        if self.controller.selected is None:
            self._notice("Select a span first")
            return
        self.inspector_dock.show()
        self.inspector.focus_note()

    def edit_value(self) -> None:
        """Edit value…: the calendar value field of the selected DATE or TIME span."""
        span = self.controller.selected
        session = self.controller.session
        if span is None or session is None or not session.schema.is_temporal(span.label):
            self._notice("Select a DATE or TIME span first")
            return
        self.inspector_dock.show()
        self.inspector.value.setFocus()
        self.inspector.value.selectAll()

    def discard(self, span_id: int) -> None:
        """The inspector's Reject / Delete button: as X on that span."""
        self.controller.select_span(span_id, reveal=False)
        self.controller.discard()

    def context_menu(self, position: QPoint, span_id: int | None) -> None:
        menu = span_menu(
            self.parent,
            self.controller,
            span_id,
            edit_value=lambda _id: self.edit_value(),
            edit_note=lambda _id: self.edit_note(),
            find=self.find_action,
        )
        if not menu.isEmpty():
            menu.popup(position)

    def find(self) -> None:
        """Ctrl+F: the find bar, starting from the selected text; matches count from the
        selection (or the top of the view) onwards, as a browser's do."""
        pending = self.controller.pending
        article = self.controller.article
        span = self.controller.selected
        initial = article.text[pending[0] : pending[1]] if pending and article else ""
        if pending is not None:
            origin = pending[0]
        elif span is not None:
            origin = span.start
        else:
            origin = self.controller.view.first_visible_position()
        self.find_bar.open_bar(initial, origin)
