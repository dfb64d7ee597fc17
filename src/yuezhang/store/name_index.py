"""The name index behind Datasette's search box (`treaty_list_fts`, migration 0002).

SQLite's tokenizer sees a run of Chinese characters as one word, and Datasette
quotes each word of a search, so a search for 伊犁 would only find a name that *is*
伊犁. `index_names` therefore indexes every substring (up to `GRAM_MAX` characters,
and each whole name) of every name, in simplified and traditional script: any part
of a treaty's, alias's, party's, signatory's or place's name then finds the treaty.
Every build refills it (`StagedBuild.finish`), so it never goes stale.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from yuezhang.variants import convert, fold

GRAM_MAX = 12
#: What SQLite's unicode61 tokenizer keeps together: letters and digits of any script.
_RUN = re.compile(r"[^\W_]+")
SEARCHED = ("title", "aliases", "parties", "signatories", "place")


@lru_cache(maxsize=65536)
def _name_grams(name: str) -> str:
    """Every substring (up to GRAM_MAX) of each word of a name, in simplified and traditional script,
    then each form's words in order (so that a search with a separator, 安德烈·维辛斯基, finds it too)."""
    out: dict[str, None] = {}
    sequences = []
    for form in dict.fromkeys((name, fold(name), convert(name, "zh-hant"))):
        runs = _RUN.findall(form.lower())
        sequences.append(" ".join(runs))
        for run in runs:
            out[run] = None
            for n in range(1, min(GRAM_MAX, len(run)) + 1):
                for i in range(len(run) - n + 1):
                    out[run[i : i + n]] = None
    return " ".join([*out, *sequences])


def grams(names: str | None) -> str:
    """Space-separated index tokens for a " | "-joined list of names."""
    return " ".join(_name_grams(name) for name in names.split(" | ")) if names else ""


def index_names(conn: sqlite3.Connection) -> int:
    """Refill `treaty_list_fts` from `treaty_list` (in the caller's transaction); returns the count."""
    rows = conn.execute(f"SELECT id, {', '.join(SEARCHED)} FROM treaty_list").fetchall()
    conn.execute("INSERT INTO treaty_list_fts (treaty_list_fts) VALUES ('delete-all')")
    conn.executemany(
        f"INSERT INTO treaty_list_fts (rowid, {', '.join(SEARCHED)}) VALUES (?, ?, ?, ?, ?, ?)",
        [(row[0], *(grams(v) for v in row[1:])) for row in rows],
    )
    return len(rows)
