"""Every item model of the window passes Qt's model tester (pytest-qt's `qtmodeltester`), also
while it follows edits: indexes, parents, row counts and the signals around each change agree.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt

import desktop
from annotation.commands import (
    Accept,
    AddArgument,
    AddEvent,
    AddSpan,
    Reject,
    Relabel,
    RemoveEvent,
    RemoveSpan,
    SetDocumentStatus,
)
from annotation.model import DocStatus, NewSpan
from annotation.session import Change, Session
from desktop.document_list_model import DocumentListModel
from desktop.event_list_model import EventListModel
from desktop.main_window import MainWindow
from desktop.search_hits_model import SearchHitsModel
from desktop.span_list_model import SpanListModel
from tests.desktop.conftest import ARTICLE, add_article

CHECKED = {DocumentListModel, SpanListModel, EventListModel, SearchHitsModel}


def test_every_item_model_in_the_desktop_is_checked_here() -> None:
    found = set()
    for module in pkgutil.iter_modules(desktop.__path__):
        if module.name in {"__main__", "launcher"}:
            continue
        loaded = importlib.import_module(f"desktop.{module.name}")
        found |= {
            value
            for value in vars(loaded).values()
            if inspect.isclass(value)
            and issubclass(value, QAbstractItemModel)
            and value.__module__ == loaded.__name__
        }
    assert found == CHECKED


@pytest.fixture
def listed(tmp_path: Path) -> Iterator[Session]:
    """120 articles (more than a page), every third done."""
    session = Session.open(tmp_path / "p.db", annotator="tester")
    for number in range(120):
        status = DocStatus.DONE if number % 3 == 0 else DocStatus.NEW
        add_article(session, f"{ARTICLE} {number}", f"Article {number}", status=status)
    yield session
    session.close()


def test_document_list_model_passes_the_model_tester_while_it_pages_and_follows_edits(
    listed: Session, qtmodeltester: Any
) -> None:
    model = DocumentListModel()
    model.set_session(listed)
    qtmodeltester.check(model)
    assert model.rowCount() == 120
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_filter((DocStatus.NEW,), "article")
    model.apply(listed.execute(SetDocumentStatus(3, DocStatus.DONE)))
    model.set_current(3)
    model.set_current(110)
    model.set_filter(None)
    add_article(listed, f"{ARTICLE} later", "Imported later")
    model.apply(Change("import", "bulk", everything=True))
    assert model.rowCount() == 121


@pytest.mark.parametrize(
    ("statuses", "text", "rows"),
    [(None, "", 120), ([DocStatus.DONE], "", 40), ([DocStatus.NEW], "Article 11", 8), ([], "", 0)],
)
def test_document_list_model_passes_the_model_tester_for_each_filter(
    listed: Session,
    qtmodeltester: Any,
    statuses: list[DocStatus] | None,
    text: str,
    rows: int,
) -> None:
    model = DocumentListModel()
    model.set_session(listed)
    model.set_filter(statuses, text)
    qtmodeltester.check(model)
    assert model.rowCount() == model.total == rows


def test_span_list_model_passes_the_model_tester_while_spans_change(
    window: MainWindow, qtmodeltester: Any, qtbot: Any
) -> None:
    model = window.inspector.tree_model
    qtmodeltester.check(model)
    session = window.session
    assert session is not None and window.controller.article is not None
    india = next(s for s in window.controller.article.spans.values() if s.start == 0)

    def settle() -> None:
        qtbot.wait(1)  # the list follows a change in the next turn of the event loop

    session.execute(Accept(india.id))
    settle()
    session.execute(Relabel(india.id, "LOC"))
    settle()
    start = ARTICLE.index("Ambassador")
    added = session.execute(AddSpan(1, NewSpan(start, start + 10, "PERSON"))).added_span
    settle()
    session.execute(Reject(india.id))
    settle()
    window.actions_.view.show_rejected.trigger()
    assert added is not None
    session.execute(RemoveSpan(added))
    settle()
    session.undo()
    settle()
    assert model.rowCount() > 0


def test_event_list_model_passes_the_model_tester_while_events_change(
    make_window: Callable[..., MainWindow], project: Path, qtmodeltester: Any, qtbot: Any
) -> None:
    session = Session.open(project, annotator="tester")
    try:
        met = ARTICLE.index("met")
        meet = session.execute(AddEvent("MEET", document=1, trigger_span=(met, met + 3)))
        (event,) = meet.events
        start = ARTICLE.index("Narendra Modi")  # suggested by the project's ruler
        modi = next(span.id for span in session.store.spans(1) if span.start == start)
    finally:
        session.close()
    window = make_window(project)
    model = window.events.dock.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    qtmodeltester.check(model)
    session = window.session
    assert session is not None
    session.execute(AddArgument(event, "participant", modi))
    qtbot.waitUntil(lambda: model.rowCount(model.index(0, 0)) >= 1)
    session.execute(RemoveEvent(event))
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    session.undo()
    qtbot.waitUntil(lambda: model.rowCount() == 1)


def test_search_hits_model_passes_the_model_tester_while_it_pages(
    listed: Session, qtmodeltester: Any
) -> None:
    from annotation.corpus.search import search

    model = SearchHitsModel()
    model.set_search(lambda after: search(listed.store, "Seoul", after=after, limit=10))
    qtmodeltester.check(model)
    assert model.rowCount() >= 10 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 120 * ARTICLE.count("Seoul") and model.complete
    model.set_hits([])
    assert model.rowCount() == 0
