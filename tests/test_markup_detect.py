"""Format detection, the title rule and the fetcher header."""

from __future__ import annotations

from pathlib import Path

import pytest

from yuezhang.markup import read
from yuezhang.markup.detect import detect_format
from yuezhang.markup.titles import looks_like_title, normalize_title

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        ("'''甲'''是[[乙]]。\n== 背景 ==\n{{模板}}", "wikitext"),
        ('**甲**是[乙](../Page/乙.md "wikilink")。\n\n## 背景\n\n1.  一', "markdown"),
        (
            '甲是[乙](../Page/乙.md "wikilink")，[丙](../Page/丙.md "wikilink")。{{-}}',
            "markdown",
        ),  # a stray {{
        ("甲是一个条约。\n\n第二段。", "plain"),
        ("", "plain"),
    ],
)
def test_detect_format(source: str, fmt: str) -> None:
    assert detect_format(source) == fmt


def test_detect_format_on_the_corpus_ignores_file_names() -> None:
    for path in sorted((SHARED / "corpus" / "dev").iterdir()):
        expected = "wikitext" if path.suffix == ".wikitext" else "markdown"
        assert detect_format(path.read_text(encoding="utf-8")) == expected, path.name


@pytest.mark.parametrize(
    ("stem", "ok"),
    [
        ("000_8030a5917fd490ea", False),
        ("12345", False),
        ("abc-def_01", False),
        ("南京条约", True),
        ("Treaty_of_Nanking", True),
    ],
)
def test_looks_like_title(stem: str, ok: bool) -> None:
    assert looks_like_title(stem) is ok


def test_title_rule() -> None:
    src = "'''《甲约》'''，又称'''乙约'''，是条约。"
    assert read(src, "corpus/南京条约.wikitext").title == "南京条约"
    assert read(src, "corpus/Treaty_of_Nanking.txt").title == "Treaty of Nanking"
    assert read(src, "corpus/000_8030a5917fd490ea.txt").title == "甲约"
    assert read(src, "corpus/000_8030a5917fd490ea.txt", title="给定").title == "给定"
    assert read("某条约是一个条约。", "x/0001.txt").title == "某条约是一个条约"
    assert read("某条约，一个条约。", "x/0001.txt").title == "某条约"


def test_fetcher_header_gives_title_and_meta() -> None:
    head = '<!-- yuezhang: {"title": "南京条约", "page_id": 42, "revision_id": 7, "timestamp": "2024-01-01T00:00:00Z", "url": "https://zh.wikipedia.org/wiki/南京条约"} -->\n'
    src = head + "'''江宁条约'''是[[条约]]。"
    d = read(src, "cache/0001.wikitext")
    assert d.title == "南京条约"
    assert d.meta == {
        "page_id": 42,
        "revision_id": 7,
        "timestamp": "2024-01-01T00:00:00Z",
        "url": "https://zh.wikipedia.org/wiki/南京条约",
    }
    assert d.plain == "江宁条约是条约。"
    assert d.source == src and d.source[d.offsets[0]] == "江"
    assert read(src, "cache/0001.wikitext", title="给定").title == "给定"
    broken = "<!-- yuezhang: {not json} -->\n正文"
    assert read(broken, "x/0002.txt").plain == "正文"


def test_normalize_title() -> None:
    assert normalize_title(" :北京_条约#背景 ") == "北京 条约"
    assert normalize_title("%E5%8D%97%E4%BA%AC") == "南京"
    assert normalize_title("A&amp;B") == "A&B"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        read("x", "x.txt", fmt="rtf")
