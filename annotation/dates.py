"""Calendar values (TIMEX3 style) for DATE/TIME expressions in news, resolved against the
publication date (DCT).

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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Final

from annotation.tense import Tense

__all__ = ["FISCAL_START_MONTH", "DateValue", "normalize"]

FISCAL_START_MONTH: Final = 4


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised temporal expression: TIMEX3 value, type and mod, and the rule that fired."""

    value: str
    type: str
    mod: str | None = None
    rule: str = ""


# --------------------------------------------------------------------------- vocabulary


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


_MONTHS: Final = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS: Final = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_UNITS_WORDS: Final = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS_WORDS: Final = _words("twenty thirty forty fifty sixty seventy eighty ninety")
_NUMBERS: Final[dict[str, float]] = {
    **{w: float(i) for i, w in enumerate(_UNITS_WORDS)},
    **{w: 20.0 + 10 * i for i, w in enumerate(_TENS_WORDS)},
    **{"a": 1, "an": 1, "a hundred": 100, "hundred": 100, "a dozen": 12, "half a": 0.5},
    **{"half an": 0.5, "a couple of": 2, "a couple": 2, "couple of": 2, "a single": 1},
}
_VAGUE: Final = frozenset(
    {"a few", "few", "several", "many", "some", "a number of", "dozens of", "hundreds of"}
)
_ORDINAL_LIST: Final = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_ORDINALS: Final[dict[str, int]] = {
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
_DURATION_CODES: Final = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "week": ("W", False), "month": ("M", False), "year": ("Y", False), "decade": ("DE", False),
    "century": ("CE", False),
}  # fmt: skip
_SEASONS: Final = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_PARTS_OF_DAY: Final = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
}  # fmt: skip
# Capitalised heads that make "the 1990 Act" a name rather than a date.
_NAME_HEADS: Final = frozenset(
    _words(
        "act acts bill bills rules regulations regulation code amendment ordinance accord "
        "agreement treaty convention protocol declaration resolution policy guidelines scheme "
        "manifesto batch model edition series version"
    )
)


def _alt(words: Iterable[str]) -> str:
    """A non-capturing alternation, longest first so that 'march' wins over 'mar'."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


_MON: Final = _alt(_MONTHS) + r"\.?(?![a-z])"
_WD: Final = _alt(_WEEKDAYS) + r"\.?(?![a-z])"
_ORD: Final = _alt(_ORDINALS)
_AMOUNT: Final = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + _alt([*_NUMBERS, *_VAGUE])
    + r"|(?:"
    + _alt(_TENS_WORDS)
    + r"[- ]"
    + _alt(_UNITS_WORDS[1:10])
    + r"))(?: and a half)?"
)
_UNIT: Final = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|quarters?"
    r"|years?|yrs?|decades?|century|centuries|fiscal years?|financial years?)(?![a-z])"
)
_UNIT_ONE: Final = (
    r"(?:day|week|weekend|fortnight|month|quarter|half|year|decade|century"
    r"|fiscal year|financial year|fiscal)(?![a-z])"
)
_UNIT_MANY: Final = (
    r"(?:days|weeks|weekends|months|quarters|years|decades|centuries|hours|minutes)(?![a-z])"
)
_TZ: Final = (
    r"(?: \(?(?:ist|gmt|utc|bst|cet|cest|eet|est|edt|cst|cdt|mst|mdt|pst|pdt|et|pt|jst|kst|sgt"
    r"|hkt|pkt|aest|aedt|msk|wib|z|local time|local)\)?(?: [+-]\d{1,2}(?::?\d{2})?)?)?"
)
_CLOCK: Final = (
    r"(?:(?P<h1>[01]?\d|2[0-4]):(?P<m1>[0-5]\d)(?::(?P<s1>[0-5]\d))? ?(?P<ap1>am|pm)?"
    r"|(?P<h2>1[0-2]|0?\d)\.(?P<m2>[0-5]\d) ?(?P<ap2>am|pm|hrs|hours)"
    r"|(?P<h3>1[0-2]|0?\d) ?(?P<ap3>am|pm|o'clock)"
    r"|(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d) ?(?:hrs|hours|h|gmt|utc|ist|z)"
    r"|(?P<named>noon|midday|midnight))(?![a-z0-9])"
) + _TZ


def _yspec(g: str) -> str:
    """An optional year after a month, season, quarter or holiday: '2024', 'last year', 'of
    the following year'."""
    return (
        rf"(?:,? (?:of )?(?:(?P<{g}y>1\d{{3}}|20\d{{2}}|21\d{{2}})(?![\d])|'(?P<{g}yy>\d\d)"
        rf"|(?:the )?(?P<{g}rel>this|last|next|current|previous|following|same|coming|past"
        rf"|preceding|prior|that|the) year))?"
    )


# --------------------------------------------------------------------------- calendar helpers


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _month_end(y: int, m: int) -> date:
    ny, nm = _add_months(y, m, 1)
    return date(ny, nm, 1) - timedelta(days=1)


def _fiscal_year(d: date) -> int:
    """Fiscal years are named by the year they end in."""
    return d.year + 1 if d.month >= FISCAL_START_MONTH else d.year


def _shift(unit: str, base: date, n: int) -> str:
    """The `unit`-sized period `n` periods away from the one containing `base`."""
    if unit == "day":
        return (base + timedelta(days=n)).isoformat()
    if unit in {"week", "fortnight"}:
        return _week(base + timedelta(days=7 * n * (2 if unit == "fortnight" else 1)))
    if unit == "weekend":
        return _week(base + timedelta(days=7 * n)) + "-WE"
    if unit == "month":
        y, m = _add_months(base.year, base.month, n)
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


def _unit(word: str) -> str:
    word = word.strip().lower()
    if word not in _UNIT_ALIASES and word.endswith("s"):
        word = word[:-1]
    return _UNIT_ALIASES.get(word, word)


def _amount(text: str) -> float | None:
    """Number in an amount phrase; None when vague ('a few', 'several')."""
    text = text.strip()
    half = text.endswith(" and a half")
    if half:
        text = text[: -len(" and a half")]
    if text in _VAGUE:
        return None
    if text in _NUMBERS:
        value = _NUMBERS[text]
    elif text[0].isdigit():
        value = float(text.replace(",", ""))
    else:
        tens, _, ones = text.replace(" ", "-").partition("-")
        value = _NUMBERS[tens] + _NUMBERS[ones]
    return value + 0.5 if half else value


def _num(value: float | None) -> str:
    if value is None:
        return "X"
    return str(int(value)) if value == int(value) else f"{value:g}"


def _duration(parts: list[tuple[float | None, str]]) -> str:
    """ISO 8601 duration for (amount, unit) pairs: P2Y3M, PT48H, P1DE."""
    day_part: list[str] = []
    time_part: list[str] = []
    for amount, unit in parts:
        if unit == "fortnight":
            amount, unit = (None if amount is None else amount * 2), "week"
        elif unit == "quarter":
            amount, unit = (None if amount is None else amount * 3), "month"
        code, is_time = _DURATION_CODES[unit]
        (time_part if is_time else day_part).append(_num(amount) + code)
    return "P" + "".join(day_part) + ("T" + "".join(time_part) if time_part else "")


