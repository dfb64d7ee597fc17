"""Extraction component `dates`: every date in the text, and which is signed/effective/ended.

`find_dates(doc)` reads every date expression of `doc.folded` (1929年12月22日, 同年4月11日,
a bare 12月3日 or 28日 taking year and month from the passage, 一八五八年五月二十八日,
咸丰八年四月十六日, 明治二十八年, 民国十八年, Julian dates marked 俄历/旧历/儒略历, ranges
1919年6月28日至1920年1月10日 / 8月20日—21日) into `DateMention`s with their spans of
`doc.plain`; a date restated in the parentheses after it (1864年（同治三年）10月7日,
1858年5月28日（咸丰八年四月十六日，…儒略历1858年5月16日）) is grouped with it, and the group
gives the Gregorian reading at the best precision written.

`run` then picks the dates the text states as signed (签订/签署/订立/缔结/签字 ...),
effective (生效; 签字后即发生效力 = the signing date) and ended (期满/失效/废除/终止/废止/
不再延长), preferring the lead and statements about this agreement rather than another
one named in the same sentence, and reads the duration (有效期为30年).

ctx.data keys:
  reads  "infobox": {param name: (value, start, end)} from the infobox component, and
         "infobox_template" (the template, for the evidence of an infobox date)
  writes "dates":   list[DateMention] in text order (value/precision/text/calendar like a
                    DateFact, start/end = span in plain, end_value = last day of a range)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from yuezhang.document import Document, paragraphs_of
from yuezhang.extract import cues, infobox
from yuezhang.extract.calendar import GDate, from_era, from_julian, from_lunar, gregorian
from yuezhang.extract.numerals import CN_NUMERAL_CHARS, DIGITS, NUMERAL, to_int
from yuezhang.extract.record import DateFact, DurationFact, Evidence, TreatyRecord
from yuezhang.extract.spans import paragraph_at
from yuezhang.knowledge import read_table
from yuezhang.knowledge.agreements import agreement_suffixes, looks_like_agreement, normalise_name, suffix_of
from yuezhang.knowledge.eras import Era, era, era_names
from yuezhang.knowledge.polities import norm

_LUNAR_MONTH_NAMES = {"正": 1, "冬": 11, "腊": 12}
_RANGE_JOINERS = "至到—–－-~～"
#: A year alone sets the narrative's time when followed by a clause break or a season word,
#: or preceded by a clause break or a locative preposition.
_YEAR_CLAUSE_AFTER = "，,、春夏秋冬初底末间时"
_YEAR_CLAUSE_BEFORE = "\n。；，,：于於在 "
_SPAN_BEFORE = tuple("为达时共约近逾余期")
_SPAN_AFTER = tuple("之以来内后多余")
_DAY_LEAD = "于在至到—–－~～、和及与或，,-"


@dataclass
class DateMention:
    """One date expression of the text, read into a Gregorian date (None when unreadable)."""

    start: int  # span of the date words in Document.plain
    end: int
    text: str
    value: str | None
    precision: str
    calendar: str = "gregorian"
    end_value: str | None = None  # for ranges: the last day/month/year
    year_written: bool = True  # False: the year came from the passage (同年, a bare 12月3日)
    group: int | None = None  # index of the date this one restates (written in parentheses after it)
    quoted: bool = False  # inside a quoted name (《1900年…协定》, 「…」): part of the name, not a date stated
    parts: dict[str, str] = field(default_factory=dict, repr=False)  # raw pieces: year, era, rel, month ...

    @property
    def year(self) -> int | None:
        return int(self.value[:4]) if self.value else None

    def fact(self, doc: Document) -> DateFact:
        return DateFact(
            self.value or "",
            self.precision,
            self.text,
            Evidence.of(doc, self.start, self.end),
            self.calendar,
            self.end_value,
        )


# ---------------------------------------------------------------- patterns

_N = NUMERAL
_DIGIT_YEAR = rf"[{DIGITS}]{{3,4}}|[〇○零一二三四五六七八九]{{4}}"


@cache
def relative_years() -> dict[str, int]:
    """Words naming a year relative to the passage's (同年, 次年, 前一年 ...) and their offsets."""
    return {r["word"]: int(r["offset"]) for r in read_table("relative_years.tsv")}


@cache
def calendar_marks(kind: str) -> tuple[str, ...]:
    """Words before a date saying it is Julian (俄历, 儒略历 ...) or lunisolar (农历 ...)."""
    return tuple(
        r["word"] for r in read_table("date_words.tsv") if r["role"] == "calendar" and r["kind"] == kind
    )


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    eras = "|".join(map(re.escape, era_names()))
    rel = "|".join(sorted(relative_years(), key=len, reverse=True))
    month = rf"闰?(?:{_N}|[正冬腊])月"
    year = (
        rf"(?:(?:公元|西元|公历)?(?<![{DIGITS}])(?:(?P<gy0>[{DIGITS}]{{4}})[-–—~～至到])?(?P<gy>{_DIGIT_YEAR})[ \u3000]?年(?![代度级份]))"
        rf"|(?:(?P<era>{eras})(?P<en>元|{_N})年)"
        rf"|(?P<rel>{rel})"
    )
    date = re.compile(
        rf"(?:(?P<year>{year})(?:(?P<gap>[（(][^（）()\n]{{1,40}}[）)])(?={month})|的(?={month}))?)?"
        rf"(?:(?P<leap>闰)?(?P<m>{_N}|[正冬腊])月(?:(?P<d>初{_N})[日号]?|(?P<d2>{_N})[日号])?)?"
    )
    day = re.compile(rf"(?<=[{_DAY_LEAD}])(?P<d>初?{_N})[日号](?![本军方前后内间])")
    return date, day


