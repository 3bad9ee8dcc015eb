"""A scripted analyst for bench/effort.py: it brings an article to its gold state through the
real window, with the keys and mouse gestures a person would use, and counts every one.

At each step it reads what the window shows (the article's spans, the selection), lists what
still differs from the gold (a region to mark, a span to reject, relabel, refit or add, the
article to mark done), prices every way it knows to do each (Tab, the find bar, the word caret,
a click, a double-click, a drag, the mouse wheel to bring a span on screen, a label key, '.'
for the other occurrences) and does the cheapest, then looks again. With `keyboard_only`, mouse
gestures are not among the ways. Gestures the window under test does not have (an older
Dateline) are left out by looking for their actions, so the same analyst measures before and
after a change.

Events go \"QTest\" (what pytest-qt's qtbot calls): key presses to the focused widget, mouse
events to the article's viewport; nothing is set behind the window's back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotation.links import document_events, span_links
from annotation.model import SpanStatus
from annotation.snapping import snap, step

Bounds = tuple[int, int]
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
#: Longest find text tried (an analyst types a few letters, not a paragraph).
_FIND_MAX = 12
_LEFT = Qt.MouseButton.LeftButton
_NO_BUTTON = Qt.MouseButton.NoButton


@dataclass(frozen=True)
class Gold:
    """One document's target state, from Dateline's JSONL."""

    text: str
    #: accepted spans: entity spans and event triggers (labelled with the event type)
    spans: dict[Bounds, str]
    #: (type, trigger, roles as (role, span)) of every event
    events: frozenset[tuple[str, Bounds, frozenset[tuple[str, Bounds]]]]
    excluded: tuple[Bounds, ...]
    done: bool

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Gold:
        spans = {(s["start"], s["end"]): s["label"] for s in record.get("spans") or ()}
        events = set()
        for event in record.get("events") or ():
            trigger = (event["trigger"]["start"], event["trigger"]["end"])
            spans[trigger] = event["type"]
            roles = frozenset(
                (a["role"], (a["span"]["start"], a["span"]["end"])) for a in event["arguments"]
            )
            events.add((event["type"], trigger, roles))
        excluded = tuple(
            (int(item["start"]), int(item["end"]))
            for item in (record.get("meta") or {}).get("excluded") or ()
        )
        return cls(
            record["text"], spans, frozenset(events), excluded, record.get("answer") == "accept"
        )

    @property
    def entities(self) -> int:
        return len(self.spans)


@dataclass(frozen=True)
class Target:
    """One thing that differs from the gold."""

    kind: str  # "exclude", "reject", "relabel", "refit", "add"
    bounds: Bounds
    label: str = ""
    #: the span to act on (reject, relabel, refit)
    span: int | None = None


@dataclass
class Counts:
    keys: int = 0
    mouse: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def actions(self) -> int:
        return self.keys + self.mouse


@dataclass(frozen=True)
class Plan:
    """A way to do a target: its price and the gestures, run in order."""

    cost: int
    steps: tuple[tuple[str, Any], ...]
    what: str
    #: it draws a new span (which rejects the suggestions it meets)
    adds: bool = False


def _overlap(a: Bounds, b: Bounds) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Analyst:
    """Drives one window to the gold state of its open article, counting every gesture."""

    def __init__(self, window: Any, keyboard_only: bool) -> None:
        self.window = window
        self.view = window.view
        self.controller = window.controller
        self.keyboard_only = keyboard_only
        self.counts = Counts()
        find = window.find_bar
        self.can_find_select = hasattr(find, "match_taken")
        self.can_caret = hasattr(window, "navigation")
        self.can_decide_all = window.findChild(QAction, "decide_all") is not None
        self.can_exclude = window.findChild(QAction, "exclude_region") is not None
        from annotation.commands import spans as span_commands

        #: a span drawn over a suggestion takes over its roles (else only a resize keeps them)
        self.carries_links = hasattr(span_commands, "_links_to_carry")
        self.labels = {label.name: label.key.upper() for label in window.session.schema.labels}

    # -- what the window shows -------------------------------------------------------------------

    @property
    def article(self) -> Any:
        article = self.controller.article
        assert article is not None, "no article open"
        return article

    def briefs(self) -> list[Any]:
        return list(self.article.ordered())

    def live_excluded(self) -> list[Bounds]:
        return list(getattr(self.article, "excluded", []))

    def open_suggestions(self) -> list[Any]:
        excluded = self.live_excluded()
        return [
            b
            for b in self.briefs()
            if b.status is SpanStatus.SUGGESTED
            and not any(_overlap((b.start, b.end), r) for r in excluded)
        ]

    def is_trigger(self, label: str) -> bool:
        return bool(self.window.session.schema.is_trigger(label))

    def targets(self, gold: Gold) -> list[Target]:
        """What still differs from the gold, in text order (the final Done aside)."""
        found: list[Target] = []
        excluded = self.live_excluded()
        markable = self.can_exclude
        for region in gold.excluded:
            if markable and not any(r[0] <= region[0] and region[1] <= r[1] for r in excluded):
                found.append(Target("exclude", region))
        live = [b for b in self.briefs() if b.status is not SpanStatus.REJECTED]
        used: set[int] = set()
        for bounds, label in sorted(gold.spans.items()):
            layer = self.is_trigger(label)
            same_layer = [b for b in live if self.is_trigger(b.label) == layer]
            exact = [b for b in same_layer if (b.start, b.end) == bounds]
            if any(b.label == label for b in exact):
                used.update(b.id for b in exact if b.label == label)
                continue
            if exact:
                found.append(Target("relabel", bounds, label, exact[0].id))
                used.add(exact[0].id)
                continue
            meeting = [
                b
                for b in same_layer
                if b.status is SpanStatus.SUGGESTED and _overlap((b.start, b.end), bounds)
            ]
            if meeting:
                best = max(meeting, key=lambda b: min(b.end, bounds[1]) - max(b.start, bounds[0]))
                found.append(Target("refit", bounds, label, best.id))
                used.add(best.id)
            else:
                found.append(Target("add", bounds, label))
        in_gold_region = [r for r in gold.excluded]
        for b in live:
            if b.id in used or b.status is not SpanStatus.SUGGESTED:
                continue
            if any(_overlap((b.start, b.end), r) for r in excluded):
                continue
            if markable and any(_overlap((b.start, b.end), r) for r in in_gold_region):
                continue  # marking the region takes it out
            found.append(Target("reject", (b.start, b.end), b.label, b.id))
        return sorted(found, key=lambda t: (t.bounds, t.kind))

    # -- gestures (each counted) -----------------------------------------------------------------

    def _settle(self) -> None:
        for _ in range(3):
            QApplication.processEvents()

    def key(self, key: Qt.Key | str, modifier: Any = NONE, *, target: Any = None) -> None:
        widget = target if target is not None else self.view
        if target is None:
            self.window.activateWindow()
            self.view.setFocus()
        if isinstance(key, str):
            QTest.keyClicks(widget, key)
            self.counts.keys += len(key)
        else:
            QTest.keyClick(widget, key, modifier)
            self.counts.keys += 1
        self._settle()

    def _mouse(self, kind: QEvent.Type, point: QPoint, button: Any, buttons: Any) -> None:
        viewport = self.view.viewport()
        local = QPointF(point)
        event = QMouseEvent(
            kind, local, QPointF(viewport.mapToGlobal(point)), button, buttons, NONE
        )
        QApplication.sendEvent(viewport, event)

    def click(self, point: QPoint) -> None:
        self._mouse(QEvent.Type.MouseButtonPress, point, _LEFT, _LEFT)
        self._mouse(QEvent.Type.MouseButtonRelease, point, _LEFT, _NO_BUTTON)
        self.counts.mouse += 1
        self._settle()

    def double_click(self, point: QPoint) -> None:
        self._mouse(QEvent.Type.MouseButtonPress, point, _LEFT, _LEFT)
        self._mouse(QEvent.Type.MouseButtonRelease, point, _LEFT, _NO_BUTTON)
        self._mouse(QEvent.Type.MouseButtonPress, point, _LEFT, _LEFT)
        self._mouse(QEvent.Type.MouseButtonDblClick, point, _LEFT, _LEFT)
        self._mouse(QEvent.Type.MouseButtonRelease, point, _LEFT, _NO_BUTTON)
        self.counts.mouse += 1
        self._settle()

    def drag(self, first: QPoint, last: QPoint) -> None:
        self._mouse(QEvent.Type.MouseButtonPress, first, _LEFT, _LEFT)
        middle = QPoint((first.x() + last.x()) // 2, (first.y() + last.y()) // 2)
        self._mouse(QEvent.Type.MouseMove, middle, _NO_BUTTON, _LEFT)
        self._mouse(QEvent.Type.MouseMove, last, _NO_BUTTON, _LEFT)
        self._mouse(QEvent.Type.MouseButtonRelease, last, _LEFT, _NO_BUTTON)
        self.counts.mouse += 1
        self._settle()

    def wheel(self, down: bool) -> None:
        """One notch of the mouse wheel over the article."""
        viewport = self.view.viewport()
        centre = QPointF(viewport.rect().center())
        delta = QPoint(0, -120 if down else 120)
        event = QWheelEvent(
            centre,
            QPointF(viewport.mapToGlobal(centre.toPoint())),
            QPoint(),
            delta,
            _NO_BUTTON,
            NONE,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)
        self.counts.mouse += 1
        self._settle()

    # -- where things are --------------------------------------------------------------------------

    def _char_rect(self, position: int) -> Any:
        rects = self.view.span_rects(position, position + 1)
        return rects[0] if rects else None

    def _notches(self, start: int, end: int) -> int:
        """Wheel notches that bring [start, end) on screen (estimated from line heights)."""
        first, last = self._char_rect(start), self._char_rect(max(end - 1, start))
        if first is None or last is None:
            return 0
        height = self.view.viewport().height()
        if first.top() >= 0 and last.bottom() <= height:
            return 0
        line = max(self.view.fontMetrics().height(), 1) * 3 * 1.6
        distance = -first.top() + 20 if first.top() < 0 else last.bottom() - height + 20
        return max(int(distance // line) + 1, 1)

    def bring_on_screen(self, start: int, end: int) -> None:
        """Wheel until [start, end) is on screen (each notch counted)."""
        for _ in range(200):
            first, last = self._char_rect(start), self._char_rect(max(end - 1, start))
            height = self.view.viewport().height()
            if (
                first is not None
                and last is not None
                and first.top() >= 0
                and last.bottom() <= height
            ):
                return
            down = first is None or first.top() >= 0
            self.wheel(down)
        raise RuntimeError(f"could not scroll {start}-{end} on screen")

    def _point_in(self, position: int, after: bool = False) -> QPoint:
        rect = self._char_rect(position)
        assert rect is not None
        x = rect.right() - 3 if after else rect.left() + 3
        return QPoint(int(x), int(rect.center().y()))

    def _click_point(self, span_id: int) -> tuple[QPoint, int] | None:
        """Where one click selects the span (a character where it is the shortest span), and
        how many clicks it takes (two when it lies under a shorter one everywhere)."""
        brief = self.article.spans.brief(span_id)
        for position in range(brief.start, brief.end):
            if not self.article.text[position].strip():
                continue
            point = self._point_in(position)
            under = self.view.spans_at(point)
            if under and under[0].id == span_id:
                return point, 1
        point = self._point_in(brief.start)
        under = [s.id for s in self.view.spans_at(point)]
        return (point, 1 + under.index(span_id)) if span_id in under else None

    # -- prices ----------------------------------------------------------------------------------

    def _triage_key(self) -> tuple[int, int, int] | None:
        span = self.controller.selected
        if span is None:
            return None
        key = getattr(self.controller, "_triage_key", None)
        return key(span) if key is not None else (span.start, span.end, span.id)

    def tab_plan(self, span_id: int) -> Plan | None:
        """Tab (or Shift+Tab) from where triage stands to a suggestion."""
        suggestions = self.open_suggestions()
        ids = [b.id for b in suggestions]
        if span_id not in ids:
            return None
        goal = ids.index(span_id)
        here = self._triage_key()
        keys = [(b.start, b.end, b.id) for b in suggestions]
        if here is None:
            top = self.view.first_visible_position()
            forward = [i for i, b in enumerate(suggestions) if b.start >= top]
            first = forward[0] if forward else 0
            after, before = first, len(ids) - 1
        else:
            later = [i for i, k in enumerate(keys) if k > here]
            earlier = [i for i, k in enumerate(keys) if k < here]
            after = later[0] if later else 0
            before = earlier[-1] if earlier else len(ids) - 1
        steps_forward = (goal - after) % len(ids) + 1
        steps_back = (before - goal) % len(ids) + 1
        if steps_forward <= steps_back:
            return Plan(steps_forward, (("tab", (span_id, Qt.Key.Key_Tab, NONE)),), "Tab")
        return Plan(steps_back, (("tab", (span_id, Qt.Key.Key_Backtab, SHIFT)),), "Shift+Tab")

    def _find_origin(self) -> int:
        span = self.controller.selected
        if span is not None:
            return int(span.start)
        pending = self.controller.pending
        if pending is not None:
            return int(pending[0])
        return int(self.view.first_visible_position())

    def find_text(self, position: int) -> tuple[str, int] | None:
        """The shortest text to type (and Enter presses after it) that puts the find bar's
        current match at `position`: as the find bar counts, from the selection onwards."""
        text = self.article.text
        origin_of = getattr(self.window.find_bar, "origin", None)
        origin = self._find_origin() if origin_of is not None else 0
        best: tuple[int, str, int] | None = None
        for length in range(1, _FIND_MAX + 1):
            typed = text[position : position + length]
            if len(typed) < length or "\n" in typed:
                break
            starts = [m.start() for m in re.finditer(re.escape(typed), text, re.IGNORECASE)]
            first = next((i for i, s in enumerate(starts) if s >= origin), 0)
            if position not in starts:
                continue
            steps = (starts.index(position) - first) % len(starts)
            cost = length + steps
            if best is None or cost < best[0]:
                best = (cost, typed, steps)
            if steps == 0:
                break
        return (best[1], best[2]) if best is not None else None

    def find_plan(self, position: int, then: str) -> Plan | None:
        """Ctrl+F, a few letters, Enter to the match, Esc (which selects it)."""
        if not self.can_find_select:
            return None
        found = self.find_text(position)
        if found is None:
            return None
        typed, steps = found
        return Plan(2 + len(typed) + steps, (("find", (typed, steps)),), f"find {typed!r}+{steps}")

    def select_plans(self, span_id: int) -> list[Plan]:
        """Ways to select an existing span."""
        selected = self.controller.selected
        if selected is not None and selected.id == span_id and self.controller.pending is None:
            return [Plan(0, (), "selected already")]
        plans = []
        tab = self.tab_plan(span_id)
        if tab is not None:
            plans.append(tab)
        brief = self.article.spans.brief(span_id)
        if self.can_find_select:
            text = self.article.text
            finds = []
            for position in range(brief.start, brief.end):
                at_word = position == brief.start or not text[position - 1].isalnum()
                if at_word and text[position].isalnum() and self.taken_by_find(position) == span_id:
                    found = self.find_plan(position, "span")
                    if found is not None:
                        finds.append(found)
            if finds:
                plans.append(min(finds, key=lambda plan: plan.cost))
        paragraph = self.paragraph_plan(span_id)
        if paragraph is not None:
            plans.append(paragraph)
        if not self.keyboard_only:
            where = self._click_point(span_id)
            if where is not None:
                clicks = where[1] + self._focused_event()
                notches = self._notches(brief.start, brief.end)
                plans.append(Plan(notches + clicks, (("click", span_id),), "click"))
        return plans

    def taken_by_find(self, position: int) -> int | None:
        """The span the find bar's Esc selects for a match at `position` (None: the words)."""
        if not self.can_find_select:
            return None
        covering = [s for s in self.article.at(position) if s.status is not SpanStatus.REJECTED]
        starting = [s for s in covering if s.start == position]
        chosen = starting or covering
        return chosen[0].id if chosen else None

    def paragraph_plan(self, span_id: int) -> Plan | None:
        """Ctrl+Down/Up to the span's paragraph (its first span), then Tab to the span."""
        if not self.can_caret:
            return None
        article = self.article
        shown = [b for b in self.briefs() if b.status is not SpanStatus.REJECTED]
        heads: dict[int, Any] = {}
        for b in shown:
            heads.setdefault(article.line_of(b.start), b)
        goal = article.spans.brief(span_id)
        line = article.line_of(goal.start)
        here = self._find_origin()
        current = article.line_of(here)
        if line > current:
            moves = sum(1 for n in heads if current < n <= line)
            key = (Qt.Key.Key_Down, CTRL)
        elif line < current:
            moves = sum(1 for n in heads if line <= n < current)
            key = (Qt.Key.Key_Up, CTRL)
        else:
            return None
        head = heads[line]
        tabs = 0
        if head.id != span_id:
            if goal.status is not SpanStatus.SUGGESTED:
                return None
            after = [
                b
                for b in self.open_suggestions()
                if (b.start, b.end, b.id) > (head.start, head.end, head.id)
            ]
            ids = [b.id for b in after]
            if span_id not in ids:
                return None
            tabs = ids.index(span_id) + 1
        steps: tuple[tuple[str, Any], ...] = (("keys", (key,) * moves),)
        if tabs:
            steps += (("tab", (span_id, Qt.Key.Key_Tab, NONE)),)
        return Plan(moves + tabs, steps, f"paragraph {moves}, Tab {tabs}")

    def _focused_event(self) -> int:
        """1 when an event is focused: a click on a span would offer it a role, so the analyst
        leaves the event first (Esc)."""
        events = getattr(self.window, "events", None)
        return int(events is not None and events.controller.focused is not None)

    def _resize_keys(self, start: int, end: int, goal: Bounds) -> list[tuple[Qt.Key, Any]] | None:
        """The Shift/Alt+arrows that take [start, end) to `goal`, a token at a time."""
        text, tokens = self.article.text, self.controller.tokens
        keys: list[tuple[Qt.Key, Any]] = []
        for _ in range(20):
            if (start, end) == goal:
                return keys
            if start != goal[0]:
                grow = goal[0] < start
                moved = step(text, tokens, start, end, "start", grow)
                key = (Qt.Key.Key_Left, SHIFT) if grow else (Qt.Key.Key_Right, ALT)
            else:
                grow = goal[1] > end
                moved = step(text, tokens, start, end, "end", grow)
                key = (Qt.Key.Key_Right, SHIFT) if grow else (Qt.Key.Key_Left, ALT)
            if moved is None:
                return None
            start, end = moved
            keys.append(key)
        return None

    def pending_plans(self, bounds: Bounds) -> list[Plan]:
        """Ways to make [start, end) the selection waiting for a label."""
        plans = []
        text, tokens = self.article.text, self.controller.tokens
        if not self.keyboard_only:
            notches = self._notches(*bounds)
            one_word = snap(text, tokens, bounds[0], bounds[0] + 1) == bounds
            if one_word:
                plans.append(Plan(notches + 1, (("double", bounds),), "double-click", True))
            elif snap(text, tokens, *bounds) == bounds:
                plans.append(Plan(notches + 1, (("drag", bounds),), "drag", True))
        if self.can_find_select and self.taken_by_find(bounds[0]) is None:
            found = self.find_text(bounds[0])
            if found is not None:
                typed, steps = found
                taken = snap(text, tokens, bounds[0], bounds[0] + len(typed))
                grow = self._resize_keys(*taken, bounds) if taken is not None else None
                if grow is not None:
                    cost = 2 + len(typed) + steps + len(grow)
                    steps_ = (("find", (typed, steps)), ("keys", tuple(grow)))
                    what = f"find {typed!r}+{steps}, grow {len(grow)}"
                    plans.append(Plan(cost, steps_, what, True))
        if self.can_caret:
            caret = self._caret_plan(bounds)
            if caret is not None:
                plans.append(caret)
        return plans

    def _caret_plan(self, bounds: Bounds) -> Plan | None:
        """Ctrl+Right/Left from the selection to the first word, Shift+Right to the last."""
        from annotation.snapping import neighbour

        pending = self.controller.pending
        span = self.controller.selected
        here = pending if pending is not None else ((span.start, span.end) if span else None)
        if here is None:
            return None
        text, tokens = self.article.text, self.controller.tokens
        direction = 1 if bounds[0] >= here[1] else -1
        moves = 0
        current: Bounds | None = here
        first_token = snap(text, tokens, bounds[0], bounds[0] + 1)
        while current is not None and current != first_token and moves <= 8:
            current = neighbour(text, tokens, current[0], current[1], direction)
            moves += 1
        if current != first_token or first_token is None:
            return None
        grow = self._resize_keys(*first_token, bounds)
        if grow is None:
            return None
        arrow = Qt.Key.Key_Right if direction > 0 else Qt.Key.Key_Left
        keys = tuple([(arrow, CTRL)] * moves + grow)
        what = f"word caret {moves}, grow {len(grow)}"
        return Plan(len(keys), (("keys", keys),), what, True)

    def plans(self, target: Target) -> list[Plan]:
        """Every way the analyst knows to do a target, priced from where things stand now."""
        found: list[Plan] = []
        label_key = (("label", target.label),)
        if target.kind in ("reject", "relabel"):
            assert target.span is not None
            last = (("keys", ((Qt.Key.Key_X, NONE),)),) if target.kind == "reject" else label_key
            for plan in self.select_plans(target.span):
                found.append(Plan(plan.cost + 1, plan.steps + last, f"{plan.what}, {target.kind}"))
        elif target.kind == "refit":
            assert target.span is not None
            brief = self.article.spans.brief(target.span)
            resize = self._resize_keys(brief.start, brief.end, target.bounds)
            relabel = label_key if brief.label != target.label else ()
            if resize is not None:
                tail = (("keys", tuple(resize)), *relabel)
                for plan in self.select_plans(target.span):
                    cost = plan.cost + len(resize) + len(relabel)
                    found.append(Plan(cost, plan.steps + tail, f"{plan.what}, resize"))
            linked = bool(span_links(self.window.session.store, target.span))
            if not linked or self.carries_links:  # a new span in its place
                for plan in self.pending_plans(target.bounds):
                    found.append(
                        Plan(plan.cost + 1, plan.steps + label_key, f"{plan.what}, add", True)
                    )
        elif target.kind == "add":
            for plan in self.pending_plans(target.bounds):
                found.append(Plan(plan.cost + 1, plan.steps + label_key, f"{plan.what}, add", True))
        elif target.kind == "exclude":
            found.extend(self._exclude_plans(target.bounds))
        return found

    def _exclude_plans(self, region: Bounds) -> list[Plan]:
        text = self.article.text
        to_end = not text[region[1] :].strip()
        mark = (("keys", ((Qt.Key.Key_B, NONE),)),)
        plans = []
        line_end = text.find("\n", region[0])
        first_line = (region[0], len(text) if line_end == -1 else line_end)
        if to_end:
            stretch = (("keys", ((Qt.Key.Key_End, CTRL | SHIFT),)),)
            inside = [
                b
                for b in self.briefs()
                if b.status is not SpanStatus.REJECTED and first_line[0] <= b.start < first_line[1]
            ]
            for span in inside[:1]:
                for plan in self.select_plans(span.id):
                    cost = plan.cost + 2
                    plans.append(Plan(cost, plan.steps + stretch + mark, f"{plan.what}, to end"))
            word = snap(text, self.controller.tokens, region[0], region[0] + 1)
            if word is not None:
                for plan in self.pending_plans(word):
                    cost = plan.cost + 2
                    plans.append(Plan(cost, plan.steps + stretch + mark, f"{plan.what}, to end"))
        if not self.keyboard_only:
            notches = self._notches(*region)
            plans.append(Plan(notches + 2, (("drag", region), *mark), "drag the region"))
        return plans

    # -- running a plan ----------------------------------------------------------------------------

    def run(self, plan: Plan) -> None:
        for kind, data in plan.steps:
            if kind == "tab":
                span_id, key, modifier = data
                for _ in range(400):
                    if (
                        self.controller.selected is not None
                        and self.controller.selected.id == span_id
                    ):
                        break
                    self.key(key, modifier)
                else:
                    raise RuntimeError(f"Tab never reached span {span_id}")
            elif kind == "find":
                typed, steps = data
                self.key(Qt.Key.Key_F, CTRL)
                field_ = self.window.find_bar.field
                self.key(typed, target=field_)
                for _ in range(steps):
                    self.key(Qt.Key.Key_Return, target=field_)
                self.key(Qt.Key.Key_Escape, target=field_)
            elif kind == "keys":
                for key, modifier in data:
                    self.key(key, modifier)
            elif kind == "label":
                self.key(self.labels[data])
            elif kind == "click":
                if self._focused_event():
                    self.key(Qt.Key.Key_Escape)
                brief = self.article.spans.brief(data)
                self.bring_on_screen(brief.start, brief.end)
                where = self._click_point(data)
                assert where is not None
                for _ in range(10):
                    if self.controller.selected is not None and self.controller.selected.id == data:
                        break
                    self.click(where[0])
            elif kind == "double":
                self.bring_on_screen(*data)
                self.double_click(self._point_in(data[0]))
            elif kind == "drag":
                start, end = data
                self.bring_on_screen(start, end)
                self.drag(self._point_in(start), self._point_in(end - 1, after=True))
            else:
                raise ValueError(kind)

    def _label_key(self, label: str) -> str:
        return self.labels[label]

    # -- '.' ---------------------------------------------------------------------------------------

    def decision(self) -> tuple[int, int, str, bool] | None:
        """What '.' would apply now: the selected span's decision, else the last one."""
        span = self.controller.selected
        if span is not None and span.status is not SpanStatus.SUGGESTED:
            return (span.start, span.end, span.label, span.status is SpanStatus.ACCEPTED)
        found = getattr(self.controller, "last_decision", None)
        return tuple(found) if found is not None else None  # type: ignore[return-value]

    def decide_all_gain(
        self,
        gold: Gold,
        targets: Sequence[Target],
        decision: tuple[int, int, str, bool] | None = None,
    ) -> int:
        """How many targets '.' would settle with this decision (now: the window's), or 0 when
        it would do anything the gold does not want (then it is not pressed)."""
        decision = decision if decision is not None else self.decision()
        if not self.can_decide_all or decision is None:
            return 0
        from annotation.commands import occurrences

        start, end, label, accepted = decision
        text = self.article.text
        layer = self.is_trigger(label)
        live = [
            b
            for b in self.briefs()
            if b.status is not SpanStatus.REJECTED and self.is_trigger(b.label) == layer
        ]
        excluded = self.live_excluded()
        open_targets = {(t.bounds, t.kind) for t in targets}
        gain = 0
        for occurrence in occurrences(text, start, end):
            if any(_overlap(occurrence, r) for r in excluded):
                continue
            same = [b for b in live if (b.start, b.end) == occurrence]
            meeting = [b for b in live if _overlap((b.start, b.end), occurrence)]
            if not accepted:
                for b in same:
                    if b.status is SpanStatus.SUGGESTED and b.label == label:
                        if gold.spans.get(occurrence) == label:
                            return 0
                        gain += (occurrence, "reject") in open_targets
                continue
            if any(b.status is SpanStatus.ACCEPTED for b in meeting):
                continue
            if same or not meeting:
                if gold.spans.get(occurrence) != label:
                    return 0
                gain += any((occurrence, kind) in open_targets for kind in ("add", "relabel"))
        return gain

    def via_occurrence_plans(
        self, gold: Gold, target: Target, targets: Sequence[Target]
    ) -> list[Plan]:
        """An add or relabel done by '.': accept (or select) the same words elsewhere, then '.'."""
        if not self.can_decide_all:
            return []
        text = self.article.text
        words = text[target.bounds[0] : target.bounds[1]]
        plans = []
        for b in self.briefs():
            if (b.start, b.end) == target.bounds or text[b.start : b.end] != words:
                continue
            if b.label != target.label or b.status is SpanStatus.REJECTED:
                continue
            decision = (b.start, b.end, b.label, True)
            if self.decide_all_gain(gold, targets, decision) < 1:
                continue
            accept = ((Qt.Key.Key_Return, NONE),) if b.status is SpanStatus.SUGGESTED else ()
            tail = (("keys", (*accept, (Qt.Key.Key_Period, NONE))),)
            for plan in self.select_plans(b.id):
                cost = plan.cost + len(accept) + 1
                plans.append(Plan(cost, plan.steps + tail, f"{plan.what}, . from another"))
        return plans

    # -- the whole article -------------------------------------------------------------------------

    def annotate(self, gold: Gold, strategy: str = "cheapest") -> None:
        """Bring the open article to the gold, then mark it done.

        `strategy`: "cheapest" does the cheapest target next; "in order" the first in text
        order, in its cheapest way (an analyst reading down the article)."""
        for _ in range(500):
            targets = self.targets(gold)
            if not targets:
                break
            priced = []
            for index, target in enumerate(targets):
                plans = self.plans(target)
                if target.kind in ("add", "relabel"):
                    plans += self.via_occurrence_plans(gold, target, targets)
                for plan in plans:
                    cost = plan.cost + self._spoils(target, plan, targets)
                    rank = index if strategy == "in order" else 0
                    priced.append((rank, cost, index, plan, target))
            if not priced:
                left = ", ".join(f"{t.kind} {t.label} {t.bounds}" for t in targets)
                raise Unreachable(f"no way to do: {left}")
            _rank, cost, _index, plan, target = min(priced, key=lambda item: item[:3])
            before = self.counts.actions
            self.run(plan)
            words = self.article.text[target.bounds[0] : target.bounds[1]][:30]
            self.counts.log.append(
                f"{target.kind} {target.label} {words!r}: {plan.what}"
                f" ({self.counts.actions - before}, priced {cost})"
            )
            if self.decide_all_gain(gold, self.targets(gold)) >= 1:
                self.key(Qt.Key.Key_Period)
                self.counts.log.append("  . every other occurrence (1)")
        else:
            raise Unreachable("gave up after 500 steps")
        if gold.done:
            self.key(Qt.Key.Key_Return, CTRL)
            self.counts.log.append("done (1)")

    def _spoils(self, target: Target, plan: Plan, targets: Sequence[Target]) -> int:
        """A price on a new span that would reject the suggestion another target refits or
        relabels (that one would then cost an add): do that one first."""
        if not plan.adds:
            return 0
        sources = {t.span for t in targets if t.kind in ("refit", "relabel") and t is not target}
        meeting = [
            b.id
            for b in self.briefs()
            if b.status is SpanStatus.SUGGESTED and _overlap((b.start, b.end), target.bounds)
        ]
        return 20 if sources.intersection(meeting) else 0


