"""Extraction component: the persons who signed the agreement (not those who only negotiated).

Persons are recognised as: the infobox's signatories; links to person articles (a name with
"·" or mostly of transcription characters, or a 2–5 character name starting with a family
name of `surnames.tsv`; never a polity, place, era, office or agreement); names after an
office or rank (`offices.tsv`: 全权大臣 X, 外长 X, 陆军少将 X, 代表为 X) and those listed
with them by 、.

A signing event is a signing verb (签订/签署/签字/订立/缔结/签约 …; not 草签, not negated or
merely wanted — 拒绝/未/要求 … 签订 — and not a time phrase "签订后/前") that is about THIS
agreement: in the lead paragraph; naming it (title, alias, or a component listed after
包括) in the verb's clause; with a pronoun or bare object (此约, 该条约, 和约); dated on its
signing day; or in a section whose heading speaks of signing — and whose object is not
another agreement.

The signers are the persons in the verb's clause, extended back over clauses that continue
it (由…, 在…, 与…, 并…, 分别…, 及…) or, when it names nobody, over one earlier clause
(subject ellipsis); "双方/两国代表 … 签字" takes the nearest earlier clause naming two or
more persons, else the nearest such earlier sentence of the paragraph; "签署人包括 X、Y",
"签署…的是 X", "代表为 X" name them after the verb. A person followed by 委任/派/遣 (who
sent the signer) or inside "在…调停下", quotes or 《》 is not a signer.

`side` is the polity named nearest before the person (resolved by the signing date);
`office` the office words right before the name. Context read: `infobox_signatories`,
`lead_sentence`, `components` (from `names`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import cn2an

from yuezhang.document import Document, Span
from yuezhang.extract import cues, infobox
from yuezhang.extract.parties import object_is_other, own_names, polities_in, signing_date
from yuezhang.extract.record import Evidence, SignatoryFact, TreatyRecord
from yuezhang.extract.spans import lead_paragraph, paragraph_at
from yuezhang.knowledge import eras, places, polities, read_table
from yuezhang.knowledge.agreements import looks_like_agreement, normalise_name, suffix_of
from yuezhang.variants import fold

_VERB = re.compile(rf"(?<!草){cues.alternation('sign.event')}")
_NOT_EVENT_BEFORE = re.compile(rf"{cues.alternation('not_signing')}[^，。；]{{0,6}}$")
_NOT_EVENT_AFTER = re.compile(r"^(?:了)?(?:之)?(?:前|后|以后|之后|以前|时|的结果|标志|仪式|权|国)")
_CONTINUES = re.compile(
    r"^\s*(并|在|与|和|同|于|及|以及|由|分别|后|随后|遂|乃|即|共同|一同|正式|终于|最终|当天|同日)"
)
#: a clause that begins with a time or a continuation carries the previous clause's subject
_ELLIPSIS = re.compile(
    r"^\s*(?:[\d〇一二三四五六七八九十]+\s*[年月日]|次年|同年|翌年|当年|是年|随后|之后|其后|后|旋即|于|并|遂|乃|终|最后|最终)"
)
#: words showing that a polity name introduces its representative ("乙国新任将军Y"), not itself
_OFFICE_AFTER = cues.pattern("office.representative")
#: the closing formula of a treaty text, after which the signers' names stand
_CLOSING = re.compile(r"(?:署名|签名|签字|画押)(?:盖印|画押|盖章)[^。\n]{0,12}。")
_HEADING_WORD = re.compile(r"附|件|注|正文|内容|全文|条$|款$")
_DATE_LINE = re.compile(r"[年月日]|\d|历")
_BOTH = cues.pattern("both.representatives")
_AFTER_CUE = re.compile(r"^[^，。；]{0,14}?的?(?:是|为|包括|有)")
_SIGNER_NOUN = re.compile(r"(签署人|签字人|签约人|签字者|签署者|签约代表)")
#: words after which the signers are listed: "签字者为X与Y", "签署该条约的是X和Y"
_LIST_CUE = re.compile(
    r"(?:签署人|签字人|签约人|签字者|签署者|签约代表)(?:为|是|包括|有)|签[署订字][^，。；]{0,12}的(?:是|为(?!期))"
)
#: where a name in a list of signers ends
_LIST_SEP = cues.pattern("and.signers")
_REP_IS = re.compile(r"代表(?:为|是)")
#: words that introduce a side's representative right before the name ("甲国全权代表X")
_REP_BEFORE = re.compile(r"(?:代表|全权[\u4e00-\u9fff]{0,3}|专使|特使)$")
_PRONOUN_OBJECT = re.compile(rf"^(?:了)?\s*{cues.alternation('self.object')}")
#: this agreement as the subject of a passive signing ("该条约由X和Y签署")
_SELF_SUBJECT = re.compile(rf"^\s*(?:{cues.alternation('self')}|{cues.alternation('self.object')})\s*由")
_NOT_SIGNER_AFTER = re.compile(r"^(委任|委派|派遣|派|遣|任命|命令|命|令|授权|批准|拒绝|反对|认为|称|说)")
_NOT_SIGNER_SPAN = re.compile(
    r"在[^在，。；]{0,40}?(?:调停|斡旋|主持|压力|胁迫|支持|干涉|协调|邀请|见证)(?:之)?下|[「“『][^」”』]*[」”』]|《[^《》]*》"
)
_NAME_END = (
    r"(?=[，。、；：:（(）)\s]|与|和|及|在|于|签|等|代表|作为|为|的|被|则|也|就|已|率|共同|分别|正式|一同|亦|同|向|对|出席|"
    r"仍|只|便|即|又|再|还|均|都|曾|将|要|会|因|乃|遂|始|才|竟|勉强|一味|最终|终于|随即|立即|亲自|开始|举行|进行|谈判|"
    r"会谈|会晤|参加|前往|赴|到|来|去|前来|抵达|主持|宣布|表示|认为|说|$)"
)
#: a line of a plain-text infobox listing the signers ("签署者 甲国总理X 乙国外长Y", "签署者 X Y")
_BOX_LINE = re.compile(
    r"^[ \t]*(?:签署者|签约者|签字者|签署人|签字人|签约人|签约代表)[ \t]*[：: \t][ \t]*(?=\S)([^\n]+)$", re.M
)
_BOX_ITEM = re.compile(r"[^\s、，,；;：:]+")
_LISTED = re.compile(rf"[\u3400-\u4dbf\u4e00-\u9fff][\u3400-\u4dbf\u4e00-\u9fff·]{{1,7}}?{_NAME_END}")
_HARD_END = re.compile(r"[，。、；：:（(）)\s]")
#: one-character words of `_NAME_END` that may also end a given name (周恩来); not 等/和/在 …
_NAME_CHAR_END = set("来去到赴也亦则又再还均都曾将要会因乃遂始才便即仍只")
_DISAMBIG = re.compile(r"\s*[（(_ ][^（）()]*[)）]?\s*$")
#: endings of link targets that name things, not people
_NON_PERSON_END = re.compile(
    r"(国|省|市|县|州|区|岛|湖|海|洋|党|军|部|院|会|局|厅|馆|宫|寺|号|路|街|约|书|法|战争|事件|运动|主义|政府|王朝|帝国|"
    r"大学|学校|银行|公司|铁路|港|城|地区|半岛|条|款|议|案|报|社|团|队|所|处|司|署|营|厂|银|制|权|题)$"
)
#: words that make a phrase an action, not a name ("代表签署", "日本投降")
_VERBISH = re.compile(
    r"签|署|投降|谈判|会谈|访问|访华|访日|访美|访苏|访俄|出席|分别|共同|一同|参加|发表|宣布|表示|提出|同意|接受|拒绝|反对|抗议|前往|出访|担任|辞职|当选|上任|逝世|去世|"
    r"政府|方面|当局|双方|两国|各国|人民|国家|军队|代表团|委员会|外国|他国|本国|列强|对方|外方|中方|盟国|大使|公使"
)
_CJK = re.compile(
    r"^[\u3400-\u4dbf\u4e00-\u9fff][\u3400-\u4dbf\u4e00-\u9fff·・‧]*[\u3400-\u4dbf\u4e00-\u9fff]$"
)
_DATE_MD = re.compile(
    r"(?:(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*)?(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
#: characters used to transcribe foreign names (斯, 夫, 基 ...), to tell 维辛斯基 from a phrase
_TRANSLIT = set(
    "阿埃艾安奥巴拔班邦贝本比彼波伯勃布查达戴德登迪蒂丁杜多厄恩法凡菲费芬佛弗伏福盖甘冈戈哥格古瓜圭哈海汉豪"
    "赫亨洪霍基吉加杰金卡凯坎康柯科可克肯库奎拉莱赖兰朗劳勒雷里利连列林琳卢鲁路伦罗洛马麦曼梅蒙米密明莫穆"
    "纳奈南内尼涅努诺欧帕潘佩彭皮珀普奇契恰乔切钦琼萨塞桑瑟沙舍圣施什史舒斯松苏索塔泰坦汤唐特提图托瓦万旺威"
    "韦维温沃乌西希谢辛休雅亚扬耶伊因英尤约泽扎詹兹卓佐娃娜娅妮丽莉夫尔姆茨赛罗善斐腓瑞"
)


@cache
def _offices() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(offices written before a name, titles written after it), longest first."""
    rows = read_table("offices.tsv")
    before = sorted((r["office"] for r in rows if r["place"] == "before"), key=len, reverse=True)
    after = sorted((r["office"] for r in rows if r["place"] == "after"), key=len, reverse=True)
    return tuple(before), tuple(after)


