"""A best-effort, linear, regex-based wikitext reader for input the parser cannot take.

Used for chunks nested too deeply (see `chunks.py`) or when the parser fails. It keeps
the text outside templates, comments and tags, keeps link labels, and drops the markup;
it records no structure beyond the text itself.
"""

from __future__ import annotations

import html
import re

from yuezhang.markup.builder import DocBuilder

_TOKENS = re.compile(
    r"\{\{|\}\}|\[\[(?:[^\[\]|\n]{0,300}\|)?|\]\]|<!--|-->|<[^<>\n]{0,300}>|'{2,}|&#?\w{1,10};|-\{|\}-"
    r"|^[ \t]*(?:\{\||\|\}(?!\})|\|-|\|\+|[|!])|^[#*:;]+|^=+|=+[ \t]*$",
    re.M,
)


def read_into(b: DocBuilder, source: str, start: int, end: int) -> None:
    """Emit the readable text of source[start:end] into `b`."""
    depth = 0
    comment = False
    last = start
    for m in _TOKENS.finditer(source, start, end):
        if depth == 0 and not comment and m.start() > last:
            b.add_clean(source[last : m.start()], last)
        last = m.end()
        tok = m.group(0)
        if comment:
            comment = tok != "-->"
        elif tok == "<!--":
            comment = True
        elif tok == "{{":
            depth += 1
        elif tok == "}}":
            depth = max(0, depth - 1)
        elif depth == 0 and tok[0] == "&":
            b.add(html.unescape(tok).replace("\xa0", " "), m.start())
        elif depth == 0 and tok.lower().startswith("<br"):
            b.add("\n", m.start())
    if depth == 0 and not comment and end > last:
        b.add_clean(source[last:end], last)
