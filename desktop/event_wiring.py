"""Puts events and relations into the window: the Events dock beside the inspector, the links
section in the inspector, the E and R keys, an Events menu, and the controller behind them.

Kept out of `main_window.py`, which calls `install_events` once and hands every session change
to `EventsUi.controller.apply_change`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu

from desktop.actions import action, attach_to_view, shortcut_text
from desktop.event_controller import EventController
from desktop.events_dock import EventsDock
from desktop.links_panel import LinksPanel

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


class EventsUi(NamedTuple):
    controller: EventController
    dock: EventsDock
    dock_widget: QDockWidget
    links: LinksPanel
    make_event: QAction
    start_relation: QAction


MOUSE = (
    ("Click a span (event focused)", "Offer the roles of the event that take its label, 1–9"),
    ("Drag from a trigger to a span", "The same, for that trigger's event (Alt: select text)"),
    ("Click a trigger", "Focus its event: its roles are drawn as arcs"),
)


def install_events(window: MainWindow) -> EventsUi:
    """Build the events UI into the window and wire it."""
    dock = EventsDock()
    links = LinksPanel()
    details = window.inspector.details.layout()
    details.insertWidget(max(details.count() - 1, 0), links)  # above the stretch
    controller = EventController(window.view, window.controller, dock, links)
    dock_widget = QDockWidget("Events", window)
    dock_widget.setObjectName("events_dock")
    dock_widget.setWidget(dock)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock_widget)
    window.splitDockWidget(window.inspector_dock, dock_widget, Qt.Orientation.Vertical)
    make_event = action(
        window,
        "Make &event…",
        ["E"],
        "Make the selection (or the selected span) an event trigger; on a trigger: focus its event",
        name="make_event",
    )
    start_relation = action(
        window,
        "Start &relation",
        ["R"],
        "A relation from the selected span: then click the span it points to",
        name="start_relation",
    )
    attach_to_view([make_event, start_relation], window.view)
    menu = QMenu("E&vents", window)
    menu.addActions([make_event, start_relation])
    menu.addSeparator()
    menu.addAction(dock_widget.toggleViewAction())
    help_menu = next((item for item in window.menuBar().actions() if item.text() == "&Help"), None)
    if help_menu is not None:
        window.menuBar().insertMenu(help_menu, menu)
    else:
        window.menuBar().addMenu(menu)

    make_event.triggered.connect(controller.make_event)
    start_relation.triggered.connect(controller.start_relation)
    annotate = window.actions_.annotate
    annotate.clear.triggered.connect(controller.leave)
    for item in (
        annotate.next_suggestion,
        annotate.previous_suggestion,
        annotate.accept,
        annotate.discard,
    ):
        item.triggered.connect(controller.follow_selection)
    window.inspector.span_activated.connect(lambda _id: controller.follow_selection())
    controller.notice_posted.connect(window.status.show_notice)
    return EventsUi(controller, dock, dock_widget, links, make_event, start_relation)


def shortcut_group(ui: EventsUi) -> tuple[str, list[tuple[str, str]]]:
    """Help ▸ Keyboard shortcuts: the events keys and gestures."""
    rows = [(shortcut_text(item), item.statusTip()) for item in (ui.make_event, ui.start_relation)]
    rows.append(("1–9 (in the role or relation menu)", "Choose; Esc closes the menu"))
    rows.append(("Esc", "Leave the focused event or the relation"))
    return ("Events and relations", rows + list(MOUSE))
