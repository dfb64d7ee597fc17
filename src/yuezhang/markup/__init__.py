"""Readers: an article's source (wikitext, Markdown or plain text) → `Document`.

`read()` is the one entry point: it takes the optional fetcher header off, detects the
format from the content, runs the reader, and settles the title (given > header > file
name > first bold term of the lead > head of the first sentence).
"""

from __future__ import annotations

from collections.abc import Callable

from yuezhang.document import FORMATS, Document
from yuezhang.markup.builder import DocBuilder
from yuezhang.markup.detect import detect_format
from yuezhang.markup.header import parse_header
from yuezhang.markup.markdown import read_markdown
from yuezhang.markup.plain import read_plain
from yuezhang.markup.titles import title_from_path
from yuezhang.markup.wikitext import read_wikitext

READERS: dict[str, Callable[[str, int], DocBuilder]] = {
    "wikitext": read_wikitext,
    "markdown": read_markdown,
    "plain": read_plain,
}

__all__ = ["read", "detect_format", "READERS"]


def read(source: str, path: str, title: str | None = None, fmt: str | None = None) -> Document:
    """Read one article. `title` (from a dump or an API) wins over any title found here."""
    if source.startswith("\ufeff"):
        source = source[1:]
    header, body = parse_header(source)
    meta = {k: v for k, v in header.items() if k != "title" and v is not None}
    if title is None and isinstance(header.get("title"), str) and header["title"].strip():
        title = header["title"].strip()
    if fmt is None:
        fmt = detect_format(source[body:])
    elif fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    builder = READERS[fmt](source, body)
    if title is None:
        title = title_from_path(path)
    return builder.finish(title, path, fmt, meta)
