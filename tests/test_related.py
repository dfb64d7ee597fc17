"""Related agreements: every other agreement named, once, with the relation stated."""

from __future__ import annotations

import re

import pytest

from yuezhang.document import Document, Link, ListItem, Section
from yuezhang.extract import related
from yuezhang.extract.pipeline import Context
from yuezhang.extract.record import AliasFact, TreatyRecord


def _doc(marked: str, title: str = "甲乙条约", sections: tuple[tuple[str, int], ...] = ()) -> Document:
    """A plain document from text with [[target|shown]] links; `sections` are (heading, at)
    pairs: a level-2 section whose heading starts at the given marker."""
    plain, links, pos = "", [], 0
    for m in re.finditer(r"\[\[([^|\]]+)(?:\|([^\]]+))?\]\]", marked):
        plain += marked[pos : m.start()]
        shown = m[2] or m[1]
        links.append(Link(m[1], shown, len(plain), len(plain) + len(shown)))
        plain += shown
        pos = m.end()
    plain += marked[pos:]
    secs = []
    heads = [(h, plain.find(h)) for h, _ in sections]
    for i, (h, at) in enumerate(heads):
        end = heads[i + 1][1] if i + 1 < len(heads) else len(plain)
        secs.append(Section(h, 2, at, end, at, at + len(h)))
    return Document(
        title, "t.txt", "plain", plain, plain, list(range(len(plain) + 1)), links=links, sections=secs
    )


def _run(doc: Document, aliases: tuple[str, ...] = ()) -> dict[str, str]:
    record = TreatyRecord(path=doc.path, title=doc.title, format="plain")
    record.aliases = [AliasFact(a, "marker", None) for a in aliases]
    related.run(doc, record, Context())
    for fact in record.related:
        ev = fact.evidence
        assert ev.text == doc.plain[ev.start : ev.end] and ev.text in ev.sentence
    return {f.title: f.relation for f in record.related}


def test_quoted_and_linked_agreements_each_once() -> None:
    doc = _doc(
        "《甲乙条约》订于某年。此前两国订有《[[丙丁和约]]》，后又据《丙丁和约》交涉，参见[[戊己协定]]。"
    )
    assert _run(doc) == {"丙丁和约": "mentioned", "戊己协定": "mentioned"}


def test_own_title_aliases_and_their_prefixed_forms_are_not_related() -> None:
    doc = _doc("《甲乙条约》又称《某城条约》，亦见于《中俄甲乙条约》译本。后来订立了《庚辛条约》。")
    assert _run(doc, aliases=("某城条约",)) == {"庚辛条约": "mentioned"}


def test_several_prefixed_forms_are_components_of_an_umbrella_title() -> None:
    doc = _doc("《甲乙条约》包括《中英甲乙条约》、《中法甲乙条约》两份条约。")
    assert set(_run(doc)) == {"中英甲乙条约", "中法甲乙条约"}


def test_link_target_is_preferred_and_merges_its_shown_name() -> None:
    doc = _doc("此前订有《[[中日某地会议专条|中日某地条约]]》。其后《中日某地条约》仍被援引。")
    assert _run(doc) == {"中日某地会议专条": "mentioned"}


def test_wikisource_anchor_names_the_agreement() -> None:
    doc = _doc("同日签订《[[:s:两国公告#关于某铁路的协定|关于某铁路的协定]]》。")
    assert _run(doc) == {"关于某铁路的协定": "signed_together"}


def test_second_name_given_for_the_same_agreement_is_merged() -> None:
    doc = _doc("后来签订的《[[中葡某某通商条约]]》亦称《中葡某城条约》，与本约无涉。")
    assert list(_run(doc)) == ["中葡某某通商条约"]


@pytest.mark.parametrize(
    "marked",
    [
        "据《光绪条约》记载，谈判历时三月。",  # a book cited
        "此事详见《某某条约》卷三。",  # a book with its volume
        "条约签订引发[[某地事件]]与[[某某战争]]，并召开[[某国会议]]。",  # events
        "两国后来订立了不平等条约，又签订该协定。",  # generic phrases
        "该条约由[[某城]]的[[某人]]签署。",  # places and people
    ],
)
def test_not_agreements(marked: str) -> None:
    assert _run(_doc("《甲乙条约》订于某年。" + marked)) == {}


def test_bibliography_sections_are_not_the_text() -> None:
    doc = _doc(
        "《甲乙条约》订于某年。\n参考文献\n某人编《某国条约》，某书局，1957年。", sections=(("参考文献", 0),)
    )
    assert _run(doc) == {}


