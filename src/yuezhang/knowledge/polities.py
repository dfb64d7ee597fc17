"""Polities (states, governments, alliances) and how a name written in a text resolves to one.

`polities.tsv` gives each polity its canonical name, other names, years and flag codes;
`polity_periods.tsv` gives the generic names ("中国", "俄国", "德国", and the one-character
abbreviations of treaty titles: 中, 俄, 日 ...) that mean different polities in different
periods. All names are compared in folded (simplified) form, so the tables hold one script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from yuezhang.knowledge import read_table
from yuezhang.variants import fold

_MARKS = re.compile(r"[\s《》〈〉「」『』“”\"'·・‧•（）()\[\]]")


@dataclass(frozen=True)
class Polity:
    name: str  # canonical
    names: tuple[str, ...]  # other names (simplified)
    start: str  # YYYY[-MM[-DD]], inclusive
    end: str  # exclusive; "9999" while it exists
    flags: tuple[str, ...]
    kind: str  # state, government, alliance, organisation

    def exists_at(self, when: str) -> bool:
        return _in_period(when, self.start, self.end)


def _key(date: str) -> tuple[int, int, int]:
    """A sortable (year, month, day) for YYYY[-MM[-DD]]; missing parts count as the start."""
    parts = [int(p) for p in date.split("-")[:3] if p]
    parts += [1] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def _in_period(when: str, start: str, end: str) -> bool:
    """Whether `when` (at its precision: a bare year counts by its middle) lies in [start, end)."""
    if len(when) == 4:  # a year alone: the polity that held most of it
        when = f"{when}-07-01"
    return _key(start) <= _key(when) < _key(end)


def norm(name: str) -> str:
    """Folded, marks and spaces stripped: the form names are looked up in."""
    return _MARKS.sub("", fold(name))


@cache
def polities() -> tuple[Polity, ...]:
    rows = read_table("polities.tsv")
    return tuple(
        Polity(
            r["name"],
            tuple(n for n in r["names"].split("|") if n),
            r["start"],
            r["end"],
            tuple(f for f in (r["flags"] or "").split("|") if f),
            r["kind"],
        )
        for r in rows
    )


@cache
def _by_canonical() -> dict[str, Polity]:
    return {p.name: p for p in polities()}


@cache
def _by_alias() -> dict[str, tuple[Polity, ...]]:
    out: dict[str, list[Polity]] = {}
    for p in polities():
        for n in (p.name, *p.names):
            out.setdefault(norm(n), []).append(p)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _periods() -> dict[str, tuple[tuple[Polity, str, str], ...]]:
    out: dict[str, list[tuple[Polity, str, str]]] = {}
    for r in read_table("polity_periods.tsv"):
        out.setdefault(r["name"], []).append((_by_canonical()[r["polity"]], r["from"], r["to"]))
    return {k: tuple(v) for k, v in out.items()}


@cache
def _by_flag() -> dict[str, Polity]:
    return {f.upper(): p for p in polities() for f in p.flags}


def get(name: str) -> Polity | None:
    """The polity with this canonical name."""
    return _by_canonical().get(name)


def is_generic(name: str) -> bool:
    """Whether the name means different polities in different periods ("中国", "俄国")."""
    return norm(name) in _periods()


def resolve(name: str, when: str | None = None) -> Polity | None:
    """The polity a name written in a text means, at date `when` (YYYY[-MM[-DD]]).

    Generic names go by period; other names by the polities that bear them, narrowed by
    `when` if several do. Without a date, an ambiguous name resolves to None.
    """
    n = norm(name)
    periods = _periods().get(n)
    if periods:
        if when is None:
            found = {p for p, _, _ in periods}
            return next(iter(found)) if len(found) == 1 else None
        return next((p for p, a, b in periods if _in_period(when, a, b)), None)
    cands = _by_alias().get(n, ())
    if len(cands) > 1 and when is not None:
        cands = tuple(p for p in cands if p.exists_at(when)) or cands
    if len(cands) == 1:
        return cands[0]
    return _by_canonical().get(n)


def by_flag(code: str, when: str | None = None) -> Polity | None:
    """The polity a flag template code (`QING`, `JPN-EMP`, `USSR` ...) stands for.

    A modern flag used for an older treaty ({{RUS}} on an 1858 treaty) resolves through the
    generic names of the flag's polity to the polity of that time.
    """
    p = _by_flag().get(code.strip().upper())
    if p is None or when is None or p.exists_at(when):
        return p
    for n in p.names:
        q = resolve(n, when) if is_generic(n) else None
        if q is not None:
            return q
    return p


@cache
def _lookalikes() -> frozenset[str]:
    """Words holding a polity name that name armies, not polities (`polity_lookalikes.tsv`)."""
    return frozenset(norm(r["word"]) for r in read_table("polity_lookalikes.tsv"))


@cache
def _surface_pattern() -> re.Pattern[str]:
    """All multi-character names and their lookalikes, longest first, for scanning folded text."""
    names = {norm(n) for p in polities() for n in (p.name, *p.names)}
    names |= {n for n in _periods() if len(n) > 1}
    names = {n for n in names if len(n) > 1 and not n.isascii()} | _lookalikes()
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def find_names(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, name) of every polity name in folded[start:end], longest match first; words
    that only hold a name (八国联军) are skipped, their letters not read as names."""
    end = len(folded) if end is None else end
    pat = _surface_pattern()
    found = ((m.start(), m.end(), m.group()) for m in pat.finditer(folded, start, end))
    return [f for f in found if f[2] not in _lookalikes()]


def abbreviation(ch: str, when: str | None = None) -> Polity | None:
    """The polity a one-character abbreviation means (中 → 清朝 in 1860), or None."""
    return resolve(ch, when) if len(ch) == 1 and ch in _periods() else None


def title_prefix(title: str, when: str | None = None) -> list[tuple[int, int, Polity]]:
    """Polities named by the leading abbreviations of a treaty title: 中俄… → 中 + 俄.

    At least two abbreviations of distinct polities must lead the title ("中华…" is not
    中 + 华); the date picks 清朝/中华民国/中华人民共和国 for 中 and so on.
    """
    t = norm(title)
    out: list[tuple[int, int, Polity]] = []
    for i, ch in enumerate(t):
        p = abbreviation(ch, when) if ch in _periods() else None
        if p is None or any(q is p for _, _, q in out):
            if ch in _periods() and p is None and when is not None:
                return []  # an abbreviation with no polity at this date: not a prefix
            break
        out.append((i, i + 1, p))
    if len(out) < 2:
        return []
    # a full polity name at the head (中华民国…, 日本国…) is a name, not abbreviations
    head = find_names(t, 0, len(t))
    if head and head[0][0] == 0 and head[0][1] > 1:
        return []
    return out


def strip_title_prefix(title: str) -> str:
    """The title without its leading polity abbreviations: "中英联合声明" → "联合声明".

    Only when at least two abbreviations lead and the title does not start with a full polity
    name ("中华人民共和国…"); otherwise the normalised title itself.
    """
    t = norm(title)
    head = find_names(t)
    if head and head[0][0] == 0 and head[0][1] > 1:
        return t
    i = 0
    while i < len(t) and t[i] in _periods() and len(_periods()[t[i]]) and t[i] not in t[:i]:
        i += 1
    return t[i:] if i >= 2 else t
