"""The corpus parts of the window: the search dock (Ctrl+Shift+F), the Entities dock, K to link
the selected span to an entity, the statistics view, the Corpus menu, and the controller that
runs their edits.

Built here and placed by `MainWindow` (the composition root), which hands it the session, every
change and every selection change (`CorpusController.set_session`, `apply_change`,
`follow_selection`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from annotation.commands import (
    Command,
    Compound,
    CreateEntity,
    EditEntity,
    LinkSpan,
    MergeEntities,
    SplitEntity,
)
from annotation.corpus.registry import suggested_entities
from annotation.corpus.search import Hit
from annotation.model import name_key
from annotation.session import Change, Session
from annotation.store import StoreError
from desktop.actions import action, attach_to_view, shortcut_text
from desktop.annotation_controller import AnnotationController
from desktop.article_view import ArticleView
from desktop.dialogs import TextDialog
from desktop.link_dialog import LinkDialog
from desktop.registry_dock import RegistryDock
from desktop.search_dock import SearchDock
from desktop.stats_view import StatsView
from desktop.workers import Workers


@dataclass(eq=False)  # a QObject: equal only to itself, hashable (signals connect to it)
class CorpusController(QObject):
    """Opens hits, and runs the registry's edits through the annotation controller (so they are
    saved, undoable and announced like any other)."""

    notice_posted = Signal(str, bool)

    window: QWidget
    annotations: AnnotationController
    search: SearchDock
    registry: RegistryDock
    stats: StatsView
    open_document: Callable[[int | None], None]

    def __post_init__(self) -> None:
        super().__init__(self.window)
        search, registry = self.search, self.registry
        self.session: Session | None = None
        search.hit_activated.connect(self.open_hit)
        registry.hit_activated.connect(self.open_hit)
        search.notice_posted.connect(self.notice_posted)
        registry.edit_requested.connect(
            lambda entity, changes: self._run(EditEntity(entity, changes))
        )
        registry.merge_requested.connect(
            lambda keep, merged: self._run(MergeEntities(keep, merged))
        )
        registry.split_requested.connect(self._on_registry_split_requested)
        registry.link_requested.connect(self._on_registry_link_requested)

    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.search.set_session(session)
        self.registry.set_session(session)

    def apply_change(self, change: Change) -> None:
        if change.everything and self.session is not None:
            self.search.set_schema(self.session.schema)
        self.search.apply(change)
        self.registry.apply(change)

    def open_hit(self, hit: Hit) -> None:
        """Open the hit's article with the hit selected: its span, or the text it found."""
        if self.annotations.document_id != hit.document:
            self.open_document(hit.document)
        if self.annotations.document_id != hit.document:
            return
        if hit.span_id is not None:
            self.annotations.select_span(hit.span_id)
        else:
            self.annotations.select_range(hit.start, hit.end)

    def show_stats(self, project: Path | None) -> None:
        self.stats.show_project(project)

    # -- linking ---------------------------------------------------------------------------------

    def link_selected(self) -> None:
        """K: link the selected span to an entity (a new one if the name typed is new)."""
        span = self.annotations.selected
        article = self.annotations.article
        session = self.session
        if span is None or article is None or session is None:
            self.notice_posted.emit("Select a span to link it to an entity", False)
            return
        if session.schema.is_trigger(span.label):
            self.notice_posted.emit("An event trigger is not an entity", True)
            return
        text = span.text_in(article.text)
        try:
            entities = session.store.entities(span.label)
            suggested = suggested_entities(session.store, span.id)
        except StoreError as exc:
            self.notice_posted.emit(str(exc), True)
            return
        if span.entity_id is not None:
            current = next((e for e in entities if e.id == span.entity_id), None)
            suggested = [current] if current is not None else suggested
        choice = LinkDialog.ask(
            self.window, text, span.label, entities, suggested[0] if suggested else None
        )
        if choice is None:
            return
        if choice.entity is not None:
            self._run(LinkSpan(span.id, choice.entity))
            self.registry.show_entity(choice.entity)
            return
        name = choice.new_name or text
        aliases = (text,) if name_key(text) != name_key(name) else ()
        self._run(CreateEntity(name, span.label, aliases, link=(span.id,)))

    def _on_registry_split_requested(self, entity: int, spans: list[int]) -> None:
        name = TextDialog.ask(
            self.window, "Split entity", "Name of the new entity the selected mentions move to:"
        )
        if name and name.strip():
            self._run(SplitEntity(entity, name.strip(), tuple(spans)))

    def _on_registry_link_requested(self, entity: int, spans: list[int]) -> None:
        commands = [LinkSpan(span, entity) for span in spans]
        noun = "mention" if len(spans) == 1 else "mentions"
        self._run(Compound(commands, f"Link {len(spans)} {noun}"))

    def _run(self, command: Command) -> None:
        self.annotations.execute(command)


