"""Building the store from real files: every corpus file, idempotence, bad inputs, --strict, and a killed build."""

from __future__ import annotations

import bz2
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from yuezhang.store import db as dbm
from yuezhang.store.build import build_paths, is_dump

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
YUEZHANG = Path(sys.executable).parent / "yuezhang"
#: Copies of the corpus the kill test builds: enough for several checkpoints (one a second) before the kill.
COPIES = 2
#: Where the invalid UTF-8 goes in the bad file: a character boundary of its (Chinese) sample text.
ENCODING_AT = (CORPUS / "dev" / "伊犁條約.wikitext").read_bytes().index(b"\n", 300) + 1


def run_cli(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(YUEZHANG), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def dump(path: Path) -> list[str]:
    """Every row of every table (FTS shadow tables included), as SQL."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


def test_every_corpus_file_is_ingested(corpus_db: Path) -> None:
    conn = dbm.connect(corpus_db, readonly=True)
    keys = {r[0] for r in conn.execute("SELECT key FROM documents")}
    assert keys == {str(p.resolve()) for p in corpus_files()}
    assert len(keys) == 33
    assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 33
    assert conn.execute("SELECT count(*) FROM search_fts").fetchone()[0] == 33
    formats = {r[0] for r in conn.execute("SELECT DISTINCT format FROM documents")}
    assert {"wikitext", "markdown"} <= formats
    assert conn.execute("SELECT count(*) FROM documents WHERE plain = '' OR title = ''").fetchone()[0] == 0


def test_building_twice_gives_identical_content(corpus_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    shutil.copy(corpus_db, again)
    report = build_paths([CORPUS], again)
    assert (report.documents, report.errors) == (33, [])
    assert dump(again) == dump(corpus_db)
    conn = dbm.connect(again, readonly=True)
    assert conn.execute("SELECT count(*) = count(DISTINCT key) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) = count(DISTINCT doc_id) FROM records").fetchone()[0] == 1


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write bad files into `folder`; returns file name -> the error kind it must get."""
    sample = (CORPUS / "dev" / "伊犁條約.wikitext").read_bytes()
    (folder / "bad_utf8.wikitext").write_bytes(sample[:ENCODING_AT] + b"\xff\xfe" + sample[ENCODING_AT:])
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "dangling.md").symlink_to(folder / "no-such-target")
    kinds = {
        "bad_utf8.wikitext": "encoding",
        "empty.md": "empty",
        "binary.bin": "binary",
        "dangling.md": "unreadable",
    }
    if os.geteuid() != 0:  # root reads anything, so only a normal user can test permissions
        locked = folder / "locked.md"
        locked.write_bytes(sample)
        locked.chmod(0)
        kinds["locked.md"] = "unreadable"
    return kinds


def _good_inputs(folder: Path) -> list[str]:
    names = ["中俄密约.md", "烟台条约.wikitext"]
    for name in names:
        shutil.copy(CORPUS / "dev" / name, folder / name)
    return names


