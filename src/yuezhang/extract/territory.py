"""Extraction component: territory ceded or transferred by the agreement, in km².

An area counts only when the clause stating it says the land changed hands
(割让, 割占, 划归, 归…所属, 失去 … from `data/territory_cues.tsv`) and the nearest such
word is not one of joint administration (共管). A clause that names another agreement,
or a sentence that names one and never refers to this agreement, is about that other
agreement's cession and is skipped. The same figure stated twice (lead and body) is one
territory; `record.area_km2` sums the distinct ones.

Reads `record.parties` (for from/to) and the agreement mentions `related.mentions` finds
(ctx.data["agreement_mentions"], computed by related if missing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from yuezhang.document import Document
from yuezhang.extract import related
from yuezhang.extract.numerals import to_int
from yuezhang.extract.record import Evidence, TerritoryFact, TreatyRecord
from yuezhang.knowledge import polities, read_table

_CN = "〇○零一二两兩三四五六七八九十廿百千"
_NUM = rf"(?:\d+(?:[,，]\d{{3}})*(?:\.\d+)?|[{_CN}]+)"
_MAG = {"万": 10_000, "千": 1_000, "百": 100, "亿": 100_000_000}
_APPROX = r"(?:约|大约|近|将近|逾|超过|多达|达|共)?"
_MORE = r"(?:余|多)?"
#: Clause delimiters; a clause never ends inside brackets.
_CLAUSE_END = "，,；;。！？!?\n"
_OPEN, _CLOSE = "（(「『“", "）)」』”"
#: Words saying an act went by (or came of) an agreement: 根据《X》, 通过中俄《X》, 由于1864年的《X》
#: — the cause words (由于/因为/因) state an earlier gain the sentence explains by that agreement.
_BY = re.compile(
    r"(?:根据|依据|按照|依照|通过|经由|凭借|由于|因为|依|据|按|经|因)"
    r"(?:[\u4e00-\u9fff]{0,2}|[0-9０-９]{2,4}年(?:[\u4e00-\u9fff]{0,2}的)?)[《「“]?$"
)
#: When two statements give figures within this ratio they are the same territory.
_SAME = 0.02


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    sense: str  # give, take, goes_to, joint


@cache
def _units() -> dict[str, float]:
    return {r["unit"]: float(r["km2"]) for r in read_table("area_units.tsv")}


@cache
def _area_re() -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted(_units(), key=len, reverse=True))

    def one(n: str, mag: str) -> str:
        return rf"(?P<{n}>{_NUM}){_MORE}(?P<{mag}>[万千百亿])?{_MORE}"

    return re.compile(
        _APPROX
        + one("a", "am")
        + rf"(?:\s*(?:至|到|-|－|–|~|～)\s*{one('b', 'bm')})?"
        + rf"\s*(?P<unit>{units})"
    )


@cache
def _cues() -> tuple[Cue, ...]:
    rows = read_table("territory_cues.tsv")
    return tuple(
        Cue(re.compile(r["cue"] if r.get("regex") else re.escape(r["cue"])), r["sense"]) for r in rows
    )


def _number(num: str, mag: str | None) -> float | None:
    if num[0].isdigit():
        value: float | None = float(num.replace(",", "").replace("，", ""))
    else:
        value = to_int(num)
    if value is None:
        return None
    return value * _MAG.get(mag or "", 1)


def parse_area(text: str) -> tuple[float, int, int] | None:
    """The first area in `text` as (km², start, end): "60余万平方公里" → 600000.

    A range ("40万至60万平方公里", "40-60万平方公里") gives its midpoint; a bound without
    its own magnitude borrows the other's.
    """
    m = _area_re().search(text)
    if m is None:
        return None
    return _value(m), m.start(), m.end()


def _value(m: re.Match[str]) -> float:
    factor = _units()[m["unit"]]
    a_mag = m["am"] or (m["bm"] if m["b"] else None)
    a = _number(m["a"], a_mag)
    if a is None:
        return 0.0
    if m["b"]:
        b = _number(m["b"], m["bm"] or m["am"])
        if b is not None:
            return (a + b) / 2 * factor
    return a * factor


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between ，；。 … outside brackets) holding text[start:end]."""
    left = _clause_edge(text, range(start - 1, -1, -1), opening=_CLOSE, closing=_OPEN)
    right = _clause_edge(text, range(end, len(text)), opening=_OPEN, closing=_CLOSE)
    return (0 if left is None else left + 1), (len(text) if right is None else right)


