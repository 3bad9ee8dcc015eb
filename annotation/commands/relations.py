"""Commands that link two spans with a schema relation, or unlink them."""

from __future__ import annotations

from dataclasses import dataclass

from annotation import rules
from annotation.commands import steps
from annotation.commands.base import Command, CommandError, Tx, document_of
from annotation.commands.spans import Accept
from annotation.model import SpanStatus
from annotation.store import Store


@dataclass(frozen=True)
class AddRelation(Command):
    """Link two spans of one document with a schema relation."""

    head: int
    child: int
    label: str

    def document_id(self, store: Store) -> int | None:
        return document_of(store, "span", self.head)

    def describe(self, store: Store) -> str:
        return f"Add {self.label} relation"

    def run(self, tx: Tx) -> None:
        head, child = tx.span(self.head), tx.span(self.child)
        rtype = tx.schema.relation(self.label)
        if rtype is None:
            known = ", ".join(r.name for r in tx.schema.relations)
            raise CommandError(f"relation {self.label!r} is not in the schema; known: {known}")
        if head.document_id != child.document_id:
            raise CommandError("a relation links two spans of the same document")
        if head.id == child.id:
            raise CommandError(rules.SELF_RELATION)
        refusal = rules.relation_refusal(rtype, head.label, child.label)
        if refusal is not None:
            raise CommandError(refusal)
        if tx.store.has_relation(head.id, child.id, self.label):
            raise CommandError(rules.duplicate_relation(self.label))
        for end in (head, child):
            if end.status is not SpanStatus.ACCEPTED:
                Accept(end.id).run(tx)  # linking a suggestion is judging it (ADR 0006)
        tx.insert(
            "relation",
            {
                "document_id": head.document_id,
                "head": head.id,
                "child": child.id,
                "label": self.label,
            },
        )
        steps.touch(tx, head.document_id)


@dataclass(frozen=True)
class RemoveRelation(Command):
    relation_id: int

    def document_id(self, store: Store) -> int | None:
        return document_of(store, "relation", self.relation_id)

    def describe(self, store: Store) -> str:
        row = store.row("relation", self.relation_id)
        return f"Delete {row['label'] if row else ''} relation".replace("  ", " ")

    def run(self, tx: Tx) -> None:
        row = tx.row("relation", self.relation_id, "relation")
        tx.delete("relation", self.relation_id)
        steps.touch(tx, row["document_id"])
