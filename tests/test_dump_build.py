"""Building from real dump files made here from ../shared/corpus articles and filler pages.

The dump build must give the file build's treaties and facts (plus redirects as aliases)
in every dump form; survive SIGKILL and resume to the identical database; give the same
database on a real Dask cluster; and report each kind of damage by page or byte offset
while building the rest.
"""

from __future__ import annotations

import bz2
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from yuezhang.sources import bz2streams
from yuezhang.sources.dump_progress import DumpProgress
from yuezhang.sources.dump_writer import EPILOG, PROLOG, DumpPage, index_path, page_xml, write_multistream
from yuezhang.store import db as dbm
from yuezhang.store.build import build_paths

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLES = sorted((SHARED / "corpus" / "dev").glob("*.wikitext"))
YUEZHANG = Path(sys.executable).parent / "yuezhang"

#: Redirects to corpus treaties (short names only): (redirect title, target title).
REDIRECTS = [("下关条约", "马关条约"), ("马关条约 (1895年)", "马关条约"), ("塘沽停战协定", "塘沽协定")]
#: A redirect to a redirect (MediaWiki's "double redirect").
DOUBLE = ("下关和约", "下关条约")


def filler(i: int) -> DumpPage:
    return DumpPage(
        f"填充页{i}", 0, f"'''填充页{i}'''是一个用于测试的页面。\n\n== 内容 ==\n第{i}段。\n[[Category:测试]]"
    )


def corpus_pages() -> list[DumpPage]:
    """The wikitext articles, redirects (one before its target), other namespaces, filler between."""
    pages: list[DumpPage] = [
        DumpPage(REDIRECTS[0][0], 0, f"#REDIRECT [[{REDIRECTS[0][1]}]]", redirect=REDIRECTS[0][1])
    ]
    for n, path in enumerate(ARTICLES):
        pages += [filler(3 * n), filler(3 * n + 1)]
        pages.append(DumpPage(path.stem, 0, path.read_text(encoding="utf-8")))
    pages += [DumpPage(a, 0, f"#REDIRECT [[{b}]]", redirect=b) for a, b in [*REDIRECTS[1:], DOUBLE]]
    pages += [
        DumpPage("Template:某条约", 0, "{{Infobox treaty}}", ns=10),
        DumpPage("Category:条约", 0, "条约的分类", ns=14),
        DumpPage("填充重定向", 0, "#REDIRECT [[填充页1]]", redirect="填充页1"),
    ]
    for i, p in enumerate(pages, start=1):
        p.page_id = i
    return pages


def xml_text(pages: list[DumpPage], prolog: str = PROLOG) -> str:
    return prolog + "".join(page_xml(p) for p in pages) + EPILOG


def build(path: Path, db: Path, **kw: Any) -> dict[str, Any]:
    report = build_paths([path], db, **kw)
    return report.to_json()


