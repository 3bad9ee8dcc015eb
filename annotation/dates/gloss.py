"""Calendar values in words: `P3D` is "3 days", `2025-06-18TNI` "night of 18 June 2025",
`FY2026-Q1` "first quarter of fiscal 2026" (docs/dates.md lists the values).

The window shows the gloss beside the TIMEX3 code, so an analyst checks a value by reading it
rather than by decoding it. Light on purpose (no rule tables): the desktop imports it to draw
tags. A value it does not know has no gloss (None), never a guess.
"""

from __future__ import annotations

import re
from datetime import date

#: English month names, January first (the gloss and the bench corpus write them).
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ORDINALS = ("first", "second", "third", "fourth")
_PARTS = {
    "MO": "morning",
    "MI": "midday",
    "AF": "afternoon",
    "EV": "evening",
    "NI": "night",
    "DT": "daytime",
}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_REFS = {"PRESENT_REF": "now", "PAST_REF": "the past", "FUTURE_REF": "the future"}
_DATE_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "DE": "decade", "CE": "century"}
_TIME_UNITS = {"H": "hour", "M": "minute", "S": "second"}
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?|X)(DE|CE|[YMWDHS])")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
_CLOCK = re.compile(r"^(?:(\d{4}-\d{2}-\d{2}))?T(\d{2}):(\d{2})(?::\d{2})?$")
_PART = re.compile(r"^(\d{4}-\d{2}-\d{2})T(MO|MI|AF|EV|NI|DT)$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_QUARTER = re.compile(r"^(FY)?(\d{4})-(Q|H)(\d)$")
_FISCAL = re.compile(r"^FY(\d{4})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_EVERY_MONTH = re.compile(r"^XXXX-(\d{2})$")
_EVERY_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])$")


def _day(value: str) -> str | None:
    found = _DAY.match(value)
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    try:
        weekday = _WEEKDAYS[date(year, month, day).weekday()]
    except ValueError:
        return None
    return f"{weekday} {day} {MONTHS[month - 1]} {year}"


def _short_day(value: str) -> str | None:
    found = _DAY.match(value)
    if found is None or not 1 <= int(found.group(2)) <= 12:
        return None
    return f"{int(found.group(3))} {MONTHS[int(found.group(2)) - 1]} {found.group(1)}"


def _duration(value: str) -> str | None:
    if not value.startswith("P") or len(value) < 3:
        return None
    date_part, _, time_part = value[1:].partition("T")
    words = []
    for part, units in ((date_part, _DATE_UNITS), (time_part, _TIME_UNITS)):
        rest = part
        for amount, unit in _AMOUNT.findall(part):
            name = units.get(unit)
            if name is None:
                return None
            if amount == "X":
                words.append("centuries" if unit == "CE" else f"{name}s")
            else:
                number = float(amount)
                shown = amount if "." in amount else str(int(number))
                plural = "centuries" if unit == "CE" else f"{name}s"
                words.append(f"{shown} {name if number == 1 else plural}")
            rest = rest.replace(amount + unit, "", 1)
        if rest:
            return None
    if not words:
        return None
    if all(word[0].isalpha() for word in words):
        return "some " + " ".join(words)  # PXY: "some years"
    return " ".join(words)


def gloss(value: str | None) -> str | None:
    """The value in words, or None when it is not a value this module knows."""
    if not value:
        return None
    value = value.strip()
    if "/" in value:
        parts = [gloss(part) for part in value.split("/", 1)]
        if None in parts:
            return None
        return f"{parts[0]} to {parts[1]}"
    if value in _REFS:
        return _REFS[value]
    if value.startswith("P"):
        return _duration(value)
    if (day := _day(value)) is not None:
        return day
    if (found := _MONTH.match(value)) and 1 <= int(found.group(2)) <= 12:
        return f"{MONTHS[int(found.group(2)) - 1]} {found.group(1)}"
    if found := _YEAR.match(value):
        return found.group(1)
    if found := _DECADE.match(value):
        return f"the {found.group(1)}0s"
    if found := _CENTURY.match(value):
        number = int(found.group(1)) + 1
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        return f"the {number}{suffix} century"
    if found := _PART.match(value):
        day = _short_day(found.group(1))
        return f"{_PARTS[found.group(2)]} of {day}" if day else None
    if found := _CLOCK.match(value):
        clock = f"{found.group(2)}:{found.group(3)}"
        if found.group(1) is None:
            return clock
        day = _short_day(found.group(1))
        return f"{clock} on {day}" if day else None
    if found := _WEEK.match(value):
        week = f"week {int(found.group(2))} of {found.group(1)}"
        return f"the weekend of {week}" if found.group(3) else week
    if found := _QUARTER.match(value):
        fiscal, year, kind, which = found.groups()
        count = int(which)
        if not 1 <= count <= (4 if kind == "Q" else 2):
            return None
        part = "quarter" if kind == "Q" else "half"
        return f"{_ORDINALS[count - 1]} {part} of {'fiscal ' if fiscal else ''}{year}"
    if found := _FISCAL.match(value):
        return f"fiscal year {found.group(1)}"
    if found := _SEASON.match(value):
        return f"{_SEASONS[found.group(2)]} {found.group(1)}"
    if (found := _EVERY_MONTH.match(value)) and 1 <= int(found.group(1)) <= 12:
        return f"every {MONTHS[int(found.group(1)) - 1]}"
    if found := _EVERY_WEEKDAY.match(value):
        return f"every {_WEEKDAYS[int(found.group(1)) - 1]}"
    return None


def needs_gloss(value: str | None) -> bool:
    """Whether a value is a code an analyst would have to decode (a plain date, month or year
    reads as it is written)."""
    if not value:
        return False
    return not (_DAY.match(value) or _MONTH.match(value) or _YEAR.match(value))
