"""Shared output side of the readers: plain text with offsets, structure marks, and the Document.

Readers emit text pieces with their source positions and mark structure (links, bolds,
list items, headings) by plain-text positions. `finish()` then normalises whitespace in
one linear pass (no blank-line runs, no spaces at line edges), moves every mark to the
normalised text, re-reads each mark's text from it (so `plain[start:end] == text` holds
by construction) and builds the Document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from yuezhang.document import (
    Bold,
    Document,
    Link,
    ListItem,
    Reference,
    Section,
    Template,
    TextBuilder,
    paragraphs_of,
)

#: Whitespace to normalise: any run holding a line break, runs of 2+ spaces, and the text's edges.
_WS = re.compile(r"[^\S\n]*\n\s*|[^\S\n]{2,}|^\s+|\s+$")
#: Markup that must never reach plain text, whatever a reader failed to parse.
RESIDUE = re.compile(r"'{3,}|\[\[|\]\]|\{\{|\}\}|-\{|\}-|\{\||\|\}|\*\*|__[A-Z]{2,}__")


class DocBuilder:
    """Accumulates plain text and structure marks for one document (or one fragment of it)."""

    def __init__(self, source: str, auto_reset_lists: bool = True) -> None:
        self.source = source
        self.tb = TextBuilder(source)
        self.links: list[list[Any]] = []  # [start, end, target, external]
        self.bolds: list[list[int]] = []
        self.items: list[list[Any]] = []  # [start, end, ordered, depth, number]
        self.headings: list[list[int]] = []  # [start, end, level]
        self.templates: list[tuple[int, str, dict[str, str], int, int]] = []
        self.references: list[tuple[int, str, str | None]] = []
        self.categories: list[str] = []
        self.meta: dict[str, Any] = {}
        self.memo: dict[Any, int] = {}  # readers' scratch (e.g. where a closing tag is known absent)
        self.auto_reset_lists = auto_reset_lists
        self._item: list[Any] | None = None
        self._counters: dict[int, int] = {}

    @property
    def pos(self) -> int:
        return self.tb.length

    @property
    def in_item(self) -> bool:
        return self._item is not None

    def at_line_start(self) -> bool:
        return self.tb.length == 0 or self.tb.tail(1) == "\n"

    def add(self, text: str, src_start: int, src_end: int | None = None) -> None:
        """Append `text` read from source[src_start:src_end] (verbatim when it equals that slice)."""
        if not text:
            return
        if self._item is not None:
            nl = text.find("\n")
            if nl != -1:
                if nl:
                    self.tb.add(text[:nl], src_start, None if src_end is None else src_start + nl)
                self.close_item()
                rest_start = src_start + nl if src_end is not None else src_start
                self.add(text[nl:], rest_start, src_end)
                return
        elif self.auto_reset_lists and self._counters and (not text.isspace() or "\n\n" in text):
            self._counters.clear()
        self.tb.add(text, src_start, src_end)

    def add_clean(self, text: str, src_start: int) -> None:
        """Append verbatim source text, leaving out any markup residue in it."""
        if RESIDUE.search(text) is None:
            self.add(text, src_start, src_start + len(text))
            return
        last = 0
        for m in RESIDUE.finditer(text):
            if m.start() > last:
                self.add(text[last : m.start()], src_start + last, src_start + m.start())
            last = m.end()
        if last < len(text):
            self.add(text[last:], src_start + last, src_start + len(text))

    def newline(self, src_pos: int) -> None:
        """End the current line unless already at a line start."""
        if not self.at_line_start():
            self.add("\n", src_pos)

    def blank_line(self, src_pos: int) -> None:
        """Make sure what follows starts a new paragraph."""
        self.newline(src_pos)
        if self.tb.length and self.tb.tail(2) != "\n\n":
            self.add("\n", src_pos)

    # structure marks -------------------------------------------------------------------

    def link(self, start: int, target: str, external: bool = False) -> None:
        if target and self.pos > start:
            self.links.append([start, self.pos, target, external])

    def bold(self, start: int) -> None:
        if self.pos > start:
            self.bolds.append([start, self.pos])

    def heading(self, start: int, level: int) -> None:
        if self.pos > start:
            self.headings.append([start, self.pos, level])

    def open_item(self, depth: int, ordered: bool) -> None:
        """Start a list item at the current position; it ends at the next line break."""
        self.close_item()
        for d in [d for d in self._counters if d > depth]:
            del self._counters[d]
        number = None
        if ordered:
            number = self._counters.get(depth, 0) + 1
            self._counters[depth] = number
        else:
            self._counters.pop(depth, None)
        self._item = [self.pos, self.pos, ordered, depth, number]

    def close_item(self) -> None:
        item, self._item = self._item, None
        if item is not None and self.pos > item[0]:
            item[1] = self.pos
            self.items.append(item)

    def reset_lists(self) -> None:
        """A non-list block: the next ordered item starts again at 1."""
        self.close_item()
        self._counters.clear()

    def template(self, name: str, params: dict[str, str], src_start: int, src_end: int) -> None:
        self.templates.append((self.pos, name, params, src_start, src_end))

    def reference(self, text: str, name: str | None) -> None:
        self.references.append((self.pos, text, name))

    def category(self, name: str) -> None:
        if name and name not in self.categories:
            self.categories.append(name)

    # output -----------------------------------------------------------------------------

    def plain_text(self) -> str:
        """Just the normalised text (for template values and references)."""
        self.close_item()
        return normalise_text(self.tb.text())

    def finish(self, title: str | None, path: str, fmt: str, meta: dict[str, Any]) -> Document:
        """The Document; `title=None` chooses it from the text (see `titles.title_from_text`)."""
        from yuezhang.markup.titles import title_from_text

        self.close_item()
        raw, raw_offsets = self.tb.finish()
        plain, offsets, remap = _normalise(raw, raw_offsets)

        def span(start: int, end: int) -> tuple[int, int]:
            s, e = remap(start), remap(end)
            while s < e and plain[s].isspace():
                s += 1
            while e > s and plain[e - 1].isspace():
                e -= 1
            return s, e

        links = []
        for start, end, target, external in self.links:
            s, e = span(start, end)
            if e > s:
                links.append(Link(target=target, text=plain[s:e], start=s, end=e, external=external))
        bolds = [Bold(plain[s:e], s, e) for s, e in (span(a, b) for a, b in self.bolds) if e > s]
        items = []
        for start, end, ordered, depth, number in self.items:
            s, e = span(start, end)
            if e > s:
                items.append(ListItem(plain[s:e], s, e, ordered, depth, number))
        heads = [(s, e, level) for s, e, level in ((*span(a, b), lv) for a, b, lv in self.headings) if e > s]
        lead_end = heads[0][0] if heads else len(plain)
        if title is None:
            title = title_from_text(plain[:lead_end] or plain, [b.text for b in bolds if b.start < lead_end])
        templates = [Template(n, p, remap(at), remap(at), ss, se) for at, n, p, ss, se in self.templates]
        refs = [Reference(text, name, remap(at), remap(at)) for at, text, name in self.references]
        return Document(
            title=title,
            path=path,
            format=fmt,
            source=self.source,
            plain=plain,
            offsets=offsets,
            sections=_sections(title, heads, lead_end, len(plain), plain),
            paragraphs=paragraphs_of(plain),
            links=links,
            bolds=bolds,
            list_items=items,
            templates=templates,
            categories=list(self.categories),
            references=refs,
            meta={**self.meta, **meta},
        )


def _ws_replacement(m: re.Match[str]) -> str:
    text = m.group(0)
    if m.start() == 0 or m.end() == len(m.string):
        return ""
    if "\n" in text:
        return "\n\n" if text.count("\n") > 1 else "\n"
    return "\t" if "\t" in text else " "


def _normalise(raw: str, raw_offsets: list[int]):
    """Normalised text, its offsets, and a function moving raw positions onto it."""
    parts: list[str] = []
    offsets: list[int] = []
    starts: list[int] = []  # raw start of each replaced run
    ends: list[int] = []  # raw end of each replaced run
    new_starts: list[int] = []  # where each run's replacement begins in the new text
    shifts: list[int] = []  # new position minus raw position after each run
    last = 0
    length = 0
    for m in _WS.finditer(raw):
        rs, re_ = m.span()
        rep = _ws_replacement(m)
        if rep == m.group(0):
            continue
        parts.append(raw[last:rs])
        offsets.extend(raw_offsets[last:rs])
        length += rs - last
        new_starts.append(length)
        parts.append(rep)
        offsets.extend([raw_offsets[rs]] * len(rep))
        length += len(rep)
        starts.append(rs)
        ends.append(re_)
        shifts.append(length - re_)
        last = re_
    parts.append(raw[last:])
    offsets.extend(raw_offsets[last:-1])
    length += len(raw) - last
    offsets.append(offsets[-1] + 1 if offsets else (raw_offsets[-1] if raw_offsets else 0))

    def remap(pos: int) -> int:
        i = bisect_right(starts, pos) - 1
        if i < 0:
            return pos
        if pos < ends[i]:  # inside a replaced run: onto its replacement
            return min(new_starts[i] + (pos - starts[i]), ends[i] + shifts[i])
        return pos + shifts[i]

    return "".join(parts), offsets, remap


def _sections(
    title: str, heads: list[tuple[int, int, int]], lead_end: int, length: int, plain: str
) -> list[Section]:
    """The lead (level 1, titled like the document) and one section per heading, nested by level."""
    sections = [Section(title=title, level=1, start=0, end=lead_end, heading_start=0, heading_end=0)]
    if any(level == 1 for _s, _e, level in heads):  # "= h =" / "# h": level 1 is the lead's, move all down
        heads = [(s, e, level + 1) for s, e, level in heads]
    for i, (s, e, level) in enumerate(heads):
        end = length
        for s2, _e2, level2 in heads[i + 1 :]:
            if level2 <= level:
                end = s2
                break
        sections.append(
            Section(title=plain[s:e], level=level, start=s, end=end, heading_start=s, heading_end=e)
        )
    return sections


def normalise_text(text: str) -> str:
    """Whitespace normalised as in `finish()`, for text that needs no offsets."""
    return _WS.sub(_ws_replacement, text)