def _choose_year(
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


def _month_bounds(month: int) -> Callable[[int], tuple[date, date]]:
    return lambda y: (date(y, month, 1), _month_end(y, month))


def _day_bounds(month: int, day: int) -> Callable[[int], tuple[date, date] | None]:
    def bounds(y: int) -> tuple[date, date] | None:
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        return d, d

    return bounds


def _span_bounds(first: int, months: int) -> Callable[[int], tuple[date, date]]:
    """Bounds of a yearly span of `months` months starting in month `first` (may cross a year)."""

    def bounds(y: int) -> tuple[date, date]:
        ey, em = _add_months(y, first, months - 1)
        return date(y, first, 1), _month_end(ey, em)

    return bounds


_SEASON_START: Final = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _value_start(value: str) -> date | None:
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
            month = _SEASON_START[m[5]]
        return date(int(m[1]), month, 1)
    return None


# --------------------------------------------------------------------------- holidays


def _easter(y: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(y, month, day + 1)


def _nth_weekday(month: int, wd: int, n: int) -> Callable[[int], date]:
    """The n-th (or with n=-1 the last) weekday `wd` of `month`."""

    def compute(y: int) -> date:
        if n > 0:
            first = date(y, month, 1)
            return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
        last = _month_end(y, month)
        return last - timedelta(days=(last.weekday() - wd) % 7)

    return compute


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda y: date(y, month, day)


def _from_easter(days: int) -> Callable[[int], date]:
    return lambda y: _easter(y) + timedelta(days=days)


# Names after cleaning (lower case, possessive 's dropped). Only holidays with one date
# worldwide, or a clearly national name ('thanksgiving' is the US one), are resolved.
HOLIDAYS: Final[dict[str, Callable[[int], date]]] = {
    "christmas": _fixed(12, 25), "christmas day": _fixed(12, 25), "xmas": _fixed(12, 25),
    "christmas eve": _fixed(12, 24), "boxing day": _fixed(12, 26),
    "new year day": _fixed(1, 1), "new years day": _fixed(1, 1),
    "new year eve": _fixed(12, 31), "new years eve": _fixed(12, 31),
    "valentine day": _fixed(2, 14), "valentines day": _fixed(2, 14),
    "halloween": _fixed(10, 31), "all saints day": _fixed(11, 1), "all souls day": _fixed(11, 2),
    "may day": _fixed(5, 1), "earth day": _fixed(4, 22), "world environment day": _fixed(6, 5),
    "world aids day": _fixed(12, 1), "human rights day": _fixed(12, 10),
    "international women day": _fixed(3, 8), "women day": _fixed(3, 8),
    "international yoga day": _fixed(6, 21), "international day of yoga": _fixed(6, 21),
    "gandhi jayanti": _fixed(10, 2), "ambedkar jayanti": _fixed(4, 14),
    "mahaparinirvan diwas": _fixed(12, 6), "juneteenth": _fixed(6, 19),
    "veterans day": _fixed(11, 11), "armistice day": _fixed(11, 11),
    "guy fawkes night": _fixed(11, 5), "bonfire night": _fixed(11, 5),
    "st patrick day": _fixed(3, 17), "st. patrick day": _fixed(3, 17),
    "saint patrick day": _fixed(3, 17), "bastille day": _fixed(7, 14),
    "canada day": _fixed(7, 1), "australia day": _fixed(1, 26), "anzac day": _fixed(4, 25),
    "cinco de mayo": _fixed(5, 5), "groundhog day": _fixed(2, 2),
    "easter": _easter, "easter sunday": _easter, "easter day": _easter,
    "good friday": _from_easter(-2), "holy saturday": _from_easter(-1),
    "easter monday": _from_easter(1), "maundy thursday": _from_easter(-3),
    "palm sunday": _from_easter(-7), "ash wednesday": _from_easter(-46),
    "ascension day": _from_easter(39), "pentecost": _from_easter(49),
    "whit sunday": _from_easter(49), "whitsun": _from_easter(49),
    "thanksgiving": _nth_weekday(11, 3, 4), "thanksgiving day": _nth_weekday(11, 3, 4),
    "labor day": _nth_weekday(9, 0, 1), "memorial day": _nth_weekday(5, 0, -1),
    "martin luther king day": _nth_weekday(1, 0, 3), "mlk day": _nth_weekday(1, 0, 3),
    "presidents day": _nth_weekday(2, 0, 3), "president day": _nth_weekday(2, 0, 3),
}  # fmt: skip
_HOLIDAY_SEASON_DAYS: Final = 31
# Lunar, lunisolar or country-dependent: no reliable date without a table, so no value at all.
AMBIGUOUS_HOLIDAYS: Final = frozenset(
    _words(
        "diwali|deepavali|holi|eid|eid al-fitr|eid-ul-fitr|eid ul-fitr|eid al-adha|eid-ul-adha|"
        "eid ul-adha|bakrid|bakri eid|ramadan|ramzan|navratri|durga puja|dussehra|dasara|"
        "ganesh chaturthi|onam|pongal|makar sankranti|sankranti|lohri|raksha bandhan|rakhi|"
        "janmashtami|chhath|guru nanak jayanti|gurpurab|mahashivratri|maha shivratri|ram navami|"
        "hanukkah|passover|rosh hashanah|yom kippur|chinese new year|lunar new year|tet|vesak|"
        "buddha purnima|karva chauth|muharram|ugadi|gudi padwa|baisakhi|vaisakhi|bihu|"
        "independence day|republic day|national day|constitution day|teachers day|teacher day|"
        "children day|mother day|mothers day|father day|fathers day|labour day|victory day|"
        "unity day|liberation day",
        "|",
    )
)


# --------------------------------------------------------------------------- context


@dataclass
class _Ctx:
    """What a call resolves against; the tense is computed only when a rule asks for it."""

    dct: date
    clock: datetime | None
    anchor: date
    dayfirst: bool
    text: str
    sentence: str | None
    given_tense: Tense | None
    _tense: Tense | None = field(default=None, repr=False)

    def tense(self) -> Tense:
        if self._tense is None:
            if self.given_tense is not None:
                self._tense = self.given_tense
            elif self.sentence:
                from annotation.tense import tense_in_sentence

                self._tense = tense_in_sentence(self.sentence, self.text)
            else:
                self._tense = Tense.UNKNOWN
        return self._tense

    def how(self) -> str:
        """Direction for yearless periods."""
        return {Tense.PAST: "past", Tense.FUTURE: "future"}.get(self.tense(), "nearest")


@dataclass(frozen=True, slots=True)
class _Env:
    """One parse: the call context, a leading 'the' and the preposition stripped before it."""

    ctx: _Ctx
    the: bool = False
    prep: str = ""
    rewind: date | None = None  # resolve yearless parts on or before this (left side of a range)


_R = tuple[str, str, str | None]  # value, type, mod
_REJECT: Final[_R] = ("", "REJECT", None)
_Handler = Callable[[re.Match[str], _Env], _R | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    rx: re.Pattern[str]
    handler: _Handler


_RULES: list[_Rule] = []


def _rule(name: str, pattern: str) -> Callable[[_Handler], _Handler]:
    """Register a grammar rule; patterns are matched at the start of the cleaned text."""

    def register(fn: _Handler) -> _Handler:
        _RULES.append(_Rule(name, re.compile(pattern), fn))
        return fn

    return register


def _d(value: str, mod: str | None = None) -> _R:
    return value, "DATE", mod


def _how(env: _Env, rel: str | None = None) -> tuple[date, str]:
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


def _year_of(m: re.Match[str], g: str, env: _Env) -> int | None:
    """Year named by a `_yspec(g)` group, or None when the expression gives none."""
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


def _resolve(
    bounds: Callable[[int], tuple[date, date] | None],
    m: re.Match[str],
    env: _Env,
    rel: str | None = None,
) -> int | None:
    """Year for a recurring period: explicit, from a relative year, or chosen by direction."""
    year = _year_of(m, "y", env)
    if year is not None:
        return year
    ref, how = _how(env, rel)
    return _choose_year(bounds, ref, how)


# --------------------------------------------------------------------------- rules: calendar dates


@_rule(
    "iso",
    r"(?P<Y>\d{4})-(?P<M>\d\d)-(?P<D>\d\d)"
    r"(?:[t ](?P<h>\d\d):(?P<mi>\d\d)(?::(?P<s>\d\d))?(?:\.\d+)?(?:z|[+-]\d\d:?\d\d)?)?",
)
def _iso(m: re.Match[str], env: _Env) -> _R | None:
    try:
        day = date(int(m["Y"]), int(m["M"]), int(m["D"]))
    except ValueError:
        return None
    if m["h"] is None:
        return _d(day.isoformat())
    return _time_value(day, int(m["h"]), int(m["mi"]), int(m["s"] or 0))


@_rule("numeric", r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<Y>\d{4}|\d\d)(?![\d])")
def _numeric(m: re.Match[str], env: _Env) -> _R | None:
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
        return _d(date(year, month, day).isoformat())
    except ValueError:
        return None


@_rule("numeric_ymd", r"(?P<Y>\d{4})[/.](?P<M>\d{1,2})[/.](?P<D>\d{1,2})(?![\d])")
def _numeric_ymd(m: re.Match[str], env: _Env) -> _R | None:
    try:
        return _d(date(int(m["Y"]), int(m["M"]), int(m["D"])).isoformat())
    except ValueError:
        return None


_DAYNUM: Final = rf"(?:(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])|(?P<dw>{_ORD}))"


def _month_day(m: re.Match[str], env: _Env) -> _R | None:
    month = _MONTHS[m["mon"].rstrip(".")]
    day = int(m["d"]) if m["d"] else _ORDINALS[m["dw"]]
    year = _resolve(_day_bounds(month, day), m, env, m["rel"]) if 1 <= day <= 31 else None
    if year is None:
        return _REJECT  # 'June 31', 'Feb 29, 2025': not a date, and not 'June' either
    try:
        return _d(date(year, month, day).isoformat())
    except ValueError:
        return _REJECT


_REL_WORD: Final = r"(?:(?P<rel>last|next|this|coming|this coming|this past|previous|following) )?"
_rule("month_day", rf"{_REL_WORD}(?P<mon>{_MON}) (?:the )?{_DAYNUM}{_yspec('y')}")(_month_day)
_rule("day_month", rf"{_REL_WORD}{_DAYNUM} (?:of )?(?P<mon>{_MON}){_yspec('y')}")(_month_day)


@_rule("month", rf"{_REL_WORD}(?P<mon>{_MON}){_yspec('y')}")
def _month(m: re.Match[str], env: _Env) -> _R | None:
    month = _MONTHS[m["mon"].rstrip(".")]
    year = _resolve(_month_bounds(month), m, env, m["rel"])
    return None if year is None else _d(f"{year:04d}-{month:02d}")


@_rule(
    "month_range",
    rf"(?P<mon>{_MON}) ?- ?(?P<mon2>{_MON}) (?P<q>quarter|period|months?|season){_yspec('y')}",
)
def _month_range(m: re.Match[str], env: _Env) -> _R | None:
    """'the July-September quarter' is 2025-Q3; other spans are month intervals."""
    first, last = _MONTHS[m["mon"].rstrip(".")], _MONTHS[m["mon2"].rstrip(".")]
    months = (last - first) % 12 + 1
    year = _resolve(_span_bounds(first, months), m, env)
    if year is None:
        return None
    if months == 3 and first % 3 == 1 and m["q"] == "quarter":
        return _d(f"{year:04d}-Q{(first + 2) // 3}")
    ey, em = _add_months(year, first, months - 1)
    return _d(f"{year:04d}-{first:02d}/{ey:04d}-{em:02d}")


@_rule(
    "week_of_month",
    rf"(?P<o>first|second|third|fourth|last|final) week (?:of|in) (?P<mon>{_MON}){_yspec('y')}",
)
def _week_of_month(m: re.Match[str], env: _Env) -> _R | None:
    """The first week of December is the ISO week holding December 4 (as ISO picks week 1)."""
    month = _MONTHS[m["mon"].rstrip(".")]
    year = _resolve(_month_bounds(month), m, env)
    if year is None:
        return None
    if m["o"] in {"last", "final"}:
        return _d(_week(_month_end(year, month) - timedelta(days=3)))
    return _d(_week(date(year, month, 4 + 7 * (_ORDINALS[m["o"]] - 1))))


@_rule(
    "iso_week", r"(?:week|wk) (?P<n>\d{1,2})(?: (?:of )?(?P<Y>\d{4}))?|(?P<Y2>\d{4})-w(?P<n2>\d\d)"
)
def _iso_week(m: re.Match[str], env: _Env) -> _R | None:
    n = int(m["n"] or m["n2"])
    year = int(m["Y"] or m["Y2"] or env.ctx.dct.year)
    try:
        return _d(_week(date.fromisocalendar(year, n, 1)))
    except ValueError:
        return None


@_rule("year", r"(?:year )?(?P<Y>1\d{3}|20\d{2}|21\d{2})(?: (?:ad|ce))?(?![\d])")
def _year(m: re.Match[str], env: _Env) -> _R | None:
    return _d(m["Y"])


@_rule(
    "year_range",
    r"(?P<Y>1\d{3}|20\d{2}|21\d{2}) ?[-/] ?(?P<Y2>1\d{3}|20\d{2}|21\d{2}|\d\d)(?![\d])",
)
def _year_range(m: re.Match[str], env: _Env) -> _R | None:
    """'2015-18' is 2015/2018; a split year '2024-25' is the financial year FY2025, as in Indian
    and British usage (a season or academic year is caught by `year_season` first)."""
    start, end = int(m["Y"]), m["Y2"]
    stop = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    if stop <= start:
        return None
    if len(end) == 2 and stop == start + 1:
        return _d(f"FY{stop}")
    return _d(f"{start}/{stop}")


@_rule(
    "year_season",
    r"(?P<Y>1\d{3}|20\d{2}) ?[-/] ?(?P<Y2>\d{4}|\d\d)"
    r" (?:season|academic year|academic session|school year|session|winter|campaign)",
)
def _year_season(m: re.Match[str], env: _Env) -> _R | None:
    start, end = int(m["Y"]), m["Y2"]
    stop = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    return _d(f"{start}/{stop}") if stop > start else None


@_rule(
    "decade",
    r"(?P<Y>1\d{2}0|20\d0|21\d0)'?s|'?(?P<yy>\d)0'?s"
    r"|(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
)
def _decade(m: re.Match[str], env: _Env) -> _R | None:
    """'the 1990s' is 199, 'the 1800s' the century 18; 'the '90s' the latest such decade."""
    if m["Y"]:
        year = int(m["Y"])
        if year % 100 == 0 and year < 2000:
            return _d(str(year // 100))
        return _d(str(year // 10))
    tens = int(m["yy"]) if m["yy"] else _TENS_WORDS.index(m["w"][:-3] + "y") + 2
    year = 2000 + tens * 10
    if year > env.ctx.dct.year:
        year -= 100
    return _d(str(year // 10))


@_rule("century", rf"(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>{_ORD}))[- ]century")
def _century(m: re.Match[str], env: _Env) -> _R | None:
    n = int(m["n"]) if m["n"] else _ORDINALS[m["w"]]
    return _d(f"{n - 1:02d}") if n >= 1 else None


# --------------------------------------------------------------------------- quarters, fiscal years


def _fy_end(first: str, second: str | None) -> int:
    """Fiscal year named by the year it ends in: FY2025-26 and FY26 are both FY2026."""
    if second:
        return int(second) if len(second) == 4 else int(first) // 100 * 100 + int(second)
    return int(first) if len(first) == 4 else 2000 + int(first)


_FY_NUM: Final = r"'?(?P<f1>\d{4}|\d\d)(?:[-/](?P<f2>\d{4}|\d\d))?(?![\d])"


@_rule(
    "fiscal",
    rf"(?:(?:fiscal|financial)(?: year)?,? |fy ?){_FY_NUM}"
    r"|(?P<h1>\d{4})[-/](?P<h2>\d{4}|\d\d) (?:fiscal|financial year|fiscal year|fy)",
)
def _fiscal(m: re.Match[str], env: _Env) -> _R | None:
    if m["h1"]:
        return _d(f"FY{_fy_end(m['h1'], m['h2'])}")
    return _d(f"FY{_fy_end(m['f1'], m['f2'])}")


_QORD: Final = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QORD.update({"fourth": 4, "4th": 4, "final": 4, "last": 4})


@_rule(
    "fiscal_quarter",
    rf"(?:q(?P<q>[1-4])|(?P<o>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]quarter)"
    rf"(?:,? (?:of )?|[ -]?)(?:(?:the )?(?:fiscal|financial)(?: year)? ?|fy ?){_FY_NUM}",
)
def _fiscal_quarter(m: re.Match[str], env: _Env) -> _R | None:
    q = int(m["q"]) if m["q"] else _QORD[m["o"]]
    return _d(f"FY{_fy_end(m['f1'], m['f2'])}-Q{q}")


@_rule(
    "quarter",
    rf"(?:q(?P<q>[1-4])|(?P<o>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]quarter"
    rf"|(?P<mon>{_MON}) quarter)(?:(?:,? |[- ]?')(?P<Y>\d{{4}}|\d\d)(?![\d])|{_yspec('y')})",
)
def _quarter(m: re.Match[str], env: _Env) -> _R | None:
    """Q3, 'the third quarter (of last year)', 'the September quarter' (the one ending then)."""
    if m["mon"]:
        month = _MONTHS[m["mon"].rstrip(".")]
        if month % 3:
            return None
        q = month // 3
    else:
        q = int(m["q"]) if m["q"] else _QORD[m["o"]]
    if m["Y"]:
        year: int | None = int(m["Y"]) if len(m["Y"]) == 4 else 2000 + int(m["Y"])
    else:
        year = _resolve(_span_bounds(3 * q - 2, 3), m, env)
    return None if year is None else _d(f"{year:04d}-Q{q}")


@_rule(
    "half",
    rf"(?:h(?P<h>[12])|(?P<o>first|second|1st|2nd|latter) half)"
    rf"(?:,? (?P<Y>\d{{4}})(?![\d])|{_yspec('y')})",
)
def _half(m: re.Match[str], env: _Env) -> _R | None:
    h = int(m["h"]) if m["h"] else (1 if m["o"] in {"first", "1st"} else 2)
    year = int(m["Y"]) if m["Y"] else _resolve(_span_bounds(6 * h - 5, 6), m, env)
    return None if year is None else _d(f"{year:04d}-H{h}")


# --------------------------------------------------------------------------- seasons and holidays


@_rule(
    "season",
    r"(?:(?P<rel>this|last|next|coming|this coming|this past|past|previous|following|that) )?"
    rf"(?P<s>spring|summer|autumn|fall|winter){_yspec('y')}",
)
def _season(m: re.Match[str], env: _Env) -> _R | None:
    code = _SEASONS[m["s"]]
    year = _resolve(_span_bounds(_SEASON_START[code], 3), m, env, m["rel"])
    return None if year is None else _d(f"{year:04d}-{code}")


@_rule(
    "holiday",
    r"(?:(?P<rel>this|last|next|coming|this coming|this past|past|previous|following) )?"
    rf"(?P<h>{_alt(HOLIDAYS)}){_yspec('y')}",
)
def _holiday(m: re.Match[str], env: _Env) -> _R | None:
    """Holidays resolve like month-days, but a past clause written within a month before the
    holiday still means the coming one ('a Christmas crowd', 'ahead of Christmas')."""
    compute = HOLIDAYS[m["h"]]
    year = _resolve(lambda y: (compute(y), compute(y)), m, env, m["rel"])
    ctx = env.ctx
    explicit = m["rel"] or m["yy"] or m["yyy"] or m["yrel"] or env.rewind
    if year is not None and not explicit and ctx.tense() is Tense.PAST:
        coming = compute(year + 1)
        if 0 < (coming - ctx.dct).days <= _HOLIDAY_SEASON_DAYS:
            year += 1
    return None if year is None else _d(compute(year).isoformat())


@_rule("holiday_lunar", _alt(AMBIGUOUS_HOLIDAYS))
def _holiday_lunar(m: re.Match[str], env: _Env) -> _R | None:
    """Lunar and country-dependent holidays: no guess, and no dateparser guess either."""
    return _REJECT


# --------------------------------------------------------------------------- weekdays and days


def _weekday_date(wd: int, ref: date, how: str) -> date:
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


@_rule(
    "weekday",
    r"(?:(?P<rel>last|next|this|coming|this coming|this past|past|previous|following|that|same) )?"
    rf"(?P<wd>{_WD})(?: (?P<wk>last|next|this|the previous|the following) week)?",
)
def _weekday(m: re.Match[str], env: _Env) -> _R | None:
    wd = _WEEKDAYS[m["wd"].rstrip(".")]
    ctx = env.ctx
    if m["wk"]:
        base = ctx.anchor if m["wk"].startswith("the") else ctx.dct
        step = {"last": -7, "next": 7, "this": 0, "the previous": -7, "the following": 7}
        monday = base + timedelta(days=step[m["wk"]] - base.weekday())
        return _d((monday + timedelta(days=wd)).isoformat())
    rel = m["rel"]
    if rel == "this" and env.rewind is None:
        how = {Tense.PAST: "past", Tense.FUTURE: "future"}.get(ctx.tense(), "this")
        return _d(_weekday_date(wd, ctx.dct, how).isoformat())
    ref, how = _how(env, rel)
    if how == "nearest":
        # A bare weekday is the most recent one unless the clause looks ahead. A present clause
        # with a weekday is a schedule in news copy ('the court hears the case on Tuesday').
        how = "future" if ctx.tense() is Tense.PRESENT else "past"
    return _d(_weekday_date(wd, ref, how).isoformat())


@_rule("weekdays", rf"(?:every |each )?(?P<wd>{_alt(w + 's' for w in _WEEKDAYS if len(w) > 4)})")
def _weekdays(m: re.Match[str], env: _Env) -> _R | None:
    return f"XXXX-WXX-{_WEEKDAYS[m['wd'][:-1]] + 1}", "SET", None


@_rule(
    "deictic",
    r"(?P<w>today|tonight|yesterday|tomorrow|day before yesterday|day after tomorrow"
    r"|this (?:morning|afternoon|evening)|last (?:night|evening)|overnight)",
)
def _deictic(m: re.Match[str], env: _Env) -> _R | None:
    w, dct = m["w"], env.ctx.dct
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1}
    offsets |= {"day before yesterday": -2, "day after tomorrow": 2}
    if w in offsets:
        return _d((dct + timedelta(days=offsets[w])).isoformat())
    if w == "tonight":
        return f"{dct.isoformat()}TNI", "TIME", None
    if w.startswith("this "):
        return f"{dct.isoformat()}T{_PARTS_OF_DAY[w[5:]]}", "TIME", None
    if w == "overnight":
        return None
    day = dct - timedelta(days=1)
    return f"{day.isoformat()}T{_PARTS_OF_DAY[w[5:]]}", "TIME", None


@_rule(
    "part_of_day",
    r"(?:(?P<rel>that|same|next|following|previous) )?(?P<pod>morning|afternoon|evening|night)",
)
def _part_of_day(m: re.Match[str], env: _Env) -> _R | None:
    """'that night', 'the next morning', '(in the) evening': parts of the anchor's day."""
    step = {"next": 1, "following": 1, "previous": -1}.get(m["rel"] or "", 0)
    day = env.ctx.anchor + timedelta(days=step)
    return f"{day.isoformat()}T{_PARTS_OF_DAY[m['pod']]}", "TIME", None


# --------------------------------------------------------------------------- clock times

_CLOCK_RX: Final = re.compile(_CLOCK)


def _time_value(day: date, hour: int, minute: int, second: int = 0) -> _R:
    clock = f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")
    return f"{day.isoformat()}T{clock}", "TIME", None


def _clock(m: re.Match[str]) -> tuple[int, int, int] | None:
    """Hour, minute, second of a clock match; None when out of range."""
    if m["named"]:
        return {"noon": (12, 0, 0), "midday": (12, 0, 0), "midnight": (24, 0, 0)}[m["named"]]
    hour = int(m["h1"] or m["h2"] or m["h3"] or m["h4"])
    minute = int(m["m1"] or m["m2"] or m["m4"] or 0)
    second = int(m["s1"] or 0)
    ap = m["ap1"] or m["ap2"] or m["ap3"] or ""
    if ap in {"am", "pm"}:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap.startswith("p") else 0)
    if hour == 24 and (minute or second):
        return None
    return hour, minute, second


@_rule("clock", _CLOCK)
def _clock_rule(m: re.Match[str], env: _Env) -> _R | None:
    hms = _clock(m)
    if hms is None:
        return None
    return _time_value(env.ctx.dct, *hms)


# --------------------------------------------------------------------------- relative periods


@_rule(
    "relative",
    r"(?P<rel>this|current|present|last|past|next|coming|upcoming|previous|preceding|prior"
    rf"|following|same|that) (?P<u>{_UNIT_ONE})",
)
def _relative(m: re.Match[str], env: _Env) -> _R | None:
    """'last month', 'this week', 'the following year', 'the past decade' (a duration)."""
    rel, unit, ctx = m["rel"], _unit(m["u"]), env.ctx
    if unit == "half":
        return None
    if rel == "past" or (rel == "last" and env.the):
        if unit == "weekend":
            return _d(_shift("weekend", ctx.dct - timedelta(days=ctx.dct.weekday() + 1), 0))
        return _duration([(1, "year" if unit == "fiscal" else unit)]), "DURATION", None
    if rel in {"this", "current", "present"}:
        return _d(_shift(unit, ctx.dct, 0))
    step = {"last": -1, "next": 1, "coming": 1, "upcoming": 1, "previous": -1, "preceding": -1}
    step |= {"prior": -1, "following": 1, "same": 0, "that": 0}
    base = (
        ctx.dct
        if rel in {"last", "coming", "upcoming"} or (rel == "next" and not env.the)
        else ctx.anchor
    )
    return _d(_shift(unit, base, step[rel]))


@_rule("the_unit", rf"(?P<u>{_UNIT_ONE})(?: (?P<ba>before|after|earlier|later) ?(?P<last>last)?)?")
def _the_unit(m: re.Match[str], env: _Env) -> _R | None:
    """'the year', 'the day before', 'the week after': the anchor's period, or its neighbours."""
    unit, ctx = _unit(m["u"]), env.ctx
    if unit == "weekend" and not m["ba"]:
        return _d(_weekend(ctx.dct, ctx.tense() if env.rewind is None else Tense.PAST))
    if not env.the or unit in {"half", "fiscal"}:
        return None
    if m["last"]:
        return _d(_shift(unit, ctx.dct, -2))
    step = {"before": -1, "earlier": -1, "after": 1, "later": 1}.get(m["ba"] or "", 0)
    return _d(_shift(unit, ctx.anchor, step))


def _weekend(dct: date, tense: Tense) -> str:
    """The weekend meant by a bare 'the weekend', by tense (nearest for unknown)."""
    this = _week(dct) + "-WE"
    if dct.weekday() >= 5 or tense is Tense.FUTURE:
        return this
    if tense is Tense.PAST or dct.weekday() <= 2:
        return _week(dct - timedelta(days=7)) + "-WE"
    return this


@_rule("year_ago", r"year-ago (?P<u>quarter|month|week|year)")
def _year_ago(m: re.Match[str], env: _Env) -> _R | None:
    """'the year-ago quarter': the anchor's quarter (month, week) a year before."""
    steps = {"quarter": -4, "month": -12, "week": -52, "year": -1}
    return _d(_shift(m["u"], env.ctx.anchor, steps[m["u"]]))


@_rule("same_time", r"(?:this|the same|about this) time (?P<rel>last|next) (?P<u>year|month|week)")
def _same_time(m: re.Match[str], env: _Env) -> _R | None:
    """'this time last year': the DCT's day a year back, approximately."""
    dct, step = env.ctx.dct, -1 if m["rel"] == "last" else 1
    if m["u"] == "week":
        return _d((dct + timedelta(days=7 * step)).isoformat(), "APPROX")
    y, mo = _add_months(dct.year, dct.month, step * (12 if m["u"] == "year" else 1))
    return _d(date(y, mo, min(dct.day, _month_end(y, mo).day)).isoformat(), "APPROX")


@_rule("unit_end", r"(?P<u>year|month|quarter|week)[- ]end")
def _unit_end(m: re.Match[str], env: _Env) -> _R | None:
    return _shift(m["u"], env.ctx.dct, 0), "DATE", "END"


@_rule(
    "ago",
    rf"(?P<amt>{_AMOUNT})[- ](?P<u>{_UNIT})"
    r" (?P<dir>ago|back|earlier|before|prior|later|after|afterwards|hence|from now|from today)",
)
def _ago(m: re.Match[str], env: _Env) -> _R | None:
    """'two weeks ago' is the week two weeks before the DCT's: granularity follows the unit."""
    amount, unit, ctx = _amount(m["amt"]), _unit(m["u"]), env.ctx
    back = m["dir"] in {"ago", "back", "earlier", "before", "prior"}
    if amount is None or amount != int(amount):
        return _d("PAST_REF" if back else "FUTURE_REF")
    n = int(amount) * (-1 if back else 1)
    base = ctx.dct if m["dir"] in {"ago", "back", "hence", "from now", "from today"} else ctx.anchor
    if unit in {"second", "minute", "hour"}:
        if ctx.clock is None or base != ctx.dct:
            return _d(base.isoformat())
        size = {"second": 1, "minute": 60, "hour": 3600}[unit]
        moment = ctx.clock + timedelta(seconds=size * n)
        return _time_value(moment.date(), moment.hour, moment.minute)
    return _d(_shift(unit, base, n))


def _durations(count: int) -> str:
    part = rf"(?P<a{{i}}>{_AMOUNT})[- ](?P<u{{i}}>{_UNIT})"
    more = "".join(rf"(?:,? (?:and )?{part.replace('{i}', str(i))})?" for i in range(1, count))
    return part.replace("{i}", "0") + more + r"(?:[- ](?P<tail>long|old|time))?"


@_rule(
    "duration",
    r"(?:(?P<rel>past|last|next|first|final|coming|previous|preceding|following|initial"
    r"|remaining|recent|another|further|additional) )?" + _durations(3),
)
def _duration_rule(m: re.Match[str], env: _Env) -> _R | None:
    """'three years', 'two-day', '48 hours', 'the past two years', 'a three-year-old'."""
    parts = []
    for i in range(3):
        if m[f"a{i}"] is None:
            break
        parts.append((_amount(m[f"a{i}"]), _unit(m[f"u{i}"])))
    ctx = env.ctx
    future = m["tail"] == "time" or (env.prep == "in" and ctx.tense() is Tense.FUTURE)
    amount, unit = parts[0]
    if future and len(parts) == 1 and not m["rel"]:
        if amount is None or amount != int(amount):
            return _d("FUTURE_REF")
        if unit not in {"second", "minute", "hour"}:
            return _d(_shift(unit, ctx.dct, int(amount)))
    return _duration(parts), "DURATION", None


@_rule(
    "vague_period",
    r"(?:(?P<rel>past|last|coming|next|upcoming|recent|following|previous|few|several|many)"
    rf"(?: few| several)? )?(?P<u>{_UNIT_MANY})(?: (?P<tail>ahead|to come|past|gone by))?",
)
def _vague_period(m: re.Match[str], env: _Env) -> _R | None:
    """'the coming weeks' (FUTURE_REF), 'recent years' (PAST_REF), 'for years' (PXY)."""
    rel, tail = m["rel"] or "", m["tail"] or ""
    if rel in {"coming", "next", "upcoming", "following"} or tail in {"ahead", "to come"}:
        return _d("FUTURE_REF")
    if rel in {"recent", "previous"} or tail in {"past", "gone by"}:
        return _d("PAST_REF")
    return _duration([(None, _unit(m["u"]))]), "DURATION", None


# --------------------------------------------------------------------------- references and sets

_REFS: Final = {
    "PRESENT_REF": "now|right now|just now|currently|at present|presently|present|nowadays"
    "|these days|at the moment|moment|present day|so far|to date|as of now|the time being"
    "|time being",
    "PAST_REF": "recently|recent|lately|past|earlier|previously|formerly|in the past|once|long ago"
    "|not long ago|years ago|months ago|weeks ago|days ago|decades ago|some time ago|a while ago"
    "|a while back|other day|old days|yesteryear|historically|recent times",
    "FUTURE_REF": "soon|shortly|future|later|near future|days ahead|weeks ahead|months ahead"
    "|years ahead|eventually|in due course|some day|someday|one day|long term|long run|ahead"
    "|in future|in the future"
    "|coming days|in the coming days|years to come|near term|short term|medium term",
}
_REF_OF: Final = {w: ref for ref, words in _REFS.items() for w in words.split("|")}


@_rule("ref", _alt(_REF_OF) + r"(?=[\s,.;:!?)\"']*$)")
def _ref(m: re.Match[str], env: _Env) -> _R | None:
    word = m[0]
    if word in {"moment", "other day", "time being", "future"} and not env.the:
        return None  # 'the moment', 'the other day', 'the future'
    return _d(_REF_OF[word])


_SET_WORDS: Final = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
    "yearly": "P1Y", "annually": "P1Y", "annual": "P1Y", "hourly": "PT1H", "fortnightly": "P2W",
    "biweekly": "P2W", "bi-weekly": "P2W", "biannual": "P6M", "bi-annual": "P6M",
    "biannually": "P6M", "half-yearly": "P6M", "semi-annual": "P6M", "semiannual": "P6M",
    "semi-annually": "P6M", "biennial": "P2Y", "biennially": "P2Y", "weekends": "XXXX-WXX-WE",
}  # fmt: skip


@_rule("set_word", _alt(_SET_WORDS) + r"(?![a-z])")
def _set_word(m: re.Match[str], env: _Env) -> _R | None:
    return _SET_WORDS[m[0]], "SET", None


@_rule(
    "set_every",
    r"(?:(?P<q>once|twice|thrice|\d+ times|(?:one|two|three|four|five|six|ten) times) )?"
    r"(?:every|each|per|a|an)(?: single)?(?P<other> other)? (?:(?P<amt>" + _AMOUNT + r") )?"
    r"(?:(?P<u>" + _UNIT + r"|weekend)|(?P<mon>" + _MON + r")|(?P<wd>" + _WD + r")"
    r"|(?P<s>spring|summer|autumn|fall|winter)|(?P<pod>morning|afternoon|evening|night)"
    r"|(?P<h>" + _alt(HOLIDAYS) + r"))",
)
def _set_every(m: re.Match[str], env: _Env) -> _R | None:
    """'every July' (XXXX-07), 'every Monday', 'twice a year' (P1Y), 'every two years' (P2Y)."""
    head = m[0].split(" ")[0 if not m["q"] else len(m["q"].split())]
    if head in {"a", "an"} and not m["q"]:
        return None  # 'a year' is a duration
    if m["mon"]:
        return f"XXXX-{_MONTHS[m['mon'].rstrip('.')]:02d}", "SET", None
    if m["wd"]:
        return f"XXXX-WXX-{_WEEKDAYS[m['wd'].rstrip('.')] + 1}", "SET", None
    if m["s"]:
        return f"XXXX-{_SEASONS[m['s']]}", "SET", None
    if m["pod"]:
        return f"XXXX-XX-XXT{_PARTS_OF_DAY[m['pod']]}", "SET", None
    if m["h"]:
        compute = HOLIDAYS[m["h"]]
        fixed = compute(2001).strftime("%m-%d") == compute(2002).strftime("%m-%d")
        return (f"XXXX-{compute(2001):%m-%d}" if fixed else "P1Y"), "SET", None
    if m["u"] == "weekend":
        return "XXXX-WXX-WE", "SET", None
    amount = _amount(m["amt"]) if m["amt"] else 1.0
    if m["other"] and amount is not None:
        amount *= 2
    return _duration([(amount, _unit(m["u"]))]), "SET", None


# --------------------------------------------------------------------------- the engine

_AMOUNT_AHEAD: Final = (
    r"(?= (?:\d|a |an |one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty"
    r"|fifty|hundred|several|dozen))"
)
_NEAR: Final = r"(?:(?:shortly|just|soon|right|immediately|minutes|hours|days) )?"
_PREFIXES: Final = [
    (
        r"(?:the )?(?:very )?(?:beginning|start|dawn|turn|onset|outset|early part|first days) of ",
        "START",
    ),
    (r"(?:the )?(?:early|wee|small) hours of ", "START"),
    (r"(?:the )?(?:middle|midpoint|mid-point|height) of |mid[- ](?=\S)", "MID"),
    (
        r"(?:the )?(?:very )?(?:end|close|tail end|tail-end|last days|final days|latter part"
        r"|fag end) of |end[- ](?=\S)",
        "END",
    ),
    (r"early (?=\S)", "START"),
    (r"late (?=\S)", "END"),
    (
        r"(?:around|about|approximately|approx\.?|roughly|circa|ca\.|some|nearly|almost|close to"
        r"|an estimated|estimated|just over|just under|at around|at about) ",
        "APPROX",
    ),
    (r"(?:more than|upwards of|in excess of|over)" + _AMOUNT_AHEAD + " ", "MORE_THAN"),
    (r"(?:at least|no less than|not less than|a minimum of) ", "EQUAL_OR_MORE"),
    (r"(?:less than|fewer than|under)" + _AMOUNT_AHEAD + " ", "LESS_THAN"),
    (r"(?:up to|at most|no more than|not more than|a maximum of) ", "EQUAL_OR_LESS"),
    (r"(?:no later than|not later than|on or before) ", "ON_OR_BEFORE"),
    (r"(?:no earlier than|not earlier than|on or after|not before) ", "ON_OR_AFTER"),
    (_NEAR + r"(?:before|prior to|ahead of) ", "BEFORE"),
    (_NEAR + r"(?:after|beyond) ", "AFTER"),
]
_PREFIX_RX: Final = [(re.compile(rx), mod) for rx, mod in _PREFIXES]
_PREPS: Final = re.compile(
    r"(?P<p>on|in|at|during|from|since|until|till|til|through|throughout|by|for|of|within|over"
    r"|as of|as early as|as late as|starting|effective|so far|thus far|between|earlier on"
    r"|later on|earlier in|later in|later|earlier|sometime in|sometime|some time in"
    r"|as recently as|as long ago as|as far back as|then|already|only|just|even|still|again"
    r"|(?:last |first )?(?:updated|published|posted|modified)(?: on| at)?:?|dated)"
    r" (?=\S)"
)
_SUFFIX_MODS: Final = [
    (re.compile(r"or so\b"), "APPROX"),
    (re.compile(r"(?:or more|or longer|and more|plus)\b"), "EQUAL_OR_MORE"),
    (re.compile(r"(?:or less|or fewer)\b"), "EQUAL_OR_LESS"),
    (re.compile(r"(?:at the latest|or earlier|or before)\b"), "ON_OR_BEFORE"),
    (re.compile(r"(?:at the earliest|or later|onwards?|and beyond|and after)\b"), "ON_OR_AFTER"),
]
_RANGE_SEP: Final = re.compile(r" ?(?:-|–|—|/) ?| (?:to|until|till|through|thru|and|or) ")
_TIME_CONT: Final = re.compile(
    r"(?:,| \|| -)? (?:at |@ )?(?:around |about |approximately |approx\. )?|,"
)
_DATE_CONT: Final = re.compile(r"(?:,? (?:on |of |the )*|,)")
_POD_CONT: Final = re.compile(r" (?:in the )?(?P<pod>morning|afternoon|evening|night)(?![a-z])")
_DAY_VALUE: Final = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True, slots=True)
class _Parse:
    result: _R
    end: int
    rule: str


def _boundary(s: str, end: int) -> bool:
    """A match may stop only between words (not inside '2019-era' or '7/4/2025')."""
    if end >= len(s):
        return True
    ch = s[end]
    if ch.isalnum():
        return False
    return not (ch in "-/.:'" and end + 1 < len(s) and s[end + 1].isalnum())


def _strip(s: str) -> tuple[str, str | None, bool, str, bool]:
    """Leading mods, prepositions and 'the': (rest, mod, the, preposition, between)."""
    mod, the, prep, between = None, False, "", False
    for _ in range(6):
        for rx, name in _PREFIX_RX:
            if (m := rx.match(s)) and m.end() < len(s):
                mod, s = mod or name, s[m.end() :]
                break
        else:
            if (m := _PREPS.match(s)) and m.end() < len(s):
                prep = m["p"]
                between = between or prep == "between"
                s = s[m.end() :]
            elif s.startswith("the ") and len(s) > 4:
                the, s = True, s[4:]
            else:
                break
    return s, mod, the, prep, between


def _match(s: str, env: _Env) -> _Parse | None:
    """The longest rule match at the start of `s`, extended by continuations."""
    found = []
    for i, rule in enumerate(_RULES):
        if (m := rule.rx.match(s)) and m.end() and _boundary(s, m.end()):
            found.append((-m.end(), i, m))
    found.sort(key=lambda item: item[:2])
    for _, i, m in found:
        rule = _RULES[i]
        result = rule.handler(m, env)
        if result is _REJECT:
            return _Parse(_REJECT, m.end(), rule.name)
        if result is not None:
            return _continue(s, _Parse(result, m.end(), rule.name), env)
    return None


def _continue(s: str, parse: _Parse, env: _Env) -> _Parse:
    """Join a day with a clock time or part of day, a weekday or clock time with a date."""
    value, typ, mod = parse.result
    end = parse.end
    if parse.rule in {"weekday", "clock"} and end < len(s):
        cont = _DATE_CONT.match(s, end)
        if cont and cont.end() < len(s):
            inner = _match(s[cont.end() :], _Env(env.ctx, rewind=env.rewind))
            if (
                inner
                and _DAY_VALUE.match(inner.result[0])
                and inner.rule not in {"part_of_day", "clock"}
                and inner.result[1] != "REJECT"
            ):
                day = inner.result[0][:10]
                if parse.rule == "weekday":
                    day = _align_weekday(day, value, s[cont.end() :], env.ctx)
                    joined = day + inner.result[0][10:]
                else:
                    joined = day + value[10:]
                return _Parse(
                    (joined, "TIME" if "T" in joined else "DATE", mod),
                    cont.end() + inner.end,
                    inner.rule,
                )
    if _DAY_VALUE.fullmatch(value) and end < len(s):
        cont = _TIME_CONT.match(s, end)
        if cont and (cm := _CLOCK_RX.match(s, cont.end())) and _boundary(s, cm.end()):
            hms = _clock(cm)
            if hms is not None:
                joined, typ, _ = _time_value(date.fromisoformat(value), *hms)
                return _Parse((joined, typ, mod), cm.end(), parse.rule)
        if pm := _POD_CONT.match(s, end):
            return _Parse(
                (f"{value}T{_PARTS_OF_DAY[pm['pod']]}", "TIME", mod), pm.end(), parse.rule
            )
    return parse


def _align_weekday(day: str, weekday_value: str, text: str, ctx: _Ctx) -> str:
    """'Thursday, December 4' without a year: the nearest year where December 4 is a Thursday."""
    d = date.fromisoformat(day)
    wd = date.fromisoformat(weekday_value[:10]).weekday()
    if d.weekday() == wd or re.search(r"\d{4}|'\d\d", text):
        return day
    for years in (1, -1, 2, -2, 3, -3, 5, -5, 6, -6):
        try:
            other = d.replace(year=d.year + years)
        except ValueError:
            continue
        if other.weekday() == wd and abs((other - ctx.dct).days) < 400:
            return other.isoformat()
    return day


def _expression(s: str, ctx: _Ctx, rewind: date | None = None) -> tuple[_R, str] | None:
    """Parse a cleaned expression: mods, the longest temporal prefix, then ranges."""
    whole = _match(s, _Env(ctx, rewind=rewind))
    if whole is not None and whole.end == len(s):
        return whole.result, whole.rule  # 'some time ago', 'in the past': before stripping
    rest, mod, the, prep, between = _strip(s)
    env = _Env(ctx, the, prep, rewind)
    parse = _match(rest, env)
    if parse is not None and parse.result is _REJECT:
        return _REJECT, parse.rule
    if parse is None or parse.end < len(rest):
        ranged = _range(rest, ctx, between, rewind)
        if ranged is not None:
            return (ranged[0], ranged[1], mod), "range"
    if parse is None:
        return None
    value, typ, own_mod = parse.result
    tail = rest[parse.end :].strip(" ,.;:")
    if tail:
        if tail.split()[0].strip("()\"',.") in _NAME_HEADS:
            return _REJECT, parse.rule
        for rx, name in _SUFFIX_MODS:
            if rx.match(tail):
                own_mod = own_mod or name
                break
    return (value, typ, own_mod or mod), parse.rule


def _range(s: str, ctx: _Ctx, between: bool, rewind: date | None) -> tuple[str, str] | None:
    """'from March to May', 'June 18-20', 'between 2015 and 2018', '2 to 3 pm'.

    The right side is read first (borrowing the left side's month: '18-20'); the left side then
    borrows the right side's year or unit and resolves on or before the right side's start.
    """
    for sep in _RANGE_SEP.finditer(s):
        if sep[0].strip() in {"and", "or"} and not between:
            continue
        left, right = s[: sep.start()], s[sep.end() :]
        left_words, right_words = left.split(" "), right.split(" ")
        if not left or not right:
            continue
        b = _full(right, ctx, rewind)
        if b is None and len(left_words) > 1:
            b = _full(" ".join([*left_words[:-1], right]), ctx, rewind)
        if b is None:
            continue
        start = _value_start(b[0]) or rewind
        candidates = [left]
        year = re.search(r"(?<![\d'])(?:1\d{3}|20\d\d|21\d\d)(?![\d])", right)
        if year and not re.search(r"\d{4}", left):
            candidates.insert(0, f"{left} {year[0]}")
        if len(right_words) > 1:
            candidates.append(" ".join([left, *right_words[1:]]))
        for cand in candidates:
            a = _full(cand, ctx, start)
            if a is not None:
                return _join_range(a, b)
    return None


def _full(s: str, ctx: _Ctx, rewind: date | None) -> tuple[str, str] | None:
    """A side of a range: it must parse completely."""
    rest, _, the, prep, _ = _strip(s.strip())
    parse = _match(rest, _Env(ctx, the, prep, rewind))
    if parse is None or parse.end != len(rest) or parse.result is _REJECT:
        return None
    return parse.result[0], parse.result[1]


def _join_range(a: tuple[str, str], b: tuple[str, str]) -> tuple[str, str] | None:
    types = {a[1], b[1]}
    if types == {"DURATION"}:
        return re.sub(r"\d+(?:\.\d+)?", "X", b[0]), "DURATION"  # 'two to three years': PXY
    if not types <= {"DATE", "TIME"} or a[0].endswith("_REF") or b[0].endswith("_REF"):
        return None
    return f"{a[0]}/{b[0]}", "TIME" if types == {"TIME"} else "DATE"


_CLEAN_SUBS: Final = [
    (re.compile(r"[’‘`´]"), "'"),
    (re.compile(r"[–—−]"), "-"),
    (re.compile(r"\b([ap])\.m\.?(?![a-z])"), r"\1m"),
    (re.compile(r"(?<=[a-z0-9])'s\b"), ""),
    (re.compile(r"(?<=[a-z])s'(?=\s|$)"), "s"),
    (re.compile(r"\s+"), " "),
    (re.compile(r"^(?!(?:year|month|quarter|week)\b)(.+?)[- ]end$"), r"end of \1"),
]


def _clean(text: str) -> str:
    s = text.lower()
    for rx, repl in _CLEAN_SUBS:
        s = rx.sub(repl, s)
    return s.strip(" ,.;:!?\"'()[]")


def normalize(
    text: str,
    published: date | datetime,
    sentence: str | None = None,
    *,
    tense: Tense | None = None,
    anchor: date | None = None,
    dayfirst: bool = False,
) -> DateValue | None:
    """TIMEX3 value of a DATE/TIME expression, resolved against the publication date.

    sentence: the sentence around `text`; when `tense` is not given its tense is read with
        spaCy, and only if a rule needs it (yearless months, weekdays...).
    anchor: the last date mentioned before, for 'the next day', 'the following year'.
    dayfirst: read 4/7/2025 as 4 July.
    """
    s = _clean(text)
    if not s or not any(ch.isalnum() for ch in s):
        return None
    clock = published if isinstance(published, datetime) else None
    dct = published.date() if isinstance(published, datetime) else published
    ctx = _Ctx(dct, clock, anchor or dct, dayfirst, text, sentence, tense)
    parsed = _expression(s, ctx)
    if parsed is None:
        fallback = _fallback(text, ctx)
        return None if fallback is None else DateValue(*fallback, rule="dateparser")
    (value, typ, mod), rule = parsed
    if typ == "REJECT":
        return None
    return DateValue(value, typ, mod, rule)


# --------------------------------------------------------------------------- dateparser fallback

_FALLBACK_GATE: Final = re.compile(r"(?=.*\d)(?=.*[^\W\d_]{3})", re.S)
_LANGUAGES: Final = ("en", "fr", "de", "es", "it", "pt", "nl")


def _fallback(text: str, ctx: _Ctx) -> tuple[str, str, str | None] | None:
    """dateparser, for explicit dates in shapes the grammar does not know ('le 6 décembre
    2025'): only texts with a number and a word, and only results that account for every
    number in the text."""
    if not _FALLBACK_GATE.match(text) or len(text) > 80:
        return None
    known = ctx.given_tense or ctx._tense  # never load spaCy just for the fallback
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
