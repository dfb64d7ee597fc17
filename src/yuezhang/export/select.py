"""What an export writes: the treaties a filter selects, with their records and relations.

Filters mean what they mean in the API because the selection is made by the same
query (`store.queries.find_treaties`). A variant converts every display string of
the selection once, here, so each format writes what it is given.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from yuezhang.store.queries import find_treaties
from yuezhang.variants import convert

#: Keys whose values are codes, paths or URLs: never converted between scripts.
KEEP = frozenset(
    {
        "path",
        "url",
        "format",
        "precision",
        "calendar",
        "relation",
        "how",
        "status",
        "value",
        "timestamp",
        "source",
    }
)


@dataclass
class Treaty:
    """One exported treaty: its store id, its record (TreatyRecord.to_json()) and its relations."""

    id: int
    record: dict[str, Any]
    relations: list[dict[str, Any]] = field(default_factory=list)  # title, relation, target_id, sentence

    @property
    def title(self) -> str:
        return self.record["title"]


@dataclass
class Filters:
    party: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    in_force_on: str | None = None

    def any(self) -> bool:
        return any(v is not None for v in (self.party, self.year_from, self.year_to, self.in_force_on))


def select(conn: sqlite3.Connection, filters: Filters) -> list[Treaty]:
    """The treaties matching `filters`, in order of signing (undated last)."""
    _, rows = find_treaties(
        conn,
        party=filters.party,
        year_from=filters.year_from,
        year_to=filters.year_to,
        in_force_on=filters.in_force_on,
        limit=None,
    )
    return load(conn, [r["id"] for r in rows])


def all_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every document's record, treaty or not, in id order (what `jsonl` writes unfiltered)."""
    for (record,) in conn.execute("SELECT record FROM records ORDER BY doc_id"):
        yield json.loads(record)


def load(conn: sqlite3.Connection, ids: list[int]) -> list[Treaty]:
    treaties = {i: Treaty(i, {}) for i in ids}
    for chunk in _chunks(ids, 500):
        marks = ", ".join("?" * len(chunk))
        for doc_id, record in conn.execute(
            f"SELECT doc_id, record FROM records WHERE doc_id IN ({marks})", chunk
        ):
            treaties[doc_id].record = json.loads(record)
        for doc_id, title, relation, target, sentence in conn.execute(
            "SELECT r.doc_id, r.target_title, r.relation, "
            "(SELECT doc_id FROM records WHERE doc_id = r.target_doc_id AND is_treaty = 1), f.sentence "
            f"FROM relations r LEFT JOIN facts f ON f.id = r.fact_id WHERE r.doc_id IN ({marks}) ORDER BY r.id",
            chunk,
        ):
            treaties[doc_id].relations.append(
                {"title": title, "relation": relation, "target_id": target, "sentence": sentence}
            )
    return [treaties[i] for i in ids]


def _chunks(items: list[int], n: int) -> Iterator[list[int]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def in_variant(value: Any, variant: str, key: str | None = None) -> Any:
    """`value` with every display string converted to `variant`; codes, paths and URLs kept."""
    if key in KEEP:
        return value
    if isinstance(value, str):
        return value if value.isascii() else convert(value, variant)
    if isinstance(value, dict):
        return {k: in_variant(v, variant, k) for k, v in value.items()}
    if isinstance(value, list):
        return [in_variant(v, variant, key) for v in value]
    return value


def converted(treaties: list[Treaty], variant: str | None) -> list[Treaty]:
    if variant is None:
        return treaties
    return [Treaty(t.id, in_variant(t.record, variant), in_variant(t.relations, variant)) for t in treaties]


def facts(record: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(field, value as text, fact object) for every fact of an exported record."""
    for a in record.get("alias_evidence") or []:
        yield "alias", a["name"], a
    for name in ("signed", "effective", "ended"):
        if record.get(name):
            yield name, record[name]["value"], record[name]
    if record.get("duration"):
        yield "duration", f"{record['duration']['years']:g}", record["duration"]
    if record.get("place"):
        yield "place", record["place"]["name"], record["place"]
    for p in record.get("parties") or []:
        yield "party", p["name"], p
    for s in record.get("signatories") or []:
        yield "signatory", s["name"], s
    if record.get("article_count") is not None:
        yield (
            "article_count",
            str(record["article_count"]),
            {"evidence": record.get("article_count_evidence")},
        )
    for a in record.get("articles") or []:
        yield "article", str(a["number"]), a
    for t in record.get("territory") or []:
        yield "territory", f"{t['area_km2']:g}", t
    for r in record.get("related") or []:
        yield "related", r["title"], r
    for s in record.get("status") or []:
        yield "status", s["status"], s