# ---------------------------------------------------------------- finding


def find_dates(doc: Document) -> list[DateMention]:
    """Every date of the text, in order, with parenthesised restatements grouped and ranges merged."""
    text = doc.folded
    raw = _scan(text, 0, len(text))
    raw.sort(key=lambda m: m.start)
    raw = _merge_ranges(text, raw)
    _group_parentheses(text, raw)
    names = [mt.span() for mt in _QUOTED_NAME.finditer(text)]
    for m in raw:
        m.quoted = any(s < m.start and m.end < e for s, e in names)
    _resolve(doc, raw)
    for m in raw:
        m.text = doc.plain[m.start : m.end]
    return raw


#: A quoted name: brackets holding no sentence end, so a quotation of whole sentences is not one.
_QUOTED_NAME = re.compile(
    r"《[^《》\n。；！？]{1,60}》|「[^「」\n。；！？]{1,60}」|『[^『』\n。；！？]{1,60}』"
    r"|“[^“”\n。；！？]{1,60}”|〈[^〈〉\n。；！？]{1,60}〉"
)


def _scan(text: str, lo: int, hi: int) -> list[DateMention]:
    date_re, day_re = _patterns()
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for mt in date_re.finditer(text, lo, hi):
        if mt.end() == mt.start():
            continue
        g = {k: v for k, v in mt.groupdict().items() if v}
        if "d2" in g:
            g["d"] = g.pop("d2")
        if "year" not in g and "m" not in g:
            continue
        if "m" in g and not _valid_month(g["m"]) or "d" in g and not _valid_day(g["d"]):
            continue
        if "year" not in g and not _plausible_bare_month(text, mt.start(), g):
            continue
        if "gy" in g and len(g["gy"]) == 3 and not _plausible_short_year(text, mt.start(), mt.end()):
            continue
        out.append(DateMention(mt.start(), mt.end(), "", None, "", parts=g))
        taken.append((mt.start(), mt.end()))
        if "gap" in g:  # 1864年（同治三年）10月7日: the restatement inside is a date too
            gs, ge = mt.span("gap")
            out.extend(_scan(text, gs + 1, ge - 1))
    for mt in day_re.finditer(text, lo, hi):
        if any(s <= mt.start() < e for s, e in taken) or not _valid_day(mt.group("d")):
            continue
        out.append(
            DateMention(mt.start(), mt.end(), "", None, "", parts={"d": mt.group("d"), "day_only": "1"})
        )
    return out


def _valid_month(m: str) -> bool:
    n = _LUNAR_MONTH_NAMES.get(m) or to_int(m)
    return n is not None and 1 <= n <= 12


def _valid_day(d: str) -> bool:
    n = to_int(d)
    return n is not None and 1 <= n <= 31


def _plausible_bare_month(text: str, start: int, parts: dict[str, str]) -> bool:
    """A month with no year ("6月") is a date unless it is part of a number or a count
    ("第3月"), or a month in Chinese numerals with no day, which names events (十月革命)."""
    before = text[start - 1] if start else ""
    if "d" not in parts and _chinese_numeral(parts["m"]):
        return False
    return not before or not (before.isdigit() or before in CN_NUMERAL_CHARS + "第每个")


def _plausible_short_year(text: str, start: int, end: int) -> bool:
    """A three-digit year (821年) is a date unless the words around make it a span of time
    (历时300年, 长达300年之久, 300年来)."""
    return text[start - 1 : start] not in _SPAN_BEFORE and text[end : end + 1] not in _SPAN_AFTER


def _merge_ranges(text: str, ms: list[DateMention]) -> list[DateMention]:
    """1919年6月28日至1920年1月10日, 8月20日—21日: the second date becomes the first's end."""
    out: list[DateMention] = []
    for m in ms:
        prev = out[-1] if out else None
        if (
            prev is not None
            and "to" not in prev.parts
            and _joined(text, prev.end, m.start)
            and _completes(prev, m)
        ):
            prev.parts["to"] = "1"
            prev.parts["to_parts"] = m.parts  # type: ignore[assignment]
            prev.end = m.end
            continue
        out.append(m)
    return out


def _joined(text: str, a: int, b: int) -> bool:
    between = text[a:b].strip()
    return len(between) == 1 and between in _RANGE_JOINERS


def _completes(first: DateMention, second: DateMention) -> bool:
    """A range's second half gives at most as much as the first (21日 after a full date, not a year after a day)."""
    p, q = first.parts, second.parts
    if "day_only" in q:
        return "d" in p
    if "year" not in q:
        return "m" in p
    return True


