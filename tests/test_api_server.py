"""`yuezhang serve` as a real process: helpers the API and browser tests share, and its own tests.

The knowledge base for the API and browser tests is built from ../shared/corpus plus
one hostile article (markup-looking text in its sentences) written to a tmp folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
YUEZHANG = Path(sys.executable).parent / "yuezhang"
HOSTILE_TITLE = "测试安全条约"

#: An article whose text holds HTML that must show as text and never run.
HOSTILE = """{{Infobox treaty
| name = 测试安全条约
| date_signed = 1901年1月1日
| location_signed = [[北京]]
}}
'''测试安全条约'''（&lt;script&gt;window.__pwned=1&lt;/script&gt;）是甲国与乙国于1901年1月1日在[[北京]]签订的条约。\
条约有 <nowiki><img src=x onerror="window.__pwned=2"></nowiki> 字样。

== 文本 ==
条约共2条。
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_kb(folder: Path) -> Path:
    """Build a store from the shared corpus plus the hostile article, with the real `yuezhang build`."""
    extra = folder / "extra"
    extra.mkdir(parents=True, exist_ok=True)
    (extra / f"{HOSTILE_TITLE}.wikitext").write_text(HOSTILE, encoding="utf-8")
    db = folder / "kb.db"
    subprocess.run(
        [str(YUEZHANG), "build", str(CORPUS), str(extra), "--db", str(db)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return db


@contextmanager
def serving(db: Path, timeout: float = 30.0, workers: int = 1, cache: bool = True) -> Iterator[str]:
    """Run `yuezhang serve` on a free loopback port until the block ends; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [
            str(YUEZHANG),
            "serve",
            "--db",
            str(db),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--cache" if cache else "--no-cache",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited early: {proc.stdout.read().decode(errors='replace')}")
            try:
                if httpx.get(f"{base}/api/labels", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready")
            time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    out = subprocess.run(
        [str(YUEZHANG), "serve", "--db", str(tmp_path / "none.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0
    assert "yuezhang build" in out.stderr


def test_serve_refuses_a_store_of_another_schema_version(tmp_path: Path) -> None:
    import sqlite3

    from yuezhang.store import db as dbm

    db = tmp_path / "old.db"
    dbm.connect(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 1")
    out = subprocess.run(
        [str(YUEZHANG), "serve", "--db", str(db)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode != 0 and "schema version 1" in out.stderr


def test_serve_stops_cleanly_on_interrupt(tmp_path: Path) -> None:
    from yuezhang.store import db as dbm

    db = tmp_path / "empty.db"
    dbm.connect(db).close()
    with serving(db) as base:
        body = httpx.get(f"{base}/api/treaties").json()
        assert body == {"total": 0, "limit": 50, "offset": 0, "items": []}
    # the port is free again: the process is gone
    with socket.socket() as s:
        s.bind(("127.0.0.1", int(base.rsplit(":", 1)[1])))


def test_answers_are_cached_until_the_store_is_rebuilt(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{HOSTILE_TITLE}.wikitext").write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "kb.db"

    def build() -> None:
        subprocess.run(
            [str(YUEZHANG), "build", str(corpus), "--db", str(db)], check=True, capture_output=True
        )

    build()
    with serving(db) as base:
        first = httpx.get(f"{base}/api/search", params={"q": "条约"})
        again = httpx.get(f"{base}/api/search", params={"q": "条约"})
        assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
        assert again.json() == first.json() and first.json()["total"] == 1
        (corpus / "第二条约.wikitext").write_text(
            HOSTILE.replace(HOSTILE_TITLE, "第二条约"), encoding="utf-8"
        )
        build()  # replaces the file while the server runs
        after = httpx.get(f"{base}/api/search", params={"q": "条约"})
        assert after.headers["x-cache"] == "miss" and after.json()["total"] == 2
    with serving(db, cache=False) as base:
        assert "x-cache" not in httpx.get(f"{base}/api/search", params={"q": "条约"}).headers