@cache
def _surnames() -> tuple[str, ...]:
    return tuple(sorted((r["surname"] for r in read_table("surnames.tsv")), key=len, reverse=True))


@cache
def _cue_pattern() -> re.Pattern[str]:
    before, after = _offices()
    office = "|".join(re.escape(o) for o in before)
    title = "|".join(re.escape(o) for o in after)
    # a one-character fief before 亲王 (庆亲王, 醇亲王) is part of the rank, not of the name
    prefix = (
        r"(?:陆军|海军|空军|驻华|驻京|驻[\u3400-\u4dbf\u4e00-\u9fff]{1,3}|新任|前任|署理|兼|代理|新|副|"
        r"[\u4e00-\u9fff](?=亲王))?"
    )
    return re.compile(
        rf"(?:(?:{prefix}(?:{office}))(?:和|及|兼)?)+\s*(?:为|是)?\s*"
        rf"(?P<name>(?![在于就与和及并而对向从被把将由经为是的])[\u3400-\u4dbf\u4e00-\u9fff][\u3400-\u4dbf\u4e00-\u9fff·・‧]{{1,11}}?(?:{title})?){_NAME_END}"
    )


def _has_surname(name: str) -> bool:
    """A 2–5 character name that starts with a known family name (and has more after it)."""
    n = fold(name)
    return 2 <= len(n) <= 5 and any(n.startswith(x) and len(n) > len(x) for x in _surnames())


