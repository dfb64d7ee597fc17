"""Extraction component: the other agreements an article names, each once, with its relation.

Names come from links whose target title looks like an agreement (a `:s:Page#Anchor`
link names the anchor), from 《…》 names (not 第N条《X》, an article's name), from unlinked
items of see-also lists (or the lines under a bare 参见 line of plain text), from lists of
external links to documents, from another name in brackets after a name (《X》（Y，1843年）),
and from unquoted names right after a verb taking an agreement (签订, 废除, 取代 …) led by
the parties' abbreviations, by one party's and a name (美蒋条约) or by an ordinal (第二次…). A name is an agreement when
`knowledge.agreements.looks_like_agreement` says so; 《…》 used as a book (《…》记载,
《…》卷三, 某人编《…》, bibliography sections) is not.

Each agreement is reported once: names are merged when a link shows one name and
targets another, when the text gives one as another's name (X，即Y / X（Y） / X亦称Y /
X（一般简称为Y）; a name glossed by different names at two places stands for each gloss and
is not reported itself), when a later name is the tail of one earlier name (its short
form), and by folded form. This agreement's own title and aliases are left out, and so are the
forms "中俄" + title (or title minus such a prefix) unless several such forms occur
(then the title is an umbrella name and they are its components).

The relation is the one the words around a mention state (`data/relation_cues.tsv`, the
nearest cue in the mention's clause, not negated): based_on (本约以《X》为基础 / 根据《X》),
cites (援引《X》, 《X》第N条), supplements (X is a 补充协定/续约/附约/专条 naming this
agreement, or this one is X的补充), signed_together (同日另签《X》), amends (修改/修订《X》),
replaces (取代 either way: 本约取代《X》 or 被《X》取代), abrogates (废除/失效 of X, or X
ended this one); else `mentioned`. The relation names the link; its direction is in the
evidence sentence.

ctx.data["agreement_mentions"]: list[Mention], every agreement name found (own ones
included) in text order; computed once by `mentions()`, read by articles, territory and status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from yuezhang.document import Document, Link
from yuezhang.extract import cues
from yuezhang.extract.record import Evidence, RelatedFact, TreatyRecord
from yuezhang.knowledge import polities, read_table
from yuezhang.knowledge.agreements import agreement_suffixes, looks_like_agreement, normalise_name, suffix_of

CTX_KEY = "agreement_mentions"
#: Section titles whose 《…》 are citations (books, papers), not agreements in the text.
_BIBLIOGRAPHY = cues.pattern("bibliography")
_QUOTED = re.compile(r"《([^《》\n]{2,80})》")
#: Words around 《X》 that show X is a book or paper being cited.
_BOOK_BEFORE = re.compile(r"(?:引自|参阅|载于|出自|著|主编|编|撰)[^，。；]{0,3}$")
_BOOK_AFTER = re.compile(
    r"^(?:[，,]?\s*(?:卷|第[0-9一二三四五六七八九十百]+[卷册页期回]|记载|所载|一书|书中|中记|写道|中说|称：|出版|杂志|月刊|周刊|日报)|\s*[（(][^）)]*(?:出版|书局|书店)|[〈<])"
)
#: An article's number right before 《X》: X is the name of that article (第十八条《某某条款》).
_ARTICLE_NAME = re.compile(r"第[0-9一二三四五六七八九十百]+[条款]\s*$")
#: Verbs whose object is an agreement, then the agreement's year: 签订的, 废除, 取代1951年的.
_OBJECT_VERB = re.compile(
    rf"{cues.alternation('agreement_object_verb')}(?:了|的)?"
    rf"(?:[0-9０-９]{{4}}年{cues.alternation('sign.in_year')}?的)?"
)
#: Words inside a run that make it a description, not a name (割让土地的条约, 于某地的议定书).
_DESCRIPTIVE = re.compile(r"[的之于了过个份项条些]|一切|有关|关于|一系列")
#: An ordinal of a numbered series of agreements: 第二次…条约.
_ORDINAL = re.compile(r"^第[0-9一二三四五六七八九十]+次")
#: A negation right before a relation word: 并没有声明废除, 未被取代.
_NEGATION = re.compile(rf"{cues.alternation('negation')}(?:声明|宣布|被|曾)?$")
#: Titles of see-also sections.
_SEE_ALSO = cues.pattern("see_also")
#: A plain-text line that is only a see-also heading.
_SEE_ALSO_LINE = re.compile(rf"{cues.alternation('see_also')}\s*[：:]?")
_SENTENCE_MARKS = re.compile(r"[，。：:；;！？「」“”]")
_TRAILING_BRACKET = re.compile(r"\s*[（(][^（()）]*[）)]$")
#: Words that give another name for what precedes them.
_MARKER = cues.alternation("alias_marker.bracket")
_BRACKETED = re.compile(rf"[》」”]?[（(]{_MARKER}?(?P<name>[^（()）《》，,；;、\n]{{2,30}}?)[，,；;）)]")
_INTERWIKI = re.compile(r"^:?(?:[a-z][a-z-]*:)+", re.IGNORECASE)
_DISAMBIG = re.compile(r"[ _]*[（(][^（()）]*[）)]$")
#: Markers that make the following name another name of the preceding one.
_SAME_AS = re.compile(
    rf"^(?=.*(?:[（(]|{_MARKER}))[》」”\]]*\s*[，,]?\s*[（(]?\s*"
    rf"(?:(?:一般|通常|常|多|亦|也|又|或|现)?(?:{_MARKER})(?:为|作|是)?)?\s*[《「“]?$"
)


@dataclass
class Mention:
    name: str  # the name to report: a link's target title when linked
    start: int  # span of the name as shown in plain
    end: int
    how: str  # link, quoted, external, listed, plain, bracketed
    shown: str  # the name as written


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    relation: str
    where: str  # before, after, name, sentence, any


def normalise(name: str) -> str:
    return normalise_name(name)


def own_names(record: TreatyRecord) -> set[str]:
    """This agreement's names, normalised: title and aliases."""
    names = {normalise(_DISAMBIG.sub("", record.title))} | {normalise(a.name) for a in record.aliases}
    return {n for n in names if n}


