"""Disagreements marked over the article (an `ArticleView` overlay): a dashed frame around each
place the analysts differ, a solid one and a banner of who said what around the current one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.article_view import ArticleView

_COLOR = QColor("#c2185b")
_BANNER = QColor(255, 255, 240, 235)


@dataclass(frozen=True)
class Mark:
    start: int
    end: int


class DisagreementMarks:
    """Paints the marks; `show` says what to mark (nothing while adjudication is off)."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.marks: tuple[Mark, ...] = ()
        self.current: int | None = None
        self.banner = ""
        view.add_overlay(self)

    def show(self, marks: tuple[Mark, ...], current: int | None, banner: str) -> None:
        if (marks, current, banner) == (self.marks, self.current, self.banner):
            return
        self.marks, self.current, self.banner = marks, current, banner
        self.view.viewport().update()

    def __call__(self, painter: QPainter, view: ArticleView) -> None:
        if not self.marks:
            return
        area = QRectF(view.viewport().rect())
        for index, mark in enumerate(self.marks):
            current = index == self.current
            pen = QPen(_COLOR, 2.0 if current else 1.0)
            pen.setStyle(Qt.PenStyle.SolidLine if current else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            rects = [r for r in view.span_rects(mark.start, mark.end) if r.intersects(area)]
            for rect in rects:
                painter.drawRect(rect.adjusted(-2, -2, 2, 2))
            if current and rects and self.banner:
                self._banner(painter, rects[-1], area)

    def _banner(self, painter: QPainter, below: QRectF, area: QRectF) -> None:
        metrics = painter.fontMetrics()
        lines = self.banner.splitlines()
        width = max(metrics.horizontalAdvance(line) for line in lines) + 12
        height = metrics.height() * len(lines) + 8
        left = min(max(below.left(), area.left() + 2), area.right() - width - 2)
        top = below.bottom() + 4
        if top + height > area.bottom():
            top = max(below.top() - height - 24, area.top() + 2)
        box = QRectF(left, top, width, height)
        painter.setPen(QPen(_COLOR, 1.0))
        painter.setBrush(_BANNER)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor("#222222"))
        for number, line in enumerate(lines):
            baseline = top + 4 + metrics.ascent() + number * metrics.height()
            painter.drawText(int(left + 6), int(baseline), line)
