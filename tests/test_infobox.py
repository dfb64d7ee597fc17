"""Infobox fields as plain text, flags as polities, and evidence pointing at the template."""

from __future__ import annotations

from pathlib import Path

from yuezhang.extract import infobox
from yuezhang.extract.pipeline import Context, extract
from yuezhang.sources.files import read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

BOX = """{{Infobox Treaty
| name                = 丙丁条约
| long_name           = 丙国丁国通商条约<br>丙丁商约
| date_signed         = 1862年3月4日
| location_signed     = {{JPN-EMP}}[[东京]]
| 签订地点             =
| signatories         = {{flagicon|QING|1862}} 钦差大臣[[李某]]（时任总督）、[[张某]]<hr>{{flagicon image|Flag of the German Empire.svg}} [[汉斯·穆勒]]
| parties             = {{flag|QING|1862}}<hr>{{flagicon image|Flag of the German Empire.svg}} [[德意志帝國]]
| languages           = [[汉语]]、[[德语]]
}}
《'''丙丁条约'''》是清朝与德意志帝国于1862年签订的条约。
"""


def _doc(tmp_path: Path, text: str = BOX, title: str = "丙丁条约"):
    path = tmp_path / f"{title}.wikitext"
    path.write_text(text, encoding="utf-8")
    return read_file(path, title=title)


def test_fields_are_plain_text(tmp_path: Path) -> None:
    d = _doc(tmp_path)
    box = infobox.read(d)
    fields = box["infobox"]
    assert fields["name"][0] == "丙丁条约"
    assert fields["long_name"][0] == "丙国丁国通商条约；丙丁商约"
    assert fields["date_signed"][0] == "1862年3月4日"
    assert fields["location_signed"][0] == "东京"
    assert "languages" in fields and "汉语" in fields["languages"][0]


def test_flags_name_polities(tmp_path: Path) -> None:
    box = infobox.read(_doc(tmp_path))
    assert box["infobox_parties"] == [("清朝", "清朝"), ("德意志帝國", "德意志帝国")]
    assert box["infobox_signatories"] == [
        ("李某", "清朝", "钦差大臣"),
        ("张某", "清朝", None),
        ("汉斯·穆勒", "德意志帝国", None),
    ]


def test_evidence_points_at_the_template(tmp_path: Path) -> None:
    d = _doc(tmp_path)
    ctx = Context()
    ctx.data.update(infobox.read(d))
    ev = infobox.evidence(d, ctx, "location_signed")
    assert ev.text == d.plain[ev.start : ev.end]
    assert ev.sentence == "location_signed: 东京"
    assert d.source[ev.source_start : ev.source_end].startswith("{{Infobox Treaty")
    assert infobox.evidence(d, ctx, "date_expiration") is None


def test_no_infobox(tmp_path: Path) -> None:
    assert infobox.read(_doc(tmp_path, "《'''戊己条约'''》是戊国与己国签订的条约。", "戊己条约")) == {}


def test_corpus_infobox_signatories_and_flags() -> None:
    d = read_file(SHARED / "corpus" / "dev" / "马关条约.wikitext")
    record = extract(d)
    box = infobox.read(d, "1895")
    names = [n for n, _, _ in box["infobox_signatories"]]
    assert names == ["李鸿章", "李经方", "伊藤博文", "陆奥宗光"]
    assert {side for _, side, _ in box["infobox_signatories"]} == {"清朝", "日本"}
    assert [p.name for p in record.parties][:2] == ["清朝", "日本"]
    d = read_file(SHARED / "corpus" / "dev" / "烟台条约.wikitext")
    assert [name for _, name in infobox.read(d, "1876")["infobox_parties"]] == ["清朝", "英国"]
