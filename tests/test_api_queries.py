"""The read-side queries (store.queries) on a small hand-made store whose every answer is known.

The store is written by the real StagedBuild from made-up one-paragraph articles, so
the rows are shaped exactly as `yuezhang build` shapes them.
"""

from __future__ import annotations

import sqlite3

import pytest

from yuezhang.document import Document
from yuezhang.extract.record import (
    AliasFact,
    DateFact,
    Evidence,
    PartyFact,
    PlaceFact,
    RelatedFact,
    SignatoryFact,
    TreatyRecord,
)
from yuezhang.markup import read
from yuezhang.store import db as dbm
from yuezhang.store import queries as Q
from yuezhang.store.build import StagedBuild

A_TEXT = "甲乙同盟条约是甲国与乙国于1950年2月14日在京城签订的条约。代表张三与安德烈·李四签字。该约以丙丁条约为基础。1979年2月条约期满。"
B_TEXT = "丙丁條約是丙國與丁國於1900年簽訂的條約。"
C_TEXT = "戊国协定由甲国与戊国商定，于1960年1月1日生效。"
D_TEXT = "己庚议定书是乙国于1980年5月签订的议定书，1985年终止。"
E_TEXT = "某战争是一场战争。"


def ev(doc: Document, text: str, nth: int = 0) -> Evidence:
    start = -1
    for _ in range(nth + 1):
        start = doc.plain.index(text, start + 1)
    return Evidence.of(doc, start, start + len(text))


def date(doc: Document, value: str, text: str, precision: str) -> DateFact:
    return DateFact(value, precision, text, ev(doc, text))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    folder = tmp_path_factory.mktemp("queries")
    docs = {}
    for key, title, text in [
        ("A", "甲乙同盟条约", A_TEXT),
        ("B", "丙丁條約", B_TEXT),
        ("C", "戊国协定", C_TEXT),
        ("D", "己庚议定书", D_TEXT),
        ("E", "某战争", E_TEXT),
    ]:
        docs[key] = read(text, str(folder / f"{key}.txt"), title=title, fmt="plain")
    a, b, c, d, e = (docs[k] for k in "ABCDE")
    records = {
        "A": TreatyRecord(
            a.path,
            a.title,
            "plain",
            True,
            signed=date(a, "1950-02-14", "1950年2月14日", "day"),
            ended=date(a, "1979-02", "1979年2月", "month"),
            place=PlaceFact("京城", "京城", ["旧京"], 39.9, 116.4, ev(a, "京城")),
            parties=[PartyFact("甲国", "甲国", ev(a, "甲国")), PartyFact("乙国", "乙国", ev(a, "乙国"))],
            signatories=[
                SignatoryFact("张三", "张三", "甲国", None, ev(a, "张三")),
                SignatoryFact("安德烈·李四", "安德烈·李四", "乙国", None, ev(a, "安德烈·李四")),
            ],
            related=[RelatedFact("丙丁条约", "based_on", ev(a, "丙丁条约"))],
        ),
        "B": TreatyRecord(
            b.path,
            b.title,
            "plain",
            True,
            signed=date(b, "1900", "1900年", "year"),
            parties=[PartyFact("丙国", "丙國", ev(b, "丙國")), PartyFact("丁国", "丁國", ev(b, "丁國"))],
        ),
        "C": TreatyRecord(
            c.path,
            c.title,
            "plain",
            True,
            effective=date(c, "1960-01-01", "1960年1月1日", "day"),
            parties=[PartyFact("甲国", "甲国", ev(c, "甲国")), PartyFact("戊国", "戊国", ev(c, "戊国", 1))],
        ),
        "D": TreatyRecord(
            d.path,
            d.title,
            "plain",
            True,
            aliases=[AliasFact("己庚·约", "redirect", None)],
            signed=date(d, "1980-05", "1980年5月", "month"),
            ended=date(d, "1985", "1985年", "year"),
            parties=[PartyFact("乙国", "乙国", ev(d, "乙国"))],
        ),
        "E": TreatyRecord(e.path, e.title, "plain", False),
    }
    path = folder / "q.db"
    stage = StagedBuild(path, "hand-made")
    ids = {k: stage.put(docs[k], records[k]) for k in "ABCDE"}
    stage.finish()
    ids["path"] = path  # type: ignore[assignment]
    return ids


@pytest.fixture()
def conn(store: dict) -> sqlite3.Connection:
    c = dbm.connect(store["path"], readonly=True)
    yield c
    c.close()


def ids_of(store: dict, rows: list[dict]) -> set[str]:
    back = {v: k for k, v in store.items() if k != "path"}
    return {back[r["id"]] for r in rows}


