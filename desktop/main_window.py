"""The main window, the composition root of the workbench: it builds the docks, menus, actions
and background services, and connects them (no domain logic).

Every change the session announces goes through `_on_session_changed`, which hands it to each
view in turn; edits start in the controllers; slow work goes to `Workers`; which article comes
next is `annotation.worklist`'s to say. `desktop.app` starts the process and the frame.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from annotation.commands import SetDocumentStatus
from annotation.model import DocStatus
from annotation.paths import data_dir, seeds_path
from annotation.session import Change, Session
from annotation.store import StoreError
from annotation.worklist import first_to_open, next_to_do
from desktop.actions import (
    attach_to_view,
    build_actions,
    build_menus,
    fill_recent_menu,
    label_actions,
    shortcut_groups,
    show_history,
    taken_keys,
)
from desktop.adjudication_wiring import install_adjudication, sync_keys
from desktop.adjudication_wiring import shortcut_group as review_shortcuts
from desktop.annotation_controller import AnnotationController
from desktop.article_header import ArticleHeader
from desktop.article_view import ArticleView
from desktop.corpus_ui import build_corpus_ui
from desktop.corpus_ui import shortcut_group as corpus_shortcuts
from desktop.dialogs import (
    About,
    ImportRequest,
    Message,
    ProjectDialog,
    ShortcutsDialog,
    TextDialog,
)
from desktop.dock_layout import DockLayout
from desktop.document_list import DocumentList
from desktop.events_ui import build_events_ui, shortcut_group
from desktop.find_bar import FindBar
from desktop.frame import Frame
from desktop.inspector import Inspector
from desktop.label_bar import LabelBar
from desktop.learning import install_learning
from desktop.navigation import build_navigation
from desktop.navigation import shortcut_group as navigation_group
from desktop.pipeline import Loader, Pipeline, SuggestResult, import_dates, valuer_for
from desktop.settings import DEFAULT_FONT_SIZE, Settings
from desktop.span_tools import SpanTools
from desktop.status_bar import StatusBar
from desktop.timers import timer
from desktop.transfers import Transfers
from desktop.workers import Workers

REFRESH_MS = 3000


class MainWindow(QMainWindow):
    """Dateline's window."""

    def __init__(self, settings: Settings, loader: Loader | None = None) -> None:
        """`loader`: run the pipeline on a worker thread (tests); None: in a child process."""
        super().__init__()
        self.setObjectName("dateline")
        self.setWindowTitle("Dateline")  # the icon is the application's (desktop/app.py)
        self.settings = settings
        self.workers = workers = Workers(self)
        self.pipeline = pipeline = Pipeline(workers, loader)
        self.session: Session | None = None
        self.project: Path | None = None
        self._shortcuts: ShortcutsDialog | None = None
        #: set once the window has closed (its frame, if any, then closes too)
        self.closed = False
        #: the top-level frame this window was built into (`desktop.frame`), kept alive here
        self.frame: Frame | None = None

        self.view = ArticleView()
        self.view.set_font_size(settings.font_size)
        self.header = ArticleHeader()
        self.find_bar = FindBar()
        self.controller = AnnotationController(self.view, workers)
        self.controller.tokenizer = pipeline.tokenize
        self.transfers = Transfers(self, workers, lambda: self.project, lambda: settings.annotator)
        centre = QWidget()
        centre.setObjectName("article_pane")
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(centre)

        self.documents = DocumentList()
        self.inspector = Inspector()
        self.label_bar = LabelBar()
        self.documents_dock = self._dock("Documents", "documents_dock", self.documents)
        self.inspector_dock = self._dock("Inspector", "inspector_dock", self.inspector)
        self.labels_dock = self._dock("Labels", "labels_dock", self.label_bar)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.documents_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self.labels_dock)
        self.labels_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.labels_dock.setTitleBarWidget(QWidget())  # the buttons say what it is
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.status.set_annotator(settings.annotator)
        self.status.set_pipeline(pipeline.state.value, pipeline.message)

        self.actions_ = build_actions(self)
        self.label_actions: list[QAction] = []
        self._label_menu = QMenu("&Label", self)
        attach_to_view([*self.actions_.annotate, *self.actions_.document[:2]], self.view)
        self.navigation = build_navigation(self, self.view, self.controller)
        self.tools = SpanTools(
            self,
            self.controller,
            self.inspector,
            self.inspector_dock,
            self.find_bar,
            self.actions_.edit.find,
        )
        self.actions_.view.show_rejected.setChecked(settings.show_rejected)
        self._on_show_rejected(settings.show_rejected)
        self._wire()
        # events after the rest: their handlers run after the window's own
        self.events = build_events_ui(self, self.view, self.controller, self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.events.dock_widget)
        self.splitDockWidget(self.inspector_dock, self.events.dock_widget, Qt.Orientation.Vertical)
        self._wire_events()
        self.corpus = build_corpus_ui(
            self, self.view, self.controller, workers, self.open_document, lambda: self.project
        )
        self.tabifyDockWidget(self.documents_dock, self.corpus.search_dock)
        self.tabifyDockWidget(self.inspector_dock, self.corpus.registry_dock)
        self.corpus.controller.notice_posted.connect(self.status.show_notice)
        self._recent_menu = build_menus(
            self.menuBar(),
            self.actions_,
            [
                self.documents_dock,
                self.inspector_dock,
                self.labels_dock,
                self.corpus.search_dock,
                self.corpus.registry_dock,
            ],
            self._label_menu,
            more=[self.events.menu, self.corpus.menu],
        )
        self._recent_menu.aboutToShow.connect(
            lambda: fill_recent_menu(
                self._recent_menu, settings.recent_projects(), self.open_project
            )
        )
        self.review = install_adjudication(self)
        self.learning = install_learning(self)

        self._later: list[tuple[Change, int | None]] = []
        self._later_timer = timer(self, 0, self._apply_later, single=True)
        self._refresh_timer = timer(self, REFRESH_MS, self._refresh_from_disk)
        self.resize(1440, 900)
        geometry, state = settings.geometry(), settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        docks = [self.documents_dock, self.inspector_dock, self.events.dock_widget]
        sizes = {"documents_dock": (440, 0), "inspector_dock": (340, 0), **settings.dock_sizes()}
        self.dock_layout = DockLayout(self, docks, sizes)
        self._update_history_actions()

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    # -- menus and wiring -----------------------------------------------------------------------

    def _wire(self) -> None:
        a = self.actions_
        a.file.new_project.triggered.connect(self._on_new_project)
        a.file.open_project.triggered.connect(self._on_open_project)
        a.file.import_files.triggered.connect(lambda: self.transfers.ask_import(folder=False))
        a.file.import_folder.triggered.connect(lambda: self.transfers.ask_import(folder=True))
        a.file.export.triggered.connect(self.transfers.ask_export)
        a.file.quit.triggered.connect(self.close)
        a.edit.undo.triggered.connect(self.controller.undo)
        a.edit.redo.triggered.connect(self.controller.redo)
        a.edit.find.triggered.connect(self.tools.find)
        a.edit.annotator.triggered.connect(self._on_annotator)
        a.view.show_rejected.toggled.connect(self._on_show_rejected)
        a.view.zoom_in.triggered.connect(lambda: self._zoom(1))
        a.view.zoom_out.triggered.connect(lambda: self._zoom(-1))
        a.view.zoom_reset.triggered.connect(lambda: self._zoom(0))
        c = self.controller
        a.annotate.next_suggestion.triggered.connect(lambda: c.next_suggestion(1))
        a.annotate.previous_suggestion.triggered.connect(lambda: c.next_suggestion(-1))
        a.annotate.accept.triggered.connect(c.accept)
        a.annotate.discard.triggered.connect(c.discard)
        a.annotate.grow_start.triggered.connect(lambda: c.resize("start", True))
        a.annotate.grow_end.triggered.connect(lambda: c.resize("end", True))
        a.annotate.shrink_start.triggered.connect(lambda: c.resize("start", False))
        a.annotate.shrink_end.triggered.connect(lambda: c.resize("end", False))
        a.annotate.clear.triggered.connect(c.clear)
        a.annotate.decide_all.triggered.connect(c.decide_all)
        a.annotate.exclude.triggered.connect(c.toggle_region)
        a.annotate.note.triggered.connect(self.tools.edit_note)
        a.annotate.edit_value.triggered.connect(self.tools.edit_value)
        a.document.next_document.triggered.connect(lambda: self._step_document(1))
        a.document.previous_document.triggered.connect(lambda: self._step_document(-1))
        a.document.mark_done.triggered.connect(self._on_mark_done)
        a.document.mark_skipped.triggered.connect(self._on_mark_skipped)
        a.document.reopen.triggered.connect(self._on_reopen)
        a.suggest.suggest_article.triggered.connect(self._on_suggest_article)
        a.suggest.choose_pipeline.triggered.connect(self._on_choose_pipeline)
        a.help.shortcuts.triggered.connect(self.show_shortcuts)
        a.help.about.triggered.connect(self._on_about)

        c.notice_posted.connect(self.status.show_notice)
        c.hint_posted.connect(self.status.show_hint)
        c.hint_ended.connect(self.status.end_hint)
        c.edit_saved.connect(self.status.mark_saved)
        c.selection_changed.connect(self._on_selection_changed)
        c.document_requested.connect(self.open_document)
        c.active_label_changed.connect(self.label_bar.set_active)
        self.view.context_menu_requested.connect(self.tools.context_menu)
        self.view.zoom_requested.connect(self._zoom)
        self.documents.document_activated.connect(self.open_document)
        self.header.published_edited.connect(c.set_published)
        self.header.done_editing.connect(self.view.setFocus)
        self.find_bar.match_changed.connect(self.view.set_find_match)
        self.find_bar.closed.connect(self.view.setFocus)
        self.find_bar.match_taken.connect(c.take_match)
        self.label_bar.label_clicked.connect(c.apply_label)
        i = self.inspector
        i.span_activated.connect(lambda span_id: (c.select_span(span_id), self.view.setFocus()))
        i.relabel_requested.connect(c.relabel_span)
        i.accept_requested.connect(c.accept_span)
        i.discard_requested.connect(self.tools.discard)
        i.value_edited.connect(c.set_value)
        i.note_edited.connect(c.set_note)
        i.done_editing.connect(self.view.setFocus)
        self.workers.activity_changed.connect(self.status.set_activity)
        self.transfers.notice_posted.connect(self.status.show_notice)
        self.transfers.imported.connect(self._refresh_from_disk)
        self.status.annotator_clicked.connect(self._on_annotator)
        self.status.pipeline_clicked.connect(self._on_choose_pipeline)
        self.pipeline.state_changed.connect(self._on_pipeline_state_changed)
        self.pipeline.suggestions_saved.connect(self._on_suggestions_saved)
        self.pipeline.failed.connect(lambda message: self.status.show_notice(message, True))

    def _wire_events(self) -> None:
        events = self.events.controller
        self.events.make_event.triggered.connect(events.make_event)
        self.events.start_relation.triggered.connect(events.start_relation)
        annotate = self.actions_.annotate
        annotate.clear.triggered.connect(events.leave)
        for item in (
            annotate.next_suggestion,
            annotate.previous_suggestion,
            annotate.accept,
            annotate.discard,
        ):
            item.triggered.connect(events.follow_selection)
        self.inspector.span_activated.connect(lambda _id: events.follow_selection())
        events.notice_posted.connect(self.status.show_notice)

    # -- projects --------------------------------------------------------------------------------

    def open_project(self, path: Path, *, seed: bool = False) -> bool:
        """Open (or create) a project; `seed`: import the sample articles into it first."""
        try:
            session = Session.open(path, annotator=self.settings.annotator)
        except (StoreError, OSError, ValueError) as exc:
            Message.ask(self, "Cannot open the project", str(exc))
            return False
        self._close_session()
        self.session = session
        self.project = session.store.path
        session.valuer = valuer_for(self.pipeline.suggester)
        if "annotation.dates.normalizer" not in sys.modules:
            self.workers.start("Preparing dates", import_dates, quiet=True)
        session.changed.connect(self._on_session_changed)
        self.settings.add_recent_project(self.project)
        self._apply_schema()
        self.controller.set_session(session)
        self.review.controller.set_session(session)
        self.documents.model.set_session(session)
        self.learning.set_session(session)
        self.corpus.controller.set_session(session)
        self._update_title()
        self._update_history_actions()
        self._refresh_timer.start()
        if seed:
            self.transfers.start_import(
                ImportRequest((seeds_path(),)), "Importing the sample articles"
            )
        self._open_first_document()
        return True

    def _close_session(self) -> None:
        if self.session is None:
            return
        self.session.changed.disconnect(self._on_session_changed)
        self.controller.set_session(None)
        self.review.controller.set_session(None)
        self.documents.model.set_session(None)
        self.learning.set_session(None)
        self.corpus.controller.set_session(None)
        self.session.close()
        self.session = None

    def _apply_schema(self) -> None:
        session = self.session
        if session is None:
            return
        self.view.set_schema(session.schema)
        self.inspector.set_schema(session.schema)
        self.label_bar.set_schema(session.schema)
        for item in self.label_actions:
            self.view.removeAction(item)
        self.label_actions, clashes = label_actions(
            self, session.schema, taken_keys(self.actions_), self.controller.apply_label
        )
        attach_to_view(self.label_actions, self.view)
        self._label_menu.clear()
        self._label_menu.addActions(self.label_actions)
        if clashes:
            self.status.show_notice(
                f"Label keys already used by commands, left out: {', '.join(clashes)}", True
            )
        sync_keys(self, self.review)

    def _open_first_document(self) -> None:
        session = self.session
        if session is None or self.project is None:
            return
        self.open_document(first_to_open(session.store, self.settings.last_document(self.project)))

    def open_document(self, document_id: int | None) -> None:
        """Show an article, select it in the list, and get it suggestions if it has none; the
        open one (its row clicked again) just gets the keyboard back."""
        if document_id is not None and document_id == self.controller.document_id:
            self.view.setFocus()
            return
        if not self.controller.open_document(document_id):
            return
        article = self.controller.article
        self.review.controller.document_opened(document_id)
        self.documents.set_current(document_id)
        self.inspector.set_article(article)
        self.inspector.show_span(None)
        self.header.show_document(
            article.document if article else None, article.counts() if article else None
        )
        self.find_bar.set_text(article.text if article else "")
        self._update_title()
        if article is not None and self.project is not None:
            self.settings.set_last_document(self.project, article.id)
            self._suggest_ahead(article.id)
        self.view.setFocus()

    def _update_title(self) -> None:
        parts = ["Dateline"]
        if self.project is not None:
            parts.append(self.project.name)
        article = self.controller.article
        if article is not None:
            parts.append(article.document.title or f"Document {article.id}")
        self.setWindowTitle(" — ".join(parts))

    # -- changes ---------------------------------------------------------------------------------

    def _on_session_changed(self, change: Change) -> None:
        """Every change (ours, undo, bulk, another window): each view takes what concerns it."""
        if change.everything and self.session is not None:
            schema = self.session.schema
            if self.session.reload_schema() != schema:
                self._apply_schema()
        self.controller.apply_change(change)
        self.events.controller.apply_change(change)
        self.review.controller.apply_change(change)
        self.learning.apply_change(change)
        article = self.controller.article
        if article is not None and (change.everything or article.id in change.documents):
            self.header.show_document(article.document, article.counts())
        elif change.everything and article is None:
            self._open_first_document()
        self._on_selection_changed()
        self._update_history_actions()
        # the lists follow in the next turn of the event loop: the article repaints first
        self._later.append((change, article.id if article is not None else None))
        self._later_timer.start()

    def _apply_later(self) -> None:
        """The document list and the inspector's span list catch up with the changes."""
        changes, self._later = self._later, []
        article = self.controller.article
        for change, article_id in changes:
            self.documents.model.apply(change)
            self.corpus.controller.apply_change(change)
            if article is None or article.id != article_id:
                continue
            if change.everything or article.id in change.documents:
                whole = change.reloads(article.id)
                self.inspector.update_spans(None if whole else change.spans)
        span = self.controller.selected
        self.inspector.select_in_tree(span.id if span else None)

    def _on_selection_changed(self) -> None:
        article = self.controller.article
        span = self.controller.selected
        self.inspector.show_span(span, article.text if article else "")
        self.inspector.select_in_tree(span.id if span else None)

    def _update_history_actions(self) -> None:
        session = self.session
        undo_text = session.undo_text if session is not None else ""
        redo_text = session.redo_text if session is not None else ""
        show_history(self.actions_.edit, undo_text, redo_text)

    def _refresh_from_disk(self) -> None:
        """Pick up edits made by another window or `dateline` on the command line."""
        if self.session is not None:
            try:
                self.session.refresh()
            except StoreError as exc:
                self.status.show_notice(str(exc), True)

    # -- articles --------------------------------------------------------------------------------

    def _step_document(self, step: int) -> None:
        session = self.session
        current = self.controller.document_id
        if session is None or current is None:
            return
        found = session.store.neighbour_document(
            current,
            step,
            statuses=self.documents.statuses,
            text=self.documents.search.text().strip() or None,
        )
        if found is None:
            self.status.show_notice("No more articles that way in the list")
            return
        self.open_document(found)

    def _on_mark_done(self) -> None:
        current = self.controller.document_id
        if current is not None and self.controller.mark_done():
            self._open_next_todo(current)

    def _on_mark_skipped(self) -> None:
        current = self.controller.document_id
        if current is not None and self.controller.execute(
            SetDocumentStatus(current, DocStatus.SKIPPED)
        ):
            self._open_next_todo(current)

    def _on_reopen(self) -> None:
        current = self.controller.document_id
        if current is not None:
            self.controller.execute(SetDocumentStatus(current, DocStatus.IN_PROGRESS))

    def _open_next_todo(self, after: int) -> None:
        if self.session is None:
            return
        found = self.learning.next_document(after) or next_to_do(self.session.store, after)
        if found is None:
            self.status.show_notice("Every article is done or skipped")
            return
        self.open_document(found)

    # -- suggestions -----------------------------------------------------------------------------

    def start_pipeline(self) -> None:
        """Load spaCy in the background (the window is already on screen)."""
        configured = self.session.setting("pipeline") if self.session is not None else None
        self.pipeline.load(self.settings.pipeline, configured)

    def _on_pipeline_state_changed(self, state: str, message: str) -> None:
        self.status.set_pipeline(state, message)
        if state == "failed":
            self.status.show_notice(message, True)
        if state != "ready":
            return
        suggester = self.pipeline.suggester
        if suggester is not None and suggester.degraded:
            self.status.show_notice(message, True)
        if self.session is not None:
            self.session.valuer = valuer_for(suggester)
        if self.controller.document_id is not None:
            self._suggest_ahead(self.controller.document_id)

    def _suggest_ahead(self, document_id: int) -> None:
        """The open article and the next few to do get suggestions in the background."""
        if self.session is not None and self.project is not None:
            self.pipeline.suggest_ahead(self.session.store, self.project, document_id)

    def _on_suggestions_saved(self, result: SuggestResult) -> None:
        # Only the documents the worker wrote are read again (not everything, as for a write
        # by another program): the open article keeps its text and scroll position.
        if self.session is not None and result.document_ids:
            try:
                self.session.announce_written(result.summary, result.document_ids)
            except StoreError as exc:
                self.status.show_notice(str(exc), True)
        if result.added and self.controller.document_id in result.document_ids:
            self.status.show_notice(f"{result.summary} in this article: Tab steps through them")

    def _on_suggest_article(self) -> None:
        current = self.controller.document_id
        if current is None or self.project is None:
            return
        if not self.pipeline.ready:
            self.status.show_notice("spaCy is still loading; suggestions follow when it is ready")
            return
        if self.pipeline.suggest(self.project, [current]) is None:
            self.status.show_notice("Suggestions for this article are on their way")

    def _on_choose_pipeline(self) -> None:
        current = self.settings.pipeline or ""
        name = TextDialog.ask(
            self,
            "spaCy pipeline",
            "Pipeline package or folder (empty: the project's, else en_core_web_sm):",
            current,
        )
        if name is None:
            return
        self.settings.pipeline = name.strip() or None
        self.start_pipeline()

    # -- small handlers --------------------------------------------------------------------------

    def _on_new_project(self) -> None:
        path = ProjectDialog.ask_new(self, self.project.parent if self.project else data_dir())
        if path is not None:
            self.open_project(path)

    def _on_open_project(self) -> None:
        path = ProjectDialog.ask_open(self, self.project.parent if self.project else data_dir())
        if path is not None:
            self.open_project(path)

    def _on_annotator(self) -> None:
        name = TextDialog.ask(
            self, "Annotator", "Your name (recorded with every edit):", self.settings.annotator
        )
        if name and name.strip():
            self.settings.annotator = name.strip()
            if self.session is not None:
                self.session.annotator = self.settings.annotator
            self.status.set_annotator(self.settings.annotator)

    def _on_show_rejected(self, shown: bool) -> None:
        self.settings.show_rejected = shown
        self.view.set_show_rejected(shown)
        self.inspector.set_show_rejected(shown)

    def _zoom(self, step: int) -> None:
        size = self.settings.font_size + step if step else DEFAULT_FONT_SIZE
        self.settings.font_size = size
        self.view.set_font_size(self.settings.font_size)

    def show_shortcuts(self) -> ShortcutsDialog:
        if self._shortcuts is None:
            self._shortcuts = ShortcutsDialog(
                self,
                [
                    *shortcut_groups(self.actions_, self.label_actions),
                    navigation_group(self.navigation),
                    shortcut_group(self.events),
                    review_shortcuts(self.review),
                    corpus_shortcuts(self.corpus),
                ],
            )
            self._shortcuts.destroyed.connect(lambda: setattr(self, "_shortcuts", None))
        self._shortcuts.show()
        self._shortcuts.raise_()
        return self._shortcuts

    def _on_about(self) -> None:
        About.show(self, self.project, self.pipeline.message)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closed:
            super().closeEvent(event)
            return
        self.closed = True
        frame = self.window()  # the Frame this window was built into (desktop/frame.py), or self
        self.settings.set_layout(frame.saveGeometry(), self.saveState())
        self.settings.set_dock_sizes(self.dock_layout.preferred)
        self.settings.sync()
        self._refresh_timer.stop()
        self.workers.cancel_all()
        self.pipeline.shutdown()
        # Hidden at once while the workers finish. A frame not yet closing stays visible until
        # it is closed below: Qt quits on the last window closed only if it was visible.
        (frame if frame is self or (isinstance(frame, Frame) and frame.closing) else self).hide()
        QApplication.processEvents()
        self.workers.wait(60_000)
        self._close_session()
        super().closeEvent(event)
        if frame is not self:
            frame.close()
