"""Treaties read from a dump, kept on disk until the end of the build, when their redirects are known.

A treaty's facts are extracted once every redirect to it has been seen, and redirects
may come anywhere in the dump, so the Documents of treaties wait here (pickled,
compressed, in a small SQLite file beside the staged database) rather than in memory or
in the store. The file is committed before the unit that filled it is marked done in the
stage, so after a kill it holds at least what the stage says is done (a unit done again
replaces its rows), and it is removed when the dump's build is over.
"""

from __future__ import annotations

import pickle
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path

from yuezhang.document import Document


def pack(doc: Document) -> bytes:
    return zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> Document:
    return pickle.loads(zlib.decompress(blob))


class TreatySpill:
    """Packed treaty Documents by key, in the order the dump holds them."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.conn = sqlite3.connect(self.path)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS treaties (unit INTEGER, n INTEGER, key TEXT PRIMARY KEY, title TEXT, doc BLOB)"
        )
        self.conn.commit()

    def clear(self) -> None:
        self.conn.execute("DELETE FROM treaties")
        self.conn.commit()

    def add(self, unit: int, n: int, key: str, title: str, blob: bytes) -> None:
        """Keep the `n`th treaty of the unit starting at byte `unit` (again: replaced)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO treaties VALUES (?, ?, ?, ?, ?)", (unit, n, key, title, blob)
        )

    def commit(self) -> None:
        self.conn.commit()

    def titles(self) -> dict[str, str]:
        """title -> key of every treaty kept."""
        return dict(self.conn.execute("SELECT title, key FROM treaties"))

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        """(key, packed Document) in dump order."""
        yield from self.conn.execute("SELECT key, doc FROM treaties ORDER BY unit, n")

    def remove(self) -> None:
        self.conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