class CorpusUi(NamedTuple):
    controller: CorpusController
    search: SearchDock
    search_dock: QDockWidget
    registry: RegistryDock
    registry_dock: QDockWidget
    stats: StatsView
    find_in_corpus: QAction
    show_entities: QAction
    link_entity: QAction
    statistics: QAction
    menu: QMenu


def build_corpus_ui(
    parent: QWidget,
    view: ArticleView,
    annotations: AnnotationController,
    workers: Workers,
    open_document: Callable[[int | None], None],
    project: Callable[[], Path | None],
) -> CorpusUi:
    """The corpus parts; `project` gives the open project's file (for the statistics view)."""
    search = SearchDock()
    search_dock = QDockWidget("Search corpus", parent)
    search_dock.setObjectName("search_dock")
    search_dock.setWidget(search)
    registry = RegistryDock()
    registry_dock = QDockWidget("Entities", parent)
    registry_dock.setObjectName("registry_dock")
    registry_dock.setWidget(registry)
    stats = StatsView(parent, workers)
    controller = CorpusController(parent, annotations, search, registry, stats, open_document)
    find_in_corpus = action(
        parent,
        "&Search corpus…",
        ["Ctrl+Shift+F"],
        "Find words in every article, or the spans that read them",
        name="find_in_corpus",
    )
    show_entities = action(
        parent, "&Entities", [], "The entity registry: names, aliases, mentions", name="entities"
    )
    link_entity = action(
        parent,
        "&Link to entity…",
        ["K"],
        "Link the selected span to a registry entity (autocomplete on names and aliases)",
        name="link_entity",
    )
    statistics = action(
        parent,
        "S&tatistics…",
        [],
        "Progress in plots: done per day and analyst, spans, suggestion precision, values",
        name="statistics",
    )
    attach_to_view([link_entity], view)

    def on_find() -> None:
        search_dock.show()
        search_dock.raise_()
        search.focus_query()

    def on_entities() -> None:
        registry_dock.show()
        registry_dock.raise_()
        registry.find.setFocus()

    find_in_corpus.triggered.connect(on_find)
    show_entities.triggered.connect(on_entities)
    link_entity.triggered.connect(controller.link_selected)
    statistics.triggered.connect(lambda: controller.show_stats(project()))
    menu = QMenu("&Corpus", parent)
    menu.addActions([find_in_corpus, show_entities, link_entity, statistics])
    search_dock.hide()
    registry_dock.hide()
    return CorpusUi(
        controller,
        search,
        search_dock,
        registry,
        registry_dock,
        stats,
        find_in_corpus,
        show_entities,
        link_entity,
        statistics,
        menu,
    )


def shortcut_group(ui: CorpusUi) -> tuple[str, list[tuple[str, str]]]:
    """Help ▸ Keyboard shortcuts: the corpus keys."""
    rows = [(shortcut_text(item), item.statusTip()) for item in (ui.find_in_corpus, ui.link_entity)]
    return ("Corpus", rows)
