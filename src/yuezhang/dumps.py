"""Building the store from a whole MediaWiki dump: streaming, parallel, resumable, local or on Dask.

The dump is cut into units, each one checkpoint:
- a multistream `.xml.bz2`: runs of whole bz2 streams (offsets from its index, or found by
  scanning), which any process can decompress on its own;
- a plain `.xml` or a single-stream `.xml.bz2`: runs of pages cut from the decompressed
  stream, which this process reads (bz2 decoded by indexed_bzip2 on all cores).
Workers (local processes, or a Dask cluster given `scheduler="tcp://HOST:PORT"`) turn a
unit into its redirects, its errors and its treaties (`run_unit`): only pages the
prefilter lets through are read, and those detection calls treaties are kept, as
Documents, in a spill file beside the staged database. Results are merged in unit order,
each unit marked done in the same transaction as its rows, so a run killed at any point
resumes from its last checkpoint and ends with exactly the database an uninterrupted run
makes. When every unit is in, so every redirect is known (they may come before or after
their target), each treaty's facts are extracted with its redirects as aliases and stored,
each marked done in turn. Last, documents of this dump that an earlier build stored and this
one did not (pages gone, or no longer treaties) are deleted. Memory stays bounded: a few
units in flight, one page at a time.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import indexed_bzip2

from yuezhang.document import Document
from yuezhang.extract import detect
from yuezhang.extract.pipeline import Context, extract
from yuezhang.extract.record import TreatyRecord
from yuezhang.sources import bz2streams
from yuezhang.sources.dump import (
    MAX_HEADER_BYTES,
    Page,
    PageError,
    RawPage,
    SiteInfo,
    iter_raw_pages,
    parse_page,
    read_siteinfo,
    scan_page,
    split_header,
)
from yuezhang.sources.dump_prefilter import is_candidate
from yuezhang.sources.dump_progress import Callback, DumpProgress
from yuezhang.sources.dump_spill import TreatySpill, pack, unpack

#: Compressed bytes per unit of a multistream dump (whole streams; a larger stream is one unit).
STREAM_UNIT_BYTES = 4 << 20
#: Decompressed bytes per unit of a plain or single-stream dump.
PAGE_UNIT_BYTES = 16 << 20
#: Units in flight per worker: enough to keep workers busy while results are merged in order.
IN_FLIGHT = 2
#: Decompressed pieces read at a time.
PIECE = 1 << 20
#: Treaties stored per commit at the end (or fewer, a second's worth): what a kill can lose there.
FACTS_BATCH = 8
FACTS_BATCH_SECONDS = 1.0

#: Where a page error is: its offset in its stream of text -> (position to record, words for the message).
Locate = Callable[[int], tuple[int, str]]


@dataclass(frozen=True)
class DumpRef:
    """What every unit needs to know of its dump."""

    path: str  # as given: shown in Document.path and errors
    key: str  # absolute path: document keys are f"{key}#{page_id}"
    kind: str  # multistream | bz2 | xml
    site: SiteInfo


@dataclass
class Unit:
    """A checkpointed piece of the dump: whole bz2 streams, or cut pages."""

    key: str
    start: int  # byte range: compressed (streams) or decompressed (pages)
    end: int
    streams: tuple[int, ...] = ()  # start of each bz2 stream in [start, end)
    data: bytes | None = None  # the compressed range, when the worker cannot read the file
    pages: list[RawPage | PageError] = field(default_factory=list)  # cut pages (and cutting errors)


@dataclass
class UnitResult:
    key: str
    text_bytes: int = 0  # decompressed bytes read
    pages: int = 0  # pages of any namespace
    articles: int = 0  # main-namespace pages that are not redirects
    candidates: int = 0  # of those, read and extracted
    extract_seconds: float = 0.0  # CPU time reading and detecting candidates
    treaties: list[tuple[str, str, bytes]] = field(default_factory=list)  # (key, title, packed Document)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (title, target), main namespace
    errors: list[tuple[str, int | None, str, str]] = field(
        default_factory=list
    )  # (path, position, kind, message)

    def merge(self, other: UnitResult) -> None:
        for name in ("text_bytes", "pages", "articles", "candidates", "extract_seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.treaties += other.treaties
        self.redirects += other.redirects
        self.errors += other.errors


@dataclass
class DumpReport:
    """What a dump build did (this run; units done by an earlier run are counted as skipped)."""

    path: str
    kind: str  # multistream | bz2 | xml
    units: int = 0
    skipped: int = 0
    pages: int = 0
    articles: int = 0
    candidates: int = 0
    treaties: int = 0
    redirects: int = 0
    finished: int = 0  # treaties whose facts were extracted in this run (at the end)
    aliased: int = 0  # of those, with redirects to them
    removed: int = 0  # documents of this dump an earlier build stored that are no treaty (or no page) now
    errors: int = 0
    text_bytes: int = 0
    extract_seconds: float = 0.0  # CPU time the workers spent reading, detecting and extracting candidates
    seconds: float = 0.0


# -- the worker side ---------------------------------------------------------------------------


def run_unit(dump: DumpRef, unit: Unit) -> UnitResult:
    """Read one unit: every page counted, redirects kept, candidates read and extracted."""
    result = UnitResult(unit.key)
    if not unit.streams:
        for item in unit.pages:
            result.text_bytes += len(item.data) if isinstance(item, RawPage) else 0
            _take(dump, item, result, partial(_in_pages, dump))
        return result
    data = unit.data
    if data is None:
        with open(dump.key, "rb") as fh:
            fh.seek(unit.start)
            data = fh.read(unit.end - unit.start)
    view = memoryview(data)
    bounds = [*unit.streams, unit.end]
    for s, e in zip(bounds, bounds[1:], strict=False):
        part = UnitResult(unit.key)
        try:
            pieces = _counted(bz2streams.decompress(view[s - unit.start : e - unit.start], s, PIECE), part)
            for item in iter_raw_pages(pieces, prolog=s == 0):
                _take(dump, item, part, partial(_in_stream, s))
        except bz2streams.Bz2StreamError as exc:
            # a damaged stream yields nothing (its decoded text may be garbage); the others go on
            msg = f"{exc}; its pages are skipped"
            result.errors.append((f"{dump.path}#offset={exc.offset}", exc.offset, "bz2", msg))
            continue
        result.merge(part)
    return result


def _in_pages(dump: DumpRef, offset: int) -> tuple[int, str]:
    """A page error's position in a plain or single-stream dump: its decompressed offset."""
    return offset, f"at byte offset {offset}" + (" of the decompressed dump" if dump.kind == "bz2" else "")


