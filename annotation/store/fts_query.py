"""What an analyst types, as an FTS5 MATCH expression (the search box's small syntax).

Words typed side by side are one phrase (`Narendra Modi` finds the name, not the two words
apart); "quotes" make a phrase too; `OR`, `AND` and `NOT` in capitals combine phrases; a word
ending in `*` matches every word it begins (`Mod*`). Everything else is quoted, so no input is
an FTS5 syntax error: `U.S.` is the phrase 'u s', as the tokenizer reads the text.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_OPERATORS = frozenset({"OR", "AND", "NOT"})


def _words(text: str) -> list[str]:
    """The words of `text` that the tokenizer indexes (some letter or digit in them); a NUL
    ends an FTS5 string, so it separates words."""
    return [word for word in text.replace("\x00", " ").split() if any(ch.isalnum() for ch in word)]


def _phrase(words: list[str], prefix: bool) -> str:
    quoted = '"' + " ".join(words).replace('"', '""') + '"'
    return quoted + " *" if prefix else quoted


def match_expression(query: str, column: str | None = None) -> str | None:
    """The MATCH expression for a search box's query (None: nothing searchable in it).

    `column`: search only that column of the index (the article text, not its title).
    """
    parts: list[str] = []
    words: list[str] = []

    def close(prefix: bool = False) -> None:
        if words:
            parts.append(_phrase(words, prefix))
            words.clear()

    for match in _TOKEN.finditer(query):
        quoted, word = match.groups()
        if quoted is not None:
            close()
            inside = _words(quoted)
            if inside:
                parts.append(_phrase(inside, False))
        elif word in _OPERATORS:
            close()
            parts.append(word)
        elif word.endswith("*") and _words(word.rstrip("*")):
            words += _words(word.rstrip("*"))
            close(prefix=True)
        else:
            words += _words(word)
    close()
    expression = _tidy(parts)
    if not expression:
        return None
    return f"{column} : ({expression})" if column else expression


def _tidy(parts: list[str]) -> str:
    """Drop operators with nothing to combine (leading, trailing, doubled)."""
    kept: list[str] = []
    for part in parts:
        if part in _OPERATORS and (not kept or kept[-1] in _OPERATORS):
            continue
        kept.append(part)
    while kept and kept[-1] in _OPERATORS:
        kept.pop()
    return " ".join(kept)


def filter_expression(text: str) -> str | None:
    """The document list's filter: every word typed, in the title, source or text; the last one
    may be unfinished (`Momb` finds Mombasa). None when nothing searchable was typed."""
    words = _words(text.replace('"', " "))
    if not words:
        return None
    terms = [_phrase([word], False) for word in words[:-1]]
    terms.append(_phrase([words[-1]], prefix=True))
    return " AND ".join(terms)
