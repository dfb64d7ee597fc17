"""Exporting the knowledge base to files. `run_export` is what `yuezhang export` calls."""

from __future__ import annotations

from pathlib import Path

from yuezhang.export.jsonl import write_jsonl
from yuezhang.store import db

WRITERS = {"jsonl": write_jsonl}


def run_export(
    db_path: str | Path,
    fmt: str,
    output: str | Path,
    variant: str | None = None,
    party: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    in_force_on: str | None = None,
    bom: bool = False,
) -> int:
    """Write the store at `db_path` to `output` in format `fmt`; returns how many records were written."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(WRITERS)}")
    if variant or party or year_from or year_to or in_force_on:
        raise ValueError("variants and filters are not supported yet")
    conn = db.connect(db_path, readonly=True)
    try:
        with open(output, "w", encoding="utf-8-sig" if bom else "utf-8", newline="\n") as out:
            return WRITERS[fmt](conn, out)
    finally:
        conn.close()
