"""Dateline's core: documents, spans, events and their history, with no GUI dependency."""

import sys as _sys

__version__ = "0.1.0"

# sqlite-utils imports pandas whenever it is installed (statsmodels brings it), only to map
# pandas.Timestamp columns, which Dateline never writes: ~240 ms more on every command and every
# window start. pandas is kept out while sqlite-utils loads; it imports as usual afterwards.
if "sqlite_utils.db" not in _sys.modules and "pandas" not in _sys.modules:
    _sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        del _sys.modules["pandas"]
