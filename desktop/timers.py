"""A QTimer set up in one call: the window's deferred and periodic work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def timer(
    parent: QObject, interval_ms: int, slot: Callable[[], object], *, single: bool = False
) -> QTimer:
    """A stopped timer calling `slot`; `single`: once per `start()` (with 0 ms: in the event
    loop's next turn, after what is pending)."""
    made = QTimer(parent)
    made.setSingleShot(single)
    made.setInterval(interval_ms)
    made.timeout.connect(slot)
    return made
