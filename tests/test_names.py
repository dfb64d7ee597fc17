"""Aliases: bold names, markers, quoted short forms, infobox, redirects — and not other agreements."""

from __future__ import annotations

from pathlib import Path

from yuezhang.extract.pipeline import Context, extract
from yuezhang.sources.files import read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _extract(tmp_path: Path, title: str, text: str):
    path = tmp_path / f"{title}.wikitext"
    path.write_text(text, encoding="utf-8")
    d = read_file(path, title=title)
    return d, extract(d)


def _aliases(record) -> dict[str, str]:
    return {a.name: a.how for a in record.aliases}


def test_markers_and_lists(tmp_path: Path) -> None:
    text = (
        "《'''甲乙条约'''》（又称《丙城条约》或《丁城条约》；简称甲乙约章），是甲国与乙国于1801年签订的条约。"
    )
    _, r = _extract(tmp_path, "甲乙条约", text)
    assert _aliases(r) == {"丙城条约": "marker", "丁城条约": "marker", "甲乙约章": "marker"}


def test_marker_about_another_agreement_is_not_an_alias(tmp_path: Path) -> None:
    text = (
        "《'''甲乙条约'''》是甲国与乙国于1801年签订的条约。"
        "另外，1887年与戊国签订的《戊己通商条约》亦称《戊己京城条约》。"
    )
    _, r = _extract(tmp_path, "甲乙条约", text)
    assert r.aliases == []


def test_full_name_before_the_short_title(tmp_path: Path) -> None:
    text = "'''三国公约'''是一项条约。\n\n==会议==\n1922年2月6日，三国签署《关于某河航行各原则之条约》，简称三国公约。"
    _, r = _extract(tmp_path, "三国公约", text)
    assert _aliases(r) == {"关于某河航行各原则之条约": "marker"}


def test_components_are_not_aliases(tmp_path: Path) -> None:
    text = "《'''某城条约'''》，包括《'''甲某城条约'''》、《'''乙某城条约'''》，是1860年签订的条约。"
    path = tmp_path / "某城条约.wikitext"
    path.write_text(text, encoding="utf-8")
    d = read_file(path, title="某城条约")
    ctx = Context()
    from yuezhang.extract import detect, names
    from yuezhang.extract.record import TreatyRecord

    detect.is_treaty(d, ctx)
    r = TreatyRecord(path=d.path, title=d.title, format=d.format)
    names.run(d, r, ctx)
    assert r.aliases == []
    assert ctx.data["components"] == ["甲某城条约", "乙某城条约"]


def test_quoted_name_a_side_calls_it_and_pronoun_markers(tmp_path: Path) -> None:
    text = (
        "《'''某江条约'''》，乙方称《某河条约》，是甲国与乙国于1700年签订的条约。甲国朝廷称之为“万世和约”。"
        "\n\n==后续==\n甲国政府仅称其为某江会议记录，不予承认。"
    )
    _, r = _extract(tmp_path, "某江条约", text)
    assert set(_aliases(r)) == {"某河条约", "万世和约", "某江会议记录"}


def test_short_form_without_polity_prefix(tmp_path: Path) -> None:
    text = (
        "《'''中英某港声明'''》是中英两国于1990年发表的联合声明。\n\n==反应==\n《某港声明》的签署引起争议。"
    )
    _, r = _extract(tmp_path, "中英某港声明", text)
    assert _aliases(r) == {"某港声明": "quoted"}


def test_variant_signed_on_the_same_day(tmp_path: Path) -> None:
    text = (
        "《'''朴次某港和约'''》是甲国和乙国于1905年9月5日签署的和约。\n\n"
        "==经过==\n双方代表谈判后，于1905年9月5日在《朴资某港条约》上签字。\n"
        "1907年，双方又签订《朴次某港续约》。"
    )
    _, r = _extract(tmp_path, "朴次某港和约", text)
    assert _aliases(r) == {"朴资某港条约": "quoted"}


