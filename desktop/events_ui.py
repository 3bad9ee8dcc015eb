"""The events and relations parts of the window: the Events dock, the links section of the
inspector, the E and R actions, the Events menu, and the controller behind them.

Built here, placed and connected by `MainWindow` (the composition root), which hands every
session change to `EventsUi.controller.apply_change`.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from desktop.actions import action, attach_to_view, shortcut_text
from desktop.annotation_controller import AnnotationController
from desktop.article_view import ArticleView
from desktop.event_controller import EventController
from desktop.events_dock import EventsDock
from desktop.inspector import Inspector
from desktop.links_panel import LinksPanel


class EventsUi(NamedTuple):
    controller: EventController
    dock: EventsDock
    dock_widget: QDockWidget
    links: LinksPanel
    make_event: QAction
    start_relation: QAction
    menu: QMenu


MOUSE = (
    ("Click a span (event focused)", "Offer the roles of the event that take its label, 1–9"),
    ("Drag from a trigger to a span", "The same, for that trigger's event (Alt: select text)"),
    ("Click a trigger", "Focus its event: its roles are drawn as arcs"),
)


def build_events_ui(
    parent: QWidget, view: ArticleView, annotations: AnnotationController, inspector: Inspector
) -> EventsUi:
    """The events parts; the links section goes into the inspector."""
    dock = EventsDock()
    links = LinksPanel()
    inspector.add_section(links)
    controller = EventController(view, annotations, dock, links)
    dock_widget = QDockWidget("Events", parent)
    dock_widget.setObjectName("events_dock")
    dock_widget.setWidget(dock)
    make_event = action(
        parent,
        "Make &event…",
        ["E"],
        "Make the selection (or the selected span) an event trigger; on a trigger: focus its event",
        name="make_event",
    )
    start_relation = action(
        parent,
        "Start &relation",
        ["R"],
        "A relation from the selected span: then click the span it points to",
        name="start_relation",
    )
    attach_to_view([make_event, start_relation], view)
    menu = QMenu("E&vents", parent)
    menu.addActions([make_event, start_relation])
    menu.addSeparator()
    menu.addAction(dock_widget.toggleViewAction())
    return EventsUi(controller, dock, dock_widget, links, make_event, start_relation, menu)


def shortcut_group(ui: EventsUi) -> tuple[str, list[tuple[str, str]]]:
    """Help ▸ Keyboard shortcuts: the events keys and gestures."""
    rows = [(shortcut_text(item), item.statusTip()) for item in (ui.make_event, ui.start_relation)]
    rows.append(("1–9 (in the role or relation menu)", "Choose; Esc closes the menu"))
    rows.append(("Esc", "Leave the focused event or the relation"))
    return ("Events and relations", rows + list(MOUSE))
