"""The entry point: `normalize` runs the grammar, then the dateparser fallback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from annotation.dates.engine import clean, expression
from annotation.dates.fallback import fallback
from annotation.dates.grammar import Context, Story
from annotation.dates.tense import Tense


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised temporal expression: TIMEX3 value, type and mod, and the rule that fired."""

    value: str
    type: str
    mod: str | None = None
    rule: str = ""


def normalize(
    text: str,
    published: date | datetime,
    sentence: str | None = None,
    *,
    tense: Tense | None = None,
    anchor: date | None = None,
    story: Story | None = None,
    dayfirst: bool = False,
) -> DateValue | None:
    """TIMEX3 value of a DATE/TIME expression, resolved against the publication date.

    sentence: the sentence around `text`; when `tense` is not given, its tense is read from
        its words (`tense_in_words`), and only if a rule needs it (yearless months, weekdays...).
    tense: of the clause governing `text`, from the caller's parse (`tense_of`); the
        normaliser never loads spaCy.
    anchor: the last date mentioned before, for 'the next day', 'the following year'.
    story: where the article's narrative stands (`Narrative` keeps it): its `anchor` (which
        `anchor` stands for when given alone), the period it reports on ('1989-Q3' after 'the
        third quarter': 'a year earlier' is then 1988-Q3) and the last quarter it named.
    dayfirst: read 4/7/2025 as 4 July.
    """
    s = clean(text)
    if not s or not any(ch.isalnum() for ch in s):
        return None
    clock = published if isinstance(published, datetime) else None
    dct = published.date() if isinstance(published, datetime) else published
    story = story or Story(anchor)
    ctx = Context(dct, clock, story.anchor or dct, dayfirst, text, sentence, tense, story)
    parsed = expression(s, ctx)
    if parsed is None:
        found = fallback(text, ctx)
        return None if found is None else DateValue(*found, rule="dateparser")
    (value, typ, mod), rule = parsed
    if typ == "REJECT":
        return None
    return DateValue(value, typ, mod, rule)
