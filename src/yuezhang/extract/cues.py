"""Cue-word lists shared by the extraction components, read once from `data/cue_words.tsv`.

Signing verbs, references to this agreement (此约, 该条约), negations, 'both sides' words, office
words, list separators and section-heading words are written once there; a component that needs
a wider or narrower list asks for a named variant (`sign.event`, `self.short`), so every difference
between components is visible in the data file. Reads and writes no `ctx.data`.
"""

from __future__ import annotations

import re
from functools import cache

from yuezhang.knowledge import read_table


@cache
def _rows() -> dict[str, tuple[str, list[str]]]:
    return {r["kind"]: (r["extends"], r["words"].split(" ")) for r in read_table("cue_words.tsv")}


@cache
def words(kind: str) -> tuple[str, ...]:
    """The words of one list (with those of the list it extends), longest first, no repeats."""
    base, own = _rows()[kind]
    found = list(dict.fromkeys([*(words(base) if base else ()), *own]))
    return tuple(sorted(found, key=len, reverse=True))


@cache
def alternation(kind: str) -> str:
    """The list as a regex group `(?:w1|w2|…)`, longest word first, to splice into a pattern."""
    return "(?:" + "|".join(re.escape(w) for w in words(kind)) + ")"


@cache
def pattern(kind: str) -> re.Pattern[str]:
    """The list compiled: a match of any of its words."""
    return re.compile(alternation(kind))
