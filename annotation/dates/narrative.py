"""The calendar values of one parsed article, read in order, with the narrative's anchor.

'The following year' and 'two days later' count from the last date the story mentioned, not
from the publication date: `Narrative` values an article's temporal spans in reading order and
carries that anchor from one to the next. The suggester uses it while it has the parse, and
`bench/dates.py` values gold expressions through it, so both see the same anchors.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from annotation.dates.valuer import doc_features, value_in

#: Values that move the anchor: a day, a month or a year, alone or opening a range or a time.
_ANCHORING = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?=$|[/T])")


def anchor_of(value: str) -> date | None:
    """The first day of a value that anchors what follows ('2025-06' -> 1 June 2025), or None
    for values that do not (durations, vague references, weeks, quarters)."""
    found = _ANCHORING.match(value)
    if found is None:
        return None
    year, month, day = found.groups()
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


class Narrative:
    """Values the temporal spans of one parsed Doc in reading order, carrying the anchor.

    `text` is the Doc's text when the caller has it (spaCy rebuilds `doc.text` each time).
    """

    def __init__(self, doc: Any, published: date | datetime, text: str | None = None) -> None:
        self.doc = doc
        self.published = published
        self.text = doc.text if text is None else text
        self.anchor: date | None = None
        self._features: tuple[bool, bool] | None = None

    @property
    def features(self) -> tuple[bool, bool]:
        if self._features is None:
            self._features = doc_features(self.doc)
        return self._features

    def value(self, start: int, end: int) -> str | None:
        """The value of [start, end), the next span in reading order; it may move the anchor."""
        value = self.value_alone(start, end, self.anchor)
        if value:
            self.anchor = anchor_of(value) or self.anchor
        return value

    def value_alone(self, start: int, end: int, anchor: date | None = None) -> str | None:
        """The value of [start, end) without moving the anchor."""
        return value_in(self.doc, start, end, self.published, anchor, self.features, self.text)
