"""The wikitext reader on small hand-written snippets, one construct at a time."""

from __future__ import annotations

from yuezhang.document import Document
from yuezhang.markup import read


def wt(source: str, title: str | None = "T") -> Document:
    d = read(source, "t.wikitext", title=title, fmt="wikitext")
    for mark in [*d.links, *d.bolds, *d.list_items]:
        assert d.plain[mark.start : mark.end] == mark.text
    return d


def test_bold_italic_and_offsets() -> None:
    d = wt("'''南京条约'''是''一个''条约。")
    assert d.plain == "南京条约是一个条约。"
    assert [b.text for b in d.bolds] == ["南京条约"]
    assert all(d.source[d.offsets[i]] == ch for i, ch in enumerate(d.plain))


def test_bold_with_book_brackets_both_ways() -> None:
    d = wt("'''《甲约》'''与《'''乙约'''》")
    assert [b.text for b in d.bolds] == ["《甲约》", "乙约"]
    assert read("'''《甲约》'''", "000_abcdef.txt", fmt="wikitext").title == "甲约"


def test_links_targets_and_text() -> None:
    d = wt("[[北京条约|条约]]，[[:北京_条约#背景]]，[[Treaty]]s 与 [[张学良]]的")
    assert [(lk.target, lk.text) for lk in d.links] == [
        ("北京条约", "条约"),
        ("北京 条约", "北京_条约#背景"),
        ("Treaty", "Treatys"),
        ("张学良", "张学良"),
    ]
    assert d.plain == "条约，北京_条约#背景，Treatys 与 张学良的"


def test_files_categories_and_language_links_leave_no_text() -> None:
    d = wt(
        "甲[[File:A b.jpg|thumb|说明[[乙]]]]丙[[文件:x.png]][[檔案:y.png|thumb]][[Image:z.png]]\n[[Category:条约|排序]]\n[[分類:清朝]][[en:Treaty]]"
    )
    assert d.plain == "甲丙"
    assert d.categories == ["条约", "清朝"]
    assert d.links == []


def test_escaped_category_and_interwiki_links_show_text() -> None:
    d = wt("见[[:Category:条约|条约分类]]与[[:s:某公告#第一节|公告]]。")
    assert d.plain == "见条约分类与公告。"
    assert d.categories == []
    assert [(lk.target, lk.external) for lk in d.links] == [
        ("Category:条约", False),
        ("s:某公告#第一节", True),
    ]


def test_templates_are_recorded_and_dropped() -> None:
    d = wt("甲{{Infobox treaty|name=某约|date_signed={{start date|1842|8|29}}|location=[[南京]]}}乙{{to}}丙")
    assert d.plain == "甲乙→丙"
    box = d.templates[0]
    assert box.name == "Infobox treaty" and box.start == box.end == 1
    assert box.params == {"name": "某约", "date_signed": "1842年8月29日", "location": "南京"}
    assert d.source[box.source_start : box.source_end].startswith("{{Infobox")


def test_inline_templates_keep_their_label() -> None:
    d = wt(
        "{{lang|en|Treaty of Nanking}}；{{lang-en|Nanking}}；{{le|璞鼎查|Henry Pottinger}}；{{tsl|en|Foo|福约}}；{{ill|某人|en|Someone}}；{{nowrap|甲乙}}；{{link-ja|伊藤}}"
    )
    assert d.plain == "Treaty of Nanking；Nanking；璞鼎查；福约；某人；甲乙；伊藤"
    assert all(d.source[d.offsets[i]] == ch for i, ch in enumerate(d.plain))


def test_references() -> None:
    d = wt(
        '条约<ref name="a">某书，{{cite book|title=某史|year=1990}}，第3页</ref>签订<ref name=a/>。<ref>简注</ref>'
    )
    assert d.plain == "条约签订。"
    assert [(r.name, r.text, r.start) for r in d.references] == [
        ("a", "某书，某史，第3页", 2),
        ("a", "", 4),
        (None, "简注", 5),
    ]


def test_tags() -> None:
    d = wt(
        "甲<br/>乙<big>丙</big><small>丁</small><span style='x'>戊</span><sup>1</sup><nowiki>[[不是链接]]</nowiki>"
        "<gallery>\nA.jpg|图\n</gallery><math>x^2</math><!-- 注释 -->己__TOC__"
    )
    assert d.plain == "甲\n乙丙丁戊1不是链接己"


