"""Extraction component: other names of this agreement (aliases).

Sources, each an `AliasFact.how`:
- bold: bold agreement names in the lead other than the title (not those listed after
  包括/分为, which are components);
- lead: without bold (plain-text sources), the name the lead's defining sentence opens with,
  when that sentence also holds the title — the name a wiki would have set in bold;
- marker: names after 亦称/又称/简称/全称/原称/或称/俗称/通称/又译/亦作/也称/又名 …, after
  "X方称"/"称之为"/"称其为", and either side of 即 — only when the marker speaks of THIS
  agreement: the other side of "《Y》亦称《X》" must be the title or a known alias, and a
  marker with no name before it must be in the lead or follow the title/a pronoun;
- quoted: 《X》 where X is the title (or an alias) without its polity prefix (《联合声明》 for
  中英联合声明), and 《X》 variants of the title that the text says were signed on this
  agreement's signing day (confirmed by `confirm_dated` once dates have run), and 《X》 that is
  the title with 政府 inserted (alias.filler);
- infobox: the infobox long_name (and name when it differs from the title);
- redirect: `doc.redirects` (no sentence: evidence None).

Chinese names only; never the title itself (compared folded, marks stripped).
Context: reads `ctx.data["lead_sentence"]`, `ctx.data["infobox"]`; writes
`ctx.data["alias_candidates"]`: [(name, start, end)] awaiting the signing date, and
`ctx.data["components"]`: [name] of the agreements the lead says this one comprises (包括).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from yuezhang.document import Document
from yuezhang.extract import cues, infobox
from yuezhang.extract.record import AliasFact, Evidence, TreatyRecord
from yuezhang.knowledge import polities
from yuezhang.knowledge.agreements import looks_like_agreement, normalise_name, suffix_of
from yuezhang.knowledge.polities import strip_title_prefix

#: markers whose name follows (folded script)
_MARKER = re.compile(rf"({cues.alternation('alias_marker.names')})(?:为|作)?")
_QUOTED = re.compile(
    r"《([^《》\n]{2,150})》|“([^“”\n]{2,40})”|「([^「」\n]{2,40})」|『([^『』\n]{2,40})』|\"([^\"\n]{2,40})\""
)
#: where a plain (unquoted) name may end: a name may hold 和/及 ("…和平条约"), so every cut is tried
_PLAIN_END = re.compile(r"[，。；、：:）)（(\s或和及]|$")
_JOIN = re.compile(rf"\s*{cues.alternation('and.alias')}\s*(?:又称|或称|亦称)?\s*|(?<=》)(?=《)")
#: adverbs and qualifiers between a name and its marker ("《X》一般简称为", "《X》，英文正式名称为")
_QUALIFIER = re.compile(r"(一般|通常|常|多|现|今|后|亦|也|又|则|中文|英文|官方|对外)$")
_COMPONENT = re.compile(r"(包括|包含|分为|分别|以及|由.{0,6}组成)")
_PRONOUN = cues.pattern("self.alias")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: an agreement word inside a name ("…条约十款", "…协定附件"): still an agreement's name
_AGREEMENT_WORD = re.compile(r".{2,}(条约|和约|协定|议定书|公约|专条|章程|合同).{1,4}$")
_LATIN = re.compile(r"[A-Za-z]")
_FULL_DATE = re.compile(r"(\d{3,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_SIGN = cues.pattern("sign.dated_name")


def _chinese(name: str) -> bool:
    return bool(_CJK.search(name)) and not _LATIN.search(name)


class _Names:
    """The title and accepted aliases (normalised), and the facts gathered."""

    def __init__(self, doc: Document, record: TreatyRecord) -> None:
        self.doc = doc
        self.record = record
        self.known = {normalise_name(doc.title)} | {normalise_name(a.name) for a in record.aliases}

    def is_self(self, name: str) -> bool:
        return normalise_name(name) in self.known

    def add(self, name: str, how: str, evidence: Evidence | None) -> bool:
        name = name.strip()
        key = normalise_name(name)
        if len(key) < 2 or key in self.known or not _chinese(name):
            return False
        self.known.add(key)
        self.record.aliases.append(AliasFact(name, how, evidence))
        return True


def _token(text: str, pos: int, plain_ok: bool) -> tuple[int, int, str] | None:
    """A name starting at `pos` (after spaces): quoted, or (if `plain_ok`) a run of Chinese."""
    while pos < len(text) and text[pos] in " 　:：":
        pos += 1
    m = _QUOTED.match(text, pos)
    if m:
        g = next(i for i in range(1, 6) if m.group(i) is not None)
        return m.start(g), m.end(g), m.group(g)
    if plain_ok:
        return _plain_name(text, pos)
    return None


def _plain_name(text: str, pos: int) -> tuple[int, int, str] | None:
    """The shortest run of Chinese from `pos`, cut where a name may end, that reads as an agreement's
    name: "X和平条约或Y和约" gives X和平条约 (not cut at its 和, not run on past 或)."""
    m = re.match(r"[\u4e00-\u9fff·\-－]{2,40}", text[pos:])
    if not m:
        return None
    for cut in _PLAIN_END.finditer(text, pos + 2, pos + m.end() + 1):
        name = text[pos : cut.start()]
        if looks_like_agreement(name):
            return pos, cut.start(), name
    return None


def _names_after(text: str, pos: int, bold_at: set[int]) -> list[tuple[int, int, str]]:
    """The names a marker introduces: one, or a list joined by 、/或/和 (quoted or bold ones, or plain
    ones after a plain first name: "通称X和约或Y和约"); 《A》《B》 with nothing between is a list too."""
    out: list[tuple[int, int, str]] = []
    tok = _token(text, pos, plain_ok=True)
    plain_list = tok is not None and text[tok[0] - 1] not in '《“「『"'
    while tok is not None:
        out.append(tok)
        j = _JOIN.match(text, tok[1] + (1 if tok[1] < len(text) and text[tok[1]] in '》”」』"' else 0))
        if not j:
            break
        plain = j.end() in bold_at or (plain_list and j.group().strip() in cues.words("and.or"))
        nxt = _token(text, j.end(), plain_ok=plain)
        if nxt is None or not (text[j.end() : j.end() + 1] in '《“「『"' or plain):
            break
        tok = nxt
    return out


def _name_before(text: str, pos: int, floor: int) -> tuple[int, int, str] | None:
    """A quoted name ending just before `pos`, e.g. 《Y》 in 《Y》亦称《X》 — skipping "，", spaces,
    an adverb (《Y》一般简称) and a bracketed gloss (《Y》（法语：…），即《X》)."""
    i = pos
    q = _QUALIFIER.search(text, max(floor, i - 2), i)
    if q:
        i = q.start()
    while i > floor:
        if text[i - 1] in " ，,（(":
            i -= 1
        elif text[i - 1] in "）)":
            j = _gloss_start(text, i - 1, floor)
            if j is None:
                break
            i = j
        else:
            break
    if i > floor and text[i - 1] in "》”」』":
        close = text[i - 1]
        opener = {"》": "《", "”": "“", "」": "「", "』": "『"}[close]
        j = text.rfind(opener, floor, i - 1)
        if j >= 0:
            return j + 1, i - 1, text[j + 1 : i - 1]
    return None


def _gloss_start(text: str, close: int, floor: int) -> int | None:
    """Where the bracketed gloss closing at `close` opens (nested brackets matched), or None."""
    depth = 0
    for k in range(close, max(floor, close - 300) - 1, -1):
        if text[k] in "）)":
            depth += 1
        elif text[k] in "（(":
            depth -= 1
            if depth == 0:
                return k
    return None


def _bold_names(doc: Document, names: _Names, ctx: Any) -> None:
    """Bold agreement names of the lead; those listed after 包括/分为 are components, kept apart."""
    lead = doc.lead
    for b in doc.bolds:
        if not (lead.start <= b.start < lead.end) or not looks_like_agreement(b.text):
            continue
        sent = doc.sentence_span(b.start, b.end)
        if _COMPONENT.search(doc.folded[sent.start : b.start]):
            ctx.data.setdefault("components", []).append(b.text)
            continue
        start, end = _strip_marks(doc, b.start, b.end)
        names.add(doc.plain[start:end], "bold", Evidence.of(doc, start, end))


def _strip_marks(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to the name inside 《》/quotes/spaces."""
    while start < end and doc.plain[start] in "《〈「『“\"' ":
        start += 1
    while end > start and doc.plain[end - 1] in "》〉」』”\"' ":
        end -= 1
    return start, end


