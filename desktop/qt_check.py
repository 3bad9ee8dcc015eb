"""The self-test's Qt check: an offscreen QApplication draws the icon and the window's modules
import. `dateline self-test` runs it after the core's checks (desktop/launcher.py adds it).

PySide6 is imported inside the check: the launcher imports this module for every command.
"""

from __future__ import annotations

from annotation.paths import resource_path
from annotation.selftest import CheckFailed, Skip


def qt_check() -> tuple[bool, str]:
    """Only where PySide6 is installed (a headless install skips it)."""
    try:
        import PySide6
    except ImportError as exc:
        raise Skip(f"PySide6 is not installed ({exc}): no window, the commands work") from exc
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # -platform beats QT_QPA_PLATFORM: the check needs no screen, wherever it runs.
        app = QApplication(["dateline", "-platform", "offscreen"])
    icon = QIcon(str(resource_path("icons/dateline.svg")))
    if icon.pixmap(64, 64).isNull():
        raise CheckFailed("Qt cannot draw the app icon (the SVG image plugin is missing?)")
    # The window's modules import (the standalone app must have bundled them); no window opens.
    import desktop.app  # noqa: F401

    return True, (
        f"PySide6 {PySide6.__version__} (Qt {qVersion()}), QApplication on"
        f" {QGuiApplication.platformName()}, icon drawn, window modules load"
    )
