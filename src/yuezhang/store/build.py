"""Building the store atomically: all writes go to a staging copy that replaces the database at the end.

`StagedBuild` works in `<db>.partial`, a copy of the existing database (SQLite backup
API) or a fresh one. Each input is written together with its key in `build_progress`,
committed in batches; `finish()` makes the copy self-contained (no WAL) and
`os.replace`s it onto the database. A run killed at any point therefore leaves the
previous database as it was, and the next run with the same build key resumes the
partial where the last commit left it, skipping inputs already done. A different key
(other inputs, changed files, another version of yuezhang) starts afresh.
"""

from __future__ import annotations

import bz2
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yuezhang
from yuezhang.document import Document
from yuezhang.extract.record import Evidence, TreatyRecord
from yuezhang.store import db as dbm
from yuezhang.store import name_index
from yuezhang.store.search import tokens
from yuezhang.variants import fold

#: progress(done, total, label): inputs done so far, how many there are (None if unknown), the current one.
Progress = Callable[[int, int | None, str], None]

#: Entity kind of each fact field that names one (the field is the mention's role).
ENTITY_KINDS = {"party": "polity", "signatory": "person", "place": "place"}
#: A commit after this many inputs or this many seconds, whichever comes first (what a kill can lose).
BATCH = 25
BATCH_SECONDS = 1.0
#: How much of a file's start is looked at to tell a dump (decompressed), and how much bz2 is read for it.
_SNIFF = 4096
_SNIFF_BZ2 = 2 * 1024 * 1024


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _signature(path: Path) -> str:
    """Identifies the database a partial was copied from, so a partial outlived by a newer db is dropped."""
    if not path.exists():
        return "none"
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


