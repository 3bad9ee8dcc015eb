"""The `dateline` command: the window, and the same core headless.

Each subcommand lives in a module of this package and registers itself on `main`.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from annotation import __version__
from annotation.formats.base import FormatError
from annotation.paths import default_project_path
from annotation.schema import SchemaError
from annotation.session import Session
from annotation.store import StoreError

_FAILURES = (StoreError, FormatError, SchemaError, OSError)


class _Group(click.Group):
    """`dateline FILE.db` opens that project in the window; anything else is a subcommand."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "open", self.commands["open"], args
        return super().resolve_command(ctx, args)


def project_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--project",
        "-p",
        # A folder is refused by the store, in one line like every other unusable file.
        type=click.Path(path_type=Path),
        default=None,
        help="Project file (default: dateline.db in your user data folder).",
    )(function)


@contextmanager
def opened(project: Path | None, create: bool = True) -> Iterator[Session]:
    """Open the project for a command; failures become one clear line and exit code 1."""
    path = project or default_project_path()
    try:
        session = Session.open(path, create=create)
    except _FAILURES as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, exc) from exc
    try:
        yield session
    except _FAILURES as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, exc) from exc
    finally:
        session.close()


def _damaged(path: Path, exc: sqlite3.DatabaseError) -> click.ClickException:
    """A damaged page SQLite found while reading (the header looked sound when it opened)."""
    return click.ClickException(
        f"{path}: the project file is damaged or unreadable ({exc}); restore a backup copy"
    )


def _self_test(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`dateline --self-test` runs `dateline self-test`."""
    if value and not ctx.resilient_parsing:
        ctx.invoke(main.commands["self-test"])


@click.group(cls=_Group, invoke_without_command=True)
@click.version_option(__version__, prog_name="dateline")
@click.option(
    "--self-test",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_self_test,
    help="Check this installation and exit (the same as `dateline self-test`).",
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
    # The core never imports the GUI at module level (it runs where Qt is absent); the window is
    # loaded only when asked for.
    try:
        run = importlib.import_module("desktop.app").run
    except ImportError as exc:
        raise click.ClickException(
            f"the desktop window is not available ({exc}); the headless commands still work:"
            " see `dateline --help`"
        ) from exc
    sys.exit(run(project))


def _register() -> None:
    """Import the subcommand modules (each adds itself to `main`)."""
    for name in ("importing", "exporting", "stats", "suggesting", "selftest"):
        importlib.import_module(f"annotation.cli.{name}")


_register()
