"""The reconciliation service, queried over HTTP from a real `yuezhang serve` process on loopback.

Answers are checked against the shapes the Reconciliation Service API 0.2 documents
(no package ships its JSON schemas, so the documented required fields and types are
checked here) and against the store's own records.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from yuezhang.store import db as dbm

YUEZHANG = Path(sys.executable).parent / "yuezhang"
DATE = re.compile(
    r"^-?\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|[+-]\d\d:\d\d)?$"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(corpus_db: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(YUEZHANG), "serve", "--db", str(corpus_db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/reconcile", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def treaties(corpus_db: Path) -> dict[str, dict[str, Any]]:
    conn = dbm.connect(corpus_db, readonly=True)
    return {str(i): json.loads(r) for i, r in conn.execute("SELECT doc_id, record FROM treaties")}


def check_result_batch(batch: dict[str, Any], keys: set[str]) -> None:
    """The documented shape of a reconciliation result batch."""
    assert set(batch) == keys
    for answer in batch.values():
        assert isinstance(answer["result"], list)
        for c in answer["result"]:
            assert isinstance(c["id"], str) and isinstance(c["name"], str)
            assert isinstance(c["score"], int | float) and isinstance(c["match"], bool)
            assert all(isinstance(t, str) or isinstance(t.get("id"), str) for t in c["type"])
            assert all(
                isinstance(f["id"], str) and isinstance(f["value"], bool | int | float)
                for f in c.get("features", [])
            )
        scores = [c["score"] for c in answer["result"]]
        assert scores == sorted(scores, reverse=True)


def reconcile(server: str, queries: dict[str, Any], post: bool = True) -> dict[str, Any]:
    data = {"queries": json.dumps(queries, ensure_ascii=False)}
    r = (
        httpx.post(f"{server}/reconcile", data=data)
        if post
        else httpx.get(f"{server}/reconcile", params=data)
    )
    assert r.status_code == 200, r.text
    batch = r.json()
    check_result_batch(batch, set(queries))
    return batch


def top(batch: dict[str, Any], key: str) -> dict[str, Any]:
    assert batch[key]["result"], f"no candidate for {key}"
    return batch[key]["result"][0]


def test_manifest(server: str) -> None:
    m = httpx.get(f"{server}/reconcile").json()
    assert "0.2" in m["versions"] and isinstance(m["name"], str)
    assert m["identifierSpace"] and m["schemaSpace"]
    assert all({"id", "name"} <= set(t) for t in m["defaultTypes"])
    assert "{{id}}" in m["view"]["url"] and "{{id}}" in m["preview"]["url"]
    assert isinstance(m["preview"]["width"], int) and isinstance(m["preview"]["height"], int)
    prop = m["extend"]["propose_properties"]
    assert prop["service_url"].startswith(server) and prop["service_path"].startswith("/")


def test_names_in_either_script_aliases_and_years(server: str, treaties: dict[str, dict]) -> None:
    batch = reconcile(
        server,
        {
            "q0": {"query": "璦琿條約"},
            "q1": {"query": "瑷珲条约", "type": "treaty"},
            "q2": {"query": "塔城界约"},
            "q3": {"query": "中英联合声明", "limit": 3},
            "q4": {"query": "北京条约 1860"},
            "q5": {"query": "北京条约", "properties": [{"pid": "year", "v": "1900"}]},
            "q6": {"query": "伯力会议议定书"},
            "q7": {"query": "瑷珲条约", "type": "person"},
            "q8": {"query": "毫无关系的名字"},
        },
    )
    assert top(batch, "q0")["name"] == "璦琿條約" and top(batch, "q0")["match"]
    assert top(batch, "q1")["id"] == top(batch, "q0")["id"] and top(batch, "q1")["score"] == 100
    assert top(batch, "q2")["name"] == "中俄勘分西北界约记" and top(batch, "q2")["match"]
    assert top(batch, "q3")["name"] == "中英聯合聲明" and len(batch["q3"]["result"]) <= 3
    beijing = top(batch, "q4")
    assert beijing["name"] == "北京条约" and treaties[beijing["id"]]["signed"]["value"].startswith("1860")
    assert {"id": "year", "value": True} in beijing["features"]
    assert top(batch, "q5")["score"] < beijing["score"]  # the wrong year costs
    # two articles about the same treaty: both found, neither a certain match
    boli = batch["q6"]["result"]
    assert [c["name"] for c in boli[:2]] == ["伯力会议议定书"] * 2 and not any(c["match"] for c in boli)
    assert batch["q7"]["result"] == []
    assert all(not c["match"] for c in batch["q8"]["result"])


def test_get_and_post_agree(server: str) -> None:
    queries = {"a": {"query": "马关条约"}, "b": {"query": "下关条约"}}
    assert reconcile(server, queries, post=False) == reconcile(server, queries)
    assert top(reconcile(server, queries), "b")["name"] == "马关条约"


def test_party_property_raises_or_lowers_the_score(server: str, treaties: dict[str, dict]) -> None:
    with_parties = [(i, r) for i, r in treaties.items() if r["parties"]]
    tid, rec = with_parties[0] if with_parties else next(iter(treaties.items()))
    party = rec["parties"][0]["name"] if with_parties else "清朝"
    batch = reconcile(
        server,
        {
            "plain": {"query": rec["title"]},
            "right": {"query": rec["title"], "properties": [{"pid": "party", "v": party}]},
            "wrong": {"query": rec["title"], "properties": [{"pid": "party", "v": "不存在的国家"}]},
        },
    )
    score = {k: next(c["score"] for c in batch[k]["result"] if c["id"] == tid) for k in batch}
    assert score["wrong"] < score["plain"]
    if with_parties:
        assert score["plain"] <= score["right"]
        assert score["plain"] - score["wrong"] >= 20  # a known, different party is strong evidence


def test_preview_and_propose_properties(server: str, treaties: dict[str, dict]) -> None:
    tid = next(i for i, r in treaties.items() if r["title"] == "璦琿條約")
    r = httpx.get(f"{server}/reconcile/preview", params={"id": tid})
    assert r.status_code == 200 and "text/html" in r.headers["content-type"] and "璦琿條約" in r.text
    assert httpx.get(f"{server}/reconcile/preview", params={"id": "999999"}).status_code == 404
    props = httpx.get(f"{server}/reconcile/properties", params={"type": "treaty"}).json()
    assert props["type"] == "treaty"
    assert {"signed", "parties", "signatories"} <= {p["id"] for p in props["properties"]}
    assert all(isinstance(p["name"], str) for p in props["properties"])


def test_data_extension(server: str, treaties: dict[str, dict]) -> None:
    ids = list(treaties)[:6] + ["999999"]
    wanted = ["signed", "effective", "parties", "signatories", "article_count"]
    query = {"ids": ids, "properties": [{"id": p} for p in wanted]}
    r = httpx.post(f"{server}/reconcile", data={"extend": json.dumps(query)})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [m["id"] for m in body["meta"]] == wanted and all(isinstance(m["name"], str) for m in body["meta"])
    assert set(body["rows"]) == set(ids)
    for tid in ids:
        row = body["rows"][tid]
        for cells in row.values():
            for cell in cells:  # each cell is one of the documented value kinds
                assert len(cell) == 1 and next(iter(cell)) in ("id", "str", "float", "int", "date", "bool")
                if "date" in cell:
                    assert DATE.match(cell["date"]), cell
        if tid == "999999":
            assert all(v == [] for v in row.values())
            continue
        rec = treaties[tid]
        assert [c["str"] for c in row["parties"]] == list(dict.fromkeys(p["name"] for p in rec["parties"]))
        signed = rec["signed"]
        if signed is None:
            assert row["signed"] == []
        else:
            value = row["signed"][0].get("date", row["signed"][0].get("str"))
            assert value.startswith(signed["value"])
        assert row["article_count"] == (
            [{"int": rec["article_count"]}] if rec["article_count"] is not None else []
        )
    bad = httpx.post(
        f"{server}/reconcile", data={"extend": json.dumps({"ids": ids, "properties": [{"id": "nope"}]})}
    )
    assert bad.status_code == 400
    assert httpx.post(f"{server}/reconcile", data={"queries": "{not json"}).status_code == 400
