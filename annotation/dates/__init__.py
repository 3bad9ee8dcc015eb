"""Calendar values (TIMEX3 style) for DATE/TIME expressions in news, resolved against the
publication date (DCT): the one room for them, from the normaliser to the session's valuer.

A grammar of compiled regexes over months, weekdays, numbers, units and relative words reads the
longest temporal prefix of an expression; continuations join a day with a clock time ('Friday at
3 pm') and ranges are split and read side by side. dateparser is only a fallback for explicit
dates in other shapes or languages and is imported on first use.

The conventions (which of two readings an expression gets, and why), with examples that a test
checks, are in docs/dates.md. In short: yearless periods follow the tense of their clause, seen
from the publication date; an article's expressions are read in order and 'the following year',
'a year earlier' and 'the quarter' count from the story's own time (`Narrative`); values are
TimeML's where TimeML is clear.

Modules:
- normalizer: `normalize` and `DateValue`, the public API.
- engine: cleaning, modifiers and prepositions, longest match, continuations, ranges.
- grammar: the call context, rule registry and year resolution the rules share.
- explicit, periods, holidays, days, clock, relative, durations: the rules, by kind.
- lexicon: month, weekday, number and unit words, and the pattern pieces built on them.
- calendar: date arithmetic (ISO weeks, month steps, fiscal years, occurrence by tense).
- fallback: dateparser, for explicit dates the grammar does not read.
- tense: the tense governing an expression, from the caller's parse or from the words.
- published: the publication date of a document, its own or inferred from its text.
- valuer: the value of a span of a parsed Doc (`value_in`), and the session's `Valuer`.
- narrative: an article's spans valued in reading order with the narrative's anchor.
- gloss: a value in words ("P3D" is "3 days"), for the window to show beside the code.

Importing the package is cheap (the session's valuer is built on the GUI thread); the rule
tables load with the first `normalize` (or `import annotation.dates.normalizer` on a worker).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotation.dates.tense import Tense

if TYPE_CHECKING:
    from annotation.dates.grammar import Story
    from annotation.dates.normalizer import DateValue, normalize

__all__ = ["DateValue", "Story", "Tense", "normalize"]


def __getattr__(name: str) -> Any:
    """`normalize`, `DateValue` and `Story` import the rule tables on first use."""
    if name in {"normalize", "DateValue", "Story"}:
        from annotation.dates import grammar, normalizer

        return getattr(normalizer if name != "Story" else grammar, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
