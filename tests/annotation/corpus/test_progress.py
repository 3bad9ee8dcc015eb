"""The statistics view's figures, and its plots written as PNG and SVG for a small project."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotation.cli import main
from annotation.commands import Accept, AddSpan, MarkDone, Reject, Relabel, SetValue
from annotation.corpus.plots import write_plots
from annotation.corpus.progress import NO_ANALYST, ProjectFigures, project_figures
from annotation.formats.base import FormatError
from annotation.model import DocStatus, NewSpan, SpanStatus
from annotation.session import Session


def _suggest(session: Session, document: int, start: int, end: int, label: str, model: str) -> int:
    new = NewSpan(start, end, label, SpanStatus.SUGGESTED, origin=f"model:{model}")
    span = session.execute(AddSpan(document, new)).added_span
    assert span is not None
    return span


@pytest.fixture
def worked(corpus: Session) -> Session:
    """Two analysts' work: suggestions of two model versions decided, documents done."""
    text = corpus.store.document(3).text
    monday = text.index("Monday")
    mombasa = _suggest(corpus, 3, 0, 7, "GPE", "ner@1")
    port = _suggest(corpus, 3, 8, 12, "GPE", "ner@1")
    day = _suggest(corpus, 3, monday, monday + 6, "DATE", "ner@2")
    workers = _suggest(corpus, 3, 13, 20, "ORG", "ner@2")
    corpus.execute(Accept(mombasa))
    corpus.execute(Reject(port))
    corpus.execute(Relabel(workers, "NORP"))  # accepted after an edit: not right as it came
    corpus.execute(Accept(day))
    corpus.execute(SetValue(day, None))  # an unresolved date
    corpus.execute(MarkDone(3))
    corpus.annotator = "ben"
    corpus.execute(MarkDone(1))
    return corpus


def test_figures_count_done_work_spans_precision_and_values(worked: Session) -> None:
    figures = project_figures(worked.store, worked.schema)
    assert figures.documents[DocStatus.DONE] == 2 and figures.documents[DocStatus.NEW] == 1
    assert [n for _day, n in figures.done_per_day] == [2]
    assert figures.done_per_analyst == [("ana", 1), ("ben", 1)]
    assert figures.spans["GPE"] == {SpanStatus.ACCEPTED: 3, SpanStatus.REJECTED: 1}
    by_model = {(p.model, p.label): p for p in figures.precision}
    assert (by_model[("ner@1", "GPE")].kept, by_model[("ner@1", "GPE")].rejected) == (1, 1)
    assert by_model[("ner@1", "GPE")].precision == 0.5
    assert by_model[("ner@2", "ORG")].edited == 1 and by_model[("ner@2", "ORG")].precision == 0
    assert by_model[("ner@2", "DATE")].precision == 1
    assert figures.values == [("DATE", 0, 1), ("TIME", 0, 0)] and figures.unresolved == 1


def test_a_document_imported_done_counts_without_an_analyst(tmp_path: Path) -> None:
    from annotation.importer import import_paths
    from tests.annotation.corpus.conftest import write_articles

    session = Session.open(tmp_path / "p.db")
    done = {"text": "Filed.", "answer": "accept"}
    import_paths(session, [write_articles(tmp_path / "in.jsonl", [done])])
    figures = project_figures(session.store, session.schema)
    assert figures.done_per_analyst == [(NO_ANALYST, 1)]
    session.close()


def _ink(path: Path) -> tuple[tuple[int, int], float]:
    """An image's size and the share of its pixels that are not background white."""
    from PIL import Image

    with Image.open(path) as image:
        pixels = image.convert("L")
        histogram = pixels.histogram()
        return image.size, 1 - sum(histogram[250:]) / (pixels.width * pixels.height)


def test_plots_are_written_as_png_and_svg(worked: Session, tmp_path: Path) -> None:
    figures = project_figures(worked.store, worked.schema)
    write_plots(figures, tmp_path / "stats.png")
    size, ink = _ink(tmp_path / "stats.png")
    assert size == (1300, 800)
    assert 0.05 < ink < 0.6  # six plots drawn, not a blank page
    write_plots(figures, tmp_path / "stats.svg")
    svg = ET.parse(tmp_path / "stats.svg").getroot()
    assert (svg.get("width"), svg.get("height")) == ("936pt", "576pt")
    text = (tmp_path / "stats.svg").read_text()
    for title in ("Documents done per day", "Suggestion precision", "1 unresolved", "ner@2"):
        assert title in text
    with pytest.raises(FormatError, match=r"written as \.png or \.svg"):
        write_plots(figures, tmp_path / "stats.pdf")


def test_plots_of_an_empty_project_say_so(tmp_path: Path) -> None:
    write_plots(ProjectFigures(), tmp_path / "empty.svg")
    text = (tmp_path / "empty.svg").read_text()
    assert "no documents yet" in text and "nothing marked done yet" in text


def test_stats_plot_option(worked: Session, tmp_path: Path) -> None:
    out = tmp_path / "plots.png"
    result = CliRunner().invoke(main, ["stats", "--plot", str(out), "-p", str(worked.store.path)])
    assert result.exit_code == 0, result.output
    assert f"Plots written to {out}" in result.stdout and _ink(out)[1] > 0.05
    bad = CliRunner().invoke(
        main, ["stats", "--plot", str(tmp_path / "x.txt"), "-p", str(worked.store.path)]
    )
    assert bad.exit_code == 1 and "written as .png or .svg" in bad.stderr


def test_a_team_projects_done_per_analyst_are_the_teams_figures(tmp_path: Path) -> None:
    """In a merged project each analyst's layer says what they finished (annotation.team)."""
    from annotation.team.merge import merge
    from tests.annotation.team.conftest import build_desk

    desk = build_desk(tmp_path / "analysts")
    for who in desk.values():
        who.close()
    team = tmp_path / "team.db"
    merge([who.path for who in desk.values()], team)
    session = Session.open(team)
    figures = project_figures(session.store, session.schema)
    assert figures.done_per_analyst == [("alice", 3), ("carol", 2), ("bob", 1)]
    session.close()
