"""Date arithmetic behind the values: ISO weeks, month steps, fiscal years, durations, and which
occurrence of a recurring period (a month, a weekday, a weekend) a tense points to."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Final

from annotation.dates.tense import Tense

FISCAL_START_MONTH: Final = 4
SEASON_START: Final = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_DURATION_CODES: Final = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "week": ("W", False), "month": ("M", False), "year": ("Y", False), "decade": ("DE", False),
    "century": ("CE", False),
}  # fmt: skip


def week_value(d: date) -> str:
    """The ISO week holding `d`, as a value: '2025-W49'."""
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def month_end(y: int, m: int) -> date:
    ny, nm = add_months(y, m, 1)
    return date(ny, nm, 1) - timedelta(days=1)


def _fiscal_year(d: date) -> int:
    """Fiscal years are named by the year they end in."""
    return d.year + 1 if d.month >= FISCAL_START_MONTH else d.year


def shift(unit: str, base: date, n: int) -> str:
    """The `unit`-sized period `n` periods away from the one containing `base`."""
    if unit == "day":
        return (base + timedelta(days=n)).isoformat()
    if unit in {"week", "fortnight"}:
        return week_value(base + timedelta(days=7 * n * (2 if unit == "fortnight" else 1)))
    if unit == "weekend":
        return week_value(base + timedelta(days=7 * n)) + "-WE"
    if unit == "month":
        y, m = add_months(base.year, base.month, n)
        return f"{y:04d}-{m:02d}"
    if unit in {"quarter", "half"}:
        size = 3 if unit == "quarter" else 6
        k = base.year * (12 // size) + (base.month - 1) // size + n
        return f"{k // (12 // size):04d}-{'Q' if size == 3 else 'H'}{k % (12 // size) + 1}"
    if unit == "year":
        return f"{base.year + n:04d}"
    if unit == "decade":
        return str(base.year // 10 + n)
    if unit == "century":
        return str(base.year // 100 + n)
    if unit == "fiscal":
        return f"FY{_fiscal_year(base) + n}"
    raise ValueError(unit)


def _number(value: float | None) -> str:
    if value is None:
        return "X"
    return str(int(value)) if value == int(value) else f"{value:g}"


def duration(parts: list[tuple[float | None, str]]) -> str:
    """ISO 8601 duration for (amount, unit) pairs: P2Y3M, PT48H, P1DE."""
    day_part: list[str] = []
    time_part: list[str] = []
    for amount, unit in _whole(parts):
        code, is_time = _DURATION_CODES[unit]
        (time_part if is_time else day_part).append(_number(amount) + code)
    return "P" + "".join(day_part) + ("T" + "".join(time_part) if time_part else "")


#: A unit and the next smaller one, for fractions: 2 1/2 years is P2Y6M, 1 1/2 hours PT1H30M.
_SMALLER: Final = {
    "year": ("month", 12), "month": ("day", 30), "day": ("hour", 24), "hour": ("minute", 60),
    "minute": ("second", 60), "week": ("day", 7),
}  # fmt: skip


def _whole(parts: list[tuple[float | None, str]]) -> list[tuple[float | None, str]]:
    """Fortnights as weeks, quarters as months, counted decades as years (TimeBank's P20Y),
    and a fraction as whole units of the next smaller unit where it comes out even."""
    found: list[tuple[float | None, str]] = []
    for amount, unit in parts:
        factor = {"fortnight": ("week", 2), "quarter": ("month", 3), "decade": ("year", 10)}
        if unit in factor and (amount is not None or unit != "decade"):
            unit, times = factor[unit]
            amount = None if amount is None else amount * times
        if amount is not None and amount != int(amount) and unit in _SMALLER:
            smaller, times = _SMALLER[unit]
            rest = (amount - int(amount)) * times
            if rest == int(rest) and unit != "month":
                if int(amount):
                    found.append((float(int(amount)), unit))
                found.append((rest, smaller))
                continue
        found.append((amount, unit))
    return found


def choose_year(
    bounds: Callable[[int], tuple[date, date] | None], ref: date, how: str
) -> int | None:
    """Year of a yearly recurring period relative to `ref`, by `how`: past (starts on or before
    ref), future (ends on or after), last / next (strictly before / after), this, nearest."""
    cands = [(y, b) for y in range(ref.year - 4, ref.year + 5) if (b := bounds(y)) is not None]
    if how == "this":  # the one under way ('this winter' in January), else this year's
        held = [y for y, (s, e) in cands if s <= ref <= e]
        return held[0] if held else (ref.year if bounds(ref.year) else None)
    pick: dict[str, Callable[[], list[int]]] = {
        "past": lambda: [y for y, (s, _) in cands if s <= ref][-1:],
        "future": lambda: [y for y, (_, e) in cands if e >= ref][:1],
        "last": lambda: [y for y, (_, e) in cands if e < ref][-1:],
        "next": lambda: [y for y, (s, _) in cands if s > ref][:1],
    }
    if how in pick:
        found = pick[how]()
        return found[0] if found else None

    def distance(item: tuple[int, tuple[date, date]]) -> tuple[int, int]:
        _, (s, e) = item
        if s <= ref <= e:
            return 0, 0
        return ((s - ref).days, 1) if s > ref else ((ref - e).days, 0)

    return min(cands, key=distance)[0] if cands else None


def month_bounds(month: int) -> Callable[[int], tuple[date, date]]:
    return lambda y: (date(y, month, 1), month_end(y, month))


def day_bounds(month: int, day: int) -> Callable[[int], tuple[date, date] | None]:
    def bounds(y: int) -> tuple[date, date] | None:
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        return d, d

    return bounds


def span_bounds(first: int, months: int) -> Callable[[int], tuple[date, date]]:
    """Bounds of a yearly span of `months` months starting in month `first` (may cross a year)."""

    def bounds(y: int) -> tuple[date, date]:
        ey, em = add_months(y, first, months - 1)
        return date(y, first, 1), month_end(ey, em)

    return bounds


def weekday_date(wd: int, ref: date, how: str) -> date:
    """The weekday `wd` relative to `ref`, by `how` as in `choose_year`."""
    back = (ref.weekday() - wd) % 7
    ahead = (wd - ref.weekday()) % 7
    if how == "last":
        return ref - timedelta(days=back or 7)
    if how == "next":
        return ref + timedelta(days=ahead or 7)
    if how == "future":
        return ref + timedelta(days=ahead)
    if how == "this":
        return ref - timedelta(days=ref.weekday()) + timedelta(days=wd)
    return ref - timedelta(days=back)


def weekend_value(dct: date, tense: Tense) -> str:
    """The weekend meant by a bare 'the weekend', by tense (nearest for unknown)."""
    this = week_value(dct) + "-WE"
    if dct.weekday() >= 5 or tense is Tense.FUTURE:
        return this
    if tense is Tense.PAST or dct.weekday() <= 2:
        return week_value(dct - timedelta(days=7)) + "-WE"
    return this


def value_start(value: str) -> date | None:
    """First day of a resolved DATE value, for re-anchoring the left side of a range."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", value):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(?:-WE)?", value):
        return date.fromisocalendar(int(m[1]), int(m[2]), 1)
    if m := re.fullmatch(r"(\d{4})(?:-(\d\d)|-Q(\d)|-H(\d)|-(SP|SU|FA|WI))?", value):
        month = 1
        if m[2]:
            month = int(m[2])
        elif m[3]:
            month = int(m[3]) * 3 - 2
        elif m[4]:
            month = int(m[4]) * 6 - 5
        elif m[5]:
            month = SEASON_START[m[5]]
        return date(int(m[1]), month, 1)
    return None


_PART_OF_YEAR: Final = re.compile(r"(\d{4})(-(?:Q[1-4]|H[12]|\d\d(?:-\d\d)?|SP|SU|FA|WI))")


def part_of_year(value: str) -> tuple[int, str] | None:
    """(year, part) of a value finer than a year: '1989-Q3' -> (1989, '-Q3'); else None."""
    m = _PART_OF_YEAR.fullmatch(value)
    return (int(m[1]), m[2]) if m else None


def in_year(value: str, year: int, unit: str | None = None) -> str | None:
    """The same part of the calendar in another year, or the `unit` ('quarter', 'month')
    holding its start: ('1989-Q3', 1988) -> '1988-Q3'; ('1989-09-30', 1988, 'quarter') ->
    '1988-Q3'. None when the value has no part finer than a year."""
    found = part_of_year(value)
    if found is None:
        return None
    part = found[1]
    if unit in {"quarter", "month", "half"} and not part.startswith("-" + unit[0].upper()):
        start = value_start(value)
        if start is None or (unit == "month" and not part[1:3].isdigit()):
            return None
        return shift(unit, date(year, start.month, 1), 0)
    if part == "-02-29" and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        part = "-02-28"
    return f"{year:04d}{part}"
