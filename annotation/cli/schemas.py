"""`dateline schema show|set`: which labels, relations and events a project uses."""

from __future__ import annotations

from pathlib import Path

import click

from annotation.cli import main, opened, project_option
from annotation.schema import Schema, SchemaError, load_schema


@main.group("schema")
def schema_group() -> None:
    """Show or change a project's schema (labels, keys, colours, relations, events).

    Bundled schemas can be named instead of a file: `news` (spaCy's 18 labels, the default)
    and `re3d` (Dstl's 15 types, with the map from spaCy's labels).
    """


@schema_group.command("show")
@project_option
@click.argument("schema", required=False, metavar="[NAME|FILE]")
def show_command(project: Path | None, schema: str | None) -> None:
    """Print the project's schema, or the one in FILE (or bundled as NAME)."""
    if schema is not None:
        try:
            click.echo("\n".join(describe(load_schema(schema))))
        except SchemaError as exc:
            raise click.ClickException(str(exc)) from exc
        return
    with opened(project, create=False) as session:
        click.echo("\n".join(describe(session.schema)))


@schema_group.command("set")
@project_option
@click.argument("schema", metavar="NAME|FILE")
@click.option(
    "--add-missing",
    is_flag=True,
    help="Keep labels the project's spans use and the new schema lacks, as extra labels.",
)
def set_command(project: Path | None, schema: str, add_missing: bool) -> None:
    """Make the project use the schema in FILE (or the bundled one called NAME).

    Refused when spans of the project carry labels the schema lacks, unless --add-missing
    keeps them. The project stores a bundled schema by name and any other by its absolute
    path: edit that file to change colours or keys.
    """
    with opened(project) as session:
        new = load_schema(schema)
        used = session.store.label_counts()
        missing = {label: n for label, n in used.items() if not new.knows(label)}
        if missing and not add_missing:
            listed = ", ".join(f"{label} ({n})" for label, n in missing.items())
            raise click.ClickException(
                f"{session.store.path}: spans use labels the schema {new.name} lacks: {listed};"
                " pass --add-missing to keep them as extra labels"
            )
        session.store.set_setting("extra_labels", None)
        session.use_schema(schema)
        if missing:
            session.add_labels(list(missing))
        click.echo(
            f"{session.store.path} now uses the schema {new.name} ({new.source})"
            + (f", plus the labels {', '.join(missing)}" if missing else "")
        )


def describe(schema: Schema) -> list[str]:
    """The schema as `dateline schema show` prints it."""
    lines = [f"Schema {schema.name} ({schema.source})", "Labels (key, colour, description):"]
    for label in schema.labels:
        key = label.key.upper() or "-"
        lines.append(f"  {label.name:<20} {key:<3} {label.color}  {label.description}")
    if schema.label_map:
        lines.append("Pipeline labels suggested as (label_map):")
        lines += [f"  {source:<12} -> {target}" for source, target in schema.label_map.items()]
    lines.append(f"Calendar values on: {', '.join(sorted(schema.temporal_labels)) or 'none'}")
    lines.append(f"Accepted spans may overlap: {'yes' if schema.allow_overlap else 'no'}")
    if schema.relations:
        lines.append("Relations: " + ", ".join(relation.name for relation in schema.relations))
    if schema.events:
        lines.append("Events: " + ", ".join(event.type for event in schema.events))
    return lines
