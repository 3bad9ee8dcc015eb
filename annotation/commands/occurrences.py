"""One decision applied to every other occurrence of the same text in a document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotation.commands import steps
from annotation.commands.base import CommandError, RangeCommand, Tx, quote
from annotation.commands.spans import Accept, AddSpan, Reject, Relabel
from annotation.model import NewSpan, SpanStatus
from annotation.regions import excluded_ranges, overlaps
from annotation.store import Store


def occurrences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where else `text[start:end]` stands as whole words (not inside a longer word)."""
    words = text[start:end]
    if not words.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)")
    return [m.span() for m in pattern.finditer(text) if m.span() != (start, end)]


@dataclass(frozen=True)
class DecideAll(RangeCommand):
    """Accept (as `label`) or reject every other occurrence of [start, end)'s text.

    Accepting: a suggestion with the same bounds is accepted (relabelled if need be); where no
    span meets the words, an accepted span is added. Rejecting: suggestions with the same bounds
    and label are rejected. An analyst's own decision elsewhere, words that meet another span,
    and regions that are not part of the article are left alone. One undo step.
    """

    label: str
    accept: bool = True

    def describe(self, store: Store) -> str:
        words = quote(store.document_text(self.document, self.start, self.end))
        if self.accept:
            return f"Accept every {words} as {self.label}"
        return f"Reject every {words} {self.label}"

    def run(self, tx: Tx) -> None:
        document = tx.document(self.document)
        steps.check_label(tx.schema, self.label)
        excluded = excluded_ranges(tx.store, document)
        trigger = tx.schema.is_trigger(self.label)
        spans = [
            s
            for s in tx.store.spans(document.id)
            if s.status is not SpanStatus.REJECTED and tx.schema.is_trigger(s.label) == trigger
        ]
        done = 0
        for start, end in occurrences(document.text, self.start, self.end):
            if overlaps(excluded, start, end):
                continue
            same = [s for s in spans if (s.start, s.end) == (start, end)]
            meeting = [s for s in spans if s.start < end and start < s.end]
            if not self.accept:
                for span in same:
                    if span.status is SpanStatus.SUGGESTED and span.label == self.label:
                        Reject(span.id).run(tx)
                        done += 1
                continue
            suggested = [s for s in same if s.status is SpanStatus.SUGGESTED]
            if any(s.status is SpanStatus.ACCEPTED for s in meeting):
                continue  # decided already (the same way, or the analyst's other way)
            if suggested:
                match = next((s for s in suggested if s.label == self.label), None)
                if match is not None:
                    Accept(match.id).run(tx)
                else:
                    Relabel(suggested[0].id, self.label).run(tx)
                done += 1
            elif not meeting:
                AddSpan(document.id, NewSpan(start, end, self.label)).run(tx)
                done += 1
        if not done:
            words = quote(document.text[self.start : self.end])
            raise CommandError(f"no other {words} to decide in this article")
