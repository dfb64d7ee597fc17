"""Treaty detection: one agreement or not, on sentences written for the test and on the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yuezhang.extract.detect import is_disambiguation, is_treaty
from yuezhang.extract.pipeline import Context
from yuezhang.sources.files import iter_input_files, read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def doc(tmp_path: Path, title: str, text: str, ext: str = "wikitext"):
    path = tmp_path / f"{title}.{ext}"
    path.write_text(text, encoding="utf-8")
    return read_file(path, title=title)


@pytest.mark.parametrize(
    "title, text, expected",
    [
        ("甲乙和约", "'''甲乙和约'''是甲国与乙国于1801年签订的和约。\n\n==内容==\n共三条。", True),
        ("甲乙协定", "1930年战事之后，甲国被迫与乙国签定《'''甲乙协定'''》。", True),
        ("某某事件", "'''某某事件'''是甲国和乙国于1901年发生的一次武装冲突。", False),
        ("某某岛", "'''某某岛'''，又称某岛，是位于某江口的一个岛屿。", False),
        ("甲城条约", "'''甲城条约'''是一部1990年上映的电影。\n[[Category:1990年电影]]", False),
        ("三国约章", "'''三国约章'''，是甲、乙、丙三国于1899年订立的条约。", True),
        (
            "甲乙条约",
            "'''甲乙条约'''可以指：\n* [[甲乙条约 (1801年)]]：一份条约\n* [[甲乙条约 (1902年)]]：另一份条约",
            False,
        ),
        ("乙丙条约", "{{disambig}}\n'''乙丙条约'''是下列条约的统称。", False),
        ("王某", "{{Infobox person\n| name = 王某\n}}\n'''王某'''，清朝官员，曾签订多项条约。", False),
        ("中日条约", "'''中日条约'''是中国与日本之间签订的各项条约的总称。", False),
    ],
)
def test_detection_on_written_sentences(tmp_path: Path, title: str, text: str, expected: bool) -> None:
    assert is_treaty(doc(tmp_path, title, text), Context()) is expected


def test_disambiguation_by_same_named_links(tmp_path: Path) -> None:
    text = "'''丁戊条约'''是在丁城签署的条约的统称：\n* [[丁戊条约 (1720年)]]\n* [[丁戊条约 (1815年)]]\n"
    assert is_disambiguation(doc(tmp_path, "丁戊条约", text))


def test_lead_sentence_is_recorded(tmp_path: Path) -> None:
    d = doc(tmp_path, "甲乙和约", "[[File:x.jpg]]\n'''甲乙和约'''是甲国与乙国签订的和约。后来废除。")
    ctx = Context()
    is_treaty(d, ctx)
    start, end = ctx.data["lead_sentence"]
    assert d.plain[start:end].startswith("甲乙和约是")


def test_detection_on_corpus_is_exact() -> None:
    gold = {}
    for line in (SHARED / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        gold[g["file"]] = g["is_treaty"]
    seen = 0
    for path in iter_input_files([str(SHARED / "corpus")]):
        key = next(k for k in gold if str(path).endswith(k))
        assert is_treaty(read_file(path), Context()) is gold[key], key
        seen += 1
    assert seen == len(gold) == 33


@pytest.mark.parametrize(
    "text, expected",
    [
        ("'''某城宣言'''是中国、美国和英国首脑于1943年在某城会议后发表的宣言。", True),
        ("'''某城宣言'''是美国国会于1776年通过并发表的宣言，宣布脱离英国统治。", False),
    ],
)
def test_declarations_need_more_than_one_side(tmp_path: Path, text: str, expected: bool) -> None:
    assert is_treaty(doc(tmp_path, "某城宣言", text), Context()) is expected


def test_plain_text_lead_skips_title_line_and_tagline(tmp_path: Path) -> None:
    text = (
        "甲乙和约\n\n甲国与乙国结束战争的和平条约\n\n"
        "《甲国与乙国间和平条约》，简称《甲乙和约》，为甲国与乙国于1950年签订的和平条约。其后双方换文。\n"
    )
    d = doc(tmp_path, "甲乙和约", text, ext="txt")
    ctx = Context()
    assert is_treaty(d, ctx) is True
    start, end = ctx.data["lead_sentence"]
    assert d.plain[start:end].startswith("《甲国与乙国间和平条约》，简称")


def test_plain_text_communique_of_two_sides(tmp_path: Path) -> None:
    text = "丙丁建交公报\n\n《丙国和丁国关于建立外交关系的联合公报》一般简称为《丙丁建交公报》。双方同时发表公报。\n"
    assert is_treaty(doc(tmp_path, "丙丁建交公报", text, ext="txt"), Context()) is True
