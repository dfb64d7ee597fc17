"""Extraction component: the place of signing.

Where the text says it: "在X签订/签署/签字", "签订于X", "于X签订", "签约地点在X", "在X召开的
…会议…制定", the infobox's location_signed; as a last resort, the place where the talks that
ended in the signing were held ("在X开议/谈判 … 双方签字" within one paragraph).

Sentences are tried in order: the lead's defining sentence, the infobox, then sentences that
name this agreement or speak of its signing without naming another one.

From the words X: the most specific known place (`places.tsv`; in "巴黎的凡尔赛宫" the head,
凡尔赛宫), else the head noun after the last "的"/polity name — also when a known place only
modifies it and the head is a place by its last word (cue place.head: "朝鲜半岛西海岸的X岛" is
X岛, but "广州某港的军舰" is 广州). `name` is the place as the
text names it (what readers and the gold use); `other_names` holds the names the text gives
in parentheses ("伯力（今哈巴罗夫斯克）", "（即今煙臺）") and those of the table, the
table's canonical name first; lat/lon come from the table.

Also confirms the dated alias candidates of `names` (this is the first component of this
family to run after dates).

ctx.data: reads "lead_sentence" (detect) and "infobox"; takes "alias_candidates" (names).
"""

from __future__ import annotations

import re
from typing import Any

from yuezhang.document import Document, Span
from yuezhang.extract import cues, infobox, names
from yuezhang.extract.record import Evidence, PlaceFact, TreatyRecord
from yuezhang.extract.spans import paragraph_at
from yuezhang.knowledge import places as table
from yuezhang.knowledge.polities import find_names as polity_names
from yuezhang.variants import fold

_VERB = cues.alternation("sign.place")
_LEAD_VERB = cues.alternation("sign.adopted")
_PATTERNS = [
    # 签约地点在X / 签字地点为X / a plain-text infobox line "签署地点 X"
    re.compile(r"签(?:约|字|订|署)地点(?:在|为|是|于|[ \t]*[：:][ \t]*|[ \t]+)(?P<x>[^，。；\n]{1,30})"),
    # 签订于X
    re.compile(rf"{_VERB}于(?P<x>[^，。；\n（(]{{1,20}})"),
    # 在X召开的…会议…制定
    re.compile(
        rf"在(?P<x>[^，。；\n]{{1,40}}?)(?:所)?(?:召开|举行)的?[^。；\n]{{0,40}}?(?:会议|大会)[^。；\n]{{0,10}}?{_LEAD_VERB}"
    ),
    # 签字仪式在X举行: where the signing ceremony was held
    re.compile(r"签(?:字|约|署)仪式(?:在|于)(?P<x>[^，。；\n在]{1,30}?)(?:隆重)?举行"),
    # 在X签订 / 于X签订 (X not a date)
    re.compile(rf"(?:在|于)(?P<x>[^，。；\n在]{{1,40}}?)(?P<sfx>上|内|中)?(?:{_VERB}|正式{_VERB})"),
    # 在X上，签订此约: a comma between place and verb when the object is this agreement
    re.compile(
        rf"(?:在|于)(?P<x>[^，。；\n在]{{1,40}}?)(?P<sfx>上|内|中)?，\s*(?:正式)?{_VERB}了?"
        r"(?=(?:此|该|本|这)(?:项|份|个)?(?:条约|约|协定|协议|和约|公约|议定书|章程))"
    ),
]
_LEAD_PATTERN = re.compile(
    rf"(?:在|于)(?P<x>[^，。；\n在]{{1,40}}?)(?P<sfx>上|内|中)?(?:协商|谈判后|会谈后)?{_LEAD_VERB}"
)
_TALKS = re.compile(r"在(?P<x>[^，。；\n在]{1,20}?)(?:开议|开始谈判|谈判|议约|会谈|会晤|举行会议|进行谈判)")
_DATE = re.compile(
    r"[\d〇一二三四五六七八九十百零]+\s*(?:年|月|日|号)|同年|次年|当年|是年|之后|以后|前后|期间|当天|同日|当日"
)
_QUOTED_NAME = re.compile(r"《[^《》]*》")
_PAREN = re.compile(r"[（(]([^（）()]*)[)）]")
_NOW = re.compile(r"^(?:即今|今|现|即|现为|今为|现在的|今属|现属)?\s*(?P<n>[^，,、；]+)")
#: characters that make a phrase, not a place name
_FUNCTION = re.compile(r"[^\u4e00-\u9fff]|[与和之下间了着过被把向对将及或在于从其所此该这那]")
#: "…的X岛" after a known place: a head that names a place itself (island, city, palace …)
_PLACE_HEAD = re.compile(rf"的[^的，。；]{{1,5}}{cues.alternation('place.head')}$")
_HEAD_DROP = re.compile(r"^(?:.*的|.*首都|.*国都|.*首府|.*京城)")
#: a topic before the verb ("就云南与缅甸边界问题签订"): a place inside it is what was agreed on
_TOPIC = re.compile(r"就|关于|对于|针对|围绕|为了")
_NOT_PLACE = re.compile(
    r"(条约|协定|和约|议定书|公约|文件|文本|约本|正本|副本|上|会议|双方|两国|代表|政府|全权|压力|胁迫|下|时|后|前|情况)$"
    r"|^(当地|该地|此地|现场|会场|席间|期间|其间|任内)"
)


