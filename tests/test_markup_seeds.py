"""The three seed articles: lists, categories, links and conversions, checked against their source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yuezhang.document import Document
from yuezhang.sources.files import read_file

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def seed() -> dict[str, Document]:
    return {p.name[:3]: read_file(p) for p in sorted(SEEDS.iterdir())}


def ordered(d: Document) -> list:
    return [i for i in d.list_items if i.ordered]


@pytest.mark.parametrize(("key", "count"), [("000", 5), ("002", 6)])
def test_ordered_list_items(seed: dict[str, Document], key: str, count: int) -> None:
    items = ordered(seed[key])
    assert [i.number for i in items] == list(range(1, count + 1))
    assert all(i.text and i.depth == 1 for i in items)
    d = seed[key]
    for i in items:  # each item is a whole line of plain
        assert d.plain[i.start - 1] == "\n" and d.plain[i.end : i.end + 1] in ("\n", "")


def test_markdown_categories(seed: dict[str, Document]) -> None:
    d = seed["001"]
    expected = {name.replace("_", " ").strip() for name in re.findall(r"\[Category:([^\]]+)\]\(", d.source)}
    assert len(expected) > 5
    assert set(d.categories) == expected
    assert {"不平等条约", "塔城历史", "中俄条约 (清朝)"} <= set(d.categories)
    assert "Category" not in d.plain
    assert seed["000"].categories == ["中華民國與蘇聯關係"]


def test_wikitext_categories(seed: dict[str, Document]) -> None:
    d = seed["002"]
    expected = set(re.findall(r"\[\[Category:([^\]|]+)", d.source))
    assert len(expected) > 5
    assert set(d.categories) == expected
    assert {"中苏条约", "莫斯科政治史"} <= set(d.categories)


def test_pandoc_links_keep_shown_text_and_title_target(seed: dict[str, Document]) -> None:
    links = {(lk.target, lk.text) for lk in seed["000"].links}
    assert ("张学良", "张学良和") in links  # pandoc swallowed the next character into the label
    assert ("中国", "中国军阀") in links  # a zh.wikipedia.org URL
    assert not any(lk.external for lk in seed["000"].links if lk.target in ("张学良", "中国"))
    external = [lk for lk in seed["000"].links if lk.external]
    assert external and all(lk.target.startswith("http") for lk in external)


def test_titles_from_bold_terms(seed: dict[str, Document]) -> None:
    assert seed["000"].title == "伯力会议议定书"
    assert seed["001"].title == "中俄勘分西北界约记"  # 《**…**》: brackets stripped
    assert seed["002"].title == "中苏友好同盟互助条约"
    assert [b.text for b in seed["001"].bolds][:3] == ["中俄勘分西北界约记", "塔城议定书", "塔城界約"]


def test_wikitext_conversion_files_and_wikisource(seed: dict[str, Document]) -> None:
    d = seed["002"]
    links = {lk.target: lk for lk in d.links}
    assert links["王世杰"].text == "王世杰"  # 王世-{杰}-
    s, e = d.source_span(links["王世杰"].start, links["王世杰"].end)
    assert d.source[s:e].startswith("王世")
    wikisource = [lk for lk in d.links if lk.target.startswith("s:")]
    assert len(wikisource) == 2 and all(lk.external and "#" in lk.target for lk in wikisource)
    assert "thumb" not in d.plain and ".jpg" not in d.plain and ".png" not in d.plain
    names = {t.name for t in d.templates}
    assert {"提示", "Reflist", "Portal box", "Wikisource-inline"} <= names
    assert len(d.references) == 1 and "1999" in d.references[0].text
    assert [s.title for s in d.sections if s.level == 2][:2] == ["内容", "引申產物"]
