"""Rules for periods counted from the DCT or the anchor: 'last month', 'the following year',
'the week after', 'two weeks ago', 'this time last year'."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from annotation.dates.calendar import add_months, duration, month_end, shift, weekend_value
from annotation.dates.grammar import ParseEnv, Result, RuleSet, as_date, time_value
from annotation.dates.lexicon import AMOUNT_RE, UNIT_ONE_RE, UNIT_RE, amount, unit
from annotation.dates.tense import Tense

RULES: Final = RuleSet()


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


@RULES.rule("year_ago", r"year-ago (?P<u>quarter|month|week|year)")
def _year_ago(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'the year-ago quarter': the anchor's quarter (month, week) a year before."""
    steps = {"quarter": -4, "month": -12, "week": -52, "year": -1}
    return as_date(shift(m["u"], env.ctx.anchor, steps[m["u"]]))


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
