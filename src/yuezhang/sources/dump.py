"""Streaming reader of MediaWiki XML exports (`.xml`, `.xml.bz2`, multistream `.xml.bz2`).

A dump is read as a stream of bytes cut into `<page>…</page>` elements by plain byte
search (the export escapes `<` in text, so these tags cannot occur inside a page's text).
Cutting first bounds memory (a page larger than `MAX_PAGE_BYTES` is skipped while it
streams past, never held) and confines a malformed page to itself.

Most pages are never parsed: `scan_page` reads a page's title, namespace, id, redirect
target and where its text lies from the fixed layout of the export's first lines, which
is all a build needs to count the page, record a redirect or reject it as a non-candidate
(the prefilter works on the raw text bytes). Pages worth reading, and any page whose
layout is not the usual one, go through `parse_page`: lxml's `iterparse`, clearing the
element once read, with the parser locked down (no DTD loaded, no entity resolved, no
network). A dump whose prolog declares a DTD (an entity-expansion bomb, an external
entity) has its prolog refused, not parsed; a page that uses such an entity then fails on
its own as an undefined entity, unexpanded.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from lxml import etree

#: The largest page (its XML, bytes) read; MediaWiki's own limit is 2 MiB of wikitext.
MAX_PAGE_BYTES = 8 << 20
#: The prolog (everything before the first page) is read up to this size.
MAX_HEADER_BYTES = 4 << 20
#: Text between pages is held up to this size before it is reported.
_MAX_GAP = 64 << 10

_PAGE_OPEN = b"<page>"
_PAGE_CLOSE = b"</page>"
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_TITLE = re.compile(rb"<title>([^<]*)</title>")
_ID = re.compile(rb"<id>(\d+)</id>")
_NS = re.compile(rb"<ns>(-?\d+)</ns>")
_PARSE_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,  # pages are capped at MAX_PAGE_BYTES, below libxml2's own limits
}


@dataclass
class SiteInfo:
    """What the export's `<siteinfo>` says about the wiki."""

    dbname: str = ""
    article_url: str = ""  # prefix of article URLs, e.g. "https://zh.wikipedia.org/wiki/"
    namespaces: dict[int, str] = field(default_factory=dict)

    def url(self, title: str) -> str | None:
        return self.article_url + quote(title.replace(" ", "_"), safe="/:()") if self.article_url else None


@dataclass
class Page:
    """One `<page>` of the export (its latest revision)."""

    title: str
    ns: int
    page_id: int
    offset: int  # where the page starts in the decompressed stream it was read from
    redirect: str | None = None  # target title of a redirect page
    revision_id: int | None = None
    timestamp: str | None = None
    model: str | None = None
    text: str | None = None  # None when the revision has no <text> content at all


@dataclass
class PageError:
    """A page (or a stretch of the dump) that could not be read, and why."""

    kind: str  # xml, too_large, empty, bz2 ...
    message: str
    offset: int  # byte offset in the decompressed stream (or the dump, for bz2 errors)
    title: str | None = None
    page_id: int | None = None
    ns: int | None = None


@dataclass(slots=True)
class RawPage:
    offset: int
    data: bytes


def _peek(data: bytes) -> tuple[str | None, int | None, int | None]:
    """Title, id and namespace of a page, read from its first bytes without parsing."""
    head = data[:4096]
    t, i, n = _TITLE.search(head), _ID.search(head), _NS.search(head)
    title = _unescape(t.group(1).decode("utf-8", "replace")) if t else None
    return title, int(i.group(1)) if i else None, int(n.group(1)) if n else None


def _name(title: str | None, page_id: int | None) -> str:
    if title is None:
        return "page"
    return f"page {title!r}" + (f" (id {page_id})" if page_id is not None else "")


