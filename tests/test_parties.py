"""Parties: co-subjects of the signing verb, period-aware polities, anaphora, infobox, title prefix."""

from __future__ import annotations

from pathlib import Path

import pytest

from yuezhang.extract.pipeline import extract
from yuezhang.sources.files import iter_input_files, read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _parties(tmp_path: Path, title: str, text: str) -> list[tuple[str, str]]:
    path = tmp_path / f"{title}.wikitext"
    path.write_text(text, encoding="utf-8")
    return [(p.name, p.surface) for p in extract(read_file(path, title=title)).parties]


@pytest.mark.parametrize(
    "year, china, russia",
    [
        ("1864", "清朝", "俄罗斯帝国"),
        ("1920", "中华民国", "苏俄"),
        ("1929", "中华民国", "苏联"),
        ("1950", "中华人民共和国", "苏联"),
        ("1996", "中华人民共和国", "俄罗斯联邦"),
    ],
)
def test_generic_names_follow_the_date(tmp_path: Path, year: str, china: str, russia: str) -> None:
    text = f"《'''某河条约'''》是中国与俄国于{year}年5月3日在某城签订的条约。"
    assert _parties(tmp_path, "某河条约", text) == [(china, "中国"), (russia, "俄国")]


def test_mediators_and_places_are_not_parties(tmp_path: Path) -> None:
    text = (
        "《'''某港和约'''》是由日本和俄国在美国总统某某的调停下，於1905年9月5日在美国某州的某港签署的和约。"
    )
    assert [n for n, _ in _parties(tmp_path, "某港和约", text)] == ["日本", "俄罗斯帝国"]


def test_quoted_names_and_surrender_are_not_parties(tmp_path: Path) -> None:
    text = "《'''某某同盟条约'''》是中华民国在1945年8月15日日本投降之际与苏联签订的条约，规定《某某补充协定》另行商订。"
    assert [n for n, _ in _parties(tmp_path, "某某同盟条约", text)] == ["中华民国", "苏联"]


def test_both_sides_take_the_polities_of_the_sentence_before(tmp_path: Path) -> None:
    text = (
        "《'''某江条约'''》是首个此类条约。道光年间（1842年），大清在对大英的战争中战败。"
        "双方代表在某江的军舰上签署《某江条约》。"
    )
    assert [n for n, _ in _parties(tmp_path, "某江条约", text)] == ["清朝", "英国"]


def test_forced_party_and_infobox_flags(tmp_path: Path) -> None:
    text = "《'''某湾租借条约'''》是1898年3月6日德意志帝国强迫清政府在北京订立的条约。"
    assert [n for n, _ in _parties(tmp_path, "某湾租借条约", text)] == ["德意志帝国", "清朝"]
    text = "{{Infobox treaty\n| parties = {{QING}}<hr>{{JPN-EMP}}\n}}\n《'''某关条约'''》是1895年签订的条约。"
    assert [n for n, _ in _parties(tmp_path, "某关条约", text)] == ["清朝", "日本"]


def test_title_prefix_when_the_text_is_silent(tmp_path: Path) -> None:
    text = "《'''中日某某条约'''》，是民国4年（1915年）签订的一组条约。"
    assert _parties(tmp_path, "中日某某条约", text) == [("中华民国", "中"), ("日本", "日")]


def test_multilateral_single_signers(tmp_path: Path) -> None:
    text = (
        "《'''某某议定书'''》是一项气候条约。\n\n==签署==\n2002年，加拿大签署了《某某议定书》。"
        "2002年8月印度签署了某某议定书。2007年，澳大利亚正式签署了某某议定书。"
    )
    assert [n for n, _ in _parties(tmp_path, "某某议定书", text)] == ["加拿大", "印度", "澳大利亚"]


@pytest.mark.parametrize(
    "file, parties",
    [
        ("seeds/000_8030a5917fd490ea.txt", ["中华民国", "苏联"]),
        ("seeds/001_499cbdf211a48d29.txt", ["俄罗斯帝国", "清朝"]),
        ("seeds/002_334486d6c90818fa.txt", ["中华人民共和国", "苏联"]),
        ("dev/北京条约.md", ["清朝", "英国", "法国", "俄罗斯帝国"]),
        ("dev/日韩合并条约.md", ["大韩帝国", "日本"]),
    ],
)
def test_corpus_parties(file: str, parties: list[str]) -> None:
    assert [p.name for p in extract(read_file(SHARED / "corpus" / file)).parties] == parties


