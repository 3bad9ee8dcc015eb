"""A saved news web page (`.html`) as a document: main text and metadata, via trafilatura.

The page is decoded here (a BOM, else `--encoding`, else the `<meta charset>` it declares, else
strict UTF-8: bytes that do not fit are reported, never guessed) and handed to trafilatura as a
string: trafilatura only parses it (lxml, no network access, scripts never run) and is given no
URL, so nothing is downloaded, neither the page nor its images, scripts or styles. Comments,
navigation, images and links are left out; the text keeps trafilatura's paragraphs (one per
line). Title, author, publication date, canonical URL and site name come from the page's
metadata (`<meta>`, Open Graph, JSON-LD).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from annotation.formats.base import (
    FormatError,
    Located,
    decode_bytes,
    encoding_problem,
    normalise_newlines,
)
from annotation.formats.files import PAGE, read_input
from annotation.model import NewDocument
from annotation.schema import Schema

HTML_SUFFIXES = (".html", ".htm")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_LANG = re.compile(r"""<html[^>]*\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.IGNORECASE)


#: what browsers decode these labels as (the WHATWG Encoding Standard)
_BROWSER_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its first few kilobytes, if any."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    return _BROWSER_ALIASES.get(label, label)


def extract(html: str) -> dict[str, Any] | None:
    """trafilatura's main text and metadata of a page (None when it finds no article text)."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=None,  # no URL: nothing to fetch, and no base to resolve links against
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_tables=True,
        favor_precision=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if document is None:
        return None
    result = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return dict(result)


def read(path: Path, encoding: str | None, schema: Schema) -> list[Located]:
    """The registry's reader: the page is one article."""
    return [Located(path, None, read_html(path, encoding))]


def read_html(path: str | Path, encoding: str | None = None) -> NewDocument:
    """One saved web page as a document."""
    path = Path(path)
    data = read_input(path, PAGE)
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    declared = None if encoding or has_bom else declared_charset(data)
    problem = encoding_problem(declared) if declared is not None else None
    if problem is not None:
        raise FormatError(
            f"the page declares its encoding as {declared!r}: {problem}; import it again with "
            "--encoding naming the page's real encoding",
            path=path,
        )
    html = decode_bytes(data, path, encoding or declared)
    found = extract(html)
    text = normalise_newlines((found or {}).get("text") or "").strip()
    if not found or not text:
        raise FormatError("no article text found in the page", path=path)
    meta: dict[str, Any] = {"file": path.name}
    for key, name in (("author", "author"), ("sitename", "site_name"), ("hostname", "hostname")):
        value = found.get(key)
        if isinstance(value, str) and value.strip():
            meta[name] = value.strip()
    language = found.get("language") or _page_language(html) or "en"
    return NewDocument(
        text=text,
        title=(found.get("title") or "").strip(),
        source=meta.get("site_name") or meta.get("hostname"),
        url=found.get("url") or None,
        published=found.get("date") or None,
        language=str(language).lower(),
        meta=meta,
    )


def _page_language(html: str) -> str | None:
    match = _LANG.search(html[:4096])
    return match.group(1).lower() if match else None
