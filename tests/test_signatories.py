"""Signatories: who signed (not who negotiated, sent or mediated), with side and office."""

from __future__ import annotations

from pathlib import Path

import pytest

from yuezhang.extract.pipeline import extract
from yuezhang.sources.files import iter_input_files, read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _signers(tmp_path: Path, title: str, text: str):
    path = tmp_path / f"{title}.wikitext"
    path.write_text(text, encoding="utf-8")
    return extract(read_file(path, title=title)).signatories


def _names(facts) -> list[str]:
    return [f.name for f in facts]


def test_representatives_of_both_sides(tmp_path: Path) -> None:
    text = "《'''某河条约'''》是清朝全权代表[[王某]]与俄国外长[[伊万·彼得罗夫]]于1860年11月14日签定的条约。"
    facts = _signers(tmp_path, "某河条约", text)
    assert [(f.name, f.side, f.office) for f in facts] == [
        ("王某", "清朝", "全权代表"),
        ("伊万·彼得罗夫", "俄罗斯帝国", "外长"),
    ]


def test_negotiators_and_appointers_are_not_signers(tmp_path: Path) -> None:
    text = (
        "《'''某港条约'''》是甲国与乙国签订的条约。甲国皇帝[[钱某]]委任钦差大臣[[孙某]]作为签约代表。\n\n"
        "==经过==\n1900年3月，乙国代表[[卡尔·施密特]]与甲国大臣[[赵某甲]]开始谈判。"
    )
    assert _names(_signers(tmp_path, "某港条约", text)) == ["孙某"]


def test_both_sides_refers_to_the_negotiators_named_before(tmp_path: Path) -> None:
    text = (
        "《'''某城章程'''》是甲国与乙国签订的章程。\n\n==经过==\n"
        "1851年7月，乙国全权代表[[科斯塔诺夫]]与甲国将军[[周某]]、参赞大臣[[吴某]]在某城开议。"
        "乙方要求通商。周某一味退让，8月6日，双方在《某城章程》上签字。"
    )
    assert set(_names(_signers(tmp_path, "某城章程", text))) == {"科斯塔诺夫", "周某", "吴某"}


def test_signers_named_after_the_verb(tmp_path: Path) -> None:
    text = (
        "《'''某湾条约'''》是甲国与乙国之间于1898年3月27日在某城达成的条约。"
        "甲国方面签署这项条约的是全权大臣[[郑某]]和[[冯某]]，乙方签署该条约的是全权大臣[[巴甫洛夫]]。"
    )
    assert _names(_signers(tmp_path, "某湾条约", text)) == ["郑某", "冯某", "巴甫洛夫"]


def test_signature_list_and_mediator(tmp_path: Path) -> None:
    text = (
        "'''某江边界条约'''是甲国和乙国于1962年在某城签订的边界条约。\n\n==签署过程==\n"
        "签署人包括甲国总理[[陈某]]、外交部长[[林某]]及乙国外务相[[朴某]]。"
        "此前，丙国总统[[罗伯特·格林]]在其调停下促成谈判。"
    )
    assert _names(_signers(tmp_path, "某江边界条约", text)) == ["陈某", "林某", "朴某"]


def test_another_agreements_signing_and_refusals(tmp_path: Path) -> None:
    text = (
        "《'''某关条约'''》是甲国与乙国签订的条约。\n\n==后续==\n"
        "1885年甲国派遣[[黄某]]前往某城签订某关条约续增专条。签约时，国王[[金某]]拒绝签名。"
    )
    assert _signers(tmp_path, "某关条约", text) == []


def test_same_person_written_two_ways(tmp_path: Path) -> None:
    text = (
        "{{NoteTA|1=zh-hans:萨琪; zh-hk:戴琪;}}\n"
        "《'''某港声明'''》是甲国与乙国签订的声明，由甲国总理[[赵某]]与乙国首相[[戴琪夫人]]在某城签订。"
        "\n\n==签署==\n随后，赵某和萨琪夫人在声明上签字盖章。"
    )
    assert _names(_signers(tmp_path, "某港声明", text)) == ["赵某", "戴琪夫人"]


