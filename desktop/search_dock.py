"""The search dock (Ctrl+Shift+F): every place a query occurs in the corpus, or the spans that
read it, filtered by label and state; a click opens the article at the hit.

The searching is the core's (`annotation.corpus.search`); the dock keeps the query and the
filters, and pages the hits into its list as it scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotation.corpus.search import (
    SCAN,
    Hit,
    SearchFilter,
    SearchPage,
    count_documents,
    search,
)
from annotation.model import DocStatus, SpanStatus
from annotation.schema import Schema
from annotation.session import Change, Session
from annotation.store import StoreError
from desktop.hit_delegate import hits_view
from desktop.search_field import search_field
from desktop.search_hits_model import HIT_ROLE, SearchHitsModel

#: What the hits are: (name, mode)
MODES = (
    ("Text", "text"),
    ("Spans labelled", "spans"),
    ("Not yet labelled", "missing"),
)
#: State filters: (name, span states, document states)
STATES: tuple[tuple[str, frozenset[SpanStatus] | None, frozenset[DocStatus] | None], ...] = (
    ("Any state", None, None),
    ("Spans suggested", frozenset({SpanStatus.SUGGESTED}), None),
    ("Spans accepted", frozenset({SpanStatus.ACCEPTED}), None),
    ("Spans rejected", frozenset({SpanStatus.REJECTED}), None),
    ("Documents to do", None, frozenset({DocStatus.NEW, DocStatus.IN_PROGRESS})),
    ("Documents done", None, frozenset({DocStatus.DONE})),
)


class SearchDock(QWidget):
    """Search the corpus."""

    #: a hit was clicked: open its article there
    hit_activated = Signal(object)
    notice_posted = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._documents = 0
        self.query = search_field(
            "corpus_query", 'Search every article: words, "phrases", OR, NOT, Mod*'
        )
        self.mode = QComboBox()
        self.mode.setObjectName("search_mode")
        for name, _mode in MODES:
            self.mode.addItem(name)
        self.mode.setToolTip(
            "Text: every place the words occur; Spans labelled: the spans of a label that read"
            " them; Not yet labelled: the places no span of a label covers yet"
        )
        self.label = QComboBox()
        self.label.setObjectName("search_label")
        self.label.setEnabled(False)
        self.state = QComboBox()
        self.state.setObjectName("search_state")
        for name, _spans, _documents in STATES:
            self.state.addItem(name)
        self.summary = QLabel()
        self.summary.setObjectName("search_summary")
        self.summary.setWordWrap(True)
        self.model = SearchHitsModel(self)
        self.results = hits_view("search_results", self.model)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.mode)
        filters.addWidget(self.label, 1)
        filters.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.run)
        # A filter that keeps few hits: read on a page at a time between events, until the list
        # shows enough or the corpus ends (the view asks for more only when scrolled).
        self._filler = QTimer(self)
        self._filler.setSingleShot(True)
        self._filler.setInterval(0)
        self._filler.timeout.connect(self._fill)
        self.query.textChanged.connect(self._debounce.start)
        self.query.returnPressed.connect(self.run)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.label.currentIndexChanged.connect(self.run)
        self.state.currentIndexChanged.connect(self.run)
        self.model.fetched.connect(lambda: self._say(self._documents))
        self.results.activated.connect(self._on_results_activated)
        self.results.clicked.connect(self._on_results_activated)

    # -- configuration ---------------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self._session = session
        self.set_schema(session.schema if session is not None else None)
        self.run()

    def set_schema(self, schema: Schema | None) -> None:
        current = self.label.currentText()
        self.label.blockSignals(True)
        self.label.clear()
        if schema is not None:
            self.label.addItems([label.name for label in schema.labels])
        if current:
            self.label.setCurrentText(current)
        self.label.blockSignals(False)

    def focus_query(self) -> None:
        """Ctrl+Shift+F: type a query."""
        self.query.setFocus()
        self.query.selectAll()

    @property
    def filters(self) -> SearchFilter:
        mode = MODES[max(self.mode.currentIndex(), 0)][1]
        _name, span_states, document_states = STATES[max(self.state.currentIndex(), 0)]
        label = self.label.currentText() or None
        # A span state in Text mode asks for the spans of any label in that state.
        return SearchFilter(
            labels=frozenset({label}) if mode == "spans" and label else None,
            span_statuses=None if mode == "missing" else span_states,
            document_statuses=document_states,
            missing_label=label if mode == "missing" else None,
        )

    # -- searching -------------------------------------------------------------------------------

    def run(self) -> None:
        """Search again with the query and filters as they are."""
        self._debounce.stop()
        session = self._session
        query = self.query.text().strip()
        self._filler.stop()
        if session is None or not query:
            self.model.set_search(None)
            self.summary.setText("")
            return
        store, filters = session.store, self.filters

        scan = self.scan

        def next_page(after: int) -> SearchPage:
            return search(store, query, filters, after=after, scan=scan)

        try:
            documents = count_documents(store, query, filters)
            self.model.set_search(next_page)
        except StoreError as exc:
            self.model.set_search(None)
            self.summary.setText("")
            self.notice_posted.emit(str(exc), True)
            return
        self._documents = documents
        self._say(documents)
        self._filler.start()

    #: Hits the list should hold before it waits for the analyst to scroll.
    FILL = 40
    #: Documents a page reads at most (`annotation.corpus.search.SCAN`).
    scan = SCAN

    def _fill(self) -> None:
        if self.model.complete or self.model.rowCount() >= self.FILL:
            return
        try:
            self.model.fetchMore()
        except StoreError as exc:
            self.notice_posted.emit(str(exc), True)
            return
        self._filler.start()

    def _say(self, documents: int) -> None:
        hits = self.model.rowCount()
        noun = "document" if documents == 1 else "documents"
        more = "" if self.model.complete else "+ (more as you scroll)"
        what = "spans" if self.filters.spans else "places"
        if hits == 1:
            what = what[:-1]
        self.summary.setText(f"{documents:,} {noun} mention it · {hits:,}{more} {what} shown")

    def apply(self, change: Change) -> None:
        """After an edit: a search over spans or labels may find other hits now."""
        query = self.query.text().strip()
        if not query or self._session is None or not self.isVisible():
            return
        filters = self.filters
        if change.everything or ((filters.spans or filters.missing_label) and change.spans):
            row = self.results.currentIndex().row()
            self.run()
            if 0 <= row < self.model.rowCount():
                self.results.setCurrentIndex(self.model.index(row))

    def _on_mode_changed(self) -> None:
        self.label.setEnabled(MODES[self.mode.currentIndex()][1] != "text")
        self.run()

    def _on_results_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, Hit):
            self.hit_activated.emit(hit)