def _compound_full_name(name: str) -> bool:
    """Two-character family name and two-character given name (伊达宗城): a given name may end in a
    character that elsewhere ends a thing (城, 郎)."""
    n = fold(name)
    return len(n) == 4 and any(len(x) == 2 and n.startswith(x) for x in _surnames())


def _transliterated(name: str) -> bool:
    """A foreign name written in Chinese: with "·", or mostly of the characters used to transcribe."""
    n = fold(name)
    if "·" in n or "・" in n:
        return True
    return len(n) >= 3 and sum(ch in _TRANSLIT for ch in n) >= 0.7 * len(n)


def _not_a_thing(name: str) -> bool:
    """Chinese script, and not a polity, place, era, office, agreement name or a verb phrase."""
    n = fold(name).strip()
    if not _CJK.match(n) or n in _offices()[0] or _VERBISH.search(n):
        return False
    if polities.resolve(n) is not None or polities.is_generic(n) or places.lookup(n) is not None:
        return False
    return eras.era(n) is None and not looks_like_agreement(n)


def _valid_cue_name(name: str, known: dict[str, str]) -> str | None:
    """The person's name at the head of the words after an office: the whole when it is two or
    three characters (a name right after an office), else the longest head that is a known
    person, a transcribed foreign name, or a short name with a family name. A title after the
    name (伯爵, 夫人) is kept."""
    title = next((t for t in _offices()[1] if fold(name).endswith(t) and len(name) > len(t) + 1), "")
    core = name[: len(name) - len(title)]
    last = _last_office_end(core)
    if last and len(core) - last >= 2:
        return _valid_cue_name(name[last:], known)  # 全权代表舰队司令X: the name follows the last office
    if fold(core).endswith(_offices()[0]):
        return None  # 田中首相 (a family name and an office, not the name)
    if _NON_PERSON_END.search(fold(core)) and not _compound_full_name(core):
        return None  # 领事裁判权
    if 2 <= len(core) <= 3 and _not_a_thing(core):
        return name
    for k in range(len(core), 1, -1):
        head = core[:k]
        if not _not_a_thing(head):
            continue
        if fold(head) in known or _transliterated(head) or (_has_surname(head) and k <= 4):
            return head + title if k == len(core) else head
    return None


