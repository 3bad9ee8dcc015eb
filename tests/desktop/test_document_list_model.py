"""The document list reads pages as the view scrolls, filters in SQL, and follows changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from annotation.commands import SetDocumentStatus
from annotation.model import DocStatus
from annotation.session import Change, Session
from annotation.store import now
from desktop.document_list import DocumentList
from desktop.document_list_model import PAGE, STATUS, TITLE, DocumentListModel


@pytest.fixture
def big(tmp_path: Path) -> Session:
    """1,000 documents; every tenth done."""
    session = Session.open(tmp_path / "big.db", annotator="tester")
    time = now()
    rows = [
        {
            "id": i,
            "uid": f"uid-{i}",
            "text": f"Article {i} text.",
            "title": f"Article {i}" + (" about Seoul" if i % 100 == 0 else ""),
            "source": "Wire",
            "url": None,
            "published": "2025-01-01",
            "place": None,
            "language": "en",
            "meta": {},
            "status": "done" if i % 10 == 0 else "new",
            "created": time,
            "updated": time,
        }
        for i in range(1, 1001)
    ]
    with session.store.transaction():
        session.store.insert_many("document", rows)
    yield session
    session.close()


def test_model_fetches_a_page_at_a_time(big: Session) -> None:
    model = DocumentListModel()
    model.set_session(big)
    assert model.total == 1000
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE
    assert model.data(model.index(0, TITLE)) == "Article 1"
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000


def test_view_loads_only_what_it_shows(big: Session, qtbot: Any) -> None:
    widget = DocumentList()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.model.set_session(big)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    assert widget.model.rowCount() == PAGE  # not 1,000
    widget.table.scrollToBottom()
    qtbot.waitUntil(lambda: widget.model.rowCount() > PAGE)
    assert widget.count.text() == "1,000 documents"


def test_filters_by_state_and_text(big: Session, qtbot: Any) -> None:
    widget = DocumentList()
    qtbot.addWidget(widget)
    widget.model.set_session(big)
    widget.status_filter.setCurrentText("Done")
    assert widget.model.total == 100
    widget.search.setText("seoul")
    qtbot.waitUntil(lambda: widget.model.total == 10)
    widget.model.fetchMore()
    titles = [
        widget.model.data(widget.model.index(row, TITLE)) for row in range(widget.model.rowCount())
    ]
    assert titles[:2] == ["Article 100 about Seoul", "Article 200 about Seoul"]
    assert widget.count.text() == "10 documents"


def test_a_change_rereads_only_the_rows_it_names(big: Session) -> None:
    model = DocumentListModel()
    model.set_session(big)
    model.fetchMore()
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    change = big.execute(SetDocumentStatus(5, DocStatus.DONE))
    model.apply(change)
    assert changed == [4]
    assert model.data(model.index(4, STATUS)) == "done"
    model.apply(Change("unrelated", "do", documents=frozenset({999_999})))
    assert changed == [4]


def test_current_document_is_selected_and_bold(big: Session, qtbot: Any) -> None:
    widget = DocumentList()
    qtbot.addWidget(widget)
    widget.model.set_session(big)
    widget.set_current(450)  # beyond the first page: a few pages are fetched to reach it
    row = widget.model.row_of(450)
    assert row == 449
    assert widget.table.selectionModel().currentIndex().row() == row
    font = widget.model.data(widget.model.index(row, TITLE), Qt.ItemDataRole.FontRole)
    assert font.bold()


def test_documents_imported_after_the_list_was_complete_appear(tmp_path: Path) -> None:
    from annotation.importer import import_paths

    session = Session.open(tmp_path / "p.db")
    for n in range(6):
        (tmp_path / f"a{n}.txt").write_text(f"Article {n}\n\nText {n}.")
    import_paths(session, sorted(tmp_path.glob("a*.txt")))
    model = DocumentListModel()
    model.set_session(session)
    model.fetchMore()
    assert model.rowCount() == 6 and not model.canFetchMore()
    for n in range(3):
        (tmp_path / f"b{n}.txt").write_text(f"Later {n}\n\nText {n}.")
    report = import_paths(session, sorted(tmp_path.glob("b*.txt")))  # announces a bulk change
    model.apply(Change("import", "bulk", documents=frozenset(report.document_ids), everything=True))
    assert model.rowCount() == model.total == 9
    assert model.data(model.index(8, TITLE)) == "Later 2"
    session.close()
