"""The SQLite store: migrations, documents round-tripping, search in both scripts, staged builds."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from yuezhang.document import Bold, Document, Link, Section
from yuezhang.extract.record import AliasFact, DateFact, Evidence, PartyFact, RelatedFact, TreatyRecord
from yuezhang.sources.files import read_file
from yuezhang.store import db as dbm
from yuezhang.store import search
from yuezhang.store.build import StagedBuild
from yuezhang.variants import fold


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _doc(tmp_path: Path, name: str, title: str, plain: str) -> Document:
    return Document(
        title=title,
        path=str(tmp_path / name),
        format="plain",
        source=plain,
        plain=plain,
        offsets=list(range(len(plain) + 1)),
    )


def _treaty(doc: Document, party: str, related: str | None = None) -> TreatyRecord:
    rec = TreatyRecord(path=doc.path, title=doc.title, format=doc.format, is_treaty=True)
    i = doc.plain.index(party)
    rec.parties = [PartyFact(fold(party), party, Evidence.of(doc, i, i + len(party)))]
    rec.signed = DateFact("1901-09-07", "day", "1901年", Evidence.of(doc, 0, 2))
    rec.aliases = [AliasFact("别名甲", "marker", Evidence.of(doc, 0, 2))]
    if related:
        rec.related = [RelatedFact(related, "cites", Evidence.of(doc, 0, 2))]
    return rec


# -- migrations -------------------------------------------------------------------------------


def test_fresh_database_is_migrated_to_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    sqlite3.connect(path).close()  # an empty SQLite file at user_version 0
    conn = dbm.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == dbm.schema_version() >= 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {
        "documents",
        "records",
        "facts",
        "entities",
        "mentions",
        "aliases",
        "relations",
        "errors",
    } <= tables
    assert "search_fts" in tables
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()
    # opening again applies nothing twice
    dbm.connect(path).close()


def test_newer_schema_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 999")
    raw.close()
    for readonly in (False, True):
        with pytest.raises(dbm.StoreError, match=r"schema version 999.*knows versions up to"):
            dbm.connect(path, readonly=readonly)


def test_version_3_text_index_is_rebuilt_as_bigrams(corpus_db: Path, tmp_path: Path) -> None:
    """A store from before bigrams (one token per CJK character) is refused read-only and reindexed on migration."""
    path = tmp_path / "v3.db"
    shutil.copy(corpus_db, path)
    raw = sqlite3.connect(path)
    raw.executescript(
        "DROP TABLE search_fts; CREATE VIRTUAL TABLE search_fts USING fts5(title, aliases, body, "
        "tokenize = 'unicode61 remove_diacritics 2'); DROP INDEX records_treaty_doc; PRAGMA user_version = 3;"
    )
    spaced = lambda text: re.sub("([\u4e00-\u9fff])", r" \1 ", fold(text))  # noqa: E731 (the old tokens)
    raw.executemany(
        "INSERT INTO search_fts (rowid, title, aliases, body) VALUES (?, ?, '', ?)",
        [(i, spaced(t), spaced(p)) for i, t, p in raw.execute("SELECT id, title, plain FROM documents")],
    )
    raw.commit()
    raw.close()
    with pytest.raises(dbm.StoreError, match="schema version 3"):
        dbm.connect(path, readonly=True)
    conn = dbm.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == dbm.schema_version()
    new = dbm.connect(corpus_db, readonly=True)
    for q in ("條約", "约", "马关条约"):
        assert search.count(conn, q) == search.count(new, q) > 0
        assert [h.doc_id for h in search.search(conn, q)] == [h.doc_id for h in search.search(new, q)]
    assert (
        conn.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"条 约\"'").fetchone()[0] == 0
    )


def test_readonly_missing_file_and_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(dbm.StoreError, match="no database at"):
        dbm.connect(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(dbm.StoreError, match="not a yuezhang database"):
        dbm.connect(junk)


def test_readonly_connection_cannot_write(corpus_db: Path) -> None:
    conn = dbm.connect(corpus_db, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM errors")


def test_offsets_pack_round_trip() -> None:
    offsets = [0, 1, 5, 5, 70000, 2**31 - 1]
    assert dbm.unpack_offsets(dbm.pack_offsets(offsets)) == offsets


# -- documents and records from the corpus build --------------------------------------------


def test_every_stored_document_rebuilds_as_read(corpus_db: Path) -> None:
    conn = dbm.connect(corpus_db, readonly=True)
    rows = conn.execute("SELECT id, path FROM documents ORDER BY id").fetchall()
    assert len(rows) == 33
    for doc_id, path in rows:
        stored = dbm.load_document(conn, doc_id)
        assert stored.to_dict() == read_file(path).to_dict()
        assert dbm.load_record(conn, doc_id)["source"]["path"] == path


def test_load_document_by_title_in_either_script(corpus_db: Path) -> None:
    conn = dbm.connect(corpus_db, readonly=True)
    for title in ("尼布楚條約", "尼布楚条约", " 马关条约 ", "馬關條約"):
        assert fold(dbm.load_document(conn, title).title) == fold(title.strip())
    with pytest.raises(KeyError):
        dbm.load_document(conn, "没有这个条约")
    assert dbm.find_document(conn, "没有这个条约") is None


# -- search -----------------------------------------------------------------------------------


def test_tokens_fold_and_write_cjk_runs_as_bigrams() -> None:
    assert search.tokens("條約ABC 1901年").split() == ["条约", "约", "ABC", "1901", "年"]
    assert search.tokens("马关條約。").split() == ["马关", "关条", "条约", "约", "。"]


def test_match_query_is_quoted_and_bounded() -> None:
    assert search.match_query("條約") == '"条约"'
    assert search.match_query("马关條約") == '"马关 关条 条约"'
    assert search.match_query("約") == '"约"*'  # one character: every bigram it starts, or its run's end
    assert search.match_query("1901年") == '"1901 年"*'
    assert search.match_query("條約-ABC") == '"条约 约 -ABC"'  # the run ends inside the word
    assert search.match_query('a"b OR c*') == '"a""b" "OR" "c*"'
    with pytest.raises(ValueError, match="too long"):
        search.match_query("条" * (search.MAX_QUERY + 1))
    with pytest.raises(ValueError, match="nothing|no letters"):
        search.match_query(" 。、 ")


def test_search_matches_exactly_the_documents_holding_the_words(corpus_db: Path) -> None:
    """A CJK query finds a document iff its folded title, aliases or text holds the query as a substring."""
    conn = dbm.connect(corpus_db, readonly=True)
    texts = {
        doc_id: fold(f"{title}\n{chr(10).join(dbm.load_record(conn, doc_id)['aliases'])}\n{plain}")
        for doc_id, title, plain in conn.execute("SELECT id, title, plain FROM documents")
    }
    titles = [r[0] for r in conn.execute("SELECT title FROM documents ORDER BY id")]
    queries = {"约", "條", "年", "马关条约", "中俄", "北京條約", "1860年"}
    queries |= {t[i : i + n] for t in titles[::3] for i, n in ((0, 1), (1, 2), (0, 3))}
    for q in sorted(queries):
        expected = {d for d, text in texts.items() if fold(q) in text}
        assert {h.doc_id for h in search.search(conn, q, limit=100)} == expected, q
        assert search.count(conn, q) == len(expected), q


def test_search_finds_both_scripts_and_highlights_from_plain(corpus_db: Path) -> None:
    conn = dbm.connect(corpus_db, readonly=True)
    titles = [r[0] for r in conn.execute("SELECT title FROM documents")]
    simplified = {t for t in titles if "条约" in t}
    traditional = {t for t in titles if "條約" in t}
    assert simplified and traditional
    for query, must in (("條約", simplified | traditional), ("条约", simplified | traditional)):
        hits = search.search(conn, query, limit=100)
        assert must <= {h.title for h in hits}
        assert search.count(conn, query) == len(hits)
        for h in hits:
            assert h.marks, h.title
            for s, e in h.marks:
                assert fold(h.snippet[s:e]) == "条约"  # the snippet is the original text, script kept
            plain = dbm.load_document(conn, h.doc_id).plain
            assert h.start is not None and fold(plain[h.start : h.end]) == "条约"
    assert search.search(conn, "條約", limit=3, offset=0) == search.search(conn, "条约", limit=3)
    assert [h.doc_id for h in search.search(conn, "条约", limit=2, offset=2)] == [
        h.doc_id for h in search.search(conn, "条约", limit=4)
    ][2:]
    assert search.search(conn, 'zzqx"') == []


def test_search_ranks_title_matches_first(corpus_db: Path) -> None:
    conn = dbm.connect(corpus_db, readonly=True)
    hits = search.search(conn, "马关条约", limit=5)
    assert fold(hits[0].title) == "马关条约"


# -- staged builds ----------------------------------------------------------------------------


def test_put_is_idempotent_and_replacing_keeps_the_id(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    a = _doc(tmp_path, "a.txt", "甲乙條約", "甲乙條約由甲國與乙國訂立。")
    b = _doc(tmp_path, "b.txt", "丙约", "丙约是另一个约。")
    stage = StagedBuild(db, "k")
    id_a = stage.put(a, _treaty(a, "甲國", related="丙約"))
    stage.put(b, TreatyRecord(path=b.path, title=b.title, format="plain"))
    stage.finish()
    before = _dump(db)

    stage = StagedBuild(db, "k2")
    assert stage.put(a, _treaty(a, "甲國", related="丙約")) == id_a
    stage.finish()
    assert _dump(db) == before  # same input, same content

    changed = _doc(tmp_path, "a.txt", "甲乙條約", "甲乙條約由乙國與甲國重訂。")
    stage = StagedBuild(db, "k3")
    assert stage.put(changed, _treaty(changed, "乙國")) == id_a
    stage.finish()
    conn = dbm.connect(db, readonly=True)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert [
        tuple(r) for r in conn.execute("SELECT field, value FROM facts WHERE doc_id = ? ORDER BY id", (id_a,))
    ] == [
        ("alias", "别名甲"),
        ("signed", "1901-09-07"),
        ("party", "乙国"),
    ]
    assert [r[0] for r in conn.execute("SELECT name FROM entities")] == ["乙国"]  # 甲国 lost its last mention
    assert conn.execute("SELECT count(*) FROM relations").fetchone()[0] == 0
    assert dbm.load_document(conn, id_a).plain == changed.plain
    assert dbm.find_document(conn, "别名甲") == id_a


def test_relations_resolve_to_stored_documents_by_folded_title(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    a = _doc(tmp_path, "a.txt", "甲乙條約", "甲乙條約由甲國與乙國訂立。")
    b = _doc(tmp_path, "b.txt", "丙约", "丙约是另一个约。")
    stage = StagedBuild(db, "k")
    id_a = stage.put(a, _treaty(a, "甲國", related="丙約"))
    id_b = stage.put(b, TreatyRecord(path=b.path, title=b.title, format="plain"))
    stage.put_redirect("甲乙约", "甲乙條約")
    stage.finish()
    conn = dbm.connect(db, readonly=True)
    assert [tuple(r) for r in conn.execute("SELECT doc_id, target_doc_id FROM relations")] == [(id_a, id_b)]
    assert dbm.find_document(conn, "甲乙约") == id_a


def test_errors_are_recorded_once(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    for key in ("k1", "k2"):
        stage = StagedBuild(db, key)
        stage.put_error("x/bad.txt", None, "empty", "file is empty")
        stage.put_error("x/bad.txt", None, "empty", "file is empty")
        stage.put_error("x/enc.txt", 17, "encoding", "invalid UTF-8")
        stage.finish()
    conn = dbm.connect(db, readonly=True)
    assert [tuple(r) for r in conn.execute("SELECT path, position, kind FROM errors ORDER BY path")] == [
        ("x/bad.txt", None, "empty"),
        ("x/enc.txt", 17, "encoding"),
    ]


def test_staging_resumes_with_the_same_key_and_restarts_with_another(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    a = _doc(tmp_path, "a.txt", "甲约", "甲约的正文。")
    stage = StagedBuild(db, "k")
    stage.put(a, TreatyRecord(path=a.path, title=a.title, format="plain"))
    stage.mark_done("a")
    stage.checkpoint()
    stage.conn.close()  # as if killed after the checkpoint
    assert not db.exists() and stage.partial.exists()

    again = StagedBuild(db, "k")
    assert again.resumed and again.is_done("a") and not again.is_done("b")
    again.conn.close()

    other = StagedBuild(db, "other")
    assert not other.resumed and not other.is_done("a")
    assert other.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    other.abort()
    assert not other.partial.exists() and not db.exists()


def test_finish_replaces_the_database_and_leaves_no_staging_files(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    a = _doc(tmp_path, "a.txt", "甲约", "甲约的正文。")
    stage = StagedBuild(db, "k")
    stage.put(a, TreatyRecord(path=a.path, title=a.title, format="plain"))
    stage.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db"]
    conn = dbm.connect(db, readonly=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "build_progress" not in names and "build_state" not in names


def test_an_old_schema_is_migrated_in_the_copy_never_in_place(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE legacy (x)")
    raw.close()
    stage = StagedBuild(db, "k")
    assert stage.conn.execute("SELECT count(*) FROM legacy").fetchone()[0] == 0
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 0
    raw.close()
    stage.finish()
    assert dbm.connect(db, readonly=True).execute("PRAGMA user_version").fetchone()[0] == dbm.schema_version()


def test_facts_keep_evidence_and_sections_survive(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    a = _doc(tmp_path, "a.txt", "甲乙條約", "甲乙條約由甲國與乙國訂立。\n背景\n其後。")
    a.sections = [Section("", 1, 0, 14), Section("背景", 2, 14, 20, 14, 16)]
    a.links = [Link("甲國", "甲國", 5, 7)]
    a.bolds = [Bold("甲乙條約", 0, 4)]
    stage = StagedBuild(db, "k")
    doc_id = stage.put(a, _treaty(a, "甲國"))
    stage.finish()
    conn = dbm.connect(db, readonly=True)
    row = conn.execute("SELECT * FROM facts WHERE field = 'party'").fetchone()
    assert (row["start"], row["end"], row["sentence"]) == (5, 7, "甲乙條約由甲國與乙國訂立。")
    assert a.plain[row["start"] : row["end"]] == "甲國"
    back = dbm.load_document(conn, doc_id)
    assert back.sections == a.sections and back.links == a.links and back.bolds == a.bolds
    mention = conn.execute(
        "SELECT e.kind, e.name, m.role FROM mentions m JOIN entities e ON e.id = m.entity_id"
    ).fetchone()
    assert tuple(mention) == ("polity", "甲国", "party")
