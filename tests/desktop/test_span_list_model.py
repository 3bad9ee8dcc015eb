"""The inspector's span list follows changes span by span, in text order within each label."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from annotation.commands import Accept, AddSpan, Reject, Relabel, RemoveSpan
from annotation.model import NewSpan
from desktop.main_window import MainWindow
from tests.desktop.conftest import ARTICLE


def titles(window: MainWindow) -> list[str]:
    QApplication.processEvents()  # the list follows a change in the next turn of the loop
    return window.inspector.tree_model.group_titles()


def children(window: MainWindow, label: str) -> list[tuple[str, str]]:
    """The rows under a label's heading: (text, status)."""
    QApplication.processEvents()
    model = window.inspector.tree_model
    rows = [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]
    start = next(i for i, (text, _) in enumerate(rows) if text.startswith(label + "  ("))
    found = []
    for text, status in rows[start + 1 :]:
        if not text.startswith("   "):
            break
        found.append((text.strip(), status))
    return found


def test_changes_move_rows_between_groups_and_keep_text_order(
    window: MainWindow, qtbot: Any
) -> None:
    session = window.session
    assert session is not None
    assert titles(window) == ["PERSON  (4)", "ORG  (2)", "GPE  (4)"]
    india = next(s for s in window.controller.article.spans.values() if s.start == 0)
    session.execute(Accept(india.id))
    assert children(window, "GPE")[0] == ("India", "accepted")
    session.execute(Relabel(india.id, "LOC"))
    assert titles(window) == ["PERSON  (4)", "ORG  (2)", "GPE  (3)", "LOC  (1)"]
    start = ARTICLE.index("Ambassador")
    added = session.execute(AddSpan(1, NewSpan(start, start + 10, "PERSON"))).added_span
    assert children(window, "PERSON") == [
        ("Ambassador", "accepted"),
        ("Gourangalal Das", "suggested"),
        ("Yoon Youngbin", "suggested"),
        ("Narendra Modi", "suggested"),
        ("Lee Jae-myung", "suggested"),
    ]
    session.execute(RemoveSpan(added))
    session.execute(RemoveSpan(india.id))
    assert titles(window) == ["PERSON  (4)", "ORG  (2)", "GPE  (3)"]
    kasa = next(
        s for s in window.controller.article.spans.values() if ARTICLE[s.start : s.end] == "KASA"
    )
    session.execute(Reject(kasa.id))
    assert titles(window) == ["PERSON  (4)", "ORG  (1)", "GPE  (3)"]  # rejected: hidden
    window.actions_.view.show_rejected.trigger()
    assert titles(window) == ["PERSON  (4)", "ORG  (2)", "GPE  (3)"]
    window.controller.select_span(kasa.id)
    current = window.inspector.tree.selectionModel().currentIndex()
    assert window.inspector.tree_model.span_id(current) == kasa.id
