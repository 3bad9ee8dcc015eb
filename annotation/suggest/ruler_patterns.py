"""Entity-ruler patterns of the degraded pipeline: dates, times, money and percentages."""

from __future__ import annotations

from typing import Any

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DAY = r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"
_YEAR = r"^(1[89]|20)\d\d$"
_NUMBER = r"^\d[\d,]*(\.\d+)?$"
_CURRENCY_SYMBOLS = ["$", "€", "£", "¥", "₹", "₩", "₱", "Rs", "Rs.", "US$", "USD", "EUR", "INR"]
_CURRENCY_WORDS = (
    "dollars?|euros?|pounds?|rupees?|yen|won|pesos?|yuan|francs?|shillings?|rand|naira|"
    "meticais|dirhams?|riyals?"
)
_SCALE = "thousand|million|billion|trillion|crore|lakh|mn|bn|m|k"


def fallback_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns for the degraded pipeline (DATE, TIME, MONEY, PERCENT)."""
    month = {"LOWER": {"REGEX": rf"^({_MONTHS})\.?$"}}
    day = {"TEXT": {"REGEX": _DAY}}
    year = {"TEXT": {"REGEX": _YEAR}}
    comma = {"TEXT": ",", "OP": "?"}
    number = {"TEXT": {"REGEX": _NUMBER}}
    unit = {"LOWER": {"REGEX": "^(days?|weeks?|months?|years?|decades?)$"}}
    relative = {"LOWER": {"IN": ["last", "next", "this", "coming", "past", "previous"]}}
    clock = {"TEXT": {"REGEX": r"^([01]?\d|2[0-3])[:.][0-5]\d$"}}
    meridiem = {"LOWER": {"IN": ["am", "pm", "a.m.", "p.m.", "hrs", "gmt", "utc", "ist"]}}
    weekday_short = {"LOWER": {"REGEX": r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$"}}
    date = [
        [weekday_short, comma, month, day, comma, year],
        [weekday_short, comma, day, month, year],
        [{"LOWER": {"REGEX": rf"^({_WEEKDAYS})$"}}],
        [month, day, comma, year],
        [day, month, year],
        [month, day],
        [day, month],
        [month, year],
        [{"LOWER": "the"}, day, {"LOWER": "of"}, month],
        [{"TEXT": {"REGEX": r"^\d{4}-\d\d-\d\d$"}}],
        [{"LOWER": {"IN": ["today", "yesterday", "tomorrow", "tonight"]}}],
        [relative, {"LOWER": {"REGEX": rf"^({_WEEKDAYS}|week|month|year|quarter|weekend)$"}}],
        [month, {"LOWER": {"IN": ["this", "last", "next"]}}, {"LOWER": "year"}],
        [{"LOWER": {"IN": ["earlier", "later"]}}, {"LOWER": "this"}, unit],
        [number, unit, {"LOWER": {"IN": ["ago", "earlier", "later"]}, "OP": "?"}],
        [{"LOWER": {"IN": ["fiscal", "fy"]}}, year],
        [{"TEXT": {"REGEX": r"^FY\d{2,4}$"}}],
        [
            {"LOWER": "the", "OP": "?"},
            {"LOWER": {"IN": ["first", "second", "third", "fourth", "last"]}},
            {"LOWER": "quarter"},
            {"LOWER": "of", "OP": "?"},
            year | {"OP": "?"},
        ],
        [{"LOWER": "the", "OP": "?"}, {"TEXT": {"REGEX": r"^(1[89]|20)\d0s$"}}],
        [year],
    ]
    time = [
        [clock, meridiem],
        [clock],
        [{"TEXT": {"REGEX": r"^([1-9]|1[0-2])$"}}, meridiem],
        [{"TEXT": {"REGEX": r"^([1-9]|1[0-2])(am|pm)$"}, "LOWER": {"REGEX": "(am|pm)$"}}],
        [{"LOWER": {"IN": ["noon", "midnight"]}}],
        [number, {"LOWER": {"REGEX": "^(hours?|minutes?)$"}}],
    ]
    scale = {"LOWER": {"REGEX": rf"^({_SCALE})$"}, "OP": "?"}
    money = [
        [{"TEXT": {"IN": _CURRENCY_SYMBOLS}}, number, scale],
        [number, scale, {"LOWER": {"REGEX": rf"^({_CURRENCY_WORDS})$"}}],
    ]
    percent = [
        [number, {"TEXT": "%"}],
        [number, {"LOWER": {"IN": ["percent", "per"]}}, {"LOWER": "cent", "OP": "?"}],
        [{"TEXT": {"REGEX": r"^\d+(\.\d+)?%$"}}],
    ]
    patterns: list[dict[str, Any]] = []
    for label, group in (("DATE", date), ("TIME", time), ("MONEY", money), ("PERCENT", percent)):
        patterns += [{"label": label, "pattern": pattern} for pattern in group]
    return patterns
