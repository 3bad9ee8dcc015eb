"""The line above the article: a timestamp publication date is shown whole (issue 17, bug 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from annotation.session import Session
from desktop.main_window import MainWindow
from tests.desktop.conftest import add_article

STAMP = "2025-10-29T08:05:00-07:00"


def test_a_timestamp_publication_date_is_shown_whole_on_a_small_screen(
    make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: Any
) -> None:
    path = tmp_path / "stamp.db"
    session = Session.open(path)
    try:
        add_article(
            session, "Chip maker beats\n\nNorthgate reported results.", "Chips", published=STAMP
        )
    finally:
        session.close()
    window = make_window(path)
    window.window().resize(1024, 700)
    QApplication.processEvents()
    field = window.header.published
    assert field.text() == STAMP
    # all of it fits, and it is shown from its start (not "29T08:05:00-07:00")
    assert field.width() >= field.fontMetrics().horizontalAdvance(STAMP) + 4
    assert field.cursorPosition() == 0
