"""What the grammar rules share: the call context, the rule type and its registry, and the
helpers that turn a match into a value (the year of a yearless period, by tense)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final

from annotation.dates.calendar import choose_year
from annotation.dates.tense import Tense, tense_in_words


@dataclass(frozen=True, slots=True)
class Story:
    """Where an article's narrative stands when one of its expressions is read (`Narrative`)."""

    #: the last date the story mentioned: 'the next day', 'the following year'
    anchor: date | None = None
    #: the last calendar value it gave ('1989-Q3', '1989-10-26'): 'a year earlier' keeps its size
    reference: str | None = None
    #: the last quarter or half it named: 'the quarter', 'the latest period'
    quarter: str | None = None


@dataclass
class Context:
    """What a call resolves against; the tense is computed only when a rule asks for it (from the
    sentence's words when the caller gave no tense: spaCy is never loaded here)."""

    dct: date
    clock: datetime | None
    anchor: date
    dayfirst: bool
    text: str
    sentence: str | None
    given_tense: Tense | None
    story: Story = field(default_factory=lambda: Story())
    _tense: Tense | None = field(default=None, repr=False)

    def tense(self) -> Tense:
        if self._tense is None:
            if self.given_tense is not None:
                self._tense = self.given_tense
            elif self.sentence:
                self._tense = tense_in_words(self.sentence, self.text)
            else:
                self._tense = Tense.UNKNOWN
        return self._tense

    def known_tense(self) -> Tense | None:
        """The tense if given or already read: never parses the sentence."""
        return self.given_tense or self._tense

    def how(self) -> str:
        """Direction for yearless periods."""
        return {Tense.PAST: "past", Tense.FUTURE: "future"}.get(self.tense(), "nearest")


@dataclass(frozen=True, slots=True)
class ParseEnv:
    """One parse: the call context, a leading 'the' and the preposition stripped before it."""

    ctx: Context
    the: bool = False
    prep: str = ""
    rewind: date | None = None  # resolve yearless parts on or before this (left side of a range)


Result = tuple[str, str, str | None]  # value, type, mod
#: News gives the year of a date almost a year back (or says 'last'): a yearless date in a past
#: clause is this year's when that lies at most this many days ahead, and the past tense is the
#: reporting verb's ('has set Nov. 10 as the deadline', 'told of a cutback in September').
THIS_YEAR_AHEAD_DAYS: Final = 62
REJECT: Final[Result] = ("", "REJECT", None)
Handler = Callable[[re.Match[str], ParseEnv], Result | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    rx: re.Pattern[str]
    handler: Handler


class RuleSet:
    """The rules of one module, in the order written: on equal-length matches the earlier wins."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []

    def rule(self, name: str, pattern: str) -> Callable[[Handler], Handler]:
        """Register a grammar rule; patterns are matched at the start of the cleaned text."""

        def register(fn: Handler) -> Handler:
            self.rules.append(Rule(name, re.compile(pattern), fn))
            return fn

        return register


def as_date(value: str, mod: str | None = None) -> Result:
    return value, "DATE", mod


def time_value(day: date, hour: int, minute: int, second: int = 0) -> Result:
    clock = f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")
    return f"{day.isoformat()}T{clock}", "TIME", None


def direction(env: ParseEnv, rel: str | None = None) -> tuple[date, str]:
    """Reference date and direction for a yearless period with an optional relative word."""
    ctx = env.ctx
    if env.rewind is not None:
        return env.rewind, "past"
    if rel in {"last", "past", "this past"}:
        return ctx.dct, "last"
    if rel in {"next", "coming", "this coming", "upcoming"}:
        return ctx.dct, "next"
    if rel == "this":
        return ctx.dct, "this"
    if rel in {"previous", "preceding", "prior"}:
        return ctx.anchor, "last"
    if rel == "following":
        return ctx.anchor, "next"
    if rel in {"that", "same"}:
        return ctx.anchor, "this"
    return ctx.dct, ctx.how()


def year_of(m: re.Match[str], g: str, env: ParseEnv) -> int | None:
    """Year named by a `year_spec(g)` group, or None when the expression gives none."""
    if m[g + "y"]:
        return int(m[g + "y"])
    if m[g + "yy"]:
        yy = int(m[g + "yy"])
        return 2000 + yy if yy <= env.ctx.dct.year % 100 + 10 else 1900 + yy
    rel = m[g + "rel"]
    if not rel:
        return None
    dct, anchor = env.ctx.dct.year, env.ctx.anchor.year
    offsets = {"this": dct, "current": dct, "last": dct - 1, "past": dct - 1, "next": dct + 1}
    offsets |= {"coming": dct + 1, "previous": anchor - 1, "preceding": anchor - 1}
    offsets |= {"prior": anchor - 1, "following": anchor + 1, "same": anchor, "that": anchor}
    return offsets.get(rel, anchor)


def resolve_year(
    bounds: Callable[[int], tuple[date, date] | None],
    m: re.Match[str],
    env: ParseEnv,
    rel: str | None = None,
    lag: int = 0,
    this_year: bool = False,
) -> int | None:
    """Year for a recurring period: explicit, from a relative year, or chosen by direction.

    lag: days after its end during which a period still counts as ahead in a future clause
        (a quarter's results come out weeks after it ends).
    this_year: a past clause does not send the period back into last year when this year's
        lies at most `THIS_YEAR_AHEAD_DAYS` ahead (for month-days and months).
    """
    year = year_of(m, "y", env)
    if year is not None:
        return year
    ref, how = direction(env, rel)
    if how == "future":
        ref -= timedelta(days=lag)
    year = choose_year(bounds, ref, how)
    if this_year and how == "past" and env.rewind is None and year == ref.year - 1:
        this = bounds(ref.year)
        if this is not None and 0 < (this[0] - ref).days <= THIS_YEAR_AHEAD_DAYS:
            return ref.year
    return year
