"""Rules for periods counted from the DCT or the anchor: 'last month', 'the following year',
'the week after', 'two weeks ago', 'this time last year'."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from annotation.dates.calendar import (
    add_months,
    duration,
    in_year,
    month_end,
    part_of_year,
    shift,
    weekend_value,
)
from annotation.dates.grammar import ParseEnv, Result, RuleSet, as_date, time_value
from annotation.dates.lexicon import (
    AMOUNT_RE,
    ORDINALS,
    UNIT_ONE_RE,
    UNIT_RE,
    amount,
    unit,
)
from annotation.dates.tense import Tense

RULES: Final = RuleSet()

# -- the period a story reports on ----------------------------------------------------------------
# Business news reports on a period ('third-quarter profit rose ...') and compares it with the
# same period a year before ('... from $5 million a year earlier', 'the year-ago quarter'): the
# comparison keeps the period's size. The caller says where the story stands (`Story`).

_ORDINAL_PART_RE: Final = r"(?:(?P<o>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ])?"
_PART_RE: Final = r"(?P<u>period|quarter|half|month|week)"
_YEAR_BACK_RE: Final = r"(?P<dir>ago|earlier|before|prior)"


def _ordinal_part(o: str, part: str, year: int) -> str | None:
    """'third' quarter of 1988 -> '1988-Q3'; 'second' half -> '1988-H2'."""
    n = 4 if o == "final" else ORDINALS.get(o) or int(o[0])
    if part == "quarter" and 1 <= n <= 4:
        return f"{year:04d}-Q{n}"
    if part == "half" and n in {1, 2}:
        return f"{year:04d}-H{n}"
    return None


def _story_period(env: ParseEnv, part: str | None) -> str | None:
    """The story's period that 'a year earlier' or 'the 1988 period' speaks of: for a quarter,
    the last quarter it named; else the last value it gave, when finer than a year (as a
    `part` when one is named: the quarter holding 'Sept. 30')."""
    story = env.ctx.story
    if part == "quarter" and story.quarter is not None:
        return story.quarter
    reference = story.reference
    if reference is None or (found := part_of_year(reference)) is None:
        return None
    return reference if part in {None, "period"} else in_year(reference, found[0], part)


@RULES.rule(
    "comparison",
    rf"(?:(?:a|one) year {_YEAR_BACK_RE}"
    rf"|(?:(?:comparable|corresponding|same|like) )?year[- ]{_YEAR_BACK_RE.replace('dir', 'dir2')}"
    rf"(?: {_ORDINAL_PART_RE}{_PART_RE}| (?P<amt>{AMOUNT_RE}) (?P<mu>months|weeks))?"
    r"|(?:comparable|corresponding|same|like) (?P<u2>period|quarter|month)"
    r" (?:a year (?:ago|earlier|before)|(?:of )?last year|(?:of |in )?the (?:previous|prior) year)"
    r"|(?P<u3>quarter|period) a year (?:ago|earlier|before))",
)
def _comparison(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'a year earlier', 'the year-ago quarter', 'the comparable period last year': the period
    the story reports on, a year before; without one, a year counted from the DCT."""
    ctx = env.ctx
    if m["amt"]:  # 'the year-earlier nine months' names an amount of time
        count = amount(m["amt"])
        return duration([(count, unit(m["mu"]))]), "DURATION", None
    part = m["u"] or m["u2"] or m["u3"]
    period = _story_period(env, part)
    year = int(period[:4]) if period is not None else ctx.dct.year
    if m["o"]:
        return _optional(_ordinal_part(m["o"], part or "quarter", year - 1))
    if period is not None:
        return _optional(in_year(period, year - 1))
    if m["dir"]:
        return None  # 'a year ago' with no period in view: the 'ago' rule
    steps = {"quarter": -4, "month": -12, "half": -2, "week": -52}
    if part in steps:
        return as_date(shift(part, ctx.anchor, steps[part]))
    return as_date(str(ctx.dct.year - 1))


def _optional(value: str | None) -> Result | None:
    return None if value is None else as_date(value)


