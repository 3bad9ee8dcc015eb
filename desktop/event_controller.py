"""Events and relations on the open article: what the analyst has focused, and the gestures that
make events, fill roles and link spans, turned into commands.

- E on a selection or a span makes it an event trigger (the type is asked, type-ahead); E on a
  trigger focuses its event. Selecting a trigger (click, Tab, the Events dock) focuses its event.
- While an event is focused, clicking an entity span (or dragging from the trigger to it) offers
  the roles that take its label, keys 1–9. Esc leaves the event.
- R on a selected span starts a relation; clicking the other span offers the relation labels
  that link the two, keys 1–9.

The focused item's links are drawn as arcs (`ArcPainter`); the Events dock and the inspector's
links section follow. Every edit goes through the annotation controller's `execute` (the
session), and what is allowed comes from the core (`annotation.links`): nothing is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, Signal

from annotation.commands import (
    AddArgument,
    AddEvent,
    AddRelation,
    Compound,
    Discard,
    RemoveArgument,
    RemoveRelation,
    SetEventAttributes,
)
from annotation.links import (
    EventRecord,
    SpanLinks,
    document_events,
    event_record,
    event_types_for,
    involved_spans,
    relation_choices,
    relation_refusal,
    role_choices,
    role_refusal,
    span_links,
)
from annotation.model import Relation, Span, SpanStatus
from annotation.session import Change
from desktop.annotation_controller import AnnotationController
from desktop.arc_painter import Arc, ArcPainter
from desktop.article_spans import ArticleSpans
from desktop.article_view import ArticleView
from desktop.event_dialogs import ChoicePopup, EventTypeDialog
from desktop.events_dock import EventsDock
from desktop.formatting import glossed, quoted
from desktop.link_drag import LinkDrag
from desktop.links_panel import LinksPanel
from desktop.timers import timer

#: The role popup's last choice when the span already fills a role: take it out of the event.
NO_ROLE = "✕ no role"


@dataclass(eq=False)  # a QObject: equal only to itself, hashable (signals connect to it)
class EventController(QObject):
    """The focused event (or pending relation) of the open article and the gestures on it."""

    #: a message for the status bar; True for a refusal or an error
    notice_posted = Signal(str, bool)

    view: ArticleView
    annotations: AnnotationController
    dock: EventsDock
    links: LinksPanel

    def __post_init__(self) -> None:
        super().__init__(self.view)
        view, annotations, dock, links = self.view, self.annotations, self.dock, self.links
        self.focused: int | None = None
        self.relation_from: int | None = None
        self._schema: object | None = None
        self.records: dict[int, EventRecord] = {}
        self.relations: list[Relation] = []
        self._by_trigger: dict[int, list[int]] = {}
        self._involved: set[int] = set()
        self._article: ArticleSpans | None = None
        self._dock_timer = timer(self, 0, self._fill_dock, single=True)
        self._load_timer = timer(self, 0, self._load_article, single=True)
        self.painter = ArcPainter(view)
        self.drag = LinkDrag(view, self.painter, self._is_trigger)
        self.drag.clicked.connect(self._on_drag_clicked)
        self.drag.dropped.connect(self._on_drag_dropped)
        view.span_clicked.connect(self._on_view_span_clicked)
        view.empty_clicked.connect(self._on_view_empty_clicked)
        annotations.selection_changed.connect(self._on_selection_changed)
        annotations.article_changed.connect(self._on_article_changed)
        dock.event_activated.connect(self._on_dock_event_activated)
        dock.span_shown.connect(self._on_span_shown)
        dock.span_activated.connect(self._on_dock_span_activated)
        dock.attributes_edited.connect(self.set_attributes)
        dock.remove_argument_requested.connect(self.remove_argument)
        dock.remove_event_requested.connect(self.remove_event)
        links.span_activated.connect(self._on_dock_span_activated)
        links.remove_relation_requested.connect(self.remove_relation)
        links.remove_argument_requested.connect(self.remove_argument)
        links.remove_event_requested.connect(self.remove_event)

    # -- state -----------------------------------------------------------------------------------

    @property
    def record(self) -> EventRecord | None:
        """The focused event."""
        return self.records.get(self.focused) if self.focused is not None else None

    def _on_article_changed(self) -> None:
        """Another article: its events are read in the next turn of the event loop, so the
        article is on screen first (nothing is focused yet, so nothing waits for them)."""
        if self.annotations.article is self._article:
            return
        self._article = self.annotations.article
        self.focused = None
        self.relation_from = None
        self.records, self.relations = {}, []
        self._by_trigger, self._involved = {}, set()
        session = self.annotations.session
        if session is not None and session.schema is not self._schema:
            self._schema = session.schema
            self.dock.set_schema(session.schema)
        self._refresh(dock=False)
        self._load_timer.start()

    def _load_article(self) -> None:
        self._load_timer.stop()
        self._reload()
        self._refresh(dock=True)

    def _ensure_loaded(self) -> None:
        """A gesture came before the article's events were read (in the same turn): read now."""
        if self._load_timer.isActive():
            self._load_article()

    def _is_trigger(self, span_id: int) -> bool:
        self._ensure_loaded()
        return span_id in self._by_trigger

    def _reload(self, events: frozenset[int] | None = None, relations: bool = True) -> None:
        """Read the article's events and relations again: all of them, or only the events an
        edit touched (a long article may hold a thousand suggested events)."""
        article = self.annotations.article
        session = self.annotations.session
        if article is None or session is None:
            self.records, self.relations = {}, []
        elif events is None:
            records = document_events(session.store, session.schema, article.id)
            self.records = {record.id: record for record in records}
            self.relations = session.store.relations(article.id)
        else:
            for event_id in events:
                record = event_record(session.store, session.schema, event_id)
                if record is None or record.event.document_id != article.id:
                    self.records.pop(event_id, None)
                else:
                    self.records[event_id] = record
            self.records = dict(sorted(self.records.items()))
            if relations:
                self.relations = session.store.relations(article.id)
        self._by_trigger = {}
        for record in self.records.values():
            self._by_trigger.setdefault(record.trigger, []).append(record.id)
        self._involved = involved_spans(list(self.records.values()), self.relations)
        if self.focused not in self.records:
            self.focused = None
        if article is None or (
            self.relation_from is not None and self.relation_from not in article.spans
        ):
            self.relation_from = None

    def apply_change(self, change: Change) -> None:
        """Follow an edit, undo or outside change (after the article has taken it in)."""
        article = self.annotations.article
        if article is not self._article:
            self._on_article_changed()
            return
        if article is None or not (change.everything or article.id in change.documents):
            return
        whole = change.reloads(article.id)
        touched = (
            whole
            or change.events
            or change.arguments
            or change.relations
            or not self._involved.isdisjoint(change.spans)
        )
        if not touched:
            return
        if whole or self._load_timer.isActive():
            self._load_timer.stop()  # (an edit before the article's events were read: now)
            self._reload()
        else:
            self._reload(change.events, relations=bool(change.relations))
        self._refresh(dock=True)

    # -- focus -----------------------------------------------------------------------------------

    def focus(self, event_id: int | None, *, select: bool = True) -> None:
        """Focus an event (None: leave), selecting its trigger."""
        self.relation_from = None
        self.focused = event_id if event_id in self.records else None
        record = self.record
        if record is not None and select and self.view.selected_span != record.trigger:
            self.annotations.select_span(record.trigger)
        self._refresh(dock=False)

    def leave(self) -> None:
        """Esc: no event focused, no relation pending."""
        if self.focused is None and self.relation_from is None:
            return
        self.focused = None
        self.relation_from = None
        self._refresh(dock=False)

    def follow_selection(self) -> None:
        """After keyboard triage (Tab, Enter, X…): the focus goes where the selection went."""
        span = self.annotations.selected
        if self.focused is None or span is None:
            if span is None:
                self.leave()
            return
        if span.id not in self._by_trigger:
            self.leave()

    def _on_selection_changed(self) -> None:
        self._ensure_loaded()
        span = self.annotations.selected
        if span is not None and self.relation_from is None:
            events = self._by_trigger.get(span.id)
            if events and self.focused not in events:
                self.focused = events[0]
        self._refresh(dock=False)

    def _refresh(self, *, dock: bool) -> None:
        """Arcs, the banner, the inspector's links and the dock follow the state."""
        article = self.annotations.article
        selected = self.annotations.selected
        arcs: list[Arc] = []
        spotlight: set[int] = set()
        banner = ""
        record = self.record
        if article is None:
            pass
        elif self.relation_from is not None and self.relation_from in article.spans:
            head = article.spans.brief(self.relation_from)
            words = quoted(article.text[head.start : head.end], 24)
            banner = f"Relation from {head.label} “{words}”: click the span it points to · Esc"
            spotlight.add(head.id)
        elif record is not None:
            tentative = self._tentative(record)
            arcs = [
                Arc(record.trigger, a.span, self._role_label(a.role, a.span), "role", tentative)
                for a in record.arguments
            ]
            spotlight = record.spans()
            trigger = article.spans.brief(record.trigger)
            words = quoted(article.text[trigger.start : trigger.end], 20)
            banner = f"{record.type} “{words}” · click a span to give it a role · Esc leaves"
            if record.missing:
                banner += f" · needs {', '.join(record.missing)}"
        elif selected is not None and selected.id in self._involved:
            arcs = self._span_arcs(selected.id)
            spotlight.add(selected.id)
        self.painter.show(tuple(arcs), frozenset(spotlight), banner)
        self._show_links(selected, article)
        if dock:
            self._dock_timer.start()
        else:
            self.dock.select_event(self.focused)
            self.dock.show_attributes(record)

    def _role_label(self, role: str, span_id: int) -> str:
        """What an arc says: the role, and a date's calendar value ('time 2025-11-22')."""
        article = self.annotations.article
        if article is None or span_id not in article.spans:
            return role
        value = article.spans.brief(span_id).value
        return f"{role} {glossed(value)}" if value else role

    def _tentative(self, record: EventRecord) -> bool:
        article = self.annotations.article
        return (
            article is not None
            and record.trigger in article.spans
            and article.spans.brief(record.trigger).status is SpanStatus.SUGGESTED
        )

    def _span_arcs(self, span_id: int) -> list[Arc]:
        arcs = [
            Arc(r.head, r.child, r.label, "relation")
            for r in self.relations
            if span_id in (r.head, r.child)
        ]
        for record in self.records.values():
            for argument in record.arguments:
                if argument.span == span_id:
                    label = f"{record.type} · {argument.role}"
                    arcs.append(
                        Arc(record.trigger, span_id, label, "role", self._tentative(record))
                    )
        return arcs

    def _show_links(self, selected: Span | None, article: ArticleSpans | None) -> None:
        session = self.annotations.session
        if selected is None or session is None:
            self.links.show_links(None, None, article)
            return
        links = (
            span_links(session.store, selected.id) if selected.id in self._involved else SpanLinks()
        )
        self.links.show_links(selected.id, links, article)

    def _fill_dock(self) -> None:
        self.dock.show_events(list(self.records.values()), self.annotations.article, self.focused)
        self.dock.show_attributes(self.record)

    # -- gestures --------------------------------------------------------------------------------

    def _notice(self, text: str, error: bool = False) -> None:
        self.notice_posted.emit(text, error)

    def _below(self, span_id: int) -> QPoint:
        """Where a popup for a span goes: just under its first line (global)."""
        article = self.annotations.article
        if article is not None and span_id in article.spans:
            brief = article.spans.brief(span_id)
            rects = self.view.span_rects(brief.start, brief.end)
            if rects:
                return self.view.viewport().mapToGlobal(rects[0].bottomLeft().toPoint())
        return self.view.viewport().mapToGlobal(self.view.viewport().rect().center())

    def _back_to_article(self) -> None:
        """After a popup: the window and the article have the keyboard again (label keys)."""
        self.view.activateWindow()
        self.view.setFocus()

    def make_event(self) -> None:
        """E: make the selection or the selected span an event trigger, or focus its event."""
        self._ensure_loaded()
        article = self.annotations.article
        session = self.annotations.session
        if article is None or session is None:
            return
        schema = session.schema
        span = self.annotations.selected
        pending = self.annotations.pending
        if pending is None and span is None:
            self._notice("Select the trigger word first (double-click or drag it), then press E")
            return
        if pending is None and span is not None and span.id in self._by_trigger:
            self.focus(self._by_trigger[span.id][0])
            return
        if pending is None and span is not None and schema.is_trigger(span.label):
            self._created(self.annotations.execute(AddEvent(span.label, trigger=span.id)))
            return
        start, end = pending if pending is not None else (span.start, span.end)  # type: ignore[union-attr]
        words = article.text[start:end]
        anchor = self._below(span.id) if span is not None and pending is None else None
        if anchor is None:
            rects = self.view.span_rects(start, end)
            point = rects[0].bottomLeft().toPoint() if rects else QPoint(40, 40)
            anchor = self.view.viewport().mapToGlobal(point)
        choice = EventTypeDialog.ask(
            self.view, schema.events, event_types_for(schema, words), quoted(words, 30), anchor
        )
        self._back_to_article()
        if choice is None:
            return
        same = [
            s.id
            for s in article.overlapping(start, end)
            if (s.start, s.end, s.label) == (start, end, choice.type) and s.id in self._by_trigger
        ]
        if same:  # that event exists (a suggestion, perhaps): focus it rather than make another
            self.focus(self._by_trigger[same[0]][0])
            return
        command = AddEvent(choice.type, document=article.id, trigger_span=(start, end))
        self._created(self.annotations.execute(command))

    def _created(self, change: Change | None) -> None:
        if change is None:
            return
        new = [event for event in change.events if event in self.records]
        if new:
            self.focus(max(new))
            self._notice(
                f"Now click the spans of this {self.records[max(new)].type} to give them roles"
            )

    def offer_roles(self, span_id: int, at: QPoint | None = None) -> None:
        """The roles of the focused event that take this span's label, keys 1–9."""
        record = self.record
        article = self.annotations.article
        session = self.annotations.session
        if record is None or article is None or session is None or span_id not in article.spans:
            return
        span = article.spans[span_id]
        schema = session.schema
        roles = (
            role_choices(schema, record.type, span.label)
            if not schema.is_trigger(span.label)
            else ()
        )
        if not roles:
            self._notice(role_refusal(schema, record.type, span.label), True)
            return
        options = []
        for role in roles:
            filled = [a for a in record.arguments if a.role == role.name]
            if any(a.span == span_id for a in filled):
                detail = "already"
            elif filled and not role.repeats:
                other = (
                    article.spans.brief(filled[0].span) if filled[0].span in article.spans else None
                )
                detail = (
                    f"replaces “{quoted(article.text[other.start : other.end], 16)}”"
                    if other
                    else ""
                )
            else:
                detail = "required" if role.required and not filled else ""
            options.append((role.name, detail))
        mine = [a for a in record.arguments if a.span == span_id]
        if mine:  # a wrong suggested role goes with one key
            options.append((NO_ROLE, f"take it out ({', '.join(a.role for a in mine)})"))
        words = quoted(span.text_in(article.text), 28)
        title = f"{span.label} “{words}” in {record.type} as…"
        choice = ChoicePopup.ask(self.view, title, options, at or self._below(span_id))
        self._back_to_article()
        if choice is None:
            return
        if choice.name == NO_ROLE:  # one undo step that names the span and the event
            description = f"Remove {span.label} '{words}' from {record.type}"
            removals = [RemoveArgument(a.id) for a in mine]
            self.annotations.execute(Compound(removals, description))
            return
        self.annotations.execute(AddArgument(record.id, choice.name, span_id))

    def _on_view_span_clicked(self, span_id: int) -> None:
        self._ensure_loaded()
        if self.relation_from is not None:
            self._finish_relation(span_id)
            return
        record = self.record
        if record is None or span_id == record.trigger or span_id in self._by_trigger:
            return
        self.offer_roles(span_id)

    def _on_view_empty_clicked(self) -> None:
        """A click on plain text cancels a relation; the focused event stays (a word is often
        double-clicked to make the span that fills the next role). Esc leaves it."""
        if self.relation_from is not None:
            self.relation_from = None
            self._refresh(dock=False)

    def _on_drag_clicked(self, trigger: int) -> None:
        if self.relation_from is not None:
            self._finish_relation(trigger)
            return
        self.annotations.select_span(trigger, reveal=False)

    def _on_drag_dropped(self, trigger: int, target: object, at: QPoint) -> None:
        events = self._by_trigger.get(trigger)
        if not events:
            return
        if self.focused not in events:
            self.focus(events[0])
        if not isinstance(target, int):
            self._notice("Drop on an entity span to give it a role in the event")
            return
        self.offer_roles(target, at)

    def _on_dock_event_activated(self, event_id: int) -> None:
        self.focus(event_id)
        self.view.setFocus()

    def _on_dock_span_activated(self, span_id: int) -> None:
        self.annotations.select_span(span_id)
        self.view.setFocus()

    def _on_span_shown(self, event_id: int, span_id: int) -> None:
        """A role row was clicked: its event focused, its span shown; the dock keeps the
        keyboard, so Delete removes that role (not the span)."""
        if self.focused != event_id:
            self.focus(event_id, select=False)
        self.annotations.select_span(span_id)

    # -- relations -------------------------------------------------------------------------------

    def start_relation(self) -> None:
        """R: the selected span is the head of a relation; the next span clicked its child."""
        self._ensure_loaded()
        span = self.annotations.selected
        session = self.annotations.session
        if span is None or session is None:
            self._notice("Select the span the relation starts from, then press R")
            return
        if session.schema.is_trigger(span.label):
            self._notice(relation_refusal(session.schema, span.label, span.label), True)
            return
        self.focused = None
        self.relation_from = span.id
        self._refresh(dock=False)
        self._notice(f"Relation from {span.label}: click the span it points to (Esc cancels)")

    def _finish_relation(self, child_id: int) -> None:
        article = self.annotations.article
        session = self.annotations.session
        head_id = self.relation_from
        if article is None or session is None or head_id is None or child_id == head_id:
            return
        if head_id not in article.spans or child_id not in article.spans:
            self.leave()
            return
        head, child = article.spans[head_id], article.spans[child_id]
        choices = relation_choices(session.schema, head.label, child.label)
        if session.schema.is_trigger(child.label) or not choices:
            self._notice(relation_refusal(session.schema, head.label, child.label), True)
            return
        options = [(rel.name, rel.description[:48]) for rel in choices]
        title = (
            f"{head.label} “{quoted(head.text_in(article.text), 18)}” → "
            f"{child.label} “{quoted(child.text_in(article.text), 18)}”"
        )
        choice = ChoicePopup.ask(self.view, title, options, self._below(child_id))
        self._back_to_article()
        if choice is None:
            return
        self.relation_from = None
        if self.annotations.execute(AddRelation(head_id, child_id, choice.name)) is None:
            self._refresh(dock=False)

    # -- edits from the dock and the inspector ---------------------------------------------------

    def set_attributes(self, event_id: int, attributes: dict[str, str]) -> None:
        record = self.records.get(event_id)
        if record is None or all(
            record.event.attributes.get(k) == v for k, v in attributes.items()
        ):
            return
        self.annotations.execute(SetEventAttributes(event_id, attributes))

    def remove_argument(self, argument_id: int) -> None:
        self.annotations.execute(RemoveArgument(argument_id))

    def remove_relation(self, relation_id: int) -> None:
        self.annotations.execute(RemoveRelation(relation_id))

    def remove_event(self, event_id: int) -> None:
        """Take the event out the way its trigger's origin calls for (as X on the trigger)."""
        record = self.records.get(event_id)
        if record is not None:
            self.annotations.execute(Discard(record.trigger))
