"""The document model: one object per article, which every later stage reads.

A reader (`yuezhang.markup`) turns an article's source (wikitext, Markdown or plain
text) into a `Document`: the plain text a reader would see, with every structural
element (links, bold terms, list items, sections, templates, ...) as a span of that
plain text, and an offset map from plain text back to the source. Extractors work on
`Document.plain` (or the offset-aligned `Document.folded`, in simplified script) and
report spans, so every fact can be shown in its sentence and in the source.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from yuezhang.variants import fold

FORMATS = ("wikitext", "markdown", "plain")


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) of `Document.plain`."""

    start: int
    end: int


@dataclass
class Link:
    target: str  # the wiki page title the link points at
    text: str  # the text shown; plain[start:end] == text
    start: int
    end: int
    external: bool = False


@dataclass
class Bold:
    text: str
    start: int
    end: int


@dataclass
class ListItem:
    text: str
    start: int
    end: int
    ordered: bool
    depth: int = 1
    number: int | None = None  # 1-based position in its ordered list


@dataclass
class Section:
    title: str
    level: int  # 1 for the lead, 2 for "== h ==" / "## h", ...
    start: int  # span of the section's text in plain, heading included
    end: int
    heading_start: int = 0
    heading_end: int = 0


@dataclass
class Template:
    name: str
    params: dict[str, str]
    start: int  # position in plain where the template stood (templates show no text)
    end: int
    source_start: int = 0
    source_end: int = 0


@dataclass
class Reference:
    text: str  # the reference's content as plain text ("" for <ref name=x/>)
    name: str | None
    start: int  # position in plain where the reference mark stood
    end: int


@dataclass
class Document:
    """An article read into plain text with structure and an offset map to its source."""

    title: str
    path: str  # the file (or dump#page) it came from
    format: str  # one of FORMATS
    source: str  # the decoded source text
    plain: str
    offsets: list[int]  # offsets[i] = source index of plain[i]; len(plain) + 1 entries
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    bolds: list[Bold] = field(default_factory=list)
    list_items: list[ListItem] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)  # titles that redirect here (dumps)
    meta: dict[str, Any] = field(default_factory=dict)  # page id, revision, timestamp ...
    content_hash: str = ""
    _folded: str | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    @property
    def folded(self) -> str:
        """The plain text in simplified script, offset for offset."""
        if self._folded is None:
            self._folded = fold(self.plain)
        return self._folded

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range that plain[start:end] was read from."""
        if start >= end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def sentence_span(self, start: int, end: int | None = None) -> Span:
        """The sentence (ending in 。！？；, a line break, or the text's edge) holding [start, end)."""
        end = start if end is None else end
        text = self.plain
        left = max(text.rfind(c, 0, start) for c in "。！？\n") + 1
        right = min(
            (i for i in (text.find(c, max(end, start)) for c in "。！？\n") if i != -1), default=len(text)
        )
        if right < len(text) and text[right] != "\n":
            right += 1
        return Span(left, right)

    def sentence(self, start: int, end: int | None = None) -> str:
        s = self.sentence_span(start, end)
        return self.plain[s.start : s.end].strip()

    def section_at(self, pos: int) -> Section | None:
        """The innermost section holding plain position `pos`."""
        best = None
        for s in self.sections:
            if s.start <= pos < s.end and (best is None or s.level >= best.level):
                best = s
        return best

    @property
    def lead(self) -> Span:
        """The text before the first heading."""
        heads = [s.heading_start for s in self.sections if s.level > 1]
        return Span(0, min(heads) if heads else len(self.plain))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("_folded", None)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        d = dict(d)
        d.pop("_folded", None)
        d["sections"] = [Section(**x) for x in d.get("sections", [])]
        d["paragraphs"] = [Span(**x) for x in d.get("paragraphs", [])]
        d["links"] = [Link(**x) for x in d.get("links", [])]
        d["bolds"] = [Bold(**x) for x in d.get("bolds", [])]
        d["list_items"] = [ListItem(**x) for x in d.get("list_items", [])]
        d["templates"] = [Template(**x) for x in d.get("templates", [])]
        d["references"] = [Reference(**x) for x in d.get("references", [])]
        return cls(**d)


class TextBuilder:
    """Accumulates plain text piece by piece, recording where each character came from.

    Readers call `add(text, src_start, src_end)`. When `text` is the source slice
    itself, each character maps to its own source position; otherwise (an entity, a
    converted piece) every character of `text` maps to `src_start`.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.offsets: list[int] = []
        self.length = 0

    def add(self, text: str, src_start: int, src_end: int | None = None) -> Span:
        start = self.length
        if not text:
            return Span(start, start)
        if (
            src_end is not None
            and src_end - src_start == len(text)
            and self.source[src_start:src_end] == text
        ):
            self.offsets.extend(range(src_start, src_end))
        else:
            self.offsets.extend([src_start] * len(text))
        self.parts.append(text)
        self.length += len(text)
        return Span(start, self.length)

    def text(self) -> str:
        return "".join(self.parts)

    def tail(self, n: int) -> str:
        """The last `n` characters added (cheap: looks at the last parts only)."""
        out = ""
        for p in reversed(self.parts):
            out = p + out
            if len(out) >= n:
                break
        return out[-n:]

    def finish(self) -> tuple[str, list[int]]:
        """The plain text and its offset map (with one end entry past the last char)."""
        end = self.offsets[-1] + 1 if self.offsets else 0
        return self.text(), self.offsets + [end]


def paragraphs_of(plain: str) -> list[Span]:
    """Paragraphs: runs of text separated by blank lines (or line breaks between blocks)."""
    spans = []
    pos = 0
    for line in plain.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append(Span(s + lead, s + lead + len(stripped)))
    return spans