def _in_stream(stream: int, offset: int) -> tuple[int, str]:
    """A page error's position in a multistream dump: its stream's offset (where to seek)."""
    return stream, f"in the bz2 stream at byte offset {stream}, {offset} bytes into its text"


def _counted(pieces: Iterator[bytes], result: UnitResult) -> Iterator[bytes]:
    for piece in pieces:
        result.text_bytes += len(piece)
        yield piece


def _take(dump: DumpRef, item: RawPage | PageError, result: UnitResult, locate: Locate) -> None:
    """Handle one cut page (or cutting error) of a unit."""
    if isinstance(item, PageError):
        if item.ns in (0, None):
            _error(dump, result, item, locate)
        return
    result.pages += 1
    head = scan_page(item)
    page: Page | None = None
    if head is None:  # not the usual layout: parse it properly
        parsed = parse_page(item)
        if isinstance(parsed, PageError):
            _error(dump, result, parsed, locate)
            return
        page = parsed
        title, ns, redirect = page.title, page.ns, page.redirect
        text = page.text.encode("utf-8") if page.text is not None else None
    else:
        title, ns, redirect, text = head.title, head.ns, head.redirect, head.text
    if ns != 0:
        return
    if redirect is not None:
        result.redirects.append((title, redirect.split("#", 1)[0].replace("_", " ").strip()))
        return
    if not text or not text.strip():
        what = "has no text" if text is None else "has empty text"
        _error(dump, result, PageError("empty", f"page {title!r} {what}", item.offset, title), locate)
        return
    result.articles += 1
    if not is_candidate(title, text):
        return
    result.candidates += 1
    if page is None:
        parsed = parse_page(item)
        if isinstance(parsed, PageError):
            _error(dump, result, parsed, locate)
            return
        page = parsed
    _read_candidate(dump, page, result, locate)


