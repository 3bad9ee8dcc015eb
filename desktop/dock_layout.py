"""Docks keep the size the analyst gave them: a small window squeezes them, and once the window
is large again (now, or at the next launch) they come back to that size.

Qt gives a growing window's extra room to the central widget, so docks squeezed once by a
1024x700 screen would stay squeezed at 1440x900 for good (`saveState` keeps pixels). Here a
dock's preferred size changes only when the analyst drags a separator (a mouse release on the
main window, which owns the separators); every window resize re-applies the preferred sizes as
far as they fit. A size of 0 is not known yet (a height the analyst never set): Qt decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from desktop.timers import timer

Sizes = dict[str, tuple[int, int]]
_SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


class DockLayout(QObject):
    """Remembers each dock's preferred size and gives it back when there is room."""

    def __init__(
        self, window: QMainWindow, docks: Sequence[QDockWidget], preferred: Sizes | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.docks = list(docks)
        self.preferred: Sizes = dict(preferred or {})
        self._apply_timer = timer(self, 0, self.apply, single=True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self._apply_timer.start()
        elif kind == QEvent.Type.MouseButtonRelease:
            self._remember()
        return super().eventFilter(watched, event)

    def _shown(self) -> list[QDockWidget]:
        return [
            dock
            for dock in self.docks
            if dock.isVisible()
            and not dock.isFloating()
            and self.window.dockWidgetArea(dock) in _SIDES
        ]

    def _remember(self) -> None:
        """After a drag on a separator: the docks' sizes are the analyst's."""
        for dock in self._shown():
            known = self.preferred.get(dock.objectName(), (0, 0))
            if known != (dock.width(), dock.height()):
                self.preferred[dock.objectName()] = (dock.width(), dock.height())

    def apply(self) -> None:
        """The preferred sizes, as far as the window has room for them."""
        if not self.window.isVisible():
            return
        across: dict[Qt.DockWidgetArea, QDockWidget] = {}
        stacked: dict[Qt.DockWidgetArea, list[QDockWidget]] = {}
        for dock in self._shown():
            area = self.window.dockWidgetArea(dock)
            if self._size(dock)[0]:
                across.setdefault(area, dock)
            stacked.setdefault(area, []).append(dock)
        if across:
            docks = list(across.values())
            widths = [self._size(dock)[0] for dock in docks]
            self.window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
        for column in stacked.values():
            heights = [self._size(dock)[1] for dock in column]
            if len(column) > 1 and all(heights):
                self.window.resizeDocks(column, heights, Qt.Orientation.Vertical)

    def _size(self, dock: QDockWidget) -> tuple[int, int]:
        return self.preferred.get(dock.objectName(), (0, 0))
