"""Models that learn from the analysts: train, score, keep and switch (DESIGN §8).

Nothing here imports spaCy at import time: training itself (`trainer.py`) runs in a child
process started by `process.run_training`, so neither the window nor the CLI's own process
holds spaCy while a model trains. The parts: `corpus.py` (done documents as spaCy Docs, the
split), `trainer.py` (the loop, in the child), `process.py` (the child), `registry.py` (the
models beside a project), `scoring.py` (precision/recall/F1 per label), `switching.py` (use a
model, replace untouched suggestions), `quality.py` (how good suggestions were, from the
analysts' decisions) and `ordering.py` (what to annotate next).
"""

from annotation.training.corpus import Corpus, TrainingError, build_corpus, split
from annotation.training.process import TrainingCancelled, TrainingProgress, run_training
from annotation.training.registry import (
    SavedModel,
    find_model,
    list_models,
    model_for_setting,
    models_folder,
)
from annotation.training.scoring import LabelScore, Scores
from annotation.training.scoring import table as score_table
from annotation.training.switching import ReplaceReport, replace_suggestions, use_model
from annotation.training.trainer import TrainOptions

__all__ = [
    "Corpus",
    "LabelScore",
    "ReplaceReport",
    "SavedModel",
    "Scores",
    "TrainOptions",
    "TrainingCancelled",
    "TrainingError",
    "TrainingProgress",
    "build_corpus",
    "find_model",
    "list_models",
    "model_for_setting",
    "models_folder",
    "replace_suggestions",
    "run_training",
    "score_table",
    "split",
    "use_model",
]
