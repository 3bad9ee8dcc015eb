"""The parser: cleans an expression, strips modifiers and prepositions, reads the longest rule
match at the start, joins continuations ('Friday at 3 pm') and splits ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from annotation.dates import clock, days, durations, explicit, holidays, periods, relative
from annotation.dates.calendar import value_start
from annotation.dates.clock import CLOCK_RX, read_clock
from annotation.dates.grammar import REJECT, Context, ParseEnv, Result, time_value
from annotation.dates.lexicon import NAME_HEADS, PARTS_OF_DAY, TENS_WORDS, UNITS_WORDS

# Order matters: on matches of equal length the earlier rule is tried first.
_RULES: Final = (
    *explicit.RULES.rules,
    *periods.RULES.rules,
    *holidays.RULES.rules,
    *days.RULES.rules,
    *clock.RULES.rules,
    *relative.RULES.rules,
    *durations.RULES.rules,
)

_AMOUNT_AHEAD_RE: Final = (
    r"(?= (?:\d|a |an |one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty"
    r"|fifty|hundred|several|dozen))"
)
_NEAR_RE: Final = r"(?:(?:shortly|just|soon|right|immediately|minutes|hours|days) )?"
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
    (r"(?:more than|upwards of|in excess of|over)" + _AMOUNT_AHEAD_RE + " ", "MORE_THAN"),
    (r"(?:at least|no less than|not less than|a minimum of) ", "EQUAL_OR_MORE"),
    (r"(?:less than|fewer than|under)" + _AMOUNT_AHEAD_RE + " ", "LESS_THAN"),
    (r"(?:up to|at most|no more than|not more than|a maximum of) ", "EQUAL_OR_LESS"),
    (r"(?:no later than|not later than|on or before) ", "ON_OR_BEFORE"),
    (r"(?:no earlier than|not earlier than|on or after|not before) ", "ON_OR_AFTER"),
    (_NEAR_RE + r"(?:before|prior to|ahead of) ", "BEFORE"),
    (_NEAR_RE + r"(?:after|beyond) ", "AFTER"),
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
#: 'the quarter', and the company's own: 'its fourth quarter', 'their fiscal year'
_DETERMINER: Final = re.compile(r"(?:the|its|their) ")
_RANGE_SEP: Final = re.compile(r" ?(?:-|–|—|/) ?| (?:to|until|till|through|thru|and|or) ")
_TIME_CONT: Final = re.compile(
    r"(?:,| \|| -)? (?:at |@ )?(?:around |about |approximately |approx\. )?|,"
)
_DATE_CONT: Final = re.compile(r"(?:,? (?:on |of |the )*|,)")
_POD_CONT: Final = re.compile(r" (?:in the )?(?P<pod>morning|afternoon|evening|night)(?![a-z])")
_DAY_VALUE: Final = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True, slots=True)
class _Parse:
    result: Result
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
            elif (m := _DETERMINER.match(s)) and m.end() < len(s):
                the, s = True, s[m.end() :]
            else:
                break
    return s, mod, the, prep, between


def _match(s: str, env: ParseEnv) -> _Parse | None:
    """The longest rule match at the start of `s`, extended by continuations."""
    found = []
    for i, rule in enumerate(_RULES):
        if (m := rule.rx.match(s)) and m.end() and _boundary(s, m.end()):
            found.append((-m.end(), i, m))
    found.sort(key=lambda item: item[:2])
    for _, i, m in found:
        rule = _RULES[i]
        result = rule.handler(m, env)
        if result is REJECT:
            return _Parse(REJECT, m.end(), rule.name)
        if result is not None:
            return _continue(s, _Parse(result, m.end(), rule.name), env)
    return None


def _continue(s: str, parse: _Parse, env: ParseEnv) -> _Parse:
    """Join a day with a clock time or part of day, a weekday or clock time with a date."""
    value, typ, mod = parse.result
    end = parse.end
    if parse.rule == "part_of_day" and end < len(s) and (cont := _DATE_CONT.match(s, end)):
        # 'afternoon yesterday', 'the evening of Oct. 23': that day's part
        inner = _match(s[cont.end() :], ParseEnv(env.ctx, rewind=env.rewind))
        if inner and _DAY_VALUE.fullmatch(inner.result[0]) and inner.result[1] == "DATE":
            joined = f"{inner.result[0]}{value[10:]}"
            return _Parse((joined, "TIME", mod), cont.end() + inner.end, parse.rule)
    if parse.rule in {"weekday", "clock"} and end < len(s):
        cont = _DATE_CONT.match(s, end)
        if cont and cont.end() < len(s):
            inner = _match(s[cont.end() :], ParseEnv(env.ctx, rewind=env.rewind))
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
        if cont and (cm := CLOCK_RX.match(s, cont.end())) and _boundary(s, cm.end()):
            hms = read_clock(cm)
            if hms is not None:
                joined, typ, _ = time_value(date.fromisoformat(value), *hms)
                return _Parse((joined, typ, mod), cm.end(), parse.rule)
        if pm := _POD_CONT.match(s, end):
            return _Parse((f"{value}T{PARTS_OF_DAY[pm['pod']]}", "TIME", mod), pm.end(), parse.rule)
    return parse


def _align_weekday(day: str, weekday_value: str, text: str, ctx: Context) -> str:
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


def expression(s: str, ctx: Context, rewind: date | None = None) -> tuple[Result, str] | None:
    """Parse a cleaned expression: mods, the longest temporal prefix, then ranges.

    Returns the value, type and mod with the name of the rule that read it.
    """
    whole = _match(s, ParseEnv(ctx, rewind=rewind))
    if whole is not None and whole.end == len(s):
        return whole.result, whole.rule  # 'some time ago', 'in the past': before stripping
    rest, mod, the, prep, between = _strip(s)
    env = ParseEnv(ctx, the, prep, rewind)
    parse = _match(rest, env)
    if parse is not None and parse.result is REJECT:
        return REJECT, parse.rule
    if parse is None or parse.end < len(rest):
        ranged = _range(rest, ctx, between, rewind)
        if ranged is not None:
            return (ranged[0], ranged[1], mod), "range"
    if parse is None:
        return None
    value, typ, own_mod = parse.result
    tail = rest[parse.end :].strip(" ,.;:")
    if tail:
        if tail.split()[0].strip("()\"',.") in NAME_HEADS:
            return REJECT, parse.rule
        for rx, name in _SUFFIX_MODS:
            if rx.match(tail):
                own_mod = own_mod or name
                break
    return (value, typ, own_mod or mod), parse.rule


def _range(s: str, ctx: Context, between: bool, rewind: date | None) -> tuple[str, str] | None:
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
        start = value_start(b[0]) or rewind
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


def _full(s: str, ctx: Context, rewind: date | None) -> tuple[str, str] | None:
    """A side of a range: it must parse completely."""
    rest, _, the, prep, _ = _strip(s.strip())
    parse = _match(rest, ParseEnv(ctx, the, prep, rewind))
    if parse is None or parse.end != len(rest) or parse.result is REJECT:
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
    (re.compile(r"^(?!(?:.* )?(?:year|month|quarter|week)[- ]end$)(.+?)[- ]end$"), r"end of \1"),
]


_TEEN_WORDS: Final = UNITS_WORDS[10:]
_SPELLED_YEAR: Final = re.compile(
    r"\b(?:(?P<c>eighteen|nineteen|twenty)(?: hundred(?: and)?)? (?:(?P<t>"
    + "|".join(TENS_WORDS)
    + r")(?:[- ](?P<u>"
    + "|".join(UNITS_WORDS[1:10])
    + r"))?|(?P<teen>"
    + "|".join(_TEEN_WORDS)
    + r")|oh[- ](?P<oh>"
    + "|".join(UNITS_WORDS[1:10])
    + r"))|two thousand(?: and (?P<k>"
    + "|".join(UNITS_WORDS[1:])
    + r"))?)\b(?![- ](?:years?|days?|months?|weeks?|hours?|people|times)\b)"
)


def _year_digits(m: re.Match[str]) -> str:
    """'nineteen ninety-six' -> '1996', 'the year two thousand' -> '2000' (broadcast copy)."""
    if m["c"] is None:
        return str(2000 + (UNITS_WORDS.index(m["k"]) if m["k"] else 0))
    century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m["c"]] * 100
    if m["t"]:
        units = UNITS_WORDS.index(m["u"]) if m["u"] else 0
        return str(century + 10 * (TENS_WORDS.index(m["t"]) + 2) + units)
    if m["teen"]:
        return str(century + UNITS_WORDS.index(m["teen"]))
    return str(century + UNITS_WORDS.index(m["oh"]))


def clean(text: str) -> str:
    """Lower case, plain quotes and dashes, 'p.m.' as 'pm', no possessive 's, 'March-end' as
    'end of march', spelled-out years in digits: the forms the rules are written for."""
    s = text.lower()
    for rx, repl in _CLEAN_SUBS:
        s = rx.sub(repl, s)
    if "teen " in s or "twenty " in s or "thousand" in s:
        s = _SPELLED_YEAR.sub(_year_digits, s)
    return s.strip(" ,.;:!?\"'()[]")
