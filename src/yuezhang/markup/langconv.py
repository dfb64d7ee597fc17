"""MediaWiki language conversion markup `-{…}-`: which part of it a reader sees.

`王世-{杰}-` shows 杰; `-{zh-hans:A;zh-hant:B;}-` shows the zh-hans (or zh-cn, ...) option,
else the first; `-{H|…}-` / `-{-|…}-` / `-{T|…}-` are rules that show nothing; `-{A|…}-`
shows its text and adds a rule; `-{R|…}-` / `-{D|…}-` show the body.
"""

from __future__ import annotations

import re

#: One `-{…}-` whose body holds no nested `-{`.
CONVERSION = re.compile(r"-\{((?:(?!-\{)[^}]|\}(?!-)){0,2000})\}-", re.S)
_FLAGS = re.compile(r"\s*([A-Za-z\-;\s]{1,20}?)\s*\|")
_VARIANT = re.compile(r"\s*(zh(?:-[a-z]{2,4})?)\s*:")
_PREFERRED = ("zh-hans", "zh-cn", "zh-sg", "zh-my", "zh", "zh-hant", "zh-tw", "zh-hk", "zh-mo")
_HIDDEN_FLAGS = {"H", "-", "T"}


def shown(body: str) -> tuple[int, int] | None:
    """The [start, end) of `body` (the text between `-{` and `}-`) that is shown, or None."""
    start = 0
    m = _FLAGS.match(body)
    if m and not _VARIANT.match(body):
        flags = {f.strip() for f in m.group(1).split(";") if f.strip()}
        if flags & _HIDDEN_FLAGS:
            return None
        start = m.end()
    variants = _variants(body, start)
    if not variants:
        return start, len(body)
    chosen = min(variants, key=lambda v: _PREFERRED.index(v[0]) if v[0] in _PREFERRED else len(_PREFERRED))
    return chosen[1], chosen[2]


def _variants(body: str, start: int) -> list[tuple[str, int, int]]:
    """[(variant, start, end)] for a body written as `zh-xx:text;zh-yy:text`, else []."""
    out: list[tuple[str, int, int]] = []
    pos = start
    while pos < len(body):
        m = _VARIANT.match(body, pos)
        if not m:
            return out
        semi = body.find(";", m.end())
        end = len(body) if semi == -1 else semi
        text_start = m.end()
        while text_start < end and body[text_start] == " ":
            text_start += 1
        out.append((m.group(1), text_start, end))
        pos = end + 1
    return out
