"""The calendar values of one parsed article, read in order, with the story's own time.

'The following year' and 'two days later' count from the last date the story mentioned, not
from the publication date; 'a year earlier' and 'the quarter' in a business story mean the
period it reports on ('third-quarter profit rose ... from $5 million a year earlier'); a clock
time in a past clause is on the day the story tells. `Narrative` values an article's temporal
spans in reading order and carries a `Story` from one to the next: the suggester uses it while
it has the parse, and `bench/dates.py` values gold expressions through it, so both see the same
story.

What moves the story (docs/dates.md):
- a calendar value (a day, a week, a month, a quarter, a year; a time moves it to its day)
  becomes its anchor and its period, and a quarter or half its quarter; 'the quarter ended
  Sept. 30' makes that quarter its period;
- a comparison ('a year earlier', 'the year-ago quarter') moves nothing: the story is still
  about its own period;
- an amount of time the story reports on ('the nine months', 'the past year') ends its period
  (a year earlier is then a year), not its anchor;
- vague references ('recently'), sets and expressions without a value leave it as it was.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from annotation.dates.calendar import shift, value_start
from annotation.dates.grammar import Story
from annotation.dates.valuer import date_value_in, doc_features

if TYPE_CHECKING:
    from annotation.dates.normalizer import DateValue

#: Rules whose values are read against the story's period and so never move it.
COMPARISONS = frozenset({"comparison"})
_DEFINITE = re.compile(r"(?:the|its|their)\s", re.IGNORECASE)
_ENDED = re.compile(r"\b(?:ended|ending|closed)\s+$", re.IGNORECASE)


def _quarter_end(day: date) -> bool:
    return (day.month, day.day) in {(3, 31), (6, 30), (9, 30), (12, 31)}


def anchor_of(value: str) -> date | None:
    """The first day of a calendar value, or of an interval's first value ('2025-06' -> 1 June
    2025, '2015/2018' -> 1 January 2015, '1989-Q3' -> 1 July 1989); None for durations, vague
    references and sets."""
    return value_start(value.split("/", 1)[0])


def reference_of(value: str) -> str | None:
    """The period a value puts the story in: itself, a time's day, an interval's start."""
    first = value.split("/", 1)[0]
    if value_start(first) is None:
        return None
    return first.split("T", 1)[0]


class Narrative:
    """Values the temporal spans of one parsed Doc in reading order, carrying the story's
    anchor and period (`story`).

    `text` is the Doc's text when the caller has it (spaCy rebuilds `doc.text` each time).
    """

    def __init__(self, doc: Any, published: date | datetime, text: str | None = None) -> None:
        self.doc = doc
        self.published = published
        self.text = doc.text if text is None else text
        self.story = Story()
        self._features: tuple[bool, bool] | None = None

    @property
    def anchor(self) -> date | None:
        """The last date the story mentioned."""
        return self.story.anchor

    @property
    def features(self) -> tuple[bool, bool]:
        if self._features is None:
            self._features = doc_features(self.doc)
        return self._features

    def value(self, start: int, end: int) -> str | None:
        """The value of [start, end), the next span in reading order; it may move the story."""
        found = self._value(start, end, self.story)
        if found is not None:
            self.story = self._follow(found, start, end)
        return None if found is None else str(found.value)

    def value_alone(self, start: int, end: int, anchor: date | None = None) -> str | None:
        """The value of [start, end) without moving the story."""
        found = self._value(start, end, Story(anchor))
        return None if found is None else str(found.value)

    def _value(self, start: int, end: int, story: Story) -> DateValue | None:
        return date_value_in(self.doc, start, end, self.published, story, self.features, self.text)

    def _follow(self, found: DateValue, start: int, end: int) -> Story:
        """Where the story stands after `found` (see the module's docstring)."""
        story = self.story
        if found.rule in COMPARISONS or found.type == "SET":
            return story
        if found.type == "DURATION":
            if _DEFINITE.match(self.text[start:end].lstrip()):
                return replace(story, reference=None)
            return story
        anchor = anchor_of(found.value)
        if anchor is None:
            return story
        reference = reference_of(found.value)
        quarter = story.quarter
        if reference is not None and reference[4:6] in {"-Q", "-H"}:
            quarter = reference
        elif _ENDED.search(self.text, max(start - 16, 0), start) and _quarter_end(anchor):
            # 'the quarter ended Sept. 30': the story reports on that quarter
            reference = quarter = shift("quarter", anchor, 0)
        return Story(anchor, reference, quarter)
