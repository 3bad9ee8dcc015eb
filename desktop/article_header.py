"""The line above the article: title; source · publication date (editable) · URL; progress."""

from __future__ import annotations

from collections import Counter
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from annotation.model import Document, SpanStatus
from desktop.formatting import DOC_STATUS_WORDS, plain, plain_tip


class ArticleHeader(QWidget):
    """Shows the open document's metadata; the publication date can be typed over."""

    published_edited = Signal(str)
    #: Enter in the date field: give the article the keyboard back
    done_editing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article_header")
        self.title = plain(QLabel())
        self.title.setObjectName("article_title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.source = plain(QLabel())
        self.source.setObjectName("article_source")
        self.published = QLineEdit()
        self.published.setObjectName("article_published")
        self.published.setPlaceholderText("publication date (YYYY-MM-DD)")
        self.published.setToolTip(
            "Publication date: calendar values of DATE and TIME spans are resolved against it."
            " Type another (YYYY-MM-DD or an ISO datetime) and press Enter."
        )
        self.published.setFrame(False)
        self.published.textChanged.connect(self._fit_published)
        self.inferred = QLabel()
        self.inferred.setObjectName("article_published_inferred")
        self.url = QLabel()
        self.url.setObjectName("article_url")
        self.url.setOpenExternalLinks(True)
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        # a long URL gives way (clipped) rather than widening the window
        self.url.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status = QLabel()
        self.status.setObjectName("article_status")
        self.counts = QLabel()
        self.counts.setObjectName("article_counts")

        meta = QHBoxLayout()
        meta.setContentsMargins(0, 0, 0, 0)
        meta.setSpacing(6)
        meta.addWidget(self.source)
        meta.addWidget(_dot())
        meta.addWidget(self.published)
        meta.addWidget(self.inferred)
        meta.addWidget(_dot())
        meta.addWidget(self.url, 1)
        meta.addWidget(self.counts)
        meta.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 10, 12, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(meta)
        self._document: Document | None = None
        self.published.editingFinished.connect(self._on_published_editing_finished)
        self.published.returnPressed.connect(self.done_editing)
        self.show_document(None)

    def show_document(
        self, document: Document | None, counts: Counter[SpanStatus] | None = None
    ) -> None:
        self._document = document
        enabled = document is not None
        self.published.setEnabled(enabled)
        if document is None:
            self.title.setText("No article open")
            self.source.clear()
            self.published.clear()
            self.inferred.clear()
            self.url.clear()
            self.status.clear()
            self.counts.clear()
            return
        self.title.setText(document.title or f"Document {document.id}")
        self.source.setText(document.source or "unknown source")
        if not self.published.hasFocus():
            self.published.setText(document.published or "")
            self.published.setCursorPosition(0)  # a long timestamp reads from its start
        inferred = document.meta.get("published_inferred")
        if isinstance(inferred, dict) and inferred.get("value") == document.published:
            self.inferred.setText("(inferred)")
            self.inferred.setToolTip(
                plain_tip(
                    f"Inferred from “{inferred.get('evidence', '')}” in the text; type the real"
                    " date if you know it"
                )
            )
        elif document.meta.get("published_missing"):
            self.inferred.setText("(missing: values cannot be computed)")
            self.inferred.setToolTip("")
        else:
            self.inferred.clear()
            self.inferred.setToolTip("")
        if document.url:
            url = escape(document.url, quote=True)
            self.url.setText(f'<a href="{url}">{escape(document.url)}</a>')
        else:
            self.url.setText("no URL")
        self.status.setText(f"<b>{DOC_STATUS_WORDS[document.status]}</b>")
        counts = counts or Counter()
        self.counts.setText(
            f"{counts[SpanStatus.ACCEPTED]} accepted · {counts[SpanStatus.SUGGESTED]} to review ·"
        )

    def _fit_published(self) -> None:
        """As wide as the date it holds (a timestamp with its offset is 25 characters), so it is
        never squeezed to its last characters."""
        shown = self.published.text() or self.published.placeholderText()
        width = self.published.fontMetrics().horizontalAdvance(shown) + 14
        self.published.setFixedWidth(max(width, 90))

    def _on_published_editing_finished(self) -> None:
        document = self._document
        if document is None:
            return
        text = self.published.text().strip()
        if text != (document.published or ""):
            self.published_edited.emit(text)
            # the edit either went through (and show_document has the new date) or was refused
            current = self._document
            self.published.setText(current.published or "" if current is not None else "")


def _dot() -> QLabel:
    dot = QLabel("·")
    dot.setObjectName("separator")
    return dot