def _prefixed(longer: str, shorter: str) -> bool:
    """Whether `longer` is `shorter` with the parties' abbreviations as prefix ("中俄" +
    "北京条约", "中英法" + "天津条约")."""
    if not longer.endswith(shorter) or len(longer) == len(shorter):
        return False
    prefix = longer[: -len(shorter)]
    return len(prefix) <= 3 and all(polities.is_generic(c) for c in prefix)


#: Words after a title that say it consists of the agreements named next: 《X》包括《A》、《B》.
_COMPRISES = re.compile(r"[》」”]?\s*(?:包括|包含|分为|由)(?:了)?\s*$")


def components(doc: Document, own: set[str], ctx=None) -> list[Mention]:
    """The agreements the title is an umbrella name for: two or more named right after it
    with 包括/包含/分为/由 in its sentence (《X》包括《中英X》、《中法X》), or, failing that, two
    or more forms of the title with parties' prefixes (中英X and 中法X)."""
    found = mentions(doc, ctx)
    text = doc.folded
    for i, m in enumerate(found):
        if normalise(m.name) not in own:
            continue
        sent = doc.sentence_span(m.start, m.end)
        nxt = [n for n in found[i + 1 :] if n.start < sent.end and normalise(n.name) not in own]
        if nxt and _COMPRISES.match(text[m.end : nxt[0].start].rstrip("《「“ ")):
            listed = [nxt[0]]
            for a, b in zip(nxt, nxt[1:], strict=False):
                if not re.fullmatch(r"[》」”]?\s*[、，,和及与]?\s*[《「“]?", text[a.end : b.start]):
                    break
                listed.append(b)
            if len({normalise(n.name) for n in listed}) >= 2:
                return listed
    prefixed = [m for m in found if any(_prefixed(normalise(m.name), o) for o in own)]
    return prefixed if len({normalise(m.name) for m in prefixed}) >= 2 else []


@cache
def _cues() -> tuple[Cue, ...]:
    return tuple(
        Cue(re.compile(r["cue"] if r.get("regex") else re.escape(r["cue"])), r["relation"], r["where"])
        for r in read_table("relation_cues.tsv")
    )


def link_name(link: Link) -> str | None:
    """The agreement a link points at: its target title (or `#anchor`), when it looks like one."""
    target = _INTERWIKI.sub("", link.target.strip()).replace("_", " ")
    page, _, anchor = target.partition("#")
    for cand in (anchor, page):
        cand = _DISAMBIG.sub("", cand.strip())
        if cand and looks_like_agreement(cand):
            return cand
    return None


