"""Edits as command objects.

A command checks an edit against the schema and the stored state, then writes it through a `Tx`,
which records every row it touches. The recorded row operations are the edit's exact inverse:
undo applies them backwards, redo forwards, and both are stored in the edit log so history
survives a restart. Compound edits (a cascading delete, marking a document done) are one command
and so one undo step.

`base.py` holds `Tx` (reads and recorded writes, no rules) and `Command`; `steps.py` the steps
several commands share (making room for an accepted span, what goes with a deleted or rejected
span), applying `annotation.rules`; `spans.py`, `documents.py`, `relations.py` and `events.py` the
commands on each; `entities.py` the entity registry; `regions.py` marks what is not part of the
article; `occurrences.py` decides every occurrence of a text at once; `compound.py` several
commands as one step. Import from here.
"""

from annotation.commands.base import Command, CommandError, SpanCommand, Tx
from annotation.commands.compound import Compound
from annotation.commands.documents import MarkDone, SetDocumentMeta, SetDocumentStatus
from annotation.commands.entities import (
    CreateEntity,
    EditEntity,
    LinkSpan,
    MergeEntities,
    SplitEntity,
)
from annotation.commands.events import (
    AddArgument,
    AddEvent,
    RemoveArgument,
    RemoveEvent,
    SetEventAttributes,
)
from annotation.commands.occurrences import DecideAll, occurrences
from annotation.commands.regions import ExcludeRegion, IncludeRegion
from annotation.commands.relations import AddRelation, RemoveRelation
from annotation.commands.spans import (
    Accept,
    AddSpan,
    Discard,
    Reject,
    Relabel,
    RemoveSpan,
    Resize,
    SetNote,
    SetValue,
)
from annotation.commands.steps import drop_links

__all__ = [
    "Accept",
    "AddArgument",
    "AddEvent",
    "AddRelation",
    "AddSpan",
    "Command",
    "CommandError",
    "Compound",
    "CreateEntity",
    "DecideAll",
    "Discard",
    "EditEntity",
    "ExcludeRegion",
    "IncludeRegion",
    "LinkSpan",
    "MarkDone",
    "MergeEntities",
    "Reject",
    "Relabel",
    "RemoveArgument",
    "RemoveEvent",
    "RemoveRelation",
    "RemoveSpan",
    "Resize",
    "SetDocumentMeta",
    "SetDocumentStatus",
    "SetEventAttributes",
    "SetNote",
    "SetValue",
    "SpanCommand",
    "SplitEntity",
    "Tx",
    "drop_links",
    "occurrences",
]
