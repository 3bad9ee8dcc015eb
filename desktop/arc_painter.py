"""Labelled arcs over the article for the focused event or span (an `ArticleView` overlay).

Only the focused item's links are drawn, so a long article stays readable and painting stays
cheap: a handful of spans are measured per paint, and only those in visible blocks. Arcs go
around the text, not across it: each line holding an end gets a lane above its tags (the view
makes the room), its lower row for the role labels (beside the entity's own tag, never over it)
and its upper row for the wires; a wire runs along its line's lane, and between lines down the
left margin, each arc in a track of its own. The rest of the page is veiled; an end scrolled
off screen is drawn at the edge, the label saying where it goes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

from desktop.article_view import ArticleView
from desktop.formatting import quoted, tag_text
from desktop.span_style import (
    TAG_PAD,
    TRIGGER_COLOR,
    SpanStyle,
    readable_on,
    shade_for_text,
)

ArcKind = Literal["role", "relation"]
_ROLE_COLOR = TRIGGER_COLOR
_RELATION_COLOR = "#0b7a68"
#: How much the veil hides the page around the focused item (0-255).
_VEIL = 150


@dataclass(frozen=True)
class Arc:
    """A link to draw: from a trigger (or a relation's head) to a span, with its label."""

    source: int
    target: int
    label: str
    kind: ArcKind = "role"
    #: the event is a suggestion (its trigger not accepted yet): drawn dashed
    tentative: bool = False


@dataclass(frozen=True)
class _End:
    """Where an arc meets a span: a point above its tag, or off screen (-1 above, 1 below);
    and the lane above its line (`lane`: its top), when the view has laid it out."""

    point: QPointF | None
    rects: tuple[QRectF, ...] = ()
    off: int = 0
    lane: float | None = None
    tag: QRectF | None = None


@dataclass
class _Paint:
    """What one paint draws with: the painter, the view and its style, and the label boxes
    placed so far (a later label steps aside from them)."""

    painter: QPainter
    view: ArticleView
    style: SpanStyle
    placed: list[QRectF] = field(default_factory=list)


class ArcPainter:
    """Paints the focused item's arcs, a banner saying what is focused, and a drag's line."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.arcs: tuple[Arc, ...] = ()
        #: spans kept bright under the veil (the focused item's)
        self.spotlight: frozenset[int] = frozenset()
        self.banner = ""
        #: a link being dragged: the span it starts from and the mouse (viewport)
        self.rubber: tuple[int, QPointF] | None = None
        #: what the last paint drew (viewport): each wire, and each label's box
        self.drawn: list[tuple[QPainterPath, QRectF]] = []
        view.add_overlay(self)

    def show(self, arcs: tuple[Arc, ...], spotlight: frozenset[int], banner: str) -> None:
        if (arcs, spotlight, banner) == (self.arcs, self.spotlight, self.banner):
            return
        self.arcs, self.spotlight, self.banner = arcs, spotlight, banner
        ends = {end for arc in arcs for end in (arc.source, arc.target)}
        self.view.set_lanes(frozenset(ends))
        self.view.viewport().update()

    def drag_to(self, source: int | None, point: QPointF | None) -> None:
        self.rubber = (source, point) if source is not None and point is not None else None
        self.view.viewport().update()

    # -- painting --------------------------------------------------------------------------------

    def __call__(self, painter: QPainter, view: ArticleView) -> None:
        style = view.span_style
        if style is None or view.article is None:
            return
        if not (self.arcs or self.banner or self.rubber):
            return
        first, last = view.visible_blocks()
        ends: dict[int, _End] = {}

        def end(span_id: int) -> _End:
            found = ends.get(span_id)
            if found is None:
                found = ends[span_id] = self._end(view, style, span_id, first, last)
            return found

        self.drawn = []
        paint = _Paint(painter, view, style)
        painter.save()
        try:
            if self.arcs or self.rubber:
                self._veil(paint, [end(i) for i in self._bright()])
            labels = [
                self._arc(paint, arc, end(arc.source), end(arc.target), n)
                for n, arc in enumerate(self.arcs)
            ]
            for label in labels:  # over every curve, so no curve crosses a label
                if label is not None:
                    label()
            if self.rubber is not None:
                source, point = self.rubber
                self._rubber(paint, end(source), point)
            if self.banner:
                self._banner(paint)
        finally:
            painter.restore()

    def _bright(self) -> set[int]:
        bright = set(self.spotlight)
        for arc in self.arcs:
            bright.update((arc.source, arc.target))
        if self.rubber is not None:
            bright.add(self.rubber[0])
        return bright

    def _end(
        self, view: ArticleView, style: SpanStyle, span_id: int, first: int, last: int
    ) -> _End:
        article = view.article
        if article is None or span_id not in article.spans:
            return _End(None, off=-1)
        brief = article.spans.brief(span_id)
        block = article.line_of(brief.start)
        if block < first:
            return _End(None, off=-1)
        if block > last:
            return _End(None, off=1)
        rects = tuple(view.span_rects(brief.start, brief.end))
        if not rects:
            return _End(None, off=-1 if block == first else 1)
        rect = rects[0]
        tag = view.tag_rect(span_id)
        top = tag.top() if tag is not None else rect.top() - style.tag_height
        height = view.viewport().height()
        if rect.bottom() < 0:
            return _End(None, rects, off=-1)
        if top > height:
            return _End(None, rects, off=1)
        x = tag.center().x() if tag is not None else rect.center().x()
        return _End(QPointF(x, top), rects, lane=view.lane(span_id), tag=tag)

    def _veil(self, paint: _Paint, ends: list[_End]) -> None:
        style = paint.style
        area = QRectF(paint.view.viewport().rect())
        veil = QPainterPath()
        veil.addRect(area)
        holes = QPainterPath()
        for found in ends:
            for rect in found.rects:
                holes.addRoundedRect(rect.adjusted(-3, -style.tag_height - 2, 3, 3), 4, 4)
            if found.tag is not None:
                holes.addRoundedRect(found.tag.adjusted(-3, -2, 3, 2), 4, 4)
        color = QColor(style.base)
        color.setAlpha(_VEIL)
        paint.painter.fillPath(veil.subtracted(holes), color)

    def _color(self, style: SpanStyle, kind: ArcKind) -> QColor:
        base = QColor(_ROLE_COLOR if kind == "role" else _RELATION_COLOR)
        return shade_for_text(base, style.base, 4.5)

    def _arc(
        self, paint: _Paint, arc: Arc, source: _End, target: _End, track: int = 0
    ) -> Callable[[], None] | None:
        """Draw the wire from the source to a label standing above the target's tag; returns
        what draws the label, after every wire. Labels stand at their targets, which are apart,
        so they do not pile up at the trigger where every arc of an event begins."""
        if source.point is None and target.point is None:
            return None
        if source.lane is not None and target.lane is not None:
            return self._wire(paint, arc, source, target, track)
        view, style = paint.view, paint.style
        height = view.viewport().height()
        label = arc.label
        start, finish = source.point, target.point
        if start is None and finish is not None:  # the trigger is off screen
            start = QPointF(finish.x() + 40, 2.0 if source.off < 0 else height - 2.0)
            label = (
                f"{label} (from {self._text(view, arc.source)} {'↑' if source.off < 0 else '↓'})"
            )
        elif finish is None and start is not None:  # the argument is off screen
            edge = 4.0 if target.off < 0 else height - style.tag_height - 8.0
            finish = QPointF(start.x() + 60, edge + style.tag_height)
            label = f"{label} {'↑' if target.off < 0 else '↓'} {self._text(view, arc.target)}"
        assert start is not None and finish is not None
        left = target.rects[0].left() if target.point is not None and target.rects else None
        cover = self._tag_width(view, style, arc.target) if target.point is not None else 0.0
        box = self._label_box(paint, label, finish, left, cover)
        path, end = _route(start, box)
        color = self._color(style, arc.kind)
        _stroke(paint.painter, path, color, 1.8, arc.tentative)
        if source.point is not None:
            paint.painter.drawEllipse(start, 3.0, 3.0)
        head = _arrow_head(path.pointAtPercent(0.9), end, 6.0)

        return _label_drawer(paint.painter, style, color, head, box, label)

    def _wire(
        self, paint: _Paint, arc: Arc, source: _End, target: _End, track: int
    ) -> Callable[[], None]:
        """Both ends on screen, with their lanes: up from the source's tag to its lane's wire
        row, along it (to the left margin and down it, for another line), along the target's
        wire row, and down onto its label in the row below, beside the entity's own tag."""
        assert source.point is not None and target.point is not None
        assert source.lane is not None and target.lane is not None
        view, style, placed = paint.view, paint.style, paint.placed
        height = style.tag_height
        label = arc.label
        width = style.tag_width(label) + 12
        x = target.tag.left() if target.tag is not None else target.point.x() - width / 2
        x = min(max(x, 2.0), view.viewport().width() - width - 2.0)
        box = QRectF(x, target.lane + height, width, height - 1)
        for _ in range(len(placed)):
            other = next((o for o in placed if o.intersects(box)), None)
            if other is None:
                break
            box.moveLeft(other.right() + 3)
        placed.append(box)
        wire_from = source.lane + height / 2
        wire_to = target.lane + height / 2
        land = box.center().x()
        start = source.point
        path = QPainterPath(start)
        path.lineTo(start.x(), wire_from)
        if abs(wire_from - wire_to) >= 1:
            margin = 4.0 + 4.0 * (track % 4)  # the left margin: no text there
            path.lineTo(margin, wire_from)
            path.lineTo(margin, wire_to)
        path.lineTo(land, wire_to)
        end = QPointF(land, box.top())
        path.lineTo(end)
        color = self._color(style, arc.kind)
        _stroke(paint.painter, path, color, 1.6, arc.tentative, Qt.PenJoinStyle.RoundJoin)
        paint.painter.drawEllipse(start, 3.0, 3.0)
        head = _arrow_head(QPointF(land, wire_to), end, 5.0)
        self.drawn.append((path, QRectF(box)))

        return _label_drawer(paint.painter, style, color, head, box, label)

    def _tag_width(self, view: ArticleView, style: SpanStyle, span_id: int) -> float:
        """The width of the target's own tag, which the role label covers whole."""
        article = view.article
        if article is None or span_id not in article.spans:
            return 0.0
        brief = article.spans.brief(span_id)
        return style.tag_width(tag_text(brief.label, brief.value)) + 2 * TAG_PAD

    def _text(self, view: ArticleView, span_id: int) -> str:
        article = view.article
        if article is None or span_id not in article.spans:
            return ""
        brief = article.spans.brief(span_id)
        return f"“{quoted(article.text[brief.start : brief.end], 24)}”"

    def _label_box(
        self, paint: _Paint, text: str, finish: QPointF, left: float | None, cover: float = 0.0
    ) -> QRectF:
        """Where the target's tag is (the role stands in for the label while focused), kept on
        screen; moved up while it would cover another arc's label."""
        view, style, placed = paint.view, paint.style, paint.placed
        width = max(style.tag_width(text) + 12, cover)
        height = style.tag_height - 1
        x = left if left is not None else finish.x() - width / 2
        x = min(max(x, 2.0), view.viewport().width() - width - 2.0)
        box = QRectF(x, finish.y(), width, height)
        for _ in range(4):
            if not any(box.intersects(other) for other in placed):
                break
            box.translate(0, -(height + 2))
        placed.append(box)
        return box

    def _rubber(self, paint: _Paint, source: _End, point: QPointF) -> None:
        if source.point is None:
            return
        path = _curve(source.point, point)
        _stroke(paint.painter, path, self._color(paint.style, "role"), 1.8, dashed=True)
        paint.painter.drawPolygon(_arrow_head(path.pointAtPercent(0.93), point))

    def _banner(self, paint: _Paint) -> None:
        painter, view, style = paint.painter, paint.view, paint.style
        text = self.banner
        metrics = style.tag_metrics
        width = metrics.horizontalAdvance(text) + 20
        height = metrics.height() + 10
        area = view.viewport().rect()
        rect = QRectF(area.right() - width - 10, 6, width, height)
        color = self._color(style, "relation" if text.startswith("Relation") else "role")
        painter.setPen(QPen(color, 1.2))
        fill = QColor(style.base)
        fill.setAlpha(240)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 6, 6)
        painter.setFont(style.tag_font)
        painter.setPen(color)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _stroke(
    painter: QPainter,
    path: QPainterPath,
    color: QColor,
    width: float,
    dashed: bool,
    join: Qt.PenJoinStyle = Qt.PenJoinStyle.BevelJoin,
) -> None:
    """Draw a wire (dashed for a suggested event or a drag), leaving the brush in its colour
    for the dot and the arrow head."""
    line = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(color, width, line, Qt.PenCapStyle.RoundCap, join))
    painter.drawPath(path)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)