def _group_parentheses(text: str, ms: list[DateMention]) -> None:
    """Dates inside the parentheses right after a date (or inside its gap) restate that date."""
    for i, m in enumerate(ms):
        if m.group is not None:
            continue
        spans = []
        if "gap" in m.parts:
            spans.append((m.start, m.end))
        j = m.end
        while j < len(text) and text[j] == " ":
            j += 1
        if j < len(text) and text[j] in "（(":
            close = _matching_paren(text, j)
            if close is not None:
                spans.append((j, close + 1))
        for k in range(i + 1, len(ms)):
            other = ms[k]
            if any(s <= other.start and other.end <= e for s, e in spans) and other is not m:
                other.group = i
            elif spans and other.start >= max(e for _, e in spans):
                break


def _matching_paren(text: str, j: int) -> int | None:
    depth = 0
    for k in range(j, min(len(text), j + 200)):
        if text[k] in "（(":
            depth += 1
        elif text[k] in "）)":
            depth -= 1
            if depth == 0:
                return k
        elif text[k] == "\n":
            return None
    return None


# ---------------------------------------------------------------- reading

#: (year, month, calendar) as the text reckons them: the context a following bare date reads in.
Native = tuple[int, int | None, str]


def _resolve(doc: Document, ms: list[DateMention]) -> None:
    """Give each mention its Gregorian reading, taking missing years/months from the passage."""
    text = doc.folded
    native: dict[int, Native] = {}
    narrative: set[int] = set()
    for i, m in enumerate(ms):
        got = _read(text, m.start, m.parts, _context(doc, ms, native, narrative, i))
        if got is None:
            continue
        g, native[i], m.year_written = got
        if _sets_the_time(text, m, g):
            narrative.add(i)
        m.value, m.precision, m.calendar = g.value, g.precision, g.calendar
        if "gy0" in m.parts and m.precision == "year":  # 1894-1895年
            m.value, m.end_value = f"{to_int(m.parts['gy0']):04d}", m.value
        if "to" in m.parts:
            end = _read(text, m.start, m.parts["to_parts"], native[i])  # type: ignore[arg-type]
            m.end_value = end[0].value if end else None
    # a date without a written year (8月29日（道光二十二年七月二十四日）) takes the year of its
    # restatement when they agree on month and day
    for i, m in enumerate(ms):
        if m.group is not None or "year" in m.parts or "m" not in m.parts:
            continue
        for r in ms[i + 1 :]:
            if r.group != i:
                break
            got = (
                _read(text, m.start, m.parts, (r.year, None, "gregorian"))
                if r.year_written and r.value
                else None
            )
            if got and r.precision == "day" and got[0].value == r.value:
                m.value, m.precision, m.calendar, m.year_written = r.value, "day", got[0].calendar, False
                break


def _context(
    doc: Document, ms: list[DateMention], native: dict[int, Native], narrative: set[int], i: int
) -> Native | None:
    """The passage's (year, month, calendar) before mention i: the last date that sets the
    time of the narrative in its paragraph, else in its section, else anywhere before it;
    failing those, the last date of any kind before it."""
    m = ms[i]
    para = paragraph_at(doc, m.start)
    sec = doc.section_at(m.start)
    for usable in (narrative, native):
        for lo in (para.start if para else None, sec.start if sec else None, 0):
            if lo is None:
                continue
            for k in range(i - 1, -1, -1):
                if ms[k].start < lo:
                    break
                if ms[k].quoted and not m.quoted:
                    continue  # a year in a name (《1900年…协定》) is not the passage's time
                if k in usable and k in native and (ms[k].group is None or ms[k].group == m.group):
                    return native[k]
    return None


def _sets_the_time(text: str, m: DateMention, g: GDate) -> bool:
    """Whether a date moves the narrative's time, so that a later bare 12月3日 or 同年 reads in
    its year: a month or day, a relative year, or a year that opens a clause (1880年，…;
    于1880年…) rather than qualifies a noun (1924年中俄协定, 自1920年起)."""
    if g.precision != "year" or "rel" in m.parts:
        return True
    after = text[m.end : m.end + 1]
    before = text[m.start - 1 : m.start] if m.start else "\n"
    return after in _YEAR_CLAUSE_AFTER or before in _YEAR_CLAUSE_BEFORE


def _marker(text: str, start: int, marks: tuple[str, ...]) -> bool:
    """Whether a calendar mark stands just before the date, in the same clause."""
    window = text[max(0, start - 12) : start]
    cut = max(window.rfind(c) for c in "，。；：,;")
    return any(mark in window[cut + 1 :] for mark in marks)


