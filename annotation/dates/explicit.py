"""Rules for dates that name their calendar period: ISO and numeric dates, month-days, months,
weeks, years, decades and centuries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from annotation.dates.calendar import (
    add_months,
    day_bounds,
    month_bounds,
    month_end,
    span_bounds,
    week_value,
)
from annotation.dates.grammar import (
    REJECT,
    ParseEnv,
    Result,
    RuleSet,
    as_date,
    resolve_year,
    time_value,
)
from annotation.dates.lexicon import (
    MONTH_RE,
    MONTHS,
    ORDINAL_RE,
    ORDINALS,
    TENS_WORDS,
    year_spec,
)

RULES: Final = RuleSet()


@RULES.rule(
    "iso",
    r"(?P<Y>\d{4})-(?P<M>\d\d)-(?P<D>\d\d)"
    r"(?:[t ](?P<h>\d\d):(?P<mi>\d\d)(?::(?P<s>\d\d))?(?:\.\d+)?(?:z|[+-]\d\d:?\d\d)?)?",
)
def _iso(m: re.Match[str], env: ParseEnv) -> Result | None:
    try:
        day = date(int(m["Y"]), int(m["M"]), int(m["D"]))
    except ValueError:
        return None
    if m["h"] is None:
        return as_date(day.isoformat())
    return time_value(day, int(m["h"]), int(m["mi"]), int(m["s"] or 0))


@RULES.rule(
    "numeric", r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<Y>\d{4}|\d\d)(?![\d])"
)
def _numeric(m: re.Match[str], env: ParseEnv) -> Result | None:
    """7/4/2025 is July 4 unless `dayfirst`; dotted dates are day-first (European usage)."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["Y"])
    if year < 100:
        year += 2000 if year <= env.ctx.dct.year % 100 + 10 else 1900
    dayfirst = env.ctx.dayfirst or m["sep"] == "."
    if a > 12:
        dayfirst = True
    elif b > 12:
        dayfirst = False
    day, month = (a, b) if dayfirst else (b, a)
    try:
        return as_date(date(year, month, day).isoformat())
    except ValueError:
        return None


@RULES.rule("numeric_ymd", r"(?P<Y>\d{4})[/.](?P<M>\d{1,2})[/.](?P<D>\d{1,2})(?![\d])")
def _numeric_ymd(m: re.Match[str], env: ParseEnv) -> Result | None:
    try:
        return as_date(date(int(m["Y"]), int(m["M"]), int(m["D"])).isoformat())
    except ValueError:
        return None


_DAYNUM_RE: Final = rf"(?:(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])|(?P<dw>{ORDINAL_RE}))"


def _month_day(m: re.Match[str], env: ParseEnv) -> Result | None:
    month = MONTHS[m["mon"].rstrip(".")]
    day = int(m["d"]) if m["d"] else ORDINALS[m["dw"]]
    bounds = day_bounds(month, day)
    year = resolve_year(bounds, m, env, m["rel"], this_year=True) if 1 <= day <= 31 else None
    if year is None:
        return REJECT  # 'June 31', 'Feb 29, 2025': not a date, and not 'June' either
    try:
        return as_date(date(year, month, day).isoformat())
    except ValueError:
        return REJECT


_REL_WORD_RE: Final = (
    r"(?:(?P<rel>last|next|this|coming|this coming|this past|previous|following) )?"
)
RULES.rule(
    "month_day", rf"{_REL_WORD_RE}(?P<mon>{MONTH_RE}) (?:the )?{_DAYNUM_RE}{year_spec('y')}"
)(_month_day)
RULES.rule("day_month", rf"{_REL_WORD_RE}{_DAYNUM_RE} (?:of )?(?P<mon>{MONTH_RE}){year_spec('y')}")(
    _month_day
)


_WEEK_OF_RE: Final = r"week (?:of|beginning|starting|commencing|ending|ended) (?:the )?"