def _last_office_end(text: str) -> int:
    """Where the last office word of a chain of offices ends in `text` (0 when none)."""
    folded = fold(text)
    ends = [m.end() for o in _offices()[0] for m in re.finditer(re.escape(o), folded)]
    return max(ends, default=0)


def _box_line_signers(doc: Document) -> list[tuple[int, int]]:
    """Persons listed on a plain-text infobox line (签署者 …): each item separated by spaces or 、,
    with a side's polity and the offices before the name left out."""
    out = []
    for line in _BOX_LINE.finditer(doc.folded):
        for item in _BOX_ITEM.finditer(doc.folded, line.start(1), line.end(1)):
            a, b = item.start(), item.end()
            if polities.resolve(doc.folded[a:b]) is not None:
                continue
            a += _polity_prefix(doc.folded[a:b])
            a += _last_office_end(doc.plain[a:b])
            name = doc.plain[a:b]
            if b - a < 2 or not _not_a_thing(name) or _NON_PERSON_END.search(fold(name)):
                continue
            if _transliterated(name) or _has_surname(name):
                out.append((a, b))
    return out


def _polity_prefix(text: str) -> int:
    """The length of the longest polity name `text` opens with (中华人民共和国政务院总理X → 7)."""
    return next((k for k in range(len(text) - 1, 1, -1) if polities.resolve(text[:k]) is not None), 0)


