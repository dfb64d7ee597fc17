"""A best-effort, linear, regex-based wikitext reader for input the parser should not take.

Used for chunks nested too deeply (see `chunks.py`), when the parser fails, and for the
text of footnotes (see `refs.py`). It keeps the text outside templates, comments and
tags, keeps link labels and external link titles, shows a citation template as its
title, and drops the markup; it records footnotes but no other structure.
"""

from __future__ import annotations

import html
import re

from yuezhang.markup.builder import DocBuilder
from yuezhang.markup.refs import find_refs

_TOKENS = re.compile(
    r"\{\{|\}\}|\[\[(?:[^\[\]|\n]{0,300}\|)?|\]\]|<!--|-->|<[^<>\n]{0,300}>|'{2,}|&#?\w{1,10};|-\{|\}-"
    r"|\[(?:https?:|ftp:)?//[^\s\]]{1,2000}(?:[ \t]+(?P<title>[^\]\n]{0,500}))?\]"
    r"|^[ \t]*(?:\{\||\|\}(?!\})|\|-|\|\+|[|!])|^[#*:;]+|^=+|=+[ \t]*$",
    re.M,
)
_CITE_TITLE = re.compile(
    r"\{\{\s*(?:cite|citation)[^{}|]{0,50}(?:\|[^{}|]{0,1000}){0,30}?\|\s*title\s*=\s*((?:\[\[[^\[\]{}\n]{0,300}\]\]|[^|{}\[\n]|\[(?!\[)){1,500})",
    re.I,
)


def read_into(b: DocBuilder, source: str, start: int, end: int) -> None:
    """Emit the readable text of source[start:end] into `b`, and its footnotes as references."""
    refs = {r.start: r for r in find_refs(source, start, end)}
    depth = 0
    comment = False
    pos = start
    while pos < end:
        m = _TOKENS.search(source, pos, end)
        if m is None:
            break
        visible = depth == 0 and not comment
        if visible and m.start() > pos:
            b.add_clean(source[pos : m.start()], pos)
        pos = m.end()
        tok = m.group(0)
        if comment:
            comment = tok != "-->"
        elif m.start() in refs:
            r = refs[m.start()]
            if depth == 0:
                b.reference(ref_text(source, r.body_start, r.body_end), r.name)
            pos = max(pos, r.end)
        elif tok == "<!--":
            comment = True
        elif tok == "{{":
            if depth == 0:
                cite = _CITE_TITLE.match(source, m.start(), end)
                if cite:
                    title = cite.group(1)
                    read_into(b, source, cite.start(1), cite.start(1) + len(title.rstrip()))
            depth += 1
        elif tok == "}}":
            depth = max(0, depth - 1)
        elif not visible:
            continue
        elif tok[0] == "&":
            b.add(html.unescape(tok).replace("\xa0", " "), m.start())
        elif tok.lower().startswith("<br"):
            b.add("\n", m.start())
        elif m.group("title"):
            b.add_clean(m.group("title"), m.start("title"))
    if depth == 0 and not comment and end > pos:
        b.add_clean(source[pos:end], pos)


def ref_text(source: str, start: int, end: int) -> str:
    """The plain text of a footnote's content."""
    sub = DocBuilder(source)
    read_into(sub, source, start, end)
    return sub.plain_text()
