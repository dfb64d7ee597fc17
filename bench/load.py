"""Load benchmark: latency of search and treaty pages at N concurrent clients, against a real server.

    .venv/bin/python bench/load.py --db yuezhang.db
    .venv/bin/python bench/load.py --db /tmp/synthetic.db --make-synthetic 100000

Starts `yuezhang serve` as a second process on a free loopback port, then runs
`--clients` concurrent httpx clients (asyncio on uvloop, one connection each, no
think time) until `--requests` requests per kind are done or `--seconds` have passed,
whichever comes first. Prints p50 / p95 / max latency as the clients saw it, the
server's own time (its Server-Timing header: without the queueing that a client
process sharing the machine's cores adds), cache hits, throughput and errors for
each kind of request:

- search: GET /api/search?q=<two characters of a title, in either script>
- list:   GET /api/treaties?q=...&limit=50 (the list page with its text filter)
- treaty: GET /api/treaties/{id} (a treaty page: the treaty with all facts and evidence)
- passage: GET /api/documents/{id}/passage (clicking a fact)

The goal is p95 under 50 ms with no errors; the figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_api_server import serving  # noqa: E402

from yuezhang.variants import convert  # noqa: E402


@dataclass
class Kind:
    name: str
    urls: list[str]
    latencies: list[float] = field(default_factory=list)  # as the client saw them
    server: list[float] = field(default_factory=list)  # time in the server (Server-Timing)
    hits: int = 0  # answered from the response cache
    errors: int = 0
    elapsed: float = 0.0

    def report(self) -> dict:
        def ms(values: list[float], p: int) -> float | None:
            v = sorted(values)
            return round(v[min(len(v) - 1, len(v) * p // 100)] * 1000, 1) if v else None

        return {
            "kind": self.name,
            "requests": len(self.latencies) + self.errors,
            "errors": self.errors,
            "p50_ms": ms(self.latencies, 50),
            "p95_ms": ms(self.latencies, 95),
            "max_ms": ms(self.latencies, 100),
            "server_p50_ms": ms(self.server, 50),
            "server_p95_ms": ms(self.server, 95),
            "cache_hits": self.hits,
            "rps": round(len(self.latencies) / self.elapsed, 1) if self.elapsed else None,
        }


def workload(db: Path, n: int, seed: int = 7) -> list[Kind]:
    """Request URLs drawn from the store itself: real titles, treaty ids and fact spans."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    treaties = conn.execute("SELECT doc_id, title FROM treaties").fetchall()
    facts = conn.execute(
        "SELECT f.doc_id, f.start, f.end FROM facts f JOIN treaties t ON t.doc_id = f.doc_id "
        "WHERE f.start IS NOT NULL AND f.end > f.start LIMIT 200000"
    ).fetchall()
    conn.close()
    if not treaties:
        raise SystemExit(f"{db} has no treaties")

    def word() -> str:
        title = rng.choice(treaties)[1]
        i = rng.randrange(max(1, len(title) - 1))
        w = title[i : i + 2]
        return convert(w, "zh-hant") if rng.random() < 0.5 else w

    search = [f"/api/search?{httpx.QueryParams(q=word())}" for _ in range(n)]
    listing = [f"/api/treaties?{httpx.QueryParams(q=word(), limit=50)}" for _ in range(n)]
    pages = [f"/api/treaties/{rng.choice(treaties)[0]}" for _ in range(n)]
    passages = [
        f"/api/documents/{d}/passage?start={s}&end={e}" for d, s, e in (rng.choice(facts) for _ in range(n))
    ]
    return [Kind("search", search), Kind("list", listing), Kind("treaty", pages), Kind("passage", passages)]


async def run_kind(base: str, kind: Kind, clients: int, seconds: float) -> None:
    """`clients` clients (one connection each) take URLs from one queue until it or the time runs out."""
    todo = iter(kind.urls)
    deadline = time.perf_counter() + seconds
    pool = [
        httpx.AsyncClient(base_url=base, limits=httpx.Limits(max_connections=1), timeout=30)
        for _ in range(clients)
    ]

    async def one_client(client: httpx.AsyncClient) -> None:
        for url in todo:
            if time.perf_counter() > deadline:
                return
            t0 = time.perf_counter()
            try:
                r = await client.get(url)
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            if not ok:
                kind.errors += 1
                continue
            kind.latencies.append(time.perf_counter() - t0)
            kind.server.append(float(r.headers.get("server-timing", "app;dur=nan").split("dur=")[1]) / 1000)
            kind.hits += r.headers.get("x-cache") == "hit"

    try:
        # warm up: every client connects, every server thread opens its database connection
        await asyncio.gather(*(c.get("/api/labels") for c in pool))
        start = time.perf_counter()
        await asyncio.gather(*(one_client(c) for c in pool))
        kind.elapsed = time.perf_counter() - start
    finally:
        await asyncio.gather(*(c.aclose() for c in pool))


def _load(avg: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.2f}" for x in avg)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument(
        "--make-synthetic", type=int, metavar="N", help="first write N synthetic treaties to --db"
    )
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000, help="requests per kind (upper bound)")
    ap.add_argument("--seconds", type=float, default=30.0, help="time per kind (upper bound)")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--no-cache", action="store_true", help="serve without the response cache (cold queries)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.make_synthetic:
        from synthetic_kb import make

        make(args.db, args.make_synthetic)
    kinds = workload(args.db, args.requests)
    load_before = os.getloadavg()
    with serving(args.db, workers=args.workers, cache=not args.no_cache) as base:
        for kind in kinds:
            uvloop.run(run_kind(base, kind, args.clients, args.seconds))
    reports = [k.report() for k in kinds]
    if args.json:
        print(json.dumps(reports))
        return
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    n = conn.execute("SELECT count(*) FROM treaties").fetchone()[0]
    cache = "off" if args.no_cache else "on"
    print(
        f"{args.db}: {n} treaties; {args.clients} clients; <= {args.requests} requests or {args.seconds:g} s "
        f"per kind; response cache {cache}; load average (1, 5, 15 min) {_load(load_before)} before, "
        f"{_load(os.getloadavg())} after (other work on the machine skews the figures)"
    )
    cols = [
        "requests",
        "errors",
        "p50_ms",
        "p95_ms",
        "max_ms",
        "server_p50_ms",
        "server_p95_ms",
        "cache_hits",
        "rps",
    ]
    print(f"{'kind':8} " + " ".join(f"{c:>13}" for c in cols) + "  p95<50ms")
    for r in reports:
        goal = "yes" if r["p95_ms"] is not None and r["p95_ms"] < 50 and not r["errors"] else "no"
        print(f"{r['kind']:8} " + " ".join(f"{r[c]!s:>13}" for c in cols) + f"  {goal}")


if __name__ == "__main__":
    main()