def test_corpus_party_evidence_holds_its_text() -> None:
    for path in iter_input_files([str(SHARED / "corpus")]):
        d = read_file(path)
        record = extract(d)
        names = [p.name for p in record.parties]
        assert len(names) == len(set(names)), path
        for p in record.parties:
            ev = p.evidence
            assert ev.text == d.plain[ev.start : ev.end]
            assert ev.text in ev.sentence and (ev.text == p.surface or p.surface in ev.sentence), (path, p)


def _plain_parties(tmp_path: Path, title: str, text: str) -> list[str]:
    path = tmp_path / f"{title}.txt"
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return [p.name for p in extract(read_file(path, title=title)).parties]


def test_list_under_a_signatory_states_heading(tmp_path: Path) -> None:
    text = (
        "《某城条约》于1991年在荷兰某城举行的欧洲共同体会议中草签。\n\n签署国家\n\n"
        "原某共同体4个国家：比利时、丹麦、希腊和葡萄牙。\n"
    )
    assert _plain_parties(tmp_path, "某城条约", text) == ["比利时", "丹麦", "希腊", "葡萄牙"]


def test_counted_list_needs_a_matching_count(tmp_path: Path) -> None:
    text = "《某港公约》是1950年签订的公约。签署该公约的3个国家：比利时、丹麦和希腊。"
    assert _plain_parties(tmp_path, "某港公约", text) == ["比利时", "丹麦", "希腊"]
    text = "《某港公约》是1950年签订的公约。签署该公约的5个国家：比利时、丹麦和希腊。"
    assert _plain_parties(tmp_path, "某港公约", text) == []


def test_soviet_russia_before_the_union(tmp_path: Path) -> None:
    text = "'''某城和约'''是苏维埃俄国和甲国及其同盟国——奥匈帝国和保加利亚于1918年3月在某城签订的和约。"
    names = [n for n, _ in _parties(tmp_path, "某城和约", text)]
    assert names[0] == "苏俄" and "同盟国" not in names and {"奥匈帝国", "保加利亚"} <= set(names)


def test_purpose_and_topic_are_not_parties(tmp_path: Path) -> None:
    text = "'''某某同盟条约'''是苏联与波兰为抗衡北大西洋公约组织而签订的条约。"
    assert [n for n, _ in _parties(tmp_path, "某某同盟条约", text)] == ["苏联", "波兰"]
    text = "'''某界条约'''是英国与清朝于1894年就云南与缅甸边界问题签订的条约。"
    assert [n for n, _ in _parties(tmp_path, "某界条约", text)] == ["英国", "清朝"]


def test_plain_text_infobox_line_and_bare_object(tmp_path: Path) -> None:
    text = "某和约\n\n签署日 1648年10月24日\n\n签署者 瑞典 西班牙 瑞士\n\n'''某和约'''是一系列条约。"
    assert [n for n, _ in _parties(tmp_path, "某和约", text)] == ["瑞典", "西班牙", "瑞士"]
    text = (
        "'''某某条约'''是东欧国家签订的条约。\n\n== 签订 ==\n1955年5月14日，苏联和波兰、匈牙利3国政府首脑"
        "在某城签署条约。"
    )
    assert [n for n, _ in _parties(tmp_path, "某某条约", text)] == ["苏联", "波兰", "匈牙利"]


def test_states_between_which_this_agreement_settled(tmp_path: Path) -> None:
    text = (
        "'''某城条约'''是1923年某城会议期间签订的和约。该条约解决了甲战争以来土耳其与协约国阵营的法国、"
        "义大利王国、希腊王国之间的争端。"
    )
    names = [n for n, _ in _parties(tmp_path, "某城条约", text)]
    assert names == ["土耳其", "法国", "意大利", "希腊"]
    # "之间" in a sentence whose subject is not this agreement says nothing about its parties
    text = "'''某城条约'''是某城会议期间签订的和约。当时土耳其与法国、希腊之间的争端不断。"
    assert len(_parties(tmp_path, "某城条约", text)) < 2


def test_language_glosses_name_no_party(tmp_path: Path) -> None:
    text = (
        "'''甲城协定'''（英语：Kocity Agreement；捷克语：Kodohoda；波兰文：Koumowa）"
        "是德国、英国和法国于1938年9月30日在甲城缔结的一项协定。"
    )
    assert sorted(n for n, _ in _parties(tmp_path, "甲城协定", text)) == ["法国", "纳粹德国", "英国"]