class Unreachable(RuntimeError):
    """The window under test offers no way (in this mode) to reach the gold."""


def differences(window: Any, document_id: int, gold: Gold, markable: bool) -> list[str]:
    """What the stored document still lacks of the gold (empty: reached)."""
    store = window.session.store
    schema = window.session.schema
    spans = {(s.start, s.end): s.label for s in store.spans(document_id, [SpanStatus.ACCEPTED])}
    problems = []
    if spans != gold.spans:
        missing = sorted(set(gold.spans.items()) - set(spans.items()))
        extra = sorted(set(spans.items()) - set(gold.spans.items()))
        problems.append(f"spans: missing {missing[:5]}, extra {extra[:5]}")
    events = set()
    for record in document_events(store, schema, document_id):
        trigger = store.span(record.trigger)
        if trigger.status is not SpanStatus.ACCEPTED:
            continue
        roles = frozenset(
            (a.role, (store.span(a.span).start, store.span(a.span).end)) for a in record.arguments
        )
        events.add((record.type, (trigger.start, trigger.end), roles))
    if events != gold.events:
        problems.append(f"events differ: {len(events ^ gold.events)} of them")
    document = store.document(document_id)
    if gold.done and document.status.value != "done":
        problems.append(f"status {document.status.value}")
    if markable:
        marked = [(int(r["start"]), int(r["end"])) for r in document.meta.get("excluded") or ()]
        if sorted(marked) != sorted(gold.excluded):
            problems.append(f"regions {marked} != {list(gold.excluded)}")
    return problems


def entities(golds: Iterable[Gold]) -> int:
    return sum(gold.entities for gold in golds)
