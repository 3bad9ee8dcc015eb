"""Clock times ('3 pm', '10:30 IST', '1530 hrs', 'noon'); the zone is read and dropped."""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from annotation.dates.grammar import ParseEnv, Result, RuleSet, time_value
from annotation.dates.lexicon import CLOCK_RE
from annotation.dates.tense import Tense

RULES: Final = RuleSet()
CLOCK_RX: Final = re.compile(CLOCK_RE)
_DAY: Final = re.compile(r"\d{4}-\d\d-\d\d")


def read_clock(m: re.Match[str]) -> tuple[int, int, int] | None:
    """Hour, minute, second of a `CLOCK_RE` match; None when out of range."""
    if m["named"]:
        return {"noon": (12, 0, 0), "midday": (12, 0, 0), "midnight": (24, 0, 0)}[m["named"]]
    hour = int(m["h1"] or m["h2"] or m["h3"] or m["h4"])
    minute = int(m["m1"] or m["m2"] or m["m4"] or 0)
    second = int(m["s1"] or 0)
    ap = m["ap1"] or m["ap2"] or m["ap3"] or ""
    if ap in {"am", "pm"}:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap.startswith("p") else 0)
    if hour == 24 and (minute or second):
        return None
    return hour, minute, second


@RULES.rule("clock", CLOCK_RE)
def _clock(m: re.Match[str], env: ParseEnv) -> Result | None:
    """A clock time on the publication day; in a past clause, on the day the story is telling
    ('shot on Oct. 23 ... died at 10 p.m.' is Oct. 23 at 22:00)."""
    hms = read_clock(m)
    if hms is None:
        return None
    ctx = env.ctx
    day = ctx.dct
    story = ctx.story.reference
    if story is not None and _DAY.fullmatch(story) and ctx.tense() is Tense.PAST:
        day = date.fromisoformat(story)
    return time_value(day, *hms)
