"""OpenRefine reconciliation: the W3C Reconciliation Service API (0.2, as OpenRefine speaks it) at /reconcile.

Researchers' spreadsheets name treaties in every script and spelling, often with a
year. A query's name and the store's titles and aliases are compared after folding
to simplified script and dropping spaces, brackets and marks; each candidate's score
(0–100) is its best name similarity, raised or lowered by the query's year and
party/signatory properties. `match` is true only for a near-certain, unambiguous
candidate. Previews, a view link, and data extension (dates, parties, signatories,
place, counts) complete what OpenRefine asks of a service.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from yuezhang.api.deps import get_conn
from yuezhang.variants import fold

router = APIRouter(prefix="/reconcile", tags=["reconcile"])

TYPE = {"id": "treaty", "name": "Treaty"}
IDENTIFIER_SPACE = "urn:yuezhang:treaty:"
SCHEMA_SPACE = "urn:yuezhang:vocab:"
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
MATCH_SCORE = 95.0
MATCH_MARGIN = 10.0
_MARKS = re.compile(r"[\s《》〈〉「」『』“”\"'·・‧•（）()\[\]【】,，、:：;；.。\-—]")
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)\s*年?")

#: Properties for data extension: id -> (name, kind of value).
PROPERTIES = {
    "signed": ("date of signing", "date"),
    "effective": ("date of entry into force", "date"),
    "ended": ("date it ended", "date"),
    "place": ("place of signing", "str"),
    "parties": ("parties", "str"),
    "signatories": ("signatories", "str"),
    "aliases": ("other names", "str"),
    "article_count": ("number of articles", "int"),
    "area_km2": ("area ceded, km²", "float"),
    "url": ("source article URL", "str"),
}
#: Query properties that narrow the candidates (besides `year`).
QUERY_PROPERTIES = {
    "party": "parties",
    "parties": "parties",
    "signatory": "signatories",
    "signatories": "signatories",
}


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """A name for comparison: simplified script, no spaces, brackets or marks, lower case."""
    return _strip(fold(text))


def _strip(folded: str) -> str:
    return _MARKS.sub("", folded).lower()


def split_year(query: str) -> tuple[str, int | None]:
    """A query's name and the year written in it ("北京条约 1860", "1860年北京条约")."""
    m = _YEAR.search(query)
    if not m:
        return query, None
    name = (query[: m.start()] + query[m.end() :]).strip()
    return (name, int(m.group(1))) if norm(name) else (query, None)


@dataclass
class Entry:
    id: int
    title: str
    names: list[str]  # normalised title, aliases and redirects
    signed: str | None
    party_names: list[str] = field(default_factory=list)  # canonical, for the description
    parties: set[str] = field(default_factory=set)  # normalised names and surfaces
    people: set[str] = field(default_factory=set)  # of the signatories, likewise

    @property
    def year(self) -> int | None:
        return int(self.signed[:4]) if self.signed else None

    def description(self) -> str:
        return " · ".join(x for x in (self.signed, "、".join(self.party_names)) if x)


def grams(name: str) -> set[str]:
    """A name's character bigrams (the name itself when shorter), for finding candidates."""
    return {name[i : i + 2] for i in range(len(name) - 1)} or {name}


