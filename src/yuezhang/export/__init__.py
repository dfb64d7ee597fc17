"""Exporting the knowledge base to files. `run_export` is what `yuezhang export` calls.

Every format writes the treaties the filters select (`export.select`), with every
display string converted to `variant` when one is given. Formats: `jsonl`, `csv` (a
folder of tables), `jsonld`, `quickstatements`, `geojson`, `graphml` and
`datasette-metadata` (metadata.yml for Datasette).
"""

from __future__ import annotations

import sys
from pathlib import Path

from yuezhang.export import datasette, geo, graphml, jsonl, jsonld, quickstatements, tables
from yuezhang.export.select import Filters, all_records, converted, in_variant, select
from yuezhang.export.wikidata import read_qid_map
from yuezhang.store import db
from yuezhang.variants import VARIANTS

FORMATS = ("jsonl", "csv", "jsonld", "quickstatements", "geojson", "graphml", "datasette-metadata")


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
    qid_map: str | Path | None = None,
) -> int:
    """Write the store at `db_path` to `output` in format `fmt`; returns how many records were written.

    Raises ValueError for an unknown format, variant, date or a bad `qid_map` file.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose one of {', '.join(VARIANTS)}")
    db_path, output = Path(db_path), Path(output)
    filters = Filters(party, year_from, year_to, in_force_on)
    if fmt == "datasette-metadata":
        if filters.any() or variant:
            raise ValueError(
                "datasette-metadata describes the whole database: it takes no filters or variant"
            )
        conn = db.connect(db_path, readonly=True)
        try:
            return datasette.write_metadata(conn, db_path, output)
        finally:
            conn.close()
    conn = db.connect(db_path, readonly=True)
    try:
        if fmt == "jsonl" and not filters.any():
            records = all_records(conn)
            return jsonl.write_jsonl(
                (in_variant(r, variant) for r in records) if variant else records, output, bom
            )
        treaties = converted(select(conn, filters), variant)
    finally:
        conn.close()
    if fmt == "jsonl":
        return jsonl.write_jsonl((t.record for t in treaties), output, bom)
    if fmt == "csv":
        return tables.write_csv(treaties, output, bom)
    if fmt == "jsonld":
        return jsonld.write_jsonld(treaties, output)
    if fmt == "geojson":
        return geo.write_geojson(treaties, output)
    if fmt == "graphml":
        return graphml.write_graphml(treaties, output)
    plan = quickstatements.write_quickstatements(
        treaties, output, read_qid_map(qid_map) if qid_map else None, variant
    )
    for kind, names in sorted(plan.unmatched.items()):
        print(
            f"no Wikidata id for {len(names)} {kind} name(s) (add them to --qid-map): "
            + "、".join(sorted(names)[:20]),
            file=sys.stderr,
        )
    return plan.created + plan.completed
