"""The right-click menu on the article: what can be done to the span or selection under it,
including taking out one of its roles or relations alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from annotation.commands import Discard, RemoveArgument, RemoveRelation
from annotation.links import span_links
from annotation.model import SpanStatus
from annotation.schema import Schema
from desktop.annotation_controller import AnnotationController
from desktop.formatting import quoted
from desktop.span_list_model import swatch


def _label_menu(menu: QMenu, title: str, schema: Schema, chosen: Callable[[str], None]) -> None:
    sub = menu.addMenu(title)
    for label in schema.labels:
        key = label.key.upper() if label.key else ""
        item = sub.addAction(swatch(label.color), f"{label.name}\t{key}")
        item.triggered.connect(lambda _checked=False, name=label.name: chosen(name))


def span_menu(
    parent: QWidget,
    controller: AnnotationController,
    span_id: int | None,
    *,
    edit_value: Callable[[int], None],
    edit_note: Callable[[int], None],
    find: QAction,
) -> QMenu:
    """Accept, reject, change label, edit value, note, delete — or label a selection."""
    menu = QMenu(parent)
    menu.setObjectName("span_menu")
    article = controller.article
    session = controller.session
    if article is None or session is None:
        return menu
    schema = session.schema
    span = article.spans.get(span_id) if span_id is not None else None
    pending = controller.pending
    if pending is not None and span is None:
        text = quoted(article.text[pending[0] : pending[1]], 40)
        header = menu.addAction(f"“{text}”")
        header.setEnabled(False)
        _label_menu(menu, "Label as", schema, lambda name: controller.apply_label(name))
        menu.addSeparator()
        copy = menu.addAction("Copy")
        copy.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(article.text[pending[0] : pending[1]])
        )
        return menu
    if span is None:
        menu.addAction(find)
        return menu
    controller.select_span(span.id, reveal=False)
    header = menu.addAction(f"{span.label}: “{quoted(span.text_in(article.text), 40)}”")
    header.setEnabled(False)
    menu.addSeparator()
    if span.status is not SpanStatus.ACCEPTED:
        accept = menu.addAction("Accept\tEnter")
        accept.triggered.connect(lambda: controller.accept_span(span.id))
    if span.status is not SpanStatus.REJECTED and not Discard.deletes(span):
        reject = menu.addAction("Reject\tX")
        reject.triggered.connect(lambda: controller.reject_span(span.id))
    _label_menu(menu, "Change label", schema, lambda name: controller.relabel_span(span.id, name))
    if schema.is_temporal(span.label):
        value = menu.addAction("Edit value…")
        value.triggered.connect(lambda: edit_value(span.id))
    note = menu.addAction("Note…\tN")
    note.triggered.connect(lambda: edit_note(span.id))
    copy = menu.addAction("Copy text")
    copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(span.text_in(article.text)))
    _link_items(menu, controller, span.id)
    menu.addSeparator()
    delete = menu.addAction("Delete span" + ("\tX" if Discard.deletes(span) else ""))
    delete.setToolTip("Remove the span entirely (a rejected suggestion is kept as evidence)")
    delete.triggered.connect(lambda: controller.delete_span(span.id))
    return menu


def _link_items(menu: QMenu, controller: AnnotationController, span_id: int) -> None:
    """One item per role the span fills and per relation it is an end of: remove that one."""
    article, session = controller.article, controller.session
    if article is None or session is None:
        return
    links = span_links(session.store, span_id)
    if not (links.roles or links.relations):
        return
    menu.addSeparator()

    def words(other: int) -> str:
        if other not in article.spans:
            return "?"
        brief = article.spans.brief(other)
        return f"“{quoted(article.text[brief.start : brief.end], 24)}”"

    for argument, event in links.roles:
        item = menu.addAction(f"Remove role {argument.role} of {event.type} {words(event.trigger)}")
        item.triggered.connect(
            lambda _c=False, i=argument.id: controller.execute(RemoveArgument(i))
        )
    for relation in links.relations:
        if relation.head == span_id:
            text = f"Remove relation {relation.label} → {words(relation.child)}"
        else:
            text = f"Remove relation {relation.label} from {words(relation.head)}"
        item = menu.addAction(text)
        item.triggered.connect(
            lambda _c=False, i=relation.id: controller.execute(RemoveRelation(i))
        )
