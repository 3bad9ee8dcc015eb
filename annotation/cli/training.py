"""`dateline train` and `dateline models`: models that learn from the analysts' decisions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotation.cli import main, opened, project_option
from annotation.paths import default_project_path

if TYPE_CHECKING:
    from annotation.session import Session
    from annotation.training import SavedModel, TrainingProgress


@main.command("train")
@project_option
@click.option(
    "--base",
    default="current",
    show_default=True,
    metavar="current|blank|NAME",
    help="Start from the project's pipeline (fine-tune its ner), a new ner, or another pipeline.",
)
@click.option(
    "--split",
    "share",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.8,
    show_default=True,
    help="Share of the done documents to learn from; the rest are held out and scored.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Fixes the split and shuffle.")
@click.option(
    "--max-steps",
    type=click.IntRange(min=1),
    default=600,
    show_default=True,
    help="Updates (batches of 8 paragraphs) to train for.",
)
@click.option("--use", is_flag=True, help="Make the new model the project's pipeline.")
def train_command(
    project: Path | None, base: str, share: float, seed: int, max_steps: int, use: bool
) -> None:
    """Train an entity model on the project's done documents and save it beside the project.

    Accepted spans are what it learns; rejected suggestions are learnt as known-wrong spans.
    It runs in a child process; Ctrl+C stops it and keeps nothing. The model is saved in
    `<project>.models/` with its scores on the held-out documents, which are printed, next
    to the project's current pipeline on the same documents.
    """
    from annotation.training import (
        TrainingCancelled,
        TrainingError,
        TrainOptions,
        run_training,
    )

    path = (project or default_project_path()).resolve()
    options = TrainOptions(path, base=base, share=share, seed=seed, max_steps=max_steps)
    with click.progressbar(
        length=max_steps, label="Training", file=sys.stderr, show_pos=True, show_eta=True
    ) as bar:
        stage = [""]

        def progress(update: TrainingProgress) -> None:
            if update.stage != stage[0] and update.stage != "Training":
                click.echo(f"\n{update.stage}…", err=True, nl=False)
            stage[0] = update.stage
            if update.stage == "Training":
                bar.update(update.done - bar.pos)

        try:
            model = run_training(options, progress=progress)
        except KeyboardInterrupt:
            click.echo("\nInterrupted: no model was saved.", err=True)
            sys.exit(130)
        except (TrainingError, TrainingCancelled) as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo("")
    click.echo("\n".join(describe(model)))
    if use:
        with opened(path, create=False) as session:
            switch(session, model)


@main.group("models", invoke_without_command=True)
@project_option
@click.pass_context
def models_group(ctx: click.Context, project: Path | None) -> None:
    """List the project's trained models with their scores (`use` and `show` act on one)."""
    ctx.obj = project
    if ctx.invoked_subcommand is not None:
        return
    from annotation.training import list_models, model_for_setting

    path = (project or default_project_path()).resolve()
    with opened(path, create=False) as session:
        setting = session.setting("pipeline")
    models = list_models(path)
    current = model_for_setting(path, setting)
    click.echo(f"Pipeline in use: {current.title if current else setting or 'the default'}")
    if not models:
        click.echo("No trained models yet: `dateline train` trains one on the done documents.")
        return
    click.echo(
        f"{'':2}{'model':<28}{'trained':<21}{'docs':>6}{'F1':>6}{'P':>6}{'R':>6}"
        f"  {'vs pipeline of its time (same held-out docs)'}"
    )
    for model in models:
        mark = "* " if current is not None and current.path == model.path else "  "
        overall = model.scores.overall
        line = (
            f"{mark}{model.title:<28}{model.created[:19]:<21}{len(model.train_documents):>6}"
            f"{overall.f1:>6.2f}{overall.precision:>6.2f}{overall.recall:>6.2f}  "
        )
        if model.baseline is not None and model.compared is not None:
            line += (
                f"{model.compared.overall.f1:.2f} vs {model.baseline.overall.f1:.2f}"
                f" ({model.baseline_name})"
            )
        click.echo(line)


