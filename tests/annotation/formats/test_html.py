"""Saved news pages: main text and metadata, offline, with no script kept or run."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from annotation.formats.base import FormatError
from annotation.formats.html import read_html
from annotation.importer import import_paths
from annotation.session import Session
from tests.annotation.formats.conftest import import_ok

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Seoul and Delhi sign space pact | Korea Wire</title>
<meta property="og:title" content="Seoul and Delhi sign space pact">
<meta property="og:site_name" content="Korea Wire">
<meta name="author" content="Kim Min-ji">
<meta property="article:published_time" content="2025-12-06T09:30:00+09:00">
<link rel="canonical" href="https://koreawire.example/news/space-pact">
<link rel="stylesheet" href="http://cdn.example/style.css">
<script src="http://tracker.example/t.js"></script>
<script>document.title = "INJECTED"; fetch("http://evil.example/x");</script>
</head><body onload="alert('INJECTED')">
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Seoul and Delhi sign space pact</h1>
<p>SEOUL, Dec 6 (Korea Wire) — South Korea and India signed a memorandum on space cooperation
on Saturday, officials said. 🚀 The agreement covers satellite launches and ground stations.</p>
<img src="http://tracker.example/pixel.gif" alt="">
<iframe src="http://ads.example/frame"></iframe>
<p>The Korea AeroSpace Administration (KASA) and the Indian Space Research Organisation (ISRO)
will set up a joint working group, according to a statement released in Seoul.</p>
<p>Lee Jae-myung (이재명) and Narendra Modi welcomed the pact in separate messages.</p>
</article>
<footer>© 2025 Korea Wire. All rights reserved.</footer>
</body></html>
"""


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to reach the network fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    import trafilatura.downloads

    monkeypatch.setattr(trafilatura.downloads, "fetch_url", refuse)
    monkeypatch.setattr(trafilatura.downloads, "fetch_response", refuse)
    return attempts


def test_html_import_takes_main_text_and_metadata_offline(
    fresh: Session, tmp_path: Path, offline: list[str]
) -> None:
    path = tmp_path / "space-pact.html"
    path.write_text(PAGE, encoding="utf-8")
    report = import_ok(fresh, [path])  # .html is recognised by its suffix
    doc = fresh.store.document(report.document_ids[0])
    assert doc.title == "Seoul and Delhi sign space pact"
    assert (doc.source, doc.url, doc.published) == (
        "Korea Wire",
        "https://koreawire.example/news/space-pact",
        "2025-12-06",
    )
    assert doc.meta["author"] == "Kim Min-ji" and doc.meta["file"] == "space-pact.html"
    assert doc.language == "en"
    assert "South Korea and India signed a memorandum" in doc.text
    assert "🚀" in doc.text and "이재명" in doc.text
    for left_out in ("INJECTED", "fetch(", "Home", "All rights reserved", "tracker"):
        assert left_out not in doc.text
    assert offline == []


def test_html_declared_charset_is_honoured_and_undeclared_bytes_reported(
    tmp_path: Path, offline: list[str]
) -> None:
    latin = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    latin = latin.replace("🚀 ", "").replace("(이재명) ", "").replace("—", "-")
    latin = latin.replace("South Korea", "Corée du Sud, South Korea")
    path = tmp_path / "latin.htm"
    path.write_bytes(latin.encode("cp1252"))
    assert "Corée du Sud" in read_html(path).text
    path.write_bytes(latin.replace('<meta charset="windows-1252">', "").encode("cp1252"))
    with pytest.raises(FormatError, match=r"not valid UTF-8: byte 0xe9 .* --encoding cp1252"):
        read_html(path)
    assert "Corée du Sud" in read_html(path, encoding="cp1252").text


def test_html_without_article_text_is_refused(
    fresh: Session, tmp_path: Path, offline: list[str]
) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>alert(1)</script></body></html>", encoding="utf-8")
    report = import_paths(fresh, [path])
    assert report.errors == [f"{path}: no article text found in the page"]
    url_only = tmp_path / "link.html"
    url_only.write_text("http://example.com/article", encoding="utf-8")
    report = import_paths(fresh, [url_only])  # a bare URL is text, never a download
    assert report.documents == 0 and offline == []