def _read(
    text: str, start: int, p: dict[str, str], context: Native | None
) -> tuple[GDate, Native, bool] | None:
    """The Gregorian reading of one date's parts, its native (year, month, calendar), and
    whether its year was written."""
    month = (_LUNAR_MONTH_NAMES.get(p["m"]) or to_int(p["m"])) if "m" in p else None
    day = to_int(p["d"]) if "d" in p else None
    leap = "leap" in p
    mark = (
        "julian"
        if _marker(text, start, calendar_marks("julian"))
        else "chinese-lunar"
        if _marker(text, start, calendar_marks("lunar"))
        else None
    )
    chinese_month = "m" in p and _chinese_numeral(p["m"])
    if "day_only" in p:
        if context is None or context[1] is None:
            return None
        year, month, cal = context
        return _done(_convert(year, month, day, leap, mark or cal), (year, month, mark or cal), False)
    gap_era = _gap_era(p.get("gap", ""))
    if "era" in p:
        e, n = era(p["era"]), to_int(p["en"])
        if e is None or n is None:
            return None
        gap_year = _gap_gregorian_year(p.get("gap", ""))
        if gap_year is not None and month is not None and not chinese_month:
            # 光绪二十八年（1902年）4月8日: an Arabic month after the Gregorian year
            cal = mark or "gregorian"
            return _done(_convert(gap_year, month, day, leap, cal), (gap_year, month, cal), True)
        cal = "gregorian" if e.months_are_gregorian(e.year(n)) else e.calendar
        return _done(from_era(e, n, month, day, leap), (e.year(n), month, cal), True)
    if "gy" in p:
        year = to_int(p["gy"])
        if year is None:
            return None
        if gap_era is not None and chinese_month and mark is None:
            # 1895年（光绪二十一年）三月二十三日: the month belongs to the era year in the gap
            e, n = gap_era
            return _done(from_era(e, n, month, day, leap), (year, month, e.calendar), True)
        cal = mark or "gregorian"
        return _done(_convert(year, month, day, leap, cal), (year, month, cal), True)
    if context is None:  # a relative year or a month with no year: from the passage
        return None
    year = context[0] + relative_years().get(p.get("rel", ""), 0)
    cal = mark or (context[2] if chinese_month and context[2] != "gregorian" else "gregorian")
    return _done(_convert(year, month, day, leap, cal), (year, month, cal), False)


def _done(g: GDate | None, native: Native, written: bool) -> tuple[GDate, Native, bool] | None:
    return (g, native, written) if g is not None else None


def _chinese_numeral(s: str) -> bool:
    return s[0] in CN_NUMERAL_CHARS + "初正冬腊"


def _gap_gregorian_year(gap: str) -> int | None:
    mt = re.search(rf"({_DIGIT_YEAR})年", gap)
    return to_int(mt.group(1)) if mt else None


def _gap_era(gap: str) -> tuple[Era, int] | None:
    mt = re.search(rf"({'|'.join(map(re.escape, era_names()))})(元|{_N})年", gap)
    if not mt:
        return None
    e, n = era(mt.group(1)), to_int(mt.group(2))
    return (e, n) if e is not None and n is not None else None


def _convert(year: int, month: int | None, day: int | None, leap: bool, calendar: str) -> GDate | None:
    if calendar == "julian":
        return from_julian(year, month, day)
    if calendar in ("chinese-lunar", "japanese-era"):
        return from_lunar(year, month, day, leap, calendar)
    return gregorian(year, month, day)


# ---------------------------------------------------------------- roles


@dataclass(frozen=True)
class RoleWords:
    verbs: tuple[str, ...]
    weak_verbs: tuple[str, ...]
    negations: tuple[str, ...]
    not_after: tuple[str, ...]
    causes: tuple[str, ...]
    on_sign: tuple[str, ...]
    infobox: tuple[str, ...]
    fields: tuple[str, ...]
    other_subjects: tuple[str, ...]


@cache
def role_words(role: str) -> RoleWords:
    """The words of `date_words.tsv` for one role (signed, effective, ended), longest first."""
    rows = [r for r in read_table("date_words.tsv") if r["role"] == role]

    def kind(k: str) -> tuple[str, ...]:
        return tuple(sorted((r["word"] for r in rows if r["kind"] == k), key=len, reverse=True))

    return RoleWords(
        kind("verb"),
        kind("weak_verb"),
        kind("negation"),
        kind("not_after"),
        kind("cause"),
        kind("on_sign"),
        kind("infobox"),
        kind("field"),
        kind("other_subject"),
    )


#: References to the agreement the article is about, without its name.
_SELF_REFERENCES = cues.words("self.date")
_CLAUSE_END = "，。；：！？\n,;:!?"
_LIST_SEPARATORS = "".join(cues.words("and.or"))
#: A name in brackets: 《…》, or 「…」/“…” when it reads as an agreement's name.
_BRACKETED = re.compile(r"《([^《》\n]{1,60})》|「([^「」\n]{1,60})」|“([^“”\n]{1,60})”")
#: Words between a verb and its object that are not part of a name (签订了一组条约, 签署的这项协定).
_DETERMINERS = re.compile(r"^[了的]*(?:两国|双方)?(?:[一两几数这那该此][项份个组款部批种系列]+)?")
#: How far (in characters) an object's name may start after its verb (签署关于香港问题的《…》).
_OBJECT_REACH = 14
#: How many characters other than date words may stand between a subject's name and its verb.
_SUBJECT_REACH = 10
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]")
_DATE_WORDS = re.compile(rf"(?:{NUMERAL}|[年月日号初同翌次该当是本前后])+")
#: Suffix kinds that name one family of documents: 尼布楚条约 and 中俄尼布楚界约 may be one treaty.
_TREATY_FAMILY = frozenset(
    (
        "treaty",
        "peace_treaty",
        "boundary_treaty",
        "secret_treaty",
        "commercial_treaty",
        "alliance_treaty",
        "entente",
    )
)
#: Kinds of documents derived from another (续约, 附约, 草约): never the agreement itself.
_DERIVED = frozenset(("supplementary_treaty", "draft_treaty"))
#: The word texts use loosely for any agreement, whatever its kind.
_ANY_TREATY = "条约"


