"""Document text is shown as written: a title `<img src="/local.png">` is those characters, never
a picture of a local file (Qt reads text that looks like markup as rich text)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel

from annotation.commands import AddSpan, Relabel
from annotation.model import NewSpan
from annotation.schema import load_schema
from annotation.session import Session
from desktop.document_list_model import TITLE
from desktop.event_dialogs import EventTypeDialog
from desktop.main_window import MainWindow
from tests.desktop.conftest import add_article

#: what markup would turn into something else: bold type, an entity, an image
MARKS = ("<b>bold</b>", "&amp;", "<img src=")


def displayed(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """The characters Qt shows for a label's text or a tooltip (rich text is laid out as HTML,
    an image as one object character)."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText().replace("\xa0", " ")


def shows_as_written(
    text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText, marks: int = len(MARKS)
) -> bool:
    """Whether the first `marks` of MARKS are shown as they are written."""
    shown = displayed(text, text_format)
    return all(mark in shown for mark in MARKS[:marks])


def label_shows_as_written(label: QLabel) -> bool:
    return shows_as_written(label.text(), label.textFormat())


def has_red(image: QImage) -> bool:
    return any(
        QColor(image.pixel(x, y)).getRgb()[:3] == (255, 0, 0)
        for x in range(image.width())
        for y in range(image.height())
    )


def test_document_text_is_shown_as_written_never_as_rich_text(
    make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    picture = tmp_path / "local.png"
    red = QImage(24, 24, QImage.Format.Format_RGB32)
    red.fill(QColor(255, 0, 0))
    assert red.save(str(picture))
    hostile = f'<b>bold</b> &amp; <img src="{picture}">'
    text = f"Talks in Seoul: {hostile} ended."
    project = tmp_path / "p.db"
    session = Session.open(project, annotator=hostile)
    try:
        document = add_article(
            session,
            text,
            hostile,
            source=hostile,
            published="2025-12-06",
            meta={"published_inferred": {"value": "2025-12-06", "evidence": hostile}},
        )
        start = text.index(hostile)
        added = session.execute(AddSpan(document, NewSpan(start, start + len(hostile), "ORG")))
        span = added.added_span
        assert span is not None
    finally:
        session.close()
    window = make_window(project)
    header = window.header
    assert label_shows_as_written(header.title) and label_shows_as_written(header.source)
    assert shows_as_written(header.inferred.toolTip())
    assert not has_red(header.title.grab().toImage())  # the file was not drawn
    model = window.documents.model
    assert shows_as_written(model.data(model.index(0, TITLE), Qt.ItemDataRole.ToolTipRole))

    window.controller.select_span(span)
    inspector = window.inspector
    assert label_shows_as_written(inspector.quote) and label_shows_as_written(inspector.origin)
    inspector.update_spans(None)
    spans = inspector.tree_model
    assert shows_as_written(spans.data(spans.index_of(span), Qt.ItemDataRole.ToolTipRole))
    window.controller.execute(Relabel(span, "GPE"))  # the status bar's tip names the edit
    # (the edit's description shortens the text: the bold and the entity are in it)
    assert shows_as_written(window.status.saved.toolTip(), marks=2)

    dialog = EventTypeDialog(window, load_schema().events, trigger=hostile)
    title = dialog.findChild(QLabel, "event_type_title")
    assert title is not None and label_shows_as_written(title)
    dialog.deleteLater()
