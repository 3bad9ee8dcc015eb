"""Role arcs go around the text (issue 17, friction 5): with an event focused, every wire runs
in the lanes made above the lines and down the left margin, never across a line of text, and
every role label stands above its entity's tag, not over it (nor over any other tag)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from annotation.commands import AddArgument, AddEvent, AddSpan
from annotation.model import NewSpan
from annotation.session import Session
from desktop.main_window import MainWindow


def text_rects(window: MainWindow) -> list[QRectF]:
    """The text of every line on screen (without the room above it)."""
    view = window.view
    style = view.span_style
    assert style is not None
    found = []
    block = view.firstVisibleBlock()
    offset = view.contentOffset()
    while block.isValid():
        geo = view.blockBoundingGeometry(block).translated(offset)
        if geo.top() > view.viewport().height():
            break
        layout = block.layout()
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            if line.naturalTextWidth() <= 0:
                continue
            baseline = geo.top() + line.y() + line.ascent()
            top = baseline - style.text_metrics.ascent()
            height = style.text_metrics.ascent() + style.text_metrics.descent()
            found.append(QRectF(geo.left() + line.x(), top, line.naturalTextWidth(), height))
        block = block.next()
    return found


def clear_of_text(window: MainWindow, drawn: list[Any]) -> bool:
    lines = [line.adjusted(1, 1, -1, -1) for line in text_rects(window)]
    return not any(
        line.contains(path.pointAtPercent(step / 200))
        for path, _box in drawn
        for step in range(201)
        for line in lines
    )


def test_focused_roles_are_drawn_around_the_text_beside_their_tags(
    make_window: Callable[..., MainWindow], ians: Path, qtbot: Any
) -> None:
    session = Session.open(ians, annotator="tester")
    try:
        text = session.store.document(1).text
        met = text.index("met on the sidelines of the G20")

        def span(words: str, label: str, after: str) -> int:
            start = text.index(words, text.index(after))
            session.execute(AddSpan(1, NewSpan(start, start + len(words), label)))
            (found,) = [
                s.id
                for s in session.store.spans(1)
                if (s.start, s.end, s.label) == (start, start + len(words), label)
            ]
            return found

        made = session.execute(AddEvent("MEET", document=1, trigger_span=(met, met + 3)))
        (event,) = made.events
        for role, words, label in (
            ("time", "November 22", "DATE"),
            ("participant", "Narendra Modi", "PERSON"),
            ("occasion", "the G20 Summit", "EVENT"),
            ("place", "South Africa", "GPE"),
        ):
            session.execute(AddArgument(event, role, span(words, label, "On November 22")))
    finally:
        session.close()
    window = make_window(ians)
    controller = window.events.controller
    qtbot.waitUntil(lambda: event in controller.records)
    controller.focus(event)
    painter = controller.painter
    view = window.view

    def drawn() -> int:
        view.viewport().repaint()
        QApplication.processEvents()
        return len(painter.drawn)

    qtbot.waitUntil(lambda: drawn() == 4)
    # the lanes are room made above the lines: the view lays them out after the first paint
    qtbot.waitUntil(lambda: drawn() == 4 and clear_of_text(window, painter.drawn))
    lines = text_rects(window)
    article = view.article
    assert article is not None
    tags = [r for s in article.spans if (r := view.tag_rect(s)) is not None]
    assert tags
    for path, box in painter.drawn:
        for step in range(201):
            point = path.pointAtPercent(step / 200)
            assert not any(line.adjusted(1, 1, -1, -1).contains(point) for line in lines)
        assert not any(box.intersects(line) for line in lines)
        assert not any(box.intersects(tag) for tag in tags)
