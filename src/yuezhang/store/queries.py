"""Read-side queries over the store: treaties, entities, timeline, graph, places.

The HTTP API and the exporters share these so that a filter means the same thing
everywhere. Every query is parameterised; names given by a user are matched in
both scripts (as given, folded to simplified, converted to traditional), since
stored names may be in either.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from yuezhang.document import Document
from yuezhang.store.search import MAX_QUERY, match_query
from yuezhang.variants import convert, fold

#: Sort keys a caller may ask for, mapped to SQL expressions over `t` (treaties) and `d` (documents).
SORTS = {
    "signed": "t.signed",
    "effective": "t.effective",
    "ended": "t.ended",
    "title": "d.folded_title",
    "place": "t.place",
    "article_count": "t.article_count",
    "area_km2": "t.area_km2",
    "id": "t.doc_id",
}
#: Sort keys that may be missing (NULL); such treaties come last in either order.
NULLABLE = frozenset({"signed", "effective", "ended", "place", "article_count", "area_km2"})
ORDERS = ("asc", "desc")
MAX_LIMIT = 200
MAX_Q = MAX_QUERY
#: Sort keys whose index a page query can walk in order (the others sort every match).
WALKABLE = frozenset({"signed", "effective", "ended", "place", "id"})
#: The condition for a text query's matches. Bigram phrases make the index's answer cheap (a
#: millisecond for ten thousand matches), so each statement asks it again, in C, rather than
#: passing Python a list of every match.
_TEXT_MATCHES = "t.doc_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)"

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Names = str | Sequence[str] | None


def _dicts(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _one(cur: sqlite3.Cursor) -> dict[str, Any] | None:
    rows = _dicts(cur)
    return rows[0] if rows else None


def spellings(name: str) -> list[str]:
    """A name as given, in simplified and in traditional script (stored names may be either)."""
    name = name.strip()
    out = [name, fold(name), convert(name, "zh-hant")]
    return list(dict.fromkeys(out))


def check_date(value: str) -> str:
    """Validate a YYYY[-MM[-DD]] date (a real calendar date); raise ValueError saying why not."""
    m = _DATE.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = m.groups()
    try:
        date(int(y), int(mo or 1), int(d or 1))
    except ValueError as e:
        raise ValueError(f"{value!r} is not a calendar date: {e}") from None
    return value


def _as_list(names: Names) -> list[str]:
    if names is None:
        return []
    if isinstance(names, str):
        names = [names]
    return [n for n in names if n and n.strip()]


def _in(values: Sequence[str]) -> str:
    return ", ".join("?" for _ in values)


def treaty_filter(
    party: Names = None,
    signatory: Names = None,
    place: Names = None,
    year_from: int | None = None,
    year_to: int | None = None,
    in_force_on: str | None = None,
    q: str | None = None,
) -> tuple[str, list[Any]]:
    """SQL conditions over `t` (the treaties view) for the given filters.

    Several parties (or signatories) all have to match; each name matches in either script.
    """
    where: list[str] = ["1"]
    params: list[Any] = []
    for p in _as_list(party):
        names = spellings(p)
        where.append(
            f"t.doc_id IN (SELECT doc_id FROM facts WHERE field = 'party' AND value IN ({_in(names)}))"
        )
        params += names
    for s in _as_list(signatory):
        names = spellings(s)
        likes = " OR ".join("value LIKE ? ESCAPE '\\'" for _ in names)
        where.append(
            "t.doc_id IN (SELECT doc_id FROM facts WHERE field = 'signatory' "
            f"AND (value IN ({_in(names)}) OR {likes}))"
        )
        params += names + ["%·" + _escape_like(n) for n in names]
    for pl in _as_list(place):
        names = spellings(pl)
        where.append(
            f"(t.place IN ({_in(names)}) OR t.doc_id IN "
            f"(SELECT doc_id FROM facts WHERE field = 'place' AND value IN ({_in(names)})))"
        )
        params += names + names
    if year_from is not None:
        where.append("t.signed >= ?")
        params.append(f"{year_from:04d}")
    if year_to is not None:
        where.append("t.signed < ?")
        params.append(f"{year_to + 1:04d}")
    if in_force_on:
        check_date(in_force_on)
        # Compare at the coarser of the two precisions: "1950" is on or before "1950-02-14".
        start = "substr({c}, 1, min(length({c}), length(?))) <= substr(?, 1, min(length({c}), length(?)))"
        where.append(f"(({start.format(c='t.signed')}) OR ({start.format(c='t.effective')}))")
        params += [in_force_on] * 6
        where.append(
            "(t.ended IS NULL OR substr(t.ended, 1, min(length(t.ended), length(?))) "
            ">= substr(?, 1, min(length(t.ended), length(?))))"
        )
        params += [in_force_on] * 3
    if q and q.strip():
        try:  # the text index holds titles and aliases too
            params.append(match_query(q))
            where.append(_TEXT_MATCHES)
        except ValueError:  # nothing the text index can look for (punctuation ...): match names by substring
            where.append(
                "t.doc_id IN (SELECT id FROM documents WHERE folded_title LIKE ? ESCAPE '\\' "
                "UNION SELECT doc_id FROM aliases WHERE folded LIKE ? ESCAPE '\\')"
            )
            params += ["%" + _escape_like(fold(q.strip())) + "%"] * 2
    return " AND ".join(where), params


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_treaties(
    conn: sqlite3.Connection,
    party: Names = None,
    signatory: Names = None,
    place: Names = None,
    year_from: int | None = None,
    year_to: int | None = None,
    in_force_on: str | None = None,
    q: str | None = None,
    sort: str = "signed",
    order: str = "asc",
    limit: int | None = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Treaties matching the filters: (how many match, one page of rows with their parties).

    `limit=None` returns every match (for exports). Unknown sorts or orders raise ValueError.
    Undated (or unplaced ...) treaties sort last in either order.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    if order not in ORDERS:
        raise ValueError("order must be asc or desc")
    if limit is not None and not 0 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
    if offset < 0:
        raise ValueError("offset must be 0 or more")
    where, params = treaty_filter(party, signatory, place, year_from, year_to, in_force_on, q)
    total = _count(conn, where, params)
    if _TEXT_MATCHES in where and sort in WALKABLE and _walk(conn, total, limit, offset):
        # A unary + keeps SQLite from looking the matches up one by one (and sorting them all):
        # it walks the sort column's index instead and stops at the page's end.
        where = where.replace(_TEXT_MATCHES, "+" + _TEXT_MATCHES)
    col, direction = SORTS[sort], order.upper()
    select = (
        "SELECT t.doc_id AS id, t.title, d.path, t.signed, t.signed_precision, t.effective, t.ended, "
        "t.place, t.lat, t.lon, t.article_count, t.area_km2 FROM treaties t JOIN documents d ON d.id = t.doc_id "
    )

    def page(cond: str, want: int | None, skip: int) -> list[dict[str, Any]]:
        tail = "" if want is None else " LIMIT ? OFFSET ?"
        return _dicts(
            conn.execute(
                f"{select} WHERE {cond} ORDER BY {col} {direction}, t.doc_id {direction}{tail}",
                params + ([] if want is None else [want, skip]),
            )
        )

    if sort not in NULLABLE:
        rows = page(where, limit, offset)
    else:
        # Valued rows in index order, then the missing ones: each part can walk an index, where
        # one ORDER BY "col IS NULL, col" would sort every match first.
        rows = page(f"{where} AND {col} IS NOT NULL", limit, offset)
        if limit is None or len(rows) < limit:
            n_valued = offset + len(rows) if rows else _count(conn, f"{where} AND {col} IS NOT NULL", params)
            want = None if limit is None else limit - len(rows)
            rows += page(f"{where} AND {col} IS NULL", want, max(0, offset - n_valued))
    _attach_parties(conn, rows)
    return total, rows


def _walk(conn: sqlite3.Connection, total: int, limit: int | None, offset: int) -> bool:
    """Whether a page of `total` text matches is found sooner by walking the sort index than by sorting them.

    Walking reads about (offset + limit) * treaties / total index entries before the page is
    full; sorting reads every match. The largest id stands in for the number of treaties.
    """
    if limit is None:
        return False
    (n,) = conn.execute("SELECT max(doc_id) FROM records").fetchone()
    return total * total > (offset + limit) * (n or 0)


def _count(conn: sqlite3.Connection, where: str, params: list[Any]) -> int:
    return conn.execute(f"SELECT count(*) FROM treaties t WHERE {where}", params).fetchone()[0]


def _attach_parties(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Give each row its parties' names in one query for the whole page."""
    by_id: dict[int, list[str]] = {r["id"]: [] for r in rows}
    for chunk in _chunks(list(by_id), 500):
        cur = conn.execute(
            f"SELECT doc_id, value FROM facts WHERE field = 'party' AND doc_id IN ({_in(chunk)}) ORDER BY id",
            chunk,
        )
        for doc_id, value in cur:
            if value not in by_id[doc_id]:
                by_id[doc_id].append(value)
    for r in rows:
        r["parties"] = by_id[r["id"]]