@dataclass
class Statement:
    """A date stated for a role, with how strongly it is tied to this agreement."""

    role: str
    mention: DateMention
    score: float
    ours: bool  # the statement names this agreement (or 此约/该条约 ...)
    evidence: Evidence | None = None  # for infobox fields: the template, "field: value"
    several: bool = False  # read from a list or range of dates: never refines another statement

    def fact(self, doc: Document) -> DateFact:
        fact = self.mention.fact(doc)
        if self.evidence is not None:
            fact.evidence = self.evidence
        return fact


def _our_names(record: TreatyRecord) -> list[str]:
    names = [record.title, *(a.name for a in record.aliases)]
    return [n for n in dict.fromkeys(normalise_name(x) for x in names) if n]


def _core(name: str) -> str:
    """A name without its agreement suffix: 中俄尼布楚界约 → 中俄尼布楚."""
    s = suffix_of(name)
    return name[: -len(s.suffix)] if s and len(name) > len(s.suffix) else name


def _same_family(a: str, b: str) -> bool:
    sa, sb = suffix_of(a), suffix_of(b)
    if sa is None or sb is None or sa.suffix == sb.suffix:
        return True
    return _kin(sa.kind, sb.kind)


def _kin(a: str | None, b: str | None) -> bool:
    """Whether two kinds of document may name the same agreement (条约 and 界约 may; 条约 and 续约 not)."""
    if a is None or b is None:
        return True
    if a in _DERIVED or b in _DERIVED:
        return a == b
    return a == b or a in _TREATY_FAMILY and b in _TREATY_FAMILY


def _is_ours(name: str, ours: list[str]) -> bool:
    """Whether a name is this agreement's: the same name, or the same kind of document whose
    name differs by a two-polity prefix (中俄, 中英 ...) or a short qualifier."""
    n = normalise_name(name)
    for o in ours:
        if n == o:
            return True
        if not _same_family(n, o):
            continue
        c, k = _core(n), _core(o)
        if (
            c == k
            or (c.endswith(k) or k.endswith(c) or c.startswith(k) or k.startswith(c))
            and abs(len(c) - len(k)) <= 2
        ):
            return True
    return False


def _names(text: str) -> list[tuple[str, int, int]]:
    """Bracketed agreement names in `text` with their spans."""
    out = []
    for mt in _BRACKETED.finditer(text):
        name = next(g for g in mt.groups() if g)
        if mt.group(1) or looks_like_agreement(name):
            out.append((name, mt.start(), mt.end()))
    return out


def _object(text: str, ours: list[str], our_kind: str | None, our_word: str | None = None) -> str | None:
    """What the words right after a verb name: "ours", "other" (another agreement) or None.

    The bare agreement word of this one's title (签订了和约 in an article about a 和约) is this
    agreement — except 条约, which any treaty is called."""
    names = [n for n in _names(text) if n[1] <= _OBJECT_REACH]
    if names:
        return "ours" if _is_ours(names[0][0], ours) else "other"
    if any(r in text for r in _SELF_REFERENCES):
        return "ours"
    bare = _DETERMINERS.sub("", text)
    for s in agreement_suffixes():
        k = bare.find(s.suffix)
        if k < 0 or k > 14:
            continue
        noun = bare[: k + len(s.suffix)]
        if looks_like_agreement(noun):
            return "ours" if _is_ours(noun, ours) else "other"
        if noun == s.suffix and not _kin(s.kind, our_kind) and noun != _ANY_TREATY:
            return "other"  # 签订停战书 in an article about a protocol, 签订协议 in one about a treaty
        if noun == our_word and noun != _ANY_TREATY:
            return "ours"
        return None
    return None


def _subject(text: str, ours: list[str]) -> str | None:
    """What the clause before a verb names as what was signed/ended: "ours", "other" or None.

    A name counts when nothing but a date, a place or function words stands between it and
    the verb (《X》于1858年在璦琿签订, 《X》正式签字); "依照《X》的规定…签订" does not."""
    names = _names(text)
    if names:
        name, _, end = names[-1]
        between = _PARENTHESES.sub("", text[end:])
        if "的" not in between and len(_DATE_WORDS.sub("", between)) <= _SUBJECT_REACH:
            return "ours" if _is_ours(name, ours) else "other"
    return "ours" if any(r in text for r in _SELF_REFERENCES) else None


def _carried_subject(text: str, lo: int, verb: int, ours: list[str]) -> bool:
    """Whether a verb with nothing of its own before it continues a clause about another agreement
    of the same sentence: "…签订《Y》，决定终止对某地的占领" is Y's doing, not this agreement's."""
    clause = _clause_before(text, verb)
    if _names(clause) or normalise_name(clause) and any(o in normalise_name(clause) for o in ours):
        return False
    names = _names(text[lo : verb - len(clause)])
    return bool(names) and not _is_ours(names[-1][0], ours)


def _clause_before(text: str, pos: int, limit: int = 40) -> str:
    window = text[max(0, pos - limit) : pos]
    cut = max(window.rfind(c) for c in _CLAUSE_END)
    return window[cut + 1 :]


def _clause_after(text: str, pos: int, limit: int = 30) -> str:
    window = text[pos : pos + limit]
    cut = min((k for k in (window.find(c) for c in _CLAUSE_END) if k >= 0), default=len(window))
    return window[:cut]


