"""Agreement as text: the tables `dateline agreement` and `dateline stats` print."""

from __future__ import annotations

from annotation.team.agreement import Agreement, Figures, Matches


def agreement_text(result: Agreement) -> str:
    """Every pair's figures, then all analysts together."""
    if len(result.analysts) < 2:
        return f"Only one analyst ({', '.join(result.analysts)}): nothing to compare yet."
    lines = [
        "Agreement over the documents both analysts marked done: exact-span F1, overlap F1 and "
        "token-level Cohen's kappa per label."
    ]
    for pair in result.pairs:
        lines.append("")
        lines.append(f"{pair.a} and {pair.b}: {_documents(pair.figures.documents)}")
        lines += _figure_lines(pair.figures, (pair.a, pair.b))
    lines.append("")
    everyone = ", ".join(result.analysts)
    if result.overall is None:
        lines.append(f"Overall ({everyone}): no document every analyst marked done yet.")
    else:
        name = "Fleiss' kappa" if result.coefficient == "fleiss_kappa" else "Cohen's kappa"
        lines.append(
            f"Overall ({everyone}): {_documents(result.overall.documents)} every analyst marked "
            f"done; {name}, F1 pooled over the pairs"
        )
        lines += _figure_lines(result.overall, None)
    return "\n".join(lines)


def label_table(figures: Figures, names: tuple[str, str] | None) -> list[str]:
    """The per-label table, a total line last: each analyst's spans for a pair, spans marked
    and spans the same for all analysts together."""
    titles = ("marked", "same") if names is None else (names[0][:8], names[1][:8])
    width = max(8, *(len(label) for label in figures.labels))
    lines = [
        f"  {'label':<{width}}  {titles[0]:>8}  {titles[1]:>8}  {'exact F1':>8}  "
        f"{'overlap F1':>10}  {'kappa':>6}"
    ]
    for figure in [*figures.labels.values(), figures.total]:
        exact = figure.exact
        counts = (exact.a, exact.b) if names is not None else (exact.a + exact.b, exact.same)
        lines.append(
            f"  {figure.label:<{width}}  {counts[0]:>8}  {counts[1]:>8}  {_num(figure.f1):>8}  "
            f"{_num(figure.overlap_f1):>10}  {_num(figure.kappa):>6}"
        )
    return lines


def _figure_lines(figures: Figures, names: tuple[str, str] | None) -> list[str]:
    lines = label_table(figures, names)
    values = figures.values
    if values.both:
        lines.append(
            f"  calendar values: {values.same} of {values.both} DATE/TIME spans both marked have "
            f"the same value ({_share(values.agreement)})"
        )
    lines.append(f"  relations: {_links(figures.relations)}")
    lines.append(f"  events: {_links(figures.events)}   roles: {_links(figures.roles)}")
    return lines


def _links(matches: Matches) -> str:
    if not matches.a + matches.b:
        return "none marked"
    return f"F1 {_num(matches.f1)} ({matches.same} the same of {matches.a} and {matches.b})"


def _documents(count: int) -> str:
    return f"{count} document{'s' if count != 1 else ''}"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"
