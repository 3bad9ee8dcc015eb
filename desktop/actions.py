"""The window's actions, grouped as its menus are (small NamedTuples, as labelme does).

Annotation keys (Tab, Enter, A, X, the label keys…) work while the article has the keyboard:
their actions are added to the article view with `Qt.WidgetShortcut`, so typing in a filter or
a note never triggers them. Window-wide keys (Ctrl+Z, Ctrl+Enter, Ctrl+F…) work everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QWidget

from annotation.schema import Schema

Keys = Sequence[QKeySequence | QKeySequence.StandardKey | str]


def action(
    parent: QObject,
    text: str,
    keys: Keys = (),
    tip: str = "",
    *,
    checkable: bool = False,
    name: str = "",
) -> QAction:
    made = QAction(text, parent)
    if keys:
        made.setShortcuts([QKeySequence(key) for key in keys])
    if tip:
        made.setStatusTip(tip)
        made.setToolTip(tip)
    made.setCheckable(checkable)
    if name:
        made.setObjectName(name)
    return made


class FileActions(NamedTuple):
    new_project: QAction
    open_project: QAction
    import_files: QAction
    import_folder: QAction
    export: QAction
    quit: QAction


class EditActions(NamedTuple):
    undo: QAction
    redo: QAction
    find: QAction
    annotator: QAction


class ViewActions(NamedTuple):
    show_rejected: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction


class AnnotateActions(NamedTuple):
    """Keys for the article (active while it has the keyboard)."""

    next_suggestion: QAction
    previous_suggestion: QAction
    accept: QAction
    discard: QAction
    grow_start: QAction
    grow_end: QAction
    shrink_start: QAction
    shrink_end: QAction
    clear: QAction
    note: QAction
    edit_value: QAction
    decide_all: QAction
    exclude: QAction


class DocumentActions(NamedTuple):
    next_document: QAction
    previous_document: QAction
    mark_done: QAction
    mark_skipped: QAction
    reopen: QAction


class SuggestActions(NamedTuple):
    suggest_article: QAction
    choose_pipeline: QAction


class HelpActions(NamedTuple):
    shortcuts: QAction
    about: QAction


class Actions(NamedTuple):
    file: FileActions
    edit: EditActions
    view: ViewActions
    annotate: AnnotateActions
    document: DocumentActions
    suggest: SuggestActions
    help: HelpActions


def build_actions(parent: QObject) -> Actions:
    """Every fixed action of the window (label actions depend on the schema: `label_actions`)."""
    std = QKeySequence.StandardKey
    file = FileActions(
        action(parent, "&New project…", [std.New], "Create an empty project file"),
        action(parent, "&Open project…", [std.Open], "Open another project file"),
        action(parent, "&Import files…", ["Ctrl+I"], "Import text, JSONL, HTML… files"),
        action(parent, "Import &folder…", [], "Import every article in a folder"),
        action(parent, "&Export…", ["Ctrl+E"], "Write the corpus as training data"),
        action(parent, "&Quit", [std.Quit], "Close the window (everything is saved)"),
    )
    edit = EditActions(
        action(
            parent, "&Undo", ["Ctrl+Z"], "Undo the last edit (also after a restart)", name="undo"
        ),
        action(
            parent, "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], "Redo the last undone edit", name="redo"
        ),
        action(parent, "&Find in article…", [std.Find], "Find text in the open article"),
        action(parent, "Annotator &name…", [], "Who is annotating (recorded with every edit)"),
    )
    view = ViewActions(
        action(
            parent,
            "Show &rejected",
            [],
            "Show rejected suggestions, struck through",
            checkable=True,
        ),
        action(parent, "Zoom &in", ["Ctrl++", "Ctrl+="], "Larger text"),
        action(parent, "Zoom &out", ["Ctrl+-"], "Smaller text"),
        action(parent, "&Actual size", ["Ctrl+0"], "Default text size"),
    )
    annotate = AnnotateActions(
        action(
            parent,
            "&Next suggestion",
            ["Tab"],
            "Select the next suggestion",
            name="next_suggestion",
        ),
        action(parent, "&Previous suggestion", ["Shift+Tab"], "Select the previous suggestion"),
        action(
            parent, "&Accept", ["Return", "Enter", "A"], "Accept the selected span", name="accept"
        ),
        action(
            parent,
            "&Reject / delete",
            ["X", "Delete"],
            "Reject a suggestion or imported span (kept as negative evidence); delete your own",
            name="discard",
        ),
        action(parent, "Grow at start", ["Shift+Left"], "Take one more token before the span"),
        action(parent, "Grow at end", ["Shift+Right"], "Take one more token after the span"),
        action(parent, "Shrink at start", ["Alt+Right"], "Drop the span's first token"),
        action(parent, "Shrink at end", ["Alt+Left"], "Drop the span's last token"),
        action(parent, "Clear selection", ["Escape"], "Forget the selection and the active label"),
        action(parent, "Edit &note", ["N"], "Write a note on the selected span"),
        action(parent, "Edit &value…", [], "Type the calendar value of a DATE or TIME span"),
        action(
            parent,
            "Apply to &every occurrence",
            ["."],
            "Do the last decision (accept as its label, or reject) to every other occurrence of"
            " the same words in the article, as one undo step",
            name="decide_all",
        ),
        action(
            parent,
            "Not part of the &article",
            ["B"],
            "Mark the selected lines as not part of the article (page furniture such as 'Latest"
            " News'): their suggestions go, other articles of the source leave them out too;"
            " B on a marked region takes it back",
            name="exclude_region",
        ),
    )
    document = DocumentActions(
        action(parent, "Next article", ["PgDown"], "Open the next article in the list"),
        action(parent, "Previous article", ["PgUp"], "Open the previous article in the list"),
        action(
            parent,
            "Mark &done and open next",
            ["Ctrl+Return", "Ctrl+Enter"],
            "Accept the remaining suggestions, mark the article done, open the next to do",
            name="mark_done",
        ),
        action(parent, "Mark &skipped", [], "Leave this article out and open the next"),
        action(parent, "&Reopen", [], "Mark the article in progress again"),
    )
    suggest = SuggestActions(
        action(parent, "&Suggest for this article", [], "Run the spaCy pipeline on this article"),
        action(parent, "Choose &pipeline…", [], "Which spaCy pipeline makes suggestions"),
    )
    help_ = HelpActions(
        action(
            parent, "&Keyboard shortcuts", [std.HelpContents, "Ctrl+/"], "Every key and gesture"
        ),
        action(parent, "&About Dateline", [], ""),
    )
    return Actions(file, edit, view, annotate, document, suggest, help_)


def build_menus(
    bar: QMenuBar,
    actions: Actions,
    docks: Sequence[QDockWidget],
    label_menu: QMenu,
    more: Sequence[QMenu] = (),
) -> QMenu:
    """The menu bar (`more`: menus of other parts, before Help); returns the (empty) Open
    recent menu for the window to fill."""
    file = bar.addMenu("&File")
    file.addActions([actions.file.new_project, actions.file.open_project])
    recent = file.addMenu("Open &recent")
    file.addSeparator()
    file.addActions([actions.file.import_files, actions.file.import_folder, actions.file.export])
    file.addSeparator()
    file.addAction(actions.file.quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([actions.edit.undo, actions.edit.redo])
    edit.addSeparator()
    edit.addActions([actions.edit.find, actions.edit.annotator])
    view = bar.addMenu("&View")
    view.addAction(actions.view.show_rejected)
    view.addSeparator()
    view.addActions([actions.view.zoom_in, actions.view.zoom_out, actions.view.zoom_reset])
    view.addSeparator()
    view.addActions([dock.toggleViewAction() for dock in docks])
    annotate = bar.addMenu("&Annotate")
    a = actions.annotate
    annotate.addActions([a.next_suggestion, a.previous_suggestion])
    annotate.addSeparator()
    annotate.addActions([a.accept, a.discard])
    annotate.addMenu(label_menu)
    annotate.addActions([a.decide_all, a.exclude])
    annotate.addSeparator()
    annotate.addActions([a.grow_start, a.grow_end, a.shrink_start, a.shrink_end])
    annotate.addSeparator()
    annotate.addActions([a.edit_value, a.note, a.clear])
    bar.addMenu("&Article").addActions(list(actions.document))
    bar.addMenu("&Suggestions").addActions(list(actions.suggest))
    for menu in more:
        bar.addMenu(menu)
    bar.addMenu("&Help").addActions(list(actions.help))
    return recent


def fill_recent_menu(menu: QMenu, paths: Sequence[Path], chosen: Callable[[Path], object]) -> None:
    """File ▸ Open recent, filled as it opens."""
    menu.clear()
    for path in paths:
        item = menu.addAction(str(path))
        item.triggered.connect(lambda _checked=False, p=path: chosen(p))
    if menu.isEmpty():
        menu.addAction("No recent projects").setEnabled(False)


def show_history(edit: EditActions, undo_text: str, redo_text: str) -> None:
    """Edit ▸ Undo and Redo say what they would undo or redo ('' when there is nothing)."""
    edit.undo.setText(_menu_text(undo_text) or "&Undo")
    edit.redo.setText(_menu_text(redo_text) or "&Redo")
    edit.undo.setEnabled(bool(undo_text))
    edit.redo.setEnabled(bool(redo_text))


def _menu_text(text: str) -> str:
    """An undo description as a menu item: ampersands doubled, kept short."""
    text = text.replace("&", "&&")
    return text if len(text) <= 60 else text[:59] + "…"


def attach_to_view(actions: Sequence[QAction], view: QWidget) -> None:
    """Make these actions' keys work only while `view` has the keyboard."""
    for item in actions:
        item.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        view.addAction(item)


