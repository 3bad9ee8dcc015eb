"""spaCy's tokens for a text, as plain offsets: for token-indexed exports and snapping selections.

Only the tokenizer is used (a blank pipeline of the document's language): it is fast, needs no
trained model and gives the same tokens as the full English pipeline.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Tokens:
    """Token boundaries of one text (code points) and whether each is followed by a space."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    spaces: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.starts)

    def bounds(self, start: int, end: int) -> tuple[int, int] | None:
        """Inclusive token indices covering [start, end), or None if no token is inside."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        if first > last or first >= len(self.starts):
            return None
        return first, last

    def aligned(self, start: int, end: int) -> bool:
        """Whether [start, end) begins and ends on token boundaries."""
        bounds = self.bounds(start, end)
        if bounds is None:
            return False
        return self.starts[bounds[0]] == start and self.ends[bounds[1]] == end

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Grow [start, end) to whole tokens (a drag over parts of words takes the words)."""
        bounds = self.bounds(start, end)
        if bounds is None:
            return start, end
        return min(start, self.starts[bounds[0]]), max(end, self.ends[bounds[1]])

    def records(self, text: str) -> list[dict[str, Any]]:
        """Prodigy-style token records: text, start, end, id, ws."""
        return [
            {"text": text[s:e], "start": s, "end": e, "id": i, "ws": ws}
            for i, (s, e, ws) in enumerate(zip(self.starts, self.ends, self.spaces, strict=True))
        ]


@lru_cache(maxsize=8)
def _tokenizer(language: str) -> Any:
    import spacy

    try:
        return spacy.blank(language).tokenizer
    except (ImportError, KeyError, ValueError):
        return spacy.blank("xx").tokenizer


def _from_doc(doc: Any) -> Tokens:
    # One array of (offset, length, space) rather than a Token object per token and field:
    # ~3x faster, which export (tokens for every document) feels.
    from spacy.attrs import IDX, LENGTH, SPACY

    if len(doc) == 0:
        return Tokens((), (), ())
    columns = doc.to_array([IDX, LENGTH, SPACY]).T.tolist()
    starts, lengths, spaces = columns
    return Tokens(
        tuple(starts),
        tuple(start + length for start, length in zip(starts, lengths, strict=True)),
        tuple(bool(space) for space in spaces),
    )


def tokenizer(language: str = "en") -> Any:
    """spaCy's tokenizer for a language (a blank pipeline's; multi-language when unknown)."""
    return _tokenizer(language or "en")


def tokens_of(doc: Any) -> Tokens:
    """The token boundaries of a spaCy Doc made by `tokenizer`."""
    return _from_doc(doc)


def tokenize(text: str, language: str = "en") -> Tokens:
    """The tokens of one text."""
    return _from_doc(_tokenizer(language or "en")(text))


def tokenize_many(texts: Iterable[str], language: str = "en") -> Iterator[Tokens]:
    """Tokens of many texts (batched through the tokenizer's pipe)."""
    for doc in _tokenizer(language or "en").pipe(texts, batch_size=256):
        yield _from_doc(doc)
