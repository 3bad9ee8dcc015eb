"""Puts team review into the window: a Review menu (Adjudicate, Team progress and agreement),
the Adjudicate dock, and the review keys.

While Adjudicate is on, Tab and Shift+Tab step through disagreements instead of suggestions and
1-9 take an analyst's version instead of applying a label (the label and suggestion actions are
disabled meanwhile: two actions on one key would both stay silent); B takes all versions, 0 none.
Kept out of `main_window.py`, which calls `install_adjudication` once and hands the session,
each opened article and each change to `ReviewUi.controller`.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar

from desktop.actions import Actions, action, attach_to_view, shortcut_text
from desktop.adjudication_controller import ANALYST_KEYS, AdjudicationController
from desktop.adjudication_panel import AdjudicationPanel
from desktop.annotation_controller import AnnotationController
from desktop.article_view import ArticleView
from desktop.status_bar import StatusBar
from desktop.team_dialog import TeamDialog, team_figures
from desktop.workers import Workers


class Window(Protocol):
    """What team review needs of the main window (which is a QMainWindow)."""

    view: ArticleView
    controller: AnnotationController
    workers: Workers
    status: StatusBar
    actions_: Actions
    label_actions: list[QAction]
    project: Path | None

    def menuBar(self) -> QMenuBar: ...

    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...


class ReviewUi(NamedTuple):
    controller: AdjudicationController
    dock: QDockWidget
    adjudicate: QAction
    team: QAction
    #: the keys that work in review mode only
    keys: tuple[QAction, ...]


def install_adjudication(window: Window) -> ReviewUi:
    """Build team review into the window and wire it."""
    panel = AdjudicationPanel()
    controller = AdjudicationController(window.view, window.controller, panel)
    dock = QDockWidget("Adjudicate", window)
    dock.setObjectName("adjudication_dock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    adjudicate = action(
        window,
        "&Adjudicate",
        [],
        "Review a team project: step through the analysts' disagreements and take a version",
        checkable=True,
        name="adjudicate",
    )
    team = action(
        window,
        "&Team progress and agreement…",
        [],
        "Who did what, and how far the analysts agree per label",
        name="team_progress",
    )
    next_item = action(window, "Next disagreement", ["Tab"], "Step to the next disagreement")
    previous_item = action(
        window, "Previous disagreement", ["Shift+Tab"], "Step to the previous disagreement"
    )
    takes = []
    for number, key in enumerate(ANALYST_KEYS, 1):
        taking = action(
            window,
            f"Take analyst {number}'s version",
            [key],
            f"Take analyst {number}'s version of the disagreement",
            name=f"take_{number}",
        )
        taking.triggered.connect(lambda _checked=False, n=number: controller.take(n))
        takes.append(taking)
    take_all = action(window, "Take both versions", ["B"], "Take both (every) analyst's version")
    take_none = action(window, "Take neither version", ["0"], "Take no analyst's version")
    keys = (next_item, previous_item, *takes, take_all, take_none)
    attach_to_view(list(keys), window.view)
    for item in keys:
        item.setEnabled(False)
    menu = QMenu("&Review", window)
    menu.addActions([adjudicate, team])
    menu.addSeparator()
    menu.addActions([next_item, previous_item, takes[0], takes[1], take_all, take_none])
    menu.addAction(dock.toggleViewAction())
    help_menu = next((item for item in window.menuBar().actions() if item.text() == "&Help"), None)
    if help_menu is not None:
        window.menuBar().insertMenu(help_menu, menu)
    else:
        window.menuBar().addMenu(menu)
    ui = ReviewUi(controller, dock, adjudicate, team, keys)

    next_item.triggered.connect(lambda: controller.step(1))
    previous_item.triggered.connect(lambda: controller.step(-1))
    take_all.triggered.connect(controller.take_all)
    take_none.triggered.connect(controller.take_none)
    adjudicate.toggled.connect(controller.set_active)
    controller.active_changed.connect(lambda on: _review_mode(window, ui, on))
    controller.notice_posted.connect(window.status.show_notice)
    team.triggered.connect(lambda: _show_team(window))
    return ui


def sync_keys(window: Window, ui: ReviewUi) -> None:
    """Keep the keys review mode takes over off (label actions are remade on a schema change)."""
    if ui.controller.active:
        _review_mode(window, ui, True)


def _review_mode(window: Window, ui: ReviewUi, on: bool) -> None:
    if ui.adjudicate.isChecked() != on:
        ui.adjudicate.setChecked(on)
    annotate = window.actions_.annotate
    # triage's keys give way to the review's (B is 'take both' here, not 'not the article')
    triage = (annotate.next_suggestion, annotate.previous_suggestion, annotate.decide_all)
    for item in (*triage, annotate.exclude, *window.label_actions):
        item.setEnabled(not on)
    for item in ui.keys:
        item.setEnabled(on)
    ui.dock.setVisible(on)
    if on:
        window.view.setFocus()


def _show_team(window: Window) -> TeamDialog | None:
    project = window.project
    if project is None:
        return None
    dialog = TeamDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.workers.start(
        "Comparing the analysts",
        team_figures,
        project,
        on_done=dialog.show_figures,
        on_failed=dialog.show_failure,
    )
    dialog.show()
    return dialog


def shortcut_group(ui: ReviewUi) -> tuple[str, list[tuple[str, str]]]:
    """Help ▸ Keyboard shortcuts: the review keys."""
    reviewing = [*ui.keys[:2], *ui.keys[-2:]]
    rows = [(f"{shortcut_text(item)} (reviewing)", item.statusTip()) for item in reviewing]
    rows.insert(2, ("1–9 (reviewing)", "Take that analyst's version of the disagreement"))
    return ("Review (Review ▸ Adjudicate)", rows)
