"""MediaWiki wikitext → plain text and structure, through mwparserfromhell.

Nodes carry no offsets, so the walker tracks them: a node's source span is the running
sum of `len(str(node))` over its preceding siblings, which is exact because
mwparserfromhell round-trips its input. Large sources are parsed in chunks cut at blank
lines outside any open construct (`chunks.py`); a chunk whose nesting would make the
parser slow is read by the regex fallback instead.
"""

from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import (
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from yuezhang.markup import chunks, fallback
from yuezhang.markup.builder import RESIDUE, DocBuilder, normalise_text
from yuezhang.markup.langconv import CONVERSION, shown
from yuezhang.markup.refs import Ref, find_refs, masked
from yuezhang.markup.tables import inline_template, tables
from yuezhang.markup.titles import namespace_kind, normalize_title, split_namespace

_REDIRECT = re.compile(r"\s*#\s*(?:REDIRECT|重定向)\s*:?\s*\[\[([^\]|\n]+)", re.I)
_TRAIL = re.compile(r"[A-Za-z]+")
_MARKERS = {"li", "dt", "dd"}
_TABLE_CELLS = {"td", "th"}
_BLANK_ENTITIES = {
    "\xa0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\xad": "",
}
_DIGITS = re.compile(r"\s*\d{1,4}\s*")


def read_wikitext(source: str, start: int = 0) -> DocBuilder:
    """Read source[start:] as wikitext into a DocBuilder."""
    b = DocBuilder(source)
    m = _REDIRECT.match(source, start)
    if m:
        b.meta["redirect"] = normalize_title(m.group(1))
    walker = _Walker(b)
    for cs, ce, safe in chunks.split(source, start):
        if safe:
            text, refs = masked(source, cs, ce, find_refs(source, cs, ce))
            try:
                code = mwparserfromhell.parse(text, skip_style_tags=False)
            except RecursionError:
                code = None
            if code is not None:
                walker.refs = {r.start: r for r in refs}
                walker.walk(code, cs)
                continue
        fallback.read_into(b, source, cs, ce)
    return b


class _Walker:
    """Walks parsed wikitext, emitting text and marks into a DocBuilder."""

    def __init__(
        self, b: DocBuilder, keep_templates: bool = True, refs: dict[int, Ref] | None = None
    ) -> None:
        self.b = b
        self.keep_templates = keep_templates  # fragments (values, references) record none
        self.refs = refs or {}  # footnotes masked as comments before parsing, by source start
        t = tables()
        self.drop_tags = t["drop_tags"]
        self.block_tags = t["block_tags"]
        self.bold_tags = t["bold_tags"]
        self.note_templates = t["note_templates"]
        self.date_templates = t["date_templates"]

    def plain_of(self, code: Wikicode, pos: int) -> str:
        """The plain text of a fragment (a template value, a reference), normalised."""
        nodes = code.nodes
        if len(nodes) == 1 and type(nodes[0]) is Text:  # most values: skip the machinery
            value = nodes[0].value
            if "-{" not in value and RESIDUE.search(value) is None:
                return normalise_text(value)
        sub = DocBuilder(self.b.source)
        _Walker(sub, keep_templates=False, refs=self.refs).walk(code, pos)
        return sub.plain_text()

    def walk(self, code: Wikicode, pos: int, skip: int = 0, rstrip: bool = False) -> None:
        """Emit a node list; `skip` leading characters of its first Text are not shown, and with
        `rstrip` neither is the trailing whitespace of its last Text (table cells)."""
        self.walk_nodes(code.nodes, pos, skip, rstrip)

    def walk_nodes(self, nodes: list, pos: int, skip: int = 0, rstrip: bool = False) -> None:
        b = self.b
        prefix = ""
        last = len(nodes) - 1
        for i, node in enumerate(nodes):
            n = len(node.value) if type(node) is Text else len(str(node))
            cut, skip = skip, 0
            if isinstance(node, Tag) and node.wiki_markup and str(node.tag) in _MARKERS:
                if b.in_item and not prefix:  # "; term : definition" on one line
                    b.add(" ", pos)
                prefix += str(node.wiki_markup)[-1:]
                pos += n
                continue
            if prefix:
                b.open_item(len(prefix), prefix[-1] == "#")
                prefix = ""
            if isinstance(node, Text):
                value = node.value.rstrip() if rstrip and i == last else node.value
                self.text(value[cut:], pos + cut)
            elif isinstance(node, Wikilink):  # its trail: characters of the next Text it shows
                skip = self.wikilink(node, pos, nodes[i + 1] if i + 1 < len(nodes) else None, pos + n)
            elif isinstance(node, Template):
                self.template(node, pos, n)
            elif isinstance(node, Tag):
                self.tag(node, pos, n)
            elif isinstance(node, Heading):
                self.heading(node, pos, n)
            elif isinstance(node, ExternalLink):
                self.external_link(node, pos)
            elif isinstance(node, HTMLEntity):
                ch = node.normalize()
                b.add(_BLANK_ENTITIES.get(ch, ch), pos)
            elif pos in self.refs:  # a masked footnote (a Comment node)
                r = self.refs[pos]
                b.reference(fallback.ref_text(b.source, r.body_start, r.body_end), r.name)
            # other Comments, Arguments: nothing shown
            pos += n
        if prefix:
            b.open_item(len(prefix), prefix[-1] == "#")

    def text(self, value: str, pos: int) -> None:
        """Verbatim text, with `-{…}-` conversions resolved and markup residue dropped."""
        if "-{" not in value:
            self.b.add_clean(value, pos)
            return
        last = 0
        for m in CONVERSION.finditer(value):
            self.b.add_clean(value[last : m.start()], pos + last)
            part = shown(m.group(1))
            if part is not None:
                s, e = m.start(1) + part[0], m.start(1) + part[1]
                self.b.add_clean(value[s:e], pos + s)
            last = m.end()
        self.b.add_clean(value[last:], pos + last)

    def wikilink(self, node: Wikilink, pos: int, after: object, end: int) -> int:
        """Emit a link; returns how many characters of the following Text were its trail."""
        b = self.b
        raw_title = str(node.title)
        escaped = raw_title.lstrip().startswith(":")
        title = normalize_title(raw_title)
        prefix, rest = split_namespace(title)
        kind = namespace_kind(prefix) if prefix else None
        if not escaped and kind in ("file", "language"):
            return 0
        if not escaped and kind == "category":
            b.category(rest)
            return 0
        external = kind in ("interwiki", "language")
        if external:
            target = " ".join(raw_title.strip().lstrip(":").replace("_", " ").split())
        else:
            target = title
        start = b.pos
        if node.text is not None and str(node.text).strip():
            self.walk(node.text, pos + 2 + len(raw_title) + 1)
        else:
            lead = len(raw_title) - len(raw_title.lstrip().lstrip(":"))
            self.text(raw_title[lead:], pos + 2 + lead)
        trail = 0
        if isinstance(after, Text):
            m = _TRAIL.match(after.value)
            if m:
                trail = m.end()
                b.add(m.group(0), end, end + trail)
        b.link(start, target, external)
        return trail

    def template(self, node: Template, pos: int, n: int) -> None:
        b = self.b
        raw_name = str(node.name)
        name = " ".join(raw_name.replace("_", " ").split())
        prefix, rest = split_namespace(name)
        if prefix in tables()["template_namespaces"]:
            name = rest
        key = name.casefold()
        params: dict[str, str] = {}
        values: dict[str, tuple[Wikicode, int]] = {}
        off = pos + 2 + len(raw_name)
        for p in node.params:
            off += 1
            pname = str(p.name).strip()
            vpos = off + (len(str(p.name)) + 1 if p.showkey else 0)
            values[pname] = (p.value, vpos)
            off += len(str(p))

        def text_of(pname: str) -> str:
            if pname not in params:
                params[pname] = self.plain_of(*values[pname]) if pname in values else ""
            return params[pname]

        if self.keep_templates:
            b.template(name, {k: text_of(k) for k in values}, pos, pos + n)
        if key in self.note_templates and "1" in values:
            b.reference(text_of("1"), None)
            return
        if key in self.date_templates:
            ymd = [text_of(k) for k in ("1", "2", "3")]
            if ymd[0] and all(_DIGITS.fullmatch(v) for v in ymd if v):
                text = "".join(f"{int(v)}{u}" for v, u in zip(ymd, "年月日", strict=True) if v)
                b.add(text, pos)
            return
        symbol = tables()["template_text"].get(key)
        if symbol is not None:
            b.add(symbol, pos)
            return
        spec = inline_template(name)
        if spec is None:
            return
        for pname in [spec["show"], *spec.get("named", [])]:
            if text_of(pname):
                if spec.get("block"):
                    b.blank_line(pos)
                self.walk(*values[pname])
                if spec.get("block"):
                    b.blank_line(pos + n)
                return

    def tag(self, node: Tag, pos: int, n: int) -> None:
        b = self.b
        name = str(node.tag).strip().lower()
        if node.invalid or name in self.drop_tags:
            return
        if name == "br":
            b.add("\n", pos)
            return
        if name == "hr":
            b.newline(pos)
            return
        if name == "ref":
            ref_name = str(node.get("name").value).strip().strip("\"'") if node.has("name") else None
            text = ""
            if not node.self_closing and node.contents is not None:
                text = self.plain_of(node.contents, pos + self._contents_offset(node))
            b.reference(text, ref_name or None)
            return
        if node.self_closing or node.contents is None:
            return
        cpos = pos + self._contents_offset(node)
        if name in self.bold_tags:
            start = b.pos
            self.walk(node.contents, cpos)
            b.bold(start)
        elif name in ("table", "tr"):
            b.reset_lists()
            b.newline(pos)
            self.rows(node.contents, cpos, name == "tr")
            b.newline(pos + n)
        elif name in _TABLE_CELLS or name == "caption":
            b.newline(pos)
            self.walk(node.contents, cpos, rstrip=True)
            b.newline(pos + n)
        elif name in self.block_tags:
            b.newline(pos)
            self.walk(node.contents, cpos)
            b.newline(pos + n)
        else:
            self.walk(node.contents, cpos)

    def rows(self, code: Wikicode, pos: int, in_row: bool) -> None:
        """A table's (or a row's) children: one line per row, cells separated by tabs."""
        b = self.b
        first_cell = True
        for node in code.nodes:
            n = len(str(node))
            name = str(node.tag).strip().lower() if isinstance(node, Tag) else ""
            if name in _TABLE_CELLS and node.contents is not None:
                cpos = pos + self._contents_offset(node)
                caption = not in_row and node.wiki_markup == "|" and str(node.contents).startswith("+")
                if caption or first_cell:
                    b.newline(pos)
                else:
                    b.add("\t", pos)
                self.walk(node.contents, cpos, skip=1 if caption else 0, rstrip=True)
                first_cell = caption
            else:
                if name == "tr":
                    first_cell = True
                self.walk_nodes([node], pos)
            pos += n

    @staticmethod
    def _contents_offset(node: Tag) -> int:
        """Where a tag's contents start within the tag's own source text."""
        whole = len(str(node))
        if node.wiki_markup:
            close = len(node.closing_wiki_markup or "")
        else:
            close = len(str(node.closing_tag)) + 3
        return whole - len(str(node.contents)) - close

    def heading(self, node: Heading, pos: int, n: int) -> None:
        b = self.b
        b.reset_lists()
        b.blank_line(pos)
        start = b.pos
        self.walk(node.title, pos + node.level)
        b.heading(start, node.level)
        b.blank_line(pos + n)

    def external_link(self, node: ExternalLink, pos: int) -> None:
        b = self.b
        url = str(node.url)
        if not node.brackets:
            b.add(url, pos, pos + len(url))
            return
        if node.title is None:
            return
        start = b.pos
        space = 0 if node.suppress_space else 1
        self.walk(node.title, pos + 1 + len(url) + space)
        b.link(start, url.strip(), external=True)