def _lead_name(doc: Document, names: _Names, ctx: Any) -> None:
    """Without bold in the lead, the name the defining sentence opens with (《X》 or a plain name
    ending in an agreement word, followed by a gloss, a comma or the copula) stands for the bold name,
    when the sentence also holds the title."""
    lead = doc.lead
    if any(lead.start <= b.start < lead.end for b in doc.bolds) or "lead_sentence" not in ctx.data:
        return
    start, end = ctx.data["lead_sentence"]
    text = doc.folded
    if normalise_name(doc.title) not in normalise_name(text[start:end]):
        return
    i = start
    while i < end and text[i].isspace():
        i += 1
    m = re.match(r"《([^《》\n]{2,80})》", text[i:end])
    if m:
        s, e = i + 1, i + m.end() - 1
    else:
        tok = _plain_name(text, i)
        if tok is None:
            return
        s, e = tok[0], tok[1]
    if not re.match(r"\s*[（(，,是为即]", text[e + (1 if m else 0) : end]):
        return
    if looks_like_agreement(text[s:e]):
        names.add(doc.plain[s:e], "lead", Evidence.of(doc, s, e))


def _marker_names(doc: Document, names: _Names, ctx: Any) -> None:
    text = doc.folded
    lead_sent = ctx.data.get("lead_sentence", (0, 0))
    lead = doc.lead
    bold_at = {b.start for b in doc.bolds} | {_strip_marks(doc, b.start, b.end)[0] for b in doc.bolds}
    for m in _MARKER.finditer(text):
        sent = doc.sentence_span(m.start(), m.end())
        after = _names_after(text, m.end(), bold_at)
        if not after:
            continue
        before = _name_before(text, m.start(), sent.start)
        paired = False  # the marker joins a name of this agreement to the chosen ones
        if before is not None and not m.group(1).endswith("方称"):
            if names.is_self(before[2]):
                chosen, paired = after, True
            elif any(names.is_self(a[2]) for a in after):
                chosen, paired = [before] + [a for a in after if not names.is_self(a[2])], True
            else:
                continue  # "《Y》亦称《X》" about another agreement
        else:
            left = text[sent.start : m.start()]
            in_lead = lead.start <= m.start() < lead.end and (m.start() < lead_sent[1] + 200)
            mentions_self = any(k in normalise_name(left) for k in names.known)
            if not (in_lead or mentions_self or _PRONOUN.search(left[-8:] + m.group(1))):
                continue
            if _quoted_other_agreement(left, names):
                continue
            chosen = after
        for s, e, name in chosen:
            # a 《…》 name the marker ties to this agreement is its name even without a suffix (《X约》)
            quoted = paired and text[s - 1 : s] == "《" and len(name) <= 40
            if quoted or looks_like_agreement(name) or _AGREEMENT_WORD.search(name):
                names.add(doc.plain[s:e], "marker", Evidence.of(doc, s, e))


