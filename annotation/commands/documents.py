"""Commands on a document: its status, its metadata, and marking it done."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotation import rules
from annotation.commands import steps
from annotation.commands.base import CommandError, DocumentCommand, Tx, quote
from annotation.commands.regions import settle_regions
from annotation.commands.steps import drop_links
from annotation.dates.published import parse_published
from annotation.model import DOCUMENT_META_FIELDS, DocStatus, SpanStatus, ValueOrigin
from annotation.store import Store


@dataclass(frozen=True)
class SetDocumentStatus(DocumentCommand):
    """Mark a document new, in progress, done or skipped."""

    status: DocStatus

    def describe(self, store: Store) -> str:
        return f"Mark {quote(store.document(self.document).title)} {self.status.value}"

    def run(self, tx: Tx) -> None:
        tx.row("document", self.document, "document")
        tx.update("document", self.document, status=self.status.value, updated=tx.time)


@dataclass(frozen=True)
class SetDocumentMeta(DocumentCommand):
    """Edit title, source, URL, publication date, place, language or extra metadata.

    A new publication date moves every computed calendar value of the document with it.
    """

    changes: dict[str, Any] = field(default_factory=dict)

    def describe(self, store: Store) -> str:
        names = ", ".join(sorted(self.changes))
        return f"Edit {names} of {quote(store.document(self.document).title)}"

    def run(self, tx: Tx) -> None:
        unknown = sorted(set(self.changes) - set(DOCUMENT_META_FIELDS))
        if unknown:
            raise CommandError(
                f"cannot edit {', '.join(unknown)}; editable: {', '.join(DOCUMENT_META_FIELDS)}"
            )
        published = self.changes.get("published")
        if published is not None and parse_published(str(published)) is None:
            raise CommandError(
                f"publication date {published!r} is not an ISO date (YYYY-MM-DD) or datetime"
                " (YYYY-MM-DDTHH:MM, optionally with an offset)"
            )
        tx.row("document", self.document, "document")
        tx.update("document", self.document, **self.changes, updated=tx.time)
        if "published" in self.changes:
            document = tx.document(self.document)
            for span in tx.store.spans(document.id):
                if span.value_origin is ValueOrigin.ANALYST or not tx.schema.is_temporal(
                    span.label
                ):
                    continue
                columns = steps.computed_value(tx, document, span.start, span.end, span.label)
                tx.update("span", span.id, **columns)


@dataclass(frozen=True)
class MarkDone(DocumentCommand):
    """Accept every remaining suggestion (the analyst saw and left them) and mark the document done.

    A remaining suggestion that overlaps an accepted span cannot be accepted where the schema
    forbids overlaps; it is rejected instead. Suggestions in a region that is not part of the
    article (marked, or taught by the source's other articles) are taken out, not accepted.
    """

    def describe(self, store: Store) -> str:
        return f"Mark {quote(store.document(self.document).title)} done"

    def run(self, tx: Tx) -> None:
        document = tx.document(self.document)
        settle_regions(tx, document)
        taken = rules.Layers(tx.schema)
        for accepted in tx.store.spans(document.id, [SpanStatus.ACCEPTED]):
            taken.add(accepted.start, accepted.end, accepted.label)
        for span in tx.store.spans(document.id, [SpanStatus.SUGGESTED]):
            clash = taken.clash(span.start, span.end, span.label) is not None
            status = SpanStatus.REJECTED if clash else SpanStatus.ACCEPTED
            if not clash:
                taken.add(span.start, span.end, span.label)
            tx.update("span", span.id, status=status.value, annotator=tx.annotator, updated=tx.time)
            if clash:
                drop_links(tx, span.id)
        tx.update("document", document.id, status=DocStatus.DONE.value, updated=tx.time)