def _surface(doc: Document, start: int, end: int) -> tuple[int, int, table.Place | None] | None:
    """The place named in plain[start:end]: (start, end, known place or None)."""
    text = doc.folded
    # names in parentheses are other names, not the place itself
    inner = [(m.start(), m.end()) for m in _PAREN.finditer(text, start, end)]
    inner += [(m.start(), m.end()) for m in _QUOTED_NAME.finditer(text, start, end)]

    def outside(a: int) -> bool:
        return not any(s <= a < e for s, e in inner)

    if _TOPIC.search(text, start, end):
        return None
    known = [(a, b, p) for a, b, p in table.find_names(text, start, end) if outside(a)]
    if known and not _PLACE_HEAD.search(text, known[-1][1], end):
        return known[-1]
    # unknown place: the head noun of X (after the last 的 / polity name), without dates
    x = text[start:end]
    cut = 0
    for m in _PAREN.finditer(x):
        x = x[: m.start()] + " " * (m.end() - m.start()) + x[m.end() :]
    for m in _DATE.finditer(x):
        cut = max(cut, m.end())
    for a, b, _ in polity_names(x):
        if a <= cut + 1:
            cut = max(cut, b)
    h = _HEAD_DROP.match(x)
    if h:
        cut = max(cut, h.end())
    s, e = start + cut, start + len(x.rstrip())
    while s < e and not re.match(r"[\u4e00-\u9fff]", doc.folded[s]):
        s += 1
    name = doc.folded[s:e].strip()
    if not (2 <= len(name) <= 6) or _NOT_PLACE.search(name) or _FUNCTION.search(name):
        return known[-1] if known else None
    return s, e, None


def _fact(doc: Document, span: tuple[int, int, table.Place | None], window_end: int) -> PlaceFact:
    s, e, place = span
    surface = doc.plain[s:e]
    others: list[str] = []
    # "伯力（今哈巴罗夫斯克）", "芝罘（即今煙臺）"
    m = _PAREN.match(doc.folded, e, window_end + 1)
    if m:
        for part in re.split(r"[，,、；;]", m.group(1)):
            n = _NOW.match(part.strip())
            if n and re.search(r"[\u4e00-\u9fff]", n.group("n")):
                others.append(doc.plain[m.start(1) : m.end(1)][n.start("n") : n.end("n")].strip())
    place = place or next((p for n in others if (p := table.lookup(n))), None)
    return PlaceFact(
        name=surface,
        surface=surface,
        other_names=_other_names(surface, others, place),
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        evidence=Evidence.of(doc, s, e),
    )


def _in_sentence(doc: Document, sent: Span, record: TreatyRecord, lead: bool) -> PlaceFact | None:
    patterns = [*_PATTERNS, _LEAD_PATTERN] if lead else _PATTERNS
    for pat in patterns:
        for m in pat.finditer(doc.folded, sent.start, sent.end):
            if _names_other(doc, record, *_clause_of(doc, sent, m.start(), m.end())):
                continue
            found = _with_suffix(doc, m) or _surface(doc, m.start("x"), m.end("x"))
            if found is not None:
                return _fact(doc, found, max(found[1], m.end("x")))
    return None


def _with_suffix(doc: Document, m: re.Match[str]) -> tuple[int, int, table.Place | None] | None:
    """A known name that ends in the character read as a locative (河内 in "在河内签署")."""
    if "sfx" not in m.groupdict() or m.group("sfx") is None:
        return None
    end = m.end("sfx")
    known = [k for k in table.find_names(doc.folded, m.start("x"), end) if k[1] == end]
    return known[-1] if known else None


def _mine(record: TreatyRecord) -> set[str]:
    return {table.norm(record.title)} | {table.norm(a.name) for a in record.aliases}