def _curve(start: QPointF, finish: QPointF) -> QPainterPath:
    """An arc above the text: rising from `start`, landing on `finish` from above."""
    dx = abs(finish.x() - start.x())
    same_line = abs(finish.y() - start.y()) < 3
    lift = min(max(16.0, dx * 0.16), 36.0) if same_line else 26.0
    path = QPainterPath(start)
    path.cubicTo(
        QPointF(start.x(), start.y() - lift),
        QPointF(finish.x(), finish.y() - lift),
        finish,
    )
    return path


def _route(start: QPointF, box: QRectF) -> tuple[QPainterPath, QPointF]:
    """The curve from a source point to a label, and where it meets the label.

    On the source's own line it arches over and lands on the label's top; to another line it
    leaves upwards and comes in level from the side facing the source, so it does not loop.
    """
    if box.left() <= start.x() <= box.right() and box.bottom() < start.y():
        end = QPointF(start.x(), box.bottom())  # straight up into a label on the line above
        path = QPainterPath(start)
        path.lineTo(end)
        return path, end
    if abs(box.top() - start.y()) < 6 or box.left() <= start.x() <= box.right():
        end = QPointF(box.center().x(), box.top())
        return _curve(start, end), end
    from_left = start.x() < box.left()
    end = QPointF(box.left() if from_left else box.right(), box.center().y())
    reach = min(max(abs(end.x() - start.x()) * 0.4, 24.0), 90.0)
    toward = reach if from_left else -reach
    # to a line above: leave upwards; to a line below: leave level, towards the target
    leave = (
        QPointF(start.x(), start.y() - 24.0)
        if end.y() < start.y()
        else QPointF(start.x() + toward, start.y())
    )
    path = QPainterPath(start)
    path.cubicTo(leave, QPointF(end.x() - toward, end.y()), end)
    return path, end


def _label_drawer(
    painter: QPainter, style: SpanStyle, color: QColor, head: QPolygonF, box: QRectF, label: str
) -> Callable[[], None]:
    """Draws an arc's arrow head and its role pill, called once every wire is drawn (so no
    wire crosses a label)."""

    def draw_label() -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(head)
        painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
        painter.setFont(style.tag_font)
        painter.setPen(readable_on(color, QColor("#ffffff"), QColor("#000000")))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    return draw_label


def _arrow_head(before: QPointF, tip: QPointF, size: float = 7.0) -> QPolygonF:
    direction = tip - before
    length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-6)
    ux, uy = direction.x() / length, direction.y() / length
    back = QPointF(tip.x() - ux * size, tip.y() - uy * size)
    side = QPointF(-uy * size * 0.5, ux * size * 0.5)
    return QPolygonF([tip, back + side, back - side])
