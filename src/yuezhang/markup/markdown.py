"""Markdown (as pandoc writes it from wikitext) → plain text and structure.

Blocks are found line by line (headings, list items with their continuation lines,
block quotes, table rows, paragraphs); inline markup is read by one token regex run
over each block's source range, recursing into link labels and emphasis. Every
quantifier is bounded, so unclosed markup costs linear time.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from yuezhang.markup.builder import DocBuilder
from yuezhang.markup.langconv import CONVERSION, shown
from yuezhang.markup.titles import namespace_kind, normalize_title, split_namespace

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|[ \t]+$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_TABLE_RULE = re.compile(
    r"[ \t]*(?:\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?|\+(?:[-=:]+\+)+|-{3,}(?:[ \t]+-{3,})+)[ \t]*$"
)
_TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*$")
_CELL_SEP = re.compile(r"(?<!\\)\|")
_COMMENT_LINE = re.compile(r"[ \t]*<!--.*-->[ \t]*$")
_WIKI_URL = re.compile(
    r"(?:(?:\.\./)*Page/(?P<page>.+?)(?:\.md)?"
    r"|https?://zh\.(?:m\.)?wikipedia\.org/(?:wiki|zh|zh-hans|zh-hant|zh-cn|zh-tw|zh-hk|zh-sg|zh-mo|zh-my)/(?P<wiki>.+))$"
)
_UNESCAPE = re.compile(r"\\(.)")

_INLINE = re.compile(
    r"(?P<wikiesc>\\\[\\\[|\\\]\\\])"
    r"|(?P<hardbreak>\\\n)"
    r"|\\(?P<esc>[!-/:-@\[-`{-~])"
    r"|(?P<soft>\n[ \t>]*)"
    r"|(?P<imglink>\[!\[[^\]\n]{0,500}\]\([^)\n]{0,1000}\)\]\([^)\n]{0,1000}\))"
    r"|(?P<img>!\[(?:\\.|[^\]\\]){0,500}\]\((?:\\.|[^)\\]){0,1000}\))"
    r"|\[(?P<text>(?:\\.|[^\[\]\\]|\[(?:\\.|[^\[\]\\]){0,500}\]){0,1000})\]"
    r"\((?P<dest>(?:\\.|[^\s()\\]|\((?:\\.|[^\s()\\]){0,300}\)){0,2000})"
    r"(?:[ \t\n]+\"(?P<title>(?:\\.|[^\"\\]){0,300})\")?[ \t]*\)"
    r"|<(?P<auto>(?:https?|ftp)://[^>\s]{1,2000})>"
    r"|(?P<comment><!--)"
    r"|(?P<refempty><ref\b[^<>]{0,300}/>)"
    r"|(?P<ref><ref\b[^<>/]{0,300}>)"
    r"|<a\s[^<>]{0,1000}?href=\"(?P<href>[^\"]{0,2000})\"(?P<aattr>[^<>]{0,1000})>(?P<atext>.{0,2000}?)</a>"
    r"|(?P<br><br\s*/?>)"
    r"|(?P<tag></?(?P<tagname>[A-Za-z][A-Za-z0-9]{0,20})(?:\s[^<>]{0,500})?/?>)"
    r"|\*\*(?=\S)(?P<b1>.{1,2000}?)(?<=\S)\*\*"
    r"|(?<!\w)__(?=\S)(?P<b2>.{1,2000}?)(?<=\S)__(?!\w)"
    r"|\*(?![\s*])(?P<e1>[^*]{1,2000}?)(?<![\s*\\])\*"
    r"|(?<!\w)_(?![\s_])(?P<e2>[^_]{1,2000}?)(?<![\s_\\])_(?!\w)"
    r"|(?P<tick>`{1,8})(?P<code>[^`]{1,2000})(?P=tick)(?!`)"
    r"|~~(?P<strike>.{1,2000}?)~~"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,10});)"
    r"|(?P<conv>" + CONVERSION.pattern + r")"
    r"|(?P<template>\{\{[^{}\n]{0,500}\}\})",
    re.S,
)
_TAG_TEXT = {"tr": "\n", "td": "\t", "th": "\t", "p": "\n", "div": "\n", "li": "\n"}
_REF_NAME = re.compile(r"name\s*=\s*[\"']?([^\"'>/]+)")
_TITLE_ATTR = re.compile(r"title=\"([^\"]*)\"")


def read_markdown(source: str, start: int = 0) -> DocBuilder:
    """Read source[start:] as pandoc-style Markdown into a DocBuilder."""
    b = DocBuilder(source, auto_reset_lists=False)
    lines = _lines(source, start)
    stack: list[tuple[int, int]] = []  # (marker column, content column) of the open list levels
    i = 0
    while i < len(lines):
        ls, le = lines[i]
        line = source[ls:le]
        if not line.strip():
            i += 1
            continue
        if _COMMENT_LINE.match(line):
            b.reset_lists()
            stack.clear()
            i += 1
            continue
        m = _ATX.match(line)
        if m:
            b.reset_lists()
            stack.clear()
            close = _ATX_CLOSE.search(line, m.end())
            _heading(b, source, ls + m.end(), ls + (close.start() if close else len(line)), len(m.group(1)))
            i += 1
            continue
        if _TABLE_RULE.match(line) or _HR.match(line):
            i += 1
            continue
        m = _ITEM.match(line)
        if m:
            indent = len(m.group(1).expandtabs(4))
            content = len(line[: m.end()].expandtabs(4))
            while stack and indent < stack[-1][0]:  # left of this level's marker: a level up
                stack.pop()
            if stack and indent < stack[-1][1]:  # left of its content: a sibling
                stack[-1] = (indent, content)
            else:
                stack.append((indent, content))
            j = _continuation(source, lines, i + 1, item=True)
            b.newline(ls)
            b.open_item(len(stack), m.group(2)[0].isdigit())
            inline(b, source, ls + m.end(), lines[j - 1][1])
            b.close_item()
            b.add("\n", lines[j - 1][1])
            i = j
            continue
        indented = len(line) - len(line.lstrip()) >= 2
        if not (indented and stack):
            b.reset_lists()
            stack.clear()
        if _QUOTE.match(line):
            i = _quote(b, source, lines, i)
            continue
        if _TABLE_ROW.match(line):
            _table_row(b, source, ls, le)
            i += 1
            continue
        j = _continuation(source, lines, i + 1, item=False)
        if j == i + 1 and j < len(lines) and _SETEXT.match(source[lines[j][0] : lines[j][1]]):
            level = 1 if source[lines[j][0] : lines[j][1]].strip()[0] == "=" else 2
            _heading(b, source, ls, le, level)
            i = j + 1
            continue
        b.blank_line(ls)
        inline(b, source, ls, lines[j - 1][1])
        b.blank_line(lines[j - 1][1])
        i = j
    return b


def _lines(source: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line of source[start:], without the line break."""
    out = []
    pos = start
    n = len(source)
    while pos < n:
        nl = source.find("\n", pos)
        if nl == -1:
            nl = n
        out.append((pos, nl))
        pos = nl + 1
    return out


