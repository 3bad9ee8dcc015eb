"""How spans look: fills, underlines and tag colours per label and status, for light and dark.

Colours come from the schema and are mixed with the palette's base colour, so text stays readable
on both light and dark themes. Accepted spans get a solid fill; suggestions a lighter fill and a
dashed underline; rejected ones (when shown) are struck through in a muted colour.

Label tags sit in room made above each line: the spaces of an annotated article are set in a
taller font (with the extra width taken back by negative letter spacing, so wrapping does not
change). QPlainTextEdit ignores block line heights, but a line is as tall as its tallest
character, and nearly every line holds a space. A paragraph whose tags do not fit side by side
gets the room of several rows (`spacer(rows)`), and its tags stack instead of being cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextCharFormat,
)

from annotation.model import SpanStatus
from annotation.schema import Schema

#: How much of the label colour goes into a fill, for (light, dark) palettes.
_ACCEPTED_MIX = (0.42, 0.46)
_SUGGESTED_MIX = (0.15, 0.22)
#: Tag font size relative to the text, and the space between a tag's edge and its text.
TAG_SCALE = 0.64
TAG_PAD = 3.0
_FALLBACK_COLOR = "#888888"
#: Event triggers (labelled with their event type, not a schema label): the arcs' colour.
TRIGGER_COLOR = "#7b3fb5"


def mix(color: QColor, base: QColor, amount: float) -> QColor:
    """`amount` of `color` over `base` (an opaque colour, so it looks the same everywhere)."""
    keep = 1.0 - amount
    return QColor(
        round(color.red() * amount + base.red() * keep),
        round(color.green() * amount + base.green() * keep),
        round(color.blue() * amount + base.blue() * keep),
    )


def luminance(color: QColor) -> float:
    """Relative luminance (WCAG), 0 (black) to 1 (white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: QColor, *candidates: QColor) -> QColor:
    """The candidate with the best contrast on `background`."""
    return max(candidates, key=lambda color: contrast(color, background))


def shade_for_text(color: QColor, background: QColor, target: float = 4.5) -> QColor:
    """`color` darkened (light background) or lightened (dark background) until it reads."""
    dark_background = luminance(background) < 0.3
    result = QColor(color)
    for _ in range(12):
        if contrast(result, background) >= target:
            break
        result = result.lighter(118) if dark_background else result.darker(118)
    return result


@dataclass(frozen=True)
class TagColors:
    """How a label tag is drawn."""

    fill: QColor | None
    border: QColor
    text: QColor
    dashed: bool = False
    struck: bool = False


