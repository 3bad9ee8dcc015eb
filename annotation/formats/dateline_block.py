"""Dateline's own block in a peer tool's record (doccano's top-level `dateline` key, Label
Studio's `data.dateline`): calendar values, notes and events, read onto the record's spans, and
the events written.

Both formats carry the block the same way; only where it sits (`prefix`, for messages) and how a
span is found (`find`: doccano's entities, Label Studio's accepted regions) differ.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import replace
from typing import Any

from annotation.formats.base import DocumentData, FormatError
from annotation.formats.records import Events
from annotation.model import Event, NewSpan, Span, ValueOrigin

#: The index of the span [start, end) labelled `label` among the record's spans; raises a
#: FormatError naming `where` when the record has none.
SpanFinder = Callable[[list[NewSpan], Any, Any, Any, str], int]
Relations = list[tuple[int, int, str]]


def with_values_and_notes(
    block: dict[str, Any], spans: list[NewSpan], find: SpanFinder, prefix: str
) -> list[NewSpan]:
    """The spans with the calendar values (an analyst's) and notes the block lists."""
    spans = list(spans)
    for key in ("values", "notes"):
        items = block.get(key) or []
        if not isinstance(items, list):
            raise FormatError(f"{prefix}.{key} must be a list")
        for number, item in enumerate(items, 1):
            where = f"{prefix}.{key} {number}"
            if not isinstance(item, list) or len(item) != 4 or not isinstance(item[3], str):
                raise FormatError(f"{where}: expected [start, end, label, text], got {item!r}")
            index = find(spans, item[0], item[1], item[2], where)
            if key == "values":
                spans[index] = replace(
                    spans[index], value=item[3], value_origin=ValueOrigin.ANALYST
                )
            else:
                spans[index] = replace(spans[index], note=item[3])
    return spans


def events(
    block: dict[str, Any],
    spans: list[NewSpan],
    relations: Relations,
    find: SpanFinder,
    prefix: str,
) -> tuple[Events, Relations]:
    """The events the block lists, and the relations left once their role relations are out
    (a peer without events shows an event's roles as relations from the trigger)."""
    items = block.get("events") or []
    if not isinstance(items, list):
        raise FormatError(f"{prefix}.events must be a list")
    found: Events = []
    taken: set[tuple[int, int, str]] = set()
    for n, item in enumerate(items, 1):
        where = f"{prefix}.events {n}"
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise FormatError(f"{where}: needs a type and a trigger")
        trigger = item.get("trigger")
        if not isinstance(trigger, list) or len(trigger) != 2:
            raise FormatError(f"{where}: trigger must be [start, end]")
        trigger_index = find(spans, trigger[0], trigger[1], item["type"], f"{where} trigger")
        arguments = []
        for m, argument in enumerate(item.get("arguments") or [], 1):
            if not isinstance(argument, list) or len(argument) != 4:
                raise FormatError(f"{where} argument {m}: expected [role, start, end, label]")
            role = argument[0]
            if not isinstance(role, str):
                raise FormatError(f"{where} argument {m}: the role must be a string")
            index = find(spans, argument[1], argument[2], argument[3], f"{where} argument {m}")
            arguments.append((role, index))
            taken.add((trigger_index, index, role))
        attributes = item.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise FormatError(f"{where}: attributes must be an object")
        found.append((item["type"], trigger_index, tuple(arguments), attributes))
    return found, [relation for relation in relations if relation not in taken]


def event_entries(
    data: DocumentData,
    events: Iterable[Event],
    listed: Container[int],
    link: Callable[[Span, Span, str], None],
) -> list[dict[str, Any]]:
    """The block's `events`: each event's type, trigger and attributes, and its arguments on
    the record's `listed` spans; `link(trigger, span, role)` is told of each argument (the
    record shows it as a relation from the trigger, for a peer without events)."""
    by_id = data.span_index()
    entries = []
    for event in events:
        trigger = by_id[event.trigger]
        arguments = []
        for argument in data.arguments_of(event.id):
            span = by_id.get(argument.span)
            if span is None or span.id not in listed:
                continue
            link(trigger, span, argument.role)
            arguments.append([argument.role, span.start, span.end, span.label])
        entries.append(
            {
                "type": event.type,
                "trigger": [trigger.start, trigger.end],
                "arguments": arguments,
                "attributes": event.attributes,
            }
        )
    return entries