def test_language_conversion() -> None:
    d = wt(
        "王世-{杰}-；-{zh-hans:里根;zh-hant:雷根;}-；-{zh-tw:雷根; zh-cn:里根}-；-{H|zh-cn:甲;zh-tw:乙}-；-{A|zh-cn:丙;zh-tw:丁}-；-{R|戊}-"
    )
    assert d.plain == "王世杰；里根；里根；；丙；戊"
    assert all(d.source[d.offsets[i]] == ch for i, ch in enumerate(d.plain))


def test_headings_make_a_section_tree() -> None:
    d = wt("导言\n== 背景 ==\n甲\n=== 细节 ===\n乙\n== 内容 ==\n丙", title="某约")
    assert d.plain == "导言\n\n背景\n\n甲\n\n细节\n\n乙\n\n内容\n\n丙"
    got = [(s.title, s.level, d.plain[s.start : s.end]) for s in d.sections]
    assert got == [
        ("某约", 1, "导言\n\n"),
        ("背景", 2, "背景\n\n甲\n\n细节\n\n乙\n\n"),
        ("细节", 3, "细节\n\n乙\n\n"),
        ("内容", 2, "内容\n\n丙"),
    ]
    assert d.section_at(d.plain.index("乙")).title == "细节"


def test_lists_numbering_depth_and_reset() -> None:
    d = wt("前\n# 一\n# 二\n## 二之一\n#* 注\n# 三\n\n# 新一\n中间\n# 再一\n* 点\n: 缩进\n; 术语 : 定义")
    got = [(i.text, i.ordered, i.depth, i.number) for i in d.list_items]
    assert got == [
        ("一", True, 1, 1),
        ("二", True, 1, 2),
        ("二之一", True, 2, 1),
        ("注", False, 2, None),
        ("三", True, 1, 3),
        ("新一", True, 1, 1),
        ("再一", True, 1, 1),
        ("点", False, 1, None),
        ("缩进", False, 1, None),
        ("术语", False, 1, None),
        ("定义", False, 1, None),
    ]


def test_tables_keep_cell_text_one_row_per_line() -> None:
    d = wt(
        '前\n{| class="wikitable"\n|+ 标题\n|-\n! 甲 !! 乙\n|-\n| style="x" | 一 || 二\n|-\n| [[三]]\n| 四\n|}\n后'
    )
    assert d.plain == "前\n标题\n甲\t乙\n一\t二\n三\t四\n\n后"
    assert [lk.target for lk in d.links] == ["三"]


def test_external_links_entities_and_bare_urls() -> None:
    d = wt(
        "见[http://example.org/a 某网站]与[http://example.org/b]及http://example.org/c ，甲&nbsp;乙&amp;丙&#20013;"
    )
    assert d.plain == "见某网站与及http://example.org/c ，甲 乙&丙中"
    assert [(lk.target, lk.text, lk.external) for lk in d.links] == [("http://example.org/a", "某网站", True)]


def test_redirect() -> None:
    d = wt("#REDIRECT [[南京条约#内容]]")
    assert d.meta["redirect"] == "南京条约"
    assert wt("#重定向 [[江宁条约]]").meta["redirect"] == "江宁条约"


def test_quote_and_note_templates() -> None:
    d = wt("甲{{quote|引文[[乙]]}}丙{{NoteTag|注文}}丁")
    assert d.plain == "甲\n\n引文乙\n\n丙丁"
    assert [r.text for r in d.references] == ["注文"]


def test_level_one_headings_nest_below_the_lead() -> None:
    d = wt("导言\n= 甲 =\n一\n== 乙 ==\n二", title="某约")
    assert [(s.title, s.level) for s in d.sections] == [("某约", 1), ("甲", 2), ("乙", 3)]
    assert d.section_at(d.plain.index("二")).title == "乙"


def test_footnotes_in_comments_and_nowiki_are_not_references() -> None:
    d = wt("甲<!-- <ref>注一</ref> -->乙<nowiki><ref>注二</ref></nowiki>丙<ref>注三</ref><ref/>丁")
    assert d.plain == "甲乙<ref>注二</ref>丙丁"  # nowiki shows its content as written
    assert [r.text for r in d.references] == ["注三", ""]


def test_masked_footnotes_keep_offsets() -> None:
    src = '前文<ref name="a">[[甲|乙]]，[http://example.org 网站]</ref>后文[[丙]]。'
    d = wt(src)
    assert d.plain == "前文后文丙。"
    assert d.references[0].text == "乙，网站" and d.references[0].name == "a"
    assert all(d.source[d.offsets[i]] == ch for i, ch in enumerate(d.plain))
