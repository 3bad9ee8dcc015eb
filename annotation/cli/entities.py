"""`dateline entities`: the entity registry, listed or written out as JSONL."""

from __future__ import annotations

from pathlib import Path

import click

from annotation.cli import main, opened, project_option


@main.command("entities")
@click.option(
    "--export",
    "output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the registry here as JSONL (id, name, label, aliases, wikidata, note,"
    " mentions): the ids are the `entity_id` of exported JSONL spans and the `kb_id_` of"
    " exported .spacy spans.",
)
@project_option
def entities_command(output: Path | None, project: Path | None) -> None:
    """List the entity registry: each entity's id, label, name, aliases, Wikidata id and how
    many spans mention it."""
    from annotation.corpus.registry import registry_records, write_registry

    with opened(project, create=False) as session:
        if output is not None:
            written = write_registry(session.store, output, protect=[session.store.path])
            click.echo(f"Wrote {written} entities to {output}")
            return
        records = list(registry_records(session.store))
        for record in records:
            aliases = f"  (also {', '.join(record['aliases'])})" if record["aliases"] else ""
            wikidata = f"  {record['wikidata']}" if record["wikidata"] else ""
            click.echo(
                f"{record['id']:>5}  {record['label']:<10} {record['name']}{aliases}{wikidata}"
                f"  {record['mentions']} mention{'s' if record['mentions'] != 1 else ''}"
            )
        click.echo(f"{len(records)} entities", err=True)
