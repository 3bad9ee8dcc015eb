"""Holidays with one date a year (fixed, Easter-based, n-th weekday) and the rules reading them.

Lunar, lunisolar and country-dependent holidays are recognised only to give no value at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Final

from annotation.dates.calendar import month_end
from annotation.dates.grammar import REJECT, ParseEnv, Result, RuleSet, as_date, resolve_year
from annotation.dates.lexicon import alt, word_list, year_spec
from annotation.dates.tense import Tense

RULES: Final = RuleSet()


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
        last = month_end(y, month)
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
    word_list(
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


@RULES.rule(
    "holiday",
    r"(?:(?P<rel>this|last|next|coming|this coming|this past|past|previous|following) )?"
    rf"(?P<h>{alt(HOLIDAYS)}){year_spec('y')}",
)
def _holiday(m: re.Match[str], env: ParseEnv) -> Result | None:
    """Holidays resolve like month-days, but a past clause written within a month before the
    holiday still means the coming one ('a Christmas crowd', 'ahead of Christmas')."""
    compute = HOLIDAYS[m["h"]]
    year = resolve_year(lambda y: (compute(y), compute(y)), m, env, m["rel"])
    ctx = env.ctx
    explicit = m["rel"] or m["yy"] or m["yyy"] or m["yrel"] or env.rewind
    if year is not None and not explicit and ctx.tense() is Tense.PAST:
        coming = compute(year + 1)
        if 0 < (coming - ctx.dct).days <= _HOLIDAY_SEASON_DAYS:
            year += 1
    return None if year is None else as_date(compute(year).isoformat())


@RULES.rule("holiday_lunar", alt(AMBIGUOUS_HOLIDAYS))
def _holiday_lunar(m: re.Match[str], env: ParseEnv) -> Result | None:
    """Lunar and country-dependent holidays: no guess, and no dateparser guess either."""
    return REJECT
