"""Parts of a document that are not the article (page furniture such as a trailing "Latest
News" list): marked by the analyst, remembered per source, left out of suggestions, triage and
training.

A marked region is kept in the document's own metadata (`meta["excluded"]`), so marking is an
ordinary undoable edit of the document (`annotation.commands.ExcludeRegion`) and travels with
its exports. Each entry remembers the region's first line and how many lines it held (or that
it ran to the end of the text): another document of the same source with that line has the same
region excluded too (`excluded_ranges`), so the second article from a wire does not need it
marked again.

Training cuts them out of the text before a model sees it (`training.corpus.article_only`);
exports keep the whole text with the regions in `meta`, and can ask `excluded_ranges(store,
document)` and `overlaps` to leave out the spans that meet them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotation.model import Document
from annotation.store import Store

META_KEY = "excluded"
Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of whole lines marked as not part of the article."""

    start: int
    end: int
    #: the region's first line (stripped): what finds the same region in the source's articles
    first_line: str
    #: how many lines it holds
    lines: int
    #: it ran to the end of the text (a trailing list: it does so wherever it is found)
    to_end: bool

    def record(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "first_line": self.first_line,
            "lines": self.lines,
            "to_end": self.to_end,
        }

    @classmethod
    def from_record(cls, item: object) -> Region | None:
        """A region as stored, or None for an entry that is not one (hand-edited metadata)."""
        if not isinstance(item, dict):
            return None
        start, end = item.get("start"), item.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
            return None
        lines = item.get("lines")
        return cls(
            start,
            end,
            str(item.get("first_line") or ""),
            lines if isinstance(lines, int) and lines > 0 else 1,
            bool(item.get("to_end")),
        )


def lines_around(text: str, start: int, end: int) -> Range:
    """[start, end) widened to whole lines (without the last line's break)."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", max(end - 1, start))
    return first, len(text) if last == -1 else last


def region_of(text: str, start: int, end: int) -> Region:
    """The region an analyst's selection of [start, end) marks: its whole lines."""
    first, last = lines_around(text, start, end)
    piece = text[first:last]
    head = piece.split("\n", 1)[0].strip()
    to_end = not text[last:].strip()
    return Region(first, last, head, piece.count("\n") + 1, to_end)


def marked(document: Document) -> list[Region]:
    """The regions marked in this document, in text order."""
    found = [Region.from_record(item) for item in document.meta.get(META_KEY) or ()]
    return sorted((r for r in found if r is not None), key=lambda r: r.start)


def with_region(regions: Sequence[Region], text: str, new: Region) -> list[Region]:
    """`regions` with `new` added; regions it meets or touches merge with it."""
    keep = [r for r in regions if r.end < new.start or r.start > new.end]
    meeting = [r for r in regions if not (r.end < new.start or r.start > new.end)]
    if not meeting:
        return sorted([*keep, new], key=lambda r: r.start)
    start = min([new.start, *(r.start for r in meeting)])
    end = max([new.end, *(r.end for r in meeting)])
    return sorted([*keep, region_of(text, start, end)], key=lambda r: r.start)


def learned(text: str, regions: Iterable[Region]) -> list[Range]:
    """Where regions marked in other articles of the source recur here: a line equal to a
    region's first line starts the same region (to the end of the text, or as many lines)."""
    found: list[Range] = []
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    heads = {text[s : (text.find("\n", s) + 1 or len(text) + 1) - 1].strip(): s for s in starts}
    for region in regions:
        start = heads.get(region.first_line) if region.first_line else None
        if start is None:
            continue
        if region.to_end:
            end = len(text)
        else:
            index = starts.index(start) + region.lines
            end = starts[index] - 1 if index < len(starts) else len(text)
        found.append((start, end))
    return found


def merged(ranges: Iterable[Range]) -> list[Range]:
    result: list[Range] = []
    for start, end in sorted(ranges):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def excluded_ranges(store: Store, document: Document) -> list[Range]:
    """Which ranges of a document are not part of the article: the regions marked in it, and
    those its source's other articles taught (by their first line). Code points, merged."""
    own = [(r.start, r.end) for r in marked(document)]
    if not document.source:
        return merged(own)
    taught = [
        region
        for item in store.excluded_regions_of_source(document.source, skip=document.id)
        if (region := Region.from_record(item)) is not None
    ]
    return merged([*own, *learned(document.text, taught)])


def overlaps(ranges: Sequence[Range], start: int, end: int) -> bool:
    """Whether [start, end) meets one of the (merged, sorted) ranges."""
    return any(start < high and low < end for low, high in ranges)
