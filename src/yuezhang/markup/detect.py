"""Which markup a source is written in, judged from its content (file names lie)."""

from __future__ import annotations

import re

_WIKI_HEADING = re.compile(r"^=+[^=\n]+=+[ \t]*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_ORDERED = re.compile(r"^[ \t]*\d+\.[ \t]{1,3}\S", re.M)
_MD_LINK = re.compile(r"\]\([^)\s]{1,500}(?:[ \t]+\"[^\"\n]{0,300}\")?\)")
_SAMPLE = 1 << 20  # judge by the first MB: enough, and keeps this O(1) on huge inputs


def detect_format(source: str) -> str:
    """'wikitext', 'markdown' or 'plain', by weighing the markers of each."""
    s = source[:_SAMPLE]
    wiki = (
        s.count("[[")
        + s.count("{{")
        + s.count("'''")
        + 2 * len(_WIKI_HEADING.findall(s))
        + s.count("<ref")
        + 3 * s.count("\n{|")
    )
    md = (
        len(_MD_LINK.findall(s))
        + 3 * s.count('"wikilink")')
        + 2 * len(_MD_HEADING.findall(s))
        + s.count("**")
        + len(_MD_ORDERED.findall(s))
        + s.count("\\[")
    )
    if wiki == 0 and md == 0:
        return "plain"
    return "markdown" if md > wiki else "wikitext"