def _clause_of(doc: Document, sent: Span, start: int, end: int) -> tuple[int, int]:
    """The clause around a match: from the clause break before it to the one after it — the verb's
    subject and object, not the next clause's annex ("签订《X》，附有《Y》")."""
    text = doc.folded
    a = max((text.rfind(c, sent.start, start) for c in "，；"), default=-1)
    b = min((i for i in (text.find(c, end, sent.end) for c in "，；") if i != -1), default=sent.end)
    return (a + 1 if a >= sent.start else sent.start), b


def _names_other(doc: Document, record: TreatyRecord, start: int, end: int) -> bool:
    """Whether folded[start:end] names another agreement in 《》 (its signing is not this one's)."""
    mine = _mine(record)
    return any(
        table.norm(m.group(1)) not in mine for m in re.finditer(r"《([^《》]{2,60})》", doc.folded[start:end])
    )


def _sentences(doc: Document) -> list[Span]:
    out, seen = [], set()
    for m in re.finditer(r"签|订立|缔结", doc.folded):
        s = doc.sentence_span(m.start(), m.end())
        if (s.start, s.end) not in seen:
            seen.add((s.start, s.end))
            out.append(s)
    return out


def _lead_sentences(doc: Document, ctx: Any) -> list[Span]:
    """The sentences of the paragraph that holds the lead's defining sentence, in order."""
    lead = ctx.data.get("lead_sentence")
    if not lead:
        return []
    para = paragraph_at(doc, lead[0], Span(*lead))
    out, pos = [], max(para.start, lead[0])
    while pos < para.end:
        s = doc.sentence_span(pos)
        out.append(Span(s.start, min(s.end, para.end)))
        pos = max(s.end, pos + 1)
    return out


def _from_infobox(doc: Document, ctx: Any) -> PlaceFact | None:
    box = ctx.data.get("infobox", {})
    if "location_signed" not in box:
        return None
    value = box["location_signed"][0]
    paren = [(m.start(), m.end()) for m in _PAREN.finditer(value)]
    known = [(a, b, p) for a, b, p in table.find_names(fold(value)) if not any(s <= a < e for s, e in paren)]
    if not known:
        return None
    a, b, place = known[-1]
    surface = value[a:b]
    others = [n.group("n") for m in _PAREN.finditer(value) if (n := _NOW.match(m.group(1).strip()))]
    return PlaceFact(
        surface,
        surface,
        _other_names(surface, others, place),
        place.lat,
        place.lon,
        infobox.evidence(doc, ctx, "location_signed"),
    )


def _other_names(surface: str, given: list[str], place: table.Place | None) -> list[str]:
    """The names the text gives besides `surface`, then the table's names and city for the place;
    Chinese names only, each once (folded), the surface itself left out."""
    names = list(given)
    if place is not None:
        names.extend(place.all_names)
        city = table.city_of(place)
        if city is not None and city is not place:
            names.append(city.name)
    seen = {table.norm(surface)}
    out = []
    for n in names:
        if not re.search(r"[A-Za-zА-я]", n) and table.norm(n) not in seen:
            seen.add(table.norm(n))
            out.append(n)
    return out


def _from_talks(doc: Document, record: TreatyRecord) -> PlaceFact | None:
    """Where the talks were held, when a later sentence of the same paragraph says both sides signed."""
    for sent in _sentences(doc):
        text = doc.folded[sent.start : sent.end]
        if not re.search(r"双方.{0,30}签", text) or _names_other(doc, record, sent.start, sent.end):
            continue
        para = paragraph_at(doc, sent.start)
        if para is None:
            continue
        for m in _TALKS.finditer(doc.folded, max(para.start, sent.start - 300), sent.start):
            found = _surface(doc, m.start("x"), m.end("x"))
            if found is not None and found[2] is not None:
                return _fact(doc, found, m.end("x"))
    return None


def find(doc: Document, record: TreatyRecord, ctx: Any) -> PlaceFact | None:
    """The place of signing, by the order of the module doc."""
    for sent in _lead_sentences(doc, ctx):
        fact = _in_sentence(doc, sent, record, lead=True)
        if fact:
            return fact
    fact = _from_infobox(doc, ctx)
    if fact:
        return fact
    for sent in _sentences(doc):
        fact = _in_sentence(doc, sent, record, lead=False)
        if fact:
            return fact
    return _from_talks(doc, record)


def run(doc: Document, record: TreatyRecord, ctx: Any) -> None:
    names.confirm_dated(doc, record, ctx)
    record.place = find(doc, record, ctx)
