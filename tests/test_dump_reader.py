"""The dump reader's parts on real bytes: bz2 stream offsets, page cutting, page scanning and parsing, the prefilter."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest

from yuezhang.extract.pipeline import extract
from yuezhang.sources import bz2streams
from yuezhang.sources.dump import (
    PageError,
    PageSplitter,
    RawPage,
    parse_page,
    read_siteinfo,
    scan_page,
    split_header,
)
from yuezhang.sources.dump_prefilter import is_candidate, title_is_candidate
from yuezhang.sources.dump_writer import PROLOG, DumpPage, page_xml, write_multistream
from yuezhang.sources.files import read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"


def filler(n: int) -> list[DumpPage]:
    return [
        DumpPage(f"测试页{i}", i + 1, f"'''测试页{i}'''是一个用于测试的页面。\n\n第{i}段。") for i in range(n)
    ]


def cut(data: bytes, piece: int, limit: int = 1 << 20) -> list[RawPage | PageError]:
    splitter = PageSplitter(limit=limit)
    out: list[RawPage | PageError] = []
    for i in range(0, len(data), piece):
        out += splitter.feed(data[i : i + piece])
    return out + splitter.close()


# -- bz2 streams ---------------------------------------------------------------------------------


def test_stream_offsets_from_index_equal_a_scan_and_decompress_to_the_pages(tmp_path: Path) -> None:
    pages = filler(50)
    path = write_multistream(tmp_path / "x-multistream.xml.bz2", pages, pages_per_stream=7)
    index = bz2streams.index_path_for(path)
    assert index is not None and index.name == "x-multistream-index.txt.bz2"
    offsets = bz2streams.stream_offsets(path)
    scanned = bz2streams.scan_offsets(path)
    assert len(offsets) == 1 + 8  # the prolog's stream, ceil(50 / 7) streams of pages
    assert scanned[:-1] == offsets  # the scan also finds the epilog's stream (no page, so not indexed)
    data = path.read_bytes()
    assert all(bz2streams.ends_stream_at(data, off) for off in scanned[1:])
    assert not any(bz2streams.ends_stream_at(data, off + 1) for off in offsets[1:])
    text = b"".join(bz2streams.decompress(data, 0, piece=1000))
    assert text == bz2.decompress(data)
    assert text.count(b"<page>") == 50


def test_damaged_streams_name_their_offset(tmp_path: Path) -> None:
    path = write_multistream(tmp_path / "x.xml.bz2", filler(30), pages_per_stream=10)
    data = path.read_bytes()
    offsets = bz2streams.stream_offsets(path)
    start, end = offsets[2], offsets[3]
    with pytest.raises(bz2streams.Bz2StreamError, match="truncated") as info:
        list(bz2streams.decompress(data[start : end - 20], start))
    assert info.value.offset == start
    flipped = bytearray(data[start:end])
    for i in range(len(flipped) // 2, len(flipped) // 2 + 8):
        flipped[i] ^= 0xFF
    with pytest.raises(bz2streams.Bz2StreamError, match="corrupt") as info:
        list(bz2streams.decompress(bytes(flipped), start))
    assert info.value.offset == start and str(start) in str(info.value)
    with pytest.raises(bz2streams.Bz2StreamError, match="not the start"):
        list(bz2streams.decompress(data[start + 1 : end], start + 1))


# -- cutting pages ---------------------------------------------------------------------------------


def test_pages_are_cut_the_same_whatever_the_piece_size() -> None:
    pages = filler(12)
    data = (PROLOG + "".join(page_xml(p) for p in pages) + "</mediawiki>\n").encode()
    whole = cut(data, len(data))
    assert [type(x) for x in whole] == [RawPage] * 12
    for piece in (1, 5, 7, 64, 1000):
        assert [(x.offset, x.data) for x in cut(data, piece)] == [(x.offset, x.data) for x in whole]
    for x in whole:
        assert data[x.offset : x.offset + len(x.data)] == x.data


def test_a_page_over_the_limit_is_skipped_with_its_name_and_the_next_is_kept() -> None:
    big = DumpPage("巨大页面", 7, "长" * 50000)
    data = (PROLOG + page_xml(filler(1)[0]) + page_xml(big) + page_xml(filler(3)[2])).encode()
    for piece in (999, 1 << 20):
        out = cut(data, piece, limit=20000)
        assert [type(x) for x in out] == [RawPage, PageError, RawPage]
        err = out[1]
        assert isinstance(err, PageError)
        assert (err.kind, err.title, err.page_id, err.ns) == ("too_large", "巨大页面", 7, 0)
        assert "巨大页面" in err.message and err.offset == data.index(b"<page>", out[0].offset + 1)


def test_text_between_pages_and_a_page_left_open_are_errors() -> None:
    a, b = (page_xml(p) for p in filler(2))
    out = cut((PROLOG + a + "<junk>stray</junk>\n" + b + "</mediawiki>\n").encode(), 10)
    assert [type(x) for x in out] == [RawPage, PageError, RawPage]
    assert "stray" in out[1].message
    out = cut((PROLOG + a + b[:-40]).encode(), 33)
    assert [type(x) for x in out] == [RawPage, PageError]
    assert out[1].title == "测试页1" and "ends inside" in out[1].message


# -- reading a page ----------------------------------------------------------------------------------


def test_scanning_and_parsing_a_page_agree() -> None:
    pages = [
        DumpPage("A & B <c> \"d\" 'e'", 3, "x < y && z > w\n'''粗'''"),
        DumpPage("重定向", 4, "#REDIRECT [[A & B]]", redirect='A & B "q"'),
        DumpPage("Template:模板", 5, "{{x}}", ns=10),
    ]
    for p in pages:
        raw = RawPage(100, page_xml(p).strip().encode())
        head, page = scan_page(raw), parse_page(raw)
        assert head is not None and not isinstance(page, PageError)
        assert (head.title, head.ns, head.page_id, head.redirect) == (p.title, p.ns, p.page_id, p.redirect)
        assert (page.title, page.ns, page.page_id, page.redirect, page.text) == (
            p.title,
            p.ns,
            p.page_id,
            p.redirect,
            p.text,
        )
        assert page.offset == 100 and page.revision_id == p.page_id * 10 + 1
        assert head.text is not None and len(head.text) >= len(p.text.encode())


def test_empty_and_missing_text_are_told_apart() -> None:
    xml = page_xml(DumpPage("空", 1, "x")).strip()
    empty = xml.replace(xml[xml.index("<text") : xml.index("</text>") + 7], '<text bytes="0" />')
    deleted = xml.replace(xml[xml.index("<text") : xml.index("</text>") + 7], '<text deleted="deleted" />')
    assert scan_page(RawPage(0, empty.encode())).text == b""  # type: ignore[union-attr]
    assert scan_page(RawPage(0, deleted.encode())).text is None  # type: ignore[union-attr]
    assert parse_page(RawPage(0, deleted.encode())).text is None  # type: ignore[union-attr]


def test_entities_are_never_resolved() -> None:
    xml = page_xml(DumpPage("某条约", 9, "x")).strip().replace(">x<", ">&xxe;&lol9;<")
    err = parse_page(RawPage(55, xml.encode()))
    assert isinstance(err, PageError)
    assert (err.kind, err.title, err.page_id, err.offset) == ("xml", "某条约", 9, 55)
    assert "xxe" in err.message
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE mediawiki [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n' + PROLOG
    )
    site, error = read_siteinfo(split_header((bomb + page_xml(filler(1)[0])).encode()))
    assert error is not None and "DTD" in error.message and site.article_url == ""
    site, error = read_siteinfo(split_header((PROLOG + page_xml(filler(1)[0])).encode()))
    assert error is None and site.dbname == "zhwiki" and site.namespaces[10] == "Template"
    assert site.url("马关 条约") == "https://zh.wikipedia.org/wiki/%E9%A9%AC%E5%85%B3_%E6%9D%A1%E7%BA%A6"


# -- the prefilter -----------------------------------------------------------------------------------


def test_every_article_detected_as_a_treaty_is_a_candidate_even_without_its_title() -> None:
    treaties = 0
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        doc = read_file(path)
        if extract(doc).is_treaty:
            treaties += 1
            data = path.read_bytes()
            assert is_candidate(doc.title, data), path.name
            assert is_candidate("无关标题", data), path.name
    assert treaties >= 25
    assert not any(is_candidate(p.title, p.text.encode()) for p in filler(20))


def test_the_lead_must_say_what_the_page_is_in_any_script() -> None:
    # detection reads "X是……的条约"; a page that only mentions an agreement is no candidate
    mention = "'''甲乙'''，曾参与签订一项条约。\n"
    assert not is_candidate("甲乙", mention.encode())
    assert is_candidate("甲乙", (mention + "[[Category:条约]]").encode())  # unless a category says so
    for lead in (
        "是两国签订的条约",
        "為兩國簽訂的條約",
        "是两国签订的條约",
        "是一份備忘録",
    ):  # mixed scripts too
        assert is_candidate("甲乙", f"'''甲乙'''{lead}。\n".encode()), lead


def test_titles() -> None:
    assert title_is_candidate("北京条约 (1860年)") and title_is_candidate("尼布楚條約")
    assert not title_is_candidate("不平等条约") and not title_is_candidate("张学良")