def rows(db: Path, sql: str, *args: Any) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def whole(db: Path) -> list[str]:
    """Every row of every table, as SQL."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _no_path(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _no_path(v) for k, v in obj.items() if k not in ("path", "source")}
    if isinstance(obj, list):
        return [_no_path(v) for v in obj]
    return obj


def treaties(db: Path) -> dict[str, dict[str, Any]]:
    """title -> record and facts, without paths, and without redirect aliases (a dump's extra)."""
    out = {}
    for doc_id, title, record in rows(
        db,
        "SELECT d.id, d.title, r.record FROM documents d JOIN records r ON r.doc_id = d.id WHERE r.is_treaty = 1",
    ):
        rec = _no_path(json.loads(record))
        keep = [a["how"] != "redirect" for a in rec["alias_evidence"]]
        rec["aliases"] = [a for a, k in zip(rec["aliases"], keep, strict=True) if k]
        rec["alias_evidence"] = [a for a, k in zip(rec["alias_evidence"], keep, strict=True) if k]
        facts = sorted(
            (
                f,
                v,
                json.dumps(_no_path(json.loads(d)), ensure_ascii=False, sort_keys=True),
                s,
                e,
                ss,
                se,
                sent,
            )
            for f, v, d, s, e, ss, se, sent in rows(
                db,
                "SELECT field, value, data, start, end, source_start, source_end, sentence FROM facts WHERE doc_id = ?",
                doc_id,
            )
            if not (f == "alias" and json.loads(d)["how"] == "redirect")
        )
        out[title] = {"record": rec, "facts": facts}
    return out


def redirect_aliases(db: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for title, name in rows(
        db,
        "SELECT d.title, a.name FROM aliases a JOIN documents d ON d.id = a.doc_id WHERE a.how = 'redirect'",
    ):
        out.setdefault(title, set()).add(name)
    return out


def errors(db: Path) -> list[tuple]:
    return rows(db, "SELECT path, position, kind, message FROM errors ORDER BY path, position")


def consistent(db: Path) -> None:
    """Every stored document has its record and search row; nothing points at a missing document."""
    conn = dbm.connect(db, readonly=True)
    try:
        n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == n
        assert conn.execute("SELECT count(*) FROM search_fts").fetchone()[0] == n
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert (
            conn.execute("SELECT count(*) FROM documents GROUP BY key HAVING count(*) > 1").fetchall() == []
        )
    finally:
        conn.close()


@pytest.fixture(scope="module")
def file_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The treaties of the same articles built as files."""
    db = tmp_path_factory.mktemp("files") / "files.db"
    report = build_paths(ARTICLES, db)
    assert report.errors == []
    return treaties(db)


@pytest.fixture(scope="module")
def multistream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    return write_multistream(folder / "zhwiki-test-multistream.xml.bz2", corpus_pages(), pages_per_stream=3)


@pytest.fixture(scope="module")
def multistream_db(multistream: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("built") / "dump.db"
    report = build(multistream, db, workers=2)
    assert report["errors"] == []
    return db


# -- the dump build equals the file build -----------------------------------------------------------


def test_multistream_dump_gives_the_file_builds_treaties_and_facts(
    multistream_db: Path, file_build: dict[str, dict[str, Any]]
) -> None:
    assert len(file_build) >= 10
    built = treaties(multistream_db)
    assert set(built) == set(file_build)
    for title, want in file_build.items():
        assert built[title] == want, title
    consistent(multistream_db)
    # only treaties are stored from a dump; every ns-0 redirect is kept
    assert rows(multistream_db, "SELECT count(*) FROM documents")[0][0] == len(file_build)
    assert set(rows(multistream_db, "SELECT title, target FROM redirects")) == {
        *REDIRECTS,
        DOUBLE,
        ("填充重定向", "填充页1"),
    }


def test_redirects_become_aliases_before_or_after_their_target(multistream_db: Path) -> None:
    # 下关条约 is also a bold name in the article, so it stays an alias of that kind
    aliases = redirect_aliases(multistream_db)
    assert aliases == {"马关条约": {"马关条约 (1895年)", "下关和约"}, "塘沽协定": {"塘沽停战协定"}}
    (record,) = rows(
        multistream_db,
        "SELECT r.record FROM records r JOIN documents d ON d.id = r.doc_id WHERE d.title = '马关条约'",
    )
    rec = json.loads(record[0])
    assert {"下关条约", "下关和约", "马关条约 (1895年)"} <= set(rec["aliases"])
    assert {"name": "下关和约", "how": "redirect", "evidence": None} in rec["alias_evidence"]
    assert rec["source"]["page_id"] > 0 and rec["source"]["url"].startswith("https://zh.wikipedia.org/wiki/")
    (key, path), *_ = rows(multistream_db, "SELECT key, path FROM documents WHERE title = '马关条约'")
    assert key == f"{Path(rec['source']['path'].split('#')[0]).resolve()}#{rec['source']['page_id']}"
    assert path.endswith("zhwiki-test-multistream.xml.bz2#马关条约")


@pytest.mark.parametrize("form", ["scanned", "single-stream", "xml"])
def test_every_dump_form_gives_the_same_treaties(
    form: str, multistream: Path, multistream_db: Path, tmp_path: Path
) -> None:
    if form == "scanned":  # a multistream dump without its index: streams found by scanning
        path = tmp_path / "zhwiki-scan-multistream.xml.bz2"
        path.write_bytes(multistream.read_bytes())
        assert bz2streams.index_path_for(path) is None
    elif form == "single-stream":  # one bz2 stream: decoded by indexed_bzip2
        path = tmp_path / "zhwiki-single.xml.bz2"
        path.write_bytes(bz2.compress(xml_text(corpus_pages()).encode()))
    else:
        path = tmp_path / "zhwiki.xml"
        path.write_text(xml_text(corpus_pages()), encoding="utf-8")
    db = tmp_path / "form.db"
    report = build(path, db, workers=1 if form != "single-stream" else 2)
    assert report["errors"] == []
    assert treaties(db) == treaties(multistream_db)
    assert redirect_aliases(db) == redirect_aliases(multistream_db)
    consistent(db)


# -- faults -------------------------------------------------------------------------------------------


def _rewrite_streams(path: Path, out: Path, damage: dict[int, Any], index: bool) -> list[int]:
    """Copy a multistream dump with some streams damaged (stream number -> function of its bytes),
    writing a matching index; returns the new stream offsets."""
    data = path.read_bytes()
    offsets = bz2streams.scan_offsets(path)
    bounds = [*offsets, len(data)]
    streams = [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    new_offsets, pos, parts = [], 0, []
    for i, s in enumerate(streams):
        s = damage[i](s) if i in damage else s
        new_offsets.append(pos)
        parts.append(s)
        pos += len(s)
    out.write_bytes(b"".join(parts))
    if index:
        old_index = bz2.decompress(index_path(path).read_bytes()).decode().splitlines()
        moved = dict(zip(offsets, new_offsets, strict=False))
        lines = []
        for line in old_index:
            off, rest = line.split(":", 1)
            lines.append(f"{moved[int(off)]}:{rest}\n")
        index_path(out).write_bytes(bz2.compress("".join(lines).encode()))
    return new_offsets


def _titles_in_stream(path: Path, n: int) -> set[str]:
    offsets = bz2streams.scan_offsets(path)
    data = path.read_bytes()[offsets[n] : offsets[n + 1]]
    text = bz2.decompress(data).decode()
    return {t.split("</title>")[0] for t in text.split("<title>")[1:]}


def _flip(s: bytes) -> bytes:
    b = bytearray(s)
    for i in range(len(b) // 2, len(b) // 2 + 16):
        b[i] ^= 0x5A
    return bytes(b)


@pytest.mark.parametrize("index", [True, False])
def test_damaged_bz2_streams_lose_only_their_pages(
    index: bool, multistream: Path, multistream_db: Path, tmp_path: Path
) -> None:
    # the streams holding 马关条约 (corrupt in the middle) and 塘沽协定 (cut short)
    streams = {
        n: _titles_in_stream(multistream, n) for n in range(1, len(bz2streams.scan_offsets(multistream)) - 1)
    }
    corrupt = next(n for n, titles in streams.items() if "马关条约" in titles)
    cut = next(n for n, titles in streams.items() if "塘沽协定" in titles)
    out = tmp_path / "damaged-multistream.xml.bz2"
    damage = {corrupt: _flip, cut: lambda s: s[: len(s) // 2]} if index else {corrupt: _flip}
    offsets = _rewrite_streams(multistream, out, damage, index)
    db = tmp_path / "damaged.db"
    build(out, db, workers=2)
    lost = streams[corrupt] | (streams[cut] if index else set())
    assert set(treaties(db)) == set(treaties(multistream_db)) - lost
    errs = [e for e in errors(db) if e[2] == "bz2"]
    assert {(e[1], "corrupt" in e[3]) for e in errs} == (
        {(offsets[corrupt], True), (offsets[cut], False)} if index else {(offsets[corrupt], True)}
    )
    assert all(str(e[1]) in e[3] and e[0].startswith(str(out)) for e in errs)
    consistent(db)


def test_a_cut_single_stream_dump_keeps_the_pages_before_the_cut(
    tmp_path: Path, multistream_db: Path
) -> None:
    pages = corpus_pages()
    pages += [filler(1000 + i) for i in range(12000)]  # past bz2's first 900 kB block
    for i, p in enumerate(pages, start=1):
        p.page_id = i
    data = bz2.compress(xml_text(pages).encode())
    path = tmp_path / "cut.xml.bz2"
    path.write_bytes(data[: len(data) * 2 // 3])
    db = tmp_path / "cut.db"
    build(path, db, workers=2)
    cut_page, err = sorted(errors(db), key=lambda e: e[1])  # the page the data stops in, and why
    assert err[2] == "bz2" and "unreadable" in err[3] and err[0].startswith(f"{path}#")
    assert cut_page[2] == "xml" and "ends inside the page" in cut_page[3] and cut_page[1] < err[1]
    assert treaties(db) == treaties(multistream_db)  # all before the cut
    consistent(db)


def test_bad_pages_are_reported_by_name_and_the_rest_is_built(tmp_path: Path, multistream_db: Path) -> None:
    pages = corpus_pages()
    n = len(pages)
    bad = [
        DumpPage("坏XML条约", n + 1, "正文 MARK_LT 其他"),  # an unescaped "<" in the text
        DumpPage("实体条约", n + 2, "正文 MARK_ENTITY"),  # an entity XML does not define
        DumpPage("空白条约", n + 3, ""),  # a revision with empty text
        DumpPage("无文本条约", n + 4, "MARK_DELETED"),  # text removed (deleted revision)
        DumpPage("巨大条约", n + 5, "条约" * 9_000_000),  # 54 MB of XML
        DumpPage("结构坏条约", n + 6, "正文"),  # an element left open
    ]
    text = xml_text(pages[:5] + bad + pages[5:])
    text = text.replace("正文 MARK_LT", "正文 <b").replace("MARK_ENTITY", "&nbsp;")
    text = text.replace(
        text[
            text.index("<text", text.index("无文本条约")) : text.index("</text>", text.index("无文本条约"))
            + 7
        ],
        '<text deleted="deleted" />',
    )
    broken = text.index("<title>结构坏条约</title>")
    text = text[:broken] + text[broken:].replace("<ns>0</ns>", "<ns>0</ns><restrictions>", 1)
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 50_000_000
    db = tmp_path / "bad.db"
    report = build(path, db, workers=2)
    got = {e[0].split("#", 1)[1]: e for e in errors(db)}
    assert set(got) == {"坏XML条约", "实体条约", "空白条约", "无文本条约", "巨大条约", "结构坏条约"}
    assert [got[t][2] for t in ("坏XML条约", "实体条约", "结构坏条约")] == ["xml"] * 3
    assert "nbsp" in got["实体条约"][3]
    assert (got["空白条约"][2], got["无文本条约"][2], got["巨大条约"][2]) == ("empty", "empty", "too_large")
    for title, (_, position, _, message) in got.items():
        assert title in message and f"byte offset {position}" in message
        assert text.encode().index(f"<title>{title}</title>".encode()) > position
    assert len(report["errors"]) == 6
    assert treaties(db) == treaties(multistream_db)
    consistent(db)


def test_a_bad_page_in_a_multistream_dump_is_placed_at_its_streams_offset(tmp_path: Path) -> None:
    pages = [filler(i) for i in range(9)] + [DumpPage("坏条约", 0, "MARK"), filler(10)]
    for i, p in enumerate(pages, start=1):
        p.page_id = i
    path = write_multistream(tmp_path / "bad-multistream.xml.bz2", pages, pages_per_stream=4)
    offsets = bz2streams.stream_offsets(path)
    # rewrite the third stream with an undefined entity in the bad page's text
    stream = bz2.BZ2Decompressor().decompress(path.read_bytes()[offsets[3] :]).replace(b"MARK", b"&bad;")
    _rewrite_streams(
        path, tmp_path / "x-multistream.xml.bz2", {3: lambda _: bz2.compress(stream)}, index=True
    )
    db = tmp_path / "bad.db"
    build(tmp_path / "x-multistream.xml.bz2", db, workers=1)
    ((where, position, kind, message),) = errors(db)
    assert (where.split("#")[1], position, kind) == ("坏条约", offsets[3], "xml")
    assert f"bz2 stream at byte offset {offsets[3]}" in message and "bad" in message


@pytest.mark.parametrize("reference", ["system", "bomb"])
def test_dtds_are_refused_and_entities_never_expanded(reference: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    billion_laughs = ['<!ENTITY lol0 "lollollollollol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    dtd = f'<!DOCTYPE mediawiki [<!ENTITY xxe SYSTEM "file://{secret}">{"".join(billion_laughs)}]>\n'
    pages = corpus_pages()[:8]
    use = "&xxe;" if reference == "system" else "&lol9;"
    victim = DumpPage("实体炸弹条约", 900, f"正文 {use} 正文")
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + dtd
        + xml_text([*pages, victim]).replace(f"正文 {use.replace('&', '&amp;')} 正文", f"正文 {use} 正文")
    )
    path = tmp_path / "entities.xml"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "entities.db"
    build(path, db, workers=1)
    errs = errors(db)
    assert [e[2] for e in errs] == ["xml", "xml"]
    prolog_error = next(e for e in errs if e[0] == str(path))
    assert "DTD" in prolog_error[3] and prolog_error[1] == text.encode().index(b"<!DOCTYPE")
    page_error = next(e for e in errs if e[0] == f"{path}#实体炸弹条约")
    assert use.strip("&;") in page_error[3]
    assert treaties(db)  # the other pages were built
    everything = "\n".join(whole(db))
    assert "TOP-SECRET" not in everything and "lollollollollollol" not in everything
    consistent(db)


# -- resuming after SIGKILL -------------------------------------------------------------------------


def big_dump(folder: Path) -> Path:
    """The corpus pages three times over (numbered titles), in many small streams."""
    pages = []
    for copy in range(3):
        for p in corpus_pages():
            title = p.title if copy == 0 or p.ns != 0 else f"{p.title} ({copy + 1})"
            redirect = p.redirect if copy == 0 or not p.redirect else f"{p.redirect} ({copy + 1})"
            pages.append(DumpPage(title, len(pages) + 1, p.text, p.ns, redirect))
    return write_multistream(folder / "big-multistream.xml.bz2", pages, pages_per_stream=2)


def run_cli(*args: str | Path, **kw: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(YUEZHANG), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group: the kill takes its workers too
        **kw,
    )


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A bigger multistream dump, and the database an uninterrupted `yuezhang build` makes of it."""
    folder = tmp_path_factory.mktemp("big")
    dump = big_dump(folder)
    reference = folder / "reference.db"
    proc = run_cli("build", dump, "--db", reference, "--workers", "2")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return dump, reference


#: build_progress keys: units are "DUMP@start-end"; a treaty whose facts are in, "DUMP#page_id@facts".
PHASES = {"units": "%@%-%", "facts": "%@facts"}


@pytest.mark.slow
@pytest.mark.parametrize("phase", list(PHASES))
def test_a_killed_build_resumes_to_the_same_database(
    phase: str, big: tuple[Path, Path], tmp_path: Path
) -> None:
    dump, reference = big
    units = len(bz2streams.scan_offsets(dump))
    db = tmp_path / "killed.db"
    partial = tmp_path / "killed.db.partial"

    def done(pattern: str) -> int:
        try:
            return rows(partial, "SELECT count(*) FROM build_progress WHERE key LIKE ?", pattern)[0][0]
        except sqlite3.Error:  # not created yet
            return 0

    proc = run_cli("build", dump, "--db", db, "--workers", "2")
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if partial.exists() and done(PHASES[phase]) >= 3:
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert not db.exists() and partial.exists()
    if phase == "units":
        assert 3 <= done(PHASES["units"]) < units and done(PHASES["facts"]) == 0
    else:  # every unit in, and some treaties' facts
        treaties = rows(reference, "SELECT count(*) FROM records WHERE is_treaty = 1")[0][0]
        assert 3 <= done(PHASES["facts"]) < treaties

    proc = run_cli("build", dump, "--db", db, "--workers", "2")
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "resumed" in out
    assert whole(db) == whole(reference)
    consistent(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["killed.db"]  # no partial, no spill left


class Interrupt(Exception):
    pass


@pytest.mark.parametrize("form", ["xml", "single-stream"])
def test_an_interrupted_build_of_cut_pages_resumes_to_the_same_database(form: str, tmp_path: Path) -> None:
    """Plain and single-stream dumps are cut into units here as they are decompressed; a build
    stopped between checkpoints (its transaction lost, as in a crash) resumes to the same db."""
    text = xml_text(corpus_pages())
    path = tmp_path / ("dump.xml" if form == "xml" else "dump.xml.bz2")
    path.write_bytes(text.encode() if form == "xml" else bz2.compress(text.encode()))
    reference = tmp_path / "reference.db"
    build(path, reference, workers=1)

    statuses: list[str] = []

    def stop_midway(done: int, total: int | None, label: str) -> None:
        if total is None:  # the dump's status line, after each unit is merged
            statuses.append(label)
            if len(statuses) == 4:
                raise Interrupt(label)

    db = tmp_path / "db.db"
    with pytest.raises(Interrupt):
        build_paths([path], db, workers=1, progress=stop_midway)
    partial = Path(f"{db}.partial")
    assert rows(partial, "SELECT count(*) FROM build_progress WHERE key LIKE '%@%'")[0][0] == 4
    # treaties wait in the spill beside the partial until every redirect is known
    assert rows(partial, "SELECT count(*) FROM documents")[0][0] == 0
    (spill,) = tmp_path.glob("db.db.partial.dump-*[!lm]")
    waiting = rows(spill, "SELECT count(*) FROM treaties")[0][0]
    assert 0 < waiting < rows(reference, "SELECT count(*) FROM documents")[0][0]
    assert "pages" in statuses[0]
    report = build_paths([path], db, workers=1)
    assert report.resumed
    assert whole(db) == whole(reference)
    assert not list(tmp_path.glob("db.db.partial*"))


@pytest.mark.parametrize("interrupted", [False, True])
def test_rebuilding_a_changed_dump_removes_the_treaties_it_no_longer_has(
    interrupted: bool, multistream_db: Path, tmp_path: Path
) -> None:
    """Rebuilt into the same database, a dump whose page is gone or no longer a treaty takes its
    old document with it; other inputs' documents stay. Stopped and resumed, the same."""
    pages = corpus_pages()
    path = write_multistream(tmp_path / "zhwiki-multistream.xml.bz2", pages, pages_per_stream=3)
    article = ARTICLES[0]
    db = tmp_path / "kb.db"
    build_paths([path, article], db)
    before = {t for (t,) in rows(db, "SELECT title FROM documents")}
    assert before == {*treaties(multistream_db), article.stem}
    gone, changed = "马关条约", "塘沽协定"
    assert article.stem not in (gone, changed)
    pages = [p for p in pages if p.title != gone]
    for p in pages:
        if p.title == changed:  # still there, but a disambiguation page now
            p.text = f"'''{changed}'''可以指：\n* [[{changed} (1933年)]]\n* [[{changed} (1940年)]]\n"
    write_multistream(path, pages, pages_per_stream=3)

    if interrupted:
        merged: list[str] = []

        def stop(done: int, total: int | None, label: str) -> None:
            if total is None and "treaties" in label:
                merged.append(label)
                if len(merged) == 3:
                    raise Interrupt(label)

        with pytest.raises(Interrupt):
            build_paths([path], db, workers=1, progress=stop)
    report = build_paths([path], db, workers=1)
    assert report.resumed == interrupted
    assert {t for (t,) in rows(db, "SELECT title FROM documents")} == before - {gone, changed}
    assert treaties(db)[article.stem] == treaties(multistream_db)[article.stem]
    fresh = tmp_path / "fresh.db"
    build_paths([path], fresh, workers=1)
    assert treaties(db) == {**treaties(fresh), article.stem: treaties(multistream_db)[article.stem]}
    consistent(db)


# -- a Dask cluster -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_dask_cluster_builds_the_same_database(
    multistream: Path, multistream_db: Path, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        db = tmp_path / "dask.db"
        report = build(multistream, db, scheduler=cluster.scheduler_address)
    assert report["errors"] == []
    assert whole(db) == whole(multistream_db)


# -- progress -----------------------------------------------------------------------------------------


def test_progress_says_pages_rate_treaties_and_eta() -> None:
    out = io.StringIO()
    shown = DumpProgress("x.xml.bz2", 1000, out=out)
    shown.done_bytes, shown.pages, shown.treaties, shown.text_bytes = 250, 1234, 5, 4_000_000
    shown.update(force=True)
    line = out.getvalue()
    assert line.endswith("\n") and "\r" not in line
    assert all(w in line for w in ("25.0%", "1,234 pages", "MB/s", "5 treaties", "ETA"))
    calls: list[tuple] = []
    shown = DumpProgress("x", 1000, callback=lambda *a: calls.append(a))
    shown.pages = 7
    shown.update(force=True)
    assert calls and calls[0][:2] == (7, None) and "7 pages" in calls[0][2]