class PageSplitter:
    """Cuts a stream of XML bytes into `<page>` elements, holding at most one page at a time.

    `feed` returns complete pages (RawPage) and errors (PageError) found so far. Text
    between pages other than the export's prolog and closing tag is reported as an error.
    """

    def __init__(self, base: int = 0, limit: int = MAX_PAGE_BYTES, prolog: bool = True) -> None:
        self.base = base  # stream offset of self.buf[0]
        self.limit = limit
        self.buf = b""
        self.searched = 0  # inside a page: buf[:searched] has no closing tag
        self.skipping: PageError | None = None  # the too-large page being skipped
        self.prolog = prolog  # the text before the first page is the export's prolog

    def feed(self, data: bytes) -> list[RawPage | PageError]:
        buf = self.buf + data if self.buf else data
        out: list[RawPage | PageError] = []
        pos = 0
        while True:
            if self.skipping is not None:
                e = buf.find(_PAGE_CLOSE, pos)
                if e < 0:
                    pos = max(pos, len(buf) - len(_PAGE_CLOSE))
                    break
                out.append(self.skipping)
                self.skipping = None
                pos = e + len(_PAGE_CLOSE)
                continue
            s = buf.find(_PAGE_OPEN, pos)
            if s < 0:
                if len(buf) - pos > _MAX_GAP:  # a long stretch of non-page text: report it, keep a tail
                    keep = len(buf) - len(_PAGE_OPEN)
                    self._gap(buf[pos:keep], self.base + pos, out)
                    pos = keep
                break
            if s > pos and not self.prolog and not buf[pos:s].isspace():
                self._gap(buf[pos:s], self.base + pos, out)
            self.prolog = False
            e = buf.find(_PAGE_CLOSE, max(s, self.searched))
            if e < 0:
                if len(buf) - s > self.limit:
                    self._start_skipping(buf[s:], self.base + s)
                    pos = len(buf) - len(_PAGE_CLOSE)
                else:
                    self.searched = max(s, len(buf) - len(_PAGE_CLOSE))
                    pos = s
                break
            self.searched = 0
            end = e + len(_PAGE_CLOSE)
            if end - s > self.limit:
                self._start_skipping(buf[s:end], self.base + s)
                out.append(self.skipping)  # type: ignore[arg-type]
                self.skipping = None
            else:
                out.append(RawPage(self.base + s, buf[s:end]))
            pos = end
        self.searched -= pos if self.searched else 0
        self.buf = buf[pos:]
        self.base += pos
        return out

    def close(self) -> list[RawPage | PageError]:
        """The end of the stream: a page left open is an error."""
        out: list[RawPage | PageError] = []
        if self.skipping is not None:
            out.append(self.skipping)
        elif self.buf.startswith(_PAGE_OPEN) or _PAGE_OPEN.startswith(self.buf.strip() or b"-"):
            title, page_id, ns = _peek(self.buf)
            msg = f"{_name(title, page_id)}: the dump ends inside the page"
            out.append(PageError("xml", msg, self.base, title, page_id, ns))
        else:
            self._gap(self.buf, self.base, out)
        self.buf = b""
        self.skipping = None
        return out

    def _start_skipping(self, head: bytes, offset: int) -> None:
        title, page_id, ns = _peek(head)
        msg = f"{_name(title, page_id)} is larger than {self.limit >> 20} MiB; skipped"
        self.skipping = PageError("too_large", msg, offset, title, page_id, ns)
        self.searched = 0

    def _gap(self, gap: bytes, offset: int, out: list[RawPage | PageError]) -> None:
        if self.prolog:
            return
        rest = gap.replace(b"</mediawiki>", b"").strip()
        if rest:
            snippet = rest[:60].decode("utf-8", "replace")
            out.append(PageError("xml", f"unexpected text between pages: {snippet!r}", offset))


@dataclass(slots=True)
class PageHead:
    """What `scan_page` reads from a page without parsing it."""

    title: str
    ns: int
    page_id: int
    redirect: str | None
    text: bytes | None  # the text element's content, still XML-escaped; None if absent


_HEAD = re.compile(
    rb'\s*<title>([^<]*)</title>\s*<ns>(-?\d+)</ns>\s*<id>(\d+)</id>\s*(?:<redirect title="([^"]*)"\s*/>\s*)?<revision>'
)
_REF = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(s: str) -> str:
    def one(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] == "#":
            return chr(int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:]))
        return _NAMED[ref]

    return _REF.sub(one, s) if "&" in s else s


