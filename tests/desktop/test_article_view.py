"""The article view: offsets cross into Qt and back exactly, whatever the script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from annotation.commands import AddSpan
from annotation.model import NewSpan
from desktop.main_window import MainWindow
from tests.desktop.conftest import (
    ARTICLE,
    SCRIPTS,
    click,
    double_click,
    drag,
    point_at,
    spans_in_file,
)


def open_scripts(window: MainWindow, qtbot: Any) -> None:
    window.open_document(2)
    assert window.controller.article is not None
    assert window.controller.article.text == SCRIPTS
    qtbot.waitUntil(lambda: window.controller._tokens is not None)  # spaCy's tokens for snapping


def test_drag_over_hangul_after_emoji_stores_code_point_offsets(
    window: MainWindow, project: Path, qtbot: Any
) -> None:
    open_scripts(window, qtbot)
    name = SCRIPTS.index("박서연")
    drag(window.view, name + 1, name + 2)  # inside the name, after 🚀 and Devanagari
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert (name, name + 3, "PERSON", "accepted") in spans_in_file(project, 2)


def test_drag_over_part_of_a_devanagari_word_takes_the_word(
    window: MainWindow, project: Path, qtbot: Any
) -> None:
    open_scripts(window, qtbot)
    surname = SCRIPTS.index("देशपांडे")
    drag(window.view, surname + 2, surname + 4)
    assert window.controller.pending == (surname, surname + len("देशपांडे"))
    drag(window.view, SCRIPTS.index("अनन्या") + 1, surname + 3)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    first = SCRIPTS.index("अनन्या")
    assert (first, surname + len("देशपांडे"), "PERSON", "accepted") in spans_in_file(project, 2)


def test_a_span_after_flags_and_a_satellite_is_drawn_on_its_characters(
    window: MainWindow, qtbot: Any
) -> None:
    name = SCRIPTS.index("김도현")
    session = window.session
    assert session is not None
    session.execute(AddSpan(2, NewSpan(name, name + 3, "PERSON")))
    open_scripts(window, qtbot)
    view = window.view
    article = view.article
    assert article is not None
    # Qt -> code points: the character under the mouse is the one the core means
    for offset in range(3):
        assert view.position_at(point_at(view, name + offset)) == name + offset
    span = next(s for s in article.spans.values() if s.start == name)
    assert [s.id for s in view.spans_at(point_at(view, name + 1))] == [span.id]
    # code points -> Qt: the span's rectangle starts where Qt puts the cursor before 김
    cursor = QTextCursor(view.document())
    cursor.setPosition(article.positions.to_utf16(name))
    rects = view.span_rects(span.start, span.end)
    assert len(rects) == 1
    assert abs(rects[0].left() + 1 - view.cursorRect(cursor).left()) <= 1
    # and a click there selects it
    click(view, name + 1)
    assert window.controller.selected == span


def test_alt_drag_keeps_exact_characters(window: MainWindow, project: Path, qtbot: Any) -> None:
    open_scripts(window, qtbot)
    setu = SCRIPTS.index("SETU-1")
    drag(window.view, setu, setu + 4, Qt.KeyboardModifier.AltModifier)
    assert window.controller.pending == (setu, setu + 4)
    QTest.keyClick(window.view, Qt.Key.Key_Q)
    assert (setu, setu + 4, "PRODUCT", "accepted") in spans_in_file(project, 2)


def test_double_click_takes_a_word(window: MainWindow, qtbot: Any) -> None:
    from tests.desktop.conftest import ARTICLE

    view = window.view
    word = ARTICLE.index("explored")
    double_click(view, word + 3)  # press, release, press, double-click, release
    assert window.controller.pending == (word, word + len("explored"))
    QTest.keyClick(view, Qt.Key.Key_C)
    assert window.controller.selected is not None
    assert window.controller.selected.label == "CARDINAL"


def test_clicking_outside_text_clears_the_selection(window: MainWindow) -> None:
    window.controller.next_suggestion()
    assert window.controller.selected is not None
    view = window.view
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(view.viewport().width() - 5, 5),
    )
    assert window.controller.selected is None


def test_tags_that_would_collide_stack_on_a_row_above_and_say_everything(
    window: MainWindow, qtbot: Any
) -> None:
    from annotation.model import ValueOrigin
    from desktop.span_style import TAG_PAD

    session = window.session
    assert session is not None
    start = ARTICLE.index("Dec 6")
    session.execute(
        AddSpan(
            1,
            NewSpan(
                start, start + 5, "DATE", value="2025-12-06", value_origin=ValueOrigin.COMPUTED
            ),
        )
    )
    view = window.view
    article = view.article
    assert article is not None
    block = article.line_of(start)
    style = view.span_style
    assert style is not None

    def placed() -> list[Any]:
        view.viewport().repaint()
        return view.tags._cache.get(block, [])

    # the line's tags: GPE Seoul, DATE with its value, ORG IANS close after it
    qtbot.waitUntil(lambda: view._highlighter.rows.get(block) == (2,) and len(placed()) >= 3)
    tags = placed()
    texts = [tag.text for tag in tags]
    assert "DATE 2025-12-06" in texts and "ORG" in texts  # the value is not dropped
    for tag in tags:  # nothing cut short
        assert tag.rect.width() >= style.tag_width(tag.text) + 2 * TAG_PAD - 0.5
    for first in tags:
        for second in tags:
            assert first is second or not first.rect.intersects(second.rect)
    date = next(tag for tag in tags if tag.text.startswith("DATE"))
    ians = next(tag for tag in tags if tag.text == "ORG")
    assert ians.rect.bottom() <= date.rect.top() + 1  # a row higher
    # the second row is room made above the line: the text of the line above is not covered
    above = view.span_rects(0, len(ARTICLE.split("\n")[0]))
    origin = view.blockBoundingGeometry(view.document().findBlockByNumber(block))
    top = origin.translated(view.contentOffset()).top() + ians.rect.top()
    assert all(rect.bottom() <= top + 1 for rect in above)
