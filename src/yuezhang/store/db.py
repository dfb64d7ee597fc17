"""Opening the SQLite store, migrating its schema, and reading documents back out.

The schema lives in `store/migrations/NNNN_*.sql`, applied in order; the number of the
last one applied is kept in `PRAGMA user_version`, so a database made by an older
yuezhang is brought up to date on open and one made by a newer yuezhang is refused
(its tables may mean something this code does not know).
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from array import array
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from yuezhang.document import Document
from yuezhang.variants import fold

_MIGRATION_NAME = re.compile(r"^(\d{4})_\w+\.sql$")

#: The keys of `documents.structure`: the Document's lists of spans and names.
STRUCTURE_KEYS = (
    "sections",
    "paragraphs",
    "links",
    "bolds",
    "list_items",
    "templates",
    "categories",
    "references",
    "redirects",
)


class StoreError(Exception):
    """The database cannot be used: missing, or made by a newer yuezhang."""


def migrations() -> list[tuple[int, str]]:
    """(version, sql) for every migration file, in order."""
    out = []
    for entry in resources.files("yuezhang.store").joinpath("migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            out.append((int(m.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(out)


def schema_version() -> int:
    """The schema version this code writes."""
    return migrations()[-1][0]


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """Open (and, unless `readonly`, create and migrate) the store at `path`."""
    path = Path(path)
    if readonly:
        if not path.is_file():
            raise StoreError(f"no database at {path} (build one with: yuezhang build SOURCES --db {path})")
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path, readonly)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is not a yuezhang database: {e}") from e
    latest = schema_version()
    if current > latest:
        raise StoreError(
            f"{path} has schema version {current}, but this yuezhang knows versions up to {latest}; "
            "upgrade yuezhang or rebuild the database"
        )
    if current == latest:
        return
    if readonly:
        raise StoreError(
            f"{path} has schema version {current} (current is {latest}); migrate it by building into it "
            f"(yuezhang build SOURCES --db {path}) or rebuild it"
        )
    for version, sql in migrations():
        if version > current:
            # DDL is transactional in SQLite: a migration applies wholly or not at all.
            conn.executescript(f"BEGIN;\n{sql}")
            try:
                if version == 4:  # the text index's tokens are made in Python
                    from yuezhang.store.search import reindex

                    reindex(conn)
                conn.execute(f"PRAGMA user_version = {version}")
                conn.commit()
            except BaseException:
                conn.rollback()
                raise


def pack_offsets(offsets: list[int]) -> bytes:
    return zlib.compress(array("i", offsets).tobytes())


def unpack_offsets(blob: bytes) -> list[int]:
    a = array("i")
    a.frombytes(zlib.decompress(blob))
    return a.tolist()


def find_document(conn: sqlite3.Connection, name: str) -> int | None:
    """The id of the document titled `name` (either script), or known by it as an alias or redirect."""
    name = name.strip()
    found = _by_name(conn, name)
    if found is None:
        row = conn.execute("SELECT target FROM redirects WHERE title = ?", (name,)).fetchone()
        found = _by_name(conn, row[0]) if row else None
    return found


def _by_name(conn: sqlite3.Connection, name: str) -> int | None:
    folded = fold(name)
    for sql, arg in (
        ("SELECT id FROM documents WHERE title = ? ORDER BY id LIMIT 1", name),
        ("SELECT id FROM documents WHERE folded_title = ? ORDER BY id LIMIT 1", folded),
        ("SELECT doc_id FROM aliases WHERE folded = ? ORDER BY doc_id LIMIT 1", folded),
    ):
        row = conn.execute(sql, (arg,)).fetchone()
        if row:
            return row[0]
    return None


def load_document(conn: sqlite3.Connection, doc_id_or_title: int | str) -> Document:
    """Rebuild the Document stored under an id, or under a title or alias (see `find_document`)."""
    doc_id = doc_id_or_title if isinstance(doc_id_or_title, int) else find_document(conn, doc_id_or_title)
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone() if doc_id else None
    if row is None:
        raise KeyError(f"no document {doc_id_or_title!r}")
    d: dict[str, Any] = {k: row[k] for k in ("title", "path", "format", "source", "plain", "content_hash")}
    d["offsets"] = unpack_offsets(row["offsets"])
    d["meta"] = json.loads(row["meta"])
    d.update(json.loads(row["structure"]))
    return Document.from_dict(d)


def load_record(conn: sqlite3.Connection, doc_id: int) -> dict[str, Any]:
    """The stored export record (TreatyRecord.to_json()) of a document."""
    row = conn.execute("SELECT record FROM records WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(f"no record for document {doc_id}")
    return json.loads(row[0])
