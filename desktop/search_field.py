"""A search box in one call: the docks' find and filter fields."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit


def search_field(name: str, placeholder: str) -> QLineEdit:
    """An empty field saying what it finds, with a button that clears it."""
    field = QLineEdit()
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    return field
