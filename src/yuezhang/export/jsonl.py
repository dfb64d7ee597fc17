"""JSON Lines export: one record (TreatyRecord.to_json(), evidence included) per line.

Unfiltered, it writes every document's record, treaty or not, so the file can be
scored against gold annotations; with a filter, the treaties the filter selects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_jsonl(records: Iterable[dict[str, Any]], output: Path, bom: bool = False) -> int:
    """Write one JSON object a line; returns how many were written."""
    n = 0
    with open(output, "w", encoding="utf-8-sig" if bom else "utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
