"""Place of signing: patterns, names in parentheses, the table's names and coordinates, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from yuezhang.extract.pipeline import extract
from yuezhang.sources.files import iter_input_files, read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _place(tmp_path: Path, title: str, text: str):
    path = tmp_path / f"{title}.wikitext"
    path.write_text(text, encoding="utf-8")
    return extract(read_file(path, title=title)).place


@pytest.mark.parametrize(
    "text, name",
    [
        ("《'''甲乙条约'''》是甲国与乙国于1858年在瑷珲城签订的条约。", "瑷珲城"),
        ("'''甲乙议定书'''，是甲方和乙方政府于1929年12月22日签订于乙国伯力的一款议定书。", "伯力"),
        (
            "《'''甲乙和约'''》是甲国和乙国于1905年在美国缅因州基特里的朴茨茅斯海军基地签署的和约。",
            "朴茨茅斯海军基地",
        ),
        ("《'''甲乙条约'''》是甲国与乙国签订的条约。签约地点在北京礼部衙门。", "礼部衙门"),
        ("《'''甲乙议定书'''》是1997年在日本京都市的国立京都国际会馆召开的会议通过的。", "国立京都国际会馆"),
        ("《'''甲乙条约'''》是甲国在乙国外交压力下与之签订的条约。", None),
    ],
)
def test_patterns(tmp_path: Path, text: str, name: str | None) -> None:
    place = _place(
        tmp_path, "甲乙条约" if "条约" in text else "甲乙议定书" if "议定书" in text else "甲乙和约", text
    )
    assert (place.name if place else None) == name


def test_other_names_from_text_and_table(tmp_path: Path) -> None:
    text = "《'''甲乙条约'''》是甲国与乙国于1864年在塔尔巴哈台（今塔城）签订的条约。"
    place = _place(tmp_path, "甲乙条约", text)
    assert place.name == place.surface == "塔尔巴哈台"
    assert place.other_names[0] == "塔城"
    assert 46 < place.lat < 47 and 82 < place.lon < 84


def test_unknown_place_keeps_its_name_without_coordinates(tmp_path: Path) -> None:
    place = _place(tmp_path, "甲乙条约", "《'''甲乙条约'''》是甲国与乙国于1801年在某某镇签订的条约。")
    assert place.name == "某某镇" and place.lat is None and place.other_names == []


def test_signing_of_another_agreement_is_not_this_place(tmp_path: Path) -> None:
    text = (
        "《'''甲乙条约'''》是甲国与乙国签订的条约。\n\n==后续==\n1964年，在丙城，双方又签订了《甲乙续约》。"
    )
    assert _place(tmp_path, "甲乙条约", text) is None


def test_talks_place_when_both_sides_sign_afterwards(tmp_path: Path) -> None:
    text = (
        "《'''甲乙章程'''》是甲国与乙国签订的章程。\n\n==经过==\n"
        "1851年7月，乙国代表某某与甲国大臣某某在伊犁开议。8月6日，双方在《甲乙章程》上签字。"
    )
    assert _place(tmp_path, "甲乙章程", text).name == "伊犁"


def test_infobox_location(tmp_path: Path) -> None:
    text = "{{Infobox treaty\n| location_signed = [[山东]][[烟台]]\n}}\n《'''甲乙条约'''》是甲国与乙国签订的条约。"
    place = _place(tmp_path, "甲乙条约", text)
    assert place.name == "烟台" and "芝罘" in place.other_names
    assert place.evidence.sentence.startswith("location_signed:")


@pytest.mark.parametrize(
    "file, name",
    [
        ("seeds/000_8030a5917fd490ea.txt", "伯力"),
        ("seeds/001_499cbdf211a48d29.txt", "塔尔巴哈台"),
        ("seeds/002_334486d6c90818fa.txt", "克里姆林宮"),
        ("dev/中朝边界条约.wikitext", "平壤"),
        ("dev/中俄密约.md", None),
    ],
)
def test_corpus_places(file: str, name: str | None) -> None:
    place = extract(read_file(SHARED / "corpus" / file)).place
    assert (place.name if place else None) == name


def test_corpus_place_evidence_holds_its_text() -> None:
    for path in iter_input_files([str(SHARED / "corpus")]):
        d = read_file(path)
        place = extract(d).place
        if place is None:
            continue
        ev = place.evidence
        assert ev.text == d.plain[ev.start : ev.end]
        assert ev.text in ev.sentence
        assert place.surface in (ev.text or ev.sentence), path


@pytest.mark.parametrize("words", ["当地", "此基础上", "美国的斡旋下", "会议上", "同日"])
def test_phrases_that_are_not_places(tmp_path: Path, words: str) -> None:
    assert (
        _place(tmp_path, "甲乙条约", f"《'''甲乙条约'''》是甲国与乙国于1801年在{words}签订的条约。") is None
    )


def test_place_a_communique_was_issued(tmp_path: Path) -> None:
    place = _place(
        tmp_path, "甲乙联合公报", "《'''甲乙联合公报'''》是中国与美国于1972年在上海发表的联合公报。"
    )
    assert place.name == "上海" and place.lat is not None


def test_annex_in_the_next_clause_is_not_the_signed_agreement(tmp_path: Path) -> None:
    text = (
        "《'''某厦条约'''》是甲国与乙国签订的条约。\n\n==经过==\n"
        "1844年7月3日，甲国特使卡罗诺和乙国总督孙德明在某城某厦村签订《某厦条约》，共34款，附有《某关税则》。"
    )
    place = _place(tmp_path, "某厦条约", text)
    assert place is not None and place.name == "某城某厦村"


def test_comma_before_signing_this_agreement(tmp_path: Path) -> None:
    text = (
        "《'''某埔条约'''》是乙国与甲国签订的条约。\n\n==经过==\n"
        "双方谈判后，于1844年10月24日，在停泊于广州某港的军舰上，签订此条约。"
    )
    place = _place(tmp_path, "某埔条约", text)
    assert place is not None and place.name == "广州"
    text = "《'''某埔条约'''》是乙国与甲国签订的条约。1844年，在广州谈判多日，签订了《某河条约》。"
    assert _place(tmp_path, "某埔条约", text) is None


@pytest.mark.parametrize(
    "text, name",
    [
        # a known name ending in a locative character (内) is read whole
        ("'''甲乙条约'''是甲国与乙国于1990年5月1日在越南首都河内签署的条约。", "河内"),
        # the treaty text a signer writes on is no place; the ceremony's hall is
        (
            "'''甲乙协定'''是甲国与乙国签订的协定。\n\n签字仪式在北京的人民大会堂举行，两国首脑在协定文本上签字。",
            "人民大会堂",
        ),
        # a place inside the topic (就…问题) is what was agreed on, not where; the later sentence says where
        (
            "'''甲乙界约'''是甲国与乙国于1890年就云南边界问题签订的条约。\n\n张三与李四在伦敦签订此约。",
            "伦敦",
        ),
        # several towns of signing: the last one named
        ("'''某和约'''是指1648年在某地区内的奥斯纳布吕克市及明斯特签订的一系列条约。", "明斯特"),
    ],
)
def test_locative_ceremony_and_topic(tmp_path: Path, text: str, name: str) -> None:
    place = _place(tmp_path, text[3:7], text)
    assert place is not None and place.name == name


def test_known_place_that_only_modifies_the_head(tmp_path: Path) -> None:
    text = "《'''甲乙条约'''》是日本与朝鲜于1876年2月27日在朝鲜半岛西海岸的甲华岛签订的条约。"
    p = _place(tmp_path, "甲乙条约", text)
    assert p is not None and p.name == "甲华岛"


def test_plain_text_infobox_place_line(tmp_path: Path) -> None:
    path = tmp_path / "甲乙条约.txt"
    path.write_text(
        "甲乙条约\n\n甲乙条约\n签署日 1950年2月14日\n签署地点 苏联莫斯科克里姆林宫\n\n"
        "《甲乙条约》是中华人民共和国与苏联于1950年2月14日缔结的条约。\n",
        encoding="utf-8",
    )
    p = extract(read_file(path)).place
    assert p is not None and p.name == "克里姆林宫" and "莫斯科" in p.other_names
