"""requirements/lock.txt is in step with pyproject.toml, so a forgotten re-lock fails here.

The lock (written by requirements/relock.sh) is what packaging/build.sh and the README's pinned
install use; .ci/run installs it and tests it. It must pin every requirement of the dependencies
and the `dev` and `packaging` extras, each at a version the range in pyproject.toml allows.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"
PYPROJECT = ROOT / "pyproject.toml"
#: the extras the lock covers (requirements/relock.sh)
LOCKED_EXTRAS = ("dev", "packaging")
#: what the lock is resolved for: CPython 3.11 on Linux x86_64
TARGET = {
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "extra": "",
}
PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s\\;]+)\s*\\$")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def read_lock(text: str) -> dict[str, str]:
    """Canonical name -> pinned version; raises on any line that is not a hashed exact pin."""
    pins: dict[str, str] = {}
    hashed: set[str] = set()
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line.startswith(" "):
            if current is None or not HASH.fullmatch(stripped.removesuffix("\\").strip()):
                raise ValueError(f"lock.txt line {number}: not a hash of a pin: {stripped!r}")
            hashed.add(current)
            continue
        match = PIN.fullmatch(stripped)
        if match is None:
            raise ValueError(f"lock.txt line {number}: not an exact pin with hashes: {stripped!r}")
        current = canonicalize_name(match["name"])
        if current in pins:
            raise ValueError(f"lock.txt line {number}: {current} is pinned twice")
        pins[current] = match["version"]
    if unhashed := sorted(set(pins) - hashed):
        raise ValueError(f"lock.txt pins without a hash: {', '.join(unhashed)}")
    return pins


def disagreements(pyproject_text: str, lock_text: str) -> list[str]:
    """What in pyproject.toml the lock misses or pins outside the range; [] when in step."""
    project = tomllib.loads(pyproject_text)["project"]
    own_name = canonicalize_name(project.get("name", "dateline"))
    wanted = list(project["dependencies"])
    extras = list(LOCKED_EXTRAS)
    seen: set[str] = set()
    while extras:
        extra = extras.pop()
        if extra in seen:
            continue
        seen.add(extra)
        wanted += project["optional-dependencies"][extra]
    pins = read_lock(lock_text)
    found = []
    for line in wanted:
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate(TARGET):
            continue
        name = canonicalize_name(requirement.name)
        if name == own_name:
            # An extra that pulls another of Dateline's own (`dev` -> `dateline[cluster]`).
            wanted += [
                dependency
                for extra in sorted(requirement.extras - seen)
                for dependency in project["optional-dependencies"][extra]
            ]
            seen |= requirement.extras
            continue
        if name not in pins:
            found.append(f"{line!r} is not in the lock")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            found.append(f"{line!r}: the lock pins {name}=={pins[name]}")
    return found


def test_lock_is_in_step_with_pyproject() -> None:
    found = disagreements(PYPROJECT.read_text(encoding="utf-8"), LOCK.read_text(encoding="utf-8"))
    assert not found, (
        "requirements/lock.txt is out of step with pyproject.toml: run"
        " `bash requirements/relock.sh` and commit the lock:\n  " + "\n  ".join(found)
    )


def test_lock_disagreements_name_a_missing_package_and_a_pin_out_of_range() -> None:
    pyproject = """
[project]
name = "dateline"
dependencies = ["spacy>=3.8,<3.9", "orjson>=3.9", "pywin32>=300; sys_platform == 'win32'"]
[project.optional-dependencies]
dev = ["pytest>=8", "dateline[cluster]"]
packaging = ["build>=1.2"]
cluster = ["dask>=2024.8"]
"""
    hashes = "    --hash=sha256:" + "0" * 64
    pins = ["spacy==3.9.1", "pytest==8.3.0", "build==1.2.2"]
    lock = "# header\n" + "\n".join(f"{pin} \\\n{hashes}\n    # via dateline" for pin in pins)
    assert disagreements(pyproject, lock) == [
        "'spacy>=3.8,<3.9': the lock pins spacy==3.9.1",
        "'orjson>=3.9' is not in the lock",
        "'dask>=2024.8' is not in the lock",
    ]


def test_lock_pins_exactly_with_hashes() -> None:
    hashes = "    --hash=sha256:" + "0" * 64
    assert read_lock(f"Spacy_Legacy==3.0.12 \\\n{hashes}") == {"spacy-legacy": "3.0.12"}
    for broken in ("spacy>=3.8 \\\n" + hashes, "spacy==3.8.0 \\\n    # via x", "spacy==3.8.0"):
        try:
            read_lock(broken)
        except ValueError:
            continue
        raise AssertionError(f"read_lock took {broken!r}")
