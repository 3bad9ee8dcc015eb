"""Review ▸ Adjudicate: step through the open article's disagreements and take a version of each.

The disagreements, their texts and the edits come from the core (`annotation.team.review`,
`TakeVersion`); an edit runs through the annotation controller like any other, so it is saved at
once, announced, and undone with Ctrl+Z. This keeps only where the analyst is: the open article
and the disagreement they are on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from annotation.session import Change, Session
from annotation.store import StoreError, TeamLayers
from annotation.team.adjudication import TakeVersion, choice_phrase, taken
from annotation.team.disagreements import Disagreement
from annotation.team.review import Review, adjudicated, item_title, review, version_text
from desktop.adjudication_panel import AdjudicationPanel, Row
from desktop.annotation_controller import AnnotationController
from desktop.article_view import ArticleView
from desktop.disagreement_marks import DisagreementMarks, Mark

#: keys that take an analyst's version, in analyst order
ANALYST_KEYS = "123456789"


@dataclass(eq=False)  # a QObject: equal only to itself, hashable (signals connect to it)
class AdjudicationController(QObject):
    """Review mode over a team project's open article."""

    notice_posted = Signal(str, bool)
    #: review mode went on or off
    active_changed = Signal(bool)

    view: ArticleView
    annotation: AnnotationController
    panel: AdjudicationPanel

    def __post_init__(self) -> None:
        super().__init__(self.panel)
        self.marks = DisagreementMarks(self.view)
        self.session: Session | None = None
        self.document_id: int | None = None
        self.review: Review | None = None
        self.index = 0
        self.active = False
        self.panel.row_activated.connect(self.go_to)

    # -- state from the window -------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.review = None
        if self.active and (session is None or not TeamLayers(session.store).is_team()):
            self.set_active(False)
        elif self.active:
            self._reload()

    def set_active(self, on: bool) -> bool:
        """Enter or leave review mode; a project that is not a team project cannot enter it."""
        asked = on
        if on and (self.session is None or not TeamLayers(self.session.store).is_team()):
            self.notice_posted.emit(
                "Not a team project: make one from analysts' projects with "
                "`dateline merge A.db B.db -o team.db`, then open it",
                True,
            )
            on = False
        changed = on != self.active or on != asked  # a refusal unchecks the menu item
        self.active = on
        if on:
            self.index = 0
            self._reload()
        else:
            self.review = None
            self.marks.show((), None, "")
        if changed:
            self.active_changed.emit(on)
        return on

    def document_opened(self, document_id: int | None) -> None:
        self.document_id = document_id
        self.index = 0
        if self.active:
            self._reload()

    def apply_change(self, change: Change) -> None:
        if not self.active or self.document_id is None:
            return
        if change.everything or self.document_id in change.documents:
            self._reload()

    # -- keys ------------------------------------------------------------------------------------

    @property
    def items(self) -> tuple[Disagreement, ...]:
        return self.review.items if self.review is not None else ()

    @property
    def current(self) -> Disagreement | None:
        items = self.items
        return items[self.index] if 0 <= self.index < len(items) else None

    def step(self, delta: int) -> None:
        """Tab / Shift+Tab: the next or previous disagreement (round the article)."""
        items = self.items
        if not items:
            self.notice_posted.emit("No disagreements in this article", False)
            return
        self.go_to((self.index + delta) % len(items))

    def go_to(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            return
        self.index = index
        self._show()
        item = self.items[index]
        self.view.reveal(item.start, item.end)

    def take(self, number: int) -> None:
        """1-9: take that analyst's version of the current disagreement."""
        analysts = self.review.analysts if self.review is not None else ()
        if not 1 <= number <= len(analysts):
            self.notice_posted.emit(
                f"No analyst {number} here: {len(analysts)} analysts finished this article", True
            )
            return
        self._take((analysts[number - 1],))

    def take_all(self) -> None:
        """B: both (every) analyst's version together."""
        self._take(self.review.analysts if self.review is not None else ())

    def take_none(self) -> None:
        """0: neither version."""
        self._take(())

    def _take(self, chosen: tuple[str, ...]) -> None:
        item = self.current
        if item is None or self.document_id is None:
            self.notice_posted.emit("No disagreement to settle here", False)
            return
        change = self.annotation.execute(TakeVersion(self.document_id, item, chosen))
        if change is None:
            return  # refused: the annotation controller said why
        self.notice_posted.emit(f"Took {choice_phrase(item, chosen)}", False)
        if self.index + 1 < len(self.items):
            self.go_to(self.index + 1)

    # -- showing ---------------------------------------------------------------------------------

    def _reload(self) -> None:
        session, document_id = self.session, self.document_id
        if session is None or document_id is None:
            self.review = None
        else:
            try:
                self.review = review(session.store, session.schema, document_id)
            except StoreError as exc:
                self.review = None
                self.notice_posted.emit(str(exc), True)
        self.index = min(self.index, max(len(self.items) - 1, 0))
        self._show()

    def _show(self) -> None:
        session, found = self.session, self.review
        if session is None or found is None or self.document_id is None:
            self.panel.show_rows("", [], None)
            self.marks.show((), None, "")
            return
        text = session.store.document(self.document_id).text
        main = adjudicated(session.store, session.schema, self.document_id)
        rows = []
        for item in found.items:
            versions = tuple(
                (ANALYST_KEYS[number], name, version_text(item, name, text))
                for number, name in enumerate(found.analysts[: len(ANALYST_KEYS)])
            )
            holds = taken(item, main, session.schema)
            rows.append(Row(item_title(item, text), versions, _now(holds, found.analysts)))
        current = self.index if rows else None
        self.panel.show_rows(_analysts_line(found), rows, current)
        banner = ""
        if current is not None:
            banner = "\n".join(
                f"{key} {name}: {said}" for key, name, said in rows[current].versions
            )
        marks = tuple(Mark(item.start, item.end) for item in found.items)
        self.marks.show(marks, current, banner)


def _now(holds: tuple[str, ...], analysts: tuple[str, ...]) -> str:
    if not holds:
        return ""
    if len(holds) == len(analysts):
        return "what all said"
    return " and ".join(f"{name}'s" for name in holds)


def _analysts_line(found: Review) -> str:
    compared = [
        f"{ANALYST_KEYS[number]} {name}"
        for number, name in enumerate(found.analysts[: len(ANALYST_KEYS)])
    ]
    waiting = [layer.layer for layer in found.layers if not layer.done]
    line = "Analysts who finished this article: " + (", ".join(compared) or "none")
    if waiting:
        line += f"; not finished (not compared): {', '.join(waiting)}"
    if len(found.analysts) < 2:
        line += ". Fewer than two finished versions: nothing to adjudicate here."
    return line