def in_bibliography(doc: Document, pos: int) -> bool:
    """Whether `pos` lies in a references, notes or further-reading section."""
    sec = doc.section_at(pos)
    return bool(sec and sec.level > 1 and _BIBLIOGRAPHY.search(normalise(sec.title)))


def _is_book(doc: Document, start: int, end: int) -> bool:
    """《X》 at [start-1, end+1) cited as a book or paper rather than named as an agreement."""
    text = doc.folded
    return bool(
        _BOOK_BEFORE.search(text[max(0, start - 14) : start - 1])
        or _BOOK_AFTER.search(text[end + 1 : end + 16])
    )


def mentions(doc: Document, ctx=None) -> list[Mention]:
    """Every agreement name in the document, in text order (cached in ctx.data)."""
    if ctx is not None and CTX_KEY in ctx.data:
        return ctx.data[CTX_KEY]
    found: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for link in doc.links:
        if link.external:
            continue
        name = link_name(link)
        if name:
            found.append(Mention(name, link.start, link.end, "link", link.text))
            covered.append((link.start, link.end))
    found += _external_items(doc)
    covered += [(m.start, m.end) for m in found if m.how == "external"]
    for m in _QUOTED.finditer(doc.plain):
        s, e = m.span(1)
        s, e = _trim(doc.plain, s, e)
        if any(a <= s and e <= b for a, b in covered) or e - s < 2:
            continue
        shown = doc.plain[s:e]
        if (
            not is_title(shown)
            or in_bibliography(doc, s)
            or _is_book(doc, m.start(1), m.end(1))
            or _ARTICLE_NAME.search(doc.folded[max(0, m.start() - 8) : m.start()])
        ):
            continue
        found.append(Mention(shown, s, e, "quoted", shown))
        covered.append((m.start(), m.end()))
    found += _plain_names(doc, covered)
    found += _listed_plain(doc, covered + [(m.start, m.end) for m in found])
    found += _listed_names(doc, covered)
    found += _see_also_lines(doc, covered + [(m.start, m.end) for m in found])
    found += _bracketed_names(doc, found)
    found.sort(key=lambda m: m.start)
    if ctx is not None:
        ctx.data[CTX_KEY] = found
    return found


@cache
def _determiners() -> frozenset[str]:
    return frozenset(r["word"] for r in read_table("title_determiners.tsv"))


def is_title(name: str) -> bool:
    """Whether a 《…》 name is an agreement's title: it looks like one, or it is a strong
    suffix after descriptive words (《停战议定书》) rather than after a determiner (《该条约》)."""
    if looks_like_agreement(name):
        return True
    n = normalise(name)
    suffix = suffix_of(n)
    if suffix is None or not suffix.strong:
        return False
    prefix = n[: -len(suffix.suffix)]
    return len(prefix) >= 2 and not any(prefix.startswith(d) for d in _determiners())


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \u3000'*":
        s += 1
    while e > s and text[e - 1] in " \u3000'*":
        e -= 1
    return s, e


def _external_items(doc: Document) -> list[Mention]:
    """List items that are one external link naming a document, in a section that lists
    documents (at least two such items, and most of its external-link items are)."""
    by_section: dict[int, list[tuple[Link, bool]]] = {}
    for item in doc.list_items:
        for link in doc.links:
            if link.external and item.start <= link.start and link.end <= item.end:
                rest = (doc.plain[item.start : link.start] + doc.plain[link.end : item.end]).strip(" ：:-—")
                if not rest:
                    sec = doc.section_at(item.start)
                    by_section.setdefault(sec.start if sec else 0, []).append(
                        (link, looks_like_agreement(link.text))
                    )
    out = []
    for items in by_section.values():
        named = [link for link, ok in items if ok]
        if len(named) >= 2 and 2 * len(named) > len(items):
            out += [Mention(link.text.strip(), link.start, link.end, "external", link.text) for link in named]
    return out


def _listed_names(doc: Document, covered: list[tuple[int, int]]) -> list[Mention]:
    """Unlinked items of a see-also list (参见, 相关条目 …) that are an agreement's name
    (a short one with a strong suffix: not a note that happens to sit under the list)."""
    out = []
    for item in doc.list_items:
        sec = doc.section_at(item.start)
        if not (sec and sec.level > 1 and _SEE_ALSO.search(normalise(sec.title))):
            continue
        if any(a < item.end and item.start < b for a, b in covered):
            continue
        m = _listed_name(doc, item.start, item.end)
        if m:
            out.append(m)
    return out


