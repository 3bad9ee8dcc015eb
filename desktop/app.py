"""The window's process: the QApplication, the frame, then the workbench built into it
(`MainWindow`, which composes every part); `dateline` (desktop/launcher.py) calls `run`.

The window's frame (`desktop.frame`) is painted before the workbench is even imported, and
spaCy never enters this process: the pipeline loads in a child process (DESIGN §7). Keep the
imports at the top of this module to PySide6 and light modules; the rest is imported in
`create_window`, after the first paint.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotation import __version__
from annotation.paths import default_project_path, resource_path
from desktop.frame import Frame
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from desktop.pipeline import Loader

#: The freedesktop app id (packaging/io.dateline.Dateline.desktop, .metainfo.xml and the icon name).
APP_ID = "io.dateline.Dateline"


def app_icon() -> QIcon:
    """The app icon: its PNG sizes (16 and 32 drawn on their own pixel grid), else the SVG."""
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = resource_path(f"icons/dateline-{size}.png")
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    return icon if not icon.isNull() else QIcon(str(resource_path("icons/dateline.svg")))


def application(argv: list[str] | None = None) -> QApplication:
    """The running QApplication (made once; following the system's light or dark palette)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("Dateline")
    QCoreApplication.setApplicationName("Dateline")
    QCoreApplication.setApplicationVersion(__version__)
    # Fractional scale factors pass through (Qt 6's default, not set here: touching `Qt`'s
    # enums costs 40 ms on the way to the first paint).
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    stylesheet = resource_path("styles/dateline.qss")
    if stylesheet.exists():
        app.setStyleSheet(stylesheet.read_text(encoding="utf-8"))
    return app


def create_window(
    project: Path | None,
    *,
    settings: Settings | None = None,
    loader: Loader | None = None,
    load_pipeline: bool = True,
) -> MainWindow | None:
    """Build and show the window on a project; the first run seeds the default project.

    The frame is shown and painted first; the workbench is imported and built into it after.
    Returns the workbench, or None when the project cannot be opened (the analyst has been
    told why).
    """
    application()
    settings = settings or Settings()
    path = project if project is not None else default_project_path()
    seed = project is None and not path.exists()
    frame = Frame(settings, path.name)
    frame.show()
    QApplication.processEvents()  # the first paint: nothing heavy is imported before it

    from desktop.main_window import MainWindow

    window = MainWindow(settings, loader)
    frame.hold(window)
    window.frame = frame
    QApplication.processEvents()
    if not window.open_project(path, seed=seed):
        frame.close()
        return None
    # The workbench's first full paint (fonts, every dock, the article's layout: ~120 ms)
    # belongs to opening, not to the event loop that follows.
    frame.repaint()
    if load_pipeline:
        window.start_pipeline()
    return window


def run(project: Path | None = None) -> int:
    """Open the window (on `project`, else the default project) and run until it closes."""
    app = application()
    window = create_window(project)
    if window is None:
        return 1
    code = app.exec()
    return int(code)
