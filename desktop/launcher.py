"""`dateline`: the window, or one of the core's headless commands.

`dateline` alone opens the window on the default project and `dateline FILE.db` on that file;
every other command (import, export, stats, suggest, self-test) is `annotation.cli`'s, run as it
is, with the window's Qt check added to the self-test. The core never starts the window: this
module owns the program (pyproject's `dateline`, packaging/dateline_main.py, `python -m
desktop`). It imports no Qt, so the headless commands start as fast as the core's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotation import cli
from desktop.qt_check import qt_check


def names_a_project(word: str) -> bool:
    """Whether a first word that is no command is a project file rather than a mistyped
    command: it exists, or has a suffix or a folder (`my.db`, `projects/news`)."""
    path = Path(word)
    return bool(path.suffix) or len(path.parts) > 1 or path.exists()


class Dateline(click.Group):
    """The core's commands, plus `open` (the window), which a project file stands for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or cli.main.get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *cli.main.list_commands(ctx)})

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        word = args[0] if args else ""
        if word and not word.startswith("-") and self.get_command(ctx, word) is None:
            if names_a_project(word):
                return "open", self.commands["open"], args
            if not ctx.resilient_parsing:
                commands = ", ".join(self.list_commands(ctx))
                raise click.UsageError(
                    f"No such command {word!r}. The commands are: {commands};"
                    " or name a project file to open it (dateline my.db).",
                    ctx,
                )
        return super().resolve_command(ctx, args)


@click.group(
    cls=Dateline,
    invoke_without_command=True,
    params=list(cli.main.params),  # --version, --self-test
    context_settings={"obj": cli.FrontEnd(self_checks=(("Qt", qt_check),))},
)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Dateline: annotate news with entities, calendar-resolved dates and events.

    Run without a command to open the window on your default project, or give a project file
    (`dateline my.db`).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_window, project=None)


@main.command("open")
@click.argument("project", required=False, type=click.Path(dir_okay=False, path_type=Path))
def open_window(project: Path | None) -> None:
    """Open the annotation window on PROJECT (default: your default project)."""
    try:
        from desktop.app import run
    except ImportError as exc:  # PySide6 missing or broken: the commands still work
        raise click.ClickException(
            f"the desktop window is not available ({exc}); the headless commands still work:"
            " see `dateline --help`"
        ) from exc
    sys.exit(run(project))
