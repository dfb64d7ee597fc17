"""Extraction component: the agreement's standing (not ratified, not recognised, expired,
abrogated, superseded), each from a sentence that states it about this agreement.

A cue (`data/status_cues.tsv`) counts when it is said of this agreement: its clause
refers to it (by name, or by a bare 条约/议定书/该约 word not part of another name), or,
when the clause names no agreement, the first agreement its sentence refers to before the
cue is this one. A cue whose object is another agreement (废除《X》, 不承认任何不平等条约)
does not count, nor negated (没有…废除), conditional (如…期满) and prospective (期满前,
应于…期满) statements. One fact per status, from its first statement.

ctx.data: reads (or has related compute) "agreement_mentions".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from yuezhang.document import Document
from yuezhang.extract import cues, related
from yuezhang.extract.record import Evidence, StatusFact, TreatyRecord
from yuezhang.knowledge import read_table

_NEGATED = re.compile(rf"{cues.alternation('negation.status')}(?:[^，。；]{{0,4}})$")
_CONDITIONAL = re.compile(r"(?:如果|如|若|倘若|倘|一旦|假如|应该|应于|应当|将于|届时|可以|可)")
_PROSPECTIVE_AFTER = re.compile(r"^(?:前|之前|以前|时|之时|后可|后得|后双方可)")


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    status: str


@cache
def _cues() -> tuple[Cue, ...]:
    rows = read_table("status_cues.tsv")
    return tuple(
        Cue(re.compile(r["cue"] if r.get("regex") else re.escape(r["cue"])), r["status"]) for r in rows
    )


def run(doc: Document, record: TreatyRecord, ctx) -> None:
    text = doc.folded
    own = related.own_names(record)
    others = [m for m in related.mentions(doc, ctx) if related.normalise(m.name) not in own]
    seen = set()
    for cue in _cues():
        if cue.status in seen:
            continue
        for m in cue.pattern.finditer(text):
            if _states(doc, m, cue.status, others, own):
                seen.add(cue.status)
                record.status.append(
                    StatusFact(
                        cue.status, doc.plain[m.start() : m.end()], Evidence.of(doc, m.start(), m.end())
                    )
                )
                break
    order = {c.status: i for i, c in enumerate(_cues())}
    record.status.sort(key=lambda s: (s.evidence.start, order[s.status]))


def _states(
    doc: Document, m: re.Match[str], status: str, others: list[related.Mention], own: set[str]
) -> bool:
    """Whether the cue at `m` states `status` of this agreement."""
    text = doc.folded
    sent = doc.sentence_span(m.start(), m.end())
    c_start = max([sent.start] + [text.rfind(c, sent.start, m.start()) + 1 for c in "，,；;"])
    c_end = min([sent.end] + [i for i in (text.find(c, m.end(), sent.end) for c in "，,；;") if i != -1])
    lead_in = text[c_start : m.start()]
    if status not in ("not_ratified", "not_recognised") and _NEGATED.search(
        text[max(c_start, m.start() - 6) : m.start()]
    ):
        return False
    if _CONDITIONAL.search(lead_in) or (
        status == "expired" and _PROSPECTIVE_AFTER.match(text[m.end() : m.end() + 4])
    ):
        return False
    after = related.agreement_refs(doc, m.end(), c_end, others, own)
    if after and not after[0][1]:
        return False  # the cue's object is another agreement: 废除《X》, 不承认任何不平等条约
    if any(mine for _, mine in related.agreement_refs(doc, c_start, c_end, others, own)):
        return True
    before = related.agreement_refs(doc, sent.start, m.start(), others, own)
    return bool(before) and before[0][1]