def _week_of(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'the week of March 6': the ISO week holding that day."""
    day = _month_day(m, env)
    if day is None or day[1] != "DATE":
        return day
    return as_date(week_value(date.fromisoformat(day[0])))


RULES.rule(
    "week_of",
    rf"{_WEEK_OF_RE}{_REL_WORD_RE}(?P<mon>{MONTH_RE}) (?:the )?{_DAYNUM_RE}{year_spec('y')}",
)(_week_of)
RULES.rule(
    "week_of_day_month",
    rf"{_WEEK_OF_RE}{_REL_WORD_RE}{_DAYNUM_RE} (?:of )?(?P<mon>{MONTH_RE}){year_spec('y')}",
)(_week_of)


@RULES.rule("month", rf"{_REL_WORD_RE}(?P<mon>{MONTH_RE}){year_spec('y')}")
def _month(m: re.Match[str], env: ParseEnv) -> Result | None:
    month = MONTHS[m["mon"].rstrip(".")]
    year = resolve_year(month_bounds(month), m, env, m["rel"], this_year=True)
    return None if year is None else as_date(f"{year:04d}-{month:02d}")


@RULES.rule(
    "month_range",
    rf"(?P<mon>{MONTH_RE}) ?- ?(?P<mon2>{MONTH_RE}) (?P<q>quarter|period|months?|season)"
    + year_spec("y"),
)
def _month_range(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'the July-September quarter' is 2025-Q3; other spans are month intervals."""
    first, last = MONTHS[m["mon"].rstrip(".")], MONTHS[m["mon2"].rstrip(".")]
    months = (last - first) % 12 + 1
    year = resolve_year(span_bounds(first, months), m, env)
    if year is None:
        return None
    if months == 3 and first % 3 == 1 and m["q"] == "quarter":
        return as_date(f"{year:04d}-Q{(first + 2) // 3}")
    ey, em = add_months(year, first, months - 1)
    return as_date(f"{year:04d}-{first:02d}/{ey:04d}-{em:02d}")


@RULES.rule(
    "week_of_month",
    rf"(?P<o>first|second|third|fourth|last|final) week (?:of|in) (?P<mon>{MONTH_RE})"
    + year_spec("y"),
)
def _week_of_month(m: re.Match[str], env: ParseEnv) -> Result | None:
    """The first week of December is the ISO week holding December 4 (as ISO picks week 1)."""
    month = MONTHS[m["mon"].rstrip(".")]
    year = resolve_year(month_bounds(month), m, env)
    if year is None:
        return None
    if m["o"] in {"last", "final"}:
        return as_date(week_value(month_end(year, month) - timedelta(days=3)))
    return as_date(week_value(date(year, month, 4 + 7 * (ORDINALS[m["o"]] - 1))))


@RULES.rule(
    "iso_week", r"(?:week|wk) (?P<n>\d{1,2})(?: (?:of )?(?P<Y>\d{4}))?|(?P<Y2>\d{4})-w(?P<n2>\d\d)"
)
def _iso_week(m: re.Match[str], env: ParseEnv) -> Result | None:
    n = int(m["n"] or m["n2"])
    year = int(m["Y"] or m["Y2"] or env.ctx.dct.year)
    try:
        return as_date(week_value(date.fromisocalendar(year, n, 1)))
    except ValueError:
        return None


@RULES.rule("year", r"(?:year )?(?P<Y>1\d{3}|20\d{2}|21\d{2})(?: (?:ad|ce))?(?![\d])")
def _year(m: re.Match[str], env: ParseEnv) -> Result | None:
    return as_date(m["Y"])


@RULES.rule(
    "year_range",
    r"(?P<Y>1\d{3}|20\d{2}|21\d{2}) ?[-/] ?(?P<Y2>1\d{3}|20\d{2}|21\d{2}|\d\d)(?![\d])",
)
def _year_range(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'2015-18' is 2015/2018; a split year '2024-25' is the financial year FY2025, as in Indian
    and British usage (a season or academic year is caught by `year_season` first)."""
    start, end = int(m["Y"]), m["Y2"]
    stop = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    if stop <= start:
        return None
    if len(end) == 2 and stop == start + 1:
        return as_date(f"FY{stop}")
    return as_date(f"{start}/{stop}")


@RULES.rule(
    "year_season",
    r"(?P<Y>1\d{3}|20\d{2}) ?[-/] ?(?P<Y2>\d{4}|\d\d)"
    r" (?:season|academic year|academic session|school year|session|winter|campaign)",
)
def _year_season(m: re.Match[str], env: ParseEnv) -> Result | None:
    start, end = int(m["Y"]), m["Y2"]
    stop = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    return as_date(f"{start}/{stop}") if stop > start else None


@RULES.rule(
    "decade",
    r"(?P<Y>1\d{2}0|20\d0|21\d0)'?s|'?(?P<yy>\d)0'?s"
    r"|(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
)
def _decade(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'the 1990s' is 199, 'the 1800s' the century 18; 'the '90s' the latest such decade."""
    if m["Y"]:
        year = int(m["Y"])
        if year % 100 == 0 and year < 2000:
            return as_date(str(year // 100))
        return as_date(str(year // 10))
    tens = int(m["yy"]) if m["yy"] else TENS_WORDS.index(m["w"][:-3] + "y") + 2
    year = 2000 + tens * 10
    if year > env.ctx.dct.year:
        year -= 100
    return as_date(str(year // 10))


@RULES.rule("century", rf"(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>{ORDINAL_RE}))[- ]century")
def _century(m: re.Match[str], env: ParseEnv) -> Result | None:
    n = int(m["n"]) if m["n"] else ORDINALS[m["w"]]
    return as_date(f"{n - 1:02d}") if n >= 1 else None
