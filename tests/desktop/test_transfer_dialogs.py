"""The Import and Export dialogs offer what the format registry holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotation.formats import registry
from desktop.dialogs import ExportDialog, ExportRequest, ImportDialog


def test_export_dialog_names_the_file_and_offers_the_options_of_each_format(
    qtbot: Any, tmp_path: Path
) -> None:
    dialog = ExportDialog(None, registry.writable(), tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.path.text() == str(tmp_path / "dateline.jsonl")
    seen = {}
    for index in range(dialog.format.count()):
        dialog.format.setCurrentIndex(index)
        seen[dialog.format.currentData()] = (
            Path(dialog.path.text()).name,
            dialog.suggestions.isEnabled(),
            dialog.rejected.isEnabled(),
            dialog.only_done.isEnabled(),
            dialog.all_documents.isEnabled(),
        )
    # training formats hold documents marked done unless the analyst asks for all
    assert seen == {
        "jsonl": ("dateline.jsonl", True, True, False, True),
        "doccano": ("dateline.doccano.jsonl", False, False, True, False),
        "spacy": ("dateline.spacy", False, True, False, True),
        "conll": ("dateline.conll", False, False, False, True),
        "brat": ("dateline", False, False, True, False),
        "labelstudio": ("dateline.labelstudio.json", False, False, True, False),
    }
    dialog.format.setCurrentIndex(dialog.format.findData("spacy"))
    dialog.rejected.setChecked(True)
    assert dialog.result_request() == ExportRequest(
        tmp_path / "dateline.spacy", "spacy", include_rejected=True
    )
    dialog.all_documents.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))  # not training data: all go
    assert not dialog.all_documents.isChecked()


def test_import_dialog_offers_every_readable_format_and_its_files(qtbot: Any) -> None:
    dialog = ImportDialog(None, registry.readable(), folder=False)
    qtbot.addWidget(dialog)
    names = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert names == [None, *registry.names(registry.readable())]  # None: guess from the suffix
    assert dialog._filter == (
        "Articles (*.txt *.text *.jsonl *.ndjson *.html *.htm *.spacy *.conll *.iob *.ann "
        "*.json);;All files (*)"
    )
