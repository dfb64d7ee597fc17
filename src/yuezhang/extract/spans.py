"""Where a position lies in a document's layout, as several components ask it.

Reads `ctx.data["lead_sentence"]` (detect) in `lead_paragraph`; writes no ctx.data.
"""

from __future__ import annotations

from typing import Any

from yuezhang.document import Document, Span


def paragraph_at(doc: Document, pos: int, default: Span | None = None) -> Span | None:
    """The paragraph holding `pos`, else `default`."""
    return next((p for p in doc.paragraphs if p.start <= pos < p.end), default)


def lead_paragraph(doc: Document, ctx: Any) -> Span:
    """The paragraph holding the lead's defining sentence (the sentence itself when it lies in none)."""
    lead = ctx.data.get("lead_sentence", (0, 0))
    return next((p for p in doc.paragraphs if p.start <= lead[0] < p.end), Span(*lead))
