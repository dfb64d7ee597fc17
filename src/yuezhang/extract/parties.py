"""Extraction component: the parties (states, governments) that concluded the agreement.

Read from, and merged in this order (one fact per canonical polity):
1. the infobox's parties (names or flag templates; `infobox` component);
2. the subjects of the signing verb in the sentences that state this agreement's signing —
   the lead paragraph first, then sentences naming the agreement — "A与B…签订", "A和B于…签订",
   "由A总理X与B代表Y…签订", "B强迫A…订立"; polity names inside "在…签订" place phrases,
   "在…调停/压力…下" phrases, or followed by 投降/提出/总统 … are not parties; "双方/两国"
   as subject takes the polities of the sentence before;
3. a list of states under a heading of signatory states (签署国家, 缔约国 — a section, or in
   plain text a heading line), or "N个国家：A、B、C" in a signing sentence whose count matches;
   such a list, when it names two or more, replaces the sentence subjects;
   then "缔约国/缔约双方/签约国 …" lists;
4. the title's prefix (中俄…, 日韩…), only while fewer than two parties are known.

Each name resolves to a canonical polity (`knowledge/polities.py`) by the signing date
(`record.signed`, else the first year in the lead): "中国" in 1864 is 清朝, in 1929 中华民国.
`name` = canonical polity, `surface` = the words in the text.

ctx.data: reads "lead_sentence" (detect) and "infobox" (its parties are re-read at the signing date).
"""

from __future__ import annotations

import re
from typing import Any

from yuezhang.document import Document, Span
from yuezhang.extract import cues, infobox
from yuezhang.extract.record import Evidence, PartyFact, TreatyRecord
from yuezhang.extract.spans import lead_paragraph, paragraph_at
from yuezhang.knowledge import polities
from yuezhang.knowledge.agreements import looks_like_agreement, normalise_name

#: verbs of concluding an agreement (folded script)
SIGN_VERB = cues.pattern("sign.party")
#: phrases whose polity names are not parties: places of signing, mediators, pressure, ...
_NOT_PARTY_SPANS = [
    re.compile(
        r"在[^在，。；]{0,40}?(?:调停|斡旋|主持|压力|胁迫|支持|干涉|协调|邀请|见证|威胁|逼迫)(?:之)?下"
    ),
    re.compile(rf"在[^在，。；与和同]{{0,30}}?(?=(?:上|内|中)?{cues.alternation('sign.party_place')})"),
    re.compile(rf"{cues.alternation('sign.dated_at')}于[^，。；的]{{0,20}}"),
    # a purpose against someone ("为抗衡X而签订") or a topic ("就A与B边界问题签订")
    re.compile(r"为了?(?:抗衡|对抗|反对|遏制|针对|防范|制衡|防御|抵御|抵抗|打击|孤立)[^，。；为]{1,30}?而"),
    re.compile(r"(?:就|关于)[^，。；就]{1,30}?(?:问题|事宜|事务|争端|纠纷)"),
    # "X及其同盟国": X's allies, a common noun
    re.compile(r"(?<=其)(?:同盟国|盟国|盟友)"),
]
_NOT_PARTY_AFTER = re.compile(
    r"^(?:[\d〇一二三四五六七八九十元]+\s*年|投降|战败|提出|发起|召集|召开|宣布|总统|国王|皇帝|沙皇|天皇|首都|国都|境内|领土|侨民|军队(?!代表)|语|文\s*[：:])"
)
#: characters that, after a name ending in 国, show the 国 begins another word (国家, 国际 ...)
_GUO_WORD = re.compile(r"[家内际王籍旗土民会务库界策情力债营企]")
_JOINED = cues.pattern("and.party")
_BOTH = cues.pattern("both.parties")
_QUOTED = re.compile(r"《[^《》]*》")
_LIST_CUE = re.compile(r"(?:缔约国|缔约方|缔约双方|签约国|签字国|签署国)(?:为|是|包括|有|：|:)")
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)\s*年")
#: a heading over the list of signatory states
_LIST_HEADING = re.compile(
    r"^(?:原始|创始)?(?:签署|签约|签字|缔约)(?:国家|国|方|各国|成员国)(?:列表|名单|一览)?$"
)
#: a line of a plain-text infobox naming the signatory states ("签署者 A B C", "缔约方：A、B")
_BOX_LINE = re.compile(
    r"\s*(?:签署者|签约者|签字者|签署方|签约方|缔约方|缔约国|缔约各方|签约国|签署国|签字国)\s*[：:\s]\s*"
)
#: a bare object of the signing verb: this agreement, not another one ("签订了和约。")
_BARE_OBJECT = re.compile(r"了?(?:该|此|本|这一?)?(?:项|份)?(?:条约|和约|协定|协议|公约|约)(?=[，。；,\s]|$)")
#: this agreement as the subject of a sentence ("该条约解决了A与B、C之间的…")
_SELF_SUBJECT = re.compile(r"(?:该|本|此)(?:条约|和约|协定|协议|公约|约)")
#: the states between which something stood: "A与B、C之间"
_BETWEEN = re.compile(r"[^，。；]{0,60}?(?:与|和|同)[^，。；]{1,80}?之间")
#: "12个国家：A、B…" — a counted list, trusted when the count matches
_COUNTED = re.compile(r"([\d一二两三四五六七八九十]{1,3})\s*个?(?:国家|国|成员国)\s*[：:]")
_SIGNING_WORD = cues.pattern("sign.word")


