"""Test-wide settings: Qt draws offscreen, and no test touches the real user data folder.

This file must not import PySide6: the core tests also run where Qt is absent.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every test run gets its own data folder and settings scope (DESIGN: the app writes nothing
# outside the project, its settings and the files the user asked for).
_home = tempfile.mkdtemp(prefix="dateline-test-home-")
os.environ["DATELINE_HOME"] = _home
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
