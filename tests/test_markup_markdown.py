"""The Markdown reader (pandoc output from wikitext) on small hand-written snippets."""

from __future__ import annotations

from yuezhang.document import Document
from yuezhang.markup import read


def md(source: str, title: str | None = "T") -> Document:
    d = read(source, "t.md", title=title, fmt="markdown")
    for mark in [*d.links, *d.bolds, *d.list_items]:
        assert d.plain[mark.start : mark.end] == mark.text
    assert all(a <= b for a, b in zip(d.offsets, d.offsets[1:], strict=False))
    return d


def test_wikilinks_become_titles() -> None:
    d = md(
        '[张学良和](../Page/张学良.md "wikilink")、[中国](https://zh.wikipedia.org/wiki/中国 "wikilink")、'
        '[甲](https://zh.wikipedia.org/wiki/%E5%8D%97%E4%BA%AC%E6%9D%A1%E7%BA%A6 "wikilink")、'
        '[乙](https://zh.wikipedia.org/wiki/北京_条约#背景 "wikilink")、[丙](https://zh.wikipedia.org/wiki/某约_\\(清朝\\) "wikilink")'
    )
    assert d.plain == "张学良和、中国、甲、乙、丙"
    assert [(lk.target, lk.text, lk.external) for lk in d.links] == [
        ("张学良", "张学良和", False),
        ("中国", "中国", False),
        ("南京条约", "甲", False),
        ("北京 条约", "乙", False),
        ("某约 (清朝)", "丙", False),
    ]
    assert all(d.source[d.offsets[i]] == ch for i, ch in enumerate(d.plain))


def test_other_links_images_and_files() -> None:
    d = md(
        "见[某网站](http://example.org/x)与<http://example.org/y>。![图](a.png)"
        '[thumb](https://zh.wikipedia.org/wiki/File:A.jpg "wikilink")[B.jpg](https://zh.wikipedia.org/wiki/File:B.jpg "fig:B.jpg")完'
    )
    assert d.plain == "见某网站与http://example.org/y。完"
    assert [(lk.target, lk.external) for lk in d.links] == [
        ("http://example.org/x", True),
        ("http://example.org/y", True),
    ]


def test_categories_are_not_text() -> None:
    d = md(
        '正文。\n\n[Category:条约](https://zh.wikipedia.org/wiki/Category:条约 "wikilink") '
        '[分类:清朝](https://zh.wikipedia.org/wiki/分类:清朝 "wikilink")'
    )
    assert d.plain == "正文。"
    assert d.categories == ["条约", "清朝"]


def test_headings_atx_and_setext() -> None:
    d = md("导言\n\n## 背景 ##\n\n甲\n\n### 细节\n\n乙\n\n内容\n----\n\n丙", title="某约")
    assert [(s.title, s.level) for s in d.sections] == [("某约", 1), ("背景", 2), ("细节", 3), ("内容", 2)]
    assert "#" not in d.plain and "--" not in d.plain


def test_lists_nest_by_indentation_and_restart() -> None:
    d = md(
        '前\n\n1.  一\n2.  二\n    1.  二之一\n    2.  二之二\n3.  三[链](../Page/某.md "wikilink")\n'
        "    续行\n\n<!-- end list -->\n\n1.  新一\n\n  - 点\n      - 子点\n* 星"
    )
    got = [(i.text, i.ordered, i.depth, i.number) for i in d.list_items]
    assert got == [
        ("一", True, 1, 1),
        ("二", True, 1, 2),
        ("二之一", True, 2, 1),
        ("二之二", True, 2, 2),
        ("三链 续行", True, 1, 3),
        ("新一", True, 1, 1),
        ("点", False, 1, None),
        ("子点", False, 2, None),
        ("星", False, 1, None),
    ]


def test_emphasis_escapes_and_code() -> None:
    d = md("**粗体**与，__也粗__，*斜*与，_斜_，a_b_c 保留，\\[1\\]、\\*、`代码`、~~删~~。\\[\\[残留\\]\\]")
    assert d.plain == "粗体与，也粗，斜与，斜，a_b_c 保留，[1]、*、代码、删。残留"
    assert [b.text for b in d.bolds] == ["粗体", "也粗"]


def test_bold_inside_book_brackets_and_links_inside_bold() -> None:
    d = md('《**甲约**》，亦称**[乙约](../Page/乙约.md "wikilink")**。', title=None)
    assert d.plain == "《甲约》，亦称乙约。"
    assert [b.text for b in d.bolds] == ["甲约", "乙约"]
    assert d.links[0].target == "乙约"


def test_block_quotes_and_soft_breaks() -> None:
    d = md("> 第一段\n> 接续\n>\n> 第二段\n\n正文\n续")
    assert d.plain == "第一段\n接续\n\n第二段\n\n正文 续"


def test_tables_pipe_and_grid() -> None:
    d = md(
        "| 甲 | 乙 |\n|----|----|\n| 一 | 二 |\n\n+----+----+\n| 三 | 四 |\n+====+====+\n| 五 | 六 |\n+----+----+"
    )
    assert d.plain == "甲\t乙\n一\t二\n三\t四\n五\t六"


def test_html_refs_comments_and_tags() -> None:
    d = md(
        '条约<ref name="a">某书，第3页</ref>签订<ref name="a" />。<!-- 注释 -->甲<br />乙<span>丙</span>&nbsp;丁&amp;'
    )
    assert d.plain == "条约签订。甲\n乙丙 丁&"
    assert [(r.name, r.text) for r in d.references] == [("a", "某书，第3页"), ("a", "")]


def test_html_anchor_links() -> None:
    d = md('见<a href="../Page/某约.md" title="wikilink">某约</a>。')
    assert d.plain == "见某约。"
    assert [(lk.target, lk.text) for lk in d.links] == [("某约", "某约")]


def test_stray_template_markup_is_dropped() -> None:
    d = md("甲{{-}}乙 {{ 丙")
    assert d.plain == "甲乙 丙"
