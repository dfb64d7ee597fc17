"""The optional fetcher header: `<!-- yuezhang: {json} -->` at the top of a saved page."""

from __future__ import annotations

import json
import re
from typing import Any

_HEADER = re.compile(r"\A\ufeff?\s*<!--\s*yuezhang:\s*(\{.*?\})\s*-->[ \t]*\n?", re.S)


def parse_header(source: str) -> tuple[dict[str, Any], int]:
    """(fields, where the body starts); ({}, 0) without a header, ({}, end) for a garbled one."""
    m = _HEADER.match(source[:65536])
    if not m:
        return {}, 0
    try:
        fields = json.loads(m.group(1))
    except json.JSONDecodeError:
        return {}, m.end()
    if not isinstance(fields, dict):
        return {}, m.end()
    return fields, m.end()
