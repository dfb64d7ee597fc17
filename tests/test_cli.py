"""The command line over a store built from ../shared/corpus (click's runner, and real processes for TTY output)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from yuezhang.cli import main
from yuezhang.store import db as dbm
from yuezhang.variants import fold

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
YUEZHANG = Path(sys.executable).parent / "yuezhang"
COMMANDS = ["build", "list", "show", "search", "stats", "errors", "export", "eval"]


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    code, out = invoke(command, "--help")
    assert code == 0 and "Usage:" in out and "--db" in out


def test_list_treaties_and_all_documents(corpus_db: Path) -> None:
    code, out = invoke("list", "--db", corpus_db, "--all", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 33 and all({"id", "title", "path", "format", "is_treaty"} <= set(i) for i in items)
    code, out = invoke("list", "--db", corpus_db, "--json")
    assert code == 0
    assert json.loads(out) == [i for i in items if i["is_treaty"]]
    code, out = invoke("list", "--db", corpus_db, "--all")
    assert code == 0 and out.splitlines()[0].split() == [
        "id",
        "title",
        "signed",
        "parties",
        "treaty",
        "format",
    ]
    assert len(out.splitlines()) == 34


def test_show_by_title_in_either_script(corpus_db: Path) -> None:
    code, out = invoke("show", "馬關條約", "--db", corpus_db, "--json")
    assert code == 0
    shown = json.loads(out)
    code, out2 = invoke("show", "马关条约", "--db", corpus_db, "--json")
    assert json.loads(out2)["id"] == shown["id"]
    assert fold(shown["title"]) == "马关条约" and shown["format"] == "wikitext"
    assert shown["counts"]["links"] > 10 and shown["counts"]["sections"] > 2
    assert shown["path"].endswith("马关条约.wikitext")
    doc = dbm.load_document(dbm.connect(corpus_db, readonly=True), shown["id"])
    for f in shown["facts"]:
        if f["start"] is not None:
            assert doc.plain[f["start"] : f["end"]] in f["sentence"]
    code, text = invoke("show", "馬關條約", "--db", corpus_db)
    assert code == 0 and "path: " in text and "sections:" in text and "links" in text
    code, text = invoke("show", "没有这个条约", "--db", corpus_db)
    assert code == 1 and "no document titled" in text


def test_search_either_script_finds_the_other(corpus_db: Path) -> None:
    titles = json.loads(invoke("list", "--db", corpus_db, "--all", "--json")[1])
    trad = {i["title"] for i in titles if "條約" in i["title"]}
    simp = {i["title"] for i in titles if "条约" in i["title"]}
    for query, must in (("條約", simp), ("条约", trad)):
        code, out = invoke("search", query, "--db", corpus_db, "--limit", "100", "--json")
        assert code == 0
        found = json.loads(out)
        assert must <= {h["title"] for h in found["hits"]}
        assert found["total"] == len(found["hits"])
    code, out = invoke("search", "條約", "--db", corpus_db, "--limit", "3")
    assert code == 0 and out.count("(id ") == 3 and ("[條約]" in out or "[条约]" in out)
    code, out = invoke("search", "。", "--db", corpus_db)
    assert code == 2 and "no letters or digits" in out


def test_stats_and_errors(corpus_db: Path) -> None:
    code, out = invoke("stats", "--db", corpus_db, "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["documents"] == 33 and sum(stats["by_format"].values()) == 33
    assert stats["errors"] == 0 and stats["schema_version"] == dbm.schema_version()
    code, out = invoke("stats", "--db", corpus_db)
    assert code == 0 and "documents: 33" in out
    assert invoke("errors", "--db", corpus_db) == (0, "no errors\n")


def test_export_jsonl(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    code, text = invoke("export", "--db", corpus_db, "--format", "jsonl", "-o", out)
    assert code == 0, text
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    conn = dbm.connect(corpus_db, readonly=True)
    assert [r["source"]["path"] for r in records] == [
        r[0] for r in conn.execute("SELECT path FROM documents ORDER BY id")
    ]
    assert all({"title", "format", "is_treaty"} <= set(r) for r in records)
    code, text = invoke("export", "--db", corpus_db, "--format", "nope", "-o", out)
    assert code == 1 and "unknown format" in text


def test_db_from_environment_and_missing_db(corpus_db: Path, tmp_path: Path) -> None:
    code, out = invoke("stats", "--json", env={"YUEZHANG_DB": str(corpus_db)})
    assert code == 0 and json.loads(out)["documents"] == 33
    code, out = invoke("list", "--db", tmp_path / "missing.db")
    assert code == 1 and "no database at" in out
    assert not (tmp_path / "missing.db").exists()


def test_eval_prints_fields_and_micro(corpus_db: Path) -> None:
    code, out = invoke("eval", "--gold", SHARED / "gold" / "dev.jsonl", "--db", corpus_db)
    assert code == 0
    assert out.splitlines()[0].split() == ["field", "tp", "fp", "fn", "P", "R", "F1"]
    assert "micro" in out.splitlines()[-1] and "detection" in out


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    seeds = SHARED / "corpus" / "seeds"
    piped = subprocess.run(
        [str(YUEZHANG), "build", str(seeds), "--db", str(tmp_path / "a.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.returncode == 0 and piped.stderr == ""
    master, slave = pty.openpty()
    proc = subprocess.run(
        [str(YUEZHANG), "build", str(seeds), "--db", str(tmp_path / "b.db")],
        stdout=subprocess.PIPE,
        stderr=slave,
        timeout=120,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.returncode == 0
    assert b"building" in b"".join(chunks) and b"3/3" in b"".join(chunks)
