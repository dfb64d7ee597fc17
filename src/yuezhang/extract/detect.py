"""Extraction component: is the article's main subject ONE international agreement?

Signals, strongest first:
- a disambiguation page (a disambiguation template or category, "可以指/可指" before a list,
  several links to same-named pages "X (1763年)") is never one agreement;
- an agreement infobox (`{{Infobox treaty}}`, `{{条约信息框}}` ...) says yes, a person/war/
  place infobox says no;
- the title: a specific name ending in an agreement suffix (`knowledge/agreements.py`) says
  yes; 事件/战争/列表/岛 ... say no;
- the lead's first sentence defining the title ("…是…签订的…条约") and the categories
  (…条约 vs 人物/战争/事件) decide the rest.

Puts `ctx.data["lead_sentence"]` = (start, end) of the lead's defining sentence, which the
names/parties/places/signatories components read first. Reads no other ctx.data.
"""

from __future__ import annotations

import re
from typing import Any

from yuezhang.document import Document, Span
from yuezhang.extract import cues
from yuezhang.extract.infobox import template_key
from yuezhang.extract.spans import paragraph_at
from yuezhang.knowledge.agreements import looks_like_agreement, normalise_name, suffix_of
from yuezhang.knowledge.polities import find_names as polity_names
from yuezhang.knowledge.polities import is_generic

_AGREEMENT_INFOBOX = re.compile(
    r"^(infobox ?(treaty|agreement|convention)|条约信息框|条约资讯框|条约|treaty)$", re.I
)
_OTHER_INFOBOX = re.compile(r"^(infobox|信息框|资讯框)|(信息框|资讯框)$", re.I)
_DISAMBIG_TEMPLATE = re.compile(
    r"^(disambig|disambiguation|dab|disamb|消歧义|消歧義|地名消歧义|人名消歧义|[a-z]*dis|disambig[- ].*|.*消歧[义義])$",
    re.I,
)
_DISAMBIG_TEXT = re.compile(
    r"(可以指|可指|可能指|可以是指|是指以下|可以是下列|可以代表|可以表示|是下列.{0,6}的(统|总|概)称)"
)
#: words that end the title of an article about something other than an agreement
_NOT_AGREEMENT_TITLE = re.compile(
    r"(事件|事变|战争|战役|会战|冲突|列表|年表|清单|运动|革命|会议|谈判|问题|关系|历史|外交|人物|岛|群岛|河|江|山|城|省|州|县|市|区|港)$"
)
_AGREEMENT_CATEGORY = re.compile(
    r"(条约|和约|协定|协议|议定书|公约|宣言|声明|公报|章程|专条|界约|合同|宪章|treaties|treaty|agreements)"
)
_OTHER_CATEGORY = re.compile(
    r"(人物|出生|逝世|政治人物|军事人物|战争|战役|事件|冲突|岛屿|岛|河流|城市|地理|消歧义|消歧義|disambiguation)"
)
#: head nouns that end the defining clause ("…签订的一款议定书", "…发生的一次武装冲突")
_AGREEMENT_HEAD = re.compile(
    r"(条约|和约|协定|协议|议定书|公约|声明|公报|宣言|章程|专条|界约|密约|合同|条款|协约|盟约|宪章|换文|文书|文件)$"
)
_JOINTLY = cues.pattern("both.jointly")
_SIGNING = cues.pattern("sign.defining")
_OTHER_HEAD = re.compile(
    r"(事件|事变|战争|冲突|战役|会战|运动|革命|岛|岛系|群岛|人物|政治家|军人|军阀|将领|领袖|会议|城市|地区|列表|电影|小说|书籍|组织|机构|政府|国家|政权)$"
)


def _title_key(title: str) -> str:
    """The title without a trailing disambiguator ("巴黎条约 (1763年)" → "巴黎条约"), normalised."""
    return normalise_name(re.sub(r"\s*[（(][^（）()]*[)）]\s*$", "", title))


def _prose(doc: Document, p: Span) -> bool:
    """A paragraph of running text: it holds a full stop. Plain-text sources open with the title on
    its own line, then a tagline and infobox rows; none of those is the defining sentence."""
    return "。" in doc.plain[p.start : p.end]


def _defines(doc: Document, sent: Span, title: str) -> bool:
    """Whether a sentence opens with a name (《…》, the title, or a run ending in an agreement word)
    and states what it is (是/为/指/係)."""
    text = doc.folded[sent.start : sent.end].lstrip()
    head = re.match(r"《[^《》]{2,80}》|[^，,。（(：:是为指]{2,60}", text)
    if head is None or not re.search(r"是|为|指|係", text):
        return False
    name = head.group().strip("《》")
    return head.group().startswith("《") or normalise_name(name) == title or looks_like_agreement(name)