def _clause_edge(text: str, positions: range, opening: str, closing: str) -> int | None:
    """The first clause end met walking `positions` outside brackets; `opening` brackets are
    the ones entered in the walk's direction, an unmatched `closing` one is stepped over."""
    depth = 0
    for i in positions:
        ch = text[i]
        if ch in opening:
            depth += 1
        elif ch in closing:
            if depth:
                depth -= 1
        elif ch in _CLAUSE_END and depth == 0:
            return i
    return None


def _nearest_cue(clause: str, a_start: int, a_end: int) -> tuple[Cue, re.Match[str]] | None:
    """The cue in the clause closest to the area [a_start, a_end) (clause offsets)."""
    best = None
    for cue in _cues():
        for m in cue.pattern.finditer(clause):
            if m.start() < a_end and m.end() > a_start:
                continue
            dist = a_start - m.end() if m.end() <= a_start else m.start() - a_end
            # the longer cue wins a tie (割让给 over 割让)
            key = (dist, -(m.end() - m.start()))
            if best is None or key < best[0]:
                best = (key, cue, m)
    return (best[1], best[2]) if best else None


def run(doc: Document, record: TreatyRecord, ctx) -> None:
    text = doc.folded
    all_mentions = related.mentions(doc, ctx)
    own = related.own_names(record)
    others = [m for m in all_mentions if related.normalise(m.name) not in own]
    for m in _area_re().finditer(text):
        value = _value(m)
        if value <= 0 or any(abs(t.area_km2 - value) <= _SAME * value for t in record.territory):
            continue
        if related.in_bibliography(doc, m.start()):
            continue
        c_start, c_end = clause_span(text, m.start(), m.end())
        clause = text[c_start:c_end]
        found = _nearest_cue(clause, m.start() - c_start, m.end() - c_start)
        if found is None or found[0].sense == "joint":
            continue
        if not _about_this(doc, m.start(), (c_start, c_end), others, own):
            continue
        from_party, to_party = _parties(record, clause, found)
        ev = Evidence.of(doc, m.start(), m.end())
        record.territory.append(TerritoryFact(value, ev.text, from_party, to_party, ev))


def _about_this(doc: Document, pos: int, clause: tuple[int, int], others: list, own: set[str]) -> bool:
    """False when the cession belongs to another agreement the sentence names: one named in
    the clause of the figure, or one the sentence says it went by (根据《X》, 通过《X》)
    while never referring to this agreement."""
    sent = doc.sentence_span(pos)
    named = [m for m in others if sent.start <= m.start < sent.end]
    if any(clause[0] <= m.start < clause[1] for m in named):
        return False
    by_other = [m for m in named if _BY.search(doc.folded[max(sent.start, m.start - 14) : m.start])]
    return not by_other or bool(related.self_refs(doc, sent.start, sent.end, others, own))


def _parties(
    record: TreatyRecord, clause: str, found: tuple[Cue, re.Match[str]]
) -> tuple[str | None, str | None]:
    """From/to parties as the clause states them around the cue (canonical names)."""
    cue, m = found
    when = record.signed.value if record.signed else None
    names = [(s, e, _party(record, n, when)) for s, e, n in polities.find_names(clause)]
    names = [(s, e, p) for s, e, p in names if p]
    if not names:
        return None, None
    if "party" in m.re.groupindex and m["party"]:
        to = next((p for s, _, p in names if m.start("party") <= s < m.end("party")), None)
        return _other(record, to), to
    before = [p for s, e, p in names if e <= m.start()]
    subject = before[-1] if before else None
    if cue.sense == "goes_to":
        to = next((p for s, _, p in names if m.end() <= s <= m.end() + 1), None)
        return subject if subject != to else _other(record, to), to
    if cue.sense == "give":
        # 割让…给/予 X: the receiver follows a 给/予/与 after the cue
        to = next((p for s, _, p in names if s > m.end() and clause[s - 1] in "给予与"), None)
        return subject, to or _other(record, subject)
    return _other(record, subject), subject


def _party(record: TreatyRecord, name: str, when: str | None) -> str | None:
    """The record's party a polity name in the text means, or None."""
    polity = polities.resolve(name, when)
    mine = {p.name for p in record.parties}
    if polity is not None and polity.name in mine:
        return polity.name
    return next((p.name for p in record.parties if polities.norm(p.surface) == polities.norm(name)), None)


def _other(record: TreatyRecord, party: str | None) -> str | None:
    """The one other party of a bilateral agreement."""
    names = {p.name for p in record.parties}
    if party is None or party not in names or len(names) != 2:
        return None
    return next(n for n in names if n != party)
