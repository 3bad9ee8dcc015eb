"""`dateline` headless: import, export, stats; clear one-line errors and exit codes."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from annotation import __version__
from annotation.cli import main
from annotation.paths import seeds_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_export_stats_round_trip(tmp_path: Path) -> None:
    project, out = tmp_path / "p.db", tmp_path / "out.jsonl"
    code, stdout, _ = run("import", str(seeds_path()), "--project", str(project))
    count = len(list(seeds_path().glob("*.txt")))
    assert code == 0 and f"Imported {count} documents" in stdout
    code, stdout, stderr = run("export", "--project", str(project), "-o", str(out))
    assert code == 1 and "nothing to export: no document is marked done" in stderr
    assert f"({count} new), and jsonl is training data" in stderr and not out.exists()
    code, stdout, _ = run("export", "--project", str(project), "-o", str(out), "--all-documents")
    assert code == 0 and f"Wrote {count} documents" in stdout
    assert f"Included {count} documents nobody marked done ({count} new)" in stdout
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(records) == count
    assert all(
        {"text", "meta", "tokens", "spans", "_input_hash", "_task_hash"} <= set(r) for r in records
    )
    assert {r["meta"]["published"] for r in records} >= {"2025-12-06"}
    code, stdout, _ = run("stats", "--project", str(project))
    assert code == 0 and f"Documents: {count}" in stdout


def test_errors_are_one_line_with_a_non_zero_exit(tmp_path: Path) -> None:
    not_a_project = tmp_path / "notes.db"
    not_a_project.write_text("shopping list\n" * 20)
    code, _, stderr = run("stats", "--project", str(not_a_project))
    assert code == 1
    assert stderr.strip() == f"Error: {not_a_project}: not a Dateline project (not an SQLite file)"
    code, _, stderr = run("export", "--project", str(tmp_path / "missing.db"))
    assert code == 1 and "no such project file" in stderr and "Traceback" not in stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{oops\n')
    code, stdout, stderr = run("import", str(bad), "--project", str(tmp_path / "p.db"))
    assert code == 1 and f"{bad}:2: not valid JSON" in stderr
    assert "Imported 0 documents" in stdout


def test_version_and_help() -> None:
    code, stdout, _ = run("--version")
    assert code == 0 and __version__ in stdout
    code, stdout, _ = run("--help")
    for command in ("import", "export", "stats"):
        assert command in stdout