def _defining(text: str, lo: int, verb: int, ours: list[str]) -> bool:
    """Whether the lead sentence from `lo` defines this agreement ("《X》…是…于DATE签订的…"): it
    opens with one of its names (or with 是, its subject elided) and says 是/为/指 before the
    verb, which heads a 的-phrase."""
    opening = normalise_name(text[lo : lo + 80])
    if not any(opening.startswith(o) for o in ours) and opening[:1] not in ("是", "为"):
        return False  # neither its name nor an elided subject ("是1997年12月…制定的")
    return bool(_COPULA.search(_unbracketed(text[lo:verb]))) and "的" in _clause_after(text, verb, 16)


#: The copula of a defining sentence: 是/为/指/係, but not the 为 of a naming or another verb
#: (简称为, 称作, 成为, 认为, 因为, 视为, 改为, 定名为) nor the 是 of 于是/凡是/只是/可是.
_COPULA = re.compile("(?<![称作成认因视以改名译])[为指係]|(?<![于凡只可])是")
_BRACKET_SPANS = re.compile(
    r"《[^《》]*》|「[^「」]*」|『[^『』]*』|“[^“”]*”|〈[^〈〉]*〉|[（(][^（）()]*[）)]"
)


def _unbracketed(text: str) -> str:
    """`text` with quoted names and parenthesised glosses blanked out (same length)."""
    return _BRACKET_SPANS.sub(lambda mt: " " * len(mt.group()), text)


def _best_reading(ms: list[DateMention], i: int) -> DateMention:
    """The reading of date i and its restatements at the best precision, Gregorian first;
    the span covers the restatement the value was read from."""
    rank = {"day": 3, "month": 2, "year": 1}
    group = [ms[i]] + [m for m in ms[i + 1 :] if m.group == i]
    read = [m for m in group if m.value]
    if not read:
        return ms[i]
    best = max(read, key=lambda m: (rank[m.precision], m.calendar == "gregorian", m is ms[i]))
    if best is ms[i]:
        return ms[i]
    end = max(ms[i].end, best.end)
    return DateMention(
        ms[i].start,
        end,
        "",
        best.value,
        best.precision,
        best.calendar,
        ms[i].end_value or best.end_value,
        ms[i].year_written or best.year_written,
        None,
        ms[i].parts,
    )


def _statements(doc: Document, ms: list[DateMention], role: str, record: TreatyRecord) -> list[Statement]:
    """Every (date, role verb) pair of the prose, scored."""
    text = doc.folded
    words = role_words(role)
    ours = _our_names(record)
    our_suffix = suffix_of(normalise_name(record.title))
    our_kind = our_suffix.kind if our_suffix else None
    lead = doc.lead
    first = doc.sentence_span(0) if doc.plain else None
    mains = _mains(ms)
    verb_re = re.compile("|".join(map(re.escape, words.verbs + words.weak_verbs)))
    out = []
    for v in verb_re.finditer(text):
        before, after = _clause_before(text, v.start()), _clause_after(text, v.end())
        if any(n in before for n in words.negations + words.other_subjects) or any(
            n in after[:8] for n in words.not_after
        ):
            continue
        sent = doc.sentence_span(v.start(), v.end())
        defining = lead.start <= v.start() < lead.end and _defining(text, sent.start, v.start(), ours)
        if v.group() in words.weak_verbs and not defining:
            continue
        listed = _date_for_verb(text, ms, mains, sent.start, sent.end, v.start(), v.end(), verb_re)
        if listed is None:
            continue
        obj = _object(after, ours, our_kind, our_suffix.suffix if our_suffix else None)
        subj = _subject(before, ours)
        if not defining and (obj == "other" or subj == "other" and not _caused(before, words)):
            continue
        if (
            role == "ended"
            and not defining
            and obj is None
            and subj is None
            and _carried_subject(text, sent.start, v.start(), ours)
        ):
            continue
        m, several = _list_reading(doc, ms, listed, role)
        if m is None or several and _period_of_another_clause(text, ms, listed, v.start()):
            continue
        explicit = defining or "ours" in (obj, subj)
        sentence = normalise_name(text[sent.start : sent.end])
        score = 4.0 * (lead.start <= m.start < lead.end) + 1.0 * bool(
            first and first.start <= m.start < first.end
        )
        score += 2.0 * explicit + 1.0 * any(o in sentence for o in ours)
        score -= min(abs(v.start() - m.end), 200) / 200
        out.append(Statement(role, m, score, explicit, several=several))
    return out


def _period_of_another_clause(text: str, ms: list[DateMention], listed: list[int], verb: int) -> bool:
    """Whether a range before the verb ends a clause of its own: it dates that clause's
    events (经过1842年7月至8月的谈判，两国签订…), not the verb's."""
    last = ms[listed[-1]]
    return bool(last.end_value) and last.end <= verb and any(c in _CLAUSE_END for c in text[last.end : verb])


def _mains(ms: list[DateMention]) -> list[int]:
    """The dates a statement may state: read, not a restatement, not part of a quoted name."""
    return [i for i, m in enumerate(ms) if m.group is None and not m.quoted and _best_reading(ms, i).value]


