"""`dateline merge`, `dateline agreement`, and the team parts of `stats` and `export`."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from annotation.cli import main
from tests.annotation.team.conftest import Analyst


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_merge_then_agreement_stats_and_export(desk: dict[str, Analyst], tmp_path: Path) -> None:
    inputs = [str(desk[name].path) for name in ("alice", "bob", "carol")]
    team = tmp_path / "team.db"
    code, stdout, _ = run("merge", *inputs, "-o", str(team))
    assert code == 0, stdout
    assert f"Made {team}: 4 documents, 3 layers merged" in stdout
    assert "bob (" in stdout and "2 documents (0 new to the team project), 1 done" in stdout
    code, stdout, _ = run("merge", *inputs, "-o", str(team), "--names", "alice,bob,carol")
    assert code == 0 and f"Updated {team}: 4 documents" in stdout
    code, stdout, _ = run("agreement", str(team), "--json")
    assert code == 0
    figures = orjson.loads(stdout)
    assert [(p["a"], p["b"]) for p in figures["pairs"]] == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]
    pair = figures["pairs"][0]
    assert {"a", "b", "f1", "kappa", "labels"} <= set(pair)
    assert {"f1", "overlap_f1", "kappa"} <= set(pair["labels"]["PERSON"])
    assert figures["overall"]["coefficient"] == "fleiss_kappa"
    code, stdout, _ = run("agreement", str(team))
    assert (
        code == 0
        and "alice and bob: 1 document" in stdout
        and "Overall (alice, bob, carol)" in stdout
    )
    code, stdout, _ = run("stats", "-p", str(team))
    assert code == 0
    assert "Analysts (team project):" in stdout and "Agreement per label" in stdout
    # nothing is adjudicated (done): JSONL is training data, so it needs asking for all
    out = str(tmp_path / "out.jsonl")
    code, _, stderr = run("export", "-p", str(team), "-o", out)
    assert code == 1 and "nothing to export: no document is marked done" in stderr
    code, stdout, _ = run("export", "-p", str(team), "-o", out, "--all-documents")
    assert code == 0 and "Team project: 0 adjudicated;" in stdout


def test_refusals_are_one_line(desk: dict[str, Analyst], tmp_path: Path) -> None:
    alice, bob = str(desk["alice"].path), str(desk["bob"].path)
    code, _, stderr = run("merge", alice, bob, "-o", str(tmp_path / "t.db"), "--names", "x")
    assert code == 1 and stderr.strip().splitlines()[-1].startswith("Error: --names gives 1")
    code, _, stderr = run("merge", alice, "-o", str(tmp_path / "t.db"))
    assert code == 1 and "at least two" in stderr and "Traceback" not in stderr
    broken = tmp_path / "broken.db"
    broken.write_text("not a project\n" * 20)
    code, _, stderr = run("merge", alice, str(broken), "-o", str(tmp_path / "t.db"))
    assert code == 1 and f"{broken}: not a Dateline project" in stderr
    assert not (tmp_path / "t.db").exists()
    code, _, stderr = run("agreement", alice)
    assert code == 1 and "not a team project" in stderr
