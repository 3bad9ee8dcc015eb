"""The entity registry's reads: entities, and the spans that mention each."""

from __future__ import annotations

from typing import Any

from annotation.model import Entity
from annotation.store.base import Connected, StoreError
from annotation.store.rows import decode


def entity_from_row(row: dict[str, Any]) -> Entity:
    return Entity(
        id=row["id"],
        name=row["name"],
        label=row["label"],
        aliases=tuple(row["aliases"] or ()),
        wikidata=row["wikidata"] or None,
        note=row["note"] or None,
    )


class EntityReads(Connected):
    """Entities by id or label, and their mentions; none of them writes."""

    def entity(self, entity_id: int) -> Entity:
        cursor = self.conn.execute("SELECT * FROM entity WHERE id = ?", (entity_id,))
        values = cursor.fetchone()
        if values is None:
            raise StoreError(f"{self.path}: no entity {entity_id}")
        names = [column[0] for column in cursor.description]
        return entity_from_row(decode("entity", dict(zip(names, values, strict=True)), self.path))

    def entities(self, label: str | None = None) -> list[Entity]:
        """The registry (or one label's part of it), by label and name."""
        sql = "SELECT * FROM entity"
        params: list[Any] = []
        if label is not None:
            sql += " WHERE label = ?"
            params.append(label)
        cursor = self.conn.execute(sql + " ORDER BY label, name COLLATE NOCASE, id", params)
        names = [column[0] for column in cursor.description]
        return [
            entity_from_row(decode("entity", dict(zip(names, values, strict=True)), self.path))
            for values in cursor.fetchall()
        ]

    def mention_counts(self) -> dict[int, int]:
        """How many spans link to each entity (entities without any are left out)."""
        sql = "SELECT entity_id, count(*) FROM span WHERE entity_id IS NOT NULL GROUP BY entity_id"
        return {int(entity): int(count) for entity, count in self.conn.execute(sql)}

    def mention_ids(self, entity_id: int) -> list[int]:
        """The ids of the spans linked to an entity, by document and position."""
        sql = "SELECT id FROM span WHERE entity_id = ? ORDER BY document_id, start, id"
        return [int(row[0]) for row in self.conn.execute(sql, (entity_id,))]

    def mentions(self, entity_id: int) -> list[tuple[int, int, int, int, str, str]]:
        """(span id, document id, start, end, label, status) of an entity's mentions."""
        sql = (
            "SELECT id, document_id, start, [end], label, status FROM span WHERE entity_id = ?"
            " ORDER BY document_id, start, id"
        )
        rows: list[tuple[int, int, int, int, str, str]] = self.conn.execute(
            sql, (entity_id,)
        ).fetchall()
        return rows
