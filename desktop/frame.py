"""The window's frame: on screen before the workbench is imported (DESIGN §7, first paint).

Importing the workbench (its widgets, the core, sqlite-utils) takes half a second or more, and
an analyst who starts Dateline should see its window at once. The frame is the top-level
window: it takes the remembered size and place, paints a placeholder, and `desktop.app` then
builds the `MainWindow` into it as its central widget (a QMainWindow nests like any widget:
its menus, docks and status bar stay its own). Only PySide6 and `desktop.settings` are
imported here; keep it that way (a test checks it). The frame is blank on purpose: the first
child widget polished or text drawn loads the font database (60-80 ms here), and `Qt`'s
enums cost 40 ms to import; both wait until after the first paint.
"""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop.settings import Settings

#: The size of a first window, before any was remembered.
DEFAULT_SIZE = (1440, 900)


class Frame(QMainWindow):
    """The top-level window; holds the workbench once it is built."""

    def __init__(self, settings: Settings, opening: str = "") -> None:
        super().__init__()
        self.setObjectName("dateline")
        self.setWindowTitle(f"Dateline — opening {opening}…" if opening else "Dateline")
        self.resize(*DEFAULT_SIZE)
        geometry = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        # Blank until the workbench is built into it: even an empty child widget, polished,
        # loads the font database before the first paint.
        self.workbench: QWidget | None = None
        #: set while the frame closes (the workbench then hides the frame at once)
        self.closing = False

    def hold(self, workbench: QMainWindow) -> None:
        """Show the built workbench in the frame; its title becomes the frame's."""
        from PySide6.QtCore import Qt  # after the first paint (see the module's docstring)

        workbench.setParent(self, Qt.WindowType.Widget)
        self.setCentralWidget(workbench)
        self.setWindowTitle(workbench.windowTitle())
        workbench.windowTitleChanged.connect(self.setWindowTitle)
        workbench.show()
        self.workbench = workbench

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the frame closes the workbench first (it saves the layout, stops workers)."""
        workbench = self.workbench
        self.closing = True
        try:
            open_ = workbench is not None and not getattr(workbench, "closed", False)
            if open_ and workbench is not None and not workbench.close():
                event.ignore()
                return
        finally:
            self.closing = False
        super().closeEvent(event)
