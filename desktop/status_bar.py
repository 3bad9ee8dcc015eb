"""The status bar: messages, background progress, the pipeline, the annotator, "saved"."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from desktop.formatting import plain, plain_tip

NOTICE_MS = 6000
ERROR_MS = 12000


class StatusBar(QStatusBar):
    """What the window is doing and whether work is safe."""

    annotator_clicked = Signal()
    pipeline_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_bar")
        self.activity = plain(QLabel())
        self.activity.setObjectName("activity")
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.pipeline = QToolButton()
        self.pipeline.setObjectName("pipeline_state")
        self.pipeline.setAutoRaise(True)
        self.pipeline.setToolTip("The spaCy pipeline that makes suggestions (click to choose)")
        self.annotator = QToolButton()
        self.annotator.setObjectName("annotator")
        self.annotator.setAutoRaise(True)
        self.annotator.setToolTip("Who is annotating (click to change)")
        self.saved = QLabel()
        self.saved.setObjectName("saved")
        for widget in (self.activity, self.progress, self.pipeline, self.annotator, self.saved):
            self.addPermanentWidget(widget)
        self.progress.hide()
        self.annotator.clicked.connect(self.annotator_clicked)
        self.pipeline.clicked.connect(self.pipeline_clicked)
        self.last_notice: tuple[str, bool] = ("", False)
        self._hint: tuple[str, str] | None = None

    def show_notice(self, text: str, error: bool = False) -> None:
        """A transient message; refusals and errors stay longer and in the error colour."""
        self.last_notice = (" ".join(text.split()), error)
        prefix = "⚠ " if error else ""
        self.showMessage(prefix + self.last_notice[0], ERROR_MS if error else NOTICE_MS)

    def show_hint(self, key: str, text: str) -> None:
        """An instruction that holds until `end_hint(key)` (or another message replaces it)."""
        self.last_notice = (text, False)
        self._hint = (key, text)
        self.showMessage(text)

    def end_hint(self, key: str) -> None:
        """The state the hint was about is over: take it away if it is still shown."""
        if self._hint is not None and self._hint[0] == key:
            if self.currentMessage() == self._hint[1]:
                self.clearMessage()
            self._hint = None

    def set_pipeline(self, state: str, message: str) -> None:
        icons = {"loading": "⏳", "ready": "●", "failed": "⚠", "idle": "○"}
        short = {
            "loading": "Loading spaCy…",
            "ready": "spaCy ready",
            "failed": "spaCy failed",
            "idle": "spaCy not loaded",
        }[state]
        self.pipeline.setText(f"{icons.get(state, '')} {short}")
        self.pipeline.setToolTip(plain_tip(message))

    def set_activity(self, summary: str, done: int, total: int) -> None:
        if not summary:
            self.activity.clear()
            self.progress.hide()
            return
        self.activity.setText(summary)
        self.progress.setRange(0, max(total, 0))
        if total:
            self.progress.setValue(done)
        self.progress.show()

    def set_annotator(self, name: str) -> None:
        self.annotator.setText(f"Annotator: {name}")

    def mark_saved(self, description: str = "") -> None:
        """Shown only after an edit returned from the session (it is committed by then)."""
        time = datetime.now().strftime("%H:%M:%S")
        self.saved.setText("✓ All changes saved")
        tip = f"Last saved at {time}"
        if description:
            tip += f": {description}"
        self.saved.setToolTip(plain_tip(tip))