def found(conn: sqlite3.Connection, store: dict, **filters) -> set[str]:
    total, rows = Q.find_treaties(conn, limit=None, **filters)
    assert total == len(rows)
    return ids_of(store, rows)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("1899", set()),
        ("1900", {"B"}),
        ("1950-02-13", {"B"}),
        ("1950-02-14", {"A", "B"}),
        ("1950", {"A", "B"}),  # signed within the year asked for
        ("1959-12-31", {"A", "B"}),
        ("1960-01-01", {"A", "B", "C"}),  # effective that day (never signed, by this record)
        ("1979-02-27", {"A", "B", "C"}),  # ended "1979-02": not before any day of that month
        ("1979-03", {"B", "C"}),
        ("1985-06-01", {"B", "C", "D"}),
        ("1986", {"B", "C"}),
    ],
)
def test_in_force_on(conn, store, day: str, expected: set[str]) -> None:
    assert found(conn, store, in_force_on=day) == expected


def test_bad_in_force_on_dates(conn) -> None:
    for day in ["1950-2-1", "1950-13", "1950-02-30", "19500", ""]:
        if day:
            with pytest.raises(ValueError):
                Q.find_treaties(conn, in_force_on=day)


def test_years(conn, store) -> None:
    assert found(conn, store, year_from=1950) == {"A", "D"}
    assert found(conn, store, year_to=1950) == {"A", "B"}
    assert found(conn, store, year_from=1900, year_to=1900) == {"B"}


def test_parties_in_either_script_all_required(conn, store) -> None:
    assert found(conn, store, party="甲國") == {"A", "C"}
    assert found(conn, store, party=["甲国", "乙国"]) == {"A"}
    assert found(conn, store, party="丙国") == {"B"}
    assert found(conn, store, party="' OR 1=1 --") == set()


def test_signatories_whole_name_or_after_the_dot(conn, store) -> None:
    assert found(conn, store, signatory="张三") == {"A"}
    assert found(conn, store, signatory="李四") == {"A"}
    assert found(conn, store, signatory="張三") == {"A"}
    assert found(conn, store, signatory="张") == set()
    assert found(conn, store, signatory="%") == set()


def test_place(conn, store) -> None:
    assert found(conn, store, place="京城") == {"A"}
    assert found(conn, store, place="乙城") == set()


def test_text_query_titles_aliases_and_body(conn, store) -> None:
    assert found(conn, store, q="條約") == {"A", "B"}
    assert found(conn, store, q="条约") == {"A", "B"}
    assert found(conn, store, q="期满") == {"A"}  # only in the text
    assert found(conn, store, q="战争") == set()  # not a treaty
    assert found(conn, store, q="！") == set()
    assert found(conn, store, q="·") == {"D"}  # nothing for the text index: names by substring
    assert found(conn, store, q="·", year_to=1950) == set()  # ... and the other filters still apply
    assert found(conn, store, q="約") == {"A", "B", "D"}  # one character (D: in an alias)
    assert found(conn, store, q="同盟條約") == {"A"}
    assert found(conn, store, q="盟约") == set()  # both characters, but not side by side


@pytest.mark.parametrize("sort", sorted(Q.SORTS))
@pytest.mark.parametrize("order", Q.ORDERS)
def test_text_query_pages_whichever_way_they_are_found(conn, store, sort: str, order: str) -> None:
    """Small pages of many matches walk the sort index (see queries._walk), large ones sort: same rows."""
    total, every = Q.find_treaties(conn, q="年", sort=sort, order=order, limit=None)
    assert total == 4
    pages = [Q.find_treaties(conn, q="年", sort=sort, order=order, limit=1, offset=i)[1] for i in range(4)]
    assert [p[0]["id"] for p in pages] == [r["id"] for r in every]


def test_sorting_and_paging(conn, store) -> None:
    total, rows = Q.find_treaties(conn, sort="signed", order="desc")
    assert total == 4
    assert [ids_of(store, [r]).pop() for r in rows] == ["D", "A", "B", "C"]  # undated last either way
    _, rows = Q.find_treaties(conn, sort="signed", order="asc", limit=2, offset=1)
    assert [ids_of(store, [r]).pop() for r in rows] == ["A", "D"]
    _, rows = Q.find_treaties(conn, sort="signed", order="asc", limit=2, offset=2)  # dated, then undated
    assert [ids_of(store, [r]).pop() for r in rows] == ["D", "C"]
    _, rows = Q.find_treaties(conn, sort="effective", limit=None)
    assert [ids_of(store, [r]).pop() for r in rows][0] == "C"
    total, rows = Q.find_treaties(conn, limit=0)
    assert total == 4 and rows == []
    for bad in [{"sort": "nope"}, {"order": "sideways"}, {"limit": 201}, {"offset": -1}]:
        with pytest.raises(ValueError):
            Q.find_treaties(conn, **bad)


