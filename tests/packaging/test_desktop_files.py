"""The freedesktop entry, the AppStream metadata and the icon set agree and are valid."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.dateline.Dateline"
DESKTOP = ROOT / "packaging" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep the keys' case
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_one_app_id_everywhere() -> None:
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "dateline"
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    # the window tells the desktop which entry it belongs to
    app = (ROOT / "desktop" / "app.py").read_text(encoding="utf-8")
    assert re.search(rf'^APP_ID = "{re.escape(APP_ID)}"$', app, re.MULTILINE)


def test_metainfo_release_and_screenshots_match_the_project() -> None:
    from annotation import __version__

    root = ET.parse(METAINFO).getroot()
    release = root.find("releases/release")
    assert release is not None and release.get("version") == __version__
    homepage = root.findtext("url[@type='homepage']")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'Homepage = "{homepage}"' in pyproject
    images = [image.text or "" for image in root.iter("image")]
    assert images
    for url in images:  # published under the homepage from the repository's folder
        assert url.startswith(f"{homepage}/")
        assert (ROOT / url.removeprefix(f"{homepage}/")).is_file(), url


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icon_set_has_every_size() -> None:
    for size in SIZES:
        assert png_size(ICONS / f"dateline-{size}.png") == (size, size)
    for svg in ICONS.glob("*.svg"):
        root = ET.parse(svg).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox"), svg


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_entry_is_valid() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream is not installed")
def test_metainfo_is_valid() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # nothing but the pedantic note on the upper-case letters of the reverse-DNS id
    issues = [line for line in done.stdout.splitlines() if re.match(r"^[EWI]: ", line)]
    assert issues == [], done.stdout