class Index:
    """The store's treaties held for matching: names, and a bigram index to find candidates fast."""

    #: Candidates scored in full per query, those sharing the most bigrams with it.
    MAX_CANDIDATES = 200

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.entries: dict[int, Entry] = {}
        self.by_gram: dict[str, set[int]] = {}
        for doc_id, title, signed in conn.execute("SELECT doc_id, title, signed FROM treaties"):
            self.entries[doc_id] = Entry(doc_id, title, [], signed)
        for doc_id, folded in conn.execute(  # titles and aliases (redirects too), already folded
            "SELECT id, folded_title FROM documents UNION ALL SELECT doc_id, folded FROM aliases"
        ):
            e = self.entries.get(doc_id)
            name = _strip(folded)
            if e is not None and name and name not in e.names:
                e.names.append(name)
        for doc_id, fld, value, surface in conn.execute(
            "SELECT doc_id, field, value, json_extract(data, '$.surface') FROM facts "
            "WHERE field IN ('party', 'signatory') ORDER BY id"
        ):
            e = self.entries.get(doc_id)
            if e is None:
                continue
            names = {norm(value), norm(surface or value)}
            if fld == "party":
                e.parties |= names
                if value not in e.party_names:
                    e.party_names.append(value)
            else:
                e.people |= names
        for e in self.entries.values():
            for g in set().union(*map(grams, e.names)) if e.names else ():
                self.by_gram.setdefault(g, set()).add(e.id)

    def candidates(self, name: str) -> list[int]:
        """Treaties sharing at least a third of the name's bigrams, those sharing most first."""
        wanted = grams(name)
        counts: dict[int, int] = {}
        for g in wanted:
            for doc_id in self.by_gram.get(g, ()):
                counts[doc_id] = counts.get(doc_id, 0) + 1
        need = max(1, len(wanted) // 3)
        found = sorted((d for d, n in counts.items() if n >= need), key=lambda d: -counts[d])
        return found[: self.MAX_CANDIDATES]


_indexes: dict[tuple[str, float], Index] = {}
_lock = threading.Lock()


def index_for(request: Request) -> Index:
    """The index of the app's store, rebuilt when the database file changes."""
    path = request.app.state.db_path
    key = (path, Path(path).stat().st_mtime)
    with _lock:
        if key not in _indexes:
            _indexes.clear()
            _indexes[key] = Index(get_conn(request))
        return _indexes[key]


def name_score(query: str, names: list[str]) -> float:
    """0–100: how alike the query is to the closest name (containment counts as near)."""
    best = 0.0
    for n in names:
        if query == n:
            return 100.0
        ratio = SequenceMatcher(None, query, n).ratio()
        if query in n or n in query:
            ratio = max(ratio, 0.5 + 0.45 * min(len(query), len(n)) / max(len(query), len(n)))
        best = max(best, ratio)
    return round(100.0 * best, 1)


def _values(v: Any) -> list[str]:
    items = v if isinstance(v, list) else [v]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("id") or item.get("str")
        if item is not None and str(item).strip():
            out.append(str(item))
    return out


def reconcile_one(index: Index, q: dict[str, Any]) -> list[dict[str, Any]]:
    """Scored candidates for one query object, best first."""
    wanted_type = q.get("type")
    if wanted_type and wanted_type != TYPE["id"]:
        return []
    limit = max(1, min(int(q.get("limit") or DEFAULT_LIMIT), MAX_LIMIT))
    text, year = split_year(str(q.get("query") or ""))
    constraints: list[tuple[str, set[str]]] = []
    for prop in q.get("properties") or []:
        pid = str(prop.get("pid") or prop.get("p") or "")
        values = _values(prop.get("v"))
        if pid in ("year", "signed") and values and re.match(r"^\d{4}", values[0]):
            year = int(values[0][:4])
        elif pid in QUERY_PROPERTIES and values:
            constraints.append((QUERY_PROPERTIES[pid], {norm(v) for v in values}))
    name = norm(text)
    if not name:
        return []
    results = []
    for doc_id in index.candidates(name):
        e = index.entries[doc_id]
        score = name_score(name, e.names)
        features = [{"id": "name", "value": score}]
        if year is not None:
            same = e.year == year
            score += 5 if same else (-40 if e.year is not None else -10)
            features.append({"id": "year", "value": same})
        for kind, values in constraints:
            have = e.parties if kind == "parties" else e.people
            ok = bool(values & have)
            score += 5 if ok else (-30 if have else -5)  # unknown parties are not contrary evidence
            features.append({"id": kind, "value": ok})
        results.append((max(0.0, min(100.0, score)), e, features))
    results.sort(key=lambda x: (-x[0], x[1].signed or "9999", x[1].id))
    out = []
    for i, (score, e, features) in enumerate(results[:limit]):
        runner_up = results[i + 1][0] if i + 1 < len(results) else 0.0
        out.append(
            {
                "id": str(e.id),
                "name": e.title,
                "description": e.description(),
                "score": score,
                "match": i == 0 and score >= MATCH_SCORE and score - runner_up >= MATCH_MARGIN,
                "type": [TYPE],
                "features": features,
            }
        )
    return out


def treaty_record(conn: sqlite3.Connection, key: Any) -> dict[str, Any] | None:
    """The stored record of the treaty with id `key` (a string, as reconciliation ids are)."""
    if not str(key).isdigit():
        return None
    row = conn.execute("SELECT record FROM treaties WHERE doc_id = ?", (int(key),)).fetchone()
    return json.loads(row[0]) if row else None


def extend(conn: sqlite3.Connection, query: dict[str, Any]) -> dict[str, Any]:
    """A data extension answer: the asked properties' values for each asked id."""
    props = [p["id"] if isinstance(p, dict) else str(p) for p in query.get("properties") or []]
    unknown = [p for p in props if p not in PROPERTIES]
    if unknown:
        raise HTTPException(400, f"unknown properties {unknown}; see /reconcile/properties")
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for raw in query.get("ids") or []:
        r = treaty_record(conn, raw)
        rows[str(raw)] = {p: _property_values(r, p) if r else [] for p in props}
    return {"meta": [{"id": p, "name": PROPERTIES[p][0]} for p in props], "rows": rows}


def _date_value(fact: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not fact:
        return []
    if fact.get("precision") == "day":
        return [{"date": f"{fact['value']}T00:00:00Z"}]
    return [{"str": fact["value"]}]


def _property_values(r: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    if prop in ("signed", "effective", "ended"):
        return _date_value(r.get(prop))
    if prop == "place":
        return [{"str": r["place"]["name"]}] if r.get("place") else []
    if prop in ("parties", "signatories"):
        return [{"str": n} for n in dict.fromkeys(x["name"] for x in r.get(prop) or [])]
    if prop == "aliases":
        return [{"str": a} for a in r.get("aliases") or []]
    if prop == "article_count":
        return [{"int": r["article_count"]}] if r.get("article_count") is not None else []
    if prop == "area_km2":
        return [{"float": float(r["area_km2"])}] if r.get("area_km2") is not None else []
    url = (r.get("source") or {}).get("url")
    return [{"str": url}] if url else []


def manifest(base: str) -> dict[str, Any]:
    return {
        "versions": ["0.1", "0.2"],
        "name": "yuezhang 约章 treaties",
        "identifierSpace": IDENTIFIER_SPACE,
        "schemaSpace": SCHEMA_SPACE,
        "documentation": f"{base}/docs#/reconcile",
        "defaultTypes": [TYPE],
        "view": {"url": f"{base}/#/treaty/{{{{id}}}}"},
        "preview": {"url": f"{base}/reconcile/preview?id={{{{id}}}}", "width": 420, "height": 160},
        "extend": {
            "propose_properties": {"service_url": base, "service_path": "/reconcile/properties"},
            "property_settings": [],
        },
    }


def _json(body: Any) -> JSONResponse:
    return JSONResponse(body, headers={"Access-Control-Allow-Origin": "*"})


def _load(raw: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as e:
        raise HTTPException(400, f"{what} is not JSON: {e}") from None
    if not isinstance(value, dict):
        raise HTTPException(400, f"{what} must be a JSON object")
    return value


@router.api_route("", methods=["GET", "POST"], summary="Manifest, reconciliation queries, data extension")
async def service(request: Request) -> JSONResponse:
    """Without parameters: the service manifest. With `queries`: candidates per query. With `extend`: values."""
    params = {k: v for k, v in request.query_params.items()}
    if request.method == "POST":
        body = (await request.body()).decode("utf-8")  # form-encoded, as OpenRefine sends it
        params.update({k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()})
    if "queries" in params:
        queries = _load(params["queries"], "queries")
        index = await run_in_threadpool(index_for, request)
        answer = await run_in_threadpool(
            lambda: {key: {"result": reconcile_one(index, q)} for key, q in queries.items()}
        )
        return _json(answer)
    if "extend" in params:
        query = _load(params["extend"], "extend")
        return _json(await run_in_threadpool(lambda: extend(get_conn(request), query)))
    return _json(manifest(str(request.base_url).rstrip("/")))


@router.get("/properties", summary="Properties a treaty can be extended with")
def propose_properties(request: Request, type: str = TYPE["id"], limit: int = 20) -> JSONResponse:
    props = [{"id": k, "name": name} for k, (name, _) in PROPERTIES.items()] if type == TYPE["id"] else []
    return _json({"type": type, "limit": limit, "properties": props[: max(0, limit)]})


@router.get("/preview", response_class=HTMLResponse, summary="A small HTML card for one treaty")
def preview(request: Request, id: str) -> HTMLResponse:
    r = treaty_record(get_conn(request), id)
    if r is None:
        raise HTTPException(404, f"no treaty {id!r}")
    rows = [
        ("签订", (r.get("signed") or {}).get("value")),
        ("地点", (r.get("place") or {}).get("name")),
        ("缔约方", "、".join(dict.fromkeys(p["name"] for p in r.get("parties") or []))),
        ("签署人", "、".join(dict.fromkeys(s["name"] for s in r.get("signatories") or []))),
        ("别名", "、".join(r.get("aliases") or [])),
    ]
    cells = "".join(f"<tr><th>{k}</th><td>{html.escape(v)}</td></tr>" for k, v in rows if v)
    body = (
        '<html><head><meta charset="utf-8"></head><body style="font:13px sans-serif;margin:4px">'
        f"<b>{html.escape(r['title'])}</b><table>{cells}</table></body></html>"
    )
    return HTMLResponse(body)
