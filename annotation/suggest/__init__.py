"""The spaCy boundary: load a pipeline, turn texts into suggestions (plain records), store them.

spaCy is imported inside functions only: importing this package costs nothing, so the window opens
before spaCy loads (DESIGN §7). Nothing from spaCy leaves this package except the `Doc` that
`Suggester.parse` returns for the valuer. Decisions are recorded in
docs/adr/0005-suggestion-runs-and-publication-dates.md.

`suggester.py` holds `Suggester` and its records; `loading.py` finds and loads a pipeline (with
the patterns of `ruler_patterns.py` when none is installed); `saving.py` stores a batch;
`project.py` runs a whole project in batches; `cluster.py` runs it on a Dask cluster (the
optional `cluster` extra, imported from there only), `cluster_worker.py` is its part on the
workers. Import from here; patch a name where it is read (for example
`annotation.suggest.loading.DEFAULT_PIPELINES`).
"""

from annotation.suggest.loading import (
    DEFAULT_PIPELINES,
    EXCLUDED,
    INSTALL_HINT,
    PipelineRef,
    choose_pipeline,
    describe_pipeline,
    fallback_suggester,
    installed_pipelines,
    load_suggester,
)
from annotation.suggest.project import Progress, suggest_project
from annotation.suggest.ruler_patterns import fallback_patterns
from annotation.suggest.saving import SaveReport, save_suggestions
from annotation.suggest.suggester import (
    TEMPORAL_LABELS,
    Suggester,
    SuggestError,
    Suggestion,
    clean_bounds,
    meta_origin,
    pipeline_origin,
)

__all__ = [
    "DEFAULT_PIPELINES",
    "EXCLUDED",
    "INSTALL_HINT",
    "TEMPORAL_LABELS",
    "PipelineRef",
    "Progress",
    "SaveReport",
    "SuggestError",
    "Suggester",
    "Suggestion",
    "choose_pipeline",
    "clean_bounds",
    "describe_pipeline",
    "fallback_patterns",
    "fallback_suggester",
    "installed_pipelines",
    "load_suggester",
    "meta_origin",
    "pipeline_origin",
    "save_suggestions",
    "suggest_project",
]