def _chunks(items: list[Any], n: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def treaty_facets(conn: sqlite3.Connection, top: int = 20, **filters: Any) -> dict[str, list[dict[str, Any]]]:
    """Counts of the filtered treaties by party, century of signing and place (the list's facets)."""
    where, params = treaty_filter(**filters)
    if where == "1":  # no filter: only treaties have facts (extraction runs on nothing else)
        party = conn.execute(
            "SELECT value, count(DISTINCT doc_id) AS n FROM facts WHERE field = 'party' "
            "GROUP BY value ORDER BY n DESC, value LIMIT ?",
            [top],
        ).fetchall()
    else:
        party = conn.execute(
            "SELECT value, count(DISTINCT doc_id) AS n FROM facts WHERE field = 'party' "
            f"AND doc_id IN (SELECT t.doc_id FROM treaties t WHERE {where}) GROUP BY value ORDER BY n DESC, value LIMIT ?",
            params + [top],
        ).fetchall()
    century = conn.execute(
        "SELECT (CAST(substr(t.signed, 1, 4) AS INTEGER) - 1) / 100 + 1 AS c, count(*) AS n FROM treaties t "
        f"WHERE t.signed IS NOT NULL AND {where} GROUP BY c ORDER BY c",
        params,
    ).fetchall()
    place = conn.execute(
        f"SELECT t.place, count(*) AS n FROM treaties t WHERE t.place IS NOT NULL AND {where} "
        "GROUP BY t.place ORDER BY n DESC, t.place LIMIT ?",
        params + [top],
    ).fetchall()
    return {
        "party": [{"value": v, "count": n} for v, n in party],
        "century": [{"value": c, "count": n} for c, n in century],
        "place": [{"value": v, "count": n} for v, n in place],
    }


def resolve_treaty(conn: sqlite3.Connection, key: str | int) -> int | None:
    """A treaty's document id from its id, its title or an alias (either script)."""
    if isinstance(key, int) or str(key).isdigit():
        row = conn.execute("SELECT doc_id FROM treaties WHERE doc_id = ?", (int(key),)).fetchone()
        return row[0] if row else None
    folded = fold(str(key).strip())
    row = conn.execute(
        "SELECT t.doc_id FROM treaties t JOIN documents d ON d.id = t.doc_id WHERE d.folded_title = ? "
        "UNION ALL SELECT a.doc_id FROM aliases a JOIN treaties t ON t.doc_id = a.doc_id WHERE a.folded = ? "
        "LIMIT 1",
        (folded, folded),
    ).fetchone()
    return row[0] if row else None


def get_treaty(conn: sqlite3.Connection, doc_id_or_title: str | int) -> dict[str, Any] | None:
    """One treaty with its record, every fact with evidence, its entities and its relations."""
    doc_id = resolve_treaty(conn, doc_id_or_title)
    if doc_id is None:
        return None
    t = _one(
        conn.execute(
            "SELECT t.doc_id AS id, t.title, d.path, d.format, t.signed, t.signed_precision, t.effective, "
            "t.ended, t.place, t.lat, t.lon, t.article_count, t.area_km2, t.record, length(d.plain) AS length "
            "FROM treaties t JOIN documents d ON d.id = t.doc_id WHERE t.doc_id = ?",
            (doc_id,),
        )
    )
    assert t is not None
    t["record"] = json.loads(t["record"])
    facts = _dicts(
        conn.execute(
            "SELECT id, field, value, data, start, end, source_start, source_end, sentence "
            "FROM facts WHERE doc_id = ? ORDER BY id",
            (doc_id,),
        )
    )
    for f in facts:
        f["data"] = json.loads(f["data"])
    t["facts"] = facts
    t["entities"] = _dicts(
        conn.execute(
            "SELECT e.id, e.kind, e.name, m.role, m.fact_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.doc_id = ? ORDER BY m.role, e.name",
            (doc_id,),
        )
    )
    t["related"] = _dicts(
        conn.execute(
            "SELECT r.target_title AS title, r.relation, r.fact_id, "
            "(SELECT doc_id FROM treaties WHERE doc_id = r.target_doc_id) AS target_id "
            "FROM relations r WHERE r.doc_id = ? ORDER BY r.id",
            (doc_id,),
        )
    )
    t["cited_by"] = _dicts(
        conn.execute(
            "SELECT r.doc_id AS id, t.title, r.relation FROM relations r JOIN treaties t ON t.doc_id = r.doc_id "
            "WHERE r.target_doc_id = ? AND r.doc_id != ? ORDER BY t.signed, t.doc_id",
            (doc_id, doc_id),
        )
    )
    return t


def document_passage(conn: sqlite3.Connection, doc_id: int, start: int, end: int) -> dict[str, Any] | None:
    """The paragraph(s) holding plain[start:end], in parts: context, the sentence, the span itself.

    Parts (rather than offsets) let a page highlight the evidence even after the text is
    converted to another script, which may change its length. None when there is no such
    document; ValueError when the span is not inside it.
    """
    row = conn.execute("SELECT title, path, plain FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    title, path, plain = row
    if not 0 <= start <= end <= len(plain):
        raise ValueError(f"the span must satisfy 0 <= start <= end <= {len(plain)}")
    left = plain.rfind("\n", 0, start) + 1
    right = plain.find("\n", end)
    right = len(plain) if right == -1 else right
    sent = Document(title=title, path=path, format="plain", source="", plain=plain, offsets=[]).sentence_span(
        start, end
    )
    s_left, s_right = max(left, min(sent.start, start)), min(right, max(sent.end, end))
    cuts = [
        (left, s_left, "context"),
        (s_left, start, "sentence"),
        (start, end, "evidence"),
        (end, s_right, "sentence"),
        (s_right, right, "context"),
    ]
    parts = [{"text": plain[a:b], "role": role} for a, b, role in cuts if b > a]
    return {"id": doc_id, "title": title, "path": path, "start": left, "end": right, "parts": parts}


def list_entities(
    conn: sqlite3.Connection, kind: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """Entities (polities, people, places), those named in most treaties first."""
    where, params = ["1"], []
    if kind:
        where.append("e.kind = ?")
        params.append(kind)
    if q and q.strip():
        where.append("e.folded LIKE ? ESCAPE '\\'")
        params.append("%" + _escape_like(fold(q.strip())) + "%")
    cond = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM entities e WHERE {cond}", params).fetchone()[0]
    rows = _dicts(
        conn.execute(
            "SELECT e.id, e.kind, e.name, "
            "(SELECT count(DISTINCT m.doc_id) FROM mentions m WHERE m.entity_id = e.id) AS treaties "
            f"FROM entities e WHERE {cond} ORDER BY treaties DESC, e.name LIMIT ? OFFSET ?",
            params + [limit, offset],
        )
    )
    return total, rows


def get_entity(conn: sqlite3.Connection, entity_id: int) -> dict[str, Any] | None:
    """One entity with the treaties it appears in and its role in each."""
    e = _one(conn.execute("SELECT id, kind, name, data FROM entities WHERE id = ?", (entity_id,)))
    if e is None:
        return None
    e["data"] = json.loads(e["data"] or "{}")
    e["treaties"] = _dicts(
        conn.execute(
            "SELECT t.doc_id AS id, t.title, t.signed, group_concat(DISTINCT m.role) AS roles "
            "FROM mentions m JOIN treaties t ON t.doc_id = m.doc_id WHERE m.entity_id = ? "
            "GROUP BY t.doc_id ORDER BY t.signed IS NULL, t.signed, t.doc_id",
            (entity_id,),
        )
    )
    for t in e["treaties"]:
        t["roles"] = sorted(t["roles"].split(","))
    return e


def timeline(conn: sqlite3.Connection, limit: int = 2000, **filters: Any) -> list[dict[str, Any]]:
    """Dated treaties in order of signing, with their parties (for a timeline)."""
    where, params = treaty_filter(**filters)
    rows = _dicts(
        conn.execute(
            "SELECT t.doc_id AS id, t.title, t.signed, t.signed_precision, t.effective, t.ended, t.place "
            f"FROM treaties t WHERE t.signed IS NOT NULL AND {where} "
            "ORDER BY t.signed, t.doc_id LIMIT ?",
            params + [limit],
        )
    )
    _attach_parties(conn, rows)
    return rows


def graph(conn: sqlite3.Connection, limit: int = 500, **filters: Any) -> dict[str, list[dict[str, Any]]]:
    """Treaties, their parties and the agreements they name, as nodes and typed edges.

    Node ids: "t<doc id>" for treaties in the store, "p:<name>" for parties and
    "x:<title>" for named agreements that are not in the store.
    """
    where, params = treaty_filter(**filters)
    treaties = _dicts(
        conn.execute(
            "SELECT t.doc_id AS id, t.title, t.signed FROM treaties t "
            f"WHERE {where} ORDER BY t.signed IS NULL, t.signed, t.doc_id LIMIT ?",
            params + [limit],
        )
    )
    ids = [t["id"] for t in treaties]
    nodes = {
        f"t{t['id']}": {"id": f"t{t['id']}", "kind": "treaty", **{k: t[k] for k in ("title", "signed")}}
        for t in treaties
    }
    for t in treaties:
        nodes[f"t{t['id']}"]["doc_id"] = t["id"]
    edges: list[dict[str, Any]] = []
    for chunk in _chunks(ids, 500):
        marks = _in(chunk)
        for doc_id, value in conn.execute(
            f"SELECT DISTINCT doc_id, value FROM facts WHERE field = 'party' AND doc_id IN ({marks})", chunk
        ):
            nodes.setdefault(f"p:{value}", {"id": f"p:{value}", "kind": "party", "title": value})
            edges.append({"source": f"t{doc_id}", "target": f"p:{value}", "relation": "party"})
        for doc_id, title, target, relation in conn.execute(
            "SELECT r.doc_id, r.target_title, (SELECT doc_id FROM treaties WHERE doc_id = r.target_doc_id), "
            f"r.relation FROM relations r WHERE r.doc_id IN ({marks}) ORDER BY r.id",
            chunk,
        ):
            if target == doc_id:
                continue
            if target is not None:
                tid = f"t{target}"
                if tid not in nodes:
                    continue  # a treaty outside the filtered set
            else:
                tid = f"x:{title}"
                nodes.setdefault(tid, {"id": tid, "kind": "agreement", "title": title})
            edges.append({"source": f"t{doc_id}", "target": tid, "relation": relation})
    return {"nodes": list(nodes.values()), "edges": _dedupe(edges)}


def _dedupe(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for e in edges:
        k = (e["source"], e["target"], e["relation"])
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


def places_geojson(conn: sqlite3.Connection, per_place: int = 20, **filters: Any) -> dict[str, Any]:
    """Signing places with coordinates as GeoJSON points: how many treaties each, and the first few.

    The first `per_place` treaties (by id) of each place are listed, earliest signed first;
    the rest are a list filter (`place=`) away. Only index pages are read to choose them.
    """
    where, params = treaty_filter(**filters)
    chosen = conn.execute(
        "SELECT doc_id, place, lat, lon, n FROM (SELECT t.doc_id, t.place, t.lat, t.lon, "
        "row_number() OVER w AS k, count(*) OVER (PARTITION BY t.place, t.lat, t.lon) AS n "
        f"FROM treaties t WHERE t.lat IS NOT NULL AND t.lon IS NOT NULL AND {where} "
        "WINDOW w AS (PARTITION BY t.place, t.lat, t.lon ORDER BY t.doc_id)) WHERE k <= ?",
        params + [per_place],
    ).fetchall()
    feats: dict[tuple[str, float, float], dict[str, Any]] = {}
    where_of: dict[int, tuple[str, float, float]] = {}
    for doc_id, place, lat, lon, n in chosen:
        key = (place or "", lat, lon)
        where_of[doc_id] = key
        feats.setdefault(
            key,
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"name": place, "count": n, "treaties": []},
            },
        )
    for chunk in _chunks(list(where_of), 500):
        for doc_id, title, signed in conn.execute(
            f"SELECT doc_id, title, signed FROM treaties WHERE doc_id IN ({_in(chunk)})", chunk
        ):
            feats[where_of[doc_id]]["properties"]["treaties"].append(
                {"id": doc_id, "title": title, "signed": signed}
            )
    for f in feats.values():
        f["properties"]["treaties"].sort(key=lambda t: (t["signed"] is None, t["signed"] or "", t["id"]))
    return {
        "type": "FeatureCollection",
        "features": sorted(feats.values(), key=lambda f: -f["properties"]["count"]),
    }


def annotate_records(conn: sqlite3.Connection, items: list[dict[str, Any]]) -> None:
    """Mark each item (by its document `id`) with whether it is a treaty and when it was signed."""
    ids = [i["id"] for i in items]
    known: dict[int, tuple[bool, str | None]] = {}
    for chunk in _chunks(ids, 500):
        for doc_id, is_treaty, signed in conn.execute(
            f"SELECT doc_id, is_treaty, signed FROM records WHERE doc_id IN ({_in(chunk)})", chunk
        ):
            known[doc_id] = (bool(is_treaty), signed)
    for i in items:
        i["is_treaty"], i["signed"] = known.get(i["id"], (False, None))
