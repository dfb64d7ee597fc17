"""JSON-LD export: treaties as linked data in schema.org and Wikidata terms.

The `@context` is a data file (`yuezhang/data/jsonld_context.json`), embedded in
every export so the file stands alone. Treaties, polities, people and places get
`urn:yuezhang:` IRIs; polities known to Wikidata (`wikidata_items.tsv`) are
`owl:sameAs` their Wikidata item. Dates carry their precision as their XSD type
(xsd:date, xsd:gYearMonth, xsd:gYear).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from yuezhang.export.select import Treaty
from yuezhang.export.wikidata import known_items

BASE = "urn:yuezhang:"
XSD_BY_PRECISION = {"day": "xsd:date", "month": "xsd:gYearMonth", "year": "xsd:gYear"}
#: Relation kinds (RelatedFact.relation) to the context's terms.
RELATION_TERMS = {
    "based_on": "basedOn",
    "supplements": "supplements",
    "signed_together": "signedTogether",
    "amends": "amends",
    "replaces": "replaces",
    "abrogates": "abrogates",
    "cites": "cites",
    "mentioned": "mentions",
}


@cache
def context() -> dict[str, Any]:
    """The published @context (the object under the file's "@context" key)."""
    text = resources.files("yuezhang.data").joinpath("jsonld_context.json").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


def iri(kind: str, key: str | int) -> str:
    return f"{BASE}{kind}:{quote(str(key), safe='')}"


def _date(fact: dict[str, Any] | None) -> dict[str, str] | None:
    if not fact:
        return None
    return {"@value": fact["value"], "@type": XSD_BY_PRECISION.get(fact["precision"], "xsd:date")}


def _polity(name: str, qids: dict[str, str]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": iri("polity", name), "@type": "Country", "name": name}
    if name in qids:
        node["sameAs"] = f"wd:{qids[name]}"
    return node


def treaty_node(t: Treaty, entities: dict[str, dict[str, Any]], qids: dict[str, str]) -> dict[str, Any]:
    """The treaty's node; the polities, people and places it names are added to `entities`."""
    r = t.record
    node: dict[str, Any] = {
        "@id": iri("treaty", t.id),
        "@type": ["Treaty", "Legislation"],
        "name": r["title"],
    }
    if r.get("aliases"):
        node["alternateName"] = r["aliases"]
    for key in ("signed", "effective", "ended"):
        if r.get(key):
            node[key] = _date(r[key])
    place = r.get("place")
    if place:
        pid = iri("place", place["name"])
        node["place"] = pid
        p: dict[str, Any] = {"@id": pid, "@type": "Place", "name": place["name"]}
        if place.get("other_names"):
            p["alternateName"] = place["other_names"]
        if place.get("lat") is not None and place.get("lon") is not None:
            p["geo"] = {"@type": "GeoCoordinates", "latitude": place["lat"], "longitude": place["lon"]}
        entities.setdefault(pid, p)
    parties = list(dict.fromkeys(p["name"] for p in r.get("parties") or []))
    if parties:
        node["parties"] = [iri("polity", name) for name in parties]
        for name in parties:
            entities.setdefault(iri("polity", name), _polity(name, qids))
    people = []
    for s in r.get("signatories") or []:
        pid = iri("person", s["name"])
        people.append(pid)
        person = entities.setdefault(pid, {"@id": pid, "@type": "Person", "name": s["name"]})
        if s.get("side"):
            person["signedFor"] = iri("polity", s["side"])
            entities.setdefault(iri("polity", s["side"]), _polity(s["side"], qids))
        if s.get("office"):
            person["jobTitle"] = s["office"]
    if people:
        node["signatories"] = list(dict.fromkeys(people))
    if r.get("article_count") is not None:
        node["articleCount"] = r["article_count"]
    if r.get("area_km2") is not None:
        node["areaKm2"] = r["area_km2"]
    if r.get("status"):
        node["status"] = [s["status"] for s in r["status"]]
    for rel in t.relations:
        term = RELATION_TERMS.get(rel["relation"], "mentions")
        target: Any = (
            iri("treaty", rel["target_id"])
            if rel["target_id"] is not None
            else {"@type": "Treaty", "name": rel["title"]}
        )
        node.setdefault(term, []).append(target)
    source = r.get("source") or {}
    if source.get("url"):
        node["isBasedOn"] = source["url"]
    if source.get("path"):
        node["source"] = source["path"]
    return node


def document(treaties: list[Treaty]) -> dict[str, Any]:
    """The whole export as one JSON-LD document with an embedded @context."""
    qids = known_items()
    entities: dict[str, dict[str, Any]] = {}
    nodes = [treaty_node(t, entities, qids) for t in treaties]
    return {"@context": context(), "@graph": nodes + list(entities.values())}


def write_jsonld(treaties: list[Treaty], output: Path) -> int:
    with open(output, "w", encoding="utf-8") as fh:
        json.dump(document(treaties), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return len(treaties)