def label_actions(
    parent: QObject, schema: Schema, taken: set[str], chosen: Callable[[str], object]
) -> tuple[list[QAction], list[str]]:
    """One action per label with its key, calling `chosen(label)`; keys another action uses
    are left out (and named)."""
    made: list[QAction] = []
    clashes: list[str] = []
    group = QActionGroup(parent)
    group.setExclusive(False)
    for label in schema.labels:
        text = f"{label.name}"
        item = QAction(text, group)
        item.setData(label.name)
        item.setObjectName(f"label_{label.name}")
        item.setStatusTip(label.description)
        key = label.key.upper() if label.key else ""
        if key and key not in taken:
            item.setShortcut(QKeySequence(key))
        elif key:
            clashes.append(f"{label.name} ({key})")
        item.triggered.connect(lambda _checked=False, name=label.name: chosen(name))
        made.append(item)
    return made, clashes


def shortcut_text(item: QAction) -> str:
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in item.shortcuts()
    )


def taken_keys(actions: Actions) -> set[str]:
    """Single keys used by commands (label keys may not reuse them)."""
    keys: set[str] = set()
    for group in actions:
        for item in group:
            for key in item.shortcuts():
                keys.add(key.toString(QKeySequence.SequenceFormat.PortableText).upper())
    return keys