def test_title_latin_and_infobox(tmp_path: Path) -> None:
    text = (
        "{{Infobox treaty\n| name = 己庚條約\n| long_name = 己国庚国友好条约\n}}\n"
        "《'''己庚條約'''》（又称《'''己庚条约'''》；Treaty of Jigeng）是己国与庚国签订的条约。"
    )
    _, r = _extract(tmp_path, "己庚条约", text)
    assert _aliases(r) == {"己国庚国友好条约": "infobox"}


def test_redirects(tmp_path: Path) -> None:
    path = tmp_path / "辛壬条约.wikitext"
    path.write_text("《'''辛壬条约'''》是辛国与壬国签订的条约。", encoding="utf-8")
    d = read_file(path, title="辛壬条约")
    d.redirects = ["辛壬和约", "Treaty of Xinren", "辛壬条约"]
    r = extract(d)
    assert [(a.name, a.how, a.evidence) for a in r.aliases] == [("辛壬和约", "redirect", None)]


def test_seed_aliases() -> None:
    r = extract(read_file(SHARED / "corpus" / "seeds" / "001_499cbdf211a48d29.txt"))
    assert {a.name for a in r.aliases} == {"塔城议定书", "塔城界約"}
    r = extract(read_file(SHARED / "corpus" / "dev" / "伊犁條約.wikitext"))
    assert {a.name for a in r.aliases} == {"中俄改訂條約", "聖彼得堡條約", "改订条约"}
    r = extract(read_file(SHARED / "corpus" / "dev" / "北京条约.md"))
    assert r.aliases == []  # its bold 中英/中法/中俄 treaties are components


def test_formal_name_marker_and_counted_title(tmp_path: Path) -> None:
    text = "《'''甲乙新约'''》，正式名称为《甲乙会订某地条约十款》，是甲国与乙国于1885年签订的条约。"
    _, r = _extract(tmp_path, "甲乙新约", text)
    assert _aliases(r) == {"甲乙会订某地条约十款": "marker"}


def test_passive_marker(tmp_path: Path) -> None:
    text = "《'''甲乙续议条约'''》是甲国与乙国于1894年签订的条约。该约又被称为《甲乙界务条约》。"
    _, r = _extract(tmp_path, "甲乙续议条约", text)
    assert _aliases(r) == {"甲乙界务条约": "marker"}


def _plain(tmp_path: Path, title: str, text: str):
    path = tmp_path / f"{title}.txt"
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return extract(read_file(path, title=title))


def test_plain_text_opening_name_stands_for_bold(tmp_path: Path) -> None:
    text = "《甲国乙国间和平条约》，简称《甲乙和平条约》、《甲乙和约》，又称《某城和约》，为甲国与乙国签订的和平条约。"
    r = _plain(tmp_path, "甲乙和约", text)
    assert _aliases(r) == {
        "甲国乙国间和平条约": "lead",
        "甲乙和平条约": "marker",
        "某城和约": "marker",
    }


def test_plain_names_are_not_cut_at_he_nor_run_on(tmp_path: Path) -> None:
    text = "《对丙和平条约》，简称《对丙和约》，通称某港和平条约或某港和约，是多国与丙国签订的和平条约。"
    r = _plain(tmp_path, "某港和约", text)
    assert set(_aliases(r)) == {"对丙和平条约", "对丙和约", "某港和平条约"}


def test_plain_opening_name_without_brackets(tmp_path: Path) -> None:
    text = "甲国与乙国之间互相合作与安全保障条约（英语：Treaty of Cooperation，简称为甲乙安保条约）是两国签订的条约。"
    r = _plain(tmp_path, "甲乙安保条约", text)
    assert _aliases(r) == {"甲国与乙国之间互相合作与安全保障条约": "lead"}