def _field_statements(doc: Document, ms: list[DateMention], role: str) -> list[Statement]:
    """Dates of "field value" lines of plain text (an infobox rendered as text): a line (or a
    space-separated run of fields) that opens with the role's field name (签署日期：…, 生效日
    1952年8月5日) and whose value opens with a date (after at most a dynasty's name: 大清光绪二十七年…). Like an infobox field it
    outranks the prose, unless it lists several dates (one per component), which only stand
    for the whole at the precision they share."""
    keys = role_words(role).fields
    if not keys:
        return []
    text = doc.folded
    mains = _mains(ms)
    out = []
    keys_re = "|".join(map(re.escape, keys))
    for mt in re.finditer(rf"(?:^|(?<=[ \t\u3000]))(?:{keys_re})[ \t\u3000]*[：:]?[ \t\u3000]*", text, re.M):
        eol = text.find("\n", mt.end())
        eol = len(text) if eol < 0 else eol
        on_line = [i for i in mains if mt.end() <= ms[i].start and ms[i].end <= eol]
        if not on_line or not re.fullmatch(r"[^\W\d]{0,4}", text[mt.end() : ms[on_line[0]].start]):
            continue
        m, several = _list_reading(doc, ms, _listed_with(text, ms, on_line, 0, 1), role)
        if m is not None:
            out.append(Statement(role, m, 3.0 if several else 10.0, not several, several=several))
    return out


def _list_reading(
    doc: Document, ms: list[DateMention], listed: list[int], role: str
) -> tuple[DateMention | None, bool]:
    """The reading of the dates one verb states, and whether they were several: a list of
    dates (与甲（6月13日）、乙（6月27日）签订) or a signing range (6月13日至27日签订) reads at the
    precision its dates share (1858-06), and None when they share no year."""
    readings = [_best_reading(ms, i) for i in listed]
    for r in readings:
        r.text = r.text or doc.plain[r.start : r.end]  # a reading from a restatement spans both
    values = [r.value for r in readings if r.value]
    if role == "signed":
        values += [r.end_value for r in readings if r.end_value]
    if len(set(values)) <= 1:
        return readings[0], False
    value = _common_prefix(values)
    if value is None:
        return None, True
    start, end = readings[0].start, readings[-1].end
    first = readings[0]
    reduced = DateMention(start, end, doc.plain[start:end], value, _precision(value), first.calendar)
    return reduced, True


def _common_prefix(values: list[str]) -> str | None:
    """The date all ISO `values` fall in, at the finest precision they share (1858-06-13, 1858-06-27 → 1858-06)."""
    split = [v.split("-") for v in values]
    common: list[str] = []
    for k in range(3):
        column = {p[k] if len(p) > k else None for p in split}
        if len(column) != 1 or None in column:
            break
        common.append(column.pop())
    return "-".join(common) or None


def _in_list(text: str, a: int, b: int) -> bool:
    """Whether the words between two dates join them in one list: a separator (、和及与或)
    with at most a short name and parenthesised tags around it (俄（6月13日）、美（6月18日）),
    or, in a field's value, spaces and tags only (1858年6月13日（清、俄） 1858年6月18日);
    never a clause break."""
    gap = text[a:b]
    rest = re.sub(r"[（()）]", "", _PARENTHESES.sub("", gap))
    if any(c in _CLAUSE_END for c in rest):
        return False
    core = re.sub(rf"[\s{_LIST_SEPARATORS}]|先后|分别", "", rest)
    if any(c in _LIST_SEPARATORS for c in rest):
        return len(core) <= 4
    return not core and bool(re.search(r"\s", rest))  # field values: dates apart by spaces only


def _caused(before: str, words: RoleWords) -> bool:
    """Whether another agreement named before the verb is the cause (因《X》而失效), not the subject."""
    names = _names(before)
    return bool(names) and any(c in before[: names[-1][1]] for c in words.causes)


def _date_for_verb(
    text: str,
    ms: list[DateMention],
    mains: list[int],
    lo: int,
    hi: int,
    vs: int,
    ve: int,
    verb_re: re.Pattern[str],
) -> int | None:
    """The dates a verb states: the last date before it in its sentence (with no other such
    verb between), else a date right after it (签订于1929年12月22日, 签署日期为…); with the
    dates listed together with it (先后于6月13日、6月27日签订)."""
    before = [i for i in mains if lo <= ms[i].start and ms[i].end <= vs]
    if before:
        i = before[-1]
        if not verb_re.search(text, ms[i].end, vs):
            return _listed_with(text, ms, before, len(before) - 1, -1)
    after = [i for i in mains if ve <= ms[i].start < hi]
    if after and re.fullmatch(r"[于於在为是日期时间：:\s]*", text[ve : ms[after[0]].start]):
        return _listed_with(text, ms, after, 0, 1)
    return None


def _listed_with(text: str, ms: list[DateMention], cands: list[int], k: int, step: int) -> list[int]:
    """cands[k] and the dates next to it (walking by `step`) listed together with it, in text order."""
    out = [cands[k]]
    while 0 <= k + step < len(cands):
        a, b = sorted((cands[k], cands[k + step]))
        if not _in_list(text, ms[a].end, ms[b].start):
            break
        k += step
        out.append(cands[k])
    return sorted(out)