@RULES.rule(
    "reported_period",
    r"(?:(?P<adj>latest|most recent|recent|just-ended|just-completed|just ended"
    r"|just completed|reporting|fiscal|full) )?(?P<u>quarter|period|year)",
)
def _reported_period(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'the quarter': the last quarter the story named; 'the latest quarter' (or period): that
    one if it has ended, else the last quarter that ended before the DCT; 'the period': the
    story's period, whatever its size; 'the full year': the story's year."""
    if not env.the:
        return None
    ctx, part, adj = env.ctx, m["u"], m["adj"]
    story = ctx.story
    reference = story.reference if story.reference and part_of_year(story.reference) else None
    if part == "year":
        year = int(story.quarter[:4]) if story.quarter else ctx.dct.year
        return as_date(str(year)) if adj == "full" else None
    if adj in {"latest", "most recent", "just-ended", "just ended", "just-completed"}:
        this_quarter = shift("quarter", ctx.dct, 0)
        if story.quarter is not None and story.quarter < this_quarter:
            return as_date(story.quarter)
        return as_date(shift("quarter", ctx.dct, -1))
    if part == "period" and reference is not None:
        return as_date(reference)
    return _optional(story.quarter)


@RULES.rule(
    "year_part",
    r"(?:(?P<Y>1\d{3}|20\d\d)|(?P<rel>this|last|next|previous|current) year)"
    rf" {_ORDINAL_PART_RE}{_PART_RE}",
)
def _year_part(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'the 1988 third quarter', 'last year's quarter', 'the 1989 period'."""
    ctx = env.ctx
    if m["Y"]:
        year = int(m["Y"])
    else:
        year = ctx.dct.year + {"last": -1, "previous": -1, "next": 1}.get(m["rel"], 0)
    if m["o"]:
        return _optional(_ordinal_part(m["o"], m["u"], year))
    period = _story_period(env, m["u"])
    if period is None:
        return as_date(f"{year:04d}") if m["u"] == "period" else None
    return _optional(in_year(period, year))


@RULES.rule(
    "relative",
    r"(?P<rel>this|current|present|last|past|next|coming|upcoming|previous|preceding|prior"
    rf"|following|same|that) (?P<u>{UNIT_ONE_RE})",
)
def _relative(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'last month', 'this week', 'the following year', 'the past decade' (a duration)."""
    rel, period, ctx = m["rel"], unit(m["u"]), env.ctx
    if period == "half":
        return None
    if rel == "past" or (rel == "last" and env.the):
        if period == "weekend":
            return as_date(shift("weekend", ctx.dct - timedelta(days=ctx.dct.weekday() + 1), 0))
        return duration([(1, "year" if period == "fiscal" else period)]), "DURATION", None
    if rel in {"this", "current", "present"}:
        return as_date(shift(period, ctx.dct, 0))
    step = {"last": -1, "next": 1, "coming": 1, "upcoming": 1, "previous": -1, "preceding": -1}
    step |= {"prior": -1, "following": 1, "same": 0, "that": 0}
    base = (
        ctx.dct
        if rel in {"last", "coming", "upcoming"} or (rel == "next" and not env.the)
        else ctx.anchor
    )
    return as_date(shift(period, base, step[rel]))


@RULES.rule(
    "the_unit", rf"(?P<u>{UNIT_ONE_RE})(?: (?P<ba>before|after|earlier|later) ?(?P<last>last)?)?"
)
def _the_unit(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'the year', 'the day before', 'the week after': the anchor's period, or its neighbours."""
    period, ctx = unit(m["u"]), env.ctx
    if period == "weekend" and not m["ba"]:
        return as_date(weekend_value(ctx.dct, ctx.tense() if env.rewind is None else Tense.PAST))
    if not env.the or period in {"half", "fiscal"}:
        return None
    if m["last"]:
        return as_date(shift(period, ctx.dct, -2))
    step = {"before": -1, "earlier": -1, "after": 1, "later": 1}.get(m["ba"] or "", 0)
    return as_date(shift(period, ctx.anchor, step))


@RULES.rule(
    "same_time", r"(?:this|the same|about this) time (?P<rel>last|next) (?P<u>year|month|week)"
)
def _same_time(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'this time last year': the DCT's day a year back, approximately."""
    dct, step = env.ctx.dct, -1 if m["rel"] == "last" else 1
    if m["u"] == "week":
        return as_date((dct + timedelta(days=7 * step)).isoformat(), "APPROX")
    y, mo = add_months(dct.year, dct.month, step * (12 if m["u"] == "year" else 1))
    return as_date(date(y, mo, min(dct.day, month_end(y, mo).day)).isoformat(), "APPROX")


@RULES.rule("unit_end", r"(?P<u>year|month|quarter|week)[- ]end")
def _unit_end(m: re.Match[str], env: ParseEnv) -> Result | None:
    return shift(m["u"], env.ctx.dct, 0), "DATE", "END"


@RULES.rule(
    "ago",
    rf"(?P<amt>{AMOUNT_RE})[- ](?P<u>{UNIT_RE})"
    r" (?P<dir>ago|back|earlier|before|prior|later|after|afterwards|hence|from now|from today)",
)
def _ago(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'two weeks ago' is the week two weeks before the DCT's: granularity follows the unit."""
    count, period, ctx = amount(m["amt"]), unit(m["u"]), env.ctx
    back = m["dir"] in {"ago", "back", "earlier", "before", "prior"}
    if count is None or count != int(count):
        return as_date("PAST_REF" if back else "FUTURE_REF")
    n = int(count) * (-1 if back else 1)
    base = ctx.dct if m["dir"] in {"ago", "back", "hence", "from now", "from today"} else ctx.anchor
    if period in {"second", "minute", "hour"}:
        if ctx.clock is None or base != ctx.dct:
            return as_date(base.isoformat())
        size = {"second": 1, "minute": 60, "hour": 3600}[period]
        moment = ctx.clock + timedelta(seconds=size * n)
        return time_value(moment.date(), moment.hour, moment.minute)
    return as_date(shift(period, base, n))
