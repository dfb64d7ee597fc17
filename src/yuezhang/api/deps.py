"""Per-thread read-only database connections and the display variant, for the route handlers.

FastAPI runs plain `def` handlers on a pool of worker threads; each thread keeps one
read-only SQLite connection, so a request never waits for a connection to open and
never writes.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query, Request

from yuezhang.store import db
from yuezhang.variants import convert

Variant = Literal["zh-hans", "zh-hant", "zh-tw", "zh-hk"]

#: Keys whose values are codes or file paths, never converted between scripts.
_KEEP = frozenset(
    {
        "path",
        "format",
        "field",
        "relation",
        "kind",
        "role",
        "roles",
        "how",
        "precision",
        "calendar",
        "signed_precision",
        "type",
        "url",
        "status",
        "id",
        "doc_id",
        "source",
        "target",
        "error",
    }
)

_local = threading.local()


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection (the store is never written through the API), tuned for reading."""
    conn = db.connect(path, readonly=True)
    conn.execute("PRAGMA query_only = 1")
    conn.execute("PRAGMA mmap_size = 268435456")
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def get_conn(request: Request) -> sqlite3.Connection:
    """This thread's connection to the app's database (call it in the handler, on the thread that uses it).

    A rebuild replaces the database file; a connection to the old file is then closed and
    a new one opened, so a running server serves the new store.
    """
    path = request.app.state.db_path
    cache: dict[str, tuple[int, sqlite3.Connection]] = getattr(_local, "conns", None) or {}
    _local.conns = cache
    try:
        ino = os.stat(path).st_ino
    except OSError as e:
        raise HTTPException(503, f"the knowledge base is gone: {e}") from None
    held = cache.get(path)
    if held is not None and held[0] == ino:
        return held[1]
    if held is not None:
        held[1].close()
    try:
        conn = open_readonly(path)
    except db.StoreError as e:
        raise HTTPException(503, str(e)) from None
    cache[path] = (ino, conn)
    return conn


VariantParam = Annotated[
    Variant | None,
    Query(
        description="convert every text in the answer to this script (zh-hans simplified, zh-hant traditional)"
    ),
]


@lru_cache(maxsize=65536)
def _convert_short(text: str, variant: str) -> str:
    return convert(text, variant)


def _text(text: str, variant: str) -> str:
    if text.isascii():
        return text
    return _convert_short(text, variant) if len(text) <= 64 else convert(text, variant)


def in_variant(value: Any, variant: str | None, key: str | None = None) -> Any:
    """`value` with every display string converted to `variant` (codes and paths left alone)."""
    if variant is None or key in _KEEP:
        return value
    if isinstance(value, str):
        return _text(value, variant)
    if isinstance(value, dict):
        return {k: in_variant(v, variant, k) for k, v in value.items()}
    if isinstance(value, list):
        return [in_variant(v, variant, key) for v in value]
    return value
