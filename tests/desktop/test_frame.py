"""The window's frame is painted before the workbench is imported, and closes with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray

from desktop.settings import Settings
from tests.desktop.conftest import OPEN_WINDOW, in_a_process


def test_the_frame_is_painted_before_the_workbench_is_imported(tmp_path: Path) -> None:
    script = OPEN_WINDOW + (
        "from PySide6.QtCore import QEvent, QObject\n"
        "import desktop.app as app_module\n"
        "print('at import', 'desktop.main_window' in sys.modules, 'sqlite_utils' in sys.modules)\n"
        "app = app_module.application()\n"
        "seen = []\n"
        "class First(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if event.type() == QEvent.Type.Paint and not seen:\n"
        "            seen.append('desktop.main_window' in sys.modules)\n"
        "        return False\n"
        "first = First()\n"
        "app.installEventFilter(first)\n"
        f"window = open_window({str(tmp_path / 'p.db')!r}, load_pipeline=False)\n"
        "print('at first paint', seen[0])\n"
        "print('held', window.window().objectName(), window.window().isVisible())\n"
        "window.close()\n"
        "print('closed', window.window().isVisible())\n"
    )
    result = in_a_process(script)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert "at import False False" in lines
    assert "at first paint False" in lines  # the workbench came after the first paint
    assert "held dateline True" in lines
    assert "closed False" in lines  # closing the workbench closes its frame


def test_the_frame_remembers_where_the_window_was(make_window: Any, project: Path) -> None:
    window = make_window(project)
    frame = window.window()
    assert frame is not window and frame.windowTitle() == window.windowTitle()
    frame.setGeometry(40, 50, 640, 480)  # within the offscreen screen (800x600)
    where = frame.geometry()
    settings: Settings = window.settings
    window.close()
    assert not frame.isVisible()
    assert isinstance(settings.geometry(), QByteArray)
    again = make_window(project)
    restored = again.window().geometry()
    # place and width come back; the height may grow to the workbench's minimum on this screen
    assert (restored.topLeft(), restored.width()) == (where.topLeft(), where.width())


def test_a_title_change_shows_in_the_frame(make_window: Any, project: Path) -> None:
    window = make_window(project)
    window.open_document(2)
    assert "Mixed scripts" in window.window().windowTitle()


def test_closing_the_frame_closes_the_workbench_and_its_project(
    make_window: Any, project: Path
) -> None:
    window = make_window(project)
    frame = window.window()
    assert frame.close()
    assert window.closed and window.session is None
    assert not frame.isVisible()
