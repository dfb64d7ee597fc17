"""Extraction component: the number of articles (条/款) and the enumerated terms.

The count is read, in order of trust, from
1. a statement of it: 共10条, 条约共6款, 共分九款, 全文共N条, 正文十五条, 分为十条, 包括十八项条款,
   共三端十款 / 共5章30条 (端 and 章 are sections, so the 款/条 are counted) — not one about an annex (附约二条) or another
   agreement named in the same clause, nor, when the title is an umbrella for several agreements
   (`related.components`), one whose sentence does not name the title;
2. failing that, the length of the numbered list that enumerates the terms: an ordered
   list, or lines numbered 第一条/第一款/第一则, "1." or "一、", consecutive from 1, that
   starts a section about the content (内容, 主要内容, 条约内容, 条款) or follows a line
   introducing it (内容为：, 条约内容如下：, 条约共三端一则：). A bulleted summary without
   numbers does not count, nor a section marked partial (部分内容).

`record.articles` holds the enumerated terms (number and text) when a numbered list was
found and it agrees with the stated count (or no count was stated).

ctx.data: reads (or has related compute) "agreement_mentions", for the components this one comprises.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from yuezhang.document import Document, Section
from yuezhang.extract import cues, related
from yuezhang.extract.numerals import NUMERAL, to_int
from yuezhang.extract.record import ArticleFact, CountFact, Evidence, TreatyRecord
from yuezhang.knowledge.agreements import normalise_name
from yuezhang.variants import fold

_STATED = re.compile(
    rf"(?:共|正文|全文|分为|(?:包括|包含|含有|载有)(?=\s*{NUMERAL}\s*项?\s*条款))(?:分为|分|有|计|为)?(?:条文|条款)?\s*"
    rf"(?:{NUMERAL}\s*(?:端|章|部分|编|篇)\s*)?(?P<n>{NUMERAL})\s*(?:项\s*条款|条|款)(?=[，。；：:,;！!\s（(]|$)"
)
#: The agreement described as consisting of the articles: 该条约由143条组成.
_COMPOSED = re.compile(rf"由\s*(?P<n>{NUMERAL})\s*(?:项\s*条款|条|款)\s*(?:条文|条款|内容)?\s*(?:组成|构成)")
#: The count as an attribute of the name that follows: 包含18条内容的中日《X》 (only counts when
#: that name is this agreement's).
_ATTRIBUTIVE = re.compile(
    rf"(?:包含|包括|含有|拥有|共有|共|计)\s*(?P<n>{NUMERAL})\s*(?:项\s*条款|条|款)\s*(?:条文|条款|内容)?\s*的"
)
_ANNEX = re.compile(r"附约|附件|附款|附录|附属|另约|专条|换文|附加")
_CONTENT_TITLE = re.compile(r"内容|条款|条文|约文|全文|正文")
_PARTIAL_TITLE = re.compile(r"部分|节选|摘要|摘录|要点")
_INTRO_LINE = re.compile(rf"(?:内容|条款|条文|约文|全文|规定|共(?:分|有|计)?\s*{NUMERAL}).*[：:]\s*$")
_BIBLIOGRAPHY = cues.pattern("bibliography.back_matter")
#: How a line numbers a term: 第一条 / 第1款 / 第三则, "1." / "1、" / "（一）" / "一、".
_NUMBERED = re.compile(
    rf"(?:第(?P<a>{NUMERAL})\s*[条款则项]|(?P<b>[0-9０-９]{{1,3}})\s*[.．、)）]|[（(](?P<c>{NUMERAL})[）)]|(?P<d>[一二三四五六七八九十]{{1,3}})\s*、)\s*[：:，,。]?\s*"
)


@dataclass
class Term:
    number: int
    start: int  # span of the term's text in plain
    end: int
    line_start: int


def run(doc: Document, record: TreatyRecord, ctx) -> None:
    own = related.own_names(record)
    stated = stated_count(doc, own, whole_only=bool(related.components(doc, own, ctx)))
    terms = enumerated_terms(doc)
    if stated is not None:
        record.article_count = stated
    elif terms:
        first, last = terms[0], terms[-1]
        text = f"{doc.plain[first.line_start : first.end].strip()} … {doc.plain[last.line_start : last.end].strip()}"
        record.article_count = CountFact(len(terms), text, Evidence.of(doc, first.line_start, first.end))
    if terms and (stated is None or stated.value == len(terms)):
        record.articles = [
            ArticleFact(t.number, doc.plain[t.start : t.end], Evidence.of(doc, t.start, t.end)) for t in terms
        ]


def stated_count(doc: Document, own: Collection[str] = (), whole_only: bool = False) -> CountFact | None:
    """The first statement of the article count in the main text (not about an annex).

    With `whole_only` (the title is an umbrella for several agreements, each with its own
    count: 《X》包括《中英X》、《中法X》), only a count whose sentence names the title is the
    whole's; "…与甲国代表签约，共12款" is one component's."""
    text = doc.folded
    for m in _statements(text, own):
        if _in_back_matter(doc, m.start()):
            continue
        clause_start = max([0] + [text.rfind(c, 0, m.start()) + 1 for c in "，,；;。\n：:"])
        lead_in = text[clause_start : m.start()]
        # 含N条的《X》 names X after the count: what precedes it is not the subject
        attributive = m.re is _ATTRIBUTIVE
        if not attributive and (
            _ANNEX.search(_without(lead_in, own)) or _names_other_agreement(lead_in, own)
        ):
            continue
        if whole_only and not _names_own(doc, m.start(), own):
            continue
        value = to_int(m["n"])
        if value:
            return CountFact(value, doc.plain[m.start() : m.end()], Evidence.of(doc, m.start(), m.end()))
    return None


def _statements(text: str, own: Collection[str]) -> list[re.Match]:
    """The count statements in text order: 共N条 and 由N条组成, and 含N条的X where X is this agreement."""
    found = list(_STATED.finditer(text)) + list(_COMPOSED.finditer(text))
    for m in _ATTRIBUTIVE.finditer(text):
        after = normalise_name(text[m.end() : m.end() + 160])
        # the name may carry the parties' prefix outside the brackets: 中日《X》
        if any(n in after[: len(n) + 3] for n in own):
            found.append(m)
    return sorted(found, key=lambda m: m.start())


def _names_own(doc: Document, pos: int, own: Collection[str]) -> bool:
    """Whether the sentence up to `pos` names this agreement by its title or an alias."""
    sent = doc.sentence_span(pos)
    before = normalise_name(doc.folded[sent.start : pos])
    return any(n in before for n in own)


def _without(text: str, names: Collection[str]) -> str:
    """The text with these names (this agreement's own) taken out."""
    for n in sorted(names, key=len, reverse=True):
        text = text.replace(n, "")
    return text


def _names_other_agreement(text: str, own: Collection[str]) -> bool:
    return any(
        related.is_title(q) and normalise_name(q) not in own for q in re.findall(r"《([^《》]+)》", text)
    )


def _in_back_matter(doc: Document, pos: int) -> bool:
    sec = doc.section_at(pos)
    return bool(sec and sec.level > 1 and _BIBLIOGRAPHY.search(fold(sec.title)))


def enumerated_terms(doc: Document) -> list[Term]:
    """The numbered list that enumerates the terms, under a content heading or intro line."""
    for start, end, immediate in _anchors(doc):
        terms = _numbered_run(doc, start, end, immediate)
        if len(terms) >= 2:
            return terms
    return []


def _anchors(doc: Document) -> list[tuple[int, int, bool]]:
    """(start, end, list must follow at once) of the places a term list may start, in text order."""
    text = doc.folded
    out = []
    for sec in doc.sections:
        if sec.level > 1 and _is_content_section(doc, sec):
            out.append((sec.heading_end, sec.end, False))
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if _INTRO_LINE.search(line) and not _in_back_matter(doc, pos):
            sec = doc.section_at(pos)
            out.append((end + 1, sec.end if sec else len(text), True))
        pos = end + 1
    return sorted(out)


def _is_content_section(doc: Document, sec: Section) -> bool:
    title = doc.folded[sec.heading_start : sec.heading_end] or sec.title
    return bool(_CONTENT_TITLE.search(title)) and not _PARTIAL_TITLE.search(title)


def _numbered_run(doc: Document, start: int, end: int, immediate: bool) -> list[Term]:
    """Consecutively numbered lines from 1 in plain[start:end]; with `immediate`, the first
    non-blank line must be the first term."""
    ordered = {i.start: i for i in doc.list_items if i.ordered and start <= i.start < end}
    terms: list[Term] = []
    pos = start
    for line in doc.plain[start:end].split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        term = _term(doc, line, line_start, ordered, len(terms) + 1)
        if term is None:
            if terms or immediate:
                break
            continue
        if term.number != len(terms) + 1:
            break
        terms.append(term)
    return terms


def _term(doc: Document, line: str, line_start: int, ordered: dict, expected: int) -> Term | None:
    lead = len(line) - len(line.lstrip())
    first = line_start + lead
    item = next((i for s, i in ordered.items() if line_start <= s <= first), None)
    m = _NUMBERED.match(doc.folded, first, line_start + len(line))
    if m:
        number = to_int(next(g for g in (m["a"], m["b"], m["c"], m["d"]) if g))
        if number is not None:
            return Term(number, m.end(), line_start + len(line.rstrip()), line_start)
    if item is not None:
        return Term(item.number or expected, first, line_start + len(line.rstrip()), line_start)
    return None
