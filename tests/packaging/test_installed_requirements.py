"""Everything the installed Dateline needs is installed, extras of dependencies included.

`pip check` does not look at extras, and the pip a fresh venv ships (23.2) compares extra names
without normalising them: jusText's `lxml[html_clean]` met lxml's `html-clean` extra, pip only
warned, `lxml_html_clean` was never installed and html import failed on a fresh machine. This
walks the installed tree as a current installer should (PEP 685 names) and names what is missing,
whichever install (lock, fresh resolve, shared venv) the suite runs in.
"""

from __future__ import annotations

from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def unmet_requirements(root: str, extras: frozenset[str]) -> list[str]:
    """Each requirement reachable from `root[extras]` that no installed distribution meets."""
    unmet = []
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(root, frozenset(canonicalize_name(extra) for extra in extras), root)]
    while todo:
        name, wanted_extras, chain = todo.pop()
        if (canonicalize_name(name), wanted_extras) in seen:
            continue
        seen.add((canonicalize_name(name), wanted_extras))
        distribution = metadata.distribution(name)
        for line in distribution.requires or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is not None and not any(
                marker.evaluate({"extra": extra}) for extra in wanted_extras | {""}
            ):
                continue
            via = f"{chain} -> {line}"
            try:
                version = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                unmet.append(f"{requirement.name} is not installed ({via})")
                continue
            if not requirement.specifier.contains(version, prereleases=True):
                unmet.append(f"{requirement.name} {version} is installed ({via})")
                continue
            asked = frozenset(canonicalize_name(extra) for extra in requirement.extras)
            todo.append((requirement.name, asked, via))
    return sorted(set(unmet))


def test_installed_dateline_with_its_dev_extra_has_every_requirement() -> None:
    unmet = unmet_requirements("dateline", frozenset({"dev"}))
    assert not unmet, "the install is incomplete:\n  " + "\n  ".join(unmet)
