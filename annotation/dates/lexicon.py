"""Words of dates in news (months, weekdays, numbers, units) and the pattern pieces built on them.

Names ending in `_RE` are regex sources, spliced into the rules' patterns and compiled with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final


def word_list(text: str, sep: str | None = None) -> list[str]:
    """The words of a long list written as one string, which reads better than a list literal."""
    return text.split(sep)


MONTHS: Final = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS: Final = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
UNITS_WORDS: Final = word_list(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
TENS_WORDS: Final = word_list("twenty thirty forty fifty sixty seventy eighty ninety")
_NUMBERS: Final[dict[str, float]] = {
    **{w: float(i) for i, w in enumerate(UNITS_WORDS)},
    **{w: 20.0 + 10 * i for i, w in enumerate(TENS_WORDS)},
    **{"a": 1, "an": 1, "a hundred": 100, "hundred": 100, "a dozen": 12, "half a": 0.5},
    **{"half an": 0.5, "a couple of": 2, "a couple": 2, "couple of": 2, "a single": 1},
}
_VAGUE: Final = frozenset(
    {"a few", "few", "several", "many", "some", "a number of", "dozens of", "hundreds of"}
)
_ORDINAL_LIST: Final = word_list(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
ORDINALS: Final[dict[str, int]] = {
    **{w: i + 1 for i, w in enumerate(_ORDINAL_LIST)},
    **{f"twenty{sep}{w}": 21 + i for i, w in enumerate(_ORDINAL_LIST[:9]) for sep in "- "},
    **{"thirtieth": 30, "thirty-first": 31, "thirty first": 31},
}
_UNIT_ALIASES: Final = {
    "second": "second", "sec": "second", "minute": "minute", "min": "minute", "hour": "hour",
    "hr": "hour", "day": "day", "week": "week", "fortnight": "fortnight", "month": "month",
    "quarter": "quarter", "year": "year", "yr": "year", "decade": "decade", "century": "century",
    "centurie": "century", "weekend": "weekend", "fiscal": "fiscal", "fiscal year": "fiscal",
    "financial year": "fiscal", "half": "half", "half-year": "half",
    "fiscal years": "year", "financial years": "year",
}  # fmt: skip
SEASONS: Final = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY: Final = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
}  # fmt: skip
# Capitalised heads that make "the 1990 Act" a name rather than a date.
NAME_HEADS: Final = frozenset(
    word_list(
        "act acts bill bills rules regulations regulation code amendment ordinance accord "
        "agreement treaty convention protocol declaration resolution policy guidelines scheme "
        "manifesto batch model edition series version"
    )
)


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation, longest first so that 'march' wins over 'mar'."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


MONTH_RE: Final = alt(MONTHS) + r"\.?(?![a-z])"
WEEKDAY_RE: Final = alt(WEEKDAYS) + r"\.?(?![a-z])"
ORDINAL_RE: Final = alt(ORDINALS)
AMOUNT_RE: Final = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+[ -][1-9]/[1-9]|\d+(?:\.\d+)?|"
    + alt([*_NUMBERS, *_VAGUE])
    + r"|(?:"
    + alt(TENS_WORDS)
    + r"[- ]"
    + alt(UNITS_WORDS[1:10])
    + r"))(?: and a half)?"
)
UNIT_RE: Final = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|quarters?"
    r"|years?|yrs?|decades?|century|centuries|fiscal years?|financial years?)(?![a-z])"
)
UNIT_ONE_RE: Final = (
    r"(?:day|week|weekend|fortnight|month|quarter|half|year|decade|century"
    r"|fiscal year|financial year|fiscal)(?![a-z])"
)
UNIT_MANY_RE: Final = (
    r"(?:days|weeks|weekends|months|quarters|years|decades|centuries|hours|minutes)(?![a-z])"
)
_TZ_RE: Final = (
    r"(?: \(?(?:ist|gmt|utc|bst|cet|cest|eet|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|jst|kst|sgt"
    r"|hkt|pkt|aest|aedt|msk|wib|z|local time|local)\)?(?: [+-]\d{1,2}(?::?\d{2})?)?)?"
)
CLOCK_RE: Final = (
    r"(?:(?P<h1>[01]?\d|2[0-4]):(?P<m1>[0-5]\d)(?::(?P<s1>[0-5]\d))? ?(?P<ap1>am|pm)?"
    r"|(?P<h2>1[0-2]|0?\d)\.(?P<m2>[0-5]\d) ?(?P<ap2>am|pm|hrs|hours)"
    r"|(?P<h3>1[0-2]|0?\d) ?(?P<ap3>am|pm|o'clock)"
    r"|(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d) ?(?:hrs|hours|h|gmt|utc|ist|z)"
    r"|(?P<named>noon|midday|midnight))(?![a-z0-9])"
) + _TZ_RE


def year_spec(g: str) -> str:
    """An optional year after a month, season, quarter or holiday: '2024', 'last year', 'of
    the following year'."""
    return (
        rf"(?:,? (?:of )?(?:(?P<{g}y>1\d{{3}}|20\d{{2}}|21\d{{2}})(?![\d])|'(?P<{g}yy>\d\d)"
        rf"|(?:the )?(?P<{g}rel>this|last|next|current|previous|following|same|coming|past"
        rf"|preceding|prior|that|the) year))?"
    )


def unit(word: str) -> str:
    """The canonical unit of a unit word ('yrs' -> 'year', 'financial year' -> 'fiscal')."""
    word = word.strip().lower()
    if word not in _UNIT_ALIASES and word.endswith("s"):
        word = word[:-1]
    return _UNIT_ALIASES.get(word, word)


def amount(text: str) -> float | None:
    """Number in an amount phrase; None when vague ('a few', 'several')."""
    text = text.strip()
    half = text.endswith(" and a half")
    if half:
        text = text[: -len(" and a half")]
    if text in _VAGUE:
        return None
    if "/" in text:  # '2 1/2'
        whole, _, fraction = text.replace("-", " ").partition(" ")
        numerator, _, denominator = fraction.partition("/")
        return int(whole) + int(numerator) / int(denominator)
    if text in _NUMBERS:
        value = _NUMBERS[text]
    elif text[0].isdigit():
        value = float(text.replace(",", ""))
    else:
        tens, _, ones = text.replace(" ", "-").partition("-")
        value = _NUMBERS[tens] + _NUMBERS[ones]
    return value + 0.5 if half else value
