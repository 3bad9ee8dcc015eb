"""The statistics view's plots, drawn by matplotlib: one figure for the window and for
`dateline stats --plot FILE.png|.svg`.

A `Figure` made directly (never pyplot), so it holds no global state and can be drawn off the
GUI thread; matplotlib is imported only when a plot is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotation.corpus.progress import ProjectFigures
from annotation.model import DocStatus, SpanStatus

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The file types `write_plots` writes, by suffix.
PLOT_SUFFIXES = (".png", ".svg")
#: The window's colours for the states (desktop/span_style.py and the document list).
STATUS_COLOURS = {
    SpanStatus.ACCEPTED: "#59a14f",
    SpanStatus.SUGGESTED: "#4e79a7",
    SpanStatus.REJECTED: "#e15759",
    DocStatus.NEW: "#4e79a7",
    DocStatus.IN_PROGRESS: "#f28e2b",
    DocStatus.DONE: "#59a14f",
    DocStatus.SKIPPED: "#9d9d9d",
}
_WORDS = {DocStatus.IN_PROGRESS: "in progress"}
#: Labels shown in the bar charts before the rest are summed as 'other'.
MOST_LABELS = 12


def make_figure(figures: ProjectFigures, *, width: float = 13.0, height: float = 8.0) -> Figure:
    """Six plots: documents by state, done per day, done per analyst, spans per label and
    state, suggestion precision per label and model version, values unresolved."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    axes = figure.subplots(2, 3)
    _documents(axes[0][0], figures)
    _per_day(axes[0][1], figures)
    _per_analyst(axes[0][2], figures)
    _spans(axes[1][0], figures)
    _precision(axes[1][1], figures)
    _values(axes[1][2], figures)
    return figure


def write_plots(
    figures: ProjectFigures, output: str | Path, protect: tuple[Path, ...] = ()
) -> None:
    """Write the plots as PNG or SVG (by the suffix), atomically."""
    from annotation.formats.base import FormatError
    from annotation.formats.files import atomic_output, check_output

    output = Path(output)
    if output.suffix.lower() not in PLOT_SUFFIXES:
        raise FormatError(
            f"plots are written as {' or '.join(PLOT_SUFFIXES)},"
            f" not {output.suffix or 'no suffix'}",
            path=output,
        )
    check_output(output, protect)
    figure = make_figure(figures)
    with atomic_output(output) as temporary, temporary.open("wb") as handle:
        figure.savefig(handle, format=output.suffix.lower().lstrip("."))


