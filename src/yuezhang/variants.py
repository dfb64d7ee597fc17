"""Chinese script variants: fold to simplified for matching, convert for display.

Matching and search run on a *folded* view of the text (traditional → simplified)
whose character offsets equal the original's, so that a match found in the folded
view is a span of the original. OpenCC converts phrase by phrase and may, rarely,
change a string's length; `fold` then falls back to converting one character at a
time, which always keeps the length.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

#: Display variants a user may ask for, mapped to OpenCC configurations from simplified.
VARIANTS = {"zh-hans": None, "zh-hant": "s2t", "zh-tw": "s2twp", "zh-hk": "s2hk"}


@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    out = _converter("t2s").convert(ch)
    return out if len(out) == 1 else ch


def fold(text: str) -> str:
    """Traditional → simplified, guaranteed to keep every character's offset."""
    out = _converter("t2s").convert(text)
    if len(out) == len(text):
        return out
    return "".join(_fold_char(ch) for ch in text)


def convert(text: str, variant: str) -> str:
    """Convert text (any script) for display in `variant` (zh-hans, zh-hant, zh-tw, zh-hk)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose one of {', '.join(VARIANTS)}")
    simplified = _converter("t2s").convert(text)
    config = VARIANTS[variant]
    return simplified if config is None else _converter(config).convert(simplified)
