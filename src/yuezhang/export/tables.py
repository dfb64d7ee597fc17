"""CSV export: a folder of tables a spreadsheet opens with the Chinese intact.

`treaties.csv` has one row per treaty (lists joined with "|"); `parties.csv`,
`signatories.csv`, `relations.csv` and `evidence.csv` have one row per fact, each
with the sentence it was read from. With `bom` every file starts with a UTF-8 byte
order mark, which is how Excel knows the file is UTF-8.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from yuezhang.export.select import Treaty, facts

SEP = "|"

TREATY_COLUMNS = (
    "id",
    "title",
    "aliases",
    "signed",
    "signed_precision",
    "effective",
    "ended",
    "place",
    "lat",
    "lon",
    "parties",
    "signatories",
    "article_count",
    "area_km2",
    "status",
    "path",
    "url",
    "page_id",
    "revision_id",
)


def _ev(fact: dict[str, Any] | None) -> dict[str, Any]:
    return (fact or {}).get("evidence") or {}


def _date(record: dict[str, Any], name: str) -> str | None:
    return record[name]["value"] if record.get(name) else None


def treaty_row(t: Treaty) -> dict[str, Any]:
    r = t.record
    place = r.get("place") or {}
    source = r.get("source") or {}
    return {
        "id": t.id,
        "title": r["title"],
        "aliases": SEP.join(r.get("aliases") or []),
        "signed": _date(r, "signed"),
        "signed_precision": r["signed"]["precision"] if r.get("signed") else None,
        "effective": _date(r, "effective"),
        "ended": _date(r, "ended"),
        "place": place.get("name"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "parties": SEP.join(dict.fromkeys(p["name"] for p in r.get("parties") or [])),
        "signatories": SEP.join(dict.fromkeys(s["name"] for s in r.get("signatories") or [])),
        "article_count": r.get("article_count"),
        "area_km2": r.get("area_km2"),
        "status": SEP.join(s["status"] for s in r.get("status") or []),
        "path": source.get("path"),
        "url": source.get("url"),
        "page_id": source.get("page_id"),
        "revision_id": source.get("revision_id"),
    }


def _span(fact: dict[str, Any] | None) -> dict[str, Any]:
    ev = _ev(fact)
    return {"start": ev.get("start"), "end": ev.get("end"), "sentence": ev.get("sentence")}


def write_csv(treaties: list[Treaty], folder: Path, bom: bool = False) -> int:
    """Write the five tables into `folder` (created if needed); returns the number of treaties."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, tuple[tuple[str, ...], list[dict[str, Any]]]] = {
        "treaties": (TREATY_COLUMNS, [treaty_row(t) for t in treaties]),
        "parties": (("treaty_id", "treaty", "party", "surface", "start", "end", "sentence"), []),
        "signatories": (
            ("treaty_id", "treaty", "signatory", "surface", "side", "office", "start", "end", "sentence"),
            [],
        ),
        "relations": (("treaty_id", "treaty", "relation", "target", "target_id", "sentence"), []),
        "evidence": (
            (
                "treaty_id",
                "treaty",
                "field",
                "value",
                "path",
                "start",
                "end",
                "source_start",
                "source_end",
                "text",
                "sentence",
            ),
            [],
        ),
    }
    for t in treaties:
        head = {"treaty_id": t.id, "treaty": t.title}
        for p in t.record.get("parties") or []:
            tables["parties"][1].append({**head, "party": p["name"], "surface": p["surface"], **_span(p)})
        for s in t.record.get("signatories") or []:
            row = {
                **head,
                "signatory": s["name"],
                "surface": s["surface"],
                "side": s["side"],
                "office": s["office"],
            }
            tables["signatories"][1].append({**row, **_span(s)})
        for rel in t.relations:
            tables["relations"][1].append(
                {
                    **head,
                    "relation": rel["relation"],
                    "target": rel["title"],
                    "target_id": rel["target_id"],
                    "sentence": rel["sentence"],
                }
            )
        for fld, value, fact in facts(t.record):
            ev = _ev(fact)
            tables["evidence"][1].append(
                {**head, "field": fld, "value": value, **{k: ev.get(k) for k in tables["evidence"][0][4:]}}
            )
    encoding = "utf-8-sig" if bom else "utf-8"
    for name, (columns, rows) in tables.items():
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
    return len(treaties)