def test_gloss_adverb_and_new_markers(tmp_path: Path) -> None:
    text = (
        "《某城条约》（法语：Traité de Moucheng），亦称《某约》《甲乙交收某地条约》，"
        "是甲国与乙国签订的条约。\n\n《甲乙会订某事条约》一般简称为《某城条约》。"
        "《某城条约》（另名《某城各国和约》），正式名称为「甲国与多国关于某事的最后协定」。"
        "《某城条约》（英语：Treaty of Moucheng），即《某洲联盟条约》。"
    )
    r = _plain(tmp_path, "某城条约", text)
    assert set(_aliases(r)) == {
        "某约",
        "甲乙交收某地条约",
        "甲乙会订某事条约",
        "某城各国和约",
        "甲国与多国关于某事的最后协定",
        "某洲联盟条约",
    }


def test_unsuffixed_name_needs_the_marker_tied_to_this_agreement(tmp_path: Path) -> None:
    text = "《甲乙条约》是甲国与乙国签订的条约。\n\n当时另一份文件《丙丁条约》亦称《丙约》。"
    r = _plain(tmp_path, "甲乙条约", text)
    assert r.aliases == []


def test_long_full_name_listing_the_parties(tmp_path: Path) -> None:
    parties = "、".join(f"{c}国人民民主共和国" for c in "甲乙丙丁戊己庚辛")
    full = f"{parties}友好合作互助条约"
    text = f"《'''某城条约'''》是八国于1955年签订的条约。全称《{full}》，又称《某城公约》。"
    _, r = _extract(tmp_path, "某城条约", text)
    assert _aliases(r) == {full: "marker", "某城公约": "marker"}


def test_unbracketed_name_opening_the_lead_then_ji(tmp_path: Path) -> None:
    text = "甲城和约即《甲城—乙城和约》，是甲国与乙国于1801年在甲城签订的和约。"
    _, r = _extract(tmp_path, "甲城和约", text)
    assert _aliases(r) == {"甲城—乙城和约": "marker"}


def test_party_prefix_outside_the_brackets_belongs_to_the_name(tmp_path: Path) -> None:
    text = "《中英丙城条规》是1801年签订的条约。同年，两国代表签订了中英《丙城条规》。"
    _, r = _extract(tmp_path, "中英丙城条规", text)
    assert r.aliases == []  # 中英《丙城条规》 is the title itself, not the short form 丙城条规
    text = "《中英丁河专条》是1801年签订的条约。6月9日，《丁河专条》在京签字。"
    _, r = _extract(tmp_path, "中英丁河专条", text)
    assert _aliases(r) == {"丁河专条": "quoted"}


def test_the_name_a_party_uses_in_a_gloss(tmp_path: Path) -> None:
    text = "《中日丙城条规》（日本称日清丙城条规）是1801年签订的条约。"
    _, r = _extract(tmp_path, "中日丙城条规", text)
    assert _aliases(r) == {"日清丙城条规": "marker"}
    text = "《中日丙城条规》是1801年签订的条约。《戊己条约》（日本称戊己协约）另当别论。"
    _, r = _extract(tmp_path, "中日丙城条规", text)
    assert r.aliases == []


def test_title_with_government_inserted_is_this_agreement(tmp_path: Path) -> None:
    text = (
        "甲国和乙国边界条约\n\n1901年3月2日，甲国和乙国在丙城签订《甲国和乙国政府边界条约》。"
        "双方在《甲国和丁国政府边界条约》的基础上划界。"
    )
    _, r = _extract(tmp_path, "甲国和乙国边界条约", text)
    assert _aliases(r) == {"甲国和乙国政府边界条约": "quoted"}
    assert r.signed is not None and r.signed.value == "1901-03-02"


def test_full_name_marker(tmp_path: Path) -> None:
    text = "《'''甲乙条约'''》，正式全名《甲国乙国和亲条约》，是甲国与乙国于1801年签订的条约。"
    _, r = _extract(tmp_path, "甲乙条约", text)
    assert _aliases(r) == {"甲国乙国和亲条约": "marker"}
