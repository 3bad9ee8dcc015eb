"""Several commands as one undo step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotation.commands.base import Command, Tx
from annotation.store import Store


@dataclass(frozen=True)
class Compound(Command):
    """Several commands as one undo step."""

    commands: Sequence[Command]
    description: str

    def document_id(self, store: Store) -> int | None:
        return self.commands[0].document_id(store) if self.commands else None

    def describe(self, store: Store) -> str:
        return self.description

    def run(self, tx: Tx) -> None:
        for command in self.commands:
            command.run(tx)
