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


def _pages_read(model: DocumentListModel, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The offsets of the pages the model reads from now on."""
    assert model._session is not None
    store = model._session.store
    read: list[int] = []
    original = store.document_page

    def spy(offset: int, limit: int, **kwargs: Any) -> Any:
        read.append(offset)
        return original(offset, limit, **kwargs)

    monkeypatch.setattr(store, "document_page", spy)
    return read


def test_every_row_is_there_and_a_row_reads_only_its_page(
    big: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = DocumentListModel()
    model.set_session(big)
    read = _pages_read(model, monkeypatch)
    assert model.total == model.rowCount() == 1000
    assert model.data(model.index(999, TITLE)) == "Article 1000 about Seoul"
    assert read == [1000 - PAGE]  # not the pages before it
    assert model.data(model.index(0, TITLE)) == "Article 1"
    assert model.data(model.index(998, TITLE)) == "Article 999"
    assert read == [1000 - PAGE, 0]


def test_view_scrolled_to_the_end_reads_no_page_between(
    big: Session, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    widget = DocumentList()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.model.set_session(big)
    read = _pages_read(widget.model, monkeypatch)
    widget.show()
    qtbot.waitUntil(lambda: 0 in read)
    widget.table.scrollToBottom()
    qtbot.waitUntil(lambda: 1000 - PAGE in read)
    assert set(read) == {0, 1000 - PAGE}
    assert widget.count.text() == "1,000 documents"


def test_sorts_by_a_column_and_back_to_import_order(big: Session, qtbot: Any) -> None:
    widget = DocumentList()
    qtbot.addWidget(widget)
    widget.model.set_session(big)
    model = widget.model
    assert model.data(model.index(0, TITLE)) == "Article 1"  # import order at first
    widget.table.sortByColumn(TITLE, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, TITLE)) == "Article 999"
    assert model.data(model.index(999, TITLE)) == "Article 1"
    assert model.row_of(1) == 999 and model.row_of(999) == 0
    widget.table.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, STATUS)) == "done"
    assert model.row_of(10) == 0 and model.row_of(1) == 100
    widget.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, TITLE)) == "Article 1"


def test_filters_by_state_and_text(big: Session, qtbot: Any) -> None:
    widget = DocumentList()
    qtbot.addWidget(widget)
    widget.model.set_session(big)
    widget.status_filter.setCurrentText("Done")
    assert widget.model.total == 100
    widget.search.setText("seou")  # a word begun is enough
    qtbot.waitUntil(lambda: widget.model.total == 10)
    titles = [
        widget.model.data(widget.model.index(row, TITLE)) for row in range(widget.model.rowCount())
    ]
    assert titles[:2] == ["Article 100 about Seoul", "Article 200 about Seoul"]
    assert widget.count.text() == "10 documents"
    widget.search.setText("article 7 text")  # words of the text, in any column
    qtbot.waitUntil(lambda: widget.model.total == 0)
    widget.status_filter.setCurrentText("All")
    assert widget.model.total == 1
    assert widget.model.data(widget.model.index(0, TITLE)) == "Article 7"


def test_a_status_change_under_a_filter_moves_the_rows(big: Session) -> None:
    model = DocumentListModel()
    model.set_session(big)
    model.set_filter((DocStatus.NEW,))
    assert model.total == 900 and model.document_id(0) == 1
    model.apply(big.execute(SetDocumentStatus(1, DocStatus.DONE)))
    assert model.total == model.rowCount() == 899
    assert model.document_id(0) == 2


def test_a_change_rereads_only_the_rows_it_names(big: Session) -> None:
    model = DocumentListModel()
    model.set_session(big)
    model.data(model.index(0, TITLE))
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
    widget.set_current(450)  # beyond the first page
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
    assert model.rowCount() == 6
    for n in range(3):
        (tmp_path / f"b{n}.txt").write_text(f"Later {n}\n\nText {n}.")
    report = import_paths(session, sorted(tmp_path.glob("b*.txt")))  # announces a bulk change
    model.apply(Change("import", "bulk", documents=frozenset(report.document_ids), everything=True))
    assert model.rowCount() == model.total == 9
    assert model.data(model.index(8, TITLE)) == "Later 2"
    session.close()
