"""The keyboard and mouse gestures of triage, on the real window, stored in the real file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.main_window import MainWindow
from tests.desktop.conftest import ARTICLE, document_status, drag, spans_in_file


def key(
    window: MainWindow,
    key: Qt.Key | str,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    window.view.setFocus()
    QTest.keyClick(window.view, key, modifier)


def test_drag_over_parts_of_two_words_then_a_label_key_makes_an_accepted_span(
    window: MainWindow, project: Path, qtbot: Any
) -> None:
    view = window.view
    start = ARTICLE.index("rangalal Das")  # inside "Gourangalal"
    end = ARTICLE.index("Das") + 2  # inside "Das"
    drag(view, start, end)
    assert window.controller.pending == (ARTICLE.index("Gourangalal"), ARTICLE.index("Das") + 3)
    key(window, Qt.Key.Key_1)  # PERSON
    stored = spans_in_file(project, 1)
    expected = (ARTICLE.index("Gourangalal"), ARTICLE.index("Das") + 3, "PERSON", "accepted")
    assert expected in stored
    # it replaced the ruler's suggestion with the same bounds (accepted it)
    assert [s for s in stored if s[:2] == expected[:2]] == [expected]
    assert window.status.saved.text() == "✓ All changes saved"


def selected_text(window: MainWindow) -> str:
    span = window.controller.selected
    assert span is not None
    return ARTICLE[span.start : span.end]


def test_tab_then_enter_accepts_a_suggestion_and_moves_on(
    window: MainWindow, project: Path
) -> None:
    key(window, Qt.Key.Key_Tab)
    assert selected_text(window) == "India"
    key(window, Qt.Key.Key_Return)
    india = (0, 5, "GPE", "accepted")
    assert india in spans_in_file(project, 1)
    assert selected_text(window) == "South Korea"  # on to the next suggestion
    key(window, Qt.Key.Key_A)
    assert (7, 18, "GPE", "accepted") in spans_in_file(project, 1)
    assert selected_text(window) == "Seoul"
    key(window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert selected_text(window) == "South Africa"  # no open suggestion before Seoul: wraps
    assert window.status.last_notice == ("Wrapped to the last suggestion", False)


def test_x_rejects_a_suggestion_and_ctrl_z_restores_it(window: MainWindow, project: Path) -> None:
    key(window, Qt.Key.Key_Tab)
    key(window, Qt.Key.Key_Tab)
    assert selected_text(window) == "South Korea"
    key(window, Qt.Key.Key_X)
    assert (7, 18, "GPE", "rejected") in spans_in_file(project, 1)
    undo = window.actions_.edit.undo
    assert undo.text() == "Undo Reject GPE 'South Korea'"
    assert undo.isEnabled()
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (7, 18, "GPE", "suggested") in spans_in_file(project, 1)
    assert selected_text(window) == "South Korea"  # the restored span is selected again
    assert window.actions_.edit.redo.text() == "Redo Reject GPE 'South Korea'"
    key(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert (7, 18, "GPE", "rejected") in spans_in_file(project, 1)


def test_delete_key_deletes_an_analysts_own_span(window: MainWindow, project: Path) -> None:
    start = ARTICLE.index("space cooperation")
    drag(window.view, start + 1, start + 8)  # "pace co": snaps to both words
    key(window, Qt.Key.Key_Q)  # PRODUCT
    assert (start, start + 17, "PRODUCT", "accepted") in spans_in_file(project, 1)
    key(window, Qt.Key.Key_Delete)
    assert all(span[2] != "PRODUCT" for span in spans_in_file(project, 1))


def test_a_label_key_relabels_the_selected_suggestion(window: MainWindow, project: Path) -> None:
    key(window, Qt.Key.Key_Tab)
    key(window, Qt.Key.Key_3 if False else Qt.Key.Key_2)  # India as ORG
    assert (0, 5, "ORG", "accepted") in spans_in_file(project, 1)
    assert window.actions_.edit.undo.text() == "Undo Relabel GPE 'India' as ORG"


def test_shift_and_alt_arrows_grow_and_shrink_by_a_token(window: MainWindow, project: Path) -> None:
    window.controller.next_suggestion()
    key(window, Qt.Key.Key_Tab)  # South Korea
    key(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert (7, 26, "GPE", "accepted") in spans_in_file(project, 1)  # + "explore"
    key(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert (13, 26, "GPE", "accepted") in spans_in_file(project, 1)  # - "South"
    key(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert (13, 18, "GPE", "accepted") in spans_in_file(project, 1)


def test_ctrl_enter_marks_the_article_done_and_opens_the_next(
    window: MainWindow, project: Path
) -> None:
    assert window.controller.document_id == 1
    key(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert document_status(project, 1) == "done"
    assert all(status == "accepted" for *_rest, status in spans_in_file(project, 1))
    assert window.controller.document_id == 2
    assert window.documents.model.current == 2
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step undoes all of it
    assert document_status(project, 1) != "done"
    assert window.controller.document_id == 1  # undo went back to the article it changed


def test_page_down_and_up_move_through_the_list(window: MainWindow) -> None:
    key(window, Qt.Key.Key_PageDown)
    assert window.controller.document_id == 2
    key(window, Qt.Key.Key_PageUp)
    assert window.controller.document_id == 1


def test_a_refused_edit_is_a_message_not_a_traceback(window: MainWindow, project: Path) -> None:
    key(window, Qt.Key.Key_Tab)
    key(window, Qt.Key.Key_Return)  # India accepted
    drag(window.view, 0, 13)  # "India, South" overlaps the accepted India
    key(window, Qt.Key.Key_4)
    text, error = window.status.last_notice
    assert error
    assert "overlaps GPE 'India'" in text
    assert all(span[2] != "LOC" for span in spans_in_file(project, 1))
