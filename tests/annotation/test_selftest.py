"""`dateline --self-test`: every check reported in one line, exit code 0 only when all pass."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotation.cli import main
from annotation.selftest import (
    EXPECTED_VALUES,
    Check,
    CheckFailed,
    Skip,
    Status,
    run_self_test,
)
from annotation.suggest import SuggestError, fallback_suggester

CORE_CHECKS = ["bundled files", "pipeline", "project", "suggest", "dates", "reopen", "export JSONL"]


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temporary folder for this test only: what the self-test leaves is visible."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_selftest_passes_on_the_rules_pipeline_and_leaves_nothing(own_tmp: Path) -> None:
    seen: list[Check] = []
    report = run_self_test(load=fallback_suggester, allow_degraded=True, on_check=seen.append)
    assert [check.name for check in report.checks] == CORE_CHECKS
    assert seen == report.checks
    assert report.ok, [check.line() for check in report.checks]
    dates = report.checks[CORE_CHECKS.index("dates")]
    assert all(f"{text} → {value}" in dates.detail for text, value in EXPECTED_VALUES.items())
    assert report.summary().startswith("All 7 checks passed in ")
    assert list(own_tmp.iterdir()) == []


def test_selftest_fails_on_a_degraded_pipeline_and_names_what_did_not_run(own_tmp: Path) -> None:
    report = run_self_test(load=fallback_suggester)
    status = {check.name: check.status for check in report.checks}
    assert status["bundled files"] is Status.PASSED and status["project"] is Status.PASSED
    assert status["pipeline"] is Status.FAILED
    assert "no spaCy pipeline is installed" in report.checks[1].detail
    for name in ("suggest", "dates", "reopen", "export JSONL"):
        assert status[name] is Status.NOT_RUN
    assert not report.ok
    assert report.summary().startswith("FAILED: pipeline; 4 more not run")
    assert report.checks[1].line().startswith("✗ pipeline ")
    assert list(own_tmp.iterdir()) == []


def test_selftest_reports_a_wrong_calendar_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EXPECTED_VALUES, "Saturday", "2025-12-13")
    report = run_self_test(load=fallback_suggester, allow_degraded=True)
    (dates,) = [check for check in report.checks if check.name == "dates"]
    assert dates.status is Status.FAILED
    assert dates.detail == "'Saturday' got 2025-12-06, expected 2025-12-13"
    assert [check.name for check in report.checks if not check.ok] == ["dates"]


def test_selftest_runs_the_checks_a_program_adds_last() -> None:
    def skipped() -> tuple[bool, str]:
        raise Skip("nothing to draw on")

    def failed() -> tuple[bool, str]:
        raise CheckFailed("the screen is gone")

    extra = (("screen", skipped), ("printer", failed))
    report = run_self_test(load=fallback_suggester, allow_degraded=True, extra=extra)
    assert [check.name for check in report.checks] == [*CORE_CHECKS, "screen", "printer"]
    screen, printer = report.checks[-2:]
    assert screen.status is Status.SKIPPED and screen.line().startswith("- screen ")
    assert printer.status is Status.FAILED and printer.detail == "the screen is gone"
    assert report.summary().startswith("FAILED: printer (")


def _fail_to_load(*_args: object, **_kwargs: object) -> None:
    raise SuggestError("no spaCy pipeline 'x' is installed")


def test_self_test_option_exits_1_with_a_line_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("annotation.suggest.load_suggester", _fail_to_load)
    # The core's commands alone: no Qt check (the window's program adds it: desktop/launcher.py)
    result = CliRunner().invoke(main, ["--self-test"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Dateline ") and "self-test" in lines[0]
    assert lines[2].startswith("✗ pipeline") and "no spaCy pipeline 'x'" in lines[2]
    assert lines[-2].startswith("✗ export JSONL")
    # suggest, dates, reopen, export and the window's spaCy process need the pipeline
    assert lines[-1].startswith("FAILED: pipeline; 5 more not run")
    assert "Traceback" not in result.output


@pytest.mark.model
def test_selftest_passes_with_the_installed_pipeline(own_tmp: Path) -> None:
    report = run_self_test()
    assert report.ok, [check.line() for check in report.checks]
    names = [check.name for check in report.checks]
    assert names == [*CORE_CHECKS[:2], "spaCy process", *CORE_CHECKS[2:]]
    assert report.checks[1].detail.startswith("en_core_web_sm")
    assert report.checks[2].detail.endswith("the same as here")  # the window's child process
    suggest = report.checks[names.index("suggest")].detail
    assert all(label in suggest for label in ("ORG", "GPE", "DATE", "PERSON"))
    assert list(own_tmp.iterdir()) == []