def _see_also_lines(doc: Document, covered: list[tuple[int, int]]) -> list[Mention]:
    """Names on the lines of a see-also block in plain text, where headings and bullets are
    lost: a line that is only a see-also title (参见), then one block of lines (up to a blank
    line), each a short agreement name with a strong suffix."""
    text = doc.folded
    lines = [(m.start(), m.end()) for m in re.finditer(r"^.*$", text, re.MULTILINE)]
    out = []
    for i, (s, e) in enumerate(lines):
        if not _SEE_ALSO_LINE.fullmatch(text[s:e].strip()):
            continue
        rest = lines[i + 1 :]
        while rest and not text[rest[0][0] : rest[0][1]].strip():
            rest = rest[1:]
        for a, b in rest:
            if not text[a:b].strip():
                break
            m = None if any(x < b and a < y for x, y in covered) else _listed_name(doc, a, b)
            if m:
                out.append(m)
    return out


def _listed_name(doc: Document, s: int, e: int) -> Mention | None:
    """The agreement a list line at [s, e) names: the line minus bullets, a trailing (…) and
    《》, when it is a short name with a strong suffix and no sentence marks."""
    s, e = _trim(doc.plain, s, e)
    while s < e and doc.plain[s] in "-*•·・#":
        s, e = _trim(doc.plain, s + 1, e)
    bracket = _TRAILING_BRACKET.search(doc.folded[s:e])
    e -= len(bracket.group()) if bracket else 0
    name = doc.plain[s:e]
    if name.startswith("《") and name.endswith("》"):
        s, e = s + 1, e - 1
        name = doc.plain[s:e]
    if 2 <= len(name) <= 40 and not _SENTENCE_MARKS.search(name) and looks_like_agreement(name, True):
        return Mention(name, s, e, "listed", name)
    return None


def _bracketed_names(doc: Document, found: list[Mention]) -> list[Mention]:
    """Another name in brackets right after a name: 《X》（Y，1843年） gives Y for X."""
    out = []
    for m in found:
        b = _BRACKETED.match(doc.folded, m.end)
        if b and looks_like_agreement(b["name"], strong_only=True):
            s, e = b.span("name")
            out.append(Mention(doc.plain[s:e], s, e, "bracketed", doc.plain[s:e]))
    return out


@cache
def _unquoted_name() -> re.Pattern[str]:
    """A run of characters ending in an agreement suffix, then a clause break."""
    suffixes = "|".join(re.escape(s.suffix) for s in agreement_suffixes())
    return re.compile(rf"([\u4e00-\u9fff]{{2,30}}?(?:{suffixes}))(?=[，。；、,;）)]|$|\n|的|和|与|及)")


def _plain_names(doc: Document, covered: list[tuple[int, int]]) -> list[Mention]:
    """Unquoted names right after a verb whose object is an agreement (签订, 废除, 取代 …),
    when led by the parties' abbreviations (签订中英烟台条约续增专条, 取代1951年的美日旧安保条约),
    by one party's abbreviation and a name (废除美蒋条约), or by an ordinal (签订的第二次某城条约)."""
    text = doc.folded
    out = []
    for v in _OBJECT_VERB.finditer(text):
        m = _unquoted_name().match(text, v.end())
        if not m:
            continue
        s, e = m.span(1)
        if any(a <= s < b for a, b in covered):
            continue
        shown = doc.plain[s:e]
        if looks_like_agreement(shown, strong_only=True) and _named_unquoted(normalise(shown)):
            out.append(Mention(shown, s, e, "plain", shown))
    return out


#: What introduces a list of agreements: 包括/包含/分为 …, or a colon closing a clause about
#: agreements (签署三份条约以结束战争：A、B及C).
_LIST_INTRO = re.compile(
    r"(?:包括|包含|分为|分别为|分别是)(?:了)?\s*|(?:条约|和约|协定|公约|协议)[^，。；：:\n《》]{0,20}[：:]\s*"
)
#: Where an item of such a list may end; a name may hold 和/与/及, so every cut is tried.
_ITEM_END = re.compile(r"[、，,；;。：:\n]|以及|及|和|与|$")
#: What separates the items of such a list.
_ITEM_SEP = re.compile(r"\s*(?:[、，,]|以及|及)\s*")
#: Words in a run that make it a clause or a reference, not a name (签订此条约, 履行该协议).
_NOT_A_NAME = re.compile(rf"[此该]|{cues.alternation('agreement_object_verb')}")


