"""End to end over ../shared/corpus: every fact's evidence holds its text, and the seed
treaties get the article counts, areas, related agreements and status their text states."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from yuezhang.extract.pipeline import extract
from yuezhang.extract.record import Evidence, TreatyRecord
from yuezhang.knowledge.agreements import normalise_name
from yuezhang.sources.files import iter_input_files, read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = CORPUS / "seeds"
FILES = sorted(iter_input_files([str(CORPUS)]))


@cache
def _extract(path: Path) -> tuple:
    doc = read_file(path)
    return doc, extract(doc)


def _evidence(record: TreatyRecord) -> list[tuple[str, Evidence]]:
    """Every (field, evidence) pair of the record."""
    out: list[tuple[str, Evidence | None]] = [("alias", a.evidence) for a in record.aliases]
    out += [
        (f, getattr(record, f).evidence)
        for f in ("signed", "effective", "ended", "duration", "place", "article_count")
        if getattr(record, f)
    ]
    for f in ("parties", "signatories", "articles", "territory", "related", "status"):
        out += [(f, x.evidence) for x in getattr(record, f)]
    return [(f, e) for f, e in out if e is not None]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_fact_has_evidence_that_holds_its_text(path: Path) -> None:
    doc, record = _extract(path)
    for field, ev in _evidence(record):
        assert ev.path == doc.path, field
        assert 0 <= ev.start <= ev.end <= len(doc.plain), field
        assert ev.text == doc.plain[ev.start : ev.end], field
        assert ev.text.strip() in ev.sentence, (field, ev.text, ev.sentence)
        sent = doc.sentence_span(ev.start, ev.end)
        assert sent.start <= ev.start and ev.end <= max(sent.end, ev.end), field


def _seed(prefix: str) -> tuple:
    return _extract(next(p for p in FILES if p.parent == SEEDS and p.name.startswith(prefix)))


def _related(record: TreatyRecord) -> dict[str, str]:
    return {normalise_name(r.title): r.relation for r in record.related}


def test_seed_000_protocol_of_khabarovsk() -> None:
    doc, record = _seed("000")
    assert record.article_count is not None and record.article_count.value == 5
    assert [a.number for a in record.articles] == [1, 2, 3, 4, 5]
    assert all(a.evidence.text == a.text and a.text for a in record.articles)
    assert record.area_km2 is None
    assert set(_related(record)) == {"停战议定书"}
    assert "not_recognised" in {s.status for s in record.status}


def test_seed_001_tarbagatai_protocol() -> None:
    doc, record = _seed("001")
    assert record.article_count is not None and record.article_count.value == 10
    assert record.article_count.evidence.text == "共10条"
    assert record.area_km2 == 440_000
    assert record.territory[0].to_party == "俄罗斯帝国"
    related = _related(record)
    assert set(related) == {"北京条约", "中俄伊犁塔尔巴哈台通商章程", "伊犁条约"}
    assert related["北京条约"] == "cites"


def test_seed_002_treaty_of_friendship_alliance_and_mutual_assistance() -> None:
    doc, record = _seed("002")
    assert record.article_count is not None and record.article_count.value == 6
    assert [a.number for a in record.articles] == [1, 2, 3, 4, 5, 6]
    assert record.area_km2 is None
    related = _related(record)
    assert related == {
        "中苏友好同盟条约": "based_on",
        "关于中国长春铁路、旅顺口及大连的协定": "signed_together",
        "关于贷款给中华人民共和国的协定": "signed_together",
        "关于中苏友好同盟互助条约的补充协定": "supplements",
    }
    assert "expired" in {s.status for s in record.status}


@pytest.mark.parametrize(
    "name,count,area",
    [
        ("尼布楚條約.md", 6, None),  # numbered 條約内容 list
        ("旅大租地条约.md", 9, None),  # 共分九款
        ("胶澳租借条约.wikitext", 10, None),  # 三端十款
        ("马关条约.wikitext", 11, None),  # 第一條 … 第十一條
        ("交收东三省条约.wikitext", None, None),  # a bulleted summary is not a count
        ("璦琿條約.md", None, 600_000),  # 60万 ceded; the 40万 under joint rule is not
        ("北京条约.md", None, 400_000),  # pages (共N頁) are not articles
        ("中朝边界条约.wikitext", None, 1200),
    ],
)
def test_dev_counts_and_areas(name: str, count: int | None, area: float | None) -> None:
    doc, record = _extract(CORPUS / "dev" / name)
    assert (record.article_count.value if record.article_count else None) == count
    assert record.area_km2 == (pytest.approx(area) if area else None)
