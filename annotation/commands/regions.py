"""Commands on regions that are not part of the article (annotation/regions.py)."""

from __future__ import annotations

from dataclasses import dataclass

from annotation.commands.base import CommandError, RangeCommand, Tx, quote
from annotation.commands.steps import drop_links, touch
from annotation.model import Document, SpanStatus
from annotation.regions import (
    META_KEY,
    Range,
    Region,
    excluded_ranges,
    marked,
    region_of,
    with_region,
)
from annotation.store import Store


def set_regions(tx: Tx, document: Document, regions: list[Region]) -> None:
    """Store a document's marked regions (in its metadata)."""
    meta = dict(document.meta)
    if regions:
        meta[META_KEY] = [region.record() for region in regions]
    else:
        meta.pop(META_KEY, None)
    tx.update("document", document.id, meta=meta, updated=tx.time)


def drop_suggestions(tx: Tx, document_id: int, ranges: list[Range]) -> None:
    """Take out the open suggestions (and what hangs on them) that meet these ranges: they are
    the model reading page furniture, never an analyst's decision."""
    for start, end in ranges:
        for span in tx.store.overlapping_spans(document_id, start, end):
            if span.status is SpanStatus.SUGGESTED:
                drop_links(tx, span.id)
                tx.delete("span", span.id)


@dataclass(frozen=True)
class ExcludeRegion(RangeCommand):
    """Mark the lines of [start, end) as not part of the article: their suggestions go, and the
    source's other articles leave out the same region (found by its first line)."""

    def describe(self, store: Store) -> str:
        text = store.document(self.document).text
        region = region_of(text, max(self.start, 0), min(self.end, len(text)))
        lines = f" ({region.lines} lines)" if region.lines > 1 else ""
        return f"Mark {quote(region.first_line, 30)}{lines} as not part of the article"

    def run(self, tx: Tx) -> None:
        document = tx.document(self.document)
        if not 0 <= self.start < self.end <= len(document.text):
            raise CommandError(
                f"document {document.id}: {self.start}-{self.end} is outside the text"
                f" (0-{len(document.text)}) or empty"
            )
        new = region_of(document.text, self.start, self.end)
        regions = with_region(marked(document), document.text, new)
        set_regions(tx, document, regions)
        drop_suggestions(tx, document.id, [(r.start, r.end) for r in regions])
        touch(tx, document.id)


@dataclass(frozen=True)
class IncludeRegion(RangeCommand):
    """Make the marked regions that meet [start, end) part of the article again."""

    def describe(self, store: Store) -> str:
        text = store.document_text(self.document, self.start, self.end)
        return f"Mark {quote(text, 30)} as part of the article"

    def run(self, tx: Tx) -> None:
        document = tx.document(self.document)
        regions = marked(document)
        keep = [r for r in regions if r.end <= self.start or r.start >= self.end]
        if len(keep) == len(regions):
            raise CommandError(f"document {document.id}: nothing marked there")
        set_regions(tx, document, keep)


def settle_regions(tx: Tx, document: Document) -> None:
    """Before a document is done: the regions its source taught become its own (so its export
    says so) and their suggestions go, rather than being accepted with the rest."""
    ranges = excluded_ranges(tx.store, document)
    if not ranges:
        return
    regions = marked(document)
    for start, end in ranges:
        if not any(r.start <= start and end <= r.end for r in regions):
            regions = with_region(regions, document.text, region_of(document.text, start, end))
    if regions != marked(document):
        set_regions(tx, document, regions)
    drop_suggestions(tx, document.id, ranges)
