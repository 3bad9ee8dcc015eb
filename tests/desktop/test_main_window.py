"""The window around the article: header, inspector, find, view options, projects, files."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotation.commands import AddSpan, Reject
from annotation.model import NewSpan, SpanStatus, ValueOrigin
from desktop import dialogs
from desktop.dialogs import ExportRequest, ImportRequest
from desktop.main_window import MainWindow
from tests.desktop.conftest import ARTICLE, drag, point_at, spans_in_file


def published(project: Path, document_id: int) -> str | None:
    conn = sqlite3.connect(project)
    try:
        return conn.execute(
            "SELECT published FROM document WHERE id = ?", (document_id,)
        ).fetchone()[0]
    finally:
        conn.close()


def type_into(widget: Any, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_header_shows_title_source_date_and_url(window: MainWindow) -> None:
    header = window.header
    assert header.title.text() == "India, South Korea"
    assert header.source.text() == "IANS"
    assert header.published.text() == "2025-12-06"
    assert header.url.text() == "no URL"
    assert header.counts.text() == "0 accepted · 10 to review ·"


def test_publication_date_is_edited_in_the_header_and_checked_by_the_core(
    window: MainWindow, project: Path
) -> None:
    type_into(window.header.published, "6 Dec 2025")
    text, error = window.status.last_notice
    # the core's refusal as it is, not as a bug ("Not saved: internal error ...")
    assert error and "not an ISO date" in text and "internal error" not in text
    assert window.header.published.text() == "2025-12-06"  # the refused text is not kept
    assert published(project, 1) == "2025-12-06"
    type_into(window.header.published, "2025-12-07")
    assert published(project, 1) == "2025-12-07"
    assert window.actions_.edit.undo.text() == "Undo Edit published of 'India, South Korea'"
    assert window.view.hasFocus()  # Enter hands the keyboard back to the article


def test_inspector_shows_and_edits_a_date_value(window: MainWindow, project: Path) -> None:
    session = window.session
    assert session is not None
    start = ARTICLE.index("November 22")
    change = session.execute(
        AddSpan(
            1,
            NewSpan(
                start, start + 11, "DATE", value="2025-11-22", value_origin=ValueOrigin.COMPUTED
            ),
        )
    )
    window.controller.select_span(change.added_span)
    inspector = window.inspector
    assert inspector.label.currentData() == "DATE"
    assert inspector.value.text() == "2025-11-22"
    assert inspector.value.isEnabled()
    words = "<b>Saturday 22 November 2025</b>"  # the value in words beside its origin
    assert inspector.value_origin.text() == f"{words} · computed from the publication date"
    type_into(inspector.value, "2025-11-21")
    span = session.store.span(change.added_span)
    assert (span.value, span.value_origin) == ("2025-11-21", ValueOrigin.ANALYST)
    assert inspector.value_origin.text() == "<b>Friday 21 November 2025</b> · set by an analyst"
    inspector.value_reset.click()
    assert session.store.span(change.added_span).value_origin is not ValueOrigin.ANALYST


def test_value_is_shown_on_hover_and_in_the_tag(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    start = ARTICLE.index("November 22")
    session.execute(AddSpan(1, NewSpan(start, start + 11, "DATE", value="2025-11-22")))
    from desktop.formatting import tag_text, tooltip_html

    span = next(s for s in window.controller.article.spans.values() if s.label == "DATE")
    assert tag_text(span.label, span.value) == "DATE 2025-11-22"
    assert "Value: <b>2025-11-22 (computed)</b>" in tooltip_html(span, ARTICLE)
    assert [s.id for s in window.view.spans_at(point_at(window.view, start + 2))] == [span.id]


def test_n_writes_a_note_on_the_selected_span(window: MainWindow, project: Path) -> None:
    window.controller.next_suggestion()
    span = window.controller.selected
    assert span is not None
    QTest.keyClick(window.view, Qt.Key.Key_N)
    assert window.inspector.note.hasFocus()
    QTest.keyClicks(window.inspector.note, "check the spelling")
    QTest.keyClick(window.inspector.note, Qt.Key.Key_Return)
    assert window.session.store.span(span.id).note == "check the spelling"
    assert window.view.hasFocus()


def test_inspector_relabels_accepts_and_lists_spans_by_label(
    window: MainWindow, project: Path
) -> None:
    window.controller.next_suggestion()
    span = window.controller.selected
    assert span is not None and span.label == "GPE"
    inspector = window.inspector
    inspector.label.setCurrentIndex(inspector.label.findData("LOC"))
    inspector.label.activated.emit(inspector.label.currentIndex())
    assert (0, 5, "LOC", "accepted") in spans_in_file(project, 1)
    QApplication.processEvents()  # the list follows in the next turn of the event loop
    model = inspector.tree_model
    groups = model.group_titles()
    assert groups == ["PERSON  (4)", "ORG  (2)", "GPE  (3)", "LOC  (1)"]
    rows = [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]
    assert ("GPE  (3)", "3 open") in rows
    assert rows[-2:] == [("LOC  (1)", ""), ("   India", "accepted")]
    person = model.index(1, 0)  # the first row under the PERSON heading
    inspector.tree.clicked.emit(person)
    assert window.controller.selected is not None
    assert window.controller.selected.label == "PERSON"


def test_show_rejected_toggles_rejected_spans(window: MainWindow, settings: Any) -> None:
    session = window.session
    assert session is not None
    india = next(s for s in window.controller.article.spans.values() if s.start == 0)
    session.execute(Reject(india.id))
    assert window.view.spans_at(point_at(window.view, 1)) == []
    window.actions_.view.show_rejected.trigger()
    assert [s.status for s in window.view.spans_at(point_at(window.view, 1))] == [
        SpanStatus.REJECTED
    ]
    assert settings.show_rejected


def test_find_marks_and_counts_matches(window: MainWindow) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    QTest.keyClicks(window.find_bar.field, "space")
    assert window.find_bar.count.text() == "1 of 2"
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert window.find_bar.count.text() == "2 of 2"
    selections = window.view.extraSelections()
    assert len(selections) == 1
    article = window.controller.article
    second = ARTICLE.index("space", ARTICLE.index("space") + 1)
    assert selections[0].cursor.selectionStart() == article.positions.to_utf16(second)
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible() and window.view.extraSelections() == []


def test_zoom_changes_the_font_and_is_remembered(window: MainWindow, settings: Any) -> None:
    before = window.view.font().pointSizeF()
    QTest.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == before + 1
    assert settings.font_size == before + 1
    QTest.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == before


def test_active_label_tags_every_drag(window: MainWindow, project: Path) -> None:
    window.label_bar._buttons["NORP"].click()
    assert window.controller.active_label == "NORP"
    indian = ARTICLE.index("Indian")
    drag(window.view, indian + 1, indian + 3)
    assert (indian, indian + 6, "NORP", "accepted") in spans_in_file(project, 1)
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.controller.active_label is None


def test_shortcuts_dialog_lists_the_keys(window: MainWindow) -> None:
    dialog = window.show_shortcuts()
    rows = dict(dialog.rows())
    assert rows["Tab"] == "Select the next suggestion"
    assert rows["Return, Enter, A"] == "Accept the selected span"
    assert rows["X, Del"].startswith("Reject a suggestion")
    assert rows["1"].startswith("Label PERSON")
    assert rows["Ctrl+Return, Ctrl+Enter"].startswith("Accept the remaining suggestions")
    assert "Shift+Left" in rows and "Alt+Right" in rows and "PgDown" in rows
    assert "Ctrl+Z" in rows and "Ctrl+F" in rows
    assert "Drag over text" in rows


def test_menus_come_in_order_with_events_before_help(window: MainWindow) -> None:
    titles = [item.text() for item in window.menuBar().actions()]
    assert titles == [
        "&File",
        "&Edit",
        "&View",
        "&Annotate",
        "&Article",
        "&Suggestions",
        "E&vents",
        "&Corpus",
        "&Review",
        "&Help",
    ]
    events = window.menuBar().actions()[6].menu()
    assert [item.objectName() for item in events.actions()[:2]] == ["make_event", "start_relation"]


def test_context_menu_offers_accept_reject_labels_and_delete(window: MainWindow) -> None:
    from desktop.span_menu import span_menu

    india = next(s for s in window.controller.article.spans.values() if s.start == 0)
    menu = span_menu(
        window,
        window.controller,
        india.id,
        edit_value=print,
        edit_note=print,
        find=window.actions_.edit.find,
    )
    texts = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    assert texts[1:] == ["Accept", "Reject", "Change label", "Note…", "Copy text", "Delete span"]
    menu.actions()[2].trigger()  # Accept
    assert window.controller.article.spans[india.id].status is SpanStatus.ACCEPTED


def test_settings_are_remembered_by_the_next_window(
    make_window: Any, project: Path, settings: Any
) -> None:
    first = make_window(project)
    first.actions_.view.show_rejected.setChecked(True)
    first.window().resize(700, 500)  # the top-level frame the workbench is built into
    first.open_document(2)
    first.close()
    second = make_window(project)
    assert second.actions_.view.show_rejected.isChecked()
    assert second.view.show_rejected
    assert second.controller.document_id == 2  # where the analyst left off
    assert second.window().size().width() == 700


def test_import_runs_in_the_background_and_the_list_follows(
    window: MainWindow, tmp_path: Path, monkeypatch: Any, qtbot: Any
) -> None:
    (tmp_path / "one.txt").write_text("Headline one\n\nKASA met ISRO in Seoul.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Headline two\n\nModi met Lee.\n", encoding="utf-8")
    monkeypatch.setattr(
        dialogs.ImportDialog, "ask", staticmethod(lambda *a, **k: ImportRequest((tmp_path,)))
    )
    assert window.documents.model.total == 3
    window.actions_.file.import_folder.trigger()
    qtbot.waitUntil(lambda: window.documents.model.total == 5, timeout=20_000)
    assert window.status.last_notice[0].startswith("Imported 2 articles")


def test_export_writes_jsonl_in_the_background(
    window: MainWindow, tmp_path: Path, monkeypatch: Any, qtbot: Any
) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    out = tmp_path / "out.jsonl"
    shown: list[str] = []
    monkeypatch.setattr(
        "desktop.transfers.Message.ask",
        staticmethod(lambda _parent, title, text: shown.append(text)),
    )
    # Nothing is marked done: JSONL is training data, so the export refuses and says why.
    monkeypatch.setattr(
        dialogs.ExportDialog, "ask", staticmethod(lambda *a, **k: ExportRequest(out, "jsonl"))
    )
    window.actions_.file.export.trigger()
    qtbot.waitUntil(lambda: "nothing to export" in window.status.last_notice[0], timeout=30_000)
    assert window.status.last_notice[1] and not out.exists()
    monkeypatch.setattr(
        dialogs.ExportDialog,
        "ask",
        staticmethod(lambda *a, **k: ExportRequest(out, "jsonl", all_documents=True)),
    )
    window.actions_.file.export.trigger()
    qtbot.waitUntil(
        lambda: out.exists() and window.status.last_notice[0].startswith("Exported"), timeout=30_000
    )
    first = orjson.loads(out.read_bytes().splitlines()[0])
    assert [(s["start"], s["end"], s["label"]) for s in first["spans"]] == [(0, 5, "GPE")]
    # the analyst is told, with counts, that text nobody reviewed went into training data
    (note,) = shown
    assert note.startswith("Included 3 documents nobody marked done (")
    assert "train only on answer 'accept'" in note


def test_a_file_that_is_not_a_project_is_refused_with_a_message(
    window: MainWindow, tmp_path: Path, monkeypatch: Any
) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs.Message, "ask", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    monkeypatch.setattr(
        "desktop.main_window.Message.ask",
        staticmethod(lambda _parent, _title, text: shown.append(text)),
    )
    assert not window.open_project(bogus)
    assert shown and "not a Dateline project" in shown[0]
    assert window.controller.document_id == 1  # the open project stays open
    assert bogus.read_text(encoding="utf-8") == "not a database"


@pytest.mark.parametrize("dark", [False, True])
def test_span_colours_stay_readable_on_light_and_dark(window: MainWindow, dark: bool) -> None:
    from PySide6.QtGui import QColor, QPalette

    from desktop.span_style import SpanStyle, contrast

    palette = QPalette()
    base, text = (
        (QColor("#1e1e1e"), QColor("#e8e8e8")) if dark else (QColor("#ffffff"), QColor("#1a1a1a"))
    )
    palette.setColor(QPalette.ColorRole.Base, base)
    palette.setColor(QPalette.ColorRole.Text, text)
    style = SpanStyle(window.session.schema, palette, window.view.font())
    assert style.dark == dark
    for label in window.session.schema.labels:
        for status in (SpanStatus.ACCEPTED, SpanStatus.SUGGESTED):
            fmt = style.char_format(label.name, status)
            fill = fmt.background().color()
            assert contrast(fmt.foreground().color(), fill) >= 4.5, (label.name, status)
            assert fill != base
        accepted = style.fill(label.name, SpanStatus.ACCEPTED)
        suggested = style.fill(label.name, SpanStatus.SUGGESTED)
        assert contrast(accepted, base) > contrast(suggested, base)  # suggestions are lighter
        tag = style.tag_colors(label.name, SpanStatus.SUGGESTED)
        assert contrast(tag.text, base) >= 4.5
