"""Plain text: paragraphs and lines as they are."""

from __future__ import annotations

from yuezhang.markup.builder import DocBuilder


def read_plain(source: str, start: int = 0) -> DocBuilder:
    """Read source[start:] as plain text (whitespace is normalised by the builder)."""
    b = DocBuilder(source)
    b.add(source[start:], start, len(source))
    return b
