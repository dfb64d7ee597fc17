"""Page titles: normalise link targets, and choose a document's title when none is given."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import unquote

from yuezhang.markup.tables import tables

_SPACES = re.compile(r"[\s_]+")
_NOT_TITLE_CHARS = re.compile(r"[0-9a-fA-F_\-.\s]+")
_SENTENCE_HEAD = re.compile(r"[^，,。！？；;：:（(\n]{1,60}")


def normalize_title(raw: str) -> str:
    """A wiki title as written in a link: entities decoded, no leading ':', no '#anchor', '_' → ' '."""
    t = html.unescape(raw).strip()
    if "%" in t:
        t = unquote(t)
    t = t.lstrip(":").strip()
    t = t.split("#", 1)[0]
    return _SPACES.sub(" ", t).strip()


def split_namespace(title: str) -> tuple[str, str]:
    """('category', 'X') for 'Category:X' (the prefix casefolded); ('', title) without one."""
    head, sep, rest = title.partition(":")
    if not sep:
        return "", title
    return head.strip().casefold(), rest.strip()


@lru_cache(maxsize=4096)
def namespace_kind(prefix: str) -> str | None:
    """'file', 'category', 'language' or 'interwiki' for a known title prefix, else None."""
    t = tables()
    for kind, key in (
        ("file", "file_namespaces"),
        ("category", "category_namespaces"),
        ("language", "language_links"),
        ("interwiki", "interwiki"),
    ):
        if prefix in t[key]:
            return kind
    return None


def looks_like_title(stem: str) -> bool:
    """False for ids such as `000_8030a5917fd490ea` (digits, hex, separators only)."""
    rest = _NOT_TITLE_CHARS.sub("", stem)
    return any(ch.isalpha() for ch in rest)


def title_from_path(path: str) -> str | None:
    """The file name without extension, when it looks like a title."""
    stem = PurePath(path.split("#", 1)[0]).stem
    if not looks_like_title(stem):
        return None
    return _SPACES.sub(" ", stem).strip()


def title_from_text(plain: str, bold_texts: list[str]) -> str:
    """The first bold term (without 《》), else the head of the first sentence."""
    for b in bold_texts:
        t = b.strip().strip("《》〈〉「」").strip()
        if t:
            return t
    m = _SENTENCE_HEAD.search(plain)
    return m.group(0).strip() if m else ""
