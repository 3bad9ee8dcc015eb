"""Moving about the article from the keyboard: scrolling, the top and the end, paragraph jumps,
a word caret that makes a selection, and a selection stretched to the end of the text.

The article is read-only, so Qt gives it no keyboard movement of its own; these are its keys
(attached to the view, like the triage keys). A selection made here waits for a label key like
one made with the mouse, but never takes the active label on its own: Enter does.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from annotation.model import SpanStatus
from annotation.snapping import neighbour, trim
from desktop.actions import action, attach_to_view, shortcut_text
from desktop.annotation_controller import AnnotationController
from desktop.article_view import ArticleView


class NavigateActions(NamedTuple):
    top: QAction
    end: QAction
    line_down: QAction
    line_up: QAction
    page_down: QAction
    page_up: QAction
    next_paragraph: QAction
    previous_paragraph: QAction
    next_word: QAction
    previous_word: QAction
    to_end: QAction
    to_start: QAction


class Navigator(QObject):
    """The keyboard's way around the open article."""

    def __init__(self, view: ArticleView, annotations: AnnotationController) -> None:
        super().__init__(view)
        self.view = view
        self.annotations = annotations

    # -- scrolling -------------------------------------------------------------------------------

    def to_edge(self, end: bool) -> None:
        """Ctrl+Home / Ctrl+End: the top or the end, nothing selected (Tab goes on from there)."""
        self.annotations.clear_selection()
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum() if end else 0)

    def scroll(self, lines: int = 0, pages: int = 0) -> None:
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + lines * bar.singleStep() + pages * bar.pageStep())

    # -- jumps -----------------------------------------------------------------------------------

    def _here(self) -> tuple[int, int]:
        """What the keyboard moves from: the selection, the selected span, or the top."""
        pending = self.annotations.pending
        if pending is not None:
            return pending
        span = self.annotations.selected
        if span is not None:
            return span.start, span.end
        top = self.view.first_visible_position()
        return top, top

    def paragraph(self, step: int) -> None:
        """Ctrl+Down / Ctrl+Up: the first span of the next (previous) paragraph that has one."""
        article = self.annotations.article
        if article is None:
            return
        shown = self.view.show_rejected
        spans = [s for s in article.ordered() if shown or s.status is not SpanStatus.REJECTED]
        line = article.line_of(self._here()[0])
        if step > 0:
            target = next((s for s in spans if article.line_of(s.start) > line), None)
        else:
            before = [s for s in spans if article.line_of(s.start) < line]
            first_line = article.line_of(before[-1].start) if before else None
            target = next((s for s in before if article.line_of(s.start) == first_line), None)
        if target is None:
            self.annotations.notice_posted.emit("No more paragraphs with spans that way", False)
            return
        self.annotations.select_span(target.id)

    def word(self, step: int) -> None:
        """Ctrl+Right / Ctrl+Left: select the word after (before) the selection or span; grow it
        with Shift+Right, then a label key tags it."""
        article = self.annotations.article
        if article is None:
            return
        start, end = self._here()
        found = neighbour(article.text, self.annotations.tokens, start, end, step)
        if found is not None:
            self.annotations.select_range(*found)

    def stretch(self, to_end: bool) -> None:
        """Ctrl+Shift+End / Home: the selection (or selected span) stretched to the end (start)
        of the text: a region to mark as not part of the article, for one."""
        article = self.annotations.article
        if article is None:
            return
        start, end = self._here()
        found = (
            trim(article.text, start, len(article.text)) if to_end else trim(article.text, 0, end)
        )
        if found is not None:
            self.annotations.select_range(*found)


class Navigation(NamedTuple):
    navigator: Navigator
    actions: NavigateActions


def build_navigation(
    parent: QObject, view: ArticleView, annotations: AnnotationController
) -> Navigation:
    """The navigator and its keys, attached to the article."""
    navigator = Navigator(view, annotations)
    made = NavigateActions(
        action(parent, "Go to the top", ["Ctrl+Home"], "The top of the article, nothing selected"),
        action(parent, "Go to the end", ["Ctrl+End"], "The end of the article, nothing selected"),
        action(parent, "Scroll down", ["Down"], "Scroll down a line"),
        action(parent, "Scroll up", ["Up"], "Scroll up a line"),
        action(parent, "Page down", ["Space"], "Scroll down a screen"),
        action(parent, "Page up", ["Shift+Space"], "Scroll up a screen"),
        action(
            parent, "Next paragraph", ["Ctrl+Down"], "Select the first span of the next paragraph"
        ),
        action(
            parent,
            "Previous paragraph",
            ["Ctrl+Up"],
            "Select the first span of the previous paragraph",
        ),
        action(
            parent,
            "Next word",
            ["Ctrl+Right"],
            "Select the word after the selection; then a label key",
        ),
        action(
            parent,
            "Previous word",
            ["Ctrl+Left"],
            "Select the word before the selection; then a label key",
        ),
        action(
            parent,
            "Select to the end",
            ["Ctrl+Shift+End"],
            "Stretch the selection to the end of the text",
        ),
        action(
            parent,
            "Select to the start",
            ["Ctrl+Shift+Home"],
            "Stretch the selection to the start of the text",
        ),
    )
    made.top.triggered.connect(lambda: navigator.to_edge(False))
    made.end.triggered.connect(lambda: navigator.to_edge(True))
    made.line_down.triggered.connect(lambda: navigator.scroll(lines=3))
    made.line_up.triggered.connect(lambda: navigator.scroll(lines=-3))
    made.page_down.triggered.connect(lambda: navigator.scroll(pages=1))
    made.page_up.triggered.connect(lambda: navigator.scroll(pages=-1))
    made.next_paragraph.triggered.connect(lambda: navigator.paragraph(1))
    made.previous_paragraph.triggered.connect(lambda: navigator.paragraph(-1))
    made.next_word.triggered.connect(lambda: navigator.word(1))
    made.previous_word.triggered.connect(lambda: navigator.word(-1))
    made.to_end.triggered.connect(lambda: navigator.stretch(True))
    made.to_start.triggered.connect(lambda: navigator.stretch(False))
    attach_to_view(list(made), view)
    return Navigation(navigator, made)


def shortcut_group(navigation: Navigation) -> tuple[str, list[tuple[str, str]]]:
    """Help ▸ Keyboard shortcuts: moving about the article."""
    rows = [(shortcut_text(item), item.statusTip()) for item in navigation.actions]
    rows.append(("Esc in the find bar", "Select the match (a span starting there, else the words)"))
    return ("Moving about", rows)
