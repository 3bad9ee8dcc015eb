"""The corpus parts of the window: the search dock, K to link a span, the Entities dock and the
statistics view, driven as an analyst would."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from annotation.commands import CreateEntity
from desktop.link_dialog import LinkChoice, LinkDialog, choose
from desktop.main_window import MainWindow
from desktop.search_dock import MODES
from tests.desktop.conftest import ARTICLE


def _search(window: MainWindow, qtbot: Any, query: str, mode: str = "text", label: str = "") -> Any:
    dock = window.corpus.search
    window.corpus.find_in_corpus.trigger()
    assert window.corpus.search_dock.isVisible() and dock.query.hasFocus()
    dock.mode.setCurrentIndex([m for _name, m in MODES].index(mode))
    if label:
        dock.label.setCurrentText(label)
    qtbot.keyClicks(dock.query, query)
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    return dock


def _hits(dock: Any) -> list[Any]:
    return [dock.model.hit(row) for row in range(dock.model.rowCount())]


def _click_hit(qtbot: Any, dock: Any, row: int) -> None:
    rect = dock.results.visualRect(dock.model.index(row))
    qtbot.mouseClick(dock.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_search_dock_finds_every_place_and_a_click_opens_the_article_there(
    window: MainWindow, qtbot: Any
) -> None:
    dock = _search(window, qtbot, "Seoul")
    hits = _hits(dock)
    assert [h.document for h in hits] == [1, 2, 3]
    assert dock.summary.text().startswith("3 documents mention it · 3 places")
    _click_hit(qtbot, dock, 2)
    assert window.controller.document_id == 3
    at = ARTICLE.index("Seoul")
    assert window.controller.pending == (at, at + 5)


def test_search_dock_no_label_yet_follows_the_analyst(window: MainWindow, qtbot: Any) -> None:
    dock = _search(window, qtbot, "Seoul", mode="missing", label="GPE")
    assert [h.document for h in _hits(dock)] == [2, 3]  # document 1 has a GPE suggestion there
    _click_hit(qtbot, dock, 1)
    window.controller.apply_label("GPE")  # the label key on the selected hit
    qtbot.waitUntil(lambda: [h.document for h in _hits(dock)] == [2])


def test_search_dock_reads_on_until_a_sparse_filter_shows_its_hits(
    window: MainWindow, qtbot: Any
) -> None:
    window.corpus.search.scan = 1  # a page reads one document: hits only in the third page
    dock = _search(window, qtbot, "Yoon", mode="missing", label="PERSON")
    qtbot.waitUntil(lambda: dock.model.complete)
    assert [h.document for h in _hits(dock)] == [3]
    assert dock.summary.text() == "2 documents mention it · 1 place shown"


def test_search_dock_spans_of_a_label_open_selected(window: MainWindow, qtbot: Any) -> None:
    dock = _search(window, qtbot, "Modi", mode="spans", label="PERSON")
    (hit,) = _hits(dock)
    assert (hit.document, hit.label, hit.text) == (1, "PERSON", "Narendra Modi")
    window.open_document(2)
    _click_hit(qtbot, dock, 0)
    assert window.controller.document_id == 1
    assert window.controller.selected is not None
    assert window.controller.selected.id == hit.span_id


def test_k_links_the_selected_span_and_the_registry_shows_it(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = window.session
    assert session is not None and window.controller.article is not None
    spans = window.controller.article.spans.values()
    modi = next(s for s in spans if s.label == "PERSON" and ARTICLE[s.start :].startswith("Nar"))
    window.controller.select_span(modi.id)
    asked: list[tuple[str, str]] = []

    def ask(_parent: Any, text: str, label: str, _entities: Any, _suggested: Any) -> LinkChoice:
        asked.append((text, label))
        return LinkChoice(None, "Narendra Damodardas Modi")

    monkeypatch.setattr(LinkDialog, "ask", staticmethod(ask))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert asked == [(ARTICLE[modi.start : modi.end], "PERSON")]
    (entity,) = session.store.entities()
    assert (entity.name, entity.aliases) == ("Narendra Damodardas Modi", ("Narendra Modi",))
    assert session.store.span(modi.id).entity_id == entity.id
    registry = window.corpus.registry
    qtbot.waitUntil(lambda: registry.current is not None and registry.current.id == entity.id)
    assert registry.mentions.rowCount() == 1 and registry.name.text() == entity.name
    window.actions_.edit.undo.trigger()
    qtbot.waitUntil(lambda: registry.entity_list.count() == 0)
    assert session.store.entities() == []


def test_registry_merges_and_links_the_unlinked_and_undo_restores(
    window: MainWindow, qtbot: Any
) -> None:
    session = window.session
    assert session is not None and window.controller.article is not None
    spans = window.controller.article.spans.values()
    modi = next(s for s in spans if s.label == "PERSON" and ARTICLE[s.start :].startswith("Nar"))
    session.execute(CreateEntity("Narendra Modi", "PERSON"))
    session.execute(CreateEntity("PM Modi", "PERSON", link=()))
    registry = window.corpus.registry
    window.corpus.registry_dock.show()
    qtbot.waitUntil(lambda: registry.entity_list.count() == 2)
    registry.show_entity(1)
    assert registry.suggested.rowCount() == 1  # the PERSON span reading 'Narendra Modi'
    qtbot.mouseClick(registry.link_all, Qt.MouseButton.LeftButton)
    assert session.store.span(modi.id).entity_id == 1
    registry.show_entity(2)
    registry.merge_target.setCurrentIndex(registry.merge_target.findData(1))
    qtbot.mouseClick(registry.merge, Qt.MouseButton.LeftButton)
    assert [e.name for e in session.store.entities()] == ["Narendra Modi"]
    assert session.store.entities()[0].aliases == ("PM Modi",)
    qtbot.waitUntil(lambda: registry.entity_list.count() == 1)
    window.actions_.edit.undo.trigger()
    assert len(session.store.entities()) == 2
    registry.show_entity(1)
    registry.wikidata.setText("Q1058")
    qtbot.mouseClick(registry.save, Qt.MouseButton.LeftButton)
    assert session.store.entity(1).wikidata == "Q1058"


def test_link_dialog_choice_by_completion_name_alias_or_new() -> None:
    from annotation.model import Entity

    entities = [Entity(1, "Narendra Modi", "PERSON", ("PM Modi",)), Entity(2, "Lee", "PERSON")]
    assert choose("PM Modi → Narendra Modi", entities) == LinkChoice(1)
    assert choose("pm  modi", entities) == LinkChoice(1)
    assert choose("LEE", entities) == LinkChoice(2)
    assert choose("Yoon Youngbin", entities) == LinkChoice(None, "Yoon Youngbin")
    assert choose("  ", entities) is None


def test_statistics_view_draws_the_plots_off_the_gui_thread(window: MainWindow, qtbot: Any) -> None:
    window.corpus.statistics.trigger()
    stats = window.corpus.stats
    qtbot.waitUntil(lambda: stats.pixmap is not None, timeout=60_000)
    assert stats.pixmap is not None
    image: QImage = stats.pixmap.toImage()
    assert image.width() >= 600 and image.height() >= 400
    corner = image.pixelColor(2, 2)
    inked = sum(
        image.pixelColor(x, y) != corner
        for x in range(0, image.width(), 9)
        for y in range(0, image.height(), 9)
    )
    assert inked > 200  # plots, not a blank image
    assert "documents done" in stats.summary.text()
