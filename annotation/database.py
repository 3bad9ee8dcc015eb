"""sqlite-utils' `Database` and `Migrations`, loaded without pandas: the core imports them
from here.

sqlite-utils imports pandas whenever it is installed (statsmodels brings it), only to map
pandas.Timestamp columns, which Dateline never writes: ~240 ms more on every command and every
window start. pandas is kept out while sqlite-utils loads; it imports as usual afterwards.
"""

from __future__ import annotations

import sys

if "sqlite_utils.db" not in sys.modules and "pandas" not in sys.modules:
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        del sys.modules["pandas"]

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

__all__ = ["Database", "Migrations"]
