"""The window on a 1024x700 screen (issue 17, bug 3): it never grows itself, the inspector's
text and the span list stay whole when a span has links, and docks squeezed by a small window
come back to their size when the window is large again, also at the next launch.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from annotation.commands import AddArgument, AddEvent, AddRelation, AddSpan
from annotation.model import NewSpan
from desktop.main_window import MainWindow
from tests.desktop.conftest import ians_project


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """The IANS sample where "South Korea" (the headline's) has five links."""
    path = tmp_path / "linked.db"
    with ians_project(path) as session:
        text = session.store.document(1).text

        def span(words: str, label: str, after: str = "") -> int:
            start = text.index(words, text.index(after) if after else 0)
            change = session.execute(AddSpan(1, NewSpan(start, start + len(words), label)))
            assert change.added_span is not None
            return change.added_span

        korea = span("South Korea", "GPE")
        seoul = span("Seoul", "GPE")
        india = span("India", "GPE")
        for trigger, kind, after in (
            ("explore", "TALKS", ""),
            ("discuss", "TALKS", ""),
            ("met", "MEET", "envoy"),
        ):
            start = text.index(trigger, text.index(after) if after else 0)
            made = session.execute(
                AddEvent(kind, document=1, trigger_span=(start, start + len(trigger)))
            )
            (event,) = made.events
            session.execute(AddArgument(event, "participant", korea))
        session.execute(AddRelation(seoul, korea, "LOCATED_IN"))
        session.execute(AddRelation(korea, india, "ALIAS_OF"))
    return path


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def korea(window: MainWindow) -> int:
    article = window.controller.article
    assert article is not None
    return next(s.id for s in article.spans.values() if s.label == "GPE" and s.start == 7)


def test_a_span_with_links_leaves_a_1024x700_window_its_size_and_everything_readable(
    make_window: Callable[..., MainWindow], linked: Path, qtbot: Any
) -> None:
    window = make_window(linked)
    frame = window.window()
    frame.resize(1024, 700)
    settle()
    window.controller.select_span(korea(window))
    qtbot.waitUntil(lambda: len(window.events.links.rows()) == 5)
    settle()
    # the window does not ask for more than the screen (a window manager would grow it)
    need = frame.minimumSize().expandedTo(frame.minimumSizeHint())
    assert need.width() <= 1024 and need.height() <= 700
    # the inspector's details are not squeezed: what does not fit scrolls
    details = window.inspector.details
    assert details.height() >= details.minimumSizeHint().height()
    # the span list ends above the Events dock's title, and shows rows
    tree = window.inspector.tree
    bottom = tree.mapTo(window, QPoint(0, tree.height())).y()
    events_top = window.events.dock_widget.mapTo(window, QPoint(0, 0)).y()
    assert bottom <= events_top
    assert tree.height() >= 3 * tree.verticalHeader().defaultSectionSize()


def test_docks_squeezed_by_a_small_window_come_back_at_the_next_launch(
    make_window: Callable[..., MainWindow], linked: Path
) -> None:
    first = make_window(linked)
    wide = first.documents_dock.width(), first.inspector_dock.width()
    first.window().resize(1024, 700)
    settle()
    assert first.documents_dock.width() < wide[0]  # squeezed by the small window
    first.window().close()
    second = make_window(linked)
    second.window().resize(1440, 900)
    settle()
    assert abs(second.documents_dock.width() - wide[0]) <= 12
    assert abs(second.inspector_dock.width() - wide[1]) <= 12


def test_a_dock_the_analyst_narrowed_keeps_its_width_at_the_next_launch(
    make_window: Callable[..., MainWindow], linked: Path
) -> None:
    first = make_window(linked)
    settle()
    dock = first.documents_dock
    # the separator between the dock and the article, dragged 120 pixels to the left
    x = (dock.geometry().right() + first.centralWidget().geometry().left()) // 2
    y = dock.geometry().center().y()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, at, button, buttons in (
        (QEvent.Type.MouseButtonPress, x, left, left),
        (QEvent.Type.MouseMove, x - 60, none, left),
        (QEvent.Type.MouseMove, x - 120, none, left),
        (QEvent.Type.MouseButtonRelease, x - 120, left, none),
    ):
        point = QPointF(at, y)
        global_point = QPointF(first.mapToGlobal(point.toPoint()))
        plain = Qt.KeyboardModifier.NoModifier
        QApplication.sendEvent(
            first, QMouseEvent(kind, point, global_point, button, buttons, plain)
        )
        settle()
    narrowed = dock.width()
    assert narrowed < 440 - 60
    first.window().close()
    second = make_window(linked)
    second.window().resize(1440, 900)  # (offscreen, the saved geometry is fitted to 800x800)
    settle()
    assert abs(second.documents_dock.width() - narrowed) <= 4
