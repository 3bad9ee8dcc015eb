"""STYLE.md rule 12: PySide6 6.12.0 dropped a reference to None on every void Qt method call and
CPython 3.11 aborted after a few thousand. The pin keeps 6.11; this test catches a regression."""

from __future__ import annotations

import sys
from typing import Any

import PySide6
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


def test_pyside_is_pinned_below_6_12() -> None:
    major, minor = (int(part) for part in PySide6.__version__.split(".")[:2])
    assert (major, minor) < (6, 12), PySide6.__version__


def test_ten_thousand_void_calls_keep_none_alive(qtbot: Any) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("Seoul, Dec 6 (IANS)")
    cursor = QTextCursor(editor.document())
    before = sys.getrefcount(None)
    for index in range(10_000):
        editor.setEnabled(True)  # void methods, as the highlighter and painter call them
        cursor.setPosition(index % 10)
        editor.viewport().update()
    after = sys.getrefcount(None)
    # a leak of one reference per call would show as thousands missing
    assert after > before - 1000
    assert editor.isEnabled()
