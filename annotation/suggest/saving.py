"""Storing a batch of suggestions: one transaction, never touching an analyst's decisions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from annotation import rules
from annotation.model import Document, SpanStatus, ValueOrigin
from annotation.store import new_span_row, now
from annotation.suggest.suggester import SuggestError, Suggestion

if TYPE_CHECKING:
    from annotation.dates.published import Publication
    from annotation.session import Change, Session


@dataclass
class SaveReport:
    """What one `save_suggestions` call did (counts for the CLI and the status bar)."""

    documents: int = 0
    added: int = 0
    #: identical (start, end, label) to a span already there, of any status
    known: int = 0
    #: overlapping an accepted span of the same layer where the schema forbids overlaps
    overlapping: int = 0
    #: labels the project's schema does not have
    unknown_label: int = 0
    #: publication dates inferred from the text, and documents with none found
    inferred: int = 0
    missing: int = 0
    #: events stored with suggested triggers (their trigger spans count in `added` too)
    events: int = 0
    #: in a region that is not part of the article (annotation/regions.py)
    excluded: int = 0


def save_suggestions(
    session: Session,
    results: Iterable[tuple[int, Sequence[Suggestion]]],
    origin: str,
    report: SaveReport | None = None,
) -> Change:
    """Store a batch of suggestions in one transaction (bulk: not undoable) and announce it.

    Spans an analyst decided or edited are never touched; a suggestion identical to any existing
    span (also a rejected one, or the original of an edited one) is not added again; one that
    overlaps an accepted span is skipped (it would be rejected the moment it was accepted).
    Nothing is suggested in a region that is not part of the article (annotation/regions.py).
    Every document of the batch is recorded as covered by `origin`, so the next run skips it.
    A missing publication date is inferred from the text and stored, flagged in `meta`.
    A suggested trigger is stored with its event and the arguments its hint finds among the
    document's entity spans, or not at all (ADR 0006).
    """
    from annotation.dates.published import publication_of
    from annotation.event_suggest import EventBatch
    from annotation.regions import excluded_ranges, overlaps
    from annotation.store import document_from_row

    report = report if report is not None else SaveReport()
    store = session.store
    schema = session.schema
    results = list(results)
    time = now()
    rows: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    documents: list[int] = []
    with store.transaction():
        next_id = store.next_id("span")
        events = EventBatch(schema, store)
        for document_id, suggestions in results:
            row = store.row("document", document_id)
            if row is None:
                raise SuggestError(f"{store.path}: no document {document_id} (deleted meanwhile?)")
            document = document_from_row(row)
            documents.append(document_id)
            update = _publication_update(document, publication_of(document), report, time)
            if update is not None:
                updates.append(update)
            existing = store.spans(document_id)
            known = {(s.start, s.end, s.label) for s in existing}
            known |= {
                (s.suggested["start"], s.suggested["end"], s.suggested["label"])
                for s in existing
                if s.suggested
            }
            accepted = rules.Layers(schema)
            for span in existing:
                if span.status is SpanStatus.ACCEPTED:
                    accepted.add(span.start, span.end, span.label)
            events.start_document(existing)
            excluded = excluded_ranges(store, document)
            # triggers after the entities their events link to
            for suggestion in sorted(suggestions, key=lambda s: s.event is not None):
                # the schema's [label_map] says what a pipeline's entity label is called here
                label = (
                    suggestion.label
                    if suggestion.event
                    else schema.suggested_label(suggestion.label)
                )
                if label is None or not schema.knows(label):
                    report.unknown_label += 1
                    continue
                if label != suggestion.label:
                    suggestion = replace(suggestion, label=label)
                key = (suggestion.start, suggestion.end, suggestion.label)
                if not 0 <= suggestion.start < suggestion.end <= len(document.text):
                    raise SuggestError(
                        f"document {document_id}: suggestion {suggestion.start}-{suggestion.end}"
                        f" is outside the text (0-{len(document.text)})"
                    )
                if key in known:
                    report.known += 1
                    continue
                if excluded and overlaps(excluded, suggestion.start, suggestion.end):
                    report.excluded += 1
                    continue
                if accepted.clash(suggestion.start, suggestion.end, suggestion.label):
                    report.overlapping += 1
                    continue
                arguments = events.arguments_for(suggestion.label, suggestion.event)
                if suggestion.event is not None and not arguments:
                    continue
                known.add(key)
                value = suggestion.value if schema.is_temporal(suggestion.label) else None
                rows.append(
                    new_span_row(
                        document_id,
                        suggestion.start,
                        suggestion.end,
                        suggestion.label,
                        SpanStatus.SUGGESTED,
                        origin,
                        time,
                        score=suggestion.score,
                        value=value,
                        value_origin=ValueOrigin.COMPUTED if value is not None else None,
                        id_=next_id,
                    )
                )
                events.add(document_id, next_id, *key, suggestion.event, arguments)
                next_id += 1
        store.insert_many("span", rows)
        store.insert_many("event", events.events)
        store.insert_many("argument", events.arguments)
        store.update_many("document", updates)
        store.record_suggestion_runs(documents, origin, time)
        description = f"Suggest {len(rows)} spans in {len(documents)} documents with {origin}"
        if events.events:
            description += f" ({len(events.events)} events)"
        if documents:
            store.log(
                "suggest",
                description,
                (),
                annotator=session.annotator,
                document_id=None,
                state="bulk",
            )
    report.documents += len(documents)
    report.added += len(rows)
    report.events += len(events.events)
    return session.announce_bulk(description, documents)


def _publication_update(
    document: Document, found: Publication, report: SaveReport, time: str
) -> dict[str, Any] | None:
    """The document row change that records an inferred, missing or unreadable date."""
    meta = dict(document.meta)
    if document.published:
        if not found.unreadable or meta.get("published_unreadable") is True:
            return None
        meta["published_unreadable"] = True
        return {"id": document.id, "meta": meta, "updated": time}
    if found.inferred is not None:
        inferred = found.inferred
        published = inferred.value.isoformat()
        meta["published_inferred"] = {
            "value": published,
            "evidence": inferred.evidence,
            "rule": inferred.rule,
            "start": inferred.start,
            "end": inferred.end,
        }
        meta.pop("published_missing", None)
        report.inferred += 1
        return {"id": document.id, "published": published, "meta": meta, "updated": time}
    report.missing += 1
    if meta.get("published_missing") is True:
        return None
    meta["published_missing"] = True
    return {"id": document.id, "meta": meta, "updated": time}
