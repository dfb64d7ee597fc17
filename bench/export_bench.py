"""How exports and reconciliation scale: synthetic stores of N and 10·N treaties, times and their ratio.

    .venv/bin/python bench/export_bench.py [--treaties 1000]

A ratio near 10 means linear scaling; the reconciliation query time should stay
nearly flat (candidates come from a bigram index, not a scan).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_kb import make  # noqa: E402

from yuezhang.api.reconcile import Index, reconcile_one  # noqa: E402
from yuezhang.export import FORMATS, run_export  # noqa: E402


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(db: Path, out: Path) -> dict[str, float]:
    times = {}
    for fmt in FORMATS:
        times[fmt] = timed(lambda fmt=fmt: run_export(db, fmt, out / f"x.{fmt}"))
    conn = sqlite3.connect(db)
    index: list[Index] = []
    times["reconcile index"] = timed(lambda: index.append(Index(conn)))
    titles = [t for (t,) in conn.execute("SELECT title FROM treaties ORDER BY doc_id LIMIT 100")]
    times["reconcile 100 queries"] = timed(lambda: [reconcile_one(index[0], {"query": t}) for t in titles])
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--treaties", type=int, default=1000)
    args = ap.parse_args()
    small, large = args.treaties, args.treaties * 10
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (small, large):
            db = Path(tmp) / f"kb{n}.db"
            make(db, n)
            results[n] = measure(db, Path(tmp))
    print(f"{'step':<24}{small:>10}{large:>10}   ratio")
    for step, t in results[small].items():
        print(f"{step:<24}{t:>9.2f}s{results[large][step]:>9.2f}s   {results[large][step] / t:5.1f}")
    print(json.dumps({"treaties": [small, large], "seconds": results}, default=str), file=sys.stderr)


if __name__ == "__main__":
    main()
