"""K on a span: link it to a registry entity, picked by name or alias as you type (or a new
one, named as typed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotation.model import Entity, name_key
from desktop.dialogs import ok_cancel
from desktop.formatting import quoted


@dataclass(frozen=True)
class LinkChoice:
    """The entity chosen (an id), or the name of a new one to make."""

    entity: int | None
    new_name: str | None = None


def completions(entities: Sequence[Entity]) -> dict[str, int]:
    """What the completer offers: each name, and each alias with the name it stands for."""
    offered: dict[str, int] = {}
    for entity in entities:
        offered.setdefault(entity.name, entity.id)
        for alias in entity.aliases:
            offered.setdefault(f"{alias} → {entity.name}", entity.id)
    return offered


def choose(typed: str, entities: Sequence[Entity]) -> LinkChoice | None:
    """The entity a typed text names (a completion, a name or an alias), else a new one."""
    typed = " ".join(typed.split())
    if not typed:
        return None
    offered = completions(entities)
    if typed in offered:
        return LinkChoice(offered[typed])
    key = name_key(typed)
    for entity in entities:
        if key in {name_key(name) for name in (entity.name, *entity.aliases)}:
            return LinkChoice(entity.id)
    return LinkChoice(None, typed)


class LinkDialog(QDialog):
    """A line with completion over the registry's names and aliases of the span's label."""

    def __init__(
        self,
        parent: QWidget | None,
        span_text: str,
        label: str,
        entities: Sequence[Entity],
        suggested: Entity | None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("link_dialog")
        self.setWindowTitle("Link to entity")
        self.entities = list(entities)
        intro = QLabel(
            f"Link {label} {quoted(span_text)} to an entity: type a name or an alias"
            " (a new name makes a new entity)."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setObjectName("entity_name")
        completer = QCompleter(sorted(completions(self.entities)), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.field.setCompleter(completer)
        self.field.setText(suggested.name if suggested is not None else " ".join(span_text.split()))
        self.field.selectAll()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.field)
        layout.addWidget(ok_cancel(self))
        self.resize(420, self.sizeHint().height())

    def choice(self) -> LinkChoice | None:
        return choose(self.field.text(), self.entities)

    @staticmethod
    def ask(
        parent: QWidget | None,
        span_text: str,
        label: str,
        entities: Sequence[Entity],
        suggested: Entity | None = None,
    ) -> LinkChoice | None:
        dialog = LinkDialog(parent, span_text, label, entities, suggested)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