def test_bad_inputs_get_one_line_each_and_the_rest_builds(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    good = _good_inputs(src)
    bad = _bad_inputs(src)
    db = tmp_path / "kb.db"
    proc = run_cli("build", src, "--db", db)
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == len(bad), lines
    for name in bad:
        assert sum(name in line for line in lines) == 1, (name, lines)
    assert any(f"byte {ENCODING_AT}:" in line for line in lines if "bad_utf8" in line)
    assert re.search(rf"^2 documents, \d+ treaties, {len(bad)} errors$", proc.stdout, re.M), proc.stdout
    conn = dbm.connect(db, readonly=True)
    assert {(Path(r["path"]).name, r["kind"]) for r in conn.execute("SELECT * FROM errors")} == set(
        bad.items()
    )
    assert conn.execute("SELECT position FROM errors WHERE kind = 'encoding'").fetchone()[0] == ENCODING_AT
    assert sorted(Path(r[0]).name for r in conn.execute("SELECT path FROM documents")) == sorted(good)
    listed = run_cli("errors", "--db", db)
    assert listed.returncode == 0
    assert all(name in listed.stdout for name in bad)

    # mending a file clears its error on the next build
    (src / "empty.md").write_bytes((CORPUS / "dev" / "九国公约.md").read_bytes())
    proc = run_cli("build", src, "--db", db)
    conn = dbm.connect(db, readonly=True)
    assert "empty.md" not in {Path(r[0]).name for r in conn.execute("SELECT path FROM errors")}
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_strict_stops_at_the_first_bad_input_and_keeps_the_old_database(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _good_inputs(src)
    db = tmp_path / "kb.db"
    assert run_cli("build", src, "--db", db, "--strict").returncode == 0
    before = dump(db)
    _bad_inputs(src)
    proc = run_cli("build", src, "--db", db, "--strict")
    assert proc.returncode != 0
    assert "bad_utf8.wikitext" in proc.stderr  # the first bad input in sorted order
    assert not any(name in proc.stderr for name in ("binary.bin", "dangling", "empty.md"))
    assert "left as it was" in proc.stderr
    assert dump(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "kb.db"]


def test_missing_source_is_an_error_not_a_crash(tmp_path: Path) -> None:
    proc = run_cli("build", tmp_path / "nothing-here.md", "--db", tmp_path / "kb.db")
    assert proc.returncode == 1
    assert "nothing-here.md" in proc.stderr and "Traceback" not in proc.stderr


def test_json_summary(tmp_path: Path) -> None:
    proc = run_cli("build", CORPUS / "seeds", "--db", tmp_path / "kb.db", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert (report["inputs"], report["read"], report["documents"], report["errors"]) == (3, 3, 3, [])
    assert report["treaties"] == len(report["treaty_rows"])


def test_dumps_are_recognised_by_content(tmp_path: Path) -> None:
    xml = tmp_path / "pages.txt"
    xml.write_text('<?xml version="1.0"?>\n<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">')
    bz = tmp_path / "pages.dat"
    bz.write_bytes(bz2.compress(xml.read_bytes()))
    index = tmp_path / "pages-index.txt.bz2"  # a multistream dump's index: bz2, but no dump
    index.write_bytes(bz2.compress(b"613:10:Title\n"))
    broken = tmp_path / "broken.bz2"
    broken.write_bytes(b"BZh91AY&SY" + bytes(100))
    article = tmp_path / "a.xml"
    article.write_text("'''甲约'''是一个约。")
    assert is_dump(xml) and is_dump(bz)
    assert not any(is_dump(p) for p in (index, broken, article, tmp_path / "missing"))


def test_a_dump_index_beside_its_dump_is_not_read_as_an_article(tmp_path: Path) -> None:
    from yuezhang.sources.dump_writer import DumpPage, index_path, write_multistream

    article = CORPUS / "dev" / "伊犁條約.wikitext"
    folder = tmp_path / "in"
    folder.mkdir()
    dump = write_multistream(
        folder / "zhwiki-multistream.xml.bz2",
        [DumpPage(article.stem, 1, article.read_text(encoding="utf-8"))],
    )
    assert index_path(dump).exists()
    lone_index = folder / "other-multistream-index.txt.bz2"  # no dump beside it: an input like any other
    lone_index.write_bytes(index_path(dump).read_bytes())
    report = build_paths([folder], tmp_path / "kb.db")
    assert report.inputs == 2
    assert [(e["path"], e["kind"]) for e in report.errors] == [(str(lone_index), "binary")]
    assert report.treaties == 1


def _progress_rows(partial: Path) -> int:
    try:
        conn = sqlite3.connect(partial, timeout=0.1)
        try:
            return conn.execute("SELECT count(*) FROM build_progress").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_a_killed_build_leaves_the_old_database_and_the_next_run_completes_it(tmp_path: Path) -> None:
    big = tmp_path / "big"
    for i in range(COPIES):
        shutil.copytree(CORPUS, big / f"copy{i:02d}")
    total = COPIES * len(corpus_files())
    db = tmp_path / "kb.db"
    build_paths([CORPUS / "seeds"], db)
    before = dump(db)
    reference = tmp_path / "reference.db"
    shutil.copy(db, reference)
    build_paths([big], reference)  # the same build, uninterrupted

    proc = subprocess.Popen(
        [str(YUEZHANG), "build", str(big), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    partial = db.with_name(db.name + ".partial")
    deadline = time.monotonic() + 120
    while _progress_rows(partial) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    done = _progress_rows(partial)
    assert 5 <= done < total, done  # killed midway

    conn = dbm.connect(db, readonly=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    conn.close()
    assert dump(db) == before

    again = run_cli("build", big, "--db", db)
    assert again.returncode == 0, again.stderr
    assert "resumed" in again.stdout
    assert not partial.exists()
    assert dump(db) == dump(reference)
