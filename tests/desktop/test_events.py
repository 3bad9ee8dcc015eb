"""Events and relations in the real window, with the mouse and the keys, stored in the file.

The end-to-end flow records the two events of the sample article exactly as an analyst would
(double-click the trigger, E, click or drag to each span, a role key in the popup) and exports
through File ▸ Export. Popups are answered with real key presses once they are on screen; only
the event-type dialog's `ask` is patched (STYLE.md rule 11).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from annotation.event_suggest import EventHint, Slot
from annotation.session import Session
from annotation.suggest import Suggestion, save_suggestions
from desktop.dialogs import ExportDialog, ExportRequest
from desktop.event_dialogs import ChoicePopup, EventTypeChoice, EventTypeDialog
from desktop.main_window import MainWindow
from tests.desktop.conftest import click, double_click, drag, ians_project, point_at

RULES = [
    {"label": "PERSON", "pattern": [{"TEXT": "Narendra"}, {"TEXT": "Modi"}]},
    {
        "label": "PERSON",
        "pattern": [{"TEXT": "Lee"}, {"TEXT": "Jae"}, {"TEXT": "-"}, {"TEXT": "myung"}],
    },
    {"label": "GPE", "pattern": [{"TEXT": "South"}, {"TEXT": "Africa"}]},
    {"label": "ORG", "pattern": "KASA"},
    {"label": "ORG", "pattern": "ISRO"},
    {"label": "CARDINAL", "pattern": "two"},
]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The IANS sample article with rule-based entity suggestions (no model needed)."""
    path = tmp_path / "sample.db"
    with ians_project(path, RULES):
        return path


@pytest.fixture
def window(make_window: Callable[..., MainWindow], sample: Path) -> MainWindow:
    made = make_window(sample)
    assert made.controller.article is not None
    return made


def text_of(window: MainWindow) -> str:
    article = window.controller.article
    assert article is not None
    return article.text


def at(window: MainWindow, part: str, after: str = "") -> int:
    """Where `part` starts, at its first occurrence after `after`."""
    text = text_of(window)
    return text.index(part, text.index(after) if after else 0)


def key(
    window: MainWindow, name: Qt.Key | str, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    activate(window)
    window.view.setFocus()
    QTest.keyClick(window.view, name, modifier)


def activate(window: MainWindow) -> None:
    """Offscreen, a closed popup stays the active window until the next turn of the loop."""
    window.activateWindow()
    for _ in range(100):
        if QApplication.activeWindow() is window:
            return
        QApplication.processEvents()


def answer_popup(*keys: Qt.Key) -> list[str]:
    """Press keys in the next popup menu once it is on screen; returns what it offered."""
    offered: list[str] = []

    def press() -> None:
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, ChoicePopup) or not popup.isVisible():
            QTimer.singleShot(5, press)
            return
        offered.extend(popup.choices)
        for item in keys:
            QTest.keyClick(popup.focusWidget() or popup, item)

    QTimer.singleShot(0, press)
    return offered


def choose_type(monkeypatch: pytest.MonkeyPatch, chosen: str) -> list[tuple[str, ...]]:
    """Patch the event-type dialog to choose `chosen`; returns what it was offered first."""
    asked: list[tuple[str, ...]] = []

    def ask(_parent: Any, _types: Any, preferred: Any = (), *_args: Any) -> EventTypeChoice:
        asked.append(tuple(preferred))
        return EventTypeChoice(chosen)

    monkeypatch.setattr(EventTypeDialog, "ask", staticmethod(ask))
    return asked