def _listed_plain(doc: Document, covered: list[tuple[int, int]]) -> list[Mention]:
    """Unquoted names listed after 包括/分为 or a colon about agreements (…包括甲乙公约、贸易；
    签署三份条约：甲城和约、乙城协议及丙城条约): each item is the shortest run up to a cut that
    reads as an agreement's name; items are joined by 、/，/及 and the list ends with its clause."""
    text = doc.folded
    out = []
    for intro in _LIST_INTRO.finditer(text):
        pos = intro.end()
        while True:
            item = _list_item(text, pos)
            if item is None:
                run = re.match(r"[\u4e00-\u9fff]{1,12}", text[pos:])  # an item that is no agreement
                end = pos + run.end() if run else pos
            else:
                s, end = item
                shown = doc.plain[s:end]
                if not any(a <= s < b for a, b in covered) and _named_listed(normalise(shown)):
                    out.append(Mention(shown, s, end, "plain", shown))
            sep = _ITEM_SEP.match(text, end)
            if sep is None or sep.end() == end:
                break
            pos = sep.end()
    return out


def _list_item(text: str, pos: int) -> tuple[int, int] | None:
    """The shortest run of Chinese from `pos`, ended at a cut, that looks like an agreement's name."""
    m = re.match(r"[\u4e00-\u9fff·\-－—]{2,30}", text[pos:])
    if not m:
        return None
    for cut in _ITEM_END.finditer(text, pos + 2, pos + m.end() + 1):
        if looks_like_agreement(text[pos : cut.start()]):
            return pos, cut.start()
    return None


def _named_listed(name: str) -> bool:
    """Whether a listed unquoted name is a name, not a description (各项条约, 有关的协定) or a clause."""
    suffix = suffix_of(name)
    prefix = name[: -len(suffix.suffix)] if suffix else name
    return (
        bool(suffix)
        and not _DESCRIPTIVE.search(prefix)
        and not _NOT_A_NAME.search(prefix)
        and not any(prefix.startswith(d) for d in _determiners())
        and not polities.is_generic(prefix)
    )


def _named_unquoted(name: str) -> bool:
    """Whether an unquoted run ending in a suffix reads as a name, not a description."""
    if _led_by_parties(name):
        return True
    suffix = suffix_of(name)
    prefix = name[: -len(suffix.suffix)] if suffix else name
    if _DESCRIPTIVE.search(prefix):
        return False
    ordinal = _ORDINAL.match(prefix)
    if ordinal:
        stem = prefix[ordinal.end() :]
    elif len(prefix) >= 2 and polities.is_generic(prefix[0]) and not polities.is_generic(prefix[1]):
        stem = prefix[1:]  # one party's abbreviation and another party's name: 美蒋
    else:
        return False
    return not polities.is_generic(stem) and looks_like_agreement(stem + name[len(prefix) :])


def _led_by_parties(name: str) -> bool:
    """Whether a name starts with two parties' one-character abbreviations (中英…, 日俄…)."""
    if len(name) < 3 or name[0] == name[1] or not all(polities.is_generic(c) for c in name[:2]):
        return False
    head = polities.find_names(name, 0, len(name))
    return not (head and head[0][0] == 0 and head[0][1] > 1)  # 中华民国… is a name, not 中 + 华


#: Words before a bare 条约 that make it other agreements ("不平等条约", "其他条约").
_NOT_SELF = re.compile(
    r"(?:不平等|其他|其它|一切|所有|任何|各项|诸|新|一些|这些|多项|多个|各国|双边|多边|、)$"
)


def agreement_refs(
    doc: Document, start: int, end: int, others: list[Mention], own: set[str]
) -> list[tuple[int, bool]]:
    """(position, is this agreement) of every reference to an agreement in [start, end), in
    text order: this one by a name or by a bare 条约/议定书/该约 word; others by their names
    or by a bare word made general ("不平等条约", "一切条约", "条约、协定等")."""
    text = doc.folded
    spans = [(m.start, m.end) for m in others if start <= m.start < end]
    out = {m.start: False for m in others if start <= m.start < end}
    for n in own:
        out.update((start + m.start(), True) for m in re.finditer(re.escape(n), text[start:end]))
    words = [s.suffix for s in agreement_suffixes() if s.strong] + list(cues.words("self.short"))
    for w in words:
        for m in re.finditer(re.escape(w), text[start:end]):
            pos = start + m.start()
            if pos in out or any(a - 1 <= pos < b + 1 for a, b in spans):
                continue
            general = (
                _NOT_SELF.search(text[max(start, pos - 4) : pos])
                or text[pos + len(w) : pos + len(w) + 1] == "等"
            )
            out[pos] = not general and not _names_another(text, pos, pos + len(w), own)
    return sorted(out.items())


