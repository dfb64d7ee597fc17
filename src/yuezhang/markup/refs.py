"""Find `<ref>` footnotes in wikitext before parsing, and read their text cheaply.

Footnotes are about 40% of a typical article's wikitext (citation templates with many
parameters) yet show no text. Each one found here is masked as a same-length comment
before mwparserfromhell sees the chunk, which halves parsing time; its text is read by
the linear fallback reader (which shows a citation template as its title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"<!--|<nowiki\b[^<>]{0,300}>|<ref\b([^<>]{0,300}?)(/?)>", re.I)
_CLOSE_REF = re.compile(r"</ref\s*>", re.I)
_CLOSE_NOWIKI = re.compile(r"</nowiki\s*>", re.I)
_NAME = re.compile(r"""\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'/>]+))""", re.I)
_MASKABLE = 7  # len("<!---->"): shorter refs are left to the parser


@dataclass(frozen=True)
class Ref:
    """A footnote at source[start:end]; its content is source[body_start:body_end] (empty if self-closing)."""

    start: int
    end: int
    name: str | None
    body_start: int
    body_end: int


def find_refs(source: str, start: int, end: int) -> list[Ref]:
    """The footnotes of source[start:end] outside comments and nowiki, in order; linear time."""
    out: list[Ref] = []
    pos = start
    ref_close_absent = False  # once no `</ref>` follows, none will: skip the search from then on
    while True:
        m = _OPEN.search(source, pos, end)
        if m is None:
            return out
        tok = m.group(0)
        if tok == "<!--":
            close = source.find("-->", m.end(), end)
            if close == -1:
                return out
            pos = close + 3
        elif tok[1] in "nN":
            c = _CLOSE_NOWIKI.search(source, m.end(), end)
            if c is None:
                return out
            pos = c.end()
        elif m.group(2):
            out.append(Ref(m.start(), m.end(), _name(m.group(1)), m.end(), m.end()))
            pos = m.end()
        else:
            c = None if ref_close_absent else _CLOSE_REF.search(source, m.end(), end)
            if c is None:
                ref_close_absent = True
                pos = m.end()
                continue
            out.append(Ref(m.start(), c.end(), _name(m.group(1)), m.end(), c.start()))
            pos = c.end()


def _name(attrs: str) -> str | None:
    m = _NAME.search(attrs)
    if not m:
        return None
    name = next(g for g in m.groups() if g is not None).strip()
    return name or None


def masked(source: str, start: int, end: int, refs: list[Ref]) -> tuple[str, list[Ref]]:
    """source[start:end] with each footnote long enough turned into a same-length comment."""
    parts: list[str] = []
    kept: list[Ref] = []
    last = start
    for r in refs:
        size = r.end - r.start
        if size < _MASKABLE:
            continue
        parts.append(source[last : r.start])
        parts.append("<!--" + " " * (size - 7) + "-->")
        kept.append(r)
        last = r.end
    parts.append(source[last:end])
    return "".join(parts), kept
