"""JSON Lines export: one stored record (TreatyRecord.to_json()) per document, in id order."""

from __future__ import annotations

import sqlite3
from typing import TextIO


def write_jsonl(conn: sqlite3.Connection, out: TextIO) -> int:
    """Write every document's record, one JSON object a line; returns how many were written."""
    n = 0
    for (record,) in conn.execute("SELECT record FROM records ORDER BY doc_id"):
        out.write(record + "\n")
        n += 1
    return n