def _names_another(text: str, start: int, end: int, own: set[str]) -> bool:
    """Whether the word at [start, end) ends an unquoted name led by parties' abbreviations
    that is not this agreement's (日俄通商航海条约 in an article about another treaty)."""
    run = re.search(r"[\u4e00-\u9fff]{0,12}$", text[:start])
    head = run.group() if run else ""
    for k in range(len(head) - 1):
        name = head[k:] + text[start:end]
        if _led_by_parties(name):
            return name not in own
    return False


def self_refs(doc: Document, start: int, end: int, others: list[Mention], own: set[str]) -> list[int]:
    """Positions in [start, end) where the text refers to this agreement."""
    return [p for p, mine in agreement_refs(doc, start, end, others, own) if mine]


def run(doc: Document, record: TreatyRecord, ctx) -> None:
    own = own_names(record)
    found = mentions(doc, ctx)
    ambiguous = ambiguous_names(doc, found)
    key_of = _merge_keys(doc, found, ambiguous)
    found = [m for m in found if normalise(m.name) not in ambiguous]
    names = {normalise(n) for m in found for n in (m.name, m.shown)}
    umbrella = sum(1 for n in names if any(_prefixed(n, o) for o in own)) >= 2
    groups: dict[str, list[Mention]] = {}
    for m in found:
        groups.setdefault(key_of[normalise(m.name)], []).append(m)
    for group in groups.values():
        members = {normalise(n) for m in group for n in (m.name, m.shown)}
        if members & own:
            continue
        if any(_same_or_part(n, o, umbrella) for n in members for o in own):
            continue
        relation, m = _relation(doc, group, own)
        record.related.append(RelatedFact(_best_name(group), relation, Evidence.of(doc, m.start, m.end)))


def _same_or_part(name: str, own: str, umbrella: bool) -> bool:
    """Whether `name` is this agreement (`own`) under another form, or a part of it.

    "中俄" + own and own minus such a prefix are this agreement (unless the title is an
    umbrella); a longer name ending in own is a phrase about it (加拿大退出京都议定书); own
    plus 条款 or a unilateral-document word (备忘录, 声明) is a part or companion of it.
    """
    if _prefixed(own, name):
        return True
    if name.endswith(own) and name != own:
        return not (umbrella and _prefixed(name, own))
    if name.startswith(own) and name != own:
        suffix = suffix_of(name)
        return suffix is None or not suffix.strong or suffix.kind == "articles"
    return False


