"""Article count and enumerated terms: stated counts first, else a numbered term list."""

from __future__ import annotations

import pytest

from yuezhang.document import Document, ListItem, Section
from yuezhang.extract import articles
from yuezhang.extract.pipeline import Context
from yuezhang.extract.record import TreatyRecord


def _doc(text: str, sections: tuple[tuple[str, str], ...] = (), ordered: bool = False) -> Document:
    """A plain document; `sections` are (heading, body) appended as level-2 sections; with
    `ordered`, lines of the bodies starting with "#" become ordered list items."""
    out = text
    secs = [Section("", 1, 0, len(text))]
    items = []
    for heading, body in sections:
        start = len(out)
        out += heading + "\n"
        h_end = start + len(heading)
        n = 0
        for line in body.split("\n"):
            if ordered and line.startswith("#"):
                n += 1
                line = line[1:]
                items.append(ListItem(line, len(out), len(out) + len(line), True, 1, n))
            out += line + "\n"
        secs.append(Section(heading, 2, start, len(out), start, h_end))
    secs[0] = Section("", 1, 0, secs[1].start if len(secs) > 1 else len(out))
    return Document(
        "甲乙条约", "t.txt", "plain", out, out, list(range(len(out) + 1)), sections=secs, list_items=items
    )


def _run(doc: Document) -> TreatyRecord:
    record = TreatyRecord(path=doc.path, title=doc.title, format="plain")
    articles.run(doc, record, Context())
    return record


@pytest.mark.parametrize(
    "sentence,count",
    [
        ("两国于某年签订该约，共10条。", 10),
        ("条约共6条：", 6),
        ("整个条约共分九款。", 9),
        ("條約共6款，主要內容是：", 6),
        ("条约共三端十款。", 10),
        ("全文共二十二条，另附地图。", 22),
        ("條約正文十五條，附約二條，主要內容是：", 15),
        ("《甲乙條約》內容共17条。", 17),
        ("条约分为十二条。", 12),
        ("全文共分5章30条，另有附件。", 30),
        ("条约共有条文8条。", 8),
        ("其中第一项条约包括十二项条款，并规定：", 12),
        ("条约正文包含24项条款。", 24),
        ("该条约由46条组成，分为三部分。", 46),
        ("全约由二十一款构成。", 21),
        ("某日，两国代表签订了包含12条内容的甲乙《条约》。", 12),
        ("两国代表签订了包含9条内容的《丙丁条约》和拥有12条内容的《甲乙条约》。", 12),
    ],
)
def test_stated_count(sentence: str, count: int) -> None:
    record = _run(_doc("《甲乙条约》是两国间的条约。" + sentence))
    assert record.article_count is not None and record.article_count.value == count
    ev = record.article_count.evidence
    assert ev.text == record.article_count.text and ev.text in ev.sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "约文中英文共30页，原存于外交部。",
        "另订附约，附约共2条。",
        "两国又签订《丙丁专约》共4条。",
        "全国共有二条铁路通往边境。",
        "同日又签订了拥有33条内容的甲乙《通商章程》。",
        "该河由三条支流组成。",
    ],
)
def test_not_a_count_of_this_agreements_articles(sentence: str) -> None:
    assert _run(_doc("《甲乙条约》是两国间的条约。" + sentence)).article_count is None


def test_an_agreement_named_like_an_annex_counts_its_own_articles() -> None:
    text = "《甲乙界址专条》是两国间的专条。《甲乙界址专条》共三款。"
    doc = Document("甲乙界址专条", "t.txt", "plain", text, text, list(range(len(text) + 1)))
    record = TreatyRecord(path=doc.path, title=doc.title, format="plain")
    articles.run(doc, record, Context())
    assert record.article_count.value == 3


def test_ordered_list_under_content_heading() -> None:
    body = "条约的主要规定：\n#两国永久和好。\n#开放三处口岸。\n#互派使节。\n"
    record = _run(_doc("《甲乙条约》是两国间的条约。\n", (("== 条约内容 ==", body),), ordered=True))
    assert record.article_count.value == 3
    assert [(a.number, a.text) for a in record.articles] == [
        (1, "两国永久和好。"),
        (2, "开放三处口岸。"),
        (3, "互派使节。"),
    ]
    assert all(a.evidence.text == a.text for a in record.articles)


def test_lines_numbered_di_n_tiao_after_an_intro_line() -> None:
    text = "《甲乙条约》是两国间的条约，内容为：\n第一条：两国永久和好。\n第二条：开放口岸。\n第三条：互派使节。\n第四条：本约画押后生效。\n其后两国关系改善。"
    record = _run(_doc(text))
    assert record.article_count.value == 4
    assert record.articles[3].number == 4 and record.articles[3].text == "本约画押后生效。"


def test_arabic_numbered_lines_in_content_section() -> None:
    body = "1. 甲军撤至河北。\n2. 乙方可派员视察。\n3. 本协定签字后生效。\n"
    assert _run(_doc("《甲乙条约》是两国间的协定。\n", (("== 协定内容 ==", body),))).article_count.value == 3


def test_stated_count_wins_and_summary_list_is_not_articles() -> None:
    body = "条约共5款，要点如下：\n#租借海湾。\n#修筑铁路。\n"
    record = _run(_doc("《甲乙条约》是两国间的条约。\n", (("== 内容 ==", body),), ordered=True))
    assert record.article_count.value == 5 and record.articles == []


@pytest.mark.parametrize(
    "heading,body",
    [
        ("== 内容 ==", "条约规定：\n两国永久和好。\n开放三处口岸。\n"),  # bullets without numbers
        ("== 部分内容 ==", "1. 两国永久和好。\n2. 开放三处口岸。\n"),  # explicitly partial
        ("== 條約內容 ==", "條約內容如下：\n\n"),  # the list was lost
        (
            "== 背景 ==",
            "某国提出的建议具体如下：\n1. 公开外交。\n2. 航海自由。\n3. 裁减军备。\n",
        ),  # not its terms
    ],
)
def test_no_count_without_an_enumeration_of_its_terms(heading: str, body: str) -> None:
    assert _run(_doc("《甲乙条约》是两国间的条约。\n", ((heading, body),))).article_count is None


def test_component_counts_of_an_umbrella_title_are_not_the_whole_count() -> None:
    text = (
        "《甲乙条约》包括《中英甲乙条约》、《中法甲乙条约》，是两国分别签订的条约。"
        "清朝代表与英国代表于6月3日签约，共12款。法国代表于6月7日签约，共20款。"
    )
    assert _run(_doc(text)).article_count is None


def test_an_umbrella_title_with_its_own_count_stated() -> None:
    text = (
        "《甲乙条约》包括《中英甲乙条约》、《中法甲乙条约》。英国代表签约，共12款。《甲乙条约》合计共32款。"
    )
    assert _run(_doc(text)).article_count.value == 32


def test_including_words_without_articles_are_no_count() -> None:
    assert _run(_doc("《甲乙条约》是两国间的条约。条约包括十二项内容。")).article_count is None
