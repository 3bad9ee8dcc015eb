"""The article from the keyboard alone: going to the top, reading on, hints that go away when
they no longer apply, and the keyboard back on the article after a click on its row (issue 17,
bug 4 and friction 6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from tests.desktop.conftest import drag

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(make_window: Callable[..., MainWindow], ians: Path) -> MainWindow:
    made = make_window(ians)
    made.window().resize(1024, 700)
    QApplication.processEvents()
    return made


def press(window: MainWindow, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """A key where the keyboard is (as a person types it)."""
    QTest.keyClick(QApplication.focusWidget() or window.view, key, modifier)


def selected_text(window: MainWindow) -> str:
    span = window.controller.selected
    article = window.controller.article
    assert span is not None and article is not None
    return article.text[span.start : span.end]


def test_ctrl_home_goes_to_the_top_and_tab_starts_there(window: MainWindow) -> None:
    bar = window.view.verticalScrollBar()
    assert bar.maximum() > 0  # the article is longer than the view
    press(window, Qt.Key.Key_End, CTRL)
    assert bar.value() == bar.maximum()
    press(window, Qt.Key.Key_Home, CTRL)
    assert bar.value() == 0
    press(window, Qt.Key.Key_Tab)
    assert selected_text(window) == "India"


def test_a_hint_about_a_selection_goes_when_the_selection_does(window: MainWindow) -> None:
    article = window.controller.article
    assert article is not None
    start = article.text.index("Gourangalal")
    drag(window.view, start, start + len("Gourangalal Das"))
    assert window.status.currentMessage().startswith("Press a label key")
    window.view.setFocus()
    press(window, Qt.Key.Key_Escape)
    assert window.status.currentMessage() == ""
    drag(window.view, start, start + len("Gourangalal Das"))
    press(window, Qt.Key.Key_1)  # labelled: the hint has done its job
    assert not window.status.currentMessage().startswith("Press a label key")


def test_tab_works_after_a_click_on_the_open_articles_row(window: MainWindow) -> None:
    table = window.documents.table
    row = table.visualRect(window.documents.model.index(0, 0)).center()
    assert window.controller.document_id == 1
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert window.controller.document_id == 1
    press(window, Qt.Key.Key_Tab)
    assert selected_text(window) == "India"


def test_the_keyboard_reads_on_and_picks_words_without_the_mouse(
    window: MainWindow, ians: Path
) -> None:
    bar = window.view.verticalScrollBar()
    press(window, Qt.Key.Key_Down)
    assert bar.value() > 0
    press(window, Qt.Key.Key_Space)
    assert bar.value() > 3 * bar.singleStep()
    press(window, Qt.Key.Key_Home, CTRL)
    # Ctrl+Down: the first span of the next paragraph that has one (the byline's IANS)
    press(window, Qt.Key.Key_Down, CTRL)
    assert selected_text(window) == "IANS"
    press(window, Qt.Key.Key_Down, CTRL)
    assert selected_text(window) == "Seoul"
    # Ctrl+Right picks the word after, Shift+Right takes one more, a label key tags them
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_Tab)
    assert selected_text(window) == "South Korea"
    press(window, Qt.Key.Key_Right, CTRL)
    press(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    article = window.controller.article
    assert article is not None
    assert window.controller.pending == (
        article.text.index("Gourangalal"),
        article.text.index("Das") + 3,
    )
    press(window, Qt.Key.Key_1)
    assert window.controller.selected is not None
    made = (selected_text(window), window.controller.selected.label)
    assert made == ("Gourangalal Das", "PERSON")


def test_esc_in_the_find_bar_selects_the_match(window: MainWindow) -> None:
    article = window.controller.article
    assert article is not None
    press(window, Qt.Key.Key_F, CTRL)
    QTest.keyClicks(window.find_bar.field, "kana")
    press(window, Qt.Key.Key_Escape)
    assert window.view.hasFocus()
    kananaskis = article.text.index("Kananaskis")
    assert window.controller.pending == (kananaskis, kananaskis + len("Kananaskis"))
    press(window, Qt.Key.Key_F, CTRL)
    window.find_bar.field.clear()
    QTest.keyClicks(window.find_bar.field, "kolk")
    press(window, Qt.Key.Key_Escape)
    assert selected_text(window) == "Kolkata"  # a span starts there: it is selected


def test_no_two_working_actions_share_a_key(window: MainWindow) -> None:
    """Two enabled actions on one key make an ambiguous shortcut and neither fires (review
    mode's B and 'not part of the article' did once)."""
    from PySide6.QtGui import QAction

    from desktop.adjudication_wiring import sync_keys

    def clashes() -> dict[str, list[str]]:
        by_key: dict[str, list[str]] = {}
        for item in window.findChildren(QAction):
            if item.isEnabled() and item.menu() is None:
                for key in item.shortcuts():
                    by_key.setdefault(key.toString(), []).append(item.text())
        return {key: names for key, names in by_key.items() if key and len(names) > 1}

    assert clashes() == {}
    window.review.controller.active = True  # review mode takes keys over
    sync_keys(window, window.review)
    assert clashes() == {}
