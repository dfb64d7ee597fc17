"""Making `datasette yuezhang.db` pleasant: metadata.yml for the store's views and search.

Migration 0002 gives the store flat views (`treaty_list`, `treaty_parties`,
`treaty_signatories`, `treaty_relations`) and an FTS5 table over `treaty_list`,
which every build fills (`yuezhang.store.name_index`); the metadata written here
tells Datasette to search through it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import yaml


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
    """Write metadata.yml for the store; returns the number of treaties it describes."""
    n = conn.execute("SELECT count(*) FROM treaty_list").fetchone()[0]
    with open(output, "w", encoding="utf-8") as fh:
        yaml.safe_dump(metadata(db_path.stem), fh, allow_unicode=True, sort_keys=False, width=110)
    return n
