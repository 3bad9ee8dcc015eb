"""The document list at any offset, in each order, with its filters, and a document's row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotation.model import DocStatus
from annotation.session import Session
from annotation.store import ListOrder, now

TITLES = ["delta", "Alpha", "charlie", "bravo", "Echo", "alpha two"]
SOURCES = ["Wire", None, "Agency", "Wire", None, "Agency"]
PUBLISHED = ["2025-03-01", None, "2025-01-02", "2025-03-01", "2024-12-31", None]
STATES = ["new", "done", "new", "in_progress", "done", "new"]


@pytest.fixture
def listed(tmp_path: Path) -> Iterator[Session]:
    session = Session.open(tmp_path / "list.db")
    time = now()
    rows = [
        {
            "id": i + 1,
            "uid": f"u{i}",
            "text": f"Story {i} from Nairobi" if i % 2 else f"Story {i} from Seoul",
            "title": title,
            "source": SOURCES[i],
            "published": PUBLISHED[i],
            "meta": {},
            "status": STATES[i],
            "created": time,
            "updated": time,
        }
        for i, title in enumerate(TITLES)
    ]
    with session.store.transaction():
        session.store.insert_many("document", rows)
    yield session
    session.close()


def _expected(order: ListOrder, descending: bool, keep: set[int] | None = None) -> list[int]:
    columns = {
        "id": [i + 1 for i in range(6)],
        "title": TITLES,
        "source": SOURCES,
        "published": PUBLISHED,
        "status": STATES,
    }[order]
    ids = [i + 1 for i in range(6) if keep is None or i + 1 in keep]
    # SQLite's order: NULL first, then BINARY text order; ties by id
    key = {i + 1: (columns[i] is not None, columns[i] or "", i + 1) for i in range(6)}
    return sorted(ids, key=lambda i: key[i], reverse=descending)


@pytest.mark.parametrize("order", ["id", "title", "source", "published", "status"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_and_positions_in_every_order(
    listed: Session, order: ListOrder, descending: bool
) -> None:
    store = listed.store
    expected = _expected(order, descending)
    whole = [d.id for d in store.document_page(0, 100, order=order, descending=descending)]
    assert whole == expected
    for offset in range(6):
        page = store.document_page(offset, 2, order=order, descending=descending)
        assert [d.id for d in page] == expected[offset : offset + 2]
    for row, document_id in enumerate(expected):
        assert store.document_position(document_id, order=order, descending=descending) == row


@pytest.mark.parametrize("order", ["id", "title", "published"])
def test_pages_and_positions_with_a_filter(listed: Session, order: ListOrder) -> None:
    store = listed.store
    todo = (DocStatus.NEW, DocStatus.IN_PROGRESS)
    keep = {1, 3, 4, 6} & {1, 3, 5}  # to do, and from Seoul
    expected = _expected(order, False, keep)
    page = store.document_page(0, 10, order=order, statuses=todo, text="seoul")
    assert [d.id for d in page] == expected
    assert store.count_documents(todo, "seoul") == len(expected)
    for row, document_id in enumerate(expected):
        assert store.document_position(document_id, order=order, statuses=todo, text="seo") == row
    assert store.document_position(5, order=order, statuses=todo, text="seoul") is None
    assert store.document_position(2, order=order, statuses=todo) is None