def _continuation(source: str, lines: list[tuple[int, int]], j: int, item: bool) -> int:
    """Index of the first line after a paragraph (or list item) starting before line `j`."""
    while j < len(lines):
        line = source[lines[j][0] : lines[j][1]]
        if (
            not line.strip()
            or _ATX.match(line)
            or _ITEM.match(line)
            or _TABLE_ROW.match(line)
            or _TABLE_RULE.match(line)
            or _COMMENT_LINE.match(line)
            or (_QUOTE.match(line) and not item)
            or (not item and _SETEXT.match(line))
        ):
            break
        j += 1
    return j


def _heading(b: DocBuilder, source: str, start: int, end: int, level: int) -> None:
    b.blank_line(start)
    pos = b.pos
    inline(b, source, start, end)
    b.heading(pos, level)
    b.blank_line(end)


def _quote(b: DocBuilder, source: str, lines: list[tuple[int, int]], i: int) -> int:
    """Emit a block quote (paragraphs split at bare `>` lines); returns the next line index."""
    b.blank_line(lines[i][0])
    while i < len(lines):
        ls, le = lines[i]
        m = _QUOTE.match(source, ls, le)
        if not m:
            break
        if not source[m.end() : le].strip():
            b.blank_line(ls)
        else:
            b.newline(ls)
            inline(b, source, m.end(), le)
        i += 1
    b.blank_line(lines[i - 1][1])
    return i


def _table_row(b: DocBuilder, source: str, ls: int, le: int) -> None:
    """One table line: its cells' text separated by tabs."""
    b.newline(ls)
    line = source[ls:le]
    first = line.index("|")
    last = line.rindex("|")
    bounds = [first] + [m.start() for m in _CELL_SEP.finditer(line, first + 1, last)] + [last]
    for k in range(len(bounds) - 1):
        if k:
            b.add("\t", ls + bounds[k])
        inline(b, source, ls + bounds[k] + 1, ls + bounds[k + 1])
    b.add("\n", le)