def _same_pairs(doc: Document, found: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Adjacent mentions the text gives as one agreement: 《X》（一般简称为《Y》）, X，即Y."""
    out = []
    for a, b in zip(found, found[1:], strict=False):
        between = doc.folded[a.end : b.start]
        if len(between) <= 10 and _SAME_AS.match(between):
            out.append((a, b))
    return out


def ambiguous_names(doc: Document, found: list[Mention]) -> set[str]:
    """Names the text uses for different agreements: at two places it glosses the same name
    by different other names (《甲乙联合公报》（简称《A公报》）…《甲乙联合公报》（简称《B公报》）).
    Such a name stands for whichever its gloss says, so it is reported through the glosses."""
    partners: dict[str, dict[str, set[int]]] = {}
    for a, b in _same_pairs(doc, found):
        for x, y in ((a, b), (b, a)):
            partners.setdefault(normalise(x.name), {}).setdefault(normalise(y.name), set()).add(x.start)
    return {
        n for n, by in partners.items() if len(by) >= 2 and len({p for ps in by.values() for p in ps}) >= 2
    }


def _merge_keys(doc: Document, found: list[Mention], ambiguous: set[str]) -> dict[str, str]:
    """Map each normalised name to the key of its agreement (the first name seen).

    Merged: a link's target and its shown name; names the text gives as the same (X，即Y),
    unless one of them is `ambiguous`;
    a name and its one polity-prefixed form (北京条约 and 中俄北京条约 — not when 中英… and
    中法… both occur, which are then different agreements)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for m in found:
        find(normalise(m.name))
        shown = normalise(m.shown)
        if m.how == "link" and shown and looks_like_agreement(shown):
            union(normalise(m.name), shown)
    for a, b in _same_pairs(doc, found):
        if normalise(a.name) not in ambiguous and normalise(b.name) not in ambiguous:
            union(normalise(a.name), normalise(b.name))
    names = list(parent)
    first = {}
    for m in found:
        first.setdefault(normalise(m.name), m.start)
    for short in names:
        longer = [n for n in names if _prefixed(n, short)]
        if len(longer) == 1:
            union(short, longer[0])
            continue
        longer = [n for n in names if _shortened(n, short) and first.get(n, 0) < first.get(short, 0)]
        if len(longer) == 1:
            union(short, longer[0])
    return {k: find(k) for k in list(parent)}


def _shortened(longer: str, short: str) -> bool:
    """Whether `short` is the tail of `longer` used later as its short form (货币联盟条约 for
    欧洲经济与货币联盟条约) — not when the head is a numbering (第二次…, 新…) that makes
    another agreement of the series."""
    if not longer.endswith(short) or len(longer) - len(short) < 2 or not looks_like_agreement(short):
        return False
    head = longer[: -len(short)]
    return not (_ORDINAL.match(head) or head[0] in "新旧原前后续")


def _best_name(group: list[Mention]) -> str:
    """A link's target title if any mention is linked, else the first name written."""
    linked = [m for m in group if m.how == "link"]
    return (linked[0] if linked else group[0]).name


def _relation(doc: Document, group: list[Mention], own: set[str]) -> tuple[str, Mention]:
    """The first relation a mention's context states, with that mention; else `mentioned`."""
    for m in group:
        rel = relation_at(doc, m.start, m.end, m.name, own)
        if rel != "mentioned":
            return rel, m
    return "mentioned", group[0]


def relation_at(doc: Document, start: int, end: int, name: str, own: set[str]) -> str:
    """The relation the words around the name at [start, end) state, or `mentioned`."""
    text = doc.folded
    sent = doc.sentence_span(start, end)
    c_start, c_end = _clause(text, start, end, sent.start, sent.end)
    before = text[c_start:start].rstrip("《「“[ ")
    after = text[end:c_end].lstrip("》」”] ")
    best: tuple[int, int, str] | None = None
    for order, cue in enumerate(_cues()):
        dist = _cue_distance(
            cue,
            fold_name=normalise(name),
            before=before,
            after=after,
            sentence_before=text[sent.start : start],
            own=own,
        )
        if dist is not None and (best is None or (dist, order) < best[:2]):
            best = (dist, order, cue.relation)
    return best[2] if best else "mentioned"


def _cue_distance(
    cue: Cue, fold_name: str, before: str, after: str, sentence_before: str, own: set[str]
) -> int | None:
    if cue.where == "name":
        # a supplement to this agreement names it or its stem: 关于X的补充协定, 旅大租地续约
        return 0 if cue.pattern.search(fold_name) and _names_this(fold_name, own) else None
    dists = []
    if cue.where in ("before", "any"):
        hits = [h for h in cue.pattern.finditer(before) if not _NEGATION.search(before[: h.start()])]
        if hits:
            dists.append(len(before) - hits[-1].end())
    if cue.where in ("after", "any"):
        hit = cue.pattern.search(after)
        if hit and not _NEGATION.search(after[: hit.start()]):
            dists.append(hit.start())
    if cue.where == "sentence":
        hits = list(cue.pattern.finditer(sentence_before))
        if hits:
            dists.append(len(sentence_before) - hits[-1].end())
    return min(dists) if dists else None


def _names_this(name: str, own: set[str]) -> bool:
    """Whether a name contains this agreement's name or its stem (the name minus its suffix)."""
    for o in own:
        suffix = suffix_of(o)
        stem = o[: -len(suffix.suffix)] if suffix else o
        if o in name or (len(stem) >= 2 and stem in name):
            return True
    return False


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    left = max((text.rfind(c, lo, start) for c in "，,；;：:"), default=-1)
    left = lo if left < lo else left + 1
    rights = [i for i in (text.find(c, end, hi) for c in "，,；;") if i != -1]
    return left, min(rights, default=hi)
