"""Rules for amounts of time and recurrences rather than calendar points: durations ('three
years', P3Y), vague references ('recently', PAST_REF) and sets ('every July', 'weekly')."""

from __future__ import annotations

import re
from typing import Final

from annotation.dates.calendar import duration, shift
from annotation.dates.grammar import ParseEnv, Result, RuleSet, as_date
from annotation.dates.holidays import HOLIDAYS
from annotation.dates.lexicon import (
    AMOUNT_RE,
    MONTH_RE,
    MONTHS,
    PARTS_OF_DAY,
    SEASONS,
    TENS_WORDS,
    UNIT_MANY_RE,
    UNIT_ONE_RE,
    UNIT_RE,
    UNITS_WORDS,
    WEEKDAY_RE,
    WEEKDAYS,
    alt,
    amount,
    unit,
)
from annotation.dates.tense import Tense

RULES: Final = RuleSet()
_YEAR_LIKE: Final = re.compile(r"1\d{3}|20\d\d")


#: Words between an amount and its unit that leave the amount as it is: 'two more weeks',
#: 'eight trading days', 'three straight quarters'.
_AMOUNT_ADJECTIVES_RE: Final = (
    r"(?:(?:more|additional|extra|further|full|whole|straight|consecutive|successive|trading"
    r"|business|working|calendar|school) )?"
)
#: ... and nouns after it: 'a three-year term', 'a two-week period'.
_SPAN_NOUNS_RE: Final = r"(?: (?:period|span|stretch|term|spell|window|timeframe|time frame))?"


#: 'a' before a counted amount: 'a three-year term', 'a two-day visit'.
_ARTICLE_RE: Final = (
    r"(?:an? (?=(?:\d|" + "|".join([*UNITS_WORDS[2:], *TENS_WORDS, "few", "several"]) + r")))?"
)


def _durations_re(count: int) -> str:
    part = (
        rf"(?P<a{{i}}>{AMOUNT_RE})[- ]{_AMOUNT_ADJECTIVES_RE}(?P<u{{i}}>{UNIT_RE})"
        r"(?P<h{i}> and a half)?"
    )
    more = "".join(rf"(?:,? (?:and )?{part.replace('{i}', str(i))})?" for i in range(1, count))
    return part.replace("{i}", "0") + more + r"(?:[- ](?P<tail>long|old|time))?" + _SPAN_NOUNS_RE


