"""Calendar values (TIMEX3 style) for DATE/TIME expressions in news, resolved against the
publication date (DCT): the one room for them, from the normaliser to the session's valuer.

A grammar of compiled regexes over months, weekdays, numbers, units and relative words reads the
longest temporal prefix of an expression; continuations join a day with a clock time ('Friday at
3 pm') and ranges are split and read side by side. dateparser is only a fallback for explicit
dates in other shapes or languages and is imported on first use.

Conventions, chosen for wire copy:
- Yearless months, days, quarters, seasons and holidays take the occurrence nearest the DCT in the
  direction of the clause's tense: past = on or before the DCT, future = on or after it (the
  current month or day counts both ways), otherwise the nearest, the past winning ties.
- A bare weekday is the most recent one, the DCT itself included; in a future clause the next
  one, the DCT itself included ('on Saturday' in a future clause written on a Saturday is today).
  A present clause with a weekday reads as a schedule ('the court hears the case on Tuesday')
  and takes the next one too.
  'last Tuesday' is the most recent before the DCT, 'next Tuesday' the first after it.
- Fiscal years are named by the calendar year they end in ('FY2025-26' and 'FY26' are FY2026).
  'this fiscal' assumes an April start (India, UK, Japan): see FISCAL_START_MONTH.
- A winter is named by the year of its December; seasons are meteorological (spring = March-May).
- Time zones are read and dropped: '10:30 am IST' is T10:30 on the DCT.
- 'the next day', 'the following year', 'the same week', 'two days later' count from `anchor`.
- Holidays resolve like month-days, except that a past clause within a month before the holiday
  means the coming one ('a Christmas crowd' on December 6). Lunar and country-dependent
  holidays (Diwali, Eid, Independence Day) give None rather than a guess.
- Over-long spans resolve on their longest temporal prefix ('June 18 that PM Modi'), unless the
  rest names a law or document ('the 1990 Act' is None).
- Ranges are intervals of values ('2025-06-18/2025-06-20', '2015/2018'); ranges of durations
  ('two to three years') give an unspecified amount (PXY).

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

Importing the package is cheap (the session's valuer is built on the GUI thread); the rule
tables load with the first `normalize` (or `import annotation.dates.normalizer` on a worker).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotation.dates.tense import Tense

if TYPE_CHECKING:
    from annotation.dates.normalizer import DateValue, normalize

__all__ = ["DateValue", "Tense", "normalize"]


def __getattr__(name: str) -> Any:
    """`normalize` and `DateValue` import the rule tables on first use."""
    if name in {"normalize", "DateValue"}:
        from annotation.dates import normalizer

        return getattr(normalizer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
