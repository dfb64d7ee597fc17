"""Broken and hostile input: a clear ReadError or a best-effort Document, never a crash or a hang.

Each case runs under a SIGALRM deadline so that a hang fails the test instead of blocking
the suite. The deadlines are generous guards, not timing assertions.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from yuezhang.document import Document
from yuezhang.markup import read
from yuezhang.sources.errors import ReadError
from yuezhang.sources.files import read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = sorted(p for p in (SHARED / "corpus").rglob("*") if p.is_file())
NEVER = ["[[", "]]", "{{", "}}", "'''", "-{", "}-"]


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds}s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check(d: Document) -> None:
    """What must hold for any Document, however broken its source."""
    assert len(d.offsets) == len(d.plain) + 1
    assert all(a <= b for a, b in zip(d.offsets, d.offsets[1:], strict=False))
    assert all(0 <= o <= len(d.source) for o in d.offsets)
    for mark in [*d.links, *d.bolds, *d.list_items]:
        assert d.plain[mark.start : mark.end] == mark.text
    assert len(d.folded) == len(d.plain)


PATHOLOGICAL = {
    "deep {{": "{{" * 10000,
    "deep [[": "[[" * 10000,
    "unclosed templates": "{{a|" * 10000,
    "unclosed links": "[[a|" * 10000,
    "unclosed refs": "<ref>" * 10000,
    "unclosed external links": "[http://example.org/x " * 10000,
    "unclosed tables": "{|\n" * 10000,
    "unclosed arguments": "{{{a|" * 10000,
    "unclosed files": "[[File:x.png|" * 10000,
    "unclosed divs": "<div>" * 10000,
    "mixed": "{{a|[[b|<ref>甲" * 5000,
    "closers only": "}}]]|}</ref>" * 10000,
    "conversions": "-{zh-hans:甲;" * 10000,
    "list markers": "#*:;" * 5000,
    "headings": "==甲\n" * 10000,
    "comments": "<!--" * 10000,
    "markdown links": "[" * 10000 + "](" * 10000,
    "markdown bold": "**甲 " * 10000,
    "markdown code": "`" * 10000,
    "markdown refs": '<ref name="x">' * 10000,
}


@pytest.mark.parametrize("fmt", ["wikitext", "markdown", None])
@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_nesting_reads_quickly(name: str, fmt: str | None) -> None:
    source = "导言。\n\n" + PATHOLOGICAL[name] + "\n\n结尾[[链接]]。"
    with deadline(30):
        d = read(source, "hostile.wikitext", fmt=fmt)
    check(d)
    assert "导言" in d.plain
    if d.format == "wikitext":
        assert not [m for m in NEVER if m in d.plain]


def test_deep_but_reasonable_nesting_is_parsed() -> None:
    source = "甲" + "{{a|" * 30 + "x" + "}}" * 30 + "乙[[丙]]" + "<div>" * 30 + "丁" + "</div>" * 30
    d = read(source, "t.wikitext", fmt="wikitext")
    assert d.plain == "甲乙丙\n丁" and [lk.target for lk in d.links] == ["丙"]


@pytest.mark.parametrize(
    "source",
    [
        "甲{{模板|参数=[[乙]]\n\n丙",
        "甲[[乙|丙\n\n丁",
        "甲<ref>注\n\n乙",
        "甲\n{| class=x\n|-\n| 乙 || 丙\n\n丁",
        "甲'''乙\n\n丙",
        "甲-{乙\n\n丙",
        "== 甲\n乙",
        "甲[http://example.org 乙\n\n丙",
        "甲<!-- 乙\n\n丙",
    ],
)
def test_unclosed_markup_gives_a_best_effort_document(source: str) -> None:
    with deadline(10):
        d = read(source, "t.wikitext", fmt="wikitext")
    check(d)
    assert "甲" in d.plain
    assert not [m for m in NEVER if m in d.plain]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_truncated_articles(path: Path) -> None:
    """Every corpus article cut at many points (mid-link, mid-template, mid-character run)."""
    text = path.read_text(encoding="utf-8")
    with deadline(60):
        for k in range(1, 24):
            cut = text[: len(text) * k // 24]
            d = read(cut, str(path))
            check(d)
            assert not [m for m in ("[[", "{{", "'''") if m in d.plain]


def test_invalid_utf8_binary_and_empty_files(tmp_path: Path) -> None:
    cases = {
        "bad.txt": ("甲乙".encode() + b"\xc3\x28" + b"rest", "encoding", 6),
        "img.png": (bytes(range(256)) * 4, "binary", 0),
        "empty.txt": (b"", "empty", None),
    }
    for name, (data, kind, position) in cases.items():
        (tmp_path / name).write_bytes(data)
        with deadline(10), pytest.raises(ReadError) as e:
            read_file(tmp_path / name)
        assert (e.value.kind, e.value.position) == (kind, position)
        assert str(e.value).count("\n") == 0 and name in str(e.value)


def test_random_bytes_never_crash(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    alphabet = list("[]{}|=#*:;'<>/-!&甲乙丙 \n") + [
        "[[",
        "]]",
        "{{",
        "}}",
        "<ref>",
        "</ref>",
        "-{",
        "}-",
        "{|",
        "|}",
        "](",
        "**",
    ]
    for i in range(60):
        source = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3000)))
        p = tmp_path / f"r{i}.txt"
        p.write_text(source, encoding="utf-8")
        with deadline(20):
            try:
                d = read_file(p)
            except ReadError as e:
                assert e.kind == "empty"
                continue
        check(d)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["马关条约.wikitext", "日俄战争.md"])
def test_a_20mb_article_reads_in_seconds(tmp_path: Path, name: str) -> None:
    """An ordinary article, repeated to 20 MB, is read in one linear pass."""
    text = (SHARED / "corpus" / "dev" / name).read_text(encoding="utf-8")
    copies = 20_000_000 // len(text.encode()) + 1
    p = tmp_path / name
    p.write_text("\n\n".join([text] * copies), encoding="utf-8")
    with deadline(240):
        d = read_file(p)
    one = read(text, name)
    assert d.format == one.format
    assert len(d.plain) >= copies * len(one.plain) * 0.95
    assert len(d.links) >= copies * len(one.links) * 0.95
    assert not [m for m in NEVER if m in d.plain]
