"""Dialogs: each exposes `ask(...) -> Result | None` with a frozen result (tests patch `ask`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotation import __version__

if TYPE_CHECKING:
    from annotation.formats.registry import Format

PROJECT_FILTER = "Dateline projects (*.db);;All files (*)"


@dataclass(frozen=True)
class ImportRequest:
    paths: tuple[Path, ...]
    fmt: str | None = None
    encoding: str | None = None
    add_labels: bool = False


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    fmt: str
    only_done: bool = False
    include_suggestions: bool = False
    include_rejected: bool = False
    #: training formats: also articles nobody marked done
    all_documents: bool = False
    #: the analyst agreed to replace what is at `path` (a brat folder needs it said)
    replace: bool = False


def ok_cancel(dialog: QDialog, ok_text: str | None = None) -> QDialogButtonBox:
    """OK (named for what it does, when `ok_text` is given) and Cancel, closing `dialog`."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    if ok_text is not None:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _lay_out(
    dialog: QDialog, form: QFormLayout, ok_text: str, width: int, note: QWidget | None = None
) -> None:
    """The form, a note under it, then OK named `ok_text` and Cancel; `width` wide and as tall
    as it needs."""
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    if note is not None:
        layout.addWidget(note)
    layout.addWidget(ok_cancel(dialog, ok_text))
    dialog.resize(width, dialog.sizeHint().height())


