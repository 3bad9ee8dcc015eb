"""dateparser, for explicit dates in shapes or languages the grammar does not know; imported on
first use, and cached as its parsers are slow to build."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any, Final

from annotation.dates.grammar import Context
from annotation.dates.tense import Tense

_LANGUAGES: Final = ("en", "fr", "de", "es", "it", "pt", "nl")
# The months of those languages by their first letters: dateparser is asked only about texts
# with a number and a month name (it takes milliseconds to say no to 'a good part of 1990').
_MONTH_STEMS: Final = (
    "jan|fe[bv]|m[aä]r|apr|avr|abr|ma[iygj]|jun|jui|giu|jul|lug|aug|ago|ao[uû]|sep|set|okt|oct"
    "|ott|out|nov|de[cz]|d[ée]c|dic|ene|gen|mrt|mei|fév|janv|maa"
)
_FALLBACK_GATE: Final = re.compile(rf"(?=.*\d)(?=.*(?<![^\W\d_])(?:{_MONTH_STEMS}))", re.S | re.I)


def fallback(text: str, ctx: Context) -> tuple[str, str, str | None] | None:
    """dateparser, for explicit dates in shapes the grammar does not know ('le 6 décembre
    2025'): only texts with a number and a word, and only results that account for every
    number in the text."""
    if not _FALLBACK_GATE.match(text) or len(text) > 80:
        return None
    known = ctx.known_tense()  # never load spaCy just for the fallback
    prefer = {Tense.PAST: "past", Tense.FUTURE: "future"}.get(
        known or Tense.UNKNOWN, "current_period"
    )
    return _dateparse(text.strip(), ctx.dct, prefer, ctx.dayfirst)


@lru_cache(maxsize=16)
def _parser(base: date, prefer: str, dayfirst: bool, strict: bool) -> Any:
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime.combine(base, time()),
        "PREFER_DATES_FROM": prefer,
        "DATE_ORDER": "DMY" if dayfirst else "MDY",
        "STRICT_PARSING": strict,
        "REQUIRE_PARTS": [] if strict else ["month"],
        "RETURN_TIME_AS_PERIOD": True,
        "PARSERS": ["absolute-time"],
    }
    return DateDataParser(languages=list(_LANGUAGES), settings=settings)


@lru_cache(maxsize=2048)
def _dateparse(text: str, base: date, prefer: str, dayfirst: bool) -> tuple[str, str, None] | None:
    try:
        import dateparser  # noqa: F401
    except ImportError:
        return None
    for strict in (True, False):
        data = _parser(base, prefer, dayfirst, strict).get_date_data(text)
        found: datetime | None = data.date_obj
        if found is None:
            continue
        numbers = {int(n) for n in re.findall(r"\d+", text)}
        parts = {found.day, found.month, found.year, found.year % 100, found.hour, found.minute}
        if not numbers <= parts:
            return None
        if data.period == "month":
            return f"{found:%Y-%m}", "DATE", None
        if data.period == "time":
            return f"{found.date().isoformat()}T{found:%H:%M}", "TIME", None
        if data.period == "day":
            return found.date().isoformat(), "DATE", None
        return None
    return None
