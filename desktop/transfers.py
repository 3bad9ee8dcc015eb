"""Import and export as background tasks: each opens its own connection to the project file.

They run on a worker thread (`Workers.start`); the window picks up what they wrote through
`Session.refresh`. Functions return plain summaries for the status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from annotation.session import Session
from desktop.dialogs import (
    Confirm,
    ExportDialog,
    ExportRequest,
    ImportDialog,
    ImportRequest,
    Message,
)
from desktop.workers import Progress, Workers

if TYPE_CHECKING:
    from annotation.formats.registry import Format


def import_formats() -> tuple[Format, ...]:
    from annotation.formats import registry

    return registry.readable()


def export_formats() -> tuple[Format, ...]:
    from annotation.formats import registry

    return registry.writable()


@dataclass(frozen=True)
class ImportSummary:
    text: str
    documents: int
    errors: tuple[str, ...]


def import_files(
    project: Path,
    paths: Sequence[Path],
    fmt: str | None,
    encoding: str | None,
    add_labels: bool,
    annotator: str | None,
    *,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> ImportSummary:
    """Import files into the project (each file all or nothing)."""
    from annotation.formats.base import FormatError
    from annotation.importer import import_paths

    session = Session.open(project, annotator=annotator, create=False)
    try:
        try:
            report = import_paths(
                session,
                paths,
                fmt=fmt,
                encoding=encoding,
                add_labels=add_labels,
                progress=lambda done, total, name: progress(done, total, Path(name).name),
            )
        except FormatError as exc:
            return ImportSummary(f"Nothing imported: {exc}", 0, (str(exc),))
    finally:
        session.close()
    text = f"Imported {report.documents} articles ({report.spans} spans) from {report.files} files"
    if report.duplicates:
        text += f"; {report.duplicates} already in the project"
    if report.new_labels:
        text += f"; new labels: {', '.join(report.new_labels)}"
    if report.errors:
        text += f"; {len(report.errors)} files refused"
    if report.not_tried:
        text += f"; stopped before {len(report.not_tried)} more files"
    return ImportSummary(text, report.documents, tuple(report.errors))


@dataclass(frozen=True)
class ExportSummary:
    text: str
    #: what was left out or included unreviewed, and spans the format could not hold whole
    notes: tuple[str, ...] = ()


#: how the window says --all-documents
ALL_DOCUMENTS_HINT = "'Also articles nobody marked done' in the Export dialog"


def export_corpus(
    project: Path, request: ExportRequest, *, progress: Progress, cancelled: Callable[[], bool]
) -> ExportSummary:
    """Write the corpus as asked (atomically: a failure leaves no half-written file)."""
    from annotation.exporter import ExportOptions, document_notes, export, span_note
    from annotation.team.basis import export_basis

    options = ExportOptions(
        only_done=request.only_done,
        all_documents=request.all_documents,
        include_suggestions=request.include_suggestions,
        include_rejected=request.include_rejected,
        force=request.replace,
    )
    session = Session.open(project, create=False)
    try:
        report = export(
            session.store,
            session.schema,
            request.path,
            request.fmt,
            options,
            lambda done, total: progress(done, total, "Exporting"),
        )
        basis = export_basis(session.store, report.done_only)
    finally:
        session.close()
    text = f"Exported {report.documents} articles as {report.format} to {request.path}"
    notes = document_notes(report, include_hint=ALL_DOCUMENTS_HINT)
    if notes:
        text += " (" + "; ".join(f"{note.split(' (')[0]}" for note in notes) + ")"
    header = span_note(report)
    if header is not None:
        text += f"; {len(report.left_out)} spans do not cover whole tokens"
        listed = [str(issue) for issue in report.left_out[:20]]
        if len(report.left_out) > 20:
            listed.append(f"... and {len(report.left_out) - 20} more")
        notes.append(
            header.replace(" (--strict makes this an error)", "") + "\n" + "\n".join(listed)
        )
    if basis is not None:
        text = f"{text}. {basis.describe()}"
    return ExportSummary(text, tuple(notes))


@dataclass(eq=False)  # a QObject: equal only to itself, hashable (signals connect to it)
class Transfers(QObject):
    """File ▸ Import and Export: ask, run in the background, report."""

    notice_posted = Signal(str, bool)
    #: an import wrote to the project: the window picks it up
    imported = Signal()

    window: QWidget
    workers: Workers
    project: Callable[[], Path | None]
    annotator: Callable[[], str]

    def __post_init__(self) -> None:
        super().__init__(self.window)

    def ask_import(self, folder: bool) -> None:
        request = ImportDialog.ask(self.window, import_formats(), folder)
        if request is not None:
            self.start_import(request, "Importing")

    def start_import(self, request: ImportRequest, name: str) -> None:
        project = self.project()
        if project is None:
            return
        self.workers.start(
            name,
            import_files,
            project,
            request.paths,
            request.fmt,
            request.encoding,
            request.add_labels,
            self.annotator(),
            on_done=self._on_import_done,
            on_failed=lambda message: self.notice_posted.emit(message, True),
        )

    def _on_import_done(self, report: ImportSummary) -> None:
        self.imported.emit()
        self.notice_posted.emit(report.text, bool(report.errors))
        if report.errors:
            Message.ask(
                self.window, "Some files were not imported", "\n\n".join(report.errors[:20])
            )

    def ask_export(self) -> None:
        project = self.project()
        if project is None:
            return
        request = ExportDialog.ask(self.window, export_formats(), project.parent)
        if request is None:
            return
        request = self._confirmed(request, project)
        if request is None:
            return
        self.workers.start(
            "Exporting",
            export_corpus,
            project,
            request,
            on_done=self._on_export_done,
            on_failed=lambda message: self.notice_posted.emit(message, True),
        )

    def _on_export_done(self, summary: ExportSummary) -> None:
        self.notice_posted.emit(summary.text, False)
        if summary.notes:  # as Prodigy and INCEpTION do before training data is used
            Message.ask(self.window, "What the export holds", "\n\n".join(summary.notes))

    def _confirmed(self, request: ExportRequest, project: Path) -> ExportRequest | None:
        """The request if its output may be written: never the project, and a file or folder
        already there only when the analyst agrees to replace it."""
        from annotation.formats.base import FormatError
        from annotation.formats.files import check_output

        try:
            check_output(request.path, [project], folder=request.fmt == "brat")
        except FormatError as exc:
            Message.ask(self.window, "Cannot export there", str(exc))
            return None
        if not request.path.exists():
            return request
        what = "folder" if request.path.is_dir() else "file"
        if not Confirm.ask(
            self.window,
            f"Replace the {what}?",
            f"{request.path} already exists. Replace it with the export?",
        ):
            return None
        return replace(request, replace=True)