class ProjectDialog:
    """Choose a project file to open or create."""

    @staticmethod
    def ask_open(parent: QWidget | None, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Open project", str(folder), PROJECT_FILTER)
        return Path(name) if name else None

    @staticmethod
    def ask_new(parent: QWidget | None, folder: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, "New project", str(folder / "project.db"), PROJECT_FILTER
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".db")


class ImportDialog(QDialog):
    """Files or a folder to import, and how to read them."""

    def __init__(self, parent: QWidget | None, formats: Sequence[Format], folder: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import articles")
        self.paths = QLineEdit()
        self.paths.setPlaceholderText("Files or a folder (separate several files with ;)")
        browse_files = QPushButton("Files…")
        browse_folder = QPushButton("Folder…")
        self.format = QComboBox()
        self.format.addItem("From the file suffix", None)
        for entry in formats:
            self.format.addItem(entry.name, entry.name)
        suffixes = dict.fromkeys(suffix for entry in formats for suffix in entry.suffixes)
        self._filter = f"Articles ({' '.join('*' + suffix for suffix in suffixes)});;All files (*)"
        self.encoding = QLineEdit()
        self.encoding.setPlaceholderText("UTF-8 (or a BOM) unless named, e.g. cp1252")
        self.add_labels = QCheckBox("Add labels the schema lacks (instead of refusing the file)")
        note = QLabel(
            "Each file is imported whole or not at all; problems are listed with file and line."
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.paths, 1)
        row.addWidget(browse_files)
        row.addWidget(browse_folder)
        form = QFormLayout()
        form.addRow("Import", row)
        form.addRow("Format", self.format)
        form.addRow("Encoding", self.encoding)
        form.addRow("", self.add_labels)
        _lay_out(self, form, "Import", 620, note)
        browse_files.clicked.connect(self._browse_files)
        browse_folder.clicked.connect(self._browse_folder)
        self._start_with_folder = folder

    def _browse_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Import files",
            "",
            self._filter,
        )
        if names:
            self.paths.setText(";".join(names))

    def _browse_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a folder")
        if name:
            self.paths.setText(name)

    def result_request(self) -> ImportRequest | None:
        paths = tuple(Path(part.strip()) for part in self.paths.text().split(";") if part.strip())
        if not paths:
            return None
        return ImportRequest(
            paths,
            self.format.currentData(),
            self.encoding.text().strip() or None,
            self.add_labels.isChecked(),
        )

    @staticmethod
    def ask(
        parent: QWidget | None, formats: Sequence[Format], folder: bool = False
    ) -> ImportRequest | None:
        dialog = ImportDialog(parent, formats, folder)
        if folder:
            dialog._browse_folder()
        else:
            dialog._browse_files()
        if not dialog.paths.text():
            return None
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_request()


class ExportDialog(QDialog):
    """Where and how to write the corpus."""

    def __init__(self, parent: QWidget | None, formats: Sequence[Format], folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format = QComboBox()
        self.formats = {entry.name: entry for entry in formats}
        for entry in formats:
            self.format.addItem(entry.name, entry.name)
        self.path = QLineEdit(str(folder / formats[0].default_output))
        browse = QPushButton("Browse…")
        self.only_done = QCheckBox("Only articles marked done")
        self.all_documents = QCheckBox(
            "Also articles nobody marked done (training formats leave them out)"
        )
        self.suggestions = QCheckBox("Include open suggestions (with status and origin)")
        self.rejected = QCheckBox("Include rejected suggestions (negative evidence)")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Write to", row)
        form.addRow("", self.only_done)
        form.addRow("", self.all_documents)
        form.addRow("", self.suggestions)
        form.addRow("", self.rejected)
        _lay_out(self, form, "Export", 560)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        browse.clicked.connect(self._browse)
        self._on_format_changed()

    def _on_format_changed(self) -> None:
        entry = self.formats[self.format.currentData()]
        path = Path(self.path.text() or entry.default_output)
        stem = path.name.split(".")[0] or "dateline"
        self.path.setText(str(path.with_name(stem + entry.output_suffix)))
        self.suggestions.setEnabled(entry.keeps_status)
        self.rejected.setEnabled(entry.keeps_rejected)
        # Training data holds only articles marked done unless the analyst asks for the rest.
        self.only_done.setEnabled(not entry.training)
        self.all_documents.setEnabled(entry.training)
        if entry.training:
            self.only_done.setChecked(False)
        else:
            self.all_documents.setChecked(False)
        if not self.suggestions.isEnabled():
            self.suggestions.setChecked(False)
        if not self.rejected.isEnabled():
            self.rejected.setChecked(False)

    def _browse(self) -> None:
        if self.formats[self.format.currentData()].folder:
            name = QFileDialog.getExistingDirectory(self, "Export to a folder", self.path.text())
        else:
            name, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if name:
            self.path.setText(name)

    def result_request(self) -> ExportRequest | None:
        text = self.path.text().strip()
        if not text:
            return None
        return ExportRequest(
            Path(text),
            self.format.currentData(),
            self.only_done.isChecked(),
            self.suggestions.isChecked(),
            self.rejected.isChecked(),
            self.all_documents.isChecked(),
        )

    @staticmethod
    def ask(
        parent: QWidget | None, formats: Sequence[Format], folder: Path
    ) -> ExportRequest | None:
        dialog = ExportDialog(parent, formats, folder)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_request()


class TextDialog:
    """One line of text (annotator name, pipeline name, a calendar value)."""

    @staticmethod
    def ask(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None


class Message:
    """A message the analyst must see (a project that cannot be opened)."""

    @staticmethod
    def ask(parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names and document text as written
        box.exec()


class Confirm:
    """A yes-or-no question before something is replaced; No is the default."""

    @staticmethod
    def ask(parent: QWidget | None, title: str, text: str) -> bool:
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        return QMessageBox.question(parent, title, text, yes | no, no) == yes


class About:
    """Help ▸ About: the version, the open project and the pipeline."""

    @staticmethod
    def show(parent: QWidget | None, project: Path | None, pipeline: str) -> None:
        QMessageBox.about(
            parent,
            "About Dateline",
            f"<b>Dateline {__version__}</b><p>Annotate news with entities, calendar-resolved"
            " dates and events. Every edit is saved at once; undo survives restarts.</p>"
            f"<p>Project: {escape(str(project or 'none'))}</p><p>{escape(pipeline)}</p>",
        )


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: every key and mouse gesture, grouped as in the menus."""

    def __init__(
        self, parent: QWidget | None, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts and mouse")
        self.table = QTableWidget()
        self.table.setObjectName("shortcuts")
        self.table.setColumnCount(2)
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        rows: list[tuple[str, str, bool]] = []
        for title, entries in groups:
            rows.append((title, "", True))
            rows.extend((keys, what, False) for keys, what in entries)
        self.table.setRowCount(len(rows))
        for row, (keys, what, heading) in enumerate(rows):
            first = QTableWidgetItem(keys)
            second = QTableWidgetItem(what)
            if heading:
                font = first.font()
                font.setBold(True)
                first.setFont(font)
                first.setBackground(self.palette().alternateBase())
                second.setBackground(self.palette().alternateBase())
            self.table.setItem(row, 0, first)
            self.table.setItem(row, 1, second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(row, 0).text(), self.table.item(row, 1).text())
            for row in range(self.table.rowCount())
        ]