#: a gloss giving the name a party uses, right after a name: 《X》（甲国称Y）
_GLOSS_CALLED = re.compile(r"[（(]\s*[\u4e00-\u9fff]{1,6}?(?:方面|方|则|一般|通常)?称(?:之为|其为|为|作)?")


def _gloss_names(doc: Document, names: _Names) -> None:
    """《X》（甲国称Y）: Y is this agreement's name when X is."""
    text = doc.folded
    for m in _GLOSS_CALLED.finditer(text):
        before = _name_before(text, m.start() + 1, doc.sentence_span(m.start()).start)
        if before is None or not names.is_self(before[2]):
            continue
        for s, e, name in _names_after(text, m.end(), set()):
            if looks_like_agreement(name):
                names.add(doc.plain[s:e], "marker", Evidence.of(doc, s, e))


def _quoted_other_agreement(left: str, names: _Names) -> bool:
    """Whether the words before a marker name another agreement (so the marker is about it)."""
    for m in re.finditer(r"《([^《》]{2,80})》", left[-40:]):
        if looks_like_agreement(m.group(1)) and not names.is_self(m.group(1)):
            return True
    return False


def _is_pair(doc: Document, names: _Names) -> None:
    """《A》即《B》 / 《A》，即《B》: one side is this agreement, so the other is too."""
    for m in re.finditer(r"[，,]?\s*即\s*", doc.folded):
        sent_start = doc.sentence_span(m.start()).start
        before = _name_before(doc.folded, m.start(), sent_start)
        after = _token(doc.folded, m.end(), plain_ok=False)
        if after is None:
            continue
        if before is None:
            # an unquoted name of this agreement opening the sentence: "X即《Y》"
            left = normalise_name(doc.folded[sent_start : m.start()])
            if left in names.known and looks_like_agreement(after[2]):
                names.add(doc.plain[after[0] : after[1]], "marker", Evidence.of(doc, after[0], after[1]))
            continue
        if names.is_self(after[2]) and looks_like_agreement(before[2]):
            names.add(doc.plain[before[0] : before[1]], "marker", Evidence.of(doc, before[0], before[1]))
        elif names.is_self(before[2]) and looks_like_agreement(after[2]):
            names.add(doc.plain[after[0] : after[1]], "marker", Evidence.of(doc, after[0], after[1]))


