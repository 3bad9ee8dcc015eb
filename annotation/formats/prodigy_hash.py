"""Prodigy's `_input_hash` and `_task_hash` for a JSONL record.

Prodigy tells two records about the same text by `_input_hash` and two identical questions by
`_task_hash` (its `set_hashes`): the input hash covers the input keys (`text`, `image`, `html`,
`input`), the task hash the input hash followed by the task keys (`spans`, `label`, `options`,
`arcs`); keys that say nothing about the question (`score`, `source`, `answer`, ...) are left out,
also inside spans. Both are MurmurHash3 (32 bits, signed) of the values as JSON with sorted keys.
Prodigy's own function ships compiled, so the numbers are not checked against Prodigy's: a
workflow that needs Prodigy's own numbers renews them with `set_hashes(eg, overwrite=True)`.
What holds either way: the same text gives the same input hash, the same text with the same
spans the same task hash.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from murmurhash.mrmr import hash as murmur

INPUT_KEYS = ("text", "image", "html", "input")
TASK_KEYS = ("spans", "label", "options", "arcs")
IGNORE_KEYS = frozenset(
    (
        "score",
        "rank",
        "model",
        "source",
        "pattern",
        "priority",
        "path",
        "_view_id",
        "_session_id",
        "_annotator_id",
        "answer",
    )
)


def _without_ignored(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ignored(v) for k, v in value.items() if k not in IGNORE_KEYS}
    if isinstance(value, list):
        return [_without_ignored(item) for item in value]
    return value


def get_hash(record: dict[str, Any], keys: Iterable[str], prefix: int | None = None) -> int:
    """MurmurHash3 of the record's values under `keys` (ignored keys left out), as sorted JSON."""
    values = {key: _without_ignored(record[key]) for key in keys if key in record}
    dumped = json.dumps(values, sort_keys=True, separators=(",", ":"))
    if prefix is not None:
        dumped = str(prefix) + dumped
    return int(murmur(dumped))


def set_hashes(record: dict[str, Any]) -> dict[str, Any]:
    """The record with `_input_hash` and `_task_hash` set (replacing any it had)."""
    input_hash = get_hash(record, INPUT_KEYS)
    record["_input_hash"] = input_hash
    record["_task_hash"] = get_hash(record, TASK_KEYS, prefix=input_hash)
    return record