def signing_date(doc: Document, record: TreatyRecord) -> str | None:
    """The date that picks polities: the signing date, else the first year the lead gives."""
    if record.signed is not None:
        return record.signed.value
    m = _YEAR.search(doc.folded, doc.lead.start, doc.lead.end) or _YEAR.search(doc.folded)
    return m.group(1) if m else None


def own_names(record: TreatyRecord) -> set[str]:
    """The title and aliases, normalised."""
    return {normalise_name(record.title)} | {normalise_name(a.name) for a in record.aliases}


def object_is_other(doc: Document, mine: set[str], verb_end: int, sent: Span) -> bool:
    """Whether the signing verb's object (or the 《X》 signed "on") is an agreement other than this.

    The object is the rest of the verb's clause: a 《X》 there, "在《X》上签字" before the verb, or
    an unquoted agreement name right after it ("签订中英某某专条").
    """
    end = min(
        (i for i in (doc.folded.find(c, verb_end, sent.end) for c in "，。；") if i != -1), default=sent.end
    )
    obj = doc.folded[verb_end:end]
    m = re.search(r"《([^《》]{2,80})》", obj)
    if m:
        return normalise_name(m.group(1)) not in mine
    m = re.search(
        r"在《([^《》]{2,80})》上\s*\S{0,3}$", doc.folded[max(sent.start, verb_end - 40) : verb_end]
    )
    if m:
        return normalise_name(m.group(1)) not in mine
    if obj.startswith("的"):
        return False  # "…签订的不平等条约": the head noun is this agreement
    m = re.match(r"了?([^的之于在与和及一，。；、\s《》]{3,30})", obj)
    if m:
        words = m.group(1)
        for k in range(len(words), 2, -1):
            if looks_like_agreement(words[:k]):
                return normalise_name(words[:k]) not in mine
    return False


def signing_sentences(doc: Document, record: TreatyRecord, ctx: Any) -> list[tuple[Span, int]]:
    """(sentence, verb position) for sentences that state THIS agreement's signing, best first.

    The lead paragraph's sentences first, then those naming the title or an alias; a verb
    whose neighbourhood names another agreement in 《》 is skipped.
    """
    lead = ctx.data.get("lead_sentence")
    para = next((p for p in doc.paragraphs if lead and p.start <= lead[0] < p.end), None)
    mine = own_names(record)
    first: list[tuple[Span, int]] = []
    rest: list[tuple[Span, int]] = []
    seen: set[int] = set()
    for m in SIGN_VERB.finditer(doc.folded):
        sent = doc.sentence_span(m.start(), m.end())
        if sent.start in seen:
            continue
        if object_is_other(doc, mine, m.end(), sent):
            continue
        in_lead = para is not None and para.start <= m.start() < para.end
        text = normalise_name(doc.folded[sent.start : sent.end])
        if in_lead or any(k in text for k in mine) or _BARE_OBJECT.match(doc.folded, m.end(), sent.end):
            seen.add(sent.start)
            (first if in_lead else rest).append((sent, m.start()))
    return first + rest


