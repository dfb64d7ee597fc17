"""Ceded territory: area figures read right, and counted only when the clause says the
land changed hands by this agreement."""

from __future__ import annotations

import pytest

from yuezhang.document import Document
from yuezhang.extract import territory
from yuezhang.extract.pipeline import Context
from yuezhang.extract.record import Evidence, PartyFact, TreatyRecord


def _doc(text: str, title: str = "甲乙条约") -> Document:
    return Document(
        title=title, path="t.txt", format="plain", source=text, plain=text, offsets=list(range(len(text) + 1))
    )


def _run(text: str, parties: tuple[tuple[str, str], ...] = ()) -> TreatyRecord:
    doc = _doc(text)
    record = TreatyRecord(path=doc.path, title=doc.title, format="plain")
    for name, surface in parties:
        i = text.find(surface)
        record.parties.append(PartyFact(name, surface, Evidence.of(doc, max(i, 0), max(i, 0) + len(surface))))
    territory.run(doc, record, Context())
    return record


@pytest.mark.parametrize(
    "text,km2",
    [
        ("44万平方公里", 440_000),
        ("60余万平方公里", 600_000),
        ("60多万平方公里", 600_000),
        ("约1200平方公里", 1200),
        ("三十五万平方千米", 350_000),
        ("1,000平方英里", 2589.988),
        ("2.5万平方公里", 25_000),
        ("40万至60万平方公里", 500_000),
        ("40-60万平方公里", 500_000),
        ("五百公顷", 5),
    ],
)
def test_area_figures(text: str, km2: float) -> None:
    value, start, end = territory.parse_area(f"共有{text}的土地")
    assert value == pytest.approx(km2, rel=1e-6)
    assert f"共有{text}的土地"[start:end].endswith(text)


def test_no_area_in_other_units() -> None:
    assert territory.parse_area("赔款二百万两，割地七十方里") is None


def test_cession_counted_joint_administration_not() -> None:
    r = _run("该约使乙国失去了河北约25万平方公里的领土，河东约15万平方公里土地由两国共管。")
    assert [t.area_km2 for t in r.territory] == [250_000]
    assert r.area_km2 == 250_000
    ev = r.territory[0].evidence
    assert ev.text == "约25万平方公里" and ev.text in ev.sentence


def test_formerly_joint_land_now_ceded_is_counted() -> None:
    r = _run("条约又将原先规定为两国“共管”的东部之地约12万平方公里归甲国所属。")
    assert r.area_km2 == 120_000


def test_province_area_is_not_a_cession() -> None:
    assert _run("甲省面积约18万平方公里，人口稀少。该约签订后两国通商。").territory == []


def test_the_same_figure_stated_twice_is_one_territory() -> None:
    r = _run("该条约割让了约30万平方公里的土地。条约规定30余万平方公里领土划归甲国。")
    assert r.area_km2 == 300_000 and len(r.territory) == 1


def test_distinct_cessions_add_up() -> None:
    r = _run("条约规定北岸约2万平方公里划归甲国，并割让南岛约5000平方公里予甲国。")
    assert r.area_km2 == 25_000


def test_cession_by_another_agreement_is_not_this_ones() -> None:
    r = _run("此前乙国已依《丙丁条约》割让约9万平方公里予丙国。本约只规定通商事宜。")
    assert r.territory == []


def test_from_and_to_parties() -> None:
    r = _run(
        "清政府与沙俄签订该约，清政府将约3万平方公里土地割让给沙俄。",
        (("清朝", "清政府"), ("俄罗斯帝国", "沙俄")),
    )
    fact = r.territory[0]
    assert (fact.from_party, fact.to_party) == ("清朝", "俄罗斯帝国")
    r = _run(
        "清政府与沙俄签订该约，沙俄由此割占约3万平方公里的领土。",
        (("清朝", "清政府"), ("俄罗斯帝国", "沙俄")),
    )
    assert (r.territory[0].from_party, r.territory[0].to_party) == ("清朝", "俄罗斯帝国")


def test_another_agreement_named_aside_does_not_take_the_cession() -> None:
    r = _run("连《丙丁条约》规定的界湖也被划为甲国内湖，甲国由此割占约4万平方公里的领土。")
    assert r.area_km2 == 40_000
    r = _run("根据《丙丁条约》，甲国割占约4万平方公里的领土。")
    assert r.territory == []


@pytest.mark.parametrize(
    "sentence",
    [
        "此前由于1850年的《丙丁条约》，丙国已经获得了约7万平方公里的土地。",
        "因为《丙丁条约》，丙国早已取得约7万平方公里的领土。",
        "丙国因《丙丁条约》而获得约7万平方公里土地。",
    ],
)
def test_a_gain_explained_by_another_agreement_is_not_this_ones(sentence: str) -> None:
    assert _run("《甲乙条约》规定丙国归还城池。" + sentence).territory == []


def test_a_cause_clause_about_this_agreement_still_counts() -> None:
    r = _run("由于《甲乙条约》，丙国获得约7万平方公里的土地。")
    assert r.area_km2 == 70_000
