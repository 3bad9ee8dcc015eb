"""What goes with a span that is deleted or rejected, and with a deleted event."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotation.commands.base import Tx


def drop_links(tx: Tx, span_id: int) -> None:
    """Remove what hangs on a span: the events it triggers (with their arguments), the roles it
    fills and the relations it is an end of.

    A deleted span takes its links with it, and so does a rejected one: a span judged not to be
    an entity (or not a trigger) cannot fill a role or end a relation (ADR 0006).
    """
    store = tx.store
    for event in store.rows("event", "trigger = ?", [span_id]):
        remove_event(tx, event["id"])
    for argument in store.rows("argument", "span = ?", [span_id]):
        tx.delete("argument", argument["id"])
    for relation in store.rows("relation", "head = ? OR child = ?", [span_id, span_id]):
        tx.delete("relation", relation["id"])


def remove_event(tx: Tx, event_id: int) -> None:
    """Delete an event and its arguments (the trigger span stays)."""
    row = tx.row("event", event_id, "event")
    for argument in tx.store.rows("argument", "event_id = ?", [event_id]):
        tx.delete("argument", argument["id"])
    tx.delete("event", event_id)
    tx.touch(row["document_id"])
