"""Make a knowledge base of N synthetic treaties quickly, for load tests of the API.

    .venv/bin/python bench/synthetic_kb.py --db /tmp/synthetic.db --treaties 100000

Rows are written straight into the store's schema (documents, records, facts,
entities, mentions, aliases, relations, search_fts), shaped like what `yuezhang
build` writes: each treaty has a short generated text, a signing date, place, two
parties, two signatories, an alias and a relation to an earlier treaty, every fact
with an evidence span in that text. Polity names and agreement words come from the
project's data tables; people and places are made-up names.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

from yuezhang.knowledge import read_table
from yuezhang.store import db
from yuezhang.store.search import tokens
from yuezhang.variants import fold

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "德明文武安国忠良仁义礼智信和平永昌泰兴盛光宗远达"
PLACE_PARTS = ("江", "河", "山", "城", "港", "州", "津", "堡", "湾", "岭")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _places(rng: random.Random, n: int) -> list[tuple[str, float, float]]:
    names: dict[str, tuple[float, float]] = {}
    while len(names) < n:
        name = rng.choice(GIVEN) + rng.choice(GIVEN) + rng.choice(PLACE_PARTS)
        names[name] = (round(rng.uniform(-40, 65), 4), round(rng.uniform(-120, 150), 4))
    return [(k, lat, lon) for k, (lat, lon) in names.items()]


class Writer:
    """Writes one synthetic treaty at a time, keeping entity ids."""

    def __init__(self, conn, rng: random.Random) -> None:
        self.conn = conn
        self.rng = rng
        self.entities: dict[tuple[str, str], int] = {}

    def entity(self, kind: str, name: str) -> int:
        key = (kind, name)
        if key not in self.entities:
            cur = self.conn.execute(
                "INSERT INTO entities (kind, name, folded) VALUES (?, ?, ?)", (kind, name, fold(name))
            )
            self.entities[key] = cur.lastrowid
        return self.entities[key]

    def fact(
        self, doc_id: int, path: str, plain: str, field: str, value: str, data: dict, span: tuple[int, int]
    ):
        s, e = span
        sentence = plain[plain.rfind("。", 0, s) + 1 : plain.find("。", e) + 1]
        data = {
            **data,
            "evidence": {
                "path": path,
                "start": s,
                "end": e,
                "text": plain[s:e],
                "sentence": sentence,
                "source_start": s,
                "source_end": e,
            },
        }
        cur = self.conn.execute(
            "INSERT INTO facts (doc_id, field, value, data, start, end, source_start, source_end, sentence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, field, value, json.dumps(data, ensure_ascii=False), s, e, s, e, sentence),
        )
        return cur.lastrowid, data

    def treaty(
        self, i: int, polities: list[str], suffixes: list[str], places: list[tuple[str, float, float]]
    ):
        rng = self.rng
        a, b = rng.sample(polities, 2)
        place, lat, lon = rng.choice(places)
        suffix = rng.choice(suffixes)
        title = f"{a[:2]}{b[:2]}{place}第{i}号{suffix}"
        alias = f"{place}{suffix}{i}"
        year, month, day = rng.randint(1600, 2020), rng.randint(1, 12), rng.randint(1, 28)
        signed = f"{year:04d}-{month:02d}-{day:02d}"
        sa, sb = _person(rng), _person(rng)
        parts = [
            (None, f"{title}，又称{alias}，是"),
            ("party_a", a),
            (None, "与"),
            ("party_b", b),
            (None, "于"),
            ("signed", f"{year}年{month}月{day}日"),
            (None, "在"),
            ("place", place),
            (None, f"签订的{suffix}。代表"),
            ("sig_a", sa),
            (None, "与"),
            ("sig_b", sb),
            (None, f"签字。本约以第{max(1, i - 1)}号约为基础，共{rng.randint(2, 30)}条。"),
        ]
        plain, spans = "", {}
        for key, text in parts:
            if key:
                spans[key] = (len(plain), len(plain) + len(text))
            plain += text
        path = f"synthetic/{i:06d}.txt"
        cur = self.conn.execute(
            "INSERT INTO documents (key, path, title, folded_title, format, content_hash, source, plain, offsets, "
            "structure) VALUES (?, ?, ?, ?, 'plain', ?, ?, ?, ?, '{}')",
            (
                f"/synthetic/{i}",
                path,
                title,
                fold(title),
                hashlib.sha256(plain.encode()).hexdigest(),
                plain,
                plain,
                db.pack_offsets(list(range(len(plain) + 1))),
            ),
        )
        doc_id = cur.lastrowid
        record: dict = {
            "source": {"path": path},
            "title": title,
            "format": "plain",
            "is_treaty": True,
            "aliases": [alias],
            "parties": [],
            "signatories": [],
        }
        self.conn.execute(
            "INSERT INTO aliases (doc_id, name, folded, how) VALUES (?, ?, ?, 'marker')",
            (doc_id, alias, fold(alias)),
        )
        _, record["signed"] = self.fact(
            doc_id,
            path,
            plain,
            "signed",
            signed,
            {
                "value": signed,
                "precision": "day",
                "text": plain[slice(*spans["signed"])],
                "calendar": "gregorian",
                "end": None,
            },
            spans["signed"],
        )
        fid, record["place"] = self.fact(
            doc_id,
            path,
            plain,
            "place",
            place,
            {"name": place, "surface": place, "other_names": [], "lat": lat, "lon": lon},
            spans["place"],
        )
        self._mention(doc_id, "place", place, "place", fid)
        for key, name in (("party_a", a), ("party_b", b)):
            fid, data = self.fact(
                doc_id, path, plain, "party", name, {"name": name, "surface": name}, spans[key]
            )
            record["parties"].append(data)
            self._mention(doc_id, "polity", name, "party", fid)
        for key, name, side in (("sig_a", sa, a), ("sig_b", sb, b)):
            fid, data = self.fact(
                doc_id,
                path,
                plain,
                "signatory",
                name,
                {"name": name, "surface": name, "side": side, "office": None},
                spans[key],
            )
            record["signatories"].append(data)
            self._mention(doc_id, "person", name, "signatory", fid)
        if i > 1:
            target = doc_id - 1
            ttitle = self.conn.execute("SELECT title FROM documents WHERE id = ?", (target,)).fetchone()[0]
            fid, data = self.fact(
                doc_id,
                path,
                plain,
                "related",
                ttitle,
                {"title": ttitle, "relation": "based_on"},
                (len(plain) - 12, len(plain) - 8),
            )
            record["related"] = [data]
            self.conn.execute(
                "INSERT INTO relations (doc_id, target_title, target_folded, target_doc_id, relation, fact_id) "
                "VALUES (?, ?, ?, ?, 'based_on', ?)",
                (doc_id, ttitle, fold(ttitle), target, fid),
            )
        self.conn.execute(
            "INSERT INTO records (doc_id, is_treaty, title, signed, signed_precision, place, lat, lon, record) "
            "VALUES (?, 1, ?, ?, 'day', ?, ?, ?, ?)",
            (doc_id, title, signed, place, lat, lon, json.dumps(record, ensure_ascii=False)),
        )
        self.conn.execute(
            "INSERT INTO search_fts (rowid, title, aliases, body) VALUES (?, ?, ?, ?)",
            (doc_id, tokens(title), tokens(alias), tokens(plain)),
        )

    def _mention(self, doc_id: int, kind: str, name: str, role: str, fact_id: int) -> None:
        self.conn.execute(
            "INSERT INTO mentions (doc_id, entity_id, role, fact_id) VALUES (?, ?, ?, ?)",
            (doc_id, self.entity(kind, name), role, fact_id),
        )


def make(path: Path, n: int, seed: int = 5) -> None:
    """Write a fresh knowledge base of `n` synthetic treaties at `path`."""
    path.unlink(missing_ok=True)
    conn = db.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(seed)
    polities = [r["name"] for r in read_table("polities.tsv")]
    suffixes = [r["suffix"] for r in read_table("agreement_suffixes.tsv")]
    w = Writer(conn, rng)
    places = _places(rng, 400)
    conn.execute("BEGIN")
    for i in range(1, n + 1):
        w.treaty(i, polities, suffixes, places)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--treaties", type=int, default=100_000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    make(args.db, args.treaties)
    print(f"{args.treaties} treaties -> {args.db} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