def test_rows_carry_parties(conn, store) -> None:
    _, rows = Q.find_treaties(conn, party="丙国")
    assert rows[0]["parties"] == ["丙国", "丁国"]


def test_facets(conn) -> None:
    f = Q.treaty_facets(conn)
    party = {x["value"]: x["count"] for x in f["party"]}
    assert party == {"甲国": 2, "乙国": 2, "丙国": 1, "丁国": 1, "戊国": 1}
    assert f["century"] == [{"value": 19, "count": 1}, {"value": 20, "count": 2}]
    assert f["place"] == [{"value": "京城", "count": 1}]
    assert {x["value"] for x in Q.treaty_facets(conn, party="乙国")["party"]} == {"甲国", "乙国"}


def test_get_treaty_by_id_title_and_script(conn, store) -> None:
    a = Q.get_treaty(conn, store["A"])
    assert a["title"] == "甲乙同盟条约"
    assert Q.get_treaty(conn, "丙丁条约")["id"] == store["B"]
    assert Q.get_treaty(conn, str(store["B"]))["id"] == store["B"]
    assert Q.get_treaty(conn, store["E"]) is None  # a document, not a treaty
    assert Q.get_treaty(conn, "无此约") is None
    fields = [f["field"] for f in a["facts"]]
    assert fields.count("party") == 2 and fields.count("signatory") == 2
    for f in a["facts"]:
        assert A_TEXT[f["start"] : f["end"]] == f["data"]["evidence"]["text"]
    assert {(e["kind"], e["name"], e["role"]) for e in a["entities"]} >= {
        ("polity", "甲国", "party"),
        ("person", "安德烈·李四", "signatory"),
        ("place", "京城", "place"),
    }
    assert a["related"] == [
        {
            "title": "丙丁条约",
            "relation": "based_on",
            "fact_id": a["related"][0]["fact_id"],
            "target_id": store["B"],
        }
    ]
    b = Q.get_treaty(conn, store["B"])
    assert b["cited_by"] == [{"id": store["A"], "title": "甲乙同盟条约", "relation": "based_on"}]


def test_passage_parts(conn, store) -> None:
    start = A_TEXT.index("张三")
    p = Q.document_passage(conn, store["A"], start, start + 2)
    assert "".join(x["text"] for x in p["parts"]) == A_TEXT
    roles = [(x["role"], x["text"]) for x in p["parts"]]
    assert roles[2] == ("evidence", "张三")
    assert "".join(t for r, t in roles if r != "context") == "代表张三与安德烈·李四签字。"
    with pytest.raises(ValueError):
        Q.document_passage(conn, store["A"], 5, len(A_TEXT) + 1)
    assert Q.document_passage(conn, 99999, 0, 1) is None


def test_entities(conn, store) -> None:
    total, rows = Q.list_entities(conn, kind="person", q="李四")
    assert total == 1 and rows[0]["name"] == "安德烈·李四" and rows[0]["treaties"] == 1
    total, rows = Q.list_entities(conn, kind="polity")
    assert rows[0]["treaties"] == 2 and total == 5
    e = Q.get_entity(conn, rows[0]["id"])
    assert len(e["treaties"]) == 2 and all(t["roles"] == ["party"] for t in e["treaties"])
    assert Q.get_entity(conn, 99999) is None


def test_timeline_graph_places(conn, store) -> None:
    assert [ids_of(store, [t]).pop() for t in Q.timeline(conn)] == ["B", "A", "D"]
    g = Q.graph(conn)
    edges = {(e["source"], e["target"], e["relation"]) for e in g["edges"]}
    assert (f"t{store['A']}", f"t{store['B']}", "based_on") in edges
    assert (f"t{store['C']}", "p:戊国", "party") in edges
    assert {n["kind"] for n in g["nodes"]} == {"treaty", "party"}
    only_b = Q.graph(conn, party="丙国")
    assert not [e for e in only_b["edges"] if e["relation"] == "based_on"]  # A is filtered out
    fc = Q.places_geojson(conn)
    assert fc["features"] == [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [116.4, 39.9]},
            "properties": {
                "name": "京城",
                "count": 1,
                "treaties": [{"id": store["A"], "title": "甲乙同盟条约", "signed": "1950-02-14"}],
            },
        }
    ]


def test_spellings_cover_both_scripts() -> None:
    assert set(Q.spellings("苏联")) == {"苏联", "蘇聯"}
    assert set(Q.spellings(" 蘇聯 ")) == {"苏联", "蘇聯"}
