"""`dateline export`: the corpus as training data, in the format asked for."""

from __future__ import annotations

from pathlib import Path

import click

from annotation.cli import main, opened, progress_bar, project_option
from annotation.formats import registry

_WRITTEN = registry.writable()
_DEFAULTS = ", ".join(f.default_output + ("/" if f.folder else "") for f in _WRITTEN)


@main.command("export")
@project_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help=f"Output file (a folder for brat). Default, by format: {_DEFAULTS}.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(registry.names(_WRITTEN)),
    default=None,
    help="Output format (default: from the output's suffix: "
    + registry.suffix_list(f for f in _WRITTEN if not f.folder)
    + ").",
)
@click.option(
    "--only-done",
    is_flag=True,
    help="Only documents marked done (an error when none is). Training formats ("
    + ", ".join(f.name for f in _WRITTEN if f.training)
    + ") write only these unless --all-documents.",
)
@click.option(
    "--all-documents",
    is_flag=True,
    help="Training formats: also documents nobody marked done (counted in the report; .spacy "
    "marks their unlabelled tokens missing).",
)
@click.option(
    "--include-suggestions",
    is_flag=True,
    help="jsonl: add pending suggestions; every span then carries `status` and `origin`.",
)
@click.option(
    "--include-rejected",
    is_flag=True,
    help="jsonl: add rejected suggestions (negative examples; spans then carry `status` and "
    "`origin`). spacy: as doc.spans['incorrect_spans'].",
)
@click.option(
    "--split",
    type=float,
    default=None,
    help="Split by document into OUT.train + OUT.dev, this share for training (e.g. 0.8).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the --split shuffle.")
@click.option(
    "--strict",
    is_flag=True,
    help="spacy, conll, jsonl: a span that does not cover whole tokens is an error (nothing "
    "written).",
)
@click.option("--force", is_flag=True, help="brat: replace an existing export folder.")
@click.option(
    "--doccano-shape",
    type=click.Choice(["entities", "label"]),
    default="entities",
    show_default=True,
    help="doccano: entities + relations (events flattened), or label triples.",
)
def export_command(
    project: Path | None,
    output: Path | None,
    fmt: str | None,
    only_done: bool,
    all_documents: bool,
    include_suggestions: bool,
    include_rejected: bool,
    split: float | None,
    seed: int,
    strict: bool,
    force: bool,
    doccano_shape: str,
) -> None:
    """Export the corpus: JSONL training data (accepted spans by default), a spaCy DocBin,
    CoNLL IOB2 (these three: documents marked done, unless --all-documents), doccano JSONL,
    Label Studio JSON or a brat folder. See docs/formats.md for what each keeps."""
    from annotation.exporter import ExportOptions, check_options, document_notes, export, span_note

    options = ExportOptions(
        only_done=only_done,
        all_documents=all_documents,
        include_suggestions=include_suggestions,
        include_rejected=include_rejected,
        split=split,
        seed=seed,
        strict=strict,
        force=force,
        doccano_shape=doccano_shape,
    )
    with opened(project, create=False) as session:
        if output is None:
            output = Path(registry.export_format(fmt or "jsonl").default_output)
        fmt = registry.for_output(output, fmt).name
        check_options(fmt, options)
        with progress_bar("Exporting") as progress:
            report = export(session.store, session.schema, output, fmt, options, progress)
        written = " and ".join(f"{count} documents to {path}" for path, count in report.outputs)
        click.echo(f"Wrote {written} ({fmt})")
        from annotation.team.basis import export_basis

        basis = export_basis(session.store, report.done_only)
        if basis is not None:
            click.echo(basis.describe())
        for note in document_notes(report):
            click.echo(note)
        header = span_note(report)
        if header is not None:
            click.echo(header)
            for issue in report.left_out:
                click.echo(f"  {issue}")