def _read_candidate(dump: DumpRef, page: Page, result: UnitResult, locate: Locate) -> None:
    """Read a candidate page into a Document and keep it if detection calls it a treaty.

    Its facts are extracted at the end (`_finish_treaties`), once its redirects are known.
    """
    from yuezhang.markup import read
    from yuezhang.sources.errors import ReadError

    path = f"{dump.path}#{page.title}"
    position, where = locate(page.offset)
    t0 = time.process_time()
    try:
        doc = read(page.text or "", path, title=page.title, fmt="wikitext")
        doc.meta.update(
            {
                "key": f"{dump.key}#{page.page_id}",
                "page_id": page.page_id,
                "revision_id": page.revision_id,
                "timestamp": page.timestamp,
                "url": dump.site.url(page.title),
            }
        )
        doc.meta = {k: v for k, v in doc.meta.items() if v is not None}
        treaty = detect.is_treaty(doc, Context())
    except ReadError as exc:
        result.errors.append((path, position, exc.kind, f"page {page.title!r} ({where}): {exc.message}"))
        return
    except Exception as exc:  # a bug in a reader or detection: keep it visible, build the rest
        result.errors.append((path, position, "internal", f"page {page.title!r} ({where}): {_bug(exc)}"))
        return
    finally:
        result.extract_seconds += time.process_time() - t0
    if treaty:
        result.treaties.append((doc.meta["key"], doc.title, pack(doc)))


def _bug(exc: Exception) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} [{Path(last.filename).name}:{last.lineno}]"


def _error(dump: DumpRef, result: UnitResult, err: PageError, locate: Locate) -> None:
    position, where = locate(err.offset)
    path = f"{dump.path}#{err.title}" if err.title else f"{dump.path}#offset={position}"
    result.errors.append((path, position, err.kind, f"{err.message} ({where})"))


# -- planning ----------------------------------------------------------------------------------


def _offsets(path: Path) -> list[int]:
    """Stream offsets; an index that does not point at stream starts is ignored for a scan."""
    offsets = bz2streams.stream_offsets(path)
    with open(path, "rb") as fh:
        for off in offsets:
            fh.seek(off)
            if fh.read(3) != bz2streams.BZ2_MAGIC:
                print(f"{path}: the index does not match the dump; scanning for streams", file=sys.stderr)
                return sorted({0, *bz2streams.scan_offsets(path)})
    return offsets


