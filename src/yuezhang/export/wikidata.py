"""Wikidata terms for the exports: property ids, known items, and a user's name → Qid map."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from yuezhang.knowledge import read_table
from yuezhang.variants import fold

QID = re.compile(r"^Q[1-9]\d*$")


@cache
def config() -> dict[str, Any]:
    """`yuezhang/data/wikidata.json`: which property states which fact, and the references' terms."""
    return json.loads(resources.files("yuezhang.data").joinpath("wikidata.json").read_text(encoding="utf-8"))


def known_items() -> dict[str, str]:
    """Canonical names with a Wikidata item (`wikidata_items.tsv`)."""
    return {row["name"]: row["qid"] for row in read_table("wikidata_items.tsv")}


def read_qid_map(path: str | Path) -> dict[str, str]:
    """A user's CSV of `name,Qid` rows (a header row is allowed); raises ValueError on a bad Qid."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.reader(fh), 1):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            if len(row) < 2:
                raise ValueError(f"{path}:{n}: expected name,Qid")
            name, qid = row[0].strip(), row[1].strip().upper()
            if not QID.match(qid):
                if n == 1:
                    continue  # a header row
                raise ValueError(f"{path}:{n}: {row[1]!r} is not a Wikidata item id (Q123)")
            out[name] = qid
    return out


class QidMap:
    """Looks names up in the built-in table and the user's map (which wins), in either script."""

    def __init__(self, user: dict[str, str] | None = None) -> None:
        merged = {**known_items(), **(user or {})}
        self._by_name = {fold(k): v for k, v in merged.items()}

    def get(self, name: str | None) -> str | None:
        return self._by_name.get(fold(name)) if name else None

    def first(self, names: list[str]) -> str | None:
        return next((q for q in map(self.get, names) if q), None)
