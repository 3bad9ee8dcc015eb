"""Review ▸ Adjudicate on a merged team project: by keyboard, undoable, exported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotation.exporter import ExportOptions, export
from annotation.model import DocStatus
from annotation.session import Session
from annotation.team.merge import merge
from desktop.main_window import MainWindow
from tests.annotation.team.conftest import PARIS, build_desk


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Path]:
    analysts = build_desk(tmp_path / "analysts")
    for who in analysts.values():
        who.close()
    path = tmp_path / "team.db"
    merge([analysts[name].path for name in ("alice", "bob", "carol")], path)
    yield path


def _key(window: MainWindow, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    window.view.setFocus()
    QTest.keyClick(window.view, key, modifier)


def _paris(window: MainWindow) -> int:
    store = window.session.store  # type: ignore[union-attr]
    return next(i for i in store.document_ids() if store.document(i).text == PARIS)


def _labels(window: MainWindow, document: int) -> dict[str, tuple[str, str | None]]:
    store = window.session.store  # type: ignore[union-attr]
    return {PARIS[s.start : s.end]: (s.label, s.value) for s in store.spans(document)}


def test_adjudication_by_keyboard_undoable_and_exported(
    make_window: Callable[..., MainWindow], team: Path, tmp_path: Path, qtbot: Any
) -> None:
    window = make_window(team)
    doc = _paris(window)
    window.open_document(doc)
    window.review.adjudicate.trigger()
    controller = window.review.controller
    assert controller.active and window.review.dock.isVisible()
    panel = controller.panel
    assert panel.list.count() == 3
    assert "1 alice, 2 bob, 3 carol" in panel.analysts.text()
    friday = panel.row_text(0)
    assert "'Friday'" in friday
    assert "alice: DATE 'Friday' = 2025-05-30" in friday
    assert "bob: DATE 'Friday' = 2025-06-06" in friday
    assert "carol: DATE 'Friday' = 2025-05-30" in friday
    assert controller.marks.marks and controller.marks.current == 0
    assert "2 bob: DATE 'Friday' = 2025-06-06" in controller.marks.banner
    # the label keys are the analysts' keys now; Tab steps through disagreements
    assert not any(item.isEnabled() for item in window.label_actions)
    assert not window.actions_.annotate.next_suggestion.isEnabled()

    _key(window, Qt.Key.Key_2)  # bob's value for Friday; moves on to Airbus
    assert _labels(window, doc)["Friday"] == ("DATE", "2025-06-06")
    assert controller.index == 1 and "now: bob's" in panel.row_text(0)
    assert "'Airbus'" in panel.row_text(1) and "3  carol: —" in panel.row_text(1)
    _key(window, Qt.Key.Key_B)  # both: ORG and PRODUCT on one stretch cannot stand
    message, error = window.status.last_notice
    assert error and "cannot both stand" in message
    assert "Airbus" not in _labels(window, doc)
    _key(window, Qt.Key.Key_1)  # alice's ORG
    assert _labels(window, doc)["Airbus"] == ("ORG", None)
    assert controller.index == 2 and "MEET event on 'met'" in panel.row_text(2)
    _key(window, Qt.Key.Key_Tab)  # round to Friday again
    assert controller.index == 0
    _key(window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert controller.index == 2
    _key(window, Qt.Key.Key_0)  # neither version of the event: it goes
    store = window.session.store  # type: ignore[union-attr]
    assert store.events(doc) == []

    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo, like every edit
    assert len(store.events(doc)) == 1
    _key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Airbus" not in _labels(window, doc)
    _key(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
    )
    assert _labels(window, doc)["Airbus"] == ("ORG", None)
    assert "now: alice's" in panel.row_text(1)

    window.actions_.document.mark_done.trigger()
    assert store.document(doc).status is DocStatus.DONE
    out = tmp_path / "out.jsonl"
    export(store, window.session.schema, out, "jsonl", ExportOptions(only_done=True))  # type: ignore[union-attr]
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    spans = {PARIS[s["start"] : s["end"]]: s["label"] for s in record["spans"]}
    assert spans["Airbus"] == "ORG" and spans["Friday"] == "DATE"

    window.review.adjudicate.trigger()  # leave review mode: the keys are the labels' again
    assert not controller.active and not window.review.dock.isVisible()
    assert all(item.isEnabled() for item in window.label_actions)
    assert window.actions_.annotate.next_suggestion.isEnabled()
    assert controller.marks.marks == ()


def test_adjudicate_refuses_a_project_that_is_not_a_team_project(window: MainWindow) -> None:
    window.review.adjudicate.trigger()
    assert not window.review.adjudicate.isChecked()
    assert not window.review.controller.active
    message, error = window.status.last_notice
    assert error and "Not a team project" in message
    assert all(item.isEnabled() for item in window.label_actions)


def test_team_progress_and_agreement_dialog(
    make_window: Callable[..., MainWindow], team: Path, qtbot: Any
) -> None:
    from desktop.adjudication_wiring import _show_team

    window = make_window(team)
    dialog = _show_team(window)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.progress.rowCount() == 3, timeout=30_000)
    names = [dialog.progress.item(row, 0).text() for row in range(3)]
    assert names == ["alice", "bob", "carol"]
    assert dialog.progress.item(1, 2).text() == "1"  # bob finished one article
    labels = [dialog.agreement.item(r, 0).text() for r in range(dialog.agreement.rowCount())]
    assert "PERSON" in labels and labels[-1] == "all"
    assert "Fleiss" in dialog.agreement_title.text()
    session = Session.open(team, create=False)
    session.close()


def test_an_export_from_the_window_says_what_a_team_project_holds(
    team: Path, tmp_path: Path
) -> None:
    from desktop.dialogs import ExportRequest
    from desktop.transfers import export_corpus

    # nothing is adjudicated (done) yet: JSONL is training data, so all documents are asked for
    request = ExportRequest(tmp_path / "out.jsonl", "jsonl", all_documents=True)
    summary = export_corpus(team, request, progress=lambda *_: None, cancelled=lambda: False)
    text = summary.text
    assert text.startswith(f"Exported 4 articles as jsonl to {request.path} (Included 4 ")
    assert ". Team project: " in text
    assert "0 adjudicated" in text and "1 with only what every analyst agrees on" in text
    assert summary.notes[0].startswith("Included 4 documents nobody marked done (4 new)")