@pytest.mark.parametrize(
    "file, names",
    [
        ("seeds/000_8030a5917fd490ea.txt", ["蔡运升", "西曼诺夫斯基"]),
        ("seeds/002_334486d6c90818fa.txt", ["周恩来", "安德烈·维辛斯基"]),
        ("dev/马关条约.wikitext", ["李鸿章", "李经方", "伊藤博文", "陆奥宗光"]),
        ("dev/中苏互不侵犯条约.md", []),
        ("dev/尼布楚條約.md", ["费奥多尔·戈洛温伯爵", "索额图", "佟国纲"]),
    ],
)
def test_corpus_signatories(file: str, names: list[str]) -> None:
    assert _names(extract(read_file(SHARED / "corpus" / file)).signatories) == names


def test_corpus_evidence_holds_its_text() -> None:
    """Every fact of this family points at words of plain that hold it, inside its sentence."""
    for path in iter_input_files([str(SHARED / "corpus")]):
        d = read_file(path)
        r = extract(d)
        evidence = [s.evidence for s in r.signatories] + [a.evidence for a in r.aliases if a.evidence]
        for ev in evidence:
            assert ev.path == d.path
            assert ev.text == d.plain[ev.start : ev.end]
            assert ev.text in ev.sentence
            assert d.source_span(ev.start, ev.end) == (ev.source_start, ev.source_end) or ev.start == ev.end
        for s in r.signatories:
            assert s.name == s.evidence.text or s.name in s.evidence.sentence, (path, s.name)
        for a in r.aliases:
            assert a.evidence is None or a.name == a.evidence.text or a.name in a.evidence.sentence, (path, a)


def test_signature_block_of_the_treaty_text(tmp_path: Path) -> None:
    text = (
        "《'''某湾和约'''》是甲国和乙国签订的和约。\n\n==条约内容==\n第一条 两国和好。\n\n"
        "第二条 本约缮就两本。为此两国全权委员署名盖印，以昭信守。\n\n某年九月五日\n\n"
        "山本某郎\n\n伊万诺夫\n\n附约\n\n第一条 另有规定，由两国全权委员另立附约如下。"
    )
    assert _names(_signers(tmp_path, "某湾和约", text)) == ["山本某郎", "伊万诺夫"]


def _plain_signers(tmp_path: Path, title: str, text: str) -> list[str]:
    path = tmp_path / f"{title}.txt"
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return _names(extract(read_file(path, title=title)).signatories)


def test_plain_text_signer_lists(tmp_path: Path) -> None:
    text = "《某津新约》是甲国和乙国于1885年6月9日在某津签订的和约，签字者为孙德明与乙国驻甲公使卡罗诺。"
    assert _plain_signers(tmp_path, "某津新约", text) == ["孙德明", "卡罗诺"]
    text = (
        "《某城和约》是甲国与多国于1901年签订的条约。"
        "代表丹麦签署某城和约的是亲王钱永和大臣赵一清，代表外国签署某城和约的是各国公使等。"
    )
    assert _plain_signers(tmp_path, "某城和约", text) == ["钱永", "赵一清"]


def test_subject_carried_over_time_and_place_clauses(tmp_path: Path) -> None:
    text = (
        "《某埔条约》是乙国与甲国签订的条约。1844年，甲国代表总督孙德明与乙国特使卡罗诺在某城进行谈判，"
        "最后于1844年10月24日，在停泊于某港的军舰上，签订此条约。"
    )
    assert _plain_signers(tmp_path, "某埔条约", text) == ["孙德明", "卡罗诺"]


def test_both_sides_after_representatives_named_one_by_one(tmp_path: Path) -> None:
    text = (
        "《'''某关条约'''》是甲国与乙国签订的条约。\n\n==经过==\n"
        "甲国派全权代表[[钱永]]前往某关。乙国则由全权大臣[[卡罗诺]]前来。数日后，双方在某关签订条约。"
    )
    assert set(_names(_signers(tmp_path, "某关条约", text))) == {"钱永", "卡罗诺"}


def test_representative_as_the_sentence_subject(tmp_path: Path) -> None:
    text = (
        "《'''某界约记'''》是甲国与乙国签订的条约。\n\n==经过==\n"
        "1864年10月7日，乙国代表[[卡罗诺]]，以武力相威胁，迫使甲国大臣[[钱永]]等，在某城签订，共10条。"
    )
    assert set(_names(_signers(tmp_path, "某界约记", text))) == {"卡罗诺", "钱永"}