@pytest.mark.parametrize(
    "sentence,name,relation",
    [
        ("本约是以《丙丁条约》为基础草拟的。", "丙丁条约", "based_on"),
        ("双方根据《丙丁条约》划定边界。", "丙丁条约", "based_on"),
        ("俄方援引《丙丁条约》中的有关规定。", "丙丁条约", "cites"),
        ("依《丙丁公约》第十二条，该约须登记。", "丙丁公约", "cites"),
        ("后来又订立《关于甲乙条约的补充协定》。", "关于甲乙条约的补充协定", "supplements"),
        ("数年后两国签订《甲乙续约》。", "甲乙续约", "supplements"),
        ("同日，两国另签订《丙丁协定》。", "丙丁协定", "signed_together"),
        ("本约修改了《丙丁条约》的部分条款。", "丙丁条约", "amends"),
        ("本约取代了《丙丁条约》。", "丙丁条约", "replaces"),
        ("本约签订后，《丙丁条约》即告失效。", "丙丁条约", "abrogates"),
        ("两国宣布废除《丙丁条约》。", "丙丁条约", "abrogates"),
    ],
)
def test_relations(sentence: str, name: str, relation: str) -> None:
    assert _run(_doc("《甲乙条约》订于某年。" + sentence)) == {name: relation}


def test_unquoted_name_after_a_signing_verb() -> None:
    doc = _doc("《甲乙条约》订于某年。十年后两国又签订中英甲乙条约续增专条，规定税则。")
    assert _run(doc) == {"中英甲乙条约续增专条": "supplements"}


def test_see_also_list_of_external_document_links() -> None:
    names = ["关于某港之协定", "关于某路之协定", "某报：甲国退出甲乙条约"]
    doc = _doc("《甲乙条约》订于某年。\n外交文件\n" + "\n".join(names) + "\n")
    for name in names:
        start = doc.plain.index(name)
        doc.links.append(Link("http://example.org/" + name, name, start, start + len(name), external=True))
        doc.list_items.append(ListItem(name, start, start + len(name), False))
    assert _run(doc) == {"关于某港之协定": "mentioned", "关于某路之协定": "mentioned"}


def test_one_external_link_is_not_a_list_of_documents() -> None:
    doc = _doc("《甲乙条约》订于某年。\n外部链接\n某国外交部保存之条约协定\n")
    start = doc.plain.index("某国")
    doc.links.append(
        Link("http://example.org/", doc.plain[start:-1], start, len(doc.plain) - 1, external=True)
    )
    doc.list_items.append(ListItem(doc.plain[start:-1], start, len(doc.plain) - 1, False))
    assert _run(doc) == {}


def test_bracketed_other_name_is_the_same_agreement() -> None:
    doc = _doc("其后又签订《[[某口通商附粘善后条款]]》（某门条约，某年），参见[[某门条约]]。")
    assert list(_run(doc)) == ["某口通商附粘善后条款"]


def test_adjacent_names_are_different_agreements() -> None:
    assert set(_run(_doc("强调《丙丁条约》《戊己条约》的正本在某地。"))) == {"丙丁条约", "戊己条约"}


def test_one_polity_prefixed_form_is_the_same_agreement() -> None:
    doc = _doc("该约承认中俄《[[某城条约]]》有效，后来《中俄某城条约》亦被援引。")
    assert list(_run(doc)) == ["某城条约"]


def test_negated_relation_is_only_a_mention() -> None:
    assert _run(_doc("《甲乙条约》订于某年。后来的《丙丁声明》并没有声明废除此条约。")) == {
        "丙丁声明": "mentioned"
    }


def test_a_supplement_to_another_agreement_does_not_supplement_this_one() -> None:
    assert _run(_doc("现时两国已签订《丙丁国界东段的补充协定》确定疆界。")) == {
        "丙丁国界东段的补充协定": "mentioned"
    }


def test_unlinked_see_also_items() -> None:
    text = "《甲乙条约》订于某年。\n参见\n丙丁条约（1858年）\n某地事件\n《戊己协定》\n"
    doc = _doc(text, sections=(("参见", 0),))
    for line in text.split("\n")[2:5]:
        start = doc.plain.index(line)
        doc.list_items.append(ListItem(line, start, start + len(line), False))
    assert set(_run(doc)) == {"丙丁条约", "戊己协定"}


def test_quoted_descriptive_title_is_a_name_but_not_a_pointer() -> None:
    assert _run(_doc("《甲乙条约》订于某年。此前双方签订《停战议定书》。")) == {"停战议定书": "mentioned"}
    assert _run(_doc("《甲乙条约》订于某年。双方均须遵守《该条约》及《上述协定》。")) == {}


def test_a_three_party_prefixed_form_is_a_component_of_an_umbrella_title() -> None:
    doc = _doc("《甲乙条约》包括《中俄甲乙条约》、《中英法甲乙条约》，其后又签订《丙丁条约》。")
    assert set(_run(doc)) == {"中俄甲乙条约", "中英法甲乙条约", "丙丁条约"}
    own = related.own_names(TreatyRecord(path=doc.path, title=doc.title, format="plain"))
    assert [m.name for m in related.components(doc, own, Context())] == ["中俄甲乙条约", "中英法甲乙条约"]


