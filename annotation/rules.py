"""The rules every way into a project obeys, said once: an analyst's edit (`commands`), an import
(`import_checks`), a suggestion batch (`suggest.saving`) and what a view offers (`links`).

Plain functions of labels, offsets and statuses (no store, no SQL). A refusal is worded here, so
an edit and an import refused for one reason say the same thing (the caller adds where: the span,
or the file and line).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from annotation.model import DocStatus, Span, SpanStatus
from annotation.schema import RelationType, Role, Schema

#: The statuses of an article still to do (the window's "To do" list, the next article).
TODO: tuple[DocStatus, ...] = (DocStatus.NEW, DocStatus.IN_PROGRESS)

#: Why two accepted spans of one layer may not overlap (the tail of every overlap refusal).
NO_OVERLAP = "the schema does not allow overlapping spans"

# -- overlap within a layer ---------------------------------------------------------------------


def same_layer(schema: Schema, label: str, other: str) -> bool:
    """Whether spans with these labels are of one layer: entities, or event triggers (a
    trigger may sit inside an entity, ADR 0002)."""
    return schema.is_trigger(label) == schema.is_trigger(other)


class Layers:
    """Accepted spans by layer, to find where another accepted span would clash.

    `items` are whatever the caller wants back for a clash (a span, a row number).
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._taken: dict[bool, list[tuple[int, int, object]]] = {False: [], True: []}

    def add(self, start: int, end: int, label: str, item: object = None) -> None:
        self._taken[self.schema.is_trigger(label)].append((start, end, item))

    def clash(self, start: int, end: int, label: str) -> tuple[int, int, object] | None:
        """The first taken span of `label`'s layer overlapping [start, end), or None (always
        None when the schema allows overlaps)."""
        if self.schema.allow_overlap:
            return None
        for taken in self._taken[self.schema.is_trigger(label)]:
            if taken[0] < end and start < taken[1]:
                return taken
        return None


def clashing(schema: Schema, label: str, overlapping: Iterable[Span]) -> list[Span]:
    """Which of the spans overlapping a new `label` span are of its layer (none when the
    schema allows overlaps): an accepted one refuses it, a suggestion gives way."""
    if schema.allow_overlap:
        return []
    return [span for span in overlapping if same_layer(schema, label, span.label)]


def first_overlap(schema: Schema, spans: Sequence[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The indexes (in `spans`) of the first two spans of one layer that overlap, or None.

    `spans` are (start, end, label) of accepted spans, as one document brings them.
    """
    if schema.allow_overlap:
        return None
    layers: dict[bool, list[tuple[int, int, int]]] = {False: [], True: []}
    for index, (start, end, label) in enumerate(spans):
        layers[schema.is_trigger(label)].append((start, end, index))
    for found in layers.values():
        found.sort()
        for before, after in pairwise(found):
            if after[0] < before[1]:
                return before[2], after[2]
    return None


# -- links: relations and event roles -----------------------------------------------------------


def relation_refusal(relation: RelationType, head: str, child: str) -> str | None:
    """Why a relation of this type may not link a span labelled `head` to one labelled
    `child`, or None when it may."""
    if relation.accepts(head, child):
        return None
    return (
        f"{relation.name} does not link {head} to {child} "
        f"(head: {', '.join(sorted(relation.head)) or 'any'}; "
        f"child: {', '.join(sorted(relation.child)) or 'any'})"
    )


def role_refusal(event_type: str, role: Role, label: str) -> str | None:
    """Why a span labelled `label` may not fill this role of an event type, or None."""
    if role.accepts(label):
        return None
    return f"the {role.name} of {event_type} accepts {', '.join(sorted(role.labels))}, not {label}"


#: A relation's ends are two spans (an analyst cannot draw a relation from a span to itself).
SELF_RELATION = "a relation links two different spans"
#: A trigger names its event; it does not fill one of its roles.
TRIGGER_AS_ARGUMENT = "the trigger cannot also be an argument of its event"


def rejected_link(span: str) -> str:
    """Why a rejected span may not be linked: rejecting a span drops its links (ADR 0006)."""
    return f"{span} is rejected, and a rejected span has no relations, roles or events"


def duplicate_relation(label: str) -> str:
    return f"that {label} relation already exists"


def duplicate_argument(role: str) -> str:
    return f"that span is already the {role} of this event"


def second_event(event_type: str) -> str:
    """Why a span that triggers an event may not trigger another: one trigger, one event."""
    return f"that span already triggers a {event_type} event"


def single_role(event_type: str, role: str) -> str:
    """Why a role that does not repeat may not take a second span (an import; the editor
    replaces the span that filled it)."""
    return f"the {role} of {event_type} takes one span"


def may_link(status: SpanStatus) -> bool:
    """Whether a span in this state may end a relation, fill a role or trigger an event."""
    return status is not SpanStatus.REJECTED