@models_group.command("show")
@click.argument("model_name", metavar="VERSION")
@click.pass_obj
def show_command(project: Path | None, model_name: str) -> None:
    """Print one model's record and per-label scores."""
    path = (project or default_project_path()).resolve()
    click.echo("\n".join(describe(_find(path, model_name))))


@models_group.command("use")
@click.argument("model_name", metavar="VERSION")
@click.pass_obj
def use_command(project: Path | None, model_name: str) -> None:
    """Make a trained model the project's pipeline; its suggestions replace other models'
    pending ones in documents nobody has worked on."""
    path = (project or default_project_path()).resolve()
    model = _find(path, model_name)
    with opened(path, create=False) as session:
        switch(session, model)


def _find(project: Path, wanted: str) -> SavedModel:
    from annotation.training import find_model, list_models

    model = find_model(project, wanted)
    if model is None:
        known = ", ".join(m.version for m in list_models(project)) or "none"
        raise click.ClickException(f"{project}: no trained model {wanted!r} (versions: {known})")
    return model


def describe(model: SavedModel) -> list[str]:
    """A model's record and its per-label table."""
    from annotation.training import score_table

    lines = [
        f"Model {model.title} ({model.path})",
        f"  from {model.base}, {model.steps} steps in {model.seconds:.0f} s, seed {model.seed}",
        f"  learnt from {len(model.train_documents)} done documents ({model.negatives} rejected"
        f" suggestions as known-wrong spans); scored on {len(model.held_out_documents)}",
        f"  data fingerprint {model.fingerprint}",
        "Scores on the held-out documents (exact spans):",
    ]
    lines += ["  " + line for line in score_table(model.scores)]
    if model.baseline is not None and model.compared is not None:
        lines.append(
            f"Against {model.baseline_name} on the {model.baseline.documents} held-out documents"
            " it had not learnt from:"
        )
        lines += [
            "  " + line for line in score_table(model.compared, model.baseline, model.baseline_name)
        ]
        verdict = "better" if model.beats_baseline else "not better"
        lines.append(
            f"  F1 {model.compared.overall.f1:.2f} vs {model.baseline.overall.f1:.2f}:"
            f" {verdict} (`dateline models use {model.version}` switches to it)"
        )
    return lines


def switch(session: Session, model: SavedModel) -> None:
    """Use `model`, and replace other models' pending suggestions in untouched documents."""
    from annotation.dates.valuer import make_valuer
    from annotation.suggest import SuggestError, load_suggester
    from annotation.training import ReplaceReport, replace_suggestions, use_model

    try:
        suggester = load_suggester(str(model.path))
    except SuggestError as exc:
        raise click.ClickException(str(exc)) from exc
    use_model(session, model)
    session.valuer = make_valuer(suggester.parse)
    click.echo(f"The project now suggests with {model.title} ({suggester.origin}).")
    pending = session.store.outdated_suggestion_documents(suggester.origin)
    if not pending:
        return
    report = ReplaceReport()
    with click.progressbar(
        length=len(pending), label="Replacing suggestions", file=sys.stderr, show_pos=True
    ) as bar:
        try:
            replace_suggestions(
                session,
                suggester,
                document_ids=pending,
                progress=lambda done, _total: bar.update(done - bar.pos),
                report=report,
            )
        except KeyboardInterrupt:
            click.echo(
                f"\nInterrupted: {report.documents} of {len(pending)} documents done; the next"
                f" `dateline models use {model.version}` goes on with the rest.",
                err=True,
            )
            sys.exit(130)
    click.echo(
        f"Replaced {report.removed} pending suggestions of other models with {report.added} of"
        f" {model.title} in {report.documents} documents nobody had worked on."
    )
