"""Datasette over the built store: the flat views, metadata.yml, and the search box (in-process)."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from yuezhang.export import run_export
from yuezhang.store import db as dbm
from yuezhang.store.name_index import grams
from yuezhang.variants import convert, fold


@pytest.fixture(scope="module")
def site(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Datasette, Path, dict]:
    """A copy of the corpus store (its build filled the search index), its metadata.yml, and Datasette."""
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "yuezhang.db"
    shutil.copy(corpus_db, db)
    meta_path = folder / "metadata.yml"
    conn = sqlite3.connect(db)
    treaties = conn.execute("SELECT count(*) FROM treaties").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM treaty_list_fts").fetchone()[0] == treaties > 0
    conn.close()
    n = run_export(db, "datasette-metadata", meta_path)
    metadata = yaml.safe_load(meta_path.read_text("utf-8"))
    assert n == treaties
    return Datasette([str(db)], metadata=metadata), db, metadata


def get(ds: Datasette, path: str, **params: str):
    return asyncio.run(ds.client.get(path, params=params))


def titles(ds: Datasette, **params: str) -> list[str]:
    r = get(ds, "/yuezhang/treaty_list.json", _shape="array", _size="max", **params)
    assert r.status_code == 200, r.text
    return [row["title"] for row in r.json()]


def test_metadata_describes_the_views(site) -> None:
    _, _, metadata = site
    tables = metadata["databases"]["yuezhang"]["tables"]
    assert {"treaty_list", "treaty_parties", "treaty_signatories", "treaty_relations"} <= set(tables)
    assert tables["treaty_list"]["fts_table"] == "treaty_list_fts" and tables["treaty_list"]["units"]
    assert metadata["license"] and metadata["source"]


def test_table_view_lists_every_treaty_with_its_facts(site) -> None:
    ds, db, _ = site
    conn = dbm.connect(db, readonly=True)
    stored = dict(conn.execute("SELECT doc_id, title FROM treaties"))
    r = get(ds, "/yuezhang/treaty_list.json", _shape="array", _size="max")
    rows = r.json()
    assert {row["id"]: row["title"] for row in rows} == stored
    for row in rows:
        parties = [
            v
            for (v,) in conn.execute(
                "SELECT DISTINCT value FROM facts WHERE doc_id = ? AND field = 'party' ORDER BY id",
                (row["id"],),
            )
        ]
        assert (row["parties"] or "") == " | ".join(parties)
        signed = conn.execute("SELECT signed FROM treaties WHERE doc_id = ?", (row["id"],)).fetchone()[0]
        assert row["signed"] == signed and row["signed_year"] == (int(signed[:4]) if signed else None)
    page = get(ds, "/yuezhang/treaty_list")
    assert page.status_code == 200 and 'name="_search"' in page.text  # the search box is shown
    assert "Treaties" in page.text  # the title from metadata.yml


def test_search_box_finds_names_in_either_script_and_in_part(site) -> None:
    ds, db, _ = site
    all_titles = titles(ds)
    for title in ("璦琿條約", "南京条约", "中英聯合聲明"):
        assert title in all_titles
        assert title in titles(ds, _search=title)
        other = fold(title) if fold(title) != title else convert(title, "zh-hant")
        assert title in titles(ds, _search=other), other
    part = titles(ds, _search="伊犁")  # two characters, inside longer names
    assert part and all("伊犁" in fold(t) or "伊犁" in fold(" ".join(aliases(db, t))) for t in part)
    conn = sqlite3.connect(db)
    known = conn.execute(
        "SELECT a.name, d.title FROM aliases a JOIN treaties t ON t.doc_id = a.doc_id JOIN documents d ON d.id = a.doc_id"
    ).fetchall()
    assert known
    for alias, title in known:  # every alias, written in the other script, finds its treaty
        other = fold(alias) if fold(alias) != alias else convert(alias, "zh-hant")
        assert title in titles(ds, _search=other), (alias, other)
    people = conn.execute(
        "SELECT f.value, d.title FROM facts f JOIN treaties t ON t.doc_id = f.doc_id "
        "JOIN documents d ON d.id = f.doc_id WHERE f.field IN ('signatory', 'party')"
    ).fetchall()
    for name, title in people:  # parties and signatories, whole names (安德烈·维辛斯基 too)
        assert title in titles(ds, _search=name), name
    assert titles(ds, _search="没有这个条约") == []


def aliases(db: Path, title: str) -> list[str]:
    conn = sqlite3.connect(db)
    return [
        a
        for (a,) in conn.execute(
            "SELECT a.name FROM aliases a JOIN documents d ON d.id = a.doc_id WHERE d.title = ?", (title,)
        )
    ]


def test_views_for_parties_signatories_and_relations(site) -> None:
    ds, db, _ = site
    conn = sqlite3.connect(db)
    for view, field in (("treaty_parties", "party"), ("treaty_signatories", "signatory")):
        rows = get(ds, f"/yuezhang/{view}.json", _shape="array", _size="max").json()
        want = conn.execute(
            "SELECT count(*) FROM facts f JOIN records r ON r.doc_id = f.doc_id WHERE r.is_treaty = 1 AND f.field = ?",
            (field,),
        ).fetchone()[0]
        assert len(rows) == want
    rows = get(ds, "/yuezhang/treaty_relations.json", _shape="array", _size="max").json()
    assert (
        len(rows)
        == conn.execute("SELECT count(*) FROM relations r JOIN treaties t ON t.doc_id = r.doc_id").fetchone()[
            0
        ]
    )
    assert rows and all(r["treaty"] and r["target"] and r["relation"] for r in rows)


def test_metadata_takes_no_filters(site, tmp_path) -> None:
    _, db, _ = site
    with pytest.raises(ValueError, match="no filters"):
        run_export(db, "datasette-metadata", tmp_path / "m.yml", year_from=1900)


def test_grams_cover_every_part_in_both_scripts() -> None:
    tokens = set(grams("中俄北京条约 | 璦琿條約").split())
    assert {"北京", "北京条约", "北京條約", "璦琿", "瑷珲", "条", "中俄北京条约"} <= tokens
    assert grams(None) == ""
    assert "安德烈 维辛斯基" in grams("安德烈·維辛斯基")  # the words in order, for a phrase search