def scan_page(raw: RawPage) -> PageHead | None:
    """Title, namespace, id, redirect and raw text of a page in the export's usual layout, else None."""
    data = raw.data
    m = _HEAD.match(data, len(_PAGE_OPEN))
    if m is None:
        return None
    ts = data.find(b"<text", m.end())
    gt = data.find(b">", ts)
    if ts < 0 or gt < 0:
        return None
    if data[gt - 1] == 0x2F:  # "<text ... />": no content
        text = None if b"deleted=" in data[ts:gt] else b""
    else:
        te = data.rfind(b"</text>")
        if te < gt:
            return None
        text = data[gt + 1 : te]
    title = _unescape(m.group(1).decode("utf-8", "replace"))
    redirect = m.group(4)
    return PageHead(
        title,
        int(m.group(2)),
        int(m.group(3)),
        _unescape(redirect.decode("utf-8", "replace")) if redirect is not None else None,
        text,
    )


def parse_page(raw: RawPage) -> Page | PageError:
    """Parse one cut page with the locked-down iterparse."""
    try:
        for _, el in etree.iterparse(io.BytesIO(raw.data), events=("end",), tag="page", **_PARSE_OPTIONS):
            page = _page(el, raw.offset)
            el.clear()
            return page
    except etree.XMLSyntaxError as exc:
        title, page_id, ns = _peek(raw.data)
        msg = f"{_name(title, page_id)}: malformed XML: {_xml_message(exc)}"
        return PageError("xml", msg, raw.offset, title, page_id, ns)
    raise AssertionError("a cut page always holds a <page> element")


def _xml_message(exc: etree.XMLSyntaxError) -> str:
    entries = [e.message for e in exc.error_log] if exc.error_log else []
    return "; ".join(dict.fromkeys(entries)) or str(exc)


def _page(el: etree._Element, offset: int) -> Page:
    redirect = el.find("redirect")
    rev = el.find("revision")
    text_el = rev.find("text") if rev is not None else None
    text = None if text_el is None or text_el.get("deleted") is not None else (text_el.text or "")
    rev_id = rev.findtext("id") if rev is not None else None
    return Page(
        title=el.findtext("title") or "",
        ns=int(el.findtext("ns") or 0),
        page_id=int(el.findtext("id") or 0),
        offset=offset,
        redirect=redirect.get("title") if redirect is not None else None,
        revision_id=int(rev_id) if rev_id else None,
        timestamp=rev.findtext("timestamp") if rev is not None else None,
        model=rev.findtext("model") if rev is not None else None,
        text=text,
    )


def split_header(data: bytes) -> bytes:
    """The prolog of an export: everything before its first page (at most MAX_HEADER_BYTES)."""
    s = data.find(_PAGE_OPEN, 0, MAX_HEADER_BYTES)
    return data[: s if s >= 0 else MAX_HEADER_BYTES]


def read_siteinfo(header: bytes) -> tuple[SiteInfo, PageError | None]:
    """Parse the prolog's `<siteinfo>`; a prolog that declares a DTD is refused, not parsed."""
    m = _DTD.search(header)
    if m:
        return SiteInfo(), PageError(
            "xml",
            f"the dump declares a DTD at byte offset {m.start()}; refused (entities are never expanded, "
            "so pages using them fail as undefined entities)",
            m.start(),
        )
    try:
        root = etree.fromstring(header.strip() + b"</mediawiki>", etree.XMLParser(**_PARSE_OPTIONS))
    except etree.XMLSyntaxError as exc:
        return SiteInfo(), PageError(
            "xml", f"unreadable <siteinfo> in the dump's prolog: {_xml_message(exc)}", 0
        )
    info = SiteInfo(dbname=root.findtext("{*}siteinfo/{*}dbname") or "")
    base = root.findtext("{*}siteinfo/{*}base") or ""
    if "/wiki/" in base:
        info.article_url = base[: base.index("/wiki/") + len("/wiki/")]
    for ns in root.iterfind("{*}siteinfo/{*}namespaces/{*}namespace"):
        info.namespaces[int(ns.get("key", "0"))] = ns.text or ""
    return info, None


def iter_raw_pages(
    pieces: Iterable[bytes], base: int = 0, prolog: bool = True
) -> Iterator[RawPage | PageError]:
    """Cut pages (and errors) of an export given as a stream of byte pieces.

    `base` is the stream offset of the first piece; `prolog` says the stream starts with
    the export's prolog (the first stream of a dump) rather than between pages.
    """
    splitter = PageSplitter(base, prolog=prolog)
    for piece in pieces:
        yield from splitter.feed(piece)
    yield from splitter.close()
