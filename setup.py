"""Build hook: the wheel carries resources/ and seeds/ as `annotation/_data` (annotation/paths.py).

Everything else is in pyproject.toml. An editable install copies nothing: it keeps using the
checkout's own folders.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: What the installed app needs, as globs under the project root (MANIFEST.in puts the same in
#: the sdist, which `python -m build` turns into the wheel).
DATA = (
    "resources/schemas/*.toml",
    "resources/icons/*.svg",
    "resources/icons/*.png",
    "resources/styles/*.qss",
    "seeds/*.txt",
    "seeds/*.meta.json",
)


class BuildWithData(build_py):
    """`build_py`, then the bundled files copied to build/lib/annotation/_data."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib, "annotation", "_data")
        for path in data_files():
            destination = target / path.relative_to(ROOT)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        target = Path(self.build_lib, "annotation", "_data")
        extra = [str(target / p.relative_to(ROOT)) for p in data_files()]
        return [*super().get_outputs(include_bytecode), *extra]


def data_files() -> list[Path]:
    files = sorted({path for pattern in DATA for path in ROOT.glob(pattern) if path.is_file()})
    if not any(path.name == "news.toml" for path in files):
        raise SystemExit(f"resources/schemas/news.toml is missing under {ROOT}: cannot build")
    return files


setup(cmdclass={"build_py": BuildWithData})
