"""Agreement names: which words end them (`agreement_suffixes.tsv`) and what a name looks like.

Used by detection (is the title an agreement's name?), by names/related (is a 《…》 name
an agreement?), and anyone who needs to tell an agreement's name from a book, an event or
a generic phrase ("该条约", "不平等条约").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from yuezhang.knowledge import read_table
from yuezhang.variants import fold

#: Marks stripped before comparing names (as the scorer does): brackets, quotes, dots, spaces.
_MARKS = re.compile(r"[\s《》〈〉「」『』“”\"'·・‧•（）()\[\]]")


@dataclass(frozen=True)
class Suffix:
    suffix: str  # simplified script
    kind: str  # treaty, agreement, protocol, convention, declaration ...
    strong: bool  # False: the word also names unilateral/domestic documents


@cache
def agreement_suffixes() -> tuple[Suffix, ...]:
    """All suffixes, longest first (so "联合声明" wins over "声明")."""
    rows = [
        Suffix(r["suffix"], r["kind"], r["strength"] == "strong")
        for r in read_table("agreement_suffixes.tsv")
    ]
    return tuple(sorted(rows, key=lambda s: -len(s.suffix)))


@cache
def _generic_words() -> frozenset[str]:
    return frozenset(r["word"] for r in read_table("agreement_generic_words.tsv"))


def normalise_name(name: str) -> str:
    """Simplified script, marks and spaces removed: the form names are compared in."""
    return _MARKS.sub("", fold(name))


def suffix_of(name: str) -> Suffix | None:
    """The agreement suffix `name` ends with (longest match), or None."""
    n = normalise_name(name)
    return next((s for s in agreement_suffixes() if n.endswith(s.suffix)), None)


def looks_like_agreement(name: str, strong_only: bool = False) -> bool:
    """Whether `name` reads as the name of one agreement: a specific prefix plus a suffix.

    "尼布楚条约" yes; "条约", "该条约", "不平等条约" no (no specific prefix). With
    `strong_only`, weak suffixes (宣言, 声明, 章程, 合同 ...) do not count.
    """
    n = normalise_name(name)
    s = suffix_of(n)
    if s is None or (strong_only and not s.strong):
        return False
    prefix = n[: -len(s.suffix)]
    if len(prefix) < 1 or prefix in _generic_words():
        return False
    # a prefix that is itself only generic words ("该项", "两国新") is not a name
    return not _only_generic(prefix)


def _only_generic(prefix: str) -> bool:
    words = sorted(_generic_words(), key=len, reverse=True)
    rest = prefix
    while rest:
        w = next((w for w in words if rest.startswith(w)), None)
        if w is None:
            return False
        rest = rest[len(w) :]
    return True
