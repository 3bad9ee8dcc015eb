"""Every command and every window start imports the store: it stays free of pandas, which
sqlite-utils would load (~240 ms) whenever it is installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_store_loads_without_pandas_and_pandas_still_loads_after() -> None:
    script = (
        "import sys, annotation.store, sqlite_utils.db\n"
        "print('pandas' in sys.modules, sqlite_utils.db.pd is None)\n"
        "import pandas\n"
        "print(pandas.DataFrame({'a': [1]}).shape)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[:2] == ["False True", "(1, 1)"]