def test_agreement_as_subject_of_a_passive_signing(tmp_path: Path) -> None:
    text = (
        "《某河边界条约》是甲国与乙国于2001年3月5日签署的边界条约。\n\n签署\n\n"
        "该条约由甲国外交部长孙德明和乙国副总理兼外长黎文成签署。"
    )
    assert _plain_signers(tmp_path, "某河边界条约", text) == ["孙德明", "黎文成"]


def test_cue_names_cut_short_by_an_office_or_a_word(tmp_path: Path) -> None:
    # a rank with its fief (X亲王) before the name; a 3-character name ending in a word (来)
    text = "《某港通商条约》是甲国与乙国于1887年12月1日签订的条约，由乙国大臣庆亲王奕某与甲国公使卡罗诺签订。"
    assert _plain_signers(tmp_path, "某港通商条约", text) == ["奕某", "卡罗诺"]
    text = (
        "某城声明\n签署者 总理孙恩来 外长赵一清\n\n《某城声明》是甲国与乙国于1972年9月1日签署的联合声明。"
        "孙恩来总理、赵一清外长和钱首相、李外相分别代表本国政府在声明文本上签字。"
    )
    names = _plain_signers(tmp_path, "某城声明", text)
    assert "孙恩来" in names and "赵一清" in names
    assert not {"孙恩", "钱首相", "李外相", "分别"} & set(names)


def test_a_right_after_an_office_is_no_person(tmp_path: Path) -> None:
    text = "《某约》是甲国与乙国于1871年9月13日签订的条约，规定两国互设领事裁判权。甲国代表为孙德明。"
    assert "裁判权" not in _plain_signers(tmp_path, "某约", text)


def test_bare_name_joined_to_an_office_cued_signer(tmp_path: Path) -> None:
    text = (
        "'''甲乙界约'''是甲国与英国于1890年签订的条约。\n\n"
        "1890年3月1日，薛明远与英国外相劳伯森在某城签订此约。"
    )
    assert set(_names(_signers(tmp_path, "甲乙界约", text))) == {"薛明远", "劳伯森"}
    # a polity opening the clause is no person
    text = "'''甲乙界约'''是甲国与英国于1890年签订的条约。\n\n1890年3月1日，甲国与英国外相劳伯森签订此约。"
    assert _names(_signers(tmp_path, "甲乙界约", text)) == ["劳伯森"]


def test_four_character_japanese_name_after_an_office(tmp_path: Path) -> None:
    text = "'''甲日条规'''是1871年甲国与日本在某城签订的条约，由日本全权大臣伊达宗城与甲国大臣李四签字。"
    assert set(_names(_signers(tmp_path, "甲日条规", text))) == {"伊达宗城", "李四"}


def _box_signers(tmp_path: Path, title: str, text: str) -> list[str]:
    path = tmp_path / f"{title}.txt"
    path.write_text(text, encoding="utf-8")
    return sorted(f.name for f in extract(read_file(path)).signatories)


def test_plain_text_infobox_line(tmp_path: Path) -> None:
    text = (
        "甲乙条约\n\n甲乙条约\n签署日 1901年3月2日\n签署者 日本国外务大臣吉田正雄 维克多·布兰科 王国\n"
        "保存处 丙城档案馆\n\n《甲乙条约》是日本与乙国于1901年3月2日签订的条约。\n"
    )
    assert _box_signers(tmp_path, "甲乙条约", text) == ["吉田正雄", "维克多·布兰科"]


def test_empty_infobox_line_lists_nobody(tmp_path: Path) -> None:
    text = "甲乙条约\n\n签署者\n保存处 丙城档案馆\n\n《甲乙条约》是日本与乙国于1901年3月2日签订的条约。\n"
    assert _box_signers(tmp_path, "甲乙条约", text) == []


def test_name_after_a_chain_of_offices(tmp_path: Path) -> None:
    text = (
        "甲乙条约\n\n《甲乙条约》为1901年3月2日甲国与美国所缔结的条约。签约代表分别为甲国方面全权代表"
        "吉田正雄（大学头）和美国方面全权代表东印度舰队司令马克·图恩。"
    )
    assert _box_signers(tmp_path, "甲乙条约", text) == ["吉田正雄", "马克·图恩"]