def test_no_components_without_a_list_after_the_title() -> None:
    doc = _doc("《甲乙条约》是两国间的条约，其后又签订《丙丁条约》、《戊己条约》。")
    own = related.own_names(TreatyRecord(path=doc.path, title=doc.title, format="plain"))
    assert related.components(doc, own, Context()) == []


def test_plain_text_see_also_block_without_bullets() -> None:
    doc = _doc(
        "《甲乙条约》订于某年。\n\n参见\n\n丙丁条约\n戊己协定（某年）\n某某战争\n\n其后的段落提到庚辛条约。"
    )
    assert _run(doc) == {"丙丁条约": "mentioned", "戊己协定": "mentioned"}


def test_a_see_also_word_inside_a_sentence_is_no_heading() -> None:
    assert _run(_doc("《甲乙条约》订于某年，参见下文。\n丙丁条约\n")) == {}


def test_short_name_glossed_after_the_full_name_is_merged() -> None:
    doc = _doc(
        "两国于某年签订《甲丙两国关于某事的联合公报》（一般简称为《某城公报》），《某城公报》影响深远。"
    )
    assert list(_run(doc)) == ["甲丙两国关于某事的联合公报"]


def test_one_full_name_glossed_by_two_short_names_is_two_agreements() -> None:
    doc = _doc(
        "本公报与1972年签订的《甲丙联合公报》（一般简称为《某城公报》）和1982年签订的"
        "《甲丙联合公报》（一般简称为《某日公报》）合称为三个公报。"
    )
    assert set(_run(doc)) == {"某城公报", "某日公报"}


@pytest.mark.parametrize(
    "sentence,name,relation",
    [
        ("中国承认甲国与丙国1884年签订的第二次某城条约；", "第二次某城条约", "mentioned"),
        ("甲国宣布同丙方断交、废除美蒋条约。", "美蒋条约", "abrogates"),
        ("该条约用以取代1951年的美日旧某保条约。", "美日旧某保条约", "replaces"),
    ],
)
def test_unquoted_names_after_verbs_taking_an_agreement(sentence: str, name: str, relation: str) -> None:
    assert _run(_doc("《甲乙条约》订于某年。" + sentence)) == {name: relation}


@pytest.mark.parametrize(
    "sentence",
    [
        "清朝先后签订了一系列条约。",
        "两国废除沙俄时代签订的一切条约。",
        "这是两国签订的第一份边界条约。",
        "甲国签订的割地条约引起不满。",
        "两国签订睦邻友好合作条约。",
        "甲国开始协商修改安全条约。",
    ],
)
def test_descriptions_after_verbs_are_not_names(sentence: str) -> None:
    assert _run(_doc("《甲乙条约》订于某年。" + sentence)) == {}


def test_a_later_short_form_of_a_long_name_is_merged() -> None:
    doc = _doc("两国签订了《某国经济与货币联盟条约》。此后《货币联盟条约》于次年生效。")
    assert list(_run(doc)) == ["某国经济与货币联盟条约"]


def test_a_numbered_agreement_of_a_series_is_not_merged_with_the_first() -> None:
    doc = _doc("两国签订《第二次某城条约》，以取代《某城条约》。")
    assert set(_run(doc)) == {"某城条约", "第二次某城条约"}


def test_a_named_article_is_a_clause_not_an_agreement() -> None:
    assert _run(_doc("《甲乙条约》订于某年，其中第十八条《文化条款》允许购书。")) == {}


def test_unquoted_names_listed_after_baokuo_or_a_colon() -> None:
    doc = _doc("《甲乙条约》订于某年，由九十条组成，主要部分包括丙丁海峡公约、贸易、协议与信函。")
    assert set(_run(doc)) == {"丙丁海峡公约"}
    doc = _doc(
        "《甲乙和约》订于某年。会议签署三份条约以结束战争：丙城和约、丁城协议及埃及和戊国和平条约。",
        "甲乙和约",
    )
    assert set(_run(doc)) == {"丙城和约", "丁城协议", "埃及和戊国和平条约"}


def test_a_listed_clause_or_reference_is_no_name() -> None:
    doc = _doc("《甲乙条约》订于某年。双方的义务包括履行此协议、废除旧约，其内容包括：签订此条约。")
    assert _run(doc) == {}


def test_an_annex_of_regulations_is_an_agreement() -> None:
    doc = _doc("《甲乙条约》共十六款，另附《丙船定例》三款。")
    assert set(_run(doc)) == {"丙船定例"}