MOUSE = (
    ("Drag over text", "Select; snaps to whole tokens, then press a label key"),
    ("Alt + drag", "Select exact characters (no snapping)"),
    ("Double-click", "Select a word"),
    ("Click a span", "Select it (click again to cycle through overlapping spans)"),
    ("Right-click", "Accept, reject, change label, edit value, delete"),
    ("Label bar click", "Tag the selection, relabel the span, or make the label active"),
    ("Ctrl + wheel", "Zoom"),
)


def shortcut_groups(
    actions: Actions, labels: Sequence[QAction]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """What Help ▸ Keyboard shortcuts lists: straight from the actions, so it cannot drift."""

    def rows(items: Sequence[QAction]) -> list[tuple[str, str]]:
        return [
            (shortcut_text(item), item.statusTip() or item.text().replace("&", ""))
            for item in items
            if item.shortcuts()
        ]

    label_rows = [
        (shortcut_text(item), f"Label {item.data()}: tag the selection or relabel the span")
        for item in labels
        if item.shortcuts()
    ]
    return [
        ("Triage", rows(list(actions.annotate))),
        ("Labels", label_rows),
        ("Articles", rows(list(actions.document))),
        ("Edit and view", rows([*actions.edit, *actions.view])),
        ("Project", rows(list(actions.file))),
        ("Mouse", list(MOUSE)),
    ]
