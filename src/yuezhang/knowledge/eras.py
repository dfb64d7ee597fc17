"""Reign eras and year counts (`eras.tsv`): which Gregorian year a reign year names.

Dates in the texts are often given as 同治三年, 咸丰八年四月十六日, 明治二十八年 or 民国十八年;
the date extractor needs each era's first Gregorian year and how its months are reckoned
(lunisolar, or Gregorian as for 民国 and Japanese eras from 明治6年).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from yuezhang.knowledge import read_table


@dataclass(frozen=True)
class Era:
    name: str  # simplified script
    polity: str
    start_year: int  # Gregorian year of the era's first year (元年)
    end_year: int | None  # None: still in use
    calendar: str  # chinese-lunar, japanese-era, gregorian
    gregorian_from: int | None  # Gregorian year from which months and days are Gregorian

    def year(self, n: int) -> int:
        """The Gregorian year in which most of reign year `n` falls."""
        return self.start_year + n - 1

    def months_are_gregorian(self, year: int) -> bool:
        """Whether months and days written in this era's Gregorian `year` are Gregorian ones."""
        return self.gregorian_from is not None and year >= self.gregorian_from


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip() else None


@cache
def eras() -> dict[str, Era]:
    """Every era by name. Names are unique in the table (checked by the tests)."""
    out = {}
    for r in read_table("eras.tsv"):
        out[r["name"]] = Era(
            r["name"],
            r["polity"],
            int(r["start_year"]),
            _int(r["end_year"]),
            r["calendar"],
            _int(r.get("gregorian_from")),
        )
    return out


def era(name: str) -> Era | None:
    """The era called `name` (simplified script), or None."""
    return eras().get(name)


@cache
def era_names() -> tuple[str, ...]:
    """All era names, longest first, for building alternations in patterns."""
    return tuple(sorted(eras(), key=lambda n: (-len(n), n)))