def _party_prefix(text: str, pos: int) -> int:
    """Where a run of the parties' one-character abbreviations ending at `pos` starts (中日《X》:
    the prefix outside the brackets is part of the name), or `pos` if there is none."""
    i = pos
    while i > 0 and pos - i < 3 and polities.is_generic(text[i - 1]):
        i -= 1
    return i if pos - i >= 2 else pos


def _short_forms(doc: Document, names: _Names) -> None:
    """《X》 where X is the title or an alias without its polity prefix (《联合声明》, 《改订条约》),
    unless the prefix stands outside the brackets (中日《修好条规》 is the whole name)."""
    shorts = {strip_title_prefix(k) for k in list(names.known)}
    shorts = {s for s in shorts if len(s) >= 4 and s not in names.known}
    if not shorts:
        return
    for m in re.finditer(r"《([^《》\n]{4,40})》", doc.folded):
        if _party_prefix(doc.folded, m.start()) < m.start():
            continue
        if normalise_name(m.group(1)) in shorts:
            names.add(doc.plain[m.start(1) : m.end(1)], "quoted", Evidence.of(doc, m.start(1), m.end(1)))


def _government_variants(doc: Document, names: _Names) -> None:
    """《X》 that is the title with a word such as 政府 inserted or left out: the same agreement
    named after the governments that concluded it (甲国和乙国政府边界条约 for 甲国和乙国边界条约)."""
    filler = cues.pattern("alias.filler")
    title = filler.sub("", normalise_name(doc.title))
    for m in re.finditer(r"《([^《》\n]{4,150})》", doc.folded):
        name = normalise_name(m.group(1))
        if name != normalise_name(doc.title) and filler.sub("", name) == title:
            names.add(doc.plain[m.start(1) : m.end(1)], "quoted", Evidence.of(doc, m.start(1), m.end(1)))


def _core(name: str) -> str:
    """A name without its polity prefix and agreement suffix: the part that identifies it."""
    n = strip_title_prefix(name)
    s = suffix_of(n)
    return n[: -len(s.suffix)] if s else n


def _dated_candidates(doc: Document, names: _Names) -> list[tuple[str, int, int]]:
    """Variant names (《X》 or bold) close to the title, in a sentence with a signing verb and a full date."""
    title_core = _core(doc.title)
    spans = [(m.start(1), m.end(1)) for m in re.finditer(r"《([^《》\n]{2,60})》", doc.folded)]
    spans += [_strip_marks(doc, b.start, b.end) for b in doc.bolds]
    out = []
    for s, e in spans:
        name = doc.plain[s:e]
        if names.is_self(name) or not looks_like_agreement(name) or not title_core:
            continue
        if SequenceMatcher(None, _core(name), title_core).ratio() < 0.6:
            continue
        sent = doc.sentence_span(s, e)
        sentence = doc.folded[sent.start : sent.end]
        if _SIGN.search(sentence) and _FULL_DATE.search(sentence):
            out.append((name, s, e))
    return out


def confirm_dated(doc: Document, record: TreatyRecord, ctx: Any) -> None:
    """Add the variant names whose sentence dates their signing on this agreement's signing day.

    Called by the places component, the first of this family to run after dates.
    """
    cands = ctx.data.pop("alias_candidates", [])
    if not cands or record.signed is None or record.signed.precision != "day":
        return
    y, mo, d = (int(x) for x in record.signed.value.split("-"))
    names = _Names(doc, record)
    for name, s, e in cands:
        sent = doc.sentence_span(s, e)
        for m in _FULL_DATE.finditer(doc.folded, sent.start, sent.end):
            if (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (y, mo, d):
                names.add(name, "quoted", Evidence.of(doc, s, e))
                break


def run(doc: Document, record: TreatyRecord, ctx: Any) -> None:
    names = _Names(doc, record)
    _bold_names(doc, names, ctx)
    _lead_name(doc, names, ctx)
    _marker_names(doc, names, ctx)
    _is_pair(doc, names)
    _gloss_names(doc, names)
    box = ctx.data.get("infobox", {})
    for field in ("long_name", "name"):
        if field in box:
            ev = infobox.evidence(doc, ctx, field)
            for part in box[field][0].split("；"):
                names.add(part, "infobox", ev)
    _short_forms(doc, names)
    _government_variants(doc, names)
    for title in doc.redirects:
        names.add(title, "redirect", None)
    ctx.data["alias_candidates"] = _dated_candidates(doc, names)
