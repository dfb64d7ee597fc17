"""GeoJSON export: the places treaties were signed at, each with the treaties signed there.

One Point feature per place with coordinates (RFC 7946: longitude first); a place
the store has no coordinates for cannot be drawn and is listed under the
collection's foreign member `unplaced` instead, so nothing is dropped silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from yuezhang.export.select import Treaty


def feature_collection(treaties: list[Treaty]) -> dict[str, Any]:
    features: dict[tuple[str, float, float], dict[str, Any]] = {}
    unplaced: dict[str, list[dict[str, Any]]] = {}
    for t in treaties:
        place = t.record.get("place")
        if not place:
            continue
        signed = t.record["signed"]["value"] if t.record.get("signed") else None
        entry = {"id": t.id, "title": t.title, "signed": signed}
        if place.get("lat") is None or place.get("lon") is None:
            unplaced.setdefault(place["name"], []).append(entry)
            continue
        key = (place["name"], place["lat"], place["lon"])
        f = features.setdefault(
            key,
            {
                "type": "Feature",
                "id": place["name"],
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": {"name": place["name"], "other_names": [], "treaties": []},
            },
        )
        props = f["properties"]
        for other in place.get("other_names") or []:
            if other not in props["other_names"] and other != place["name"]:
                props["other_names"].append(other)
        props["treaties"].append(entry)
    for f in features.values():
        f["properties"]["count"] = len(f["properties"]["treaties"])
    return {
        "type": "FeatureCollection",
        "features": list(features.values()),
        "unplaced": [{"name": k, "treaties": v} for k, v in unplaced.items()],
    }


def write_geojson(treaties: list[Treaty], output: Path) -> int:
    with open(output, "w", encoding="utf-8") as fh:
        json.dump(feature_collection(treaties), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return len(treaties)
