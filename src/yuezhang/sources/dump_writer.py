"""Writing MediaWiki XML exports: pages as XML, and multistream `.xml.bz2` dumps with their index.

The layout is Wikimedia's: the prolog (`<mediawiki>` + `<siteinfo>`) in a stream of its
own, then streams of `pages_per_stream` pages, then `</mediawiki>` in a last stream, and
`X-multistream-index.txt.bz2` with one `offset:page_id:title` line per page. Streams are
compressed in parallel. Used to make test and benchmark dumps from articles.
"""

from __future__ import annotations

import bz2
import hashlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.11/"

PROLOG = f"""<mediawiki xmlns="{EXPORT_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="{EXPORT_NS} http://www.mediawiki.org/xml/export-0.11.xsd" version="0.11" xml:lang="zh">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>zhwiki</dbname>
    <base>https://zh.wikipedia.org/wiki/Wikipedia:%E9%A6%96%E9%A1%B5</base>
    <generator>MediaWiki 1.44.0-wmf.1</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="4" case="first-letter">Wikipedia</namespace>
      <namespace key="10" case="first-letter">Template</namespace>
      <namespace key="14" case="first-letter">Category</namespace>
    </namespaces>
  </siteinfo>
"""
EPILOG = "</mediawiki>\n"


@dataclass
class DumpPage:
    title: str
    page_id: int
    text: str
    ns: int = 0
    redirect: str | None = None
    timestamp: str = "2024-01-01T00:00:00Z"


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_xml(p: DumpPage) -> str:
    """One page element as MediaWiki exports it."""
    text = _escape(p.text)
    data = p.text.encode("utf-8")
    redirect = (
        f'    <redirect title="{_escape(p.redirect).replace(chr(34), "&quot;")}" />\n' if p.redirect else ""
    )
    sha1 = hashlib.sha1(data).hexdigest()
    return (
        f"  <page>\n    <title>{_escape(p.title)}</title>\n    <ns>{p.ns}</ns>\n    <id>{p.page_id}</id>\n"
        f"{redirect}    <revision>\n      <id>{p.page_id * 10 + 1}</id>\n"
        f"      <timestamp>{p.timestamp}</timestamp>\n"
        f"      <contributor>\n        <username>Example</username>\n        <id>1</id>\n      </contributor>\n"
        f"      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
        f'      <text bytes="{len(data)}" sha1="{sha1}" xml:space="preserve">{text}</text>\n'
        f"      <sha1>{sha1}</sha1>\n    </revision>\n  </page>\n"
    )


def _compress(xml: str) -> bytes:
    return bz2.compress(xml.encode("utf-8"), 9)


def _chunks(pages: Iterable[DumpPage], n: int) -> Iterator[list[DumpPage]]:
    it = iter(pages)
    while chunk := list(islice(it, n)):
        yield chunk


def write_multistream(
    path: str | Path,
    pages: Iterable[DumpPage],
    pages_per_stream: int = 100,
    workers: int = 1,
    index: bool = True,
) -> Path:
    """A multistream `.xml.bz2` (and its `-index.txt.bz2` unless `index` is False).

    Streams are compressed by `workers` processes, a bounded number at a time, and
    written in order; returns the dump's path.
    """
    path = Path(path)
    index_lines: list[str] = []
    with open(path, "wb") as out:
        out.write(_compress(PROLOG))

        def write(stream: bytes, chunk: list[DumpPage]) -> None:
            offset = out.tell()
            index_lines.extend(f"{offset}:{p.page_id}:{p.title}\n" for p in chunk)
            out.write(stream)

        chunks = _chunks(pages, pages_per_stream)
        if workers <= 1:
            for chunk in chunks:
                write(_compress("".join(page_xml(p) for p in chunk)), chunk)
        else:
            with ProcessPoolExecutor(workers) as pool:
                pending: list = []
                for chunk in chunks:
                    pending.append((pool.submit(_compress, "".join(page_xml(p) for p in chunk)), chunk))
                    if len(pending) >= 4 * workers:
                        fut, done = pending.pop(0)
                        write(fut.result(), done)
                for fut, done in pending:
                    write(fut.result(), done)
        out.write(_compress(EPILOG))
    if index:
        with bz2.open(index_path(path), "wt", encoding="utf-8") as fh:
            fh.writelines(index_lines)
    return path


def index_path(path: str | Path) -> Path:
    """Where the index of a multistream dump goes: `X.xml.bz2` → `X-index.txt.bz2`."""
    p = Path(path)
    name = p.name.removesuffix(".bz2").removesuffix(".xml")
    return p.with_name(name + "-index.txt.bz2")