class SpanStyle:
    """Formats and colours for one schema, palette and font."""

    def __init__(self, schema: Schema, palette: QPalette, font: QFont) -> None:
        self.schema = schema
        self.palette = palette
        self.font = QFont(font)
        self.base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.dark = luminance(self.base) < 0.3
        self.tag_font = QFont(font)
        self.tag_font.setPointSizeF(max(font.pointSizeF() * TAG_SCALE, 6.0))
        self.tag_font.setWeight(QFont.Weight.DemiBold)
        self.tag_metrics = QFontMetricsF(self.tag_font)
        self.struck_tag_font = QFont(self.tag_font)
        self.struck_tag_font.setStrikeOut(True)
        self._tag_widths: dict[str, float] = {}
        self._tag_colors: dict[tuple[str, SpanStatus], TagColors] = {}
        self._tag_pixmaps: dict[tuple[str, str, SpanStatus, bool, int], QPixmap] = {}
        self.device_pixel_ratio = 1.0
        self.text_metrics = QFontMetricsF(self.font)
        self.tag_height = self.tag_metrics.height() + 2
        self._spacers: dict[int, QTextCharFormat] = {}
        self._spacer = self.spacer(1)
        self._formats: dict[tuple[str, SpanStatus, int], QTextCharFormat] = {}
        self._colors: dict[str, QColor] = {}
        spacer_metrics = QFontMetricsF(self._spacer.font())
        #: room above the text of a line holding a tall space, in pixels
        self.room = spacer_metrics.ascent() - self.text_metrics.ascent()
        self.selection_color = palette.color(QPalette.ColorRole.Highlight)
        self.find_color = QColor("#ffe066") if not self.dark else QColor("#8a6d00")
        self.muted = palette.color(QPalette.ColorRole.PlaceholderText)

    def spacer(self, rows: int = 1) -> QTextCharFormat:
        """The format that makes a space tall enough to hold `rows` rows of tags above its line."""
        found = self._spacers.get(rows)
        if found is None:
            found = self._spacers[rows] = self._make_spacer(rows)
        return found

    def _make_spacer(self, rows: int) -> QTextCharFormat:
        wanted_room = rows * self.tag_height + 2
        ascent = self.text_metrics.ascent()
        scale = 1.0 + wanted_room / max(ascent, 1.0)
        tall = QFont(self.font)
        tall.setPointSizeF(self.font.pointSizeF() * scale)
        extra = QFontMetricsF(tall).horizontalAdvance(" ") - self.text_metrics.horizontalAdvance(
            " "
        )
        tall.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, -extra)
        spacer = QTextCharFormat()
        spacer.setFont(
            tall, QTextCharFormat.FontPropertiesInheritanceBehavior.FontPropertiesSpecifiedOnly
        )
        return spacer

    def tag_width(self, text: str) -> float:
        """The width of a tag's text (cached: articles repeat their labels)."""
        width = self._tag_widths.get(text)
        if width is None:
            width = self.tag_metrics.horizontalAdvance(text)
            self._tag_widths[text] = width
        return width

    def label_color(self, label: str) -> QColor:
        found = self._colors.get(label)
        if found is None:
            entry = self.schema.label(label)
            fallback = TRIGGER_COLOR if self.schema.is_trigger(label) else _FALLBACK_COLOR
            found = QColor(entry.color if entry is not None else fallback)
            self._colors[label] = found
        return found

    def fill(self, label: str, status: SpanStatus) -> QColor | None:
        """The background of a span's text, or None (rejected spans have none)."""
        if status is SpanStatus.REJECTED:
            return None
        amounts = _ACCEPTED_MIX if status is SpanStatus.ACCEPTED else _SUGGESTED_MIX
        return mix(self.label_color(label), self.base, amounts[self.dark])

    def char_format(self, label: str, status: SpanStatus, spaced: int = 0) -> QTextCharFormat:
        """The highlighter's format for a span (`spaced`: for the tall spaces inside it, in a
        paragraph with that many rows of tags)."""
        key = (label, status, int(spaced))
        found = self._formats.get(key)
        if found is not None:
            return found
        fmt = QTextCharFormat(self.spacer(int(spaced))) if spaced else QTextCharFormat()
        color = self.label_color(label)
        fill = self.fill(label, status)
        if fill is not None:
            fmt.setBackground(fill)
            fmt.setForeground(readable_on(fill, self.text, QColor("#000000"), QColor("#ffffff")))
        if status is SpanStatus.SUGGESTED:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(shade_for_text(color, self.base, 3.0))
        elif status is SpanStatus.REJECTED:
            fmt.setFontStrikeOut(True)
            fmt.setForeground(self.muted)
        self._formats[key] = fmt
        return fmt

    def tag_colors(self, label: str, status: SpanStatus) -> TagColors:
        key = (label, status)
        found = self._tag_colors.get(key)
        if found is None:
            found = self._tag_colors[key] = self._make_tag_colors(label, status)
        return found

    def tag_pixmap(
        self, text: str, label: str, status: SpanStatus, selected: bool, width: float
    ) -> QPixmap:
        """A label tag drawn once and reused (articles repeat a handful of labels)."""
        key = (text, label, status, selected, round(width))
        found = self._tag_pixmaps.get(key)
        if found is not None:
            return found
        ratio = self.device_pixel_ratio
        size = QSizeF(round(width), self.tag_height - 1)
        pixmap = QPixmap((size * ratio).toSize())
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = self.tag_colors(label, status)
        pen = QPen(self.selection_color if selected else colors.border, 1.6 if selected else 1.0)
        if colors.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(colors.fill if colors.fill is not None else Qt.BrushStyle.NoBrush)
        rect = QRectF(QPointF(0, 0), size).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setFont(self.struck_tag_font if colors.struck else self.tag_font)
        painter.setPen(colors.text)
        room = size.width() - 2 * TAG_PAD + 1
        if self.tag_width(text) > room:
            text = self.tag_metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        if len(self._tag_pixmaps) > 2000:
            self._tag_pixmaps.clear()
        self._tag_pixmaps[key] = pixmap
        return pixmap

    def _make_tag_colors(self, label: str, status: SpanStatus) -> TagColors:
        color = self.label_color(label)
        if status is SpanStatus.ACCEPTED:
            fill = color if not self.dark else mix(color, self.base, 0.8)
            text = readable_on(fill, QColor("#000000"), QColor("#ffffff"))
            return TagColors(fill, fill, text)
        if status is SpanStatus.SUGGESTED:
            text = shade_for_text(color, self.base)
            return TagColors(self.base, text, text, dashed=True)
        return TagColors(None, self.muted, self.muted, struck=True)
