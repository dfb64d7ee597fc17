"""The markup readers' data tables (namespaces, tags, inline templates), loaded once."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def tables() -> dict[str, Any]:
    """`data/markup.json`, with list entries turned into sets for lookups."""
    raw = json.loads(resources.files("yuezhang.data").joinpath("markup.json").read_text(encoding="utf-8"))
    return {k: (frozenset(v) if isinstance(v, list) else v) for k, v in raw.items()}


def inline_template(name: str) -> dict[str, Any] | None:
    """How an inline template shows its text ({"show": param, ...}), or None when it shows none."""
    t = tables()
    key = name.casefold()
    if key in t["inline_templates"]:
        return t["inline_templates"][key]
    for prefix in sorted(t["inline_template_prefixes"], key=len, reverse=True):
        if key.startswith(prefix):
            return t["inline_template_prefixes"][prefix]
    return None
