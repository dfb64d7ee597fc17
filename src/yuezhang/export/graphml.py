"""GraphML export: treaties, polities, people and places as nodes, typed edges between them.

Node ids are `treaty:<id>`, `polity:<name>`, `person:<name>`, `place:<name>` and
`agreement:<title>` (an agreement a treaty names that is not in the export). Every
node has `kind` and `label`; every edge has `type`: `party` (treaty → polity),
`signed` (person → treaty), `signed_for` (person → polity), `signed_at` (treaty →
place), or a relation kind (`based_on`, `supplements`, ... treaty → treaty).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from yuezhang.export.select import Treaty


def _add_edge(g: nx.MultiDiGraph, source: str, target: str, kind: str) -> None:
    if not g.has_edge(source, target, key=kind):
        g.add_edge(source, target, key=kind, type=kind)


def graph(treaties: list[Treaty]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="yuezhang treaties")
    exported = {t.id for t in treaties}
    for t in treaties:
        r = t.record
        tid = f"treaty:{t.id}"
        g.add_node(
            tid,
            kind="treaty",
            label=r["title"],
            signed=r["signed"]["value"] if r.get("signed") else "",
            aliases="|".join(r.get("aliases") or []),
        )
        for p in r.get("parties") or []:
            g.add_node(f"polity:{p['name']}", kind="polity", label=p["name"])
            _add_edge(g, tid, f"polity:{p['name']}", "party")
        for s in r.get("signatories") or []:
            pid = f"person:{s['name']}"
            g.add_node(pid, kind="person", label=s["name"])
            if s.get("office"):
                g.nodes[pid]["office"] = s["office"]
            _add_edge(g, pid, tid, "signed")
            if s.get("side"):
                g.add_node(f"polity:{s['side']}", kind="polity", label=s["side"])
                _add_edge(g, pid, f"polity:{s['side']}", "signed_for")
        place = r.get("place")
        if place:
            nid = f"place:{place['name']}"
            g.add_node(nid, kind="place", label=place["name"])
            if place.get("lat") is not None and place.get("lon") is not None:
                g.nodes[nid].update(lat=float(place["lat"]), lon=float(place["lon"]))
            _add_edge(g, tid, nid, "signed_at")
        for rel in t.relations:
            if rel["target_id"] in exported and rel["target_id"] != t.id:
                target = f"treaty:{rel['target_id']}"
            else:
                target = f"agreement:{rel['title']}"
                g.add_node(target, kind="agreement", label=rel["title"])
            _add_edge(g, tid, target, rel["relation"])
    return g


def write_graphml(treaties: list[Treaty], output: Path) -> int:
    nx.write_graphml(graph(treaties), output, encoding="utf-8")
    return len(treaties)