def _excluded(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    end = min(len(doc.folded), end + 8)  # lookaheads see the verb after the span
    for pat in (*_NOT_PARTY_SPANS, _QUOTED):
        out += [(m.start(), m.end()) for m in pat.finditer(doc.folded, start, end)]
    return out


def polities_in(
    doc: Document, start: int, end: int, when: str | None
) -> list[tuple[int, int, polities.Polity]]:
    """Polity names in folded[start:end] that can be parties (see module doc), resolved at `when`."""
    skip = _excluded(doc, start, end)
    out = []
    for a, b, name in polities.find_names(doc.folded, start, end):
        if any(s <= a < e for s, e in skip) or _NOT_PARTY_AFTER.match(doc.folded[b : b + 4]):
            continue
        if name.endswith("国") and _GUO_WORD.match(doc.folded[b : b + 1]):
            continue  # "欧美国家": 国 starts another word
        p = polities.resolve(name, when)
        if p is not None:
            out.append((a, b, p))
    return out


class _Parties:
    def __init__(self, doc: Document, record: TreatyRecord) -> None:
        self.doc = doc
        self.record = record
        self.seen = {p.name for p in record.parties}

    def add(self, polity: polities.Polity, surface: str, evidence: Evidence) -> None:
        if polity.name not in self.seen:
            self.seen.add(polity.name)
            self.record.parties.append(PartyFact(polity.name, surface, evidence))


def _previous_sentence_polities(
    doc: Document, sent: Span, when: str | None
) -> list[tuple[int, int, polities.Polity]]:
    para = paragraph_at(doc, sent.start)
    if para is None or sent.start <= para.start:
        return []
    prev = doc.sentence_span(sent.start - 1)
    found = polities_in(doc, max(para.start, prev.start), sent.start, when)
    return found if len({p.name for _, _, p in found}) >= 2 else []


def _coordinated(doc: Document, found: list[tuple[int, int, polities.Polity]]) -> bool:
    """Whether the polities are joined as co-subjects ("A与B", "A、B和C", "A总理X与B代表Y")."""
    for (_, b, p), (a, _, q) in zip(found, found[1:], strict=False):
        if p is not q and not _JOINED.search(doc.folded[b:a]):
            return False
    return True


def _from_sentences(
    doc: Document, record: TreatyRecord, ctx: Any, parties: _Parties, when: str | None
) -> None:
    """Parties of the first signing sentence naming two or more (outside the lead paragraph only
    when they are co-subjects); else the single subjects of the signing sentences: two for a
    bilateral agreement, all of them when three or more states each signed (multilateral)."""
    singles: list[tuple[int, int, polities.Polity]] = []
    para = lead_paragraph(doc, ctx)
    for sent, verb in signing_sentences(doc, record, ctx):
        found = polities_in(doc, sent.start, verb, when)
        if len({p.name for _, _, p in found}) < 2 and _BOTH.search(doc.folded, sent.start, verb):
            found = _previous_sentence_polities(doc, sent, when) or found
        elif not (para.start <= sent.start < para.end) and not _coordinated(doc, found):
            found = found[:1]  # only the sentence subject
        if len({p.name for _, _, p in found}) >= 2:
            for a, b, p in found:
                parties.add(p, doc.plain[a:b], Evidence.of(doc, a, b))
            return
        singles += found
    multilateral = len({p.name for _, _, p in singles} | parties.seen) >= 3
    for a, b, p in singles:
        if len(parties.seen) >= 2 and not multilateral:
            return
        parties.add(p, doc.plain[a:b], Evidence.of(doc, a, b))


def _listed(doc: Document, start: int, end: int, when: str | None) -> list[tuple[int, int, polities.Polity]]:
    """Polities of a list: after its colon when it has one ("原某共同体12个国家：A、B")."""
    colon = min((i for i in (doc.folded.find(c, start, end) for c in "：:") if i != -1), default=start - 1)
    return polities_in(doc, colon + 1, end, when)


def _headed_list(doc: Document, when: str | None) -> list[tuple[int, int, polities.Polity]]:
    """The states listed under a signatory-states heading, or in a counted list of a signing
    sentence whose count matches the names (see module doc); [] when fewer than two."""
    blocks: list[tuple[int, int]] = []
    paras = doc.paragraphs
    for s in doc.sections:
        if s.level > 1 and _LIST_HEADING.match(normalise_name(s.title)):
            items = [li for li in doc.list_items if s.heading_end <= li.start < s.end]
            first = next((p for p in paras if p.start >= s.heading_end and p.start < s.end), None)
            if items:
                blocks.append((items[0].start, items[-1].end))
            elif first is not None:
                blocks.append((first.start, first.end))
    for p in paras[:30]:
        m = _BOX_LINE.match(doc.folded, p.start, p.end)
        if m and p.end - p.start <= 120:
            blocks.append((m.end(), p.end))
    for p, nxt in zip(paras, paras[1:], strict=False):
        line = normalise_name(doc.folded[p.start : p.end])
        if len(line) <= 10 and _LIST_HEADING.match(line):
            blocks.append((nxt.start, nxt.end))
    for a, b in blocks:
        found = _listed(doc, a, b, when)
        if len({p.name for _, _, p in found}) >= 2:
            return found
    for m in _COUNTED.finditer(doc.folded):
        sent = doc.sentence_span(m.start())
        if not _SIGNING_WORD.search(doc.folded, sent.start, m.start()):
            continue
        found = polities_in(doc, m.end(), sent.end, when)
        n = {p.name for _, _, p in found}
        if len(n) >= 2 and str(len(n)) == _arabic(m.group(1)):
            return found
    return []


def _arabic(numeral: str) -> str:
    """A small count written in digits or Chinese numerals, as digits ("十二" → "12")."""
    if numeral.isdigit():
        return numeral
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"两": 2}
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return str(digits.get(tens, 1) * 10 + digits.get(ones, 0) if tens or ones else 10)
    return str(digits.get(numeral, 0)) if len(numeral) == 1 else ""


