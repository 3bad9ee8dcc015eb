"""One wrong role or relation can be taken out alone, wherever the analyst sees it: a role row
in the Events dock, a row of Inspector ▸ Links, the span's right-click menu (issue 17, bug 1).

The sample article's boilerplate has the case the tester met: a suggested CASUALTY "killed"
whose "cause" is Guadeloupe. Removing the role keeps both spans as they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from annotation.commands import AddArgument, AddEvent, AddSpan
from annotation.links import role_choices
from annotation.model import NewSpan
from desktop.event_controller import NO_ROLE
from desktop.main_window import MainWindow
from tests.desktop.conftest import ians_project, point_at


@pytest.fixture
def casualty(tmp_path: Path) -> Path:
    """The IANS sample with CASUALTY "killed" (accepted) whose cause is GPE "Guadeloupe"."""
    path = tmp_path / "casualty.db"
    with ians_project(path) as session:
        text = session.store.document(1).text
        killed = text.index("killed")
        where = text.index("Guadeloupe")
        change = session.execute(AddSpan(1, NewSpan(where, where + len("Guadeloupe"), "GPE")))
        guadeloupe = change.added_span
        made = session.execute(AddEvent("CASUALTY", document=1, trigger_span=(killed, killed + 6)))
        (event,) = made.events
        assert guadeloupe is not None
        session.execute(AddArgument(event, "cause", guadeloupe))
    return path


@pytest.fixture
def window(make_window: Callable[..., MainWindow], casualty: Path, qtbot: Any) -> MainWindow:
    made = make_window(casualty)
    qtbot.waitUntil(lambda: made.events.dock.event_count() == 1)
    return made


def stored(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def spans_kept(path: Path) -> list[tuple[Any, ...]]:
    return stored(path, "SELECT label, status FROM span ORDER BY start")


def guadeloupe(window: MainWindow) -> int:
    article = window.controller.article
    assert article is not None
    return next(s.id for s in article.spans.values() if s.label == "GPE")


def test_a_role_row_clicked_in_the_events_dock_is_removed_with_delete(
    window: MainWindow, casualty: Path, qtbot: Any
) -> None:
    dock = window.events.dock
    event_row = dock.model.index(0, 0)
    dock.tree.expand(event_row)
    role = dock.model.index(0, 0, event_row)
    assert dock.model.row(role).role == "cause"
    QTest.mouseClick(
        dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=dock.tree.visualRect(role).center()
    )
    QApplication.processEvents()
    # the article shows the span, the row stays selected, and the button can remove it
    assert window.controller.selected is not None
    assert window.controller.selected.id == guadeloupe(window)
    assert dock.model.row(dock.tree.currentIndex()).role == "cause"
    assert dock.remove_argument.isEnabled()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert stored(casualty, "SELECT count(*) FROM argument") == [(0,)]
    assert spans_kept(casualty) == [("CASUALTY", "accepted"), ("GPE", "accepted")]


def test_a_link_clicked_in_the_inspector_is_removed_with_its_button(
    window: MainWindow, casualty: Path
) -> None:
    window.controller.select_span(guadeloupe(window))
    links = window.events.links
    assert links.rows() == ["cause of CASUALTY “killed”"]
    item = links.list.item(0)
    QTest.mouseClick(
        links.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=links.list.visualItemRect(item).center(),
    )
    QApplication.processEvents()
    assert window.controller.selected is not None
    assert window.controller.selected.id == guadeloupe(window)  # no jump on a single click
    assert links.remove.isEnabled()
    links.remove.click()
    assert stored(casualty, "SELECT count(*) FROM argument") == [(0,)]
    assert spans_kept(casualty) == [("CASUALTY", "accepted"), ("GPE", "accepted")]


def test_the_right_click_menu_of_a_span_removes_one_of_its_roles(
    window: MainWindow, casualty: Path, qtbot: Any
) -> None:
    article = window.controller.article
    assert article is not None
    where = article.text.index("Guadeloupe")
    view = window.view
    point = point_at(view, where + 2)
    reason = QContextMenuEvent.Reason.Mouse
    view.contextMenuEvent(QContextMenuEvent(reason, point, view.viewport().mapToGlobal(point)))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    removing = [a for a in menu.actions() if a.text().startswith("Remove role")]
    assert [a.text() for a in removing] == ["Remove role cause of CASUALTY “killed”"]
    menu.close()
    removing[0].trigger()
    assert stored(casualty, "SELECT count(*) FROM argument") == [(0,)]
    assert spans_kept(casualty) == [("CASUALTY", "accepted"), ("GPE", "accepted")]


def test_the_role_popup_of_a_span_that_fills_a_role_takes_it_out(
    window: MainWindow, casualty: Path, qtbot: Any
) -> None:
    """A click on a span of the focused event offers its roles and, last, no role: one key
    takes the wrong role out and keeps both spans."""
    from tests.desktop.test_events import answer_popup

    controller = window.events.controller
    controller.focus(next(iter(controller.records)))
    session = window.controller.session
    assert session is not None
    roles = [role.name for role in role_choices(session.schema, "CASUALTY", "GPE")]
    last = Qt.Key(Qt.Key.Key_1.value + len(roles))
    offered = answer_popup(last, Qt.Key.Key_Escape)  # Esc: no hang if it is not offered
    controller.offer_roles(guadeloupe(window))
    qtbot.waitUntil(lambda: bool(offered))
    assert offered == [*roles, NO_ROLE]
    qtbot.waitUntil(lambda: stored(casualty, "SELECT count(*) FROM argument") == [(0,)])
    assert spans_kept(casualty) == [("CASUALTY", "accepted"), ("GPE", "accepted")]
    assert window.actions_.edit.undo.text() == "Undo Remove GPE 'Guadeloupe' from CASUALTY"
