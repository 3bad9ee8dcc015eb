"""Words for spans, statuses and origins, shared by the tooltip, the inspector and the lists;
and document text shown as it is written.

Qt reads a label's text or a tooltip that looks like markup as rich text: a title
`<img src="/local.png">` would load and show that file. Text from documents, imports and
settings goes through `plain` (labels), `plain_tip` (tooltips) or `escape` (inside markup).
"""

from __future__ import annotations

from html import escape

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from annotation.dates.gloss import gloss, needs_gloss
from annotation.model import DocStatus, Span, SpanStatus, ValueOrigin

STATUS_WORDS = {
    SpanStatus.SUGGESTED: "suggested",
    SpanStatus.ACCEPTED: "accepted",
    SpanStatus.REJECTED: "rejected",
}
DOC_STATUS_WORDS = {
    DocStatus.NEW: "new",
    DocStatus.IN_PROGRESS: "in progress",
    DocStatus.DONE: "done",
    DocStatus.SKIPPED: "skipped",
}


def plain(label: QLabel) -> QLabel:
    """A label that shows its text as written, never as rich text."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` as written ('' stays '': no tooltip)."""
    return QtGui.Qt.convertFromPlainText(text) if text else ""


def quoted(text: str, limit: int = 60) -> str:
    """Text on one line, shortened with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def origin_words(origin: str) -> str:
    """'model:en_core_web_sm@3.8.0' -> 'model en_core_web_sm 3.8.0'; 'analyst:x' -> 'analyst x'."""
    kind, _, rest = origin.partition(":")
    if not rest:
        return kind
    name, _, version = rest.partition("@")
    return " ".join(part for part in (kind, name, version) if part)


def value_words(span: Span) -> str:
    """A calendar value with where it came from, or ''."""
    if span.value is None:
        return ""
    if span.value_origin is ValueOrigin.ANALYST:
        return f"{span.value} (set by analyst)"
    return f"{span.value} (computed)"


def glossed(value: str | None) -> str:
    """A calendar value with its words when the code needs reading: 'P3D · 3 days'."""
    if not value:
        return ""
    words = gloss(value) if needs_gloss(value) else None
    return f"{value} · {words}" if words else value


def tag_text(label: str, value: str | None) -> str:
    """What the label tag above a span says: the label, and the calendar value if there is one
    (in words too when the code needs reading: 'DATE P3D · 3 days')."""
    return f"{label} {glossed(value)}" if value else label


def tooltip_html(span: Span, text: str) -> str:
    """The hover text of a span."""
    rows = [
        f"<b>{escape(span.label)}</b> · {STATUS_WORDS[span.status]}",
        f"“{escape(quoted(span.text_in(text)))}”",
    ]
    if span.value is not None:
        rows.append(f"Value: <b>{escape(value_words(span))}</b>")
        words = gloss(span.value)
        if words:
            rows.append(escape(words))
    origin = origin_words(span.origin)
    if span.score is not None:
        origin += f" · score {span.score:.2f}"
    rows.append(f"From: {escape(origin)}")
    if span.suggested:
        was = span.suggested
        rows.append(
            f"Model said: {escape(str(was.get('label')))} {was.get('start')}–{was.get('end')}"
        )
    if span.note:
        rows.append(f"Note: {escape(quoted(span.note, 120))}")
    return "<br>".join(rows)