def _from_between(doc: Document, ctx: Any, parties: _Parties, when: str | None) -> None:
    """In the lead paragraph, a sentence with this agreement as subject that settles or ends what
    stood between states ("该条约结束了A与B、C之间的战争"): those states; a bloc named with them
    (协约国阵营的A、B) is no party itself."""
    para = lead_paragraph(doc, ctx)
    pos = para.start
    while pos < para.end:
        sent = doc.sentence_span(pos)
        pos = max(sent.end, pos + 1)
        subj = _SELF_SUBJECT.search(doc.folded, sent.start, min(sent.end, sent.start + 4))
        m = _BETWEEN.search(doc.folded, subj.end(), sent.end) if subj else None
        if m is None:
            continue
        found = polities_in(doc, m.start(), m.end(), when)
        states = [(a, b, p) for a, b, p in found if p.kind != "alliance"]
        if len({p.name for _, _, p in states}) >= 2:
            for a, b, p in states:
                parties.add(p, doc.plain[a:b], Evidence.of(doc, a, b))
            return


def _from_lists(doc: Document, parties: _Parties, when: str | None) -> None:
    for m in _LIST_CUE.finditer(doc.folded):
        sent = doc.sentence_span(m.start())
        for a, b, p in polities_in(doc, m.end(), sent.end, when):
            parties.add(p, doc.plain[a:b], Evidence.of(doc, a, b))


def _from_title(doc: Document, record: TreatyRecord, parties: _Parties, when: str | None) -> None:
    """The title's leading abbreviations (中俄…); evidence is the title where the text writes it."""
    title = normalise_name(record.title)
    i = doc.folded.find(title)
    for a, b, p in polities.title_prefix(record.title, when):
        if i >= 0:
            ev, surface = Evidence.of(doc, i + a, i + b), doc.plain[i + a : i + b]
        else:
            ev, surface = Evidence(doc.path, 0, 0, "", record.title), title[a:b]
        parties.add(p, surface, ev)


def run(doc: Document, record: TreatyRecord, ctx: Any) -> None:
    when = signing_date(doc, record)
    parties = _Parties(doc, record)
    box = infobox.read(doc, when) if ctx.data.get("infobox") else {}
    for surface, name in box.get("infobox_parties", []):
        p = polities.get(name) if name else None
        ev = infobox.evidence(doc, ctx, "parties")
        if p is not None and ev is not None:
            parties.add(p, surface, ev)
    listed = _headed_list(doc, when) if len(parties.seen) < 2 else []
    for a, b, p in listed:
        parties.add(p, doc.plain[a:b], Evidence.of(doc, a, b))
    if not listed:
        _from_sentences(doc, record, ctx, parties, when)
    if len(parties.seen) < 2:
        _from_between(doc, ctx, parties, when)
    if len(parties.seen) < 2:
        _from_lists(doc, parties, when)
    if len(parties.seen) < 2:
        _from_title(doc, record, parties, when)