def stored(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def roles_in_file(path: Path) -> list[tuple[str, str, str]]:
    """(event type, role, argument text) as stored, read through a fresh connection."""
    rows = stored(
        path,
        "SELECT e.type, a.role, s.start, s.end FROM argument a JOIN event e ON e.id = a.event_id"
        " JOIN span s ON s.id = a.span ORDER BY e.id, a.id",
    )
    text = stored(path, "SELECT text FROM document WHERE id = 1")[0][0]
    return [(type_, role, text[start:end]) for type_, role, start, end in rows]


def give_role(window: MainWindow, position: int, *keys: Qt.Key) -> list[str]:
    offered = answer_popup(*keys)
    click(window.view, position)
    return offered


# -- the whole flow -----------------------------------------------------------------------------


def test_an_analyst_records_meet_and_sign_agreement_and_exports_them(
    window: MainWindow, sample: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    view = window.view
    events = window.events.controller
    # MEET: double-click "met", E, the type (the dialog offered MEET first for "met")
    asked = choose_type(monkeypatch, "MEET")
    met = at(window, "met on the sidelines")
    double_click(view, met + 1)
    key(window, Qt.Key.Key_E)
    assert asked == [("MEET",)]
    assert events.record is not None and events.record.type == "MEET"
    assert window.controller.selected is not None and window.controller.selected.label == "MEET"
    # click a participant: the popup offers the roles that take PERSON; 1 takes the first
    assert give_role(window, at(window, "Narendra Modi") + 3, Qt.Key.Key_1) == ["participant"]
    give_role(window, at(window, "Lee Jae-myung") + 3, Qt.Key.Key_1)
    # drag from the trigger to South Africa: participant or place; 2 is place
    offered = answer_popup(Qt.Key.Key_2)
    south_africa = at(window, "South Africa", "G20")
    drag(view, met + 1, south_africa + len("South Africa"))
    assert offered == ["participant", "place"]
    # the date is not a span yet: drag over it, 5 makes it a DATE (the event stays focused)
    november = at(window, "November 22")
    drag(view, november + 1, november + len("November 22"))
    key(window, Qt.Key.Key_5)
    assert events.record is not None and events.record.type == "MEET"
    give_role(window, november + 2, Qt.Key.Key_1)
    assert events.record.missing == ()
    assert roles_in_file(sample) == [
        ("MEET", "participant", "Narendra Modi"),
        ("MEET", "participant", "Lee Jae-myung"),
        ("MEET", "place", "South Africa"),
        ("MEET", "time", "November 22"),
    ]
    # the Events dock lists the roles with their text, and the date's calendar value
    dock = window.events.dock
    qtbot.waitUntil(lambda: ("  time", "November 22 = 2025-11-22") in dock.rows())
    assert dock.rows()[0] == ("MEET", "“met”")
    # the arcs of the focused event go from the trigger to each argument
    assert {arc.label for arc in events.painter.arcs} == {
        "participant",
        "place",
        "time 2025-11-22",
    }
    key(window, Qt.Key.Key_Escape)
    assert events.focused is None and events.painter.arcs == ()

    # SIGN_AGREEMENT: KASA and ISRO sign; the MoU (labelled LAW with L) is the instrument
    choose_type(monkeypatch, "SIGN_AGREEMENT")
    signed = at(window, "signed to jointly")
    double_click(view, signed + 2)
    key(window, Qt.Key.Key_E)
    sentence = "The MoU between KASA"
    give_role(window, at(window, "KASA", sentence) + 1, Qt.Key.Key_1)
    give_role(window, at(window, "ISRO", sentence) + 1, Qt.Key.Key_1)
    mou = at(window, "MoU", sentence)
    double_click(view, mou + 1)
    key(window, Qt.Key.Key_L)
    # (a click right after the double-click would be a triple click: drag from the trigger)
    offered = answer_popup(Qt.Key.Key_1)
    drag(view, signed + 2, mou + len("MoU"))
    assert offered == ["instrument", "topic"]
    assert roles_in_file(sample)[4:] == [
        ("SIGN_AGREEMENT", "signatory", "KASA"),
        ("SIGN_AGREEMENT", "signatory", "ISRO"),
        ("SIGN_AGREEMENT", "instrument", "MoU"),
    ]

    # File ▸ Export, as JSONL
    out = tmp_path / "events.jsonl"
    monkeypatch.setattr(
        ExportDialog,
        "ask",
        staticmethod(lambda *_args: ExportRequest(out, "jsonl", all_documents=True)),
    )
    monkeypatch.setattr("desktop.transfers.Message.ask", staticmethod(lambda *_args: None))
    window.actions_.file.export.trigger()
    qtbot.waitUntil(
        lambda: out.exists() and "Exported" in window.status.last_notice[0], timeout=20_000
    )
    (record,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    text = record["text"]

    def shown(span: dict[str, Any]) -> str:
        return text[span["start"] : span["end"]]

    meet, sign = record["events"]
    assert (meet["type"], shown(meet["trigger"]), sign["type"], shown(sign["trigger"])) == (
        "MEET",
        "met",
        "SIGN_AGREEMENT",
        "signed",
    )
    assert [(a["role"], shown(a["span"]), a["span"]["label"]) for a in meet["arguments"]] == [
        ("participant", "Narendra Modi", "PERSON"),
        ("participant", "Lee Jae-myung", "PERSON"),
        ("place", "South Africa", "GPE"),
        ("time", "November 22", "DATE"),
    ]
    assert meet["arguments"][3]["span"]["value"] == "2025-11-22"
    assert [(a["role"], shown(a["span"]), a["span"]["label"]) for a in sign["arguments"]] == [
        ("signatory", "KASA", "ORG"),
        ("signatory", "ISRO", "ORG"),
        ("instrument", "MoU", "LAW"),
    ]
    assert meet["attributes"] == {"polarity": "positive", "context": "asserted"}
    assert {"MEET", "SIGN_AGREEMENT"}.isdisjoint(s["label"] for s in record["spans"])


# -- refusals, cascades, relations, the dock -----------------------------------------------------


def make_meet(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> int:
    choose_type(monkeypatch, "MEET")
    double_click(window.view, at(window, "met on the sidelines") + 1)
    key(window, Qt.Key.Key_E)
    record = window.events.controller.record
    assert record is not None
    return record.id


def test_a_role_refuses_a_span_whose_label_it_does_not_take_and_says_why(
    window: MainWindow, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_meet(window, monkeypatch)
    click(window.view, at(window, "two countries") + 1)  # CARDINAL
    message, error = window.status.last_notice
    assert error and message.startswith("No role of MEET takes CARDINAL: participant takes GPE")
    assert QApplication.activePopupWidget() is None
    assert roles_in_file(sample) == []
    # dragging from the trigger to it is refused the same way
    drag(window.view, at(window, "met on the sidelines") + 1, at(window, "two countries") + 3)
    assert window.status.last_notice[0].startswith("No role of MEET takes CARDINAL")
    assert roles_in_file(sample) == []


def test_deleting_a_linked_span_says_so_and_one_undo_brings_everything_back(
    window: MainWindow, sample: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_meet(window, monkeypatch)
    key(window, Qt.Key.Key_R)  # on the trigger: relations link entity spans
    assert window.status.last_notice == (
        "Relations link entity spans; an event trigger takes arguments instead (E)",
        True,
    )
    # the analyst's own span over "Prime Minister Narendra Modi" (it rejects the suggestion)
    start = at(window, "Prime Minister Narendra")
    drag(window.view, start + 1, at(window, "Narendra Modi") + len("Narendra Modi"))
    key(window, Qt.Key.Key_1)
    give_role(window, start + 2, Qt.Key.Key_1)
    # and a relation from it: Esc leaves the event, then R on the span, click South Africa,
    # 1 = AFFILIATION
    key(window, Qt.Key.Key_Escape)
    click(window.view, start + 2)
    key(window, Qt.Key.Key_R)
    assert window.events.controller.painter.banner.startswith("Relation from PERSON")
    offered = answer_popup(Qt.Key.Key_1)
    click(window.view, at(window, "South Africa", "G20") + 2)
    assert offered[:1] == ["AFFILIATION"]
    assert stored(sample, "SELECT label FROM relation") == [("AFFILIATION",)]
    before = (
        stored(sample, "SELECT * FROM span ORDER BY id")
        + stored(sample, "SELECT * FROM argument ORDER BY id")
        + stored(sample, "SELECT * FROM relation ORDER BY id")
    )
    # select the analyst's span: the inspector lists its two links
    click(window.view, start + 2)
    assert window.events.links.rows() == [
        "→ AFFILIATION  GPE “South Africa”",
        "participant of MEET “met”",
    ]
    key(window, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.status.last_notice[0].startswith("Deleted"))
    assert window.status.last_notice == (
        "Deleted PERSON 'Prime Minister Narendra Modi' and its 2 links · Ctrl+Z undoes",
        False,
    )
    assert stored(sample, "SELECT count(*) FROM relation") == [(0,)]
    assert roles_in_file(sample) == []
    assert window.session is not None and window.session.undo_text == (
        "Undo Delete PERSON 'Prime Minister Narendra Modi' and its 2 links"
    )
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    after = (
        stored(sample, "SELECT * FROM span ORDER BY id")
        + stored(sample, "SELECT * FROM argument ORDER BY id")
        + stored(sample, "SELECT * FROM relation ORDER BY id")
    )
    assert after == before
    assert roles_in_file(sample) == [("MEET", "participant", "Prime Minister Narendra Modi")]


def test_the_dock_lists_missing_roles_edits_attributes_and_removes_a_role(
    window: MainWindow, sample: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    event = make_meet(window, monkeypatch)
    dock = window.events.dock
    missing = [("MEET", "“met”"), ("  participant", "⚠ missing (required)")]
    qtbot.waitUntil(lambda: dock.rows() == missing)
    assert "needs participant" in window.events.controller.painter.banner
    give_role(window, at(window, "Narendra Modi") + 3, Qt.Key.Key_1)
    filled = [("MEET", "“met”"), ("  participant", "Narendra Modi")]
    qtbot.waitUntil(lambda: dock.rows() == filled)
    # attributes from the dock
    context = dock.attributes["context"]
    context.setCurrentIndex(context.findText("historical"))
    context.activated.emit(context.currentIndex())
    attributes = stored(sample, "SELECT attributes FROM event WHERE id = ?", event)[0][0]
    assert orjson.loads(attributes) == {"polarity": "positive", "context": "historical"}
    # select the role's row, Delete removes it from the event
    role = dock.model.index(0, 0, dock.model.index(0, 0))
    dock.tree.setCurrentIndex(role)
    dock.tree.setFocus()
    QTest.keyClick(dock.tree, Qt.Key.Key_Delete)
    assert roles_in_file(sample) == []
    assert window.actions_.edit.undo.text() == "Undo Remove participant from event"
    # clicking the event's row focuses it (Esc left it)
    key(window, Qt.Key.Key_Escape)
    assert window.events.controller.focused is None
    dock.tree.clicked.emit(dock.model.index(0, 0))
    assert window.events.controller.focused == event


def test_the_inspector_lists_a_spans_links_and_removes_one(
    window: MainWindow, sample: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    make_meet(window, monkeypatch)
    modi = at(window, "Narendra Modi") + 3
    give_role(window, modi, Qt.Key.Key_1)
    key(window, Qt.Key.Key_Escape)
    click(window.view, modi)
    links = window.events.links
    assert links.rows() == ["participant of MEET “met”"]
    # the selected span's links are drawn: the role comes from the trigger
    assert [(a.label, a.kind) for a in window.events.controller.painter.arcs] == [
        ("MEET · participant", "role")
    ]
    links.list.setCurrentRow(0)
    links.remove.click()
    assert roles_in_file(sample) == []
    assert links.rows() == []
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert roles_in_file(sample) == [("MEET", "participant", "Narendra Modi")]


def test_suggested_events_are_triaged_with_tab_enter_and_x(
    make_window: Callable[..., MainWindow], sample: Path, qtbot: Any
) -> None:
    # two suggested events, as a suggestion run stores them (the parse is not the point here)
    session = Session.open(sample)
    try:
        text = session.store.document(1).text
        met = text.index("met on the sidelines")
        signed = text.index("signed to jointly")
        modi = text.index("Modi", text.index("Narendra Modi"))
        kasa = text.index("KASA", text.index("The MoU between"))
        results = [
            (
                1,
                [
                    Suggestion(
                        met, met + 3, "MEET", event=EventHint((Slot("agent", modi, modi + 4),))
                    ),
                    Suggestion(
                        signed,
                        signed + 6,
                        "SIGN_AGREEMENT",
                        event=EventHint((Slot("agent", kasa, kasa + 4),)),
                    ),
                ],
            )
        ]
        save_suggestions(session, results, "model:test_events@1")
    finally:
        session.close()
    window = make_window(sample)
    events = window.events.controller
    qtbot.waitUntil(lambda: window.events.dock.event_count() == 2)
    assert {r.type for r in events.records.values()} == {"MEET", "SIGN_AGREEMENT"}
    # Tab reaches the suggested trigger, which focuses its event (its arcs dashed)
    for _ in range(40):
        key(window, Qt.Key.Key_Tab)
        selected = window.controller.selected
        if selected is not None and selected.label == "MEET":
            break
    assert events.record is not None and events.record.type == "MEET"
    assert [(a.label, a.tentative) for a in events.painter.arcs] == [("participant", True)]
    key(window, Qt.Key.Key_Return)  # accept the trigger: the event is accepted
    assert stored(sample, "SELECT status FROM span WHERE label = 'MEET'") == [("accepted",)]
    # X on the other trigger rejects it and removes its event
    for _ in range(40):
        selected = window.controller.selected
        if selected is not None and selected.label == "SIGN_AGREEMENT":
            break
        key(window, Qt.Key.Key_Tab)
    key(window, Qt.Key.Key_X)
    assert stored(sample, "SELECT status FROM span WHERE label = 'SIGN_AGREEMENT'") == [
        ("rejected",)
    ]
    assert stored(sample, "SELECT type FROM event") == [("MEET",)]
    assert window.status.last_notice[0] != ""


def test_the_event_type_dialog_filters_as_you_type(qtbot: Any, window: MainWindow) -> None:
    schema = window.session.schema if window.session else None
    assert schema is not None
    dialog = EventTypeDialog(window, schema.events, ("MEET",), "met")
    qtbot.addWidget(dialog)
    assert dialog.chosen() == EventTypeChoice("MEET")  # the trigger word's type comes first
    QTest.keyClicks(dialog.filter, "si")
    assert dialog.chosen() == EventTypeChoice("SIGN_AGREEMENT")  # a name first, then words
    dialog.filter.clear()
    QTest.keyClicks(dialog.filter, "agr")  # a word of the name
    assert dialog.chosen() == EventTypeChoice("SIGN_AGREEMENT")
    dialog.filter.clear()
    QTest.keyClicks(dialog.filter, "rallied")  # a trigger word
    assert dialog.list.count() == 1 and dialog.chosen() == EventTypeChoice("PROTEST")
    dialog.show()  # Return goes to the popup once it has the keyboard (as when asked)
    dialog.filter.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.filter)
    QTest.keyClick(dialog.filter, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted.value


def test_the_choice_menu_answers_to_number_keys(window: MainWindow) -> None:
    answer_popup(Qt.Key.Key_2)
    chosen = ChoicePopup.ask(
        window,
        "PERSON in MEET as…",
        [("participant", ""), ("occasion", "")],
        point_at(window.view, 0),
    )
    assert chosen is not None and chosen.name == "occasion"