def _choose(statements: list[Statement]) -> Statement | None:
    """The best-scored statement, made more precise by statements that name this agreement
    and agree with it (1896年 in the lead, 6月3日签订此约 in the body); among several finer
    readings, the one stated most often, then the best scored."""
    if not statements:
        return None
    best = max(statements, key=lambda s: s.score)
    rank = {"day": 3, "month": 2, "year": 1}
    value = best.mention.value or ""
    finer = [
        s
        for s in statements
        if s.ours
        and not s.several
        and s.mention.value
        and s.mention.value.startswith(value)
        and rank[s.mention.precision] > rank[best.mention.precision]
    ]
    if not finer:
        return best
    support = Counter(s.mention.value for s in finer)
    return max(finer, key=lambda s: (support[s.mention.value], s.score))


#: Date templates in infobox values: {{Start date|1876|9|13}}, {{date|1895|4|17}}, {{dts|…}}.
_DATE_TEMPLATE = re.compile(
    r"\{\{\s*(?:start[ _]date(?:[ _]and[ _]age)?|end[ _]date|date|dts)\s*"
    r"\|\s*(\d{3,4})\s*(?:\|\s*(\d{1,2})\s*)?(?:\|\s*(\d{1,2})\s*)?[|}]",
    re.I,
)
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def _infobox_statements(doc: Document, ctx, role: str) -> list[Statement]:
    """The date of the role's infobox field (date_signed, date_effective, date_expiration);
    a range in the effective field also gives the end (1895年5月8日-1941年12月9日)."""
    box = ctx.data.get("infobox") or {}
    template = ctx.data.get("infobox_template")
    out = []
    for name in role_words(role).infobox:
        raw = _raw_param(template, name)
        value = box[name][0] if name in box else ""
        m = _infobox_date(value, raw)
        if m is None or template is None:
            continue
        m.start, m.end = template.start, template.end
        ev = infobox.evidence(doc, ctx, name) or Evidence(
            doc.path, m.start, m.end, doc.plain[m.start : m.end], f"{name}: {raw.strip()}",
            template.source_start, template.source_end,
        )  # fmt: skip
        out.append(Statement(role, m, 10.0, True, ev))
    return out


def _raw_param(template, name: str) -> str:
    """The wikitext of the infobox parameter that the infobox component reads as field `name`."""
    if template is None:
        return ""
    return next((v for k, v in template.params.items() if infobox.FIELDS.get(norm(k).lower()) == name), "")


def _infobox_date(value: str, raw: str) -> DateMention | None:
    """The date an infobox value states: date words at its start, a date template, or ISO."""
    probe = Document(
        "", "", "plain", value, value, list(range(len(value) + 1)), paragraphs=paragraphs_of(value)
    )
    ms = find_dates(probe)
    lead = len(value) - len(value.lstrip())
    if ms and ms[0].start <= lead + 1:
        m = _best_reading(ms, 0)
        if m.value:
            m.text = value[m.start : m.end]
            return m
    for pattern, text in ((_DATE_TEMPLATE, raw), (_ISO, value.strip())):
        mt = pattern.search(text)
        g = gregorian(*(int(x) if x else None for x in mt.groups())) if mt else None
        if mt and g:
            close = text.find("}}", mt.start())
            words = text[mt.start() : close + 2] if pattern is _DATE_TEMPLATE and close > 0 else mt.group(0)
            return DateMention(0, 0, words, g.value, g.precision, "gregorian")
    return None


_DURATION = re.compile(rf"(?:有效期|期限)(?:为|是|定为|暂定为|)\s*({NUMERAL})\s*年")


def _duration(doc: Document) -> DurationFact | None:
    mt = _DURATION.search(doc.folded)
    years = to_int(mt.group(1)) if mt else None
    if not mt or years is None:
        return None
    return DurationFact(
        float(years), doc.plain[mt.start() : mt.end()], Evidence.of(doc, mt.start(), mt.end())
    )


def _on_signing(doc: Document) -> tuple[int, int] | None:
    """The span of a "takes effect on signing" phrase (签字后即发生效力, 自签字之日起生效)."""
    words = role_words("effective")
    pat = rf"(?:{'|'.join(map(re.escape, words.on_sign))})[^，。；\n]{{0,6}}?(?:{'|'.join(map(re.escape, words.verbs))})"
    mt = re.search(pat, doc.folded)
    return mt.span() if mt else None


def run(doc: Document, record: TreatyRecord, ctx) -> None:
    ms = find_dates(doc)
    ctx.data["dates"] = ms
    chosen = {
        role: _choose(
            _infobox_statements(doc, ctx, role)
            + _field_statements(doc, ms, role)
            + _statements(doc, ms, role, record)
        )
        for role in ("signed", "effective", "ended")
    }
    signed, effective, ended = chosen["signed"], chosen["effective"], chosen["ended"]
    if signed:
        record.signed = signed.fact(doc)
    if effective:
        record.effective = replace(effective.fact(doc), end=None)
        if effective.mention.end_value and not ended:  # in force from … to …
            value = effective.mention.end_value
            record.ended = replace(record.effective, value=value, precision=_precision(value))
    elif record.signed and (span := _on_signing(doc)):
        text = doc.plain[span[0] : span[1]]
        record.effective = replace(record.signed, text=text, evidence=Evidence.of(doc, *span))
    if ended:
        record.ended = ended.fact(doc)
    record.duration = _duration(doc)


def _precision(value: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(value)]