def lead_sentence(doc: Document) -> Span:
    """The sentence that introduces the subject: the first lead sentence holding a bold term; without
    bold, the first paragraph-opening prose sentence that holds the title or opens with a name and
    defines it, else the first prose sentence holding the title, else the lead's first prose one."""
    lead = doc.lead
    title = _title_key(doc.title)
    for b in doc.bolds:
        if lead.start <= b.start < lead.end:
            return doc.sentence_span(b.start, b.end)
    paras = [p for p in doc.paragraphs if lead.start <= p.start < lead.end and _prose(doc, p)]
    for p in paras:
        sent = doc.sentence_span(p.start, p.start)
        if (title and title in doc.folded[sent.start : sent.end]) or _defines(doc, sent, title):
            return sent
    for p in paras:
        i = doc.folded.find(title, p.start, p.end) if title else -1
        if i >= 0:
            return doc.sentence_span(i, i + len(title))
    if paras:
        return doc.sentence_span(paras[0].start, paras[0].start)
    for p in doc.paragraphs:
        if lead.start <= p.start < lead.end and re.search(r"[\u4e00-\u9fff]", doc.plain[p.start : p.end]):
            return doc.sentence_span(p.start, p.start)
    return Span(lead.start, lead.start)


def is_disambiguation(doc: Document) -> bool:
    """A page that lists several things of one name rather than describing one."""
    if any(_DISAMBIG_TEMPLATE.match(template_key(t.name)) for t in doc.templates):
        return True
    if any(re.search(r"消歧[义義]|disambiguation", c, re.I) for c in doc.categories):
        return True
    title = _title_key(doc.title)
    same_named = {
        lk.target
        for lk in doc.links
        if lk.target.strip() != doc.title.strip()
        and title
        and _title_key(lk.target) == title
        and lk.target != title
    }
    if len(same_named) >= 2:
        return True
    lead = doc.folded[doc.lead.start : doc.lead.end]
    items = [li for li in doc.list_items if li.start >= doc.lead.start]
    return bool(_DISAMBIG_TEXT.search(lead[:400])) and len(items) >= 2


def _infobox_kind(doc: Document) -> str | None:
    """ "agreement", "other" or None, from the first infobox-like template."""
    for t in doc.templates:
        name = template_key(t.name)
        if _AGREEMENT_INFOBOX.match(name):
            return "agreement"
        if _OTHER_INFOBOX.search(name):
            return "other"
    return None


def _generic_prefix(title: str) -> bool:
    """Whether the part before the suffix only names polities ("中俄条约", "中日条约")."""
    s = suffix_of(title)
    if s is None:
        return False
    prefix = title[: -len(s.suffix)]
    rest = prefix
    for a, b, _ in sorted(polity_names(prefix), key=lambda x: x[0], reverse=True):
        rest = rest[:a] + rest[b:]
    rest = "".join(ch for ch in rest if not is_generic(ch) and ch not in cues.words("and"))
    return rest == "" and s.suffix in ("条约", "协定", "协议", "和约", "公约")


def _lead_says(doc: Document, sent: Span) -> str | None:
    """ "agreement" / "other" / None from the head noun of the defining sentence's predicate.

    In "A是……的B，……" the head noun B ends a clause; the first clause after 是/为 that
    ends in an agreement word or in another kind of thing (事件, 战争, 岛 ...) decides.
    """
    text = doc.folded[sent.start : sent.end]
    m = re.search(r"是|为", text)
    if not m:
        return None
    for clause in re.split(r"[，,。；;：:（(）)\n]", text[m.start() :]):
        clause = re.sub(r"(之一|之首|的一部分)$", "", clause.strip())
        if not clause:
            continue
        if _AGREEMENT_HEAD.search(clause):
            return "agreement"
        if _OTHER_HEAD.search(clause):
            return "other"
    return None


def _categories_say(doc: Document) -> int:
    """Agreement categories minus other categories."""
    score = 0
    for c in doc.categories:
        c = normalise_name(c)
        if _OTHER_CATEGORY.search(c):
            score -= 1
        elif _AGREEMENT_CATEGORY.search(c):
            score += 1
    return score


def _concluded_jointly(doc: Document, sent: Span) -> bool:
    """Whether the lead speaks of a signing, or its defining sentence names two or more polities —
    what tells a joint declaration or a contract between governments from a unilateral one."""
    para = paragraph_at(doc, sent.start, sent)
    if _SIGNING.search(doc.folded, para.start, para.end):
        return True
    found = polity_names(doc.folded, sent.start, sent.end)
    coordinated = any(
        a[2] != b[2] and doc.folded[a[1] : b[0]] in cues.words("and.coordinated")
        for a, b in zip(found, found[1:], strict=False)
    )
    return coordinated or bool(_JOINTLY.search(doc.folded, sent.start, sent.end))


def is_treaty(doc: Document, ctx: Any) -> bool:
    """Whether the document's main subject is one international agreement (see module doc)."""
    sent = lead_sentence(doc)
    if ctx is not None:
        ctx.data["lead_sentence"] = (sent.start, sent.end)
    if is_disambiguation(doc):
        return False
    box = _infobox_kind(doc)
    if box is not None:
        return box == "agreement"
    title = _title_key(doc.title)
    says = _lead_says(doc, sent)
    if looks_like_agreement(title) and not _generic_prefix(title):
        s = suffix_of(title)
        if s is not None and not s.strong and not _concluded_jointly(doc, sent):
            return False  # a declaration/statement/regulation one side issued
        return says != "other" or (s is not None and s.strong and _categories_say(doc) > 0)
    if _NOT_AGREEMENT_TITLE.search(title):
        return False
    if says is not None:
        return says == "agreement"
    return _categories_say(doc) > 0
