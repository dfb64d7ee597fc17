"""The HTTP API against a real `yuezhang serve` process on loopback, over a store built from the corpus."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_api_server import HOSTILE_TITLE, build_kb, serving

from yuezhang.variants import convert, fold


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_kb(tmp_path_factory.mktemp("api_kb"))


@pytest.fixture(scope="module")
def api(kb: Path) -> Iterator[httpx.Client]:
    with serving(kb) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def db(kb: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{kb}?mode=ro", uri=True)
    yield conn
    conn.close()


def ok(r: httpx.Response) -> dict:
    assert r.status_code == 200, r.text
    return r.json()


def bad(r: httpx.Response, parameter: str) -> str:
    """Assert a 4xx JSON error naming `parameter`; return its message."""
    assert 400 <= r.status_code < 500, r.text
    body = r.json()
    named = [p for p in body.get("parameters", []) if p["parameter"] == parameter]
    assert named, body
    assert named[0]["message"]
    return named[0]["message"]


def all_treaties(api: httpx.Client, **params) -> list[dict]:
    items, offset = [], 0
    while True:
        page = ok(api.get("/api/treaties", params={**params, "limit": 200, "offset": offset}))
        items += page["items"]
        offset += 200
        if offset >= page["total"]:
            return items


def test_list_counts_every_treaty_and_pages(api: httpx.Client, db: sqlite3.Connection) -> None:
    n = db.execute("SELECT count(*) FROM treaties").fetchone()[0]
    assert n >= 20
    first = ok(api.get("/api/treaties", params={"limit": 5}))
    assert first["total"] == n and len(first["items"]) == 5
    second = ok(api.get("/api/treaties", params={"limit": 5, "offset": 5}))
    assert not {t["id"] for t in first["items"]} & {t["id"] for t in second["items"]}
    assert len(all_treaties(api)) == n


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_sorted_by_signing_date_undated_last(api: httpx.Client, order: str) -> None:
    items = all_treaties(api, sort="signed", order=order)
    dated = [t["signed"] for t in items if t["signed"]]
    assert dated == sorted(dated, reverse=order == "desc")
    assert all(t["signed"] is None for t in items[len(dated) :])


def test_year_range(api: httpx.Client, db: sqlite3.Connection) -> None:
    items = all_treaties(api, year_from=1850, year_to=1899)
    expected = db.execute(
        "SELECT count(*) FROM treaties WHERE signed >= '1850' AND signed < '1900'"
    ).fetchone()[0]
    assert expected > 0 and len(items) == expected
    assert all(1850 <= int(t["signed"][:4]) <= 1899 for t in items)


def _in_force(row: tuple, day: str) -> bool:
    """The documented meaning of in_force_on, at the coarser precision of the two dates compared."""
    signed, effective, ended = row

    def cmp(a: str, b: str) -> int:
        n = min(len(a), len(b))
        return (a[:n] > b[:n]) - (a[:n] < b[:n])

    started = any(d is not None and cmp(d, day) <= 0 for d in (signed, effective))
    return started and (ended is None or cmp(ended, day) >= 0)


@pytest.mark.parametrize("day", ["1860", "1900-01-01", "1950-03", "1979-03-01", "2000-12-31"])
def test_in_force_on(api: httpx.Client, db: sqlite3.Connection, day: str) -> None:
    rows = db.execute("SELECT doc_id, signed, effective, ended FROM treaties").fetchall()
    expected = {r[0] for r in rows if _in_force(r[1:], day)}
    got = {t["id"] for t in all_treaties(api, in_force_on=day)}
    assert got == expected
    assert expected  # every date chosen falls in some treaty's life


def test_in_force_on_ends_with_the_ended_date(api: httpx.Client, db: sqlite3.Connection) -> None:
    row = db.execute(
        "SELECT doc_id, ended FROM treaties WHERE ended IS NOT NULL AND length(ended) >= 7"
    ).fetchone()
    assert row, "some treaty in the corpus has an end date"
    doc_id, ended = row
    after = f"{int(ended[:4]) + 1:04d}"
    assert doc_id in {t["id"] for t in all_treaties(api, in_force_on=ended)}
    assert doc_id not in {t["id"] for t in all_treaties(api, in_force_on=after)}


def test_party_filter_in_either_script(api: httpx.Client, db: sqlite3.Connection) -> None:
    party, n = db.execute(
        "SELECT value, count(DISTINCT doc_id) AS n FROM facts WHERE field = 'party' GROUP BY value ORDER BY n DESC"
    ).fetchone()
    simplified = all_treaties(api, party=party)
    assert len(simplified) == n
    assert all(party in t["parties"] for t in simplified)
    shown = ok(api.get("/api/treaties", params={"party": party, "variant": "zh-hant", "limit": 1}))
    hant = shown["items"][0]["parties"][shown["items"][0]["parties"].index(convert(party, "zh-hant"))]
    assert {t["id"] for t in all_treaties(api, party=hant)} == {t["id"] for t in simplified}


def test_several_parties_must_all_match(api: httpx.Client, db: sqlite3.Connection) -> None:
    a, b = db.execute(
        "SELECT f1.value, f2.value FROM facts f1 JOIN facts f2 ON f1.doc_id = f2.doc_id "
        "WHERE f1.field = 'party' AND f2.field = 'party' AND f1.value < f2.value LIMIT 1"
    ).fetchone()
    both = all_treaties(api, party=[a, b])
    assert both and all(a in t["parties"] and b in t["parties"] for t in both)
    assert len(both) <= min(len(all_treaties(api, party=a)), len(all_treaties(api, party=b)))


def test_place_filter(api: httpx.Client, db: sqlite3.Connection) -> None:
    place = db.execute("SELECT place FROM treaties WHERE place IS NOT NULL").fetchone()[0]
    items = all_treaties(api, place=place)
    assert items and all(t["place"] == place for t in items)
    assert ok(api.get("/api/treaties", params={"signatory": "无名氏"}))["total"] == 0


def test_text_query_finds_simplified_titles_from_traditional(api: httpx.Client) -> None:
    trad = {t["title"] for t in all_treaties(api, q="條約")}
    simp = {t["title"] for t in all_treaties(api, q="条约")}
    assert trad == simp
    assert "南京条约" in trad and "马关条约" in trad


def test_hostile_values_are_plain_parameters(api: httpx.Client) -> None:
    for value in ["' OR 1=1 --", '" OR ""="', "%", "_", "\\"]:
        assert ok(api.get("/api/treaties", params={"party": value}))["total"] == 0
        ok(api.get("/api/treaties", params={"q": value}))
        ok(api.get("/api/entities", params={"q": value}))


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"limit": 201}, "limit"),
        ({"limit": -1}, "limit"),
        ({"offset": -5}, "offset"),
        ({"sort": "nonsense"}, "sort"),
        ({"order": "up"}, "order"),
        ({"year_from": "abc"}, "year_from"),
        ({"year_from": 1900, "year_to": 1800}, "year_to"),
        ({"in_force_on": "1950-13"}, "in_force_on"),
        ({"in_force_on": "1950-02-30"}, "in_force_on"),
        ({"in_force_on": "yesterday"}, "in_force_on"),
        ({"q": "条" * 201}, "q"),
        ({"variant": "klingon"}, "variant"),
    ],
)
def test_bad_parameters_are_named(api: httpx.Client, params: dict, parameter: str) -> None:
    bad(api.get("/api/treaties", params=params), parameter)


def test_one_treaty_with_facts_and_evidence(api: httpx.Client) -> None:
    t = ok(api.get("/api/treaties/伯力会议议定书", params={"text": "true"}))
    assert t["title"] == "伯力会议议定书"
    plain = t["text"]
    assert t["facts"]
    for f in t["facts"]:
        if f["start"] is None:
            continue
        ev = f["data"].get("evidence") or f["data"]
        assert plain[f["start"] : f["end"]] == ev["text"]
        assert ev["text"] in f["sentence"]
    signed = [f for f in t["facts"] if f["field"] == "signed"]
    assert [f["value"] for f in signed] == ["1929-12-22"]
    assert t["record"]["signed"]["value"] == "1929-12-22"
    by_id = ok(api.get(f"/api/treaties/{t['id']}"))
    assert by_id["title"] == t["title"] and "text" not in by_id


def test_treaty_by_traditional_title_and_alias(api: httpx.Client) -> None:
    a = ok(api.get("/api/treaties/南京條約"))
    assert a["title"] == "南京条约"
    for alias in a["record"]["aliases"]:
        assert ok(api.get(f"/api/treaties/{alias}"))["id"] == a["id"]


def test_treaty_entities_and_relations_link_to_the_store(api: httpx.Client) -> None:
    t = ok(api.get("/api/treaties/中苏友好同盟互助条约"))
    roles = {e["role"] for e in t["entities"]}
    assert {"party", "place"} <= roles
    fact_ids = {f["id"] for f in t["facts"]}
    assert all(e["fact_id"] in fact_ids for e in t["entities"])
    linked = [r for r in t["related"] if r["target_id"]]
    assert linked, t["related"]
    for r in linked:
        target = ok(api.get(f"/api/treaties/{r['target_id']}"))
        assert t["id"] in {c["id"] for c in target["cited_by"]}


def test_unknown_treaty_is_404_json(api: httpx.Client) -> None:
    r = api.get("/api/treaties/没有这个条约")
    assert r.status_code == 404 and "error" in r.json()
    assert api.get("/api/treaties/999999").status_code == 404


def test_passage_highlights_the_evidence_sentence(api: httpx.Client) -> None:
    t = ok(api.get("/api/treaties/伯力会议议定书", params={"text": "true"}))
    f = next(f for f in t["facts"] if f["field"] == "signed")
    p = ok(api.get(f"/api/documents/{t['id']}/passage", params={"start": f["start"], "end": f["end"]}))
    assert "".join(x["text"] for x in p["parts"]) == t["text"][p["start"] : p["end"]]
    evidence = [x["text"] for x in p["parts"] if x["role"] == "evidence"]
    assert evidence == [t["text"][f["start"] : f["end"]]]
    sentence = "".join(x["text"] for x in p["parts"] if x["role"] != "context")
    assert sentence.strip() == f["sentence"]
    hant = ok(
        api.get(
            f"/api/documents/{t['id']}/passage",
            params={"start": f["start"], "end": f["end"], "variant": "zh-hant"},
        )
    )
    assert [x["role"] for x in hant["parts"]] == [x["role"] for x in p["parts"]]
    assert fold("".join(x["text"] for x in hant["parts"])) == fold("".join(x["text"] for x in p["parts"]))


def test_passage_bad_spans(api: httpx.Client) -> None:
    t = ok(api.get("/api/treaties/南京条约"))
    bad(api.get(f"/api/documents/{t['id']}/passage", params={"start": 10, "end": 5}), "end")
    bad(api.get(f"/api/documents/{t['id']}/passage", params={"start": 0, "end": t["length"] + 1}), "end")
    bad(api.get(f"/api/documents/{t['id']}/passage", params={"start": "x", "end": 5}), "start")
    assert api.get("/api/documents/999999/passage", params={"start": 0, "end": 1}).status_code == 404


def test_search_in_either_script(api: httpx.Client) -> None:
    trad = ok(api.get("/api/search", params={"q": "條約", "limit": 200}))
    simp = ok(api.get("/api/search", params={"q": "条约", "limit": 200}))
    assert trad["total"] == simp["total"] > 10
    titles = {h["title"] for h in trad["items"]}
    assert {"南京条约", "马关条约"} <= titles
    hit = trad["items"][0]
    assert any(p["mark"] for p in hit["parts"])
    assert all(fold(p["text"]) == "条约" for p in hit["parts"] if p["mark"])


def test_search_finds_aliases_and_bounds_queries(api: httpx.Client) -> None:
    hits = ok(api.get("/api/search", params={"q": "伯力会议记录"}))
    assert "伯力会议议定书" in {h["title"] for h in hits["items"]}
    bad(api.get("/api/search", params={"q": ""}), "q")
    bad(api.get("/api/search", params={"q": "x" * 201}), "q")
    bad(api.get("/api/search", params={"q": "！？"}), "q")
    bad(api.get("/api/search", params={"q": "条约", "limit": 1000}), "limit")


def test_entities_and_their_treaties(api: httpx.Client) -> None:
    polities = ok(api.get("/api/entities", params={"kind": "polity", "limit": 200}))
    assert polities["total"] > 3 and all(e["kind"] == "polity" for e in polities["items"])
    top = polities["items"][0]
    e = ok(api.get(f"/api/entities/{top['id']}"))
    assert len(e["treaties"]) == top["treaties"] > 0
    assert all("party" in t["roles"] for t in e["treaties"])
    found = ok(api.get("/api/entities", params={"q": convert(top["name"], "zh-hant")}))
    assert top["id"] in {x["id"] for x in found["items"]}
    bad(api.get("/api/entities", params={"kind": "planet"}), "kind")
    assert api.get("/api/entities/999999").status_code == 404


def test_timeline_is_in_signing_order(api: httpx.Client, db: sqlite3.Connection) -> None:
    items = ok(api.get("/api/timeline"))["items"]
    assert len(items) == db.execute("SELECT count(*) FROM treaties WHERE signed IS NOT NULL").fetchone()[0]
    assert [t["signed"] for t in items] == sorted(t["signed"] for t in items)
    party = items[0]["parties"][0] if items[0]["parties"] else None
    if party:
        assert all(
            party in t["parties"] for t in ok(api.get("/api/timeline", params={"party": party}))["items"]
        )


def test_graph_edges_join_nodes(api: httpx.Client) -> None:
    g = ok(api.get("/api/graph"))
    ids = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    relations = {e["relation"] for e in g["edges"]}
    assert "party" in relations and relations - {"party"}
    treaty_links = [e for e in g["edges"] if e["target"].startswith("t")]
    assert treaty_links, "some treaty names another treaty of the corpus"
    kinds = {n["kind"] for n in g["nodes"]}
    assert {"treaty", "party"} <= kinds


def test_places_geojson(api: httpx.Client, db: sqlite3.Connection) -> None:
    r = api.get("/api/places.geojson")
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and fc["features"]
    n = sum(f["properties"]["count"] for f in fc["features"])
    assert all(len(f["properties"]["treaties"]) == min(20, f["properties"]["count"]) for f in fc["features"])
    assert n == db.execute("SELECT count(*) FROM treaties WHERE lat IS NOT NULL").fetchone()[0]
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_variant_converts_text_but_not_paths(api: httpx.Client) -> None:
    t = ok(api.get("/api/treaties/南京条约", params={"variant": "zh-hant"}))
    assert t["title"] == "南京條約"
    plain = ok(api.get("/api/treaties/南京条约"))
    assert t["path"] == plain["path"]
    assert [f["field"] for f in t["facts"]] == [f["field"] for f in plain["facts"]]
    labels = ok(api.get("/api/labels", params={"variant": "zh-hant"}))
    assert labels["nav_timeline"] == "時間線"


def test_hostile_article_comes_back_as_data(api: httpx.Client) -> None:
    t = ok(api.get(f"/api/treaties/{HOSTILE_TITLE}", params={"text": "true"}))
    assert "<script>window.__pwned=1</script>" in t["text"]
    assert 'onerror="window.__pwned=2"' in t["text"]
    hits = ok(api.get("/api/search", params={"q": "pwned"}))
    assert hits["items"] and hits["items"][0]["title"] == HOSTILE_TITLE


def test_openapi_docs_and_page_are_served_locally(api: httpx.Client) -> None:
    spec = ok(api.get("/openapi.json"))
    for path in [
        "/api/treaties",
        "/api/treaties/{key}",
        "/api/search",
        "/api/entities",
        "/api/timeline",
        "/api/graph",
        "/api/places.geojson",
        "/api/documents/{doc_id}/passage",
    ]:
        assert path in spec["paths"]
    docs = api.get("/docs").text
    assert "/vendor/swagger-ui-bundle.js" in docs and "cdn." not in docs
    page = api.get("/")
    assert page.status_code == 200 and "Content-Security-Policy" in page.text
    for name in ["d3.min.js", "topojson-client.min.js", "countries-110m.json", "swagger-ui-bundle.js"]:
        assert api.get(f"/vendor/{name}").status_code == 200, name
    assert api.get("/vendor/package.json").status_code == 404
    assert api.get("/static/app.js").status_code == 200
