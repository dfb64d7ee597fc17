"""Document invariants over every article of ../shared/corpus, read at test time."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from yuezhang.document import Document
from yuezhang.sources.files import read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FILES = sorted(p for p in (SHARED / "corpus").rglob("*") if p.is_file() and not p.name.startswith("."))
MARKUP = ["[[", "]]", "{{", "}}", "'''", "wikilink", "](", "-{", "}-", "<ref", "</", "&nbsp;", "**", "\\["]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def docs() -> dict[Path, Document]:
    return {p: read_file(p) for p in FILES}


def test_corpus_is_there() -> None:
    assert len(FILES) == 33


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_plain_holds_no_markup(path: Path, docs: dict[Path, Document]) -> None:
    plain = docs[path].plain
    found = {m: plain[plain.find(m) - 20 : plain.find(m) + 20] for m in MARKUP if m in plain}
    assert not found
    assert len(plain) > 50


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_whitespace_is_normalised(path: Path, docs: dict[Path, Document]) -> None:
    plain = docs[path].plain
    assert "\n\n\n" not in plain
    assert plain == plain.strip()
    for line in plain.split("\n"):
        assert line == line.strip(" \t\u3000"), repr(line[:30])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_spans_read_their_text(path: Path, docs: dict[Path, Document]) -> None:
    d = docs[path]
    assert d.links and d.paragraphs
    for mark in [*d.links, *d.bolds, *d.list_items]:
        assert d.plain[mark.start : mark.end] == mark.text
        assert mark.text.strip() == mark.text and mark.text
    for s in d.sections[1:]:
        assert d.plain[s.heading_start : s.heading_end] == s.title
    for p in d.paragraphs:
        assert d.plain[p.start : p.end].strip()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_offsets_map_back_to_source(path: Path, docs: dict[Path, Document]) -> None:
    d = docs[path]
    assert len(d.offsets) == len(d.plain) + 1
    assert all(a <= b for a, b in zip(d.offsets, d.offsets[1:], strict=False))
    assert d.offsets[-1] <= len(d.source)
    for link in d.links:
        s, e = d.source_span(link.start, link.end)
        shown = d.source[s:e]
        # the link's text is in the source span (entities and conversions aside)
        assert all(ch in shown for ch in CJK.findall(link.text)), (link, shown)
    cjk = [i for i, ch in enumerate(d.plain) if CJK.match(ch)]
    assert cjk
    for i in cjk[:: max(1, len(cjk) // 400)]:
        assert d.source[d.offsets[i]] == d.plain[i]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_link_targets_are_titles(path: Path, docs: dict[Path, Document]) -> None:
    for link in docs[path].links:
        if link.external:
            continue
        t = link.target
        assert t == t.strip() and t
        assert not t.startswith(("http", "../", ":", "Page/")), t
        assert ".md" not in t and "%" not in t and "_" not in t and "#" not in t, t
        assert not t.lower().startswith(("category:", "file:", "image:", "分类:", "文件:")), t


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_folded_keeps_offsets(path: Path, docs: dict[Path, Document]) -> None:
    d = docs[path]
    assert len(d.folded) == len(d.plain)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sections_form_a_tree(path: Path, docs: dict[Path, Document]) -> None:
    d = docs[path]
    lead, *rest = d.sections
    assert (lead.level, lead.title, lead.start) == (1, d.title, 0)
    assert lead.end == (rest[0].start if rest else len(d.plain))
    for i, s in enumerate(rest):
        assert s.level >= 2 and s.start == s.heading_start < s.heading_end <= s.end <= len(d.plain)
        parent = next((p for p in reversed(rest[:i]) if p.level < s.level), None)
        if parent is not None:
            assert parent.start < s.start and s.end <= parent.end
    assert d.section_at(len(d.plain) - 1) is not None


def test_format_is_detected_from_content(docs: dict[Path, Document]) -> None:
    for path, d in docs.items():
        expected = {".wikitext": "wikitext", ".md": "markdown"}.get(path.suffix)
        if expected is None:  # the seeds are all .txt
            expected = "wikitext" if path.name.startswith("002") else "markdown"
        assert d.format == expected, path.name


def test_titles_match_the_gold(docs: dict[Path, Document]) -> None:
    gold = [
        json.loads(line) for line in (SHARED / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    by_file = {(SHARED / "corpus" / g["file"]): g["title"] for g in gold}
    assert len(by_file) == len(docs)
    for path, d in docs.items():
        assert d.title == by_file[path], path.name
        assert d.path == str(path)
