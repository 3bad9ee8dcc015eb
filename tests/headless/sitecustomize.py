"""Make PySide6 unimportable, so the core tests prove they run where Qt is not installed.

`scripts/check` puts this folder first on PYTHONPATH for the core test run.
"""

import sys
from importlib.abc import MetaPathFinder


class _NoQt(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "shiboken6", "desktop"}:
            raise ImportError(f"{name} is not available in the headless core test run")
        return None


sys.meta_path.insert(0, _NoQt())