class StagedBuild:
    """A build in progress, in `<db>.partial`; see the module docstring."""

    def __init__(self, db_path: str | Path, build_key: str) -> None:
        self.db_path = Path(db_path)
        self.partial = self.db_path.with_name(self.db_path.name + ".partial")
        self.build_key = build_key
        self.resumed = False
        self.conn = self._open()
        self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a kill loses no committed batch
        self.conn.isolation_level = None  # transactions by hand: batches, with a savepoint per document
        self.conn.execute("BEGIN")

    def _open(self) -> sqlite3.Connection:
        base = _signature(self.db_path)
        if self.partial.exists():
            try:
                conn = dbm.connect(self.partial)
                conn.execute("PRAGMA journal_mode = WAL")
                state = dict(conn.execute("SELECT name, value FROM build_state").fetchall())
                if state == {"build_key": self.build_key, "base": base}:
                    self.resumed = True
                    return conn
                conn.close()
            except (sqlite3.DatabaseError, dbm.StoreError):
                pass  # unusable partial (killed while copying, or foreign): start afresh
            _remove_db_files(self.partial)
        if self.db_path.exists():
            # a raw read-only copy: an old schema is migrated in the partial, never in place
            src = sqlite3.connect(f"file:{quote(str(self.db_path.resolve()))}?mode=ro", uri=True)
            dst = sqlite3.connect(self.partial)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        try:
            conn = dbm.connect(self.partial)
        except dbm.StoreError:
            _remove_db_files(self.partial)
            raise
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(
            "CREATE TABLE IF NOT EXISTS build_progress (key TEXT PRIMARY KEY);"
            "CREATE TABLE IF NOT EXISTS build_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "DELETE FROM build_progress; DELETE FROM build_state;"
        )
        conn.executemany(
            "INSERT INTO build_state (name, value) VALUES (?, ?)",
            [("build_key", self.build_key), ("base", base)],
        )
        conn.commit()
        return conn

    # -- progress ---------------------------------------------------------------------------

    def is_done(self, key: str) -> bool:
        return self.conn.execute("SELECT 1 FROM build_progress WHERE key = ?", (key,)).fetchone() is not None

    def mark_done(self, key: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO build_progress (key) VALUES (?)", (key,))

    def checkpoint(self) -> None:
        """Commit what was written since the last checkpoint; a killed run resumes from here."""
        self.conn.execute("COMMIT")
        self.conn.execute("BEGIN")

    # -- writing ----------------------------------------------------------------------------

    def put(self, doc: Document, record: TreatyRecord) -> int:
        """Store (or replace) a document and its record; returns the document id.

        The key is `doc.meta["key"]` (dump pages) or the resolved path. A document that is
        already stored exactly so is left alone, and a replaced one keeps its id, so
        rebuilding the same input changes nothing. All of it is written, or none.
        """
        self.conn.execute("SAVEPOINT put")
        try:
            doc_id = self._put(doc, record)
        except BaseException:
            self.conn.execute("ROLLBACK TO put")
            self.conn.execute("RELEASE put")
            raise
        self.conn.execute("RELEASE put")
        return doc_id

    def _put(self, doc: Document, record: TreatyRecord) -> int:
        key = str(doc.meta.get("key") or Path(doc.path).resolve())
        row = _document_row(doc, key)
        record_json = _dumps(record.to_json())
        old = self.conn.execute("SELECT * FROM documents WHERE key = ?", (key,)).fetchone()
        self.conn.execute("DELETE FROM errors WHERE path = ?", (doc.path,))
        if old is not None:
            stored = self.conn.execute("SELECT record FROM records WHERE doc_id = ?", (old["id"],)).fetchone()
            if stored and stored[0] == record_json and all(old[k] == v for k, v in row.items()):
                return old["id"]
            self._delete(old["id"])
            row["id"] = old["id"]
        cols = ", ".join(row)
        cur = self.conn.execute(
            f"INSERT INTO documents ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        doc_id = cur.lastrowid
        assert doc_id is not None
        self._put_record(doc_id, record, record_json)
        self._put_aliases(doc_id, doc, record)
        self.conn.execute(
            "INSERT INTO search_fts (rowid, title, aliases, body) VALUES (?, ?, ?, ?)",
            (doc_id, tokens(doc.title), tokens(" ".join(a.name for a in record.aliases)), tokens(doc.plain)),
        )
        return doc_id

    def delete(self, key: str) -> bool:
        """Remove the document stored under `key` (and all that hangs on it); whether there was one."""
        row = self.conn.execute("SELECT id FROM documents WHERE key = ?", (key,)).fetchone()
        if row is not None:
            self._delete(row[0])
        return row is not None

    def _delete(self, doc_id: int) -> None:
        self.conn.execute("DELETE FROM search_fts WHERE rowid = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))  # cascades to records, facts ...

    def _put_record(self, doc_id: int, record: TreatyRecord, record_json: str) -> None:
        place = record.place
        self.conn.execute(
            "INSERT INTO records (doc_id, is_treaty, title, signed, signed_precision, effective, ended, place, "
            "lat, lon, article_count, area_km2, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                int(record.is_treaty),
                record.title,
                record.signed.value if record.signed else None,
                record.signed.precision if record.signed else None,
                record.effective.value if record.effective else None,
                record.ended.value if record.ended else None,
                place.name if place else None,
                place.lat if place else None,
                place.lon if place else None,
                record.article_count.value if record.article_count else None,
                record.area_km2,
                record_json,
            ),
        )
        for fld, value, fact in _facts(record):
            fact_id = self._put_fact(doc_id, fld, value, fact)
            if fld in ENTITY_KINDS:
                self._put_mention(doc_id, fld, value, fact, fact_id)
            elif fld == "related":
                self.conn.execute(
                    "INSERT INTO relations (doc_id, target_title, target_folded, relation, fact_id) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (doc_id, fact.title, fold(fact.title), fact.relation, fact_id),
                )

    def _put_mention(self, doc_id: int, role: str, name: str, fact: Any, fact_id: int) -> None:
        kind = ENTITY_KINDS[role]
        data = {"lat": fact.lat, "lon": fact.lon, "other_names": fact.other_names} if kind == "place" else {}
        self.conn.execute(
            "INSERT OR IGNORE INTO entities (kind, name, folded, data) VALUES (?, ?, ?, ?)",
            (kind, name, fold(name), _dumps(data)),
        )
        (entity_id,) = self.conn.execute(
            "SELECT id FROM entities WHERE kind = ? AND name = ?", (kind, name)
        ).fetchone()
        self.conn.execute(
            "INSERT INTO mentions (doc_id, entity_id, role, fact_id) VALUES (?, ?, ?, ?)",
            (doc_id, entity_id, role, fact_id),
        )

    def _put_fact(self, doc_id: int, fld: str, value: str, fact: Any) -> int:
        ev: Evidence | None = getattr(fact, "evidence", None)
        cur = self.conn.execute(
            "INSERT INTO facts (doc_id, field, value, data, start, end, source_start, source_end, sentence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                fld,
                value,
                _dumps(asdict(fact)),
                ev.start if ev else None,
                ev.end if ev else None,
                ev.source_start if ev else None,
                ev.source_end if ev else None,
                ev.sentence if ev else None,
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def _put_aliases(self, doc_id: int, doc: Document, record: TreatyRecord) -> None:
        names = [(a.name, a.how) for a in record.aliases]
        known = {n for n, _ in names}
        names += [(r, "redirect") for r in doc.redirects if r not in known]
        self.conn.executemany(
            "INSERT INTO aliases (doc_id, name, folded, how) VALUES (?, ?, ?, ?)",
            [(doc_id, n, fold(n), how) for n, how in names],
        )

    def put_error(self, path: str, position: int | None, kind: str, message: str) -> None:
        """Record an input that could not be read (replacing the same error from an earlier build)."""
        self.conn.execute(
            "DELETE FROM errors WHERE path = ? AND kind = ? AND position IS ?", (str(path), kind, position)
        )
        self.conn.execute(
            "INSERT INTO errors (path, position, kind, message) VALUES (?, ?, ?, ?)",
            (str(path), position, kind, message),
        )

    def clear_errors(self, path: str) -> None:
        """Forget earlier builds' errors for an input about to be read again."""
        self.conn.execute("DELETE FROM errors WHERE path = ?", (str(path),))

    def put_redirect(self, title: str, target: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO redirects (title, target) VALUES (?, ?)", (title, target))

    # -- ending -----------------------------------------------------------------------------

    def finish(self) -> None:
        """Resolve cross-document links, then put the staged database in place of the old one."""
        self._resolve_links()
        name_index.index_names(self.conn)
        self.conn.execute("DROP TABLE build_progress")
        self.conn.execute("DROP TABLE build_state")
        self.conn.execute("COMMIT")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("PRAGMA journal_mode = DELETE")
        self.conn.close()
        with open(self.partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(self.partial, self.db_path)
        dir_fd = os.open(self.db_path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def abort(self) -> None:
        """Give up: drop the partial, leaving the database as it was."""
        self.conn.close()
        _remove_db_files(self.partial)

    def _resolve_links(self) -> None:
        """Point relations at the documents they name and entities at their own articles, by folded name."""
        by_name: dict[str, int] = {}
        for sql in (
            "SELECT a.folded, a.doc_id FROM aliases a ORDER BY a.doc_id DESC",
            "SELECT r.title, d.id FROM redirects r JOIN documents d ON d.title = r.target ORDER BY d.id DESC",
            "SELECT folded_title, id FROM documents ORDER BY id DESC",
        ):
            # later queries win, and within one the lowest id wins
            by_name.update({fold(name): doc_id for name, doc_id in self.conn.execute(sql)})
        rows = self.conn.execute("SELECT id, doc_id, target_folded, target_doc_id FROM relations").fetchall()
        for rel_id, doc_id, target, current in rows:
            found = by_name.get(target)
            found = None if found == doc_id else found
            if found != current:
                self.conn.execute("UPDATE relations SET target_doc_id = ? WHERE id = ?", (found, rel_id))
        self.conn.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions)")
        for ent_id, folded, data in self.conn.execute("SELECT id, folded, data FROM entities").fetchall():
            d = json.loads(data)
            if d.get("doc_id") != by_name.get(folded):
                d["doc_id"] = by_name.get(folded)
                self.conn.execute("UPDATE entities SET data = ? WHERE id = ?", (_dumps(d), ent_id))


def _document_row(doc: Document, key: str) -> dict[str, Any]:
    # vars() of each span object, not Document.to_dict(): that deep-copies the source and offsets too
    structure = {
        k: [vars(x) if hasattr(x, "__dict__") else x for x in getattr(doc, k)] for k in dbm.STRUCTURE_KEYS
    }
    return {
        "key": key,
        "path": doc.path,
        "title": doc.title,
        "folded_title": fold(doc.title),
        "format": doc.format,
        "content_hash": doc.content_hash,
        "source": doc.source,
        "plain": doc.plain,
        "offsets": dbm.pack_offsets(doc.offsets),
        "structure": _dumps(structure),
        "meta": _dumps(doc.meta),
    }


def _facts(record: TreatyRecord) -> Iterable[tuple[str, str, Any]]:
    """(field, value as text, fact) for every fact of a record, in the schema's field names."""
    for a in record.aliases:
        yield "alias", a.name, a
    for name in ("signed", "effective", "ended"):
        date = getattr(record, name)
        if date:
            yield name, date.value, date
    if record.duration:
        yield "duration", f"{record.duration.years:g}", record.duration
    if record.place:
        yield "place", record.place.name, record.place
    for p in record.parties:
        yield "party", p.name, p
    for s in record.signatories:
        yield "signatory", s.name, s
    if record.article_count:
        yield "article_count", str(record.article_count.value), record.article_count
    for art in record.articles:
        yield "article", str(art.number), art
    for t in record.territory:
        yield "territory", f"{t.area_km2:g}", t
    for r in record.related:
        yield "related", r.title, r
    for st in record.status:
        yield "status", st.status, st


@dataclass
class BuildReport:
    """What a build did: inputs read, documents and treaties stored, inputs that failed."""

    inputs: int = 0
    read: int = 0  # inputs read in this run (not counting those a resumed run skipped)
    resumed: bool = False
    documents: int = 0  # in the database after the build
    treaties: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)  # errors of this build's inputs
    treaty_rows: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def build_key(paths: list[Path]) -> str:
    """Identifies a build's inputs: their resolved paths, sizes and mtimes, and the yuezhang version."""
    h = hashlib.sha256(yuezhang.__version__.encode())
    for p in sorted(paths):
        try:
            st = p.stat()
            h.update(f"\0{p}\0{st.st_size}\0{st.st_mtime_ns}".encode("utf-8", "surrogateescape"))
        except OSError:
            h.update(f"\0{p}\0missing".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def is_dump(path: Path) -> bool:
    """A MediaWiki XML dump, plain or bz2-compressed, judged by its content (`<mediawiki` near the start).

    For bz2, the start is decompressed: a multistream dump's index is bz2 too, and is no dump.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF)
            if head.startswith(b"BZh"):
                dec, out, fed = bz2.BZ2Decompressor(), b"", 0
                while head and len(out) < _SNIFF and not dec.eof and fed < _SNIFF_BZ2:
                    out += dec.decompress(head)
                    fed += len(head)
                    head = fh.read(65536)
                head = out
    except (OSError, EOFError, ValueError):
        return False
    return b"<mediawiki" in head[:_SNIFF]


class BuildFailed(Exception):
    """A strict build stopped at a bad input; the database was left as it was."""


def build_paths(
    paths: Iterable[str | Path],
    db_path: str | Path,
    strict: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> BuildReport:
    """Read every file under `paths`, extract its record and store both, atomically.

    An input that cannot be read is reported on stderr (one line), recorded in `errors`,
    and the build goes on; with `strict` the first one raises BuildFailed instead.
    """
    from yuezhang.sources.files import iter_input_files

    inputs = _without_dump_indexes([Path(p) for p in iter_input_files([str(p) for p in paths])])
    keys = [str(p.resolve()) for p in inputs]
    stage = StagedBuild(db_path, build_key([Path(k) for k in keys]))
    report = BuildReport(inputs=len(inputs), resumed=stage.resumed)
    committed, last = 0, time.monotonic()
    try:
        for n, (path, key) in enumerate(zip(inputs, keys, strict=True)):
            if progress:
                progress(n, len(inputs), str(path))
            if stage.is_done(key):
                continue
            stage.clear_errors(str(path))
            if is_dump(path):
                from yuezhang.dumps import build_dump

                build_dump(stage, path, workers=workers, scheduler=scheduler, progress=progress)
            else:
                _read_one(stage, path, strict)
            report.read += 1
            stage.mark_done(key)
            if report.read - committed >= BATCH or time.monotonic() - last > BATCH_SECONDS:
                stage.checkpoint()
                committed, last = report.read, time.monotonic()
        if progress:
            progress(len(inputs), len(inputs), "")
        stage.checkpoint()
        _summarise(stage.conn, report, [str(p) for p in inputs])
        stage.finish()
    except BaseException:
        if strict:
            stage.abort()
        else:
            stage.conn.close()
        raise
    return report


def _without_dump_indexes(inputs: list[Path]) -> list[Path]:
    """The inputs less each multistream dump's `-index.txt.bz2` given beside its dump: that is no
    article, and the dump's reader reads it for the stream offsets."""
    from yuezhang.sources.bz2streams import index_path_for

    indexes = {index.resolve() for p in inputs if (index := index_path_for(p)) is not None and is_dump(p)}
    return [p for p in inputs if p.resolve() not in indexes] if indexes else inputs


def _read_one(stage: StagedBuild, path: Path, strict: bool) -> None:
    """Read, extract and store one file; a bad one is reported on stderr and recorded (or, strict, raised)."""
    from yuezhang.extract.pipeline import extract
    from yuezhang.sources.errors import ReadError
    from yuezhang.sources.files import read_file

    try:
        doc = read_file(path)
        record = extract(doc)
    except ReadError as err:
        kind, position, message, line = err.kind, err.position, err.message, str(err)
    except Exception as e:  # a bug in a reader or an extractor: keep it visible, build the rest
        kind, position, message = "internal", None, f"{type(e).__name__}: {e}"
        line = f"{path}: internal error: {message}"
    else:
        stage.put(doc, record)
        return
    print(line, file=sys.stderr)
    if strict:
        raise BuildFailed(line)
    stage.put_error(str(path), position, kind, message)


def _summarise(conn: sqlite3.Connection, report: BuildReport, inputs: list[str]) -> None:
    report.documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    report.treaties = conn.execute("SELECT count(*) FROM records WHERE is_treaty = 1").fetchone()[0]
    wanted = set(inputs)
    report.errors = [
        dict(r)
        for r in conn.execute("SELECT path, position, kind, message FROM errors ORDER BY path, position")
        if r["path"] in wanted or r["path"].split("#", 1)[0] in wanted
    ]
    report.treaty_rows = [
        {
            "title": r["title"],
            "signed": r["signed"],
            "parties": [p["name"] for p in json.loads(r["record"])["parties"]],
        }
        for r in conn.execute(
            "SELECT title, signed, record FROM records WHERE is_treaty = 1 ORDER BY signed, title"
        )
    ]
