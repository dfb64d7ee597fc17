"""The knowledge tables: agreement names, polities by period, flags, places."""

from __future__ import annotations

import pytest

from yuezhang.knowledge import agreements, places, polities, read_table

#: canonical names GUIDE.md lists; the scorer accepts them, so the tables must use them
GUIDE_CANONICAL = [
    "清朝",
    "中华民国",
    "中华人民共和国",
    "俄罗斯帝国",
    "苏联",
    "俄罗斯联邦",
    "日本",
    "英国",
    "美国",
    "法国",
]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("尼布楚條約", True),
        ("《中英聯合聲明》", True),
        ("甲乙勘界议定书", True),
        ("某某城下之盟约", True),
        ("条约", False),
        ("该条约", False),
        ("不平等条约", False),
        ("两国边界条约", False),
        ("这项条约", False),
        ("日俄战争", False),
        ("张学良", False),
        ("二十一條", False),
    ],
)
def test_looks_like_agreement(name: str, expected: bool) -> None:
    assert agreements.looks_like_agreement(name) is expected


def test_weak_suffixes_need_asking_for() -> None:
    assert agreements.looks_like_agreement("开罗宣言")
    assert not agreements.looks_like_agreement("开罗宣言", strong_only=True)
    assert agreements.suffix_of("某国联合声明").kind == "joint_statement"  # longest suffix wins over 声明
    assert agreements.suffix_of("甲乙会议记录").kind == "minutes"


@pytest.mark.parametrize(
    "name, when, canonical",
    [
        ("中国", "1864-10-07", "清朝"),
        ("中國", "1929", "中华民国"),
        ("中国", "1950-02-14", "中华人民共和国"),
        ("俄国", "1689", "俄罗斯帝国"),
        ("俄國", "1950", "苏联"),
        ("俄罗斯", "2001-07-16", "俄罗斯联邦"),
        ("德国", "1898", "德意志帝国"),
        ("德國", "1919-06-28", "魏玛共和国"),
        ("韩国", "1910-08-22", "大韩帝国"),
        ("韓國", "1965", "大韩民国"),
        ("朝鲜", "1962", "朝鲜民主主义人民共和国"),
        ("滿清政府", None, "清朝"),
        ("國民政府", None, "中华民国"),
        ("沙俄", None, "俄罗斯帝国"),
        ("大日本帝國陸軍", None, "日本"),
    ],
)
def test_resolve_by_period(name: str, when: str | None, canonical: str) -> None:
    p = polities.resolve(name, when)
    assert p is not None and p.name == canonical


def test_generic_name_without_a_date_is_not_guessed() -> None:
    assert polities.resolve("中国") is None
    assert polities.is_generic("俄罗斯")


def test_flags() -> None:
    assert polities.by_flag("QING").name == "清朝"
    assert polities.by_flag("JPN-EMP").name == "日本"
    assert polities.by_flag("USSR").name == "苏联"
    assert polities.by_flag("UKGBI").name == "英国"
    assert polities.by_flag("ROC").name == "中华民国"
    # a modern flag on an old treaty means the polity of that time
    assert polities.by_flag("RUS", "1858").name == "俄罗斯帝国"
    assert polities.by_flag("RUS", "2001").name == "俄罗斯联邦"
    assert polities.by_flag("NO-SUCH-FLAG") is None


def test_title_prefix_reads_abbreviations_by_date() -> None:
    names = [p.name for _, _, p in polities.title_prefix("中俄某地界约", "1864")]
    assert names == ["清朝", "俄罗斯帝国"]
    names = [p.name for _, _, p in polities.title_prefix("中俄某地界约", "1996")]
    assert names == ["中华人民共和国", "俄罗斯联邦"]
    assert [p.name for _, _, p in polities.title_prefix("日韩某约", "1905")] == ["日本", "大韩帝国"]
    assert polities.title_prefix("中华民国某约", "1930") == []  # a full name, not 中 + 华
    assert polities.title_prefix("中东路事件", "1929") == []
    assert polities.strip_title_prefix("中英某某声明") == "某某声明"


def test_polity_tables_are_consistent() -> None:
    names = [p.name for p in polities.polities()]
    assert len(names) == len(set(names)), "canonical names must be unique"
    assert set(GUIDE_CANONICAL) <= set(names)
    assert len(names) >= 100
    for row in read_table("polity_periods.tsv"):
        assert polities.get(row["polity"]) is not None, row


def test_places() -> None:
    assert len(places.places()) >= 100
    boli = places.lookup("哈巴罗夫斯克")
    assert boli is not None and boli.name == "伯力" and 48 < boli.lat < 49
    assert places.lookup("塔城").name == "塔尔巴哈台"
    assert places.lookup("涅尔琴斯克").name == "尼布楚"
    assert places.lookup("煙臺").name == "烟台"  # traditional script folds
    kremlin = places.lookup("克里姆林宮")
    assert kremlin.kind == "site" and places.city_of(kremlin).name == "莫斯科"
    for p in places.places():
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p
        if p.city:
            assert places.get(p.city) is not None, p


def test_find_place_names_prefers_longest() -> None:
    found = [p.name for _, _, p in places.find_names(places.norm("在某国首都平壤的人民大会堂西大厅"))]
    assert found == ["平壤", "人民大会堂西大厅"]


def test_armies_are_not_polities() -> None:
    text = "八国联军攻入京城后，协约国联军也到了，英法联军则撤回。"
    assert [n for _, _, n in polities.find_names(text)] == ["协约国"]
    assert polities.resolve("八国联军") is None and polities.resolve("联军") is None


def test_cue_variants_extend_their_base_and_match_longest_first() -> None:
    from yuezhang.extract import cues

    assert set(cues.words("sign")) < set(cues.words("sign.event"))
    assert set(cues.words("self.short")) < set(cues.words("self")) < set(cues.words("self.object"))
    assert "两国" not in cues.words("both.representatives")  # a named variant, not the base
    assert cues.pattern("sign.party").match("签了字").group() == "签了字"  # not the bare 签
    assert cues.pattern("sign.party").match("签约").group() == "签约"
    assert cues.pattern("and.signers").search("甲(乙").group() == "("  # escaped, not a group
