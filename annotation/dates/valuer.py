"""Calendar values of DATE/TIME spans: the normaliser fed with the tense from the caller's parse.

`value_in` values one span of a parsed Doc; `make_valuer` builds the session's `Valuer` for
spans an analyst makes or changes (the suggester values its own suggestions with `Narrative`
while it has the parse). The publication date is the document's own, else one inferred from the
text (`published.publication_of`). Nothing here loads spaCy: the parse comes from the caller.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from annotation.model import Document

if TYPE_CHECKING:
    from annotation.dates.grammar import Story
    from annotation.dates.normalizer import DateValue

log = logging.getLogger(__name__)

#: Computes a temporal span's calendar value: (document, start, end, label) -> value or None.
Valuer = Callable[[Document, int, int, str], str | None]
#: Parses a text into a spaCy Doc (`Suggester.parse`).
Parse = Callable[[str], Any]
#: The value of line[start:end] given the publication date, computed where the parser lives
#: (`RemoteSuggester.line_value`: in the child process that holds spaCy).
LineValue = Callable[[str, int, int, date], "str | None"]


def value_in(doc: Any, start: int, end: int, published: date | datetime) -> str | None:
    """The calendar value of doc's [start, end) alone (`date_value_in` with no story so far)."""
    result = date_value_in(doc, start, end, published)
    return None if result is None else str(result.value)


def date_value_in(
    doc: Any,
    start: int,
    end: int,
    published: date | datetime,
    story: Story | None = None,
    features: tuple[bool, bool] | None = None,
    text: str | None = None,
) -> DateValue | None:
    """The calendar value of doc's [start, end) from its sentence and the tense of its clause.

    Tense comes from the dependency parse (the governing verb); a Doc without one (the
    rule-based fallback) gives no tense and the normaliser uses its defaults. `story` is where
    the story stands (`Narrative`: the last date mentioned before, for 'the following year').
    Callers valuing many spans of one Doc pass `features` (`doc_features(doc)`) and `text`
    (`doc.text`): spaCy computes both by walking every token.
    """
    from annotation.dates.normalizer import normalize
    from annotation.dates.tense import Tense, tense_of

    has_sentences, has_parse = features if features is not None else doc_features(doc)
    span = doc.char_span(start, end, alignment_mode="expand")
    sentence = None
    # UNKNOWN, not None: given None the normaliser would guess it from the sentence's words.
    tense = Tense.UNKNOWN
    if span is not None:
        if has_parse:
            tense = tense_of(span)
        elif has_sentences:  # (with a tense the normaliser has no use for the sentence)
            sentence = span.sent.text
    expression = (text if text is not None else doc.text)[start:end]
    return normalize(expression, published, sentence, tense=tense, story=story)


def doc_features(doc: Any) -> tuple[bool, bool]:
    """Whether a Doc has sentence boundaries, and whether it has a dependency parse."""
    has_parse = bool(doc.has_annotation("DEP"))
    return has_parse or bool(doc.has_annotation("SENT_START")), has_parse


def make_valuer(parse: Parse | None = None, line_value: LineValue | None = None) -> Valuer:
    """A `Valuer` for the session: `session.valuer = make_valuer(suggester.parse)`.

    `line_value` instead of `parse`: the line is sent to where the parser lives (the window's
    spaCy runs in a child process) and its value comes back.

    With `parse`, the line (paragraph) holding the span is parsed, and the tense of the verb
    governing the span decides ambiguous dates ('on Friday' in a future clause is the coming
    Friday); parses are cached, as an analyst works through one paragraph at a time. Without
    it (before the pipeline has loaded) the tense is unknown and the normaliser uses its
    defaults, with the line's text as the sentence.
    """
    parsed = lru_cache(maxsize=16)(parse) if parse is not None else None

    def valuer(document: Document, start: int, end: int, label: str) -> str | None:
        from annotation.dates.published import publication_of

        published = publication_of(document).date
        if published is None:
            return None
        text = document.text
        low = text.rfind("\n", 0, start) + 1
        high = text.find("\n", end)
        high = len(text) if high == -1 else high
        if line_value is not None:
            try:
                return line_value(text[low:high], start - low, end - low, published)
            except Exception as exc:  # the spaCy process is gone: value without the tense
                log.warning("calendar value without the parse: %s", exc)
        if parsed is not None:
            return value_in(parsed(text[low:high]), start - low, end - low, published)
        from annotation.dates.normalizer import normalize
        from annotation.dates.tense import Tense

        sentence = _sentence_around(text, low, high, start, end)
        result = normalize(text[start:end], published, sentence, tense=Tense.UNKNOWN)
        return None if result is None else str(result.value)

    return valuer


_ABBREVIATIONS = frozenset(
    {
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
        *("mr", "mrs", "ms", "dr", "prof", "st", "no", "gen", "col", "lt", "sgt", "rep", "sen"),
        *("gov", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "approx"),
    }
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def _sentence_around(text: str, low: int, high: int, start: int, end: int) -> str:
    """The sentence of text[low:high] holding [start, end), by punctuation (no parser at hand)."""
    first, last = low, high
    for found in _SENTENCE_END.finditer(text, low, high):
        word = text[text.rfind(" ", low, found.start()) + 1 : found.start()].lower()
        if word in _ABBREVIATIONS or len(word) == 1:
            continue
        if found.end() <= start:
            first = found.end()
        elif found.start() >= end:
            last = found.start() + 1
            break
    return text[first:last]
