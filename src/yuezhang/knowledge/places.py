"""Places of signing: canonical names, historical and modern names, coordinates (`places.tsv`).

A site (克里姆林宫, 人民大会堂, a ship) names the city it lies in, so a fact can say both.
Names are compared in folded (simplified) form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from yuezhang.knowledge import read_table
from yuezhang.variants import fold

_MARKS = re.compile(r"[\s《》〈〉「」『』“”\"'·・‧•（）()\[\]]")


@dataclass(frozen=True)
class Place:
    name: str  # canonical: the name Chinese treaty texts use
    names: tuple[str, ...]
    kind: str  # city, site, ship
    city: str | None  # for sites: the canonical name of the city it lies in
    country: str
    lat: float
    lon: float

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.names)


def norm(name: str) -> str:
    return _MARKS.sub("", fold(name))


@cache
def places() -> tuple[Place, ...]:
    return tuple(
        Place(
            r["name"],
            tuple(n for n in r["names"].split("|") if n),
            r["kind"],
            r["city"] or None,
            r["country"],
            float(r["lat"]),
            float(r["lon"]),
        )
        for r in read_table("places.tsv")
    )


@cache
def _index() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for p in places():
        for n in p.all_names:
            out.setdefault(norm(n), p)
    return out


def lookup(name: str) -> Place | None:
    """The place a name (any script, any listed form) denotes."""
    return _index().get(norm(name))


def get(name: str) -> Place | None:
    """The place with this canonical name."""
    return next((p for p in places() if p.name == name), None)


def city_of(place: Place) -> Place | None:
    """The city a site lies in (the place itself for a city)."""
    return get(place.city) if place.city else place


@cache
def _pattern() -> re.Pattern[str]:
    names = {n for n in _index() if len(n) > 1 and not n.isascii()}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def find_names(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, Place]]:
    """(start, end, place) for every known place name in folded[start:end], longest first."""
    end = len(folded) if end is None else end
    return [(m.start(), m.end(), _index()[m.group()]) for m in _pattern().finditer(folded, start, end)]
