"""Dateline's headless commands (import, export, stats, suggest, self-test), with click.

Each subcommand lives in a module of this package and registers itself on `main`. The
`dateline` program is `desktop.launcher`: it adds the window (`dateline`, `dateline FILE.db`)
and runs every other command from here; this package never starts the window.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import click

from annotation import __version__
from annotation.errors import DatelineError
from annotation.paths import default_project_path
from annotation.session import Session
from annotation.store import sqlite_reason

#: what a command reports in one line: the core's refusals (a project, an edit, an input, a
#: schema), and the operating system's
_FAILURES = (DatelineError, OSError)


#: A check a program adds to `dateline self-test`: its name, and a function that returns
#: (anything, a one-line detail) or raises `annotation.selftest.CheckFailed` or `Skip`.
SelfCheck = tuple[str, Callable[[], tuple[Any, str]]]


@dataclass(frozen=True, slots=True)
class FrontEnd:
    """What the program running these commands adds to them: the window adds its Qt check
    to the self-test. Given as click's context object (`context_settings={"obj": ...}`)."""

    self_checks: tuple[SelfCheck, ...] = ()


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


class Progress(Protocol):
    """`progress(done, total)`, or with what is being done (the import's file), not shown."""

    def __call__(self, done: int, total: int, item: str = "", /) -> None: ...


@contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """A bar on stderr, and the `progress(done, total)` that moves it (the work may learn its
    total as it goes: an export counts documents, a merge its inputs' pages)."""
    with click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True) as bar:

        def progress(done: int, total: int, _item: str = "") -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield progress


def _damaged(path: Path, exc: sqlite3.DatabaseError) -> click.ClickException:
    """An SQLite error met while working (the header looked sound when it opened): a damaged
    page, or a full disk, a lock or a permission, each said as what it is."""
    return click.ClickException(f"{path}: {sqlite_reason(path, exc)}")


def _self_test(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`dateline --self-test` runs `dateline self-test`."""
    if value and not ctx.resilient_parsing:
        ctx.invoke(main.commands["self-test"])


@click.group()
@click.version_option(__version__, prog_name="dateline")
@click.option(
    "--self-test",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_self_test,
    help="Check this installation and exit (the same as `dateline self-test`).",
)
def main() -> None:
    """Dateline's headless commands: annotate news with entities, calendar-resolved dates and
    events.
    """


def _register() -> None:
    """Import the subcommand modules (each adds itself to `main`)."""
    for name in (
        "importing",
        "exporting",
        "stats",
        "suggesting",
        "selftest",
        "team",
        "schemas",
        "training",
        "ranking",
        "searching",
        "entities",
    ):
        importlib.import_module(f"annotation.cli.{name}")


_register()
