"""A spaCy component that holds a document until the test lets it go: faults at a known moment.

Imported by each Dask worker of the tests as it starts (a worker preload), so that pipelines
saved with it load there. On a document containing `HOLD`, the component writes
`held-<pid>` into its folder and waits until `released` appears; once released it lets every
document through. A test kills that process (a worker killed mid-chunk) or the client while a
chunk is held (a run interrupted mid-way), then releases.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

HOLD = "HOLD"


class Gate:
    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def __call__(self, doc: Doc) -> Doc:
        released = self.folder / "released"
        if HOLD in doc.text and not released.exists():
            (self.folder / f"held-{os.getpid()}").touch()
            while not released.exists():
                time.sleep(0.02)
        return doc


@Language.factory("dateline_test_gate", default_config={"folder": ""})
def make_gate(nlp: Language, name: str, folder: str) -> Any:
    return Gate(folder)


def held(folder: Path) -> list[int]:
    """The pids of the processes holding a document."""
    return [int(path.name.removeprefix("held-")) for path in folder.glob("held-*")]


def release(folder: Path) -> None:
    (folder / "released").touch()