def _cue_list(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The name after an office and the names coordinated with it by 、 ("大臣耆英、伊里布")."""
    out = [(start, end)]
    pos = end
    while pos < len(doc.folded) and doc.folded[pos] == "、":
        m = _LISTED.match(doc.folded, pos + 1)
        if not m:
            break
        out.append((m.start(), m.end()))
        pos = m.end()
    return out


def _known_persons(doc: Document, ctx: Any) -> dict[str, str]:
    """folded name → name as written, from the infobox, person links and office cues."""
    out: dict[str, str] = {}
    for name, _side, _office in ctx.data.get("infobox_signatories", []):
        if _not_a_thing(name):
            out[fold(name)] = name
    for link in doc.links:
        if link.external:
            continue
        target = _DISAMBIG.sub("", link.target.replace("_", " ")).strip()
        name = doc.plain[link.start : link.start + len(target)]
        if fold(name) != fold(target) or not _not_a_thing(name) or _NON_PERSON_END.search(fold(name)):
            continue
        if _transliterated(name) or _has_surname(name):
            out.setdefault(fold(name), name)
    for m in _cue_pattern().finditer(doc.folded):
        for a, b in _cue_list(doc, m.start("name"), _to_boundary(doc, m.start("name"), m.end("name"))):
            name = _valid_cue_name(doc.plain[a:b], out)
            if name:
                out.setdefault(fold(name), name)
    for m in _LIST_CUE.finditer(doc.folded):
        for a, b in _listed_signers(doc, m.end()):
            out.setdefault(doc.folded[a:b], doc.plain[a:b])
    return out


def _to_boundary(doc: Document, start: int, end: int) -> int:
    """A 2-character name cut before a one-character word that may also end a name, right before a
    hard boundary (总理周恩|来 外长…): run on to the boundary, a 3-character name."""
    m = _HARD_END.search(doc.folded, end, min(len(doc.folded), start + 5))
    if m and m.start() - start == 3 and end - start == 2 and doc.folded[end] in _NAME_CHAR_END:
        return m.start()
    return end


def _bare_name(doc: Document, a: int, b: int) -> tuple[int, int] | None:
    """The person's name in one item of a list (office words and a polity before it dropped):
    a transcribed name, or a 2–3 character one with a family name; never a thing."""
    offices = "|".join(re.escape(o) for o in _offices()[0])
    while True:
        head = polities.find_names(doc.folded, a, b)
        m = re.match(rf"(?:驻[^，。]{{1,3}}?)?(?:{offices})+", doc.folded[a:b])
        if head and head[0][0] == a:
            a = head[0][1]
        elif m:
            a += m.end()
        else:
            break
    name = doc.folded[a:b]
    if not _not_a_thing(name) or _NON_PERSON_END.search(name):
        return None
    ok = _transliterated(name) or (_has_surname(name) and len(name) <= 3)
    return (a, b) if ok else None


def _listed_signers(doc: Document, pos: int) -> list[tuple[int, int]]:
    """The names a signer cue lists: items up to the clause's end, separated by 、/和/与/及."""
    end = _clause_end(doc, pos, min(len(doc.folded), pos + 60))
    out = []
    while pos < end:
        sep = _LIST_SEP.search(doc.folded, pos, end)
        stop = sep.start() if sep else end
        item = _bare_name(doc, pos, stop) if stop > pos else None
        if item:
            out.append(item)
        if sep is None or sep.group() in "（(等":
            break
        pos = sep.end()
    return out


def _person_spans(doc: Document, persons: dict[str, str], start: int, end: int) -> list[tuple[int, int]]:
    if not persons or start >= end:
        return []
    pat = re.compile("|".join(re.escape(p) for p in sorted(persons, key=len, reverse=True)))
    skip = [(m.start(), m.end()) for m in _NOT_SIGNER_SPAN.finditer(doc.folded, start, end)]
    out = []
    for m in pat.finditer(doc.folded, start, end):
        if any(a <= m.start() < b for a, b in skip) or _NOT_SIGNER_AFTER.match(
            doc.folded[m.end() : m.end() + 3]
        ):
            continue
        if _with_polity(doc, m.end()):
            continue  # "军阀X和乙国政府签订": X acts as a party, not as the one who signed
        out.append((m.start(), m.end()))
    return out


def _with_polity(doc: Document, end: int) -> bool:
    """Whether the person is coordinated with a polity itself ("X和乙国政府签订"), i.e. stands as a
    party — not with a polity's representative ("X与乙国新任将军Y")."""
    if doc.folded[end : end + 1] not in cues.words("and.with"):
        return False
    found = polities.find_names(doc.folded, end + 1, min(len(doc.folded), end + 12))
    if not found or found[0][0] != end + 1:
        return False
    after = re.split(r"[，。；、]", doc.folded[found[0][1] : found[0][1] + 12])[0]
    return not _OFFICE_AFTER.search(after)


def _mine(record: TreatyRecord, ctx: Any) -> set[str]:
    return own_names(record) | {normalise_name(c) for c in ctx.data.get("components", [])}


def _clause_end(doc: Document, pos: int, limit: int) -> int:
    return min((i for i in (doc.folded.find(c, pos, limit) for c in "，。；") if i != -1), default=limit)


def _same_day(doc: Document, record: TreatyRecord, sent: Span) -> bool:
    if record.signed is None or record.signed.precision != "day":
        return False
    _, month, day = (int(x) for x in record.signed.value.split("-"))
    for m in _DATE_MD.finditer(doc.folded, sent.start, sent.end):
        d = int(cn2an.cn2an(m.group(2), "smart"))
        if d == day and (m.group(1) is None or int(cn2an.cn2an(m.group(1), "smart")) == month):
            return True
    return False


def _events(doc: Document, record: TreatyRecord, ctx: Any) -> list[tuple[Span, int, int]]:
    """(sentence, verb start, verb end) of signings of this agreement (see module doc)."""
    para = lead_paragraph(doc, ctx)
    mine = _mine(record, ctx)
    out = []
    for m in _VERB.finditer(doc.folded):
        sent = doc.sentence_span(m.start(), m.end())
        before = doc.folded[max(sent.start, m.start() - 12) : m.start()]
        if _NOT_EVENT_BEFORE.search(before) or _NOT_EVENT_AFTER.match(doc.folded[m.end() : m.end() + 4]):
            continue
        if object_is_other(doc, mine, m.end(), sent):
            continue
        clause = normalise_name(
            doc.folded[_clause_start(doc, sent, m.start()) : _clause_end(doc, m.end(), sent.end)]
        )
        section = doc.section_at(m.start())
        if (
            para.start <= m.start() < para.end
            or any(k in clause for k in mine)
            or _PRONOUN_OBJECT.match(doc.folded[m.end() : m.end() + 8])
            or _SELF_SUBJECT.match(doc.folded[_clause_start(doc, sent, m.start()) : m.start()])
            or _same_day(doc, record, sent)
            or (section is not None and section.level > 1 and re.search(r"签|簽", section.title))
        ):
            out.append((sent, m.start(), m.end()))
    return out


def _clause_bounds(doc: Document, sent: Span, verb: int) -> list[int]:
    return [sent.start] + [i + 1 for i in range(sent.start, verb) if doc.folded[i] in "，；：,"]


def _clause_start(doc: Document, sent: Span, verb: int) -> int:
    """Start of the verb's clause, extended back over clauses that continue into it."""
    bounds = _clause_bounds(doc, sent, verb)
    k = len(bounds) - 1
    while k > 0 and _CONTINUES.match(doc.folded[bounds[k] : verb]) and len(bounds) - k <= 3:
        k -= 1
    return bounds[k]


def _signers(
    doc: Document, persons: dict[str, str], sent: Span, verb: int, verb_end: int
) -> list[tuple[int, int]]:
    bounds = _clause_bounds(doc, sent, verb)
    start = _clause_start(doc, sent, verb)
    found = _person_spans(doc, persons, start, verb)
    if _BOTH.search(doc.folded, start, verb) and len(found) < 2:
        earlier = [b for b in bounds if b < start]
        for b, e in zip(reversed(earlier), [start, *reversed(earlier)], strict=False):
            more = _person_spans(doc, persons, b, e)
            if len(more) >= 2:
                found = more + found
                break
        else:
            found = (_previous_persons(doc, persons, sent) or _representatives(doc, persons, sent)) + found
    elif not found:
        found = _elided_subject(doc, persons, bounds, start, verb)
    else:
        found = (
            _subject_representative(doc, persons, bounds, start) + _bare_co_signer(doc, start, found) + found
        )
    after = doc.folded[verb_end : sent.end]
    if _SIGNER_NOUN.search(doc.folded, max(sent.start, verb - 1), verb_end + 3) or _AFTER_CUE.match(after):
        found += _person_spans(
            doc, persons, verb_end, _clause_end(doc, verb_end, sent.end) if "，" in after[:1] else sent.end
        )
    for m in _REP_IS.finditer(doc.folded, verb_end, sent.end):
        found += _person_spans(doc, persons, m.end(), min(sent.end, m.end() + 20))
    return found


def _bare_co_signer(doc: Document, start: int, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A name with no office before it that opens the clause, joined by 与/和/同 to a signer named
    after it ("X与乙国外相Y签订"): X signed too, when it reads as a person's name."""
    m = re.match(r"\s*([^，。；、与和同及\s]{2,4}?)(?:与|和|同)", doc.folded[start : start + 8])
    if not m or not found or min(a for a, _ in found) < start + m.end():
        return []
    a, b = start + m.start(1), start + m.end(1)
    if any(s <= a < e or a <= s < b for s, e in found) or polities.find_names(doc.folded, a, b):
        return []
    span = _bare_name(doc, a, b)
    return [span] if span == (a, b) else []


def _elided_subject(
    doc: Document, persons: dict[str, str], bounds: list[int], start: int, verb: int
) -> list[tuple[int, int]]:
    """The persons of the nearest earlier clause of the sentence, reached back over clauses that carry
    the previous subject (a time, 最后, 在…, 并…: "X与Y在某地谈判，最后于某日，在某处签订此约")."""
    if doc.folded[start:verb].strip() and not _ELLIPSIS.match(doc.folded[start:verb]):
        return []
    end = start
    for _ in range(4):
        earlier = [b for b in bounds if b < end]
        if not earlier:
            return []
        prev = max(earlier)
        found = _person_spans(doc, persons, prev, end)
        if found:
            return found
        if not (_ELLIPSIS.match(doc.folded[prev:end]) or _CONTINUES.match(doc.folded[prev:end])):
            return []
        end = prev
    return []


def _representatives(doc: Document, persons: dict[str, str], sent: Span) -> list[tuple[int, int]]:
    """For "双方…签订": the persons the paragraph introduced before as a side's representative
    (代表/全权 X), one per sentence — when there are two or more of them."""
    para = paragraph_at(doc, sent.start)
    if para is None:
        return []
    reps = [
        (a, b)
        for a, b in _person_spans(doc, persons, para.start, sent.start)
        if _REP_BEFORE.search(doc.folded, max(para.start, a - 8), a)
    ]
    return reps if len(reps) >= 2 else []


def _subject_representative(
    doc: Document, persons: dict[str, str], bounds: list[int], start: int
) -> list[tuple[int, int]]:
    """The sentence's subject when it is a side's representative ("时间，甲国代表X…，迫使乙国大臣Y
    …签订"): the person of its first clause after a time phrase, named after 代表/全权, when the
    verb's clause (which names the other side's signer) lies further on."""
    k = 0
    while (
        k + 1 < len(bounds)
        and bounds[k + 1] <= start
        and _ELLIPSIS.match(doc.folded[bounds[k] : bounds[k + 1]])
    ):
        k += 1
    if k + 1 >= len(bounds) or bounds[k + 1] > start or bounds[k] >= start:
        return []
    return [
        (a, b)
        for a, b in _person_spans(doc, persons, bounds[k], bounds[k + 1])
        if _REP_BEFORE.search(doc.folded, max(bounds[k], a - 8), a)
    ]


def _previous_persons(doc: Document, persons: dict[str, str], sent: Span) -> list[tuple[int, int]]:
    """Persons of the nearest earlier sentence in the paragraph that names two or more."""
    para = paragraph_at(doc, sent.start)
    pos = sent.start
    for _ in range(3):
        if para is None or pos <= para.start:
            return []
        prev = doc.sentence_span(pos - 1)
        found = _person_spans(doc, persons, max(prev.start, para.start), pos)
        if len(found) >= 2:
            return found
        pos = prev.start
    return []


def _side_and_office(
    doc: Document, start: int, floor: int, when: str | None
) -> tuple[str | None, str | None]:
    found = polities_in(doc, max(floor, start - 40), start, when)
    side = found[-1][2].name if found else None
    offices = "|".join(re.escape(o) for o in _offices()[0])
    m = re.search(rf"((?:{offices})+)\s*$", doc.folded[max(floor, start - 14) : start])
    return side, (doc.plain[start - len(m.group(1)) : start] if m else None)


def variant_groups(doc: Document) -> list[tuple[str, ...]]:
    """Name variants the article declares equal in its {{NoteTA}} conversion rules
    ("zh-hans:撒切尔; zh-hk:戴卓爾"), folded; the first of each group stands for it."""
    groups = []
    for t in doc.templates:
        if fold(t.name).strip().lower() not in ("noteta", "note ta"):
            continue
        for key, value in t.params.items():
            if key.strip().isdigit():
                forms = [fold(v.split(":", 1)[1]).strip() for v in value.split(";") if ":" in v]
                forms = [f for f in dict.fromkeys(forms) if f]
                if len(forms) > 1:
                    groups.append(tuple(forms))
    return groups


def _same_person(a: str, b: str, groups: list[tuple[str, ...]] | None = None) -> bool:
    """ "谢尔盖·维特伯爵" = "维特" = "谢尔盖·维特": equal without titles, or one is the other's last
    part, after mapping the article's declared variants (撒切尔 = 戴卓爾) to one form."""
    titles = _offices()[1]

    def core(n: str) -> str:
        n = fold(n).replace("・", "·").replace("‧", "·")
        for g in groups or []:
            for form in g[1:]:
                n = n.replace(form, g[0])
        return next((n[: -len(t)] for t in titles if n.endswith(t) and len(n) > len(t) + 1), n)

    x, y = core(a), core(b)
    return x == y or x.split("·")[-1] == y or y.split("·")[-1] == x


def _signature_block(doc: Document) -> list[tuple[int, int]]:
    """Names under the treaty text's closing formula ("…署名盖印，以昭信守。" then the date, then
    one name per line), as articles that reproduce the text show them."""
    out: list[tuple[int, int]] = []
    for m in _CLOSING.finditer(doc.folded):
        pos = doc.folded.find("\n", m.end())
        while pos != -1 and pos < len(doc.folded):
            end = doc.folded.find("\n", pos + 1)
            end = len(doc.folded) if end == -1 else end
            line = doc.folded[pos + 1 : end].strip()
            start = pos + 1 + (len(doc.folded[pos + 1 : end]) - len(doc.folded[pos + 1 : end].lstrip()))
            pos = end
            if not line or _DATE_LINE.search(line):
                continue
            if len(line) > 10 or not _not_a_thing(line) or suffix_of(line) or _HEADING_WORD.search(line):
                break  # the block ends at a heading ("附约") or a line of text
            if not (_transliterated(line) or _has_surname(line) or len(line) <= 4):
                break
            out.append((start, start + len(line)))
    return out


def run(doc: Document, record: TreatyRecord, ctx: Any) -> None:
    when = signing_date(doc, record)
    facts: list[SignatoryFact] = []
    groups = variant_groups(doc)

    def add(fact: SignatoryFact) -> None:
        if not any(_same_person(fact.name, f.name, groups) for f in facts):
            facts.append(fact)

    box = infobox.read(doc, when) if ctx.data.get("infobox") else {}
    ev = infobox.evidence(doc, ctx, "signatories")
    for name, side, office in box.get("infobox_signatories", []):
        if ev is not None and _not_a_thing(name):
            add(SignatoryFact(name, name, side, office, ev))
    for a, b in _box_line_signers(doc):
        name = doc.plain[a:b]
        add(SignatoryFact(name, name, None, None, Evidence.of(doc, a, b)))
    persons = _known_persons(doc, ctx)
    for sent, verb, verb_end in _events(doc, record, ctx):
        for a, b in _signers(doc, persons, sent, verb, verb_end):
            side, office = _side_and_office(doc, a, sent.start, when)
            name = doc.plain[a:b]
            add(SignatoryFact(name, name, side, office, Evidence.of(doc, a, b)))
    for a, b in _signature_block(doc):
        name = doc.plain[a:b]
        add(SignatoryFact(name, name, None, None, Evidence.of(doc, a, b)))
    record.signatories.extend(facts)
