"""Cut large wikitext into independently parseable chunks, and spot chunks too deep to parse.

mwparserfromhell backtracks on unclosed constructs: time grows with the square of the
number of open `{{`, `[[`, `[http`, tags or tables (10,000 unclosed `{{a|` take over half a
minute). One linear scan counts nesting; chunks are cut at blank lines where nothing is
open, so a long article is parsed piece by piece (bounded memory), and a chunk whose
nesting exceeds `MAX_DEPTH` goes to the regex fallback instead of the parser.
"""

from __future__ import annotations

import re

#: Preferred chunk size in characters; chunks are cut only where nothing is open ...
CHUNK = 65536
#: ... unless a construct stays open this long, then the chunk is cut anyway.
FORCE_CHUNK = 16 * CHUNK
#: Deeper nesting (or more unclosed openers) than this is read by the fallback reader.
MAX_DEPTH = 40

_TAGS = "ref|gallery|pre|poem|math|nowiki|syntaxhighlight|source|timeline|score|references|blockquote|div|table|center|span|small|big|sup|sub|font"
_TOKENS = re.compile(
    r"\{\{|\}\}|\[\[|\]\]|<!--|-->|^[ \t]*\{\||^[ \t]*\|\}(?!\})|\n[ \t]*\n|<(/?)(?:"
    + _TAGS
    + r")\b[^<>]{0,300}?(/?)>|\[(?:https?:|ftp:)?//|(?<!\])\](?!\])",
    re.M | re.I,
)
_OPEN = {"{{": "{{", "[[": "[[", "}}": "{{", "]]": "[["}


def split(source: str, start: int = 0) -> list[tuple[int, int, bool]]:
    """[(start, end, safe)] covering source[start:]; `safe` means the parser may read it."""
    out: list[tuple[int, int, bool]] = []
    depth = {"{{": 0, "[[": 0, "{|": 0, "<": 0, "[": 0}
    deepest = 0
    comment = 0  # 0 outside a comment, else how many `<!--` since it opened
    cs = start
    for m in _TOKENS.finditer(source, start):
        tok = m.group(0)
        if comment:  # inside a comment only its end counts, and openers that pile up
            if tok == "<!--":
                comment += 1
                deepest = max(deepest, comment)
            elif tok == "-->":
                comment = 0
            continue
        if tok == "<!--":
            comment = 1
        elif tok in _OPEN:
            key = _OPEN[tok]
            depth[key] = depth[key] + 1 if tok == key else max(0, depth[key] - 1)
        elif tok[0] == "\n":
            size = m.start() + 1 - cs
            if (size >= CHUNK and not any(depth.values())) or size >= FORCE_CHUNK:
                out.append((cs, m.start() + 1, deepest <= MAX_DEPTH))
                cs = m.start() + 1
                depth = dict.fromkeys(depth, 0)
                deepest = 0
            continue
        elif tok[0] == "[":
            depth["["] += 1
        elif tok == "]":
            depth["["] = max(0, depth["["] - 1)
        elif tok.endswith("{|"):
            depth["{|"] += 1
        elif tok.endswith("|}"):
            depth["{|"] = max(0, depth["{|"] - 1)
        elif tok[0] == "<" and not m.group(2):
            depth["<"] = max(0, depth["<"] - 1) if m.group(1) else depth["<"] + 1
        deepest = max(deepest, *depth.values())
    if cs < len(source) or not out:
        out.append((cs, len(source), deepest <= MAX_DEPTH))
    return out
