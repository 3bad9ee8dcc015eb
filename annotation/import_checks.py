"""What imported documents must satisfy before they are stored: labels the schema knows (or new
ones that are one word), relations and event roles that fit their ends, no overlap within a
layer, readable metadata, and links an analyst could have made (`annotation.rules`: no relation
from a span to itself or twice, nothing linked to a rejected span, one event a trigger, each
role as the editor fills it). Each refusal names the file and line (brat: the annotation's line).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotation import rules
from annotation.dates.published import parse_published
from annotation.formats.base import MAX_DOCUMENT_CHARS, FormatError, Located, word_problem
from annotation.model import NewSpan, SpanStatus
from annotation.schema import Role, Schema

#: The deepest `meta` Dateline keeps (levels of objects and lists): real metadata is a few
#: levels deep, and the project stores it as JSON, which has a nesting limit of its own.
MAX_META_DEPTH = 64


def check_documents(located: Sequence[Located], schema: Schema, add_labels: bool) -> list[str]:
    """Check spans, relations and events against the schema; return labels to add."""
    unknown: dict[str, str] = {}
    # Sets, not the schema's lookups (each a scan of its labels): one test per imported span.
    known = frozenset(schema.label_names) | schema.trigger_labels
    links_seen: set[tuple[str, str, str]] = set()
    for item in located:
        doc = item.document
        _check_meta(item)
        if doc.published and parse_published(doc.published) is None:
            raise FormatError(
                f"{item.where}: publication date {doc.published!r} is not an ISO date "
                "(YYYY-MM-DD) or datetime (YYYY-MM-DDTHH:MM, with or without offset)"
            )
        if len(doc.text) > MAX_DOCUMENT_CHARS:
            raise FormatError(
                f"{item.where}: the article is {len(doc.text):,} characters long; Dateline takes "
                f"articles of up to {MAX_DOCUMENT_CHARS:,} (about 170,000 words). Split it into "
                "one file per article, or into a JSONL file with one article per line."
            )
        for index, span in enumerate(doc.spans):
            if span.label not in known and span.label not in unknown:
                unknown[span.label] = item.at_span(index).where
                _check_new_label(item.at_span(index), span.label)
        _check_overlaps(item, schema)
        relations_seen: set[tuple[int, int, str]] = set()
        for index, (head, child, label) in enumerate(doc.relations):
            at = item.at_relation(index)
            _check_link_shape(at, doc.spans, head, child, label, relations_seen)
            link = (label, doc.spans[head].label, doc.spans[child].label)
            if link in links_seen:
                continue
            _check_relation(at, schema, label)
            _check_relation_ends(at, schema, *link)
            links_seen.add(link)
        triggers_seen: set[int] = set()
        for number, (type_, trigger, arguments, attributes) in enumerate(doc.events):
            at = item.at_event(number)
            event_type = schema.event(type_)
            if event_type is None:
                raise FormatError(f"{at.where}: event type {type_!r} is not in the schema")
            if doc.spans[trigger].label != type_:
                raise FormatError(
                    f"{at.where}: the trigger of a {type_} event is labelled "
                    f"{doc.spans[trigger].label}; triggers carry their event type"
                )
            _check_trigger(at, doc.spans, trigger, type_, triggers_seen)
            filled: set[tuple[str, int]] = set()
            for role, index in arguments:
                role_def = event_type.role(role)
                label = doc.spans[index].label
                if role_def is None:
                    raise FormatError(f"{at.where}: {type_} has no role {role!r}")
                refusal = rules.role_refusal(type_, role_def, label)
                if refusal is not None and label not in unknown:
                    raise FormatError(f"{at.where}: {refusal}")
                _check_argument(at, doc.spans, trigger, type_, role_def, index, filled)
            _check_attributes(at, schema, type_, attributes)
    if unknown and not add_labels:
        listing = ", ".join(f"{label} (first at {where})" for label, where in unknown.items())
        raise FormatError(
            f"labels not in the schema {schema.name!r}: {listing}. Known labels: "
            f"{', '.join(schema.label_names)}. "
            "To add them to this project, import again with 'Add labels the schema lacks'."
        )
    return list(unknown)


def _check_meta(item: Located) -> None:
    """Metadata nested deeper than MAX_META_DEPTH is refused (the project could not store it)."""
    pending: list[tuple[Any, int]] = [(item.document.meta, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_META_DEPTH and isinstance(value, dict | list):
            raise FormatError(
                f"{item.where}: the metadata is nested more than {MAX_META_DEPTH} levels deep "
                "(objects in objects or lists); Dateline keeps metadata up to that depth"
            )
        if isinstance(value, dict):
            pending.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            pending.extend((child, depth + 1) for child in value)


def _check_new_label(item: Located, label: str) -> None:
    """A label the schema lacks must be one word: brat and CoNLL could not write it back."""
    problem = word_problem(label)
    if problem is not None:
        raise FormatError(
            f"{item.where}: the label {label!r} holds {problem}; a label is one word (brat and "
            "CoNLL files separate fields with spaces): use _ or - instead"
        )


def _check_relation(item: Located, schema: Schema, label: str) -> None:
    if schema.relation(label) is None:
        known = ", ".join(r.name for r in schema.relations)
        hint = ""
        if any(event.role(label) for event in schema.events):
            hint = (
                f"; {label!r} is an event role: a doccano file holds events as trigger spans and "
                "role relations, and Dateline rebuilds them only from lines that list them "
                "under 'dateline'"
            )
        raise FormatError(
            f"{item.where}: relation label {label!r} is not in the schema ({known}){hint}"
        )


def _check_relation_ends(item: Located, schema: Schema, label: str, head: str, child: str) -> None:
    """An import may not hold a relation the analyst could not have drawn (AddRelation's rule)."""
    relation = schema.relation(label)
    refusal = rules.relation_refusal(relation, head, child) if relation is not None else None
    if refusal is not None and schema.knows(head):
        raise FormatError(f"{item.where}: {refusal}")


def _check_link_shape(
    item: Located,
    spans: Sequence[NewSpan],
    head: int,
    child: int,
    label: str,
    seen: set[tuple[int, int, str]],
) -> None:
    """A relation an analyst could have drawn: two different spans, neither rejected, and not
    the same relation twice (AddRelation's and Reject's rules)."""
    if head == child:
        raise FormatError(f"{item.where}: {rules.SELF_RELATION} (span {head + 1} to itself)")
    for end in (head, child):
        if not rules.may_link(spans[end].status):
            raise FormatError(f"{item.where}: {rules.rejected_link(f'span {end + 1}')}")
    if (head, child, label) in seen:
        raise FormatError(f"{item.where}: {rules.duplicate_relation(label)}")
    seen.add((head, child, label))


def _check_trigger(
    item: Located, spans: Sequence[NewSpan], trigger: int, type_: str, seen: set[int]
) -> None:
    """One event a trigger, and a trigger that is not rejected (AddEvent's and Reject's rules)."""
    if not rules.may_link(spans[trigger].status):
        raise FormatError(
            f"{item.where}: {rules.rejected_link(f'the trigger (span {trigger + 1})')}"
        )
    if trigger in seen:
        raise FormatError(f"{item.where}: {rules.second_event(type_)} (span {trigger + 1})")
    seen.add(trigger)


def _check_argument(
    item: Located,
    spans: Sequence[NewSpan],
    trigger: int,
    type_: str,
    role: Role,
    index: int,
    filled: set[tuple[str, int]],
) -> None:
    """An argument an analyst could have given (AddArgument's rules): not the trigger, not a
    rejected span, not twice in one role, one span in a role that does not repeat."""
    if index == trigger:
        raise FormatError(f"{item.where}: {rules.TRIGGER_AS_ARGUMENT}")
    if not rules.may_link(spans[index].status):
        raise FormatError(f"{item.where}: {rules.rejected_link(f'span {index + 1}')}")
    if (role.name, index) in filled:
        raise FormatError(f"{item.where}: {rules.duplicate_argument(role.name)}")
    if not role.repeats and any(name == role.name for name, _ in filled):
        raise FormatError(f"{item.where}: {rules.single_role(type_, role.name)}")
    filled.add((role.name, index))


def _check_attributes(
    item: Located, schema: Schema, type_: str, attributes: dict[str, Any]
) -> None:
    for key, value in attributes.items():
        allowed = schema.event_attributes.get(key)
        if allowed is None:
            known = ", ".join(schema.event_attributes) or "none"
            raise FormatError(
                f"{item.where}: {type_} event attribute {key!r} is not in the schema ({known})"
            )
        if value not in allowed:
            raise FormatError(
                f"{item.where}: {type_} event attribute {key} must be one of "
                f"{', '.join(allowed)}, not {value!r}"
            )


def _check_overlaps(item: Located, schema: Schema) -> None:
    """Accepted spans of one layer (entities, or event triggers) may not overlap."""
    accepted = SpanStatus.ACCEPTED
    numbers = [n for n, span in enumerate(item.document.spans) if span.status is accepted]
    spans = [item.document.spans[n] for n in numbers]
    found = rules.first_overlap(schema, [(s.start, s.end, s.label) for s in spans])
    if found is None:
        return
    (first, before), (second, after) = ((numbers[i], spans[i]) for i in found)
    raise FormatError(
        f"{item.at_span(second).where}: span {first + 1} ({before.start}-{before.end} "
        f"{before.label}) and span {second + 1} ({after.start}-{after.end} {after.label}) "
        f"overlap; {rules.NO_OVERLAP}"
    )
