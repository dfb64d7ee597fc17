"""Exports of a store built from ../shared/corpus: each format agrees with the store's own records."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from yuezhang.cli import main
from yuezhang.export import FORMATS, run_export
from yuezhang.store import db as dbm
from yuezhang.variants import convert

SEEDS = ("伯力会议议定书", "中俄勘分西北界约记", "中苏友好同盟互助条约")


@pytest.fixture(scope="module")
def conn(corpus_db: Path) -> sqlite3.Connection:
    return dbm.connect(corpus_db, readonly=True)


def treaty_records(conn: sqlite3.Connection, where: str = "1", params: tuple = ()) -> dict[int, dict]:
    rows = conn.execute(f"SELECT doc_id, record FROM treaties WHERE {where}", params)
    return {doc_id: json.loads(rec) for doc_id, rec in rows}


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_jsonl_unfiltered_is_every_record_and_filtered_is_the_selection(corpus_db, conn, tmp_path) -> None:
    out = tmp_path / "all.jsonl"
    n = run_export(corpus_db, "jsonl", out)
    stored = [json.loads(r) for (r,) in conn.execute("SELECT record FROM records ORDER BY doc_id")]
    assert n == len(stored) and [json.loads(line) for line in out.read_text("utf-8").splitlines()] == stored
    run_export(corpus_db, "jsonl", out, year_from=1850, year_to=1899)
    got = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    want = treaty_records(conn, "signed >= '1850' AND signed < '1900'")
    assert want and sorted(r["source"]["path"] for r in got) == sorted(
        r["source"]["path"] for r in want.values()
    )
    assert [r["signed"]["value"] for r in got] == sorted(r["signed"]["value"] for r in got)


def test_variant_converts_every_display_string_but_not_paths(corpus_db, conn, tmp_path) -> None:
    out = tmp_path / "hant.jsonl"
    run_export(corpus_db, "jsonl", out, variant="zh-hant")
    got = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    stored = [json.loads(r) for (r,) in conn.execute("SELECT record FROM records ORDER BY doc_id")]
    assert len(got) == len(stored)
    changed = 0
    for g, s in zip(got, stored, strict=True):
        assert g["title"] == convert(s["title"], "zh-hant")
        assert g["source"] == s["source"]  # paths and URLs are kept as they are
        assert g["aliases"] == [convert(a, "zh-hant") for a in s["aliases"]]
        for gp, sp in zip(g["parties"], s["parties"], strict=True):
            assert gp["name"] == convert(sp["name"], "zh-hant")
            assert gp["evidence"]["sentence"] == convert(sp["evidence"]["sentence"], "zh-hant")
            assert gp["evidence"]["path"] == sp["evidence"]["path"]
        changed += g["title"] != s["title"]
    assert changed, "no title changed script: the variant was not applied"
    with pytest.raises(ValueError, match="unknown variant"):
        run_export(corpus_db, "jsonl", out, variant="zh-xx")


def test_csv_tables_match_the_store(corpus_db, conn, tmp_path) -> None:
    folder = tmp_path / "csv"
    n = run_export(corpus_db, "csv", folder, bom=True)
    records = treaty_records(conn)
    assert n == len(records)
    for name in ("treaties", "parties", "signatories", "relations", "evidence"):
        raw = (folder / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv lacks the BOM"
        assert raw.decode("utf-8-sig").splitlines()[0].split(",")[0] == (
            "id" if name == "treaties" else "treaty_id"
        )
    treaties = read_csv(folder / "treaties.csv")
    assert {int(r["id"]) for r in treaties} == set(records)
    for row in treaties:
        rec = records[int(row["id"])]
        assert row["title"] == rec["title"]  # Chinese intact
        assert row["signed"] == (rec["signed"]["value"] if rec["signed"] else "")
        assert row["aliases"].split("|") == (rec["aliases"] or [""])
        assert row["path"] == rec["source"]["path"]
    evidence = read_csv(folder / "evidence.csv")
    facts = conn.execute(
        "SELECT f.doc_id, f.field, f.value, f.sentence FROM facts f JOIN treaties t ON t.doc_id = f.doc_id"
    ).fetchall()
    assert sorted((int(e["treaty_id"]), e["field"], e["value"], e["sentence"]) for e in evidence) == sorted(
        (d, f, v, s or "") for d, f, v, s in facts
    )
    parties = read_csv(folder / "parties.csv")
    assert len(parties) == sum(len(r["parties"]) for r in records.values())
    relations = read_csv(folder / "relations.csv")
    assert (
        len(relations)
        == conn.execute("SELECT count(*) FROM relations r JOIN treaties t ON t.doc_id = r.doc_id").fetchone()[
            0
        ]
    )
    run_export(corpus_db, "csv", folder)
    assert not (folder / "treaties.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_jsonld_parses_and_sparql_finds_parties_and_dates(corpus_db, conn, tmp_path) -> None:
    from rdflib import Graph

    out = tmp_path / "treaties.jsonld"
    run_export(corpus_db, "jsonld", out)
    doc = json.loads(out.read_text("utf-8"))
    assert doc["@context"]["signatories"]["@id"] == "wdt:P1891"  # the published context, embedded
    g = Graph().parse(data=out.read_text("utf-8"), format="json-ld")
    rows = g.query(
        """
        PREFIX schema: <https://schema.org/>
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        PREFIX wd: <http://www.wikidata.org/entity/>
        SELECT ?t ?name ?signed ?party WHERE {
          ?t a wd:Q131569 ; schema:name ?name .
          FILTER(isIRI(?t))  # named agreements not in the store are blank nodes
          OPTIONAL { ?t wdt:P585 ?signed }
          OPTIONAL { ?t schema:legislationPassedBy/schema:name ?party }
        }
        """
    )
    found: dict[str, dict] = {}
    for t, name, signed, party in rows:
        entry = found.setdefault(str(t), {"name": str(name), "signed": set(), "parties": set()})
        if signed is not None:
            entry["signed"].add((str(signed), str(signed.datatype).rsplit("#", 1)[1]))
        if party is not None:
            entry["parties"].add(str(party))
    records = treaty_records(conn)
    assert len(found) == len(records)
    by_iri = {f"urn:yuezhang:treaty:{i}": r for i, r in records.items()}
    xsd = {"day": "date", "month": "gYearMonth", "year": "gYear"}
    for iri, entry in found.items():
        rec = by_iri[iri]
        assert entry["name"] == rec["title"]
        want = {(rec["signed"]["value"], xsd[rec["signed"]["precision"]])} if rec["signed"] else set()
        assert entry["signed"] == want
        assert entry["parties"] == {p["name"] for p in rec["parties"]}
    seeds = [e for e in found.values() if e["name"] in SEEDS]
    assert seeds and any(e["signed"] for e in seeds), "the seed treaties and their dates must be in the graph"


def test_geojson_places_with_their_treaties(corpus_db, conn, tmp_path) -> None:
    out = tmp_path / "places.geojson"
    run_export(corpus_db, "geojson", out)
    fc = json.loads(out.read_text("utf-8"))
    assert fc["type"] == "FeatureCollection"
    records = treaty_records(conn)
    placed = {i: r["place"] for i, r in records.items() if r["place"]}
    seen: list[int] = []
    for f in fc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        for t in f["properties"]["treaties"]:
            place = placed[t["id"]]
            assert (place["name"], place["lon"], place["lat"]) == (f["properties"]["name"], lon, lat)
            seen.append(t["id"])
        assert f["properties"]["count"] == len(f["properties"]["treaties"])
    seen += [t["id"] for u in fc["unplaced"] for t in u["treaties"]]
    assert sorted(seen) == sorted(placed)


def test_graphml_reads_back_with_typed_edges(corpus_db, conn, tmp_path) -> None:
    out = tmp_path / "treaties.graphml"
    run_export(corpus_db, "graphml", out)
    g = nx.read_graphml(out, force_multigraph=True)
    records = treaty_records(conn)
    treaties = {n for n, d in g.nodes(data=True) if d["kind"] == "treaty"}
    assert treaties == {f"treaty:{i}" for i in records}
    for i, rec in records.items():
        node = f"treaty:{i}"
        assert g.nodes[node]["label"] == rec["title"]
        parties = {v for _, v, d in g.out_edges(node, data=True) if d["type"] == "party"}
        assert parties == {f"polity:{p['name']}" for p in rec["parties"]}
        people = {u for u, _, d in g.in_edges(node, data=True) if d["type"] == "signed"}
        assert people == {f"person:{s['name']}" for s in rec["signatories"]}
    relation_edges = [
        d["type"]
        for _, _, d in g.edges(data=True)
        if d["type"] not in ("party", "signed", "signed_for", "signed_at")
    ]
    stored = {
        r
        for (r,) in conn.execute(
            "SELECT DISTINCT relation FROM relations r JOIN treaties t ON t.doc_id = r.doc_id"
        )
    }
    assert set(relation_edges) == stored


def test_filters_apply_to_every_format(corpus_db, conn, tmp_path) -> None:
    want = set(treaty_records(conn, "signed >= '1890' AND signed < '1951'"))
    assert want
    titles = {i: r["title"] for i, r in treaty_records(conn).items()}
    got: dict[str, set[int]] = {}
    for fmt in FORMATS:
        if fmt == "datasette-metadata":
            continue
        out = tmp_path / f"out.{fmt}"
        assert run_export(corpus_db, fmt, out, year_from=1890, year_to=1950) == len(want)
        if fmt == "jsonl":
            paths = {r["source"]["path"] for r in map(json.loads, out.read_text("utf-8").splitlines())}
            got[fmt] = {i for i, r in treaty_records(conn).items() if r["source"]["path"] in paths}
        elif fmt == "csv":
            got[fmt] = {int(r["id"]) for r in read_csv(out / "treaties.csv")}
        elif fmt == "jsonld":
            graph = json.loads(out.read_text("utf-8"))["@graph"]
            got[fmt] = {
                int(n["@id"].rsplit(":", 1)[1]) for n in graph if n["@id"].startswith("urn:yuezhang:treaty:")
            }
        elif fmt == "quickstatements":
            labels = {
                line.split("\t")[2].strip('"')
                for line in out.read_text("utf-8").splitlines()
                if "\tLzh\t" in line
            }
            got[fmt] = {i for i, t in titles.items() if t in labels}
        elif fmt == "graphml":
            got[fmt] = {int(n.split(":")[1]) for n in nx.read_graphml(out) if n.startswith("treaty:")}
        elif fmt == "geojson":
            fc = json.loads(out.read_text("utf-8"))
            ids = {t["id"] for f in fc["features"] for t in f["properties"]["treaties"]}
            ids |= {t["id"] for u in fc["unplaced"] for t in u["treaties"]}
            assert ids <= want
    assert got and all(v == want for v in got.values()), {k: sorted(v ^ want) for k, v in got.items()}


def test_party_filter_matches_the_facts(corpus_db, conn, tmp_path) -> None:
    row = conn.execute(
        "SELECT value FROM facts WHERE field = 'party' GROUP BY value ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    party = row[0] if row else "清朝"
    want = {
        d
        for (d,) in conn.execute(
            "SELECT DISTINCT f.doc_id FROM facts f JOIN treaties t ON t.doc_id = f.doc_id WHERE f.field = 'party' AND f.value = ?",
            (party,),
        )
    }
    out = tmp_path / "party.csv"
    run_export(corpus_db, "csv", out, party=convert(party, "zh-hant"))
    assert {int(r["id"]) for r in read_csv(out / "treaties.csv")} == want


def test_cli_export(corpus_db, tmp_path) -> None:
    out = tmp_path / "tables"
    result = CliRunner().invoke(
        main,
        ["export", "--db", str(corpus_db), "--format", "csv", "-o", str(out), "--bom", "--variant", "zh-tw"],
    )
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and (out / "treaties.csv").is_file()
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--db",
            str(corpus_db),
            "--format",
            "jsonl",
            "-o",
            str(out / "x"),
            "--in-force-on",
            "1999-13-01",
        ],
    )
    assert result.exit_code == 1 and "not a calendar date" in result.output