def inline(b: DocBuilder, source: str, start: int, end: int) -> None:
    """Emit the inline content of source[start:end]: text kept, markup read into marks."""
    pos = start
    while pos < end:
        m = _INLINE.search(source, pos, end)
        if m is None:
            break
        if m.start() > pos:
            b.add_clean(source[pos : m.start()], pos)
        pos = _token(b, source, m, end)
    if end > pos:
        b.add_clean(source[pos:end], pos)


def _closing(b: DocBuilder, source: str, closer: str, start: int, end: int) -> int:
    """Where `closer` next occurs in source[start:end], or -1; remembers misses (linear on junk)."""
    key = (closer, end)
    if start >= b.memo.get(key, end + 1):
        return -1
    found = source.find(closer, start, end)
    if found == -1:
        b.memo[key] = min(start, b.memo.get(key, start))
    return found


def _token(b: DocBuilder, source: str, m: re.Match[str], end: int) -> int:
    """Emit one inline token; returns where reading goes on."""
    kind = m.lastgroup
    g = m.group
    if kind == "comment":
        close = _closing(b, source, "-->", m.end(), end)
        return end if close == -1 else close + 3
    if kind == "ref":
        close = _closing(b, source, "</ref>", m.end(), end)
        if close == -1:
            return m.end()
        sub = DocBuilder(source, auto_reset_lists=False)
        inline(sub, source, m.end(), close)
        name = _REF_NAME.search(g("ref"))
        b.reference(sub.plain_text(), name.group(1).strip() if name else None)
        return close + 6
    if kind in ("hardbreak", "br"):
        b.add("\n", m.start())
    elif kind == "esc":
        b.add(g("esc"), m.start() + 1, m.end())
    elif kind == "soft":
        b.add(" ", m.start())
    elif g("dest") is not None:
        _link(b, source, m.start("text"), m.end("text"), _UNESCAPE.sub(r"\1", g("dest")), g("title"))
    elif kind == "auto":
        start = b.pos
        b.add(g("auto"), m.start("auto"), m.end("auto"))
        b.link(start, g("auto"), external=True)
    elif kind == "refempty":
        name = _REF_NAME.search(g("refempty"))
        b.reference("", name.group(1).strip() if name else None)
    elif g("href") is not None:
        title = _TITLE_ATTR.search(g(0)[: m.start("atext") - m.start()])
        _link(
            b,
            source,
            m.start("atext"),
            m.end("atext"),
            html.unescape(g("href")),
            title.group(1) if title else None,
        )
    elif kind == "tag":
        name = g("tagname").lower()
        closing = g("tag").startswith("</")
        if name in _TAG_TEXT and (closing or name in ("p", "div")):
            b.add(_TAG_TEXT[name], m.start())
    elif kind in ("b1", "b2"):
        pos = b.pos
        inline(b, source, m.start(kind), m.end(kind))
        b.bold(pos)
    elif kind in ("e1", "e2", "strike"):
        inline(b, source, m.start(kind), m.end(kind))
    elif kind == "code":
        b.add(g("code"), m.start("code"), m.end("code"))
    elif kind == "entity":
        ch = html.unescape(g(0))
        b.add(" " if ch == "\xa0" else ch, m.start())
    elif g("conv") is not None:
        part = shown(g("conv")[2:-2])
        if part is not None:
            s = m.start() + 2
            inline(b, source, s + part[0], s + part[1])
    # wikiesc, img, imglink, template: nothing shown
    return m.end()


def _link(b: DocBuilder, source: str, ts: int, te: int, dest: str, title: str | None) -> None:
    """A link: wiki pages become Links to titles, categories go to the category list, files vanish."""
    if title and title.startswith("fig:"):
        return
    w = _WIKI_URL.match(dest)
    if w or title == "wikilink":
        raw = (w.group("page") or w.group("wiki")) if w else dest.rsplit("/", 1)[-1]
        target = normalize_title(unquote(raw))
        prefix, rest = split_namespace(target)
        kind = namespace_kind(prefix) if prefix else None
        if kind == "file":
            return
        if kind == "category":
            b.category(rest)
            return
        external = False
    else:
        target, external = dest, True
    start = b.pos
    inline(b, source, ts, te)
    b.link(start, target, external)
