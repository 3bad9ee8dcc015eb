"""`dateline`: the window with no command or a project file; every other word is a command.

The window itself is replaced by a stub here (tests/e2e/test_window_first_run.py runs it).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from desktop.launcher import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """The projects the window was asked to open (`desktop.app.run` replaced by a stub)."""
    calls: list[Path | None] = []
    window = types.ModuleType("desktop.app")
    window.run = lambda project: calls.append(project) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.app", window)
    return calls


def test_launcher_opens_the_window_alone_or_on_a_project_file(
    opened: list[Path | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain").write_bytes(b"")  # an existing file without a suffix is a project too
    for args in ([], ["my.db"], ["projects/news"], ["plain"], ["open", "x.db"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
    assert opened == [None, Path("my.db"), Path("projects/news"), Path("plain"), Path("x.db")]


def test_launcher_says_an_unknown_command_is_none_and_lists_the_commands(
    opened: list[Path | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["scheme", "--set"], ["adjudicate", "-o", "x"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert f"No such command '{args[0]}'" in result.stderr, result.stderr
        listed = result.stderr.split("The commands are: ")[1].split(";")[0].split(", ")
        assert {"agreement", "export", "import", "merge", "models", "next", "open"} <= set(listed)
        assert {"schema", "search", "self-test", "stats", "suggest", "train"} <= set(listed)
        assert "No such option" not in result.stderr
    assert opened == []


def test_launcher_runs_the_core_commands_as_they_are(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(main, ["stats", "--project", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {missing}: no such project file"
    help_text = CliRunner().invoke(main, ["--help"]).stdout
    for command in ("import", "export", "stats", "suggest", "self-test", "open"):
        assert f"  {command} " in help_text


def test_launcher_self_test_adds_the_qt_check_last(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pipeline(*_args: object, **_kwargs: object) -> None:
        from annotation.suggest import SuggestError

        raise SuggestError("no spaCy pipeline 'x' is installed")

    monkeypatch.setattr("annotation.suggest.load_suggester", no_pipeline)
    monkeypatch.setitem(sys.modules, "PySide6", None)  # a headless install: Qt is skipped
    result = CliRunner().invoke(main, ["--self-test"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-2].startswith("- Qt ") and "PySide6 is not installed" in lines[-2]
    assert lines[-1].startswith("FAILED: pipeline; 5 more not run")


def test_qt_check_draws_the_icon_offscreen_and_loads_the_window_modules(qapp: object) -> None:
    from desktop.qt_check import qt_check

    _ok, detail = qt_check()
    assert "icon drawn, window modules load" in detail and "offscreen" in detail


def test_launcher_imports_no_qt_and_is_the_programs_entry_point() -> None:
    code = "import sys, desktop.launcher; print(sorted(m for m in sys.modules if 'PySide6' in m))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert scripts["scripts"]["dateline"] == "desktop.launcher:main"
    frozen = (ROOT / "packaging" / "dateline_main.py").read_text(encoding="utf-8")
    assert "from desktop.launcher import main" in frozen