@RULES.rule(
    "duration",
    r"(?:(?P<rel>past|last|latest|next|first|final|coming|previous|preceding|following|initial"
    r"|remaining|recent|another|further|additional) )?" + _ARTICLE_RE + _durations_re(3),
)
def _duration(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'three years', 'two-day', '48 hours', 'the past two years', 'a three-year-old'."""
    if m["a1"] is None and _YEAR_LIKE.fullmatch(m["a0"]) and not m["u0"].endswith("s"):
        return None  # 'the 1988 quarter' names a year
    parts = []
    for i in range(3):
        if m[f"a{i}"] is None:
            break
        count = amount(m[f"a{i}"])
        if count is not None and m[f"h{i}"]:  # 'a minute and a half'
            count += 0.5
        parts.append((count, unit(m[f"u{i}"])))
    ctx = env.ctx
    future = m["tail"] == "time" or (env.prep == "in" and ctx.tense() is Tense.FUTURE)
    count, period = parts[0]
    if future and len(parts) == 1 and not m["rel"]:
        if count is None or count != int(count):
            return as_date("FUTURE_REF")
        if period not in {"second", "minute", "hour"}:
            return as_date(shift(period, ctx.dct, int(count)))
    return duration(parts), "DURATION", None


@RULES.rule("unit_long", r"(?:an? )?(?P<u>hour|day|week|month|year|decade)[- ]?long(?![a-z])")
def _unit_long(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'day-long', 'a yearlong study': one of the unit."""
    return duration([(1.0, unit(m["u"]))]), "DURATION", None


@RULES.rule("lone_unit", rf"(?P<u>{UNIT_ONE_RE}|hour|minute)$")
def _lone_unit(m: re.Match[str], env: ParseEnv) -> Result | None:
    """A unit alone, with no article ('a bad financial week' marked 'week'): one of it."""
    if env.the or unit(m["u"]) in {"weekend", "half", "fiscal"}:
        return None
    return duration([(1.0, unit(m["u"]))]), "DURATION", None


@RULES.rule(
    "vague_period",
    r"(?:(?P<rel>past|last|coming|next|upcoming|recent|following|previous|few|several|many|future)"
    rf"(?: few| several)? )?(?P<u>{UNIT_MANY_RE})(?: (?P<tail>ahead|to come|past|gone by))?",
)
def _vague_period(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'the coming weeks' (FUTURE_REF), 'recent years' (PAST_REF), 'for years' (PXY)."""
    rel, tail = m["rel"] or "", m["tail"] or ""
    if rel in {"coming", "next", "upcoming", "following", "future"} or tail in {"ahead", "to come"}:
        return as_date("FUTURE_REF")
    if rel in {"recent", "previous"} or tail in {"past", "gone by"}:
        return as_date("PAST_REF")
    return duration([(None, unit(m["u"]))]), "DURATION", None


_REFS: Final = {
    "PRESENT_REF": "now|right now|just now|currently|at present|presently|present|current"
    "|until now|up to now|nowadays"
    "|these days|at the moment|moment|present day|so far|to date|as of now|the time being"
    "|time being",
    "PAST_REF": "recently|recent|lately|past|earlier|previously|formerly|in the past|once|long ago"
    "|not long ago|years ago|months ago|weeks ago|days ago|decades ago|some time ago|a while ago"
    "|a while back|other day|old days|yesteryear|historically|recent times|more recently"
    "|most recently",
    "FUTURE_REF": "soon|shortly|future|later|near future|days ahead|weeks ahead|months ahead"
    "|years ahead|eventually|in due course|some day|someday|one day|long term|long run|ahead"
    "|in future|in the future"
    "|coming days|in the coming days|years to come|near term|short term|medium term"
    "|a later date|a future date|later date|as soon as possible",
}
_REF_OF: Final = {w: ref for ref, words in _REFS.items() for w in words.split("|")}


@RULES.rule("ref", alt(_REF_OF) + r"(?=[\s,.;:!?)\"']*$)")
def _ref(m: re.Match[str], env: ParseEnv) -> Result | None:
    word = m[0]
    if word in {"moment", "other day", "time being"} and not env.the:
        return None  # 'the moment', 'the other day'
    return as_date(_REF_OF[word])


_SET_WORDS: Final = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
    "yearly": "P1Y", "annually": "P1Y", "annual": "P1Y", "hourly": "PT1H", "fortnightly": "P2W",
    "biweekly": "P2W", "bi-weekly": "P2W", "biannual": "P6M", "bi-annual": "P6M",
    "biannually": "P6M", "half-yearly": "P6M", "semi-annual": "P6M", "semiannual": "P6M",
    "semi-annually": "P6M", "biennial": "P2Y", "biennially": "P2Y", "weekends": "XXXX-WXX-WE",
}  # fmt: skip


@RULES.rule("set_word", alt(_SET_WORDS) + r"(?![a-z])")
def _set_word(m: re.Match[str], env: ParseEnv) -> Result | None:
    return _SET_WORDS[m[0]], "SET", None


@RULES.rule(
    "set_every",
    r"(?:(?P<q>once|twice|thrice|\d+ times|(?:one|two|three|four|five|six|ten) times) )?"
    r"(?:every|each|per|a|an)(?: single)?(?P<other> other)? (?:(?P<amt>" + AMOUNT_RE + r") )?"
    r"(?:(?P<u>" + UNIT_RE + r"|weekend)|(?P<mon>" + MONTH_RE + r")|(?P<wd>" + WEEKDAY_RE + r")"
    r"|(?P<s>spring|summer|autumn|fall|winter)|(?P<pod>morning|afternoon|evening|night)"
    r"|(?P<h>" + alt(HOLIDAYS) + r"))",
)
def _set_every(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'every July' (XXXX-07), 'every Monday', 'twice a year' (P1Y), 'every two years' (P2Y)."""
    head = m[0].split(" ")[0 if not m["q"] else len(m["q"].split())]
    if head in {"a", "an"} and not m["q"]:
        return None  # 'a year' is a duration
    if m["mon"]:
        return f"XXXX-{MONTHS[m['mon'].rstrip('.')]:02d}", "SET", None
    if m["wd"]:
        return f"XXXX-WXX-{WEEKDAYS[m['wd'].rstrip('.')] + 1}", "SET", None
    if m["s"]:
        return f"XXXX-{SEASONS[m['s']]}", "SET", None
    if m["pod"]:
        return f"XXXX-XX-XXT{PARTS_OF_DAY[m['pod']]}", "SET", None
    if m["h"]:
        compute = HOLIDAYS[m["h"]]
        fixed = compute(2001).strftime("%m-%d") == compute(2002).strftime("%m-%d")
        return (f"XXXX-{compute(2001):%m-%d}" if fixed else "P1Y"), "SET", None
    if m["u"] == "weekend":
        return "XXXX-WXX-WE", "SET", None
    count = amount(m["amt"]) if m["amt"] else 1.0
    if m["other"] and count is not None:
        count *= 2
    return duration([(count, unit(m["u"]))]), "SET", None
