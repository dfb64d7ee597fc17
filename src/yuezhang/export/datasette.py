"""Making `datasette yuezhang.db` pleasant: a search index for its search box, and metadata.yml.

Migration 0002 gives the store flat views (`treaty_list`, `treaty_parties`,
`treaty_signatories`, `treaty_relations`) and an FTS5 table over `treaty_list`.
SQLite's tokenizer sees a run of Chinese characters as one word, and Datasette
quotes each word of a search, so a search for 伊犁 would only find a name that *is*
伊犁. `index_search` therefore indexes every substring (up to `GRAM_MAX` characters,
and each whole name) of every name, in simplified and traditional script: any part
of a treaty's, alias's, party's, signatory's or place's name then finds the treaty.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

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


def index_search(conn: sqlite3.Connection) -> int:
    """(Re)fill `treaty_list_fts` from `treaty_list`; returns the number of treaties indexed."""
    rows = conn.execute(f"SELECT id, {', '.join(SEARCHED)} FROM treaty_list").fetchall()
    with conn:
        conn.execute("INSERT INTO treaty_list_fts (treaty_list_fts) VALUES ('delete-all')")
        conn.executemany(
            f"INSERT INTO treaty_list_fts (rowid, {', '.join(SEARCHED)}) VALUES (?, ?, ?, ?, ?, ?)",
            [(row[0], *(grams(v) for v in row[1:])) for row in rows],
        )
    return len(rows)


def metadata(db_name: str) -> dict[str, Any]:
    """Datasette metadata: titles, descriptions, units, sort orders, facets, search, source and licence."""
    search = {"fts_table": "treaty_list_fts", "fts_pk": "id", "searchmode": "escaped"}
    return {
        "title": "约章 yuezhang: treaties from Chinese-language wiki articles",
        "description": (
            "Treaties read from wiki articles: names, dates (Gregorian), places, parties and signatories, "
            "every fact with the sentence it was read from."
        ),
        "license": "CC BY-SA 4.0 (text of the source articles)",
        "license_url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "source": "Chinese Wikipedia and other MediaWiki wikis",
        "source_url": "https://zh.wikipedia.org/",
        "databases": {
            db_name: {
                "description": "Built by `yuezhang build`; see the treaty_list view to start.",
                "tables": {
                    "treaty_list": {
                        "title": "Treaties",
                        "description": "One row per treaty. Search any part of a name, in either script.",
                        "sort": "signed",
                        "label_column": "title",
                        **search,
                        "facets": ["signed_year", "place"],
                        "units": {"area_km2": "km^2"},
                        "columns": {
                            "id": "document id in this database",
                            "title": "the article's title",
                            "aliases": "other names the article gives (| separated)",
                            "signed": "date of signing, Gregorian, at the precision the text gives",
                            "signed_year": "year of signing",
                            "effective": "date it entered into force",
                            "ended": "date it stopped having effect",
                            "place": "place of signing (canonical name)",
                            "lat": "latitude of the place, degrees",
                            "lon": "longitude of the place, degrees",
                            "parties": "states or governments that concluded it (| separated)",
                            "signatories": "persons who signed it (| separated)",
                            "article_count": "number of articles of the main text",
                            "area_km2": "territory ceded or transferred, square kilometres",
                            "source": "the article file it was read from",
                            "url": "the article's URL when fetched from a wiki",
                        },
                    },
                    "treaty_parties": {
                        "title": "Parties",
                        "description": "One row per treaty and party, with the sentence naming the party.",
                        "sort": "signed",
                        "facets": ["party"],
                    },
                    "treaty_signatories": {
                        "title": "Signatories",
                        "description": "One row per treaty and signatory, with the side they signed for.",
                        "sort": "signed",
                        "facets": ["side"],
                    },
                    "treaty_relations": {
                        "title": "Relations between agreements",
                        "description": "Agreements each treaty names; target_id is set when it is in the database.",
                        "facets": ["relation"],
                    },
                    "facts": {
                        "title": "Facts with evidence",
                        "description": "Every extracted fact: value, span in documents.plain and the sentence.",
                        "facets": ["field"],
                    },
                    "records": {
                        "description": "One extraction record per document; `record` is the export JSON."
                    },
                    "documents": {"description": "Articles as read: source, plain text, structure."},
                },
            }
        },
    }


def write_metadata(conn: sqlite3.Connection, db_path: Path, output: Path) -> int:
    """Index the store for search, then write metadata.yml for it; returns the number of treaties."""
    n = index_search(conn)
    with open(output, "w", encoding="utf-8") as fh:
        yaml.safe_dump(metadata(db_path.stem), fh, allow_unicode=True, sort_keys=False, width=110)
    return n
