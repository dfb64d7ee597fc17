"""Which dump pages are worth the full read + extract: a cheap test run on every page.

A real wiki has about one treaty article per 500 pages, and reading wikitext into a
Document costs a hundred times more than decompressing it, so a dump build reads only
candidates. The test mirrors the signals treaty detection (`extract/detect.py`) accepts
on, each checked on the raw text without parsing it:
- a title that reads as an agreement's name (after dropping a disambiguating "（…）");
- an agreement infobox near the start;
- an agreement word (条约, 宣言, 文件 ...) after a 是/为 in a line of the lead that holds a
  bold term (the line introducing the subject), or anywhere near the start when nothing is
  bold: detection reads the lead's defining sentence "X是……的条约" so, and a page that only
  mentions an agreement ("X，曾参与签订一项条约") is no candidate;
- a category whose name holds an agreement word, near the end.
Every word is looked for in all scripts, mixed ones too (each character as any character
that folds to it). The test errs towards yes: a false candidate costs one extraction, a
missed one a treaty (`dump_prefilter.tsv` lists the words).
"""

from __future__ import annotations

import re
from functools import cache

from yuezhang.knowledge import read_table
from yuezhang.knowledge.agreements import agreement_suffixes, looks_like_agreement
from yuezhang.variants import VARIANTS, convert, fold

#: How much of a page's start (infobox, lead) and end (categories) is searched, in bytes of UTF-8.
HEAD_BYTES = 12000
TAIL_BYTES = 6000

_DISAMBIGUATOR = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
_BOLD = b"'''"
#: Where fold() maps characters from: CJK unified ideographs (with extension A) and compatibility ideographs.
_CJK_BLOCKS = ((0x3400, 0xA000), (0xF900, 0xFB00))
#: What detection's lead test looks for before the agreement word ("X是…条约", "X为…协定"), simplified.
_COPULAS = ("是", "为")


def _scripts(word: str) -> set[str]:
    return {word} | {convert(word, v) for v in VARIANTS}


def _simplified(kind: str) -> list[str]:
    words = {r["word"] for r in read_table("dump_prefilter.tsv") if r["kind"] == kind}
    return sorted(words, key=len, reverse=True)


@cache
def _copula() -> re.Pattern[str]:
    return re.compile("|".join(_any_script(w) for w in _COPULAS))


def _words(kind: str) -> list[str]:
    words = {w for r in read_table("dump_prefilter.tsv") if r["kind"] == kind for w in _scripts(r["word"])}
    return sorted(words, key=len, reverse=True)


def _caseless(word: str) -> str:
    """A regex matching `word` in any letter case, a space also as "_" or nothing (as MediaWiki names go)."""
    out = []
    for ch in word:
        if ch == " ":
            out.append("[ _]?")
        elif ch.isascii() and ch.isalpha():
            out.append(f"[{ch.lower()}{ch.upper()}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@cache
def _folding_into() -> dict[str, str]:
    """Simplified character -> every character that fold() turns into it, itself included."""
    chars = [chr(c) for lo, hi in _CJK_BLOCKS for c in range(lo, hi)]
    out: dict[str, str] = {}
    for ch, folded in zip(chars, fold("\n".join(chars)).split("\n"), strict=True):  # one at a time
        out[folded] = out.get(folded, folded) + (ch if ch != folded else "")
    return out


def _any_script(word: str) -> str:
    """A regex matching `word` in any script, mixed ones too: each character as any that folds to it,
    and each whole-word conversion (which may differ by more than characters). Every branch opens
    with a literal character, so that the regex engine skips ahead to the possible first characters."""
    into = _folding_into()
    rest = "".join(
        f"[{re.escape(into[ch])}]" if len(into.get(ch, ch)) > 1 else re.escape(ch) for ch in word[1:]
    )
    branches = [re.escape(first) + rest for first in into.get(word[0], word[0])]
    others = [
        w for w in _scripts(word) if not any(re.fullmatch(b, w) for b in branches)
    ]  # zh-tw: 文件 -> 檔案
    return "|".join(branches + sorted(map(re.escape, others)))


@cache
def _title_ends() -> tuple[str, ...]:
    """Every agreement suffix in every script: a fast gate (str.endswith) before the full test."""
    return tuple({w for s in agreement_suffixes() for w in _scripts(s.suffix)})


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[bytes], re.Pattern[bytes]]:
    """The lead words (on decoded lines), and the infobox and category patterns (on raw UTF-8)."""
    lead = re.compile("|".join(_any_script(w) for w in _simplified("lead")))
    infobox = r"\{\{\s*(?:" + "|".join(map(_caseless, _words("infobox"))) + ")"
    category = (
        r"\[\[\s*(?:[Cc]ategory|分类|分類)\s*:[^\]\n]*?(?:"
        + "|".join(map(_caseless, _words("category")))
        + ")"
    )
    return lead, re.compile(infobox.encode()), re.compile(category.encode())


def title_is_candidate(title: str) -> bool:
    name = _DISAMBIGUATOR.sub("", title)
    return name.endswith(_title_ends()) and looks_like_agreement(name)


def mentions_agreement(text: str) -> bool:
    """Whether `text` holds a word that may name an agreement (条约, 協定, 宣言 ...)."""
    return _patterns()[0].search(text) is not None


def _defines_agreement(text: str) -> bool:
    """An agreement word after a 是/为 (in any script): what detection's lead test needs of the
    defining sentence, looked for in the line (or lead) that holds it."""
    m = _copula().search(text)
    return m is not None and _patterns()[0].search(text, m.end()) is not None


def _lead_says(head: bytes) -> bool:
    """An agreement word after a 是/为 in a line holding a bold term (or anywhere in `head` when none is bold).

    Only those lines are decoded: most of a page is never turned into text here.
    """
    i = head.find(_BOLD)
    if i < 0:
        return _defines_agreement(head.decode("utf-8", "ignore"))
    while i >= 0:
        start = head.rfind(b"\n", 0, i) + 1
        end = head.find(b"\n", i)
        end = len(head) if end < 0 else end
        if _defines_agreement(head[start:end].decode("utf-8", "ignore")):
            return True
        i = head.find(_BOLD, end)
    return False


def is_candidate(title: str, text: bytes) -> bool:
    """Whether a main-namespace page may be about one agreement (cheap; errs towards yes).

    `text` is the page's wikitext in UTF-8, as found in the dump (XML escaping does not
    matter: the words looked for hold no markup characters).
    """
    if title_is_candidate(title):
        return True
    _, infobox, category = _patterns()
    head = text[:HEAD_BYTES]
    if infobox.search(head) or _lead_says(head):
        return True
    return category.search(text, max(0, len(text) - TAIL_BYTES)) is not None
