"""Fewer actions per entity (issue 17): every decision moves on, Tab goes on from where triage
was, one key decides every occurrence of the same words, and page furniture is marked once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from tests.desktop.conftest import drag, spans_in_file

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(make_window: Callable[..., MainWindow], ians: Path) -> MainWindow:
    return make_window(ians)


def press(window: MainWindow, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget() or window.view, key, modifier)


def text(window: MainWindow) -> str:
    article = window.controller.article
    assert article is not None
    return article.text


def selected(window: MainWindow) -> str:
    span = window.controller.selected
    assert span is not None
    return text(window)[span.start : span.end]


def test_a_relabel_moves_on_to_the_next_suggestion(window: MainWindow, ians: Path) -> None:
    press(window, Qt.Key.Key_Tab)
    assert selected(window) == "India"
    press(window, Qt.Key.Key_2)  # ORG
    assert (0, 5, "ORG", "accepted") in spans_in_file(ians, 1)
    assert selected(window) == "South Korea"


def test_tab_after_adding_a_span_goes_on_from_where_triage_was(window: MainWindow) -> None:
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_Tab)
    assert selected(window) == "South Korea"
    start = text(window).index("Ambassador")
    drag(window.view, start, start + len("Ambassador"))
    press(window, Qt.Key.Key_Q)
    assert selected(window) == "Ambassador"  # the new span, to adjust or give a value
    press(window, Qt.Key.Key_Tab)
    assert selected(window) == "IANS"  # the suggestion after South Korea, not after the new span
    assert window.controller.selected is not None
    assert window.controller.selected.start == text(window).index("IANS")


def test_dot_accepts_every_other_occurrence_in_one_undo_step(
    window: MainWindow, ians: Path
) -> None:
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_Return)  # South Korea accepted
    press(window, Qt.Key.Key_Period)
    body = text(window)
    korea = [s for s in spans_in_file(ians, 1) if body[s[0] : s[1]] == "South Korea"]
    hyphen = body.index("India-South Korea") + len("India-")
    assert (hyphen, hyphen + 11, "GPE", "accepted") in korea  # missed by the model: added
    assert all(status == "accepted" and label == "GPE" for _s, _e, label, status in korea)
    assert window.actions_.edit.undo.text() == "Undo Accept every 'South Korea' as GPE"
    press(window, Qt.Key.Key_Z, CTRL)
    assert (hyphen, hyphen + 11, "GPE", "accepted") not in spans_in_file(ians, 1)


def test_page_furniture_is_marked_once_and_triage_and_done_leave_it_out(
    window: MainWindow, ians: Path
) -> None:
    body = text(window)
    latest = body.index("Latest News")
    assert any(s[0] >= latest for s in spans_in_file(ians, 1))  # Sat, Kolkata, Latest News
    press(window, Qt.Key.Key_F, CTRL)
    QTest.keyClicks(window.find_bar.field, "latest")
    press(window, Qt.Key.Key_Escape)  # the match: the "Latest News" suggestion
    press(window, Qt.Key.Key_End, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.controller.pending == (latest, len(body.rstrip()))
    press(window, Qt.Key.Key_B)
    assert not any(s[0] >= latest for s in spans_in_file(ians, 1))
    article = window.controller.article
    assert article is not None and article.excluded == [(latest, len(body))]
    press(window, Qt.Key.Key_Return, CTRL)  # done: the rest accepted
    assert all(status == "accepted" for *_rest, status in spans_in_file(ians, 1))
    press(window, Qt.Key.Key_Z, CTRL)
    press(window, Qt.Key.Key_Z, CTRL)
    assert any(s[0] >= latest for s in spans_in_file(ians, 1))  # one undo step brought it back


def test_undo_lights_up_the_span_it_brought_back_for_a_moment(
    window: MainWindow, qtbot: Any
) -> None:
    press(window, Qt.Key.Key_Tab)
    press(window, Qt.Key.Key_X)  # reject "India"; triage moves on
    assert selected(window) == "South Korea"
    press(window, Qt.Key.Key_Z, CTRL)
    view = window.view
    assert selected(window) == "India"
    assert view.flashing == ((0, 5),)
    (where,) = view.span_rects(0, 5)
    area = where.adjusted(-3, -3, 3, 3).toAlignedRect()
    lit = view.viewport().grab(area).toImage()
    qtbot.waitUntil(lambda: not view.flashing)  # it goes by itself
    assert view.viewport().grab(area).toImage() != lit


def test_an_active_label_stands_out_as_the_other_labels_fade(window: MainWindow) -> None:
    press(window, Qt.Key.Key_Escape)  # nothing selected: a label key makes the label active
    other = window.label_bar._buttons["GPE"]
    plain = other.grab().toImage()
    press(window, Qt.Key.Key_1)
    assert window.controller.active_label == "PERSON"
    assert other.grab().toImage() != plain  # faded
    press(window, Qt.Key.Key_Escape)
    assert window.controller.active_label is None
    assert other.grab().toImage() == plain