def _stream_units(dump: DumpRef, offsets: list[int], size: int) -> list[Unit]:
    """Runs of whole streams of about `target` compressed bytes (a fixed plan for a given file)."""
    target = max(1, min(STREAM_UNIT_BYTES, size // 64))
    units: list[Unit] = []
    run: list[int] = []
    for i, off in enumerate(offsets):
        if run and off - run[0] >= target:
            units.append(Unit(f"{dump.key}@{run[0]}-{off}", run[0], off, tuple(run)))
            run = []
        run.append(off)
        if i == len(offsets) - 1:
            units.append(Unit(f"{dump.key}@{run[0]}-{size}", run[0], size, tuple(run)))
    return units


def _read_pieces(path: Path, kind: str, workers: int, progress: DumpProgress) -> Iterator[bytes]:
    """The decompressed bytes of a plain or single-stream dump, piece by piece."""
    if kind == "xml":
        with open(path, "rb") as raw:
            while piece := raw.read(PIECE):
                progress.done_bytes = raw.tell()
                yield piece
        return
    with indexed_bzip2.open(str(path), parallelization=workers) as fh:  # a path: its own fast reader
        while piece := fh.read(PIECE):
            progress.done_bytes = min(fh.tell_compressed() // 8, progress.total)  # tell_compressed is in bits
            yield piece


def _page_units(dump: DumpRef, kind: str, size: int, workers: int, progress: DumpProgress) -> Iterator[Unit]:
    """Units of cut pages from a plain or single-stream dump, cut here as it is decompressed."""
    target = max(1, min(PAGE_UNIT_BYTES, size // 16))
    pieces = _read_pieces(Path(dump.key), kind, workers, progress)
    unit = Unit("", 0, 0)
    size_now = 0
    stream_error: PageError | None = None

    def guarded() -> Iterator[bytes]:
        nonlocal stream_error
        offset = 0
        try:
            for piece in pieces:
                offset += len(piece)
                yield piece
        except Exception as exc:  # indexed_bzip2 reports damaged data as RuntimeError/ValueError
            msg = f"bz2 data unreadable after {offset} decompressed bytes: {exc}; the rest of the dump is skipped"
            stream_error = PageError("bz2", msg, offset)

    for item in iter_raw_pages(guarded()):
        if not unit.pages:
            unit.start = item.offset
        unit.pages.append(item)
        size_now += len(item.data) if isinstance(item, RawPage) else 0
        if size_now >= target:
            unit.end = item.offset + (len(item.data) if isinstance(item, RawPage) else 0)
            unit.key = f"{dump.key}@{unit.start}"
            yield unit
            unit, size_now = Unit("", 0, 0), 0
    if stream_error is not None:
        if not unit.pages:
            unit.start = stream_error.offset
        unit.pages.append(stream_error)
    if unit.pages:
        unit.key = f"{dump.key}@{unit.start}"
        yield unit


# -- executors ---------------------------------------------------------------------------------


class _InProcess:
    """workers == 1: run here, one call at a time."""

    slots = 1

    def call(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        fut.set_result(fn(*args))
        return fut

    def close(self) -> None:
        pass


class _Processes:
    """Local worker processes (forkserver: safe beside this process's threads and SQLite handle)."""

    def __init__(self, workers: int) -> None:
        ctx = get_context("forkserver")
        ctx.set_forkserver_preload(["yuezhang.dumps"])
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
        self.slots = workers

    def call(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class _Dask:
    """A Dask cluster: units travel with their bytes, so workers need no access to the file."""

    def __init__(self, scheduler: str) -> None:
        from distributed import Client

        self.client = Client(scheduler)
        self.slots = max(1, sum(self.client.nthreads().values()))

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def close(self) -> None:
        self.client.close()


def _submit(executor: _InProcess | _Processes | _Dask, dump: DumpRef, unit: Unit) -> Any:
    if isinstance(executor, _Dask) and unit.streams and unit.data is None:
        with open(dump.key, "rb") as fh:
            fh.seek(unit.start)
            unit = Unit(unit.key, unit.start, unit.end, unit.streams, fh.read(unit.end - unit.start))
    return executor.call(run_unit, dump, unit)


# -- the build ---------------------------------------------------------------------------------


def build_dump(
    stage: Any,
    path: str | Path,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callback | None = None,
) -> DumpReport:
    """Build every treaty of a MediaWiki dump into `stage` (a store.build.StagedBuild).

    `workers` defaults to the core count; `scheduler` ("tcp://HOST:PORT") runs the units
    on a Dask cluster instead of local processes; `progress(done, total, label)` receives
    the status (else it goes to stderr: redrawn on a terminal, a line every 30 s if not).
    The stage is checkpointed after every unit; it is not finished here.
    """
    t0 = time.monotonic()
    path = Path(path)
    workers = workers or os.cpu_count() or 1
    offsets = _offsets(path) if bz2streams.is_bz2(path) else []
    kind = "multistream" if len(offsets) > 1 else "bz2" if offsets else "xml"
    size = path.stat().st_size
    report = DumpReport(str(path), kind)
    shown = DumpProgress(path.name, size, progress)
    site, header_error = read_siteinfo(_header(path, kind, offsets))
    dump = DumpRef(str(path), str(path.resolve()), kind, site)
    if header_error is not None:
        stage.put_error(dump.path, header_error.offset, header_error.kind, header_error.message)
        print(f"{dump.path}: {header_error.message}", file=sys.stderr)
        report.errors += 1

    if kind == "multistream":
        units: Iterator[Unit] = iter(_stream_units(dump, offsets, size))
    else:
        units = _page_units(dump, kind, size, workers, shown)
    executor = _Dask(scheduler) if scheduler else _InProcess() if workers == 1 else _Processes(workers)
    spill = TreatySpill(f"{stage.partial}.dump-{hashlib.sha1(dump.key.encode()).hexdigest()[:12]}")

    def todo() -> Iterator[Unit]:
        for n, unit in enumerate(units):
            done = stage.is_done(unit.key)
            if n == 0 and not done:  # units are merged in order: none of this dump is done yet
                _forget_errors(stage, dump)
                spill.clear()
            if done:
                report.skipped += 1
                if unit.streams:
                    shown.done_bytes = unit.end
                shown.skipped_bytes = shown.done_bytes
                continue
            yield unit

    def merge(unit: Unit, res: UnitResult) -> None:
        for n, (key, title, blob) in enumerate(res.treaties):
            spill.add(unit.start, n, key, title, blob)
        spill.commit()  # before the unit is marked done: the spill holds at least what the stage says
        for title, target in res.redirects:
            stage.put_redirect(title, target)
        for err_path, position, err_kind, message in res.errors:
            stage.put_error(err_path, position, err_kind, message)
            print(f"{err_path}: {message}", file=sys.stderr)
        stage.mark_done(unit.key)
        stage.checkpoint()
        report.units += 1
        for name in ("pages", "articles", "candidates", "text_bytes", "extract_seconds"):
            setattr(report, name, getattr(report, name) + getattr(res, name))
        report.treaties += len(res.treaties)
        report.redirects += len(res.redirects)
        report.errors += len(res.errors)
        shown.pages, shown.treaties, shown.text_bytes = report.pages, report.treaties, report.text_bytes
        if unit.streams:
            shown.done_bytes = max(shown.done_bytes, unit.end)
        shown.update()

    try:
        _run(executor, dump, todo(), merge)
        _finish_treaties(stage, spill, executor, report, shown)
    finally:
        executor.close()
    report.removed = _remove_stale(stage, dump)
    stage.checkpoint()
    spill.remove()
    shown.close()
    report.seconds = time.monotonic() - t0
    return report


def _run(
    executor: _InProcess | _Processes | _Dask,
    dump: DumpRef,
    units: Iterator[Unit],
    merge: Callable[[Unit, UnitResult], None],
) -> None:
    """Submit units with a bounded number in flight; merge results in unit order."""
    pending: deque[tuple[Unit, Any]] = deque()
    window = IN_FLIGHT * executor.slots
    for unit in units:
        pending.append((Unit(unit.key, unit.start, unit.end, unit.streams), _submit(executor, dump, unit)))
        while len(pending) >= window or (pending and pending[0][1].done()):
            done, fut = pending.popleft()
            merge(done, fut.result())
    while pending:
        done, fut = pending.popleft()
        merge(done, fut.result())


def _header(path: Path, kind: str, offsets: list[int]) -> bytes:
    """The dump's prolog: the decompressed bytes before its first page."""
    if kind == "xml":
        with open(path, "rb") as fh:
            return split_header(fh.read(MAX_HEADER_BYTES))
    end = offsets[1] if kind == "multistream" else path.stat().st_size
    with open(path, "rb") as fh:
        data = fh.read(min(end, MAX_HEADER_BYTES))
    out = b""
    try:
        for piece in bz2streams.decompress(data, 0, PIECE):
            out += piece
            if b"<page>" in out or len(out) >= MAX_HEADER_BYTES:
                break
    except bz2streams.Bz2StreamError:
        pass  # the prolog is whatever decompressed; a damaged first stream is reported by its unit
    return split_header(out)


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') matching strings that start with `prefix`."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _forget_errors(stage: Any, dump: DumpRef) -> None:
    """A fresh build of this dump: drop its pages' errors from earlier builds (kept on resume)."""
    stage.conn.execute("DELETE FROM errors WHERE path LIKE ? ESCAPE '\\'", (_like_prefix(dump.path + "#"),))


def _remove_stale(stage: Any, dump: DumpRef) -> int:
    """Delete this dump's documents that this build did not store: pages an earlier build of the
    dump stored that are gone or no longer treaties. What this build stored is known from the
    stage's progress (each treaty's `KEY@facts`, kept until the stage is finished), so this
    holds on a resumed build too, even one whose spill is already gone."""
    stale = stage.conn.execute(
        "SELECT key FROM documents WHERE key > ? AND key < ? "
        "AND key || '@facts' NOT IN (SELECT key FROM build_progress)",
        (dump.key + "#", dump.key + chr(ord("#") + 1)),  # the keys f"{dump.key}#{page_id}"
    ).fetchall()
    for (key,) in stale:
        stage.delete(key)
    return len(stale)


def _finish_treaties(
    stage: Any,
    spill: TreatySpill,
    executor: _InProcess | _Processes | _Dask,
    report: DumpReport,
    shown: DumpProgress,
) -> None:
    """Extract the facts of every treaty of this dump, with the titles redirecting to it, and store it.

    Redirects may come before or after their target, so this waits until every unit is in.
    A redirect to a redirect (a double redirect, which MediaWiki itself does not follow)
    counts for the final target too. Treaties are extracted on the workers, a bounded number
    at a time, and stored in dump order, each marked done with its record (committed a few at
    a time) so a resumed build goes on where this one stopped.
    """
    titles = spill.titles()
    names: dict[str, set[str]] = {t: set() for t in titles}
    via: dict[str, str] = {}  # redirect title -> the treaty it leads to
    for title, target in stage.conn.execute("SELECT title, target FROM redirects"):
        if target in names and title != target:
            names[target].add(title)
            via[title] = target
    for title, target in stage.conn.execute("SELECT title, target FROM redirects"):
        if target in via and title not in titles:
            names[via[target]].add(title)
    done_before = sum(stage.is_done(f"{key}@facts") for key in titles.values())
    shown.facts = (done_before, len(titles))
    batch = {"stored": 0, "since": time.monotonic()}

    def store(key: str, doc: Document, done: tuple[TreatyRecord | None, str | None, float]) -> None:
        record, error, cpu = done
        report.extract_seconds += cpu
        if record is None:  # a bug in an extractor: say so, build the rest (an older record would be stale)
            stage.delete(key)
            stage.put_error(doc.path, None, "internal", f"page {doc.title!r}: {error}")
            print(f"{doc.path}: {error}", file=sys.stderr)
            report.errors += 1
        else:
            stage.put(doc, record)
        stage.mark_done(f"{key}@facts")  # in the same transaction as the document
        batch["stored"] += 1
        if batch["stored"] >= FACTS_BATCH or time.monotonic() - batch["since"] > FACTS_BATCH_SECONDS:
            stage.checkpoint()
            batch.update(stored=0, since=time.monotonic())
        report.finished += 1
        report.aliased += bool(doc.redirects)
        shown.facts = (shown.facts[0] + 1, len(titles)) if shown.facts else None
        shown.update()

    pending: deque[tuple[str, Document, Any]] = deque()
    for key, blob in spill:
        if stage.is_done(f"{key}@facts"):
            continue
        doc = unpack(blob)
        doc.redirects = sorted(names[doc.title])
        pending.append((key, doc, executor.call(_extract_facts, blob, doc.redirects)))
        while len(pending) >= IN_FLIGHT * executor.slots:
            key_done, doc_done, fut = pending.popleft()
            store(key_done, doc_done, fut.result())
    while pending:
        key_done, doc_done, fut = pending.popleft()
        store(key_done, doc_done, fut.result())


def _extract_facts(blob: bytes, redirects: list[str]) -> tuple[TreatyRecord | None, str | None, float]:
    """A treaty's record (or the error) and the CPU time it took, extracted with the titles
    redirecting to it (which the names component makes aliases)."""
    t0 = time.process_time()
    doc = unpack(blob)
    doc.redirects = redirects
    try:
        return extract(doc), None, time.process_time() - t0
    except Exception as exc:
        return None, _bug(exc), time.process_time() - t0