def render_rgba(figures: ProjectFigures, width: int, height: int) -> tuple[bytes, int, int]:
    """The plots drawn as RGBA pixels at about `width` x `height` (for the window, which shows
    them as an image: drawing runs where this is called, off the GUI thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    dpi = 100.0
    figure = make_figure(figures, width=max(width, 600) / dpi, height=max(height, 400) / dpi)
    canvas: Any = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = canvas.buffer_rgba()
    rows, columns = pixels.shape[0], pixels.shape[1]
    return bytes(pixels), columns, rows


def _whole_numbers(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _frame(ax: Any, title: str, *, x: str = "", y: str = "", counts: bool = False) -> None:
    """A plot's title (at the left), the unit of its labelled axis, a count's in whole numbers."""
    ax.set_title(title, loc="left", fontsize=11)
    if x:
        ax.set_xlabel(x)
    if y:
        ax.set_ylabel(y)
    if counts:
        _whole_numbers(ax.xaxis if x else ax.yaxis)


def _nothing(ax: Any, title: str, message: str, shown: object) -> bool:
    """Whether there is nothing to plot (`shown` is empty): the axes then say `message`."""
    if shown:
        return False
    _frame(ax, title)
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#777777", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    return True


def _documents(ax: Any, figures: ProjectFigures) -> None:
    title = "Documents by state"
    states = list(DocStatus)
    counts = [figures.documents.get(status, 0) for status in states]
    if _nothing(ax, title, "no documents yet", any(counts)):
        return
    names = [_WORDS.get(status, status.value) for status in states]
    bars = ax.bar(names, counts, color=[STATUS_COLOURS[s] for s in states])
    ax.bar_label(bars, fontsize=8)
    _frame(ax, title, y="documents", counts=True)


def _per_day(ax: Any, figures: ProjectFigures) -> None:
    title = "Documents done per day"
    if _nothing(ax, title, "nothing marked done yet", figures.done_per_day):
        return
    from datetime import date

    days = [date.fromisoformat(day) for day, _n in figures.done_per_day]
    counts = [n for _day, n in figures.done_per_day]
    ax.bar(days, counts, width=0.8, color=STATUS_COLOURS[DocStatus.DONE])
    _frame(ax, title, y="documents", counts=True)
    ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    if (days[-1] - days[0]).days < 14:  # a few days: a bar a day, not one bar across the plot
        from datetime import timedelta

        ax.set_xlim(days[0] - timedelta(days=3), days[-1] + timedelta(days=3))
        ax.set_xticks(days, [day.isoformat() for day in days])


def _per_analyst(ax: Any, figures: ProjectFigures) -> None:
    title = "Documents done per analyst"
    if _nothing(ax, title, "nothing marked done yet", figures.done_per_analyst):
        return
    names = [name for name, _n in figures.done_per_analyst][::-1]
    counts = [n for _name, n in figures.done_per_analyst][::-1]
    bars = ax.barh(names, counts, color=STATUS_COLOURS[DocStatus.DONE])
    ax.bar_label(bars, fontsize=8, padding=2)
    _frame(ax, title, x="documents", counts=True)


def _spans(ax: Any, figures: ProjectFigures) -> None:
    title = "Spans per label and state"
    if _nothing(ax, title, "no spans yet", figures.spans):
        return
    labels = list(figures.spans)[:MOST_LABELS]
    rows = {label: figures.spans[label] for label in labels}
    rest = list(figures.spans)[MOST_LABELS:]
    if rest:
        other: dict[SpanStatus, int] = {}
        for label in rest:
            for status, n in figures.spans[label].items():
                other[status] = other.get(status, 0) + n
        rows[f"{len(rest)} other"] = other
    names = list(rows)[::-1]
    left = [0] * len(names)
    for status in (SpanStatus.ACCEPTED, SpanStatus.SUGGESTED, SpanStatus.REJECTED):
        counts = [rows[name].get(status, 0) for name in names]
        ax.barh(names, counts, left=left, color=STATUS_COLOURS[status], label=status.value)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    _frame(ax, title, x="spans")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=8, loc="lower right")


def _precision(ax: Any, figures: ProjectFigures) -> None:
    title = "Suggestion precision per label and model"
    decided = [p for p in figures.precision if p.decided]
    if _nothing(ax, title, "no suggestion decided yet", decided):
        return
    models = sorted({p.model for p in decided})
    labels = sorted(
        {p.label for p in decided},
        key=lambda label: -sum(p.decided for p in decided if p.label == label),
    )[:MOST_LABELS]
    height = 0.8 / len(models)
    positions = range(len(labels))
    colours = ["#4e79a7", "#f28e2b", "#76b7b2", "#b07aa1", "#edc948", "#ff9da7"]
    for number, model in enumerate(models):
        found = {p.label: p for p in decided if p.model == model}
        values = [100 * (found[label].precision or 0) if label in found else 0 for label in labels]
        ys = [y + number * height for y in positions]
        bars = ax.barh(ys, values, height=height, color=colours[number % len(colours)], label=model)
        ax.bar_label(
            bars,
            labels=[
                f"{found[label].kept}/{found[label].decided}" if label in found else ""
                for label in labels
            ],
            fontsize=7,
            padding=2,
        )
    ax.set_yticks([y + height * (len(models) - 1) / 2 for y in positions], labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    _frame(ax, title, x="% kept as suggested (kept / decided)")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=7, loc="lower right")


def _values(ax: Any, figures: ProjectFigures) -> None:
    title = f"Calendar values: {figures.unresolved} unresolved"
    rows = [row for row in figures.values if row[1] or row[2]]
    if _nothing(ax, "Calendar values", "no accepted dates or times yet", rows):
        return
    names = [label for label, _r, _m in rows]
    resolved = [r for _l, r, _m in rows]
    missing = [m for _l, _r, m in rows]
    ax.bar(names, resolved, color=STATUS_COLOURS[SpanStatus.ACCEPTED], label="with a value")
    bars = ax.bar(names, missing, bottom=resolved, color="#e15759", label="unresolved")
    ax.bar_label(bars, labels=[str(m) for m in missing], fontsize=8)
    _frame(ax, title, y="accepted spans")
    ax.legend(fontsize=8)
