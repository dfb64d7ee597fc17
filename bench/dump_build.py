"""Benchmark the dump build against the floor: decompressing the same dump, same decoder, same workers.

    .venv/bin/python bench/dump_build.py --pages 50000,200000 [--workers N] [--repeat 2] [--dir /tmp/yuezhang-bench]

For each size: makes (or reuses) a synthetic multistream dump with its index
(`bench/make_dump.py`), then in this run measures, each in a fresh subprocess:
- the floor: every unit of the build's plan decompressed by the build's decoder (Python's
  bz2, one stream at a time) on the same number of worker processes, output discarded;
- the build: `build_dump` into a fresh staged store, finished, exactly as `yuezhang build`
  does it; its process tree's resident memory is polled from /proc.
Floors and builds alternate (`--repeat` builds, a floor before and after each) and the
fastest of each is compared, as other load on a shared machine only slows runs down.
Prints a table on stdout (each size's details as JSON on stderr): the ratio build/floor in
wall time and in CPU time (summed over each process tree, polled from /proc), peak memory
(sum over the build's processes, and the largest one), pages/s and MB/s; the JSON adds the
worker CPU spent reading, detecting and extracting treaty candidates (the extraction
pipeline's share, not the dump machinery's).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _decompress_unit(path: str, start: int, end: int, streams: tuple[int, ...]) -> int:
    from yuezhang.dumps import PIECE
    from yuezhang.sources import bz2streams

    with open(path, "rb") as fh:
        fh.seek(start)
        view = memoryview(fh.read(end - start))
    bounds = [*streams, end]
    n = 0
    for s, e in zip(bounds, bounds[1:], strict=False):
        for piece in bz2streams.decompress(view[s - start : e - start], s, PIECE):
            n += len(piece)
    return n


def floor(path: Path, workers: int) -> dict:
    """Decompress the whole dump as the build's units, on `workers` processes; discard the output."""
    from yuezhang.dumps import DumpRef, _offsets, _stream_units
    from yuezhang.sources.dump import SiteInfo

    t0 = time.perf_counter()
    ref = DumpRef(str(path), str(path.resolve()), "multistream", SiteInfo())
    units = _stream_units(ref, _offsets(path), path.stat().st_size)
    ctx = get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        futures = [pool.submit(_decompress_unit, ref.key, u.start, u.end, u.streams) for u in units]
        text_bytes = sum(f.result() for f in futures)
    return {"seconds": time.perf_counter() - t0, "text_bytes": text_bytes}


def build(path: Path, db: Path, workers: int) -> dict:
    """What `yuezhang build DUMP` does for one dump, returning the dump report."""
    from dataclasses import asdict

    from yuezhang.dumps import build_dump
    from yuezhang.store.build import StagedBuild, build_key

    t0 = time.perf_counter()
    stage = StagedBuild(db, build_key([path.resolve()]))
    report = build_dump(stage, path, workers=workers, progress=lambda *a: None)
    stage.finish()
    return {**asdict(report), "wall": time.perf_counter() - t0}


