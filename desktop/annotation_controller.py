"""Gestures on the open article become commands: the glue between the view and the session.

Holds what the analyst is pointing at (the selected span, or a text selection waiting for a
label, or a sticky "active" label) and nothing of the corpus: every edit goes through
`session.execute`, which commits before it returns; views refresh from the `Change` it
announces. Rules (what X does to which span, how far a token reaches) live in the core.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from annotation.commands import (
    Accept,
    AddSpan,
    Command,
    DecideAll,
    Discard,
    ExcludeRegion,
    IncludeRegion,
    MarkDone,
    Reject,
    Relabel,
    RemoveSpan,
    Resize,
    SetDocumentMeta,
    SetNote,
    SetValue,
)
from annotation.errors import DatelineError
from annotation.model import NewSpan, Span, SpanStatus
from annotation.regions import marked, overlaps
from annotation.session import Change, Session
from annotation.snapping import Edge, snap, step, word_tokens
from annotation.store import StoreError
from annotation.tokens import Tokens
from desktop.article_spans import ArticleSpans, Brief
from desktop.article_view import ArticleView
from desktop.workers import Workers

log = logging.getLogger(__name__)
_LABEL_HINT = "Press a label key (1–9, letters) or right-click to choose a label"


def _tokenize_here(text: str, language: str) -> Tokens:
    from annotation.tokens import tokenize

    return tokenize(text, language)


def _tokenize(
    tokenizer: Callable[[str, str], Tokens], text: str, language: str, **_: object
) -> Tokens:
    return tokenizer(text, language)


def took_links(command: Command, change: Change) -> str | None:
    """'Deleted PERSON 'Lee' and its 2 links · Ctrl+Z undoes' when taking a span out removed
    the relations, roles or events that hung on it; None otherwise."""
    if not isinstance(command, RemoveSpan | Reject | Discard):
        return None
    if not (change.relations or change.arguments or change.events):
        return None
    verb, done = ("Delete", "Deleted") if change.removed_spans else ("Reject", "Rejected")
    return f"{done} {change.description.removeprefix(verb + ' ')} · Ctrl+Z undoes"


class AnnotationController(QObject):
    """What the analyst does to the open article."""

    #: a message for the status bar; True for a refusal or an error
    notice_posted = Signal(str, bool)
    #: an instruction that holds while a state lasts (key, text), and its end (key): "selection"
    #: while a selection waits for a label, "label" while a label is active
    hint_posted = Signal(str, str)
    hint_ended = Signal(str)
    #: an edit was committed (its description)
    edit_saved = Signal(str)
    #: the selected span or the pending selection changed
    selection_changed = Signal()
    #: the open article's spans or metadata changed (or another article was opened)
    article_changed = Signal()
    #: undo or redo touched another article: open it
    document_requested = Signal(int)
    active_label_changed = Signal(object)

    def __init__(self, view: ArticleView, workers: Workers) -> None:
        super().__init__()
        self.view = view
        self.workers = workers
        self.session: Session | None = None
        self.article: ArticleSpans | None = None
        self.active_label: str | None = None
        #: (text, language) -> tokens, on a worker thread: the window points it at the spaCy
        #: process (`Pipeline.tokenize`); tokenizing here would import spaCy into this process
        self.tokenizer: Callable[[str, str], Tokens] = _tokenize_here
        self._tokens: Tokens | None = None
        self._words: Tokens | None = None
        self._pending: tuple[int, int] | None = None
        #: where triage stands (start, end, id), kept while a span the analyst added is selected
        self._anchor: tuple[int, int, int] | None = None
        self._added: int | None = None
        #: the last decision on a span of this article: start, end, label, accepted (or rejected)
        self.last_decision: tuple[int, int, str, bool] | None = None
        view.span_clicked.connect(self._on_view_span_clicked)
        view.range_selected.connect(self._on_view_range_selected)
        view.empty_clicked.connect(self._on_view_empty_clicked)

    # -- opening ---------------------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.active_label = None
        self.open_document(None)
        if session is not None:
            self.view.set_schema(session.schema)

    @property
    def document_id(self) -> int | None:
        return self.article.id if self.article is not None else None

    def open_document(self, document_id: int | None) -> bool:
        """Show a document (None: none); False if it cannot be read."""
        self._drop_pending()
        self._anchor = self._added = self.last_decision = None
        self._tokens = None
        self._words = None
        if document_id is None or self.session is None:
            self.article = None
        else:
            try:
                self.article = ArticleSpans.load(self.session.store, document_id)
            except StoreError as exc:
                self.notice_posted.emit(str(exc), True)
                self.article = None
        self.view.show_article(self.article)
        if self.article is not None:
            article = self.article
            self.workers.start(
                "Tokenizing",
                _tokenize,
                self.tokenizer,
                article.text,
                article.document.language,
                quiet=True,
                on_done=lambda tokens: self._on_tokens_ready(article, tokens),
            )
        self.article_changed.emit()
        self.selection_changed.emit()
        return self.article is not None or document_id is None

    def _on_tokens_ready(self, article: ArticleSpans, tokens: Tokens) -> None:
        if article is self.article:
            self._tokens = tokens

    @property
    def tokens(self) -> Tokens:
        """spaCy's tokens of the article, or word boundaries until those are ready."""
        if self._tokens is not None:
            return self._tokens
        if self._words is None:
            self._words = word_tokens(self.article.text if self.article is not None else "")
        return self._words

    # -- what is selected ------------------------------------------------------------------------

    @property
    def selected(self) -> Span | None:
        span_id = self.view.selected_span
        if span_id is None or self.article is None:
            return None
        return self.article.spans.get(span_id)

    @property
    def pending(self) -> tuple[int, int] | None:
        return self._pending

    def select_span(self, span_id: int | None, reveal: bool = True, *, anchor: bool = True) -> None:
        """Select a span (None: none); `anchor`: triage goes on from it (not so for a span the
        analyst just added: Tab goes on from where triage was)."""
        self._drop_pending()
        self.view.set_selected_span(span_id)
        article = self.article
        if anchor and span_id is not None and article is not None and span_id in article.spans:
            brief = article.spans.brief(span_id)
            self._anchor = (brief.start, brief.end, brief.id)
        self._added = None if anchor else span_id
        if span_id is not None and reveal and self.article is not None:
            span = self.article.spans.get(span_id)
            if span is not None:
                self.view.reveal(span.start, span.end)
        self.selection_changed.emit()

    def _drop_pending(self) -> None:
        self._pending = None
        self.view.clear_pending()
        self.hint_ended.emit("selection")

    def select_range(self, start: int, end: int) -> None:
        """Select a stretch of the article (from the keyboard, a find match or a search hit)
        and show it: a label key tags it."""
        if self.article is None:
            return
        self.view.set_selected_span(None)
        self._pending = (start, end)
        self.view.set_pending(start, end)
        self.view.reveal(start, end)
        self.selection_changed.emit()
        self.hint_posted.emit("selection", _LABEL_HINT)

    def take_match(self, match: tuple[int, int] | None) -> None:
        """The find bar closed on a match: select the span it falls in (one starting there
        first, then the shortest), else the words it covers."""
        article = self.article
        if article is None or match is None:
            return
        shown = self.view.show_rejected
        covering = [
            span for span in article.at(match[0]) if shown or span.status is not SpanStatus.REJECTED
        ]
        starting = [span for span in covering if span.start == match[0]]
        if starting or covering:
            self.select_span((starting or covering)[0].id)
            return
        snapped = snap(article.text, self.tokens, *match)
        if snapped is not None:
            self.select_range(*snapped)

    def clear_selection(self) -> None:
        self.select_span(None, reveal=False)

    def clear(self) -> None:
        """Esc: no selection, no active label."""
        self.clear_selection()
        self.set_active_label(None)

    def _on_view_span_clicked(self, span_id: int) -> None:
        self.select_span(span_id, reveal=False)

    def _on_view_empty_clicked(self) -> None:
        self.clear_selection()

    def _on_view_range_selected(self, start: int, end: int, precise: bool) -> None:
        if self.article is None:
            return
        snapped = snap(self.article.text, self.tokens, start, end, precise)
        if snapped is None:
            self._drop_pending()
            self.selection_changed.emit()
            return
        self.view.set_selected_span(None)
        if self.active_label is not None:
            self._pending = snapped
            self._add(snapped, self.active_label)
            return
        self._pending = snapped
        self.view.set_pending(*snapped)
        self.selection_changed.emit()
        self.hint_posted.emit("selection", _LABEL_HINT)

    def set_active_label(self, label: str | None) -> None:
        """A sticky label: every drag is tagged with it until it is cleared."""
        self.active_label = label
        self.active_label_changed.emit(label)
        if label is not None:
            self.hint_posted.emit(
                "label", f"Drag over text to tag it {label}; press its key again or Esc to stop"
            )
        else:
            self.hint_ended.emit("label")

    # -- running edits ---------------------------------------------------------------------------

    def execute(self, command: Command) -> Change | None:
        """Run an edit; a refusal becomes a message, never a traceback."""
        if self.session is None:
            return None
        try:
            change = self.session.execute(command, source=self)
        except DatelineError as exc:  # a refused edit, or a project that cannot take it
            self.notice_posted.emit(str(exc), True)
            return None
        except Exception as exc:  # a bug must not take the window down; nothing was written
            log.exception("edit failed: %r", command)
            self.notice_posted.emit(
                f"Not saved: internal error ({type(exc).__name__}: {exc})", True
            )
            return None
        self.edit_saved.emit(change.description)
        notice = took_links(command, change)
        if notice is not None:  # after the triage's own notices
            QTimer.singleShot(0, lambda: self.notice_posted.emit(notice, False))
        return change

    def apply_change(self, change: Change) -> None:
        """Bring the article up to date with a change (called for every change, ours or not)."""
        article = self.article
        if article is None or self.session is None:
            return
        try:
            ranges = article.apply(self.session.store, change)
        except StoreError:
            self.open_document(None)
            return
        if ranges == []:
            return
        self.view.refresh(ranges)
        if self.view.selected_span is not None and self.view.selected_span not in article.spans:
            self.view.set_selected_span(None)
        self.article_changed.emit()
        self.selection_changed.emit()

    # -- gestures --------------------------------------------------------------------------------

    def next_suggestion(self, direction: int = 1, *, announce_wrap: bool = True) -> bool:
        """Select the next (or previous) suggestion; False when there is none.

        Triage goes on from where it was: after a span the analyst added, from the span
        selected before it, so open suggestions between the two are not skipped."""
        article = self.article
        if article is None:
            return False
        suggestions = article.open_suggestions()
        if not suggestions:
            self.select_span(None, reveal=False)
            self.notice_posted.emit(
                "No suggestions left in this article: Ctrl+Enter marks it done", False
            )
            return False
        current = self.selected
        anchor = self._triage_key(current)
        if anchor is not None:
            keys = [(s.start, s.end, s.id) for s in suggestions]
            if direction > 0:
                later = [s for s, key in zip(suggestions, keys, strict=True) if key > anchor]
                target = later[0] if later else None
            else:
                earlier = [s for s, key in zip(suggestions, keys, strict=True) if key < anchor]
                target = earlier[-1] if earlier else None
        else:
            top = self.view.first_visible_position()
            after = [s for s in suggestions if s.start >= top]
            target = (after[0] if after else None) if direction > 0 else None
            if direction < 0:
                before = [s for s in suggestions if s.start < top]
                target = before[-1] if before else None
        if target is None:
            target = suggestions[0] if direction > 0 else suggestions[-1]
            if announce_wrap and current is not None:
                where = "first" if direction > 0 else "last"
                self.notice_posted.emit(f"Wrapped to the {where} suggestion", False)
        self.select_span(target.id)
        return True

    def _triage_key(self, span: Span | Brief | None) -> tuple[int, int, int] | None:
        """Where triage stands: the selected span, or for a span just added, the one before."""
        if span is None:
            return None
        if span.id == self._added and self._anchor is not None:
            return self._anchor
        return (span.start, span.end, span.id)

    def _advance_from(self, span: Span | Brief) -> None:
        """After a decision, go on to the next suggestion after it (the triage rhythm)."""
        article = self.article
        key = self._triage_key(span)
        if article is None or key is None:
            return
        later = [s for s in article.open_suggestions() if (s.start, s.end, s.id) > key]
        if later:
            self.select_span(later[0].id)
            return
        self.next_suggestion(1, announce_wrap=False)

    def _decided(self, change: Change | None, span_id: int, advance: bool = True) -> None:
        """An edit decided this span: remember the decision (for `decide_all`), move on."""
        article = self.article
        if change is None or article is None:
            return
        if span_id in article.spans:
            brief = article.spans.brief(span_id)
            accepted = brief.status is SpanStatus.ACCEPTED
            self.last_decision = (brief.start, brief.end, brief.label, accepted)
            if advance:
                self._advance_from(brief)

    def accept(self) -> None:
        """Enter / A: accept the selected span (or tag the selection with the active label)."""
        if self._pending is not None and self.active_label is not None:
            self._add(self._pending, self.active_label)
            return
        span = self.selected
        if span is None:
            self.notice_posted.emit("Select a suggestion first (Tab steps through them)", False)
            return
        if span.status is SpanStatus.ACCEPTED:
            self.last_decision = (span.start, span.end, span.label, True)
            self._advance_from(span)
            return
        self._decided(self.execute(Accept(span.id)), span.id)

    def discard(self) -> None:
        """X / Delete: reject a suggestion or imported span, delete an analyst's span."""
        if self._pending is not None:
            self.clear_selection()
            return
        span = self.selected
        if span is None:
            self.notice_posted.emit("Select a span first (click it, or Tab)", False)
            return
        if span.status is SpanStatus.REJECTED and not Discard.deletes(span):
            self.notice_posted.emit("Already rejected", False)
            return
        if self.execute(Discard(span.id)) is not None:
            if not Discard.deletes(span):
                self.last_decision = (span.start, span.end, span.label, False)
            self._advance_from(span)

    def apply_label(self, label: str) -> None:
        """A label key: tag the pending selection, relabel (or accept) the selected span and
        move on, or (nothing selected) make the label active."""
        if self._pending is not None:
            self._add(self._pending, label)
            return
        span = self.selected
        if span is None:
            self.set_active_label(None if self.active_label == label else label)
            return
        self.relabel_span(span.id, label)

    def decide_all(self) -> None:
        """'.': the selected span's decision (accepted as its label, or rejected), else the last
        decision, for every other occurrence of the same words in the article: one undo step."""
        article = self.article
        span = self.selected
        decision = self.last_decision
        if span is not None and span.status is not SpanStatus.SUGGESTED:
            decision = (span.start, span.end, span.label, span.status is SpanStatus.ACCEPTED)
        if article is None or decision is None:
            self.notice_posted.emit(
                "Decide on a span first (Enter, X or a label key); then . does the same to"
                " every other occurrence of its words",
                False,
            )
            return
        start, end, label, accepted = decision
        self.execute(DecideAll(article.id, start, end, label, accept=accepted))

    def toggle_region(self) -> None:
        """B: mark the selected lines as not part of the article, or take a marked region back."""
        article = self.article
        span = self.selected
        bounds = self._pending or ((span.start, span.end) if span is not None else None)
        if article is None or bounds is None:
            self.notice_posted.emit(
                "Select the lines first: drag over them, or Ctrl+Shift+End from a span", False
            )
            return
        if any(r.start <= bounds[0] < r.end for r in marked(article.document)):
            self.execute(IncludeRegion(article.id, *bounds))
        elif overlaps(article.excluded, *bounds):
            source = article.document.source or "this source"
            self.notice_posted.emit(
                f"Left out as in other {source} articles: take it back there (B in the region)",
                False,
            )
            return
        elif self.execute(ExcludeRegion(article.id, *bounds)) is not None:
            self.next_suggestion(1, announce_wrap=False)

    def _add(self, bounds: tuple[int, int], label: str) -> None:
        article = self.article
        if article is None:
            return
        self._drop_pending()
        change = self.execute(AddSpan(article.id, NewSpan(bounds[0], bounds[1], label)))
        if change is None:
            self.selection_changed.emit()
            return
        span_id = change.added_span
        if span_id is None:  # it accepted a suggestion with that range and label
            span_id = next(
                (
                    s.id
                    for s in article.overlapping(*bounds)
                    if (s.start, s.end, s.label) == (bounds[0], bounds[1], label)
                ),
                None,
            )
        self.select_span(span_id, reveal=False, anchor=False)
        if span_id is not None:
            self.last_decision = (bounds[0], bounds[1], label, True)

    def resize(self, edge: Edge, grow: bool) -> None:
        """Shift/Alt+Left/Right: move an edge of the selection or the selected span by a token."""
        article = self.article
        if article is None:
            return
        if self._pending is not None:
            moved = step(article.text, self.tokens, *self._pending, edge, grow)
            if moved is not None:
                self._pending = moved
                self.view.set_pending(*moved)
                self.selection_changed.emit()
            return
        span = self.selected
        if span is None:
            self.notice_posted.emit("Select a span first", False)
            return
        moved = step(article.text, self.tokens, span.start, span.end, edge, grow)
        if moved is None:
            what = "grow" if grow else "shrink"
            self.notice_posted.emit(f"The span cannot {what} further that way", False)
            return
        self.execute(Resize(span.id, *moved))

    def mark_done(self) -> bool:
        """Ctrl+Enter: remaining suggestions accepted, the article done (one undo step)."""
        if self.article is None:
            return False
        return self.execute(MarkDone(self.article.id)) is not None

    # -- edits from the inspector, the header and menus ------------------------------------------

    def accept_span(self, span_id: int) -> None:
        self.execute(Accept(span_id))

    def reject_span(self, span_id: int) -> None:
        self.execute(Reject(span_id))

    def delete_span(self, span_id: int) -> None:
        if self.execute(RemoveSpan(span_id)) is not None and self.view.selected_span == span_id:
            self.clear_selection()

    def relabel_span(self, span_id: int, label: str) -> None:
        """A label chosen for a span (key, label bar, inspector, menu): relabel it, or accept it
        if it has that label; then on to the next suggestion."""
        span = self.article.spans.get(span_id) if self.article is not None else None
        if span is None:
            return
        if span.label == label:
            if span.status is not SpanStatus.ACCEPTED:
                self._decided(self.execute(Accept(span_id)), span_id)
            return
        self._decided(self.execute(Relabel(span_id, label)), span_id)

    def set_value(self, span_id: int, value: str | None) -> None:
        """A calendar value typed by the analyst ('' or None: back to the computed value)."""
        value = value.strip() if value else None
        self.execute(SetValue(span_id, value or None))

    def set_note(self, span_id: int, note: str | None) -> None:
        span = self.article.spans.get(span_id) if self.article is not None else None
        note = (note or "").strip() or None
        if span is not None and span.note == note:
            return
        self.execute(SetNote(span_id, note))

    def set_published(self, text: str) -> None:
        """The publication date typed in the header ('' removes it)."""
        if self.article is None:
            return
        value = text.strip() or None
        if value == self.article.document.published:
            return
        self.execute(SetDocumentMeta(self.article.id, {"published": value}))

    # -- history ---------------------------------------------------------------------------------

    def undo(self) -> None:
        self._history(backwards=True)

    def redo(self) -> None:
        self._history(backwards=False)

    def _history(self, backwards: bool) -> None:
        session = self.session
        if session is None:
            return
        try:
            change = session.undo(source=self) if backwards else session.redo(source=self)
        except DatelineError as exc:
            self.notice_posted.emit(str(exc), True)
            return
        except Exception as exc:  # a bug must not take the window down; nothing was written
            log.exception("undo or redo failed")
            self.notice_posted.emit(f"Not done: internal error ({type(exc).__name__}: {exc})", True)
            return
        if change is None:
            self.notice_posted.emit("Nothing to undo" if backwards else "Nothing to redo", False)
            return
        verb = "Undid" if backwards else "Redid"
        self.edit_saved.emit(f"{verb} {change.description}")
        documents = sorted(change.documents)
        if documents and self.document_id not in documents:
            self.document_requested.emit(documents[0])
        article = self.article
        if article is None:
            return
        if not change.reloads(article.id):
            lit = [(start, end) for doc, start, end in change.ranges if doc == article.id]
            self.view.flash(lit)
        touched = [article.spans[i] for i in change.spans if i in article.spans]
        visible = [
            s for s in touched if s.status is not SpanStatus.REJECTED or self.view.show_rejected
        ]
        if visible:
            self.select_span(min(visible, key=lambda s: (s.start, s.id)).id)