def _tree(root: int) -> tuple[int, int, dict[int, int]]:
    """(sum, max) resident bytes of a process and all its descendants, and each one's CPU ticks."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE_SIZE
        cpu[pid] = int(fields[11]) + int(fields[12])  # utime + stime
    total = biggest = 0
    ticks: dict[int, int] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        biggest = max(biggest, rss.get(pid, 0))
        ticks[pid] = cpu.get(pid, 0)
        todo += children.get(pid, [])
    return total, biggest, ticks


def measured(mode: str, *args: str) -> dict:
    """Run this script in `mode` in a subprocess, polling its process tree's memory and CPU time."""
    proc = subprocess.Popen(
        [sys.executable, __file__, f"--{mode}", *args],
        stdout=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    peak_sum = peak_one = 0
    ticks: dict[int, int] = {}
    while proc.poll() is None:
        s, m, t = _tree(proc.pid)
        peak_sum, peak_one = max(peak_sum, s), max(peak_one, m)
        for pid, n in t.items():
            ticks[pid] = max(ticks.get(pid, 0), n)
        time.sleep(0.1)
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0:
        sys.exit(f"{mode} failed ({proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    cpu = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    return {**result, "cpu": cpu, "peak_sum": peak_sum, "peak_one": peak_one}


def ensure_dump(folder: Path, pages: int) -> Path:
    path = folder / f"synthetic-{pages}-multistream.xml.bz2"
    index = folder / f"synthetic-{pages}-multistream-index.txt.bz2"
    if not (path.exists() and index.exists()):
        print(f"making {path} ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(BENCH / "make_dump.py"), "--pages", str(pages), "--out", str(path)],
            check=True,
        )
    return path


def bench(path: Path, workers: int, folder: Path, repeat: int) -> dict:
    db = folder / "bench.db"
    floors, builds = [measured("floor", str(path), str(workers))], []
    for _ in range(repeat):
        for suffix in ("", ".partial", ".partial-wal", ".partial-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        builds.append(measured("build", str(path), str(db), str(workers)))
        floors.append(measured("floor", str(path), str(workers)))
    # other load on the machine only ever slows a run down: the fastest run of each is the best estimate
    floor_wall, floor_cpu = min(f["seconds"] for f in floors), min(f["cpu"] for f in floors)
    report = min(builds, key=lambda b: b["wall"])
    wall, cpu = report["wall"], min(b["cpu"] for b in builds)
    return {
        "dump": path.name,
        "compressed_MB": round(path.stat().st_size / 1e6),
        "xml_MB": round(report["text_bytes"] / 1e6),
        "pages": report["pages"],
        "treaties": report["treaties"],
        "candidates": report["candidates"],
        "workers": workers,
        "floor_wall_s": [round(f["seconds"], 1) for f in floors],
        "build_wall_s": [round(b["wall"], 1) for b in builds],
        "ratio_wall": round(wall / floor_wall, 3),
        "floor_cpu_s": [round(f["cpu"], 1) for f in floors],
        "build_cpu_s": [round(b["cpu"], 1) for b in builds],
        "ratio_cpu": round(cpu / floor_cpu, 3),
        "extract_cpu_s": round(report["extract_seconds"], 1),
        "pages_per_s": round(report["pages"] / wall),
        "xml_MB_per_s": round(report["text_bytes"] / 1e6 / wall, 1),
        "compressed_MB_per_s": round(path.stat().st_size / 1e6 / wall, 1),
        "peak_rss_MB_sum": round(max(b["peak_sum"] for b in builds) / 1e6),
        "peak_rss_MB_max_process": round(max(b["peak_one"] for b in builds) / 1e6),
        "errors": report["errors"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="50000,200000", help="dump sizes in pages, comma-separated")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/yuezhang-bench"))
    ap.add_argument(
        "--repeat", type=int, default=2, help="builds per size (floors run before and after each)"
    )
    ap.add_argument("--floor", nargs=2, metavar=("DUMP", "WORKERS"), help=argparse.SUPPRESS)
    ap.add_argument("--build", nargs=3, metavar=("DUMP", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.floor:
        print(json.dumps(floor(Path(args.floor[0]), int(args.floor[1]))))
        return
    if args.build:
        print(json.dumps(build(Path(args.build[0]), Path(args.build[1]), int(args.build[2]))))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    results = []
    for pages in (int(p) for p in args.pages.split(",")):
        results.append(bench(ensure_dump(args.dir, pages), args.workers, args.dir, args.repeat))
        print(json.dumps(results[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    print(
        f"{'pages':>8} {'XML':>8} {'floor':>7} {'build':>7} {'wall ratio':>10} {'CPU ratio':>9} "
        f"{'pages/s':>8} {'MB/s':>5}  peak RSS (all processes / largest)"
    )
    for r in results:
        print(
            f"{r['pages']:>8,} {r['xml_MB']:>5} MB {min(r['floor_wall_s']):>5} s {min(r['build_wall_s']):>5} s "
            f"{r['ratio_wall']:>10.2f} {r['ratio_cpu']:>9.2f} {r['pages_per_s']:>8,} {r['xml_MB_per_s']:>5.0f}  "
            f"{r['peak_rss_MB_sum']} MB / {r['peak_rss_MB_max_process']} MB"
        )


if __name__ == "__main__":
    main()
