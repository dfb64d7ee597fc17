"""Wikidata QuickStatements (v1, tab-separated) to create or complete treaty items.

For each treaty: a new item (`CREATE`, then `LAST` lines) unless the name map gives
its Qid, then the label and description (new items only) and aliases in Chinese,
instance of treaty, the signing, effective and end dates at their precision, the
place of signing, and the parties and signatories as signatory (P1891) — each
statement referenced to the source article: stated in (zh Wikipedia), reference URL
and retrieval date. Parties, people and places without a Qid in the map cannot be
stated (QuickStatements needs items) and are left out; `Plan.unmatched` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from yuezhang.export.select import Treaty
from yuezhang.export.wikidata import QidMap, config
from yuezhang.variants import convert

LABEL_MAX = 250
#: Label language for each display variant (Wikidata's language codes).
LANGUAGES = {None: "zh", "zh-hans": "zh-hans", "zh-hant": "zh-hant", "zh-tw": "zh-tw", "zh-hk": "zh-hk"}


def qs_string(text: str) -> str:
    """A QuickStatements string value: one line, no tabs, in double quotes."""
    clean = " ".join(text.replace('"', "＂").split())[:LABEL_MAX]
    return f'"{clean}"'


def qs_time(value: str, precision: str) -> str:
    """`1864-10-07`/day → `+1864-10-07T00:00:00Z/11`; unknown month and day are 00."""
    parts = value.split("-")
    y, m, d = (parts + ["00", "00"])[:3]
    code = config()["precision"][precision]
    return f"+{int(y):04d}-{int(m):02d}-{int(d):02d}T00:00:00Z/{code}"


def article_url(record: dict[str, Any]) -> str:
    """The source article's URL (from the fetch header), else its zh Wikipedia URL by title."""
    url = (record.get("source") or {}).get("url")
    if not url:
        url = config()["article_url"].format(title=record["title"].replace(" ", "_"))
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


@dataclass
class Plan:
    lines: list[str] = field(default_factory=list)
    created: int = 0
    completed: int = 0
    unmatched: dict[str, set[str]] = field(default_factory=dict)  # kind -> names with no Qid


def commands(treaties: list[Treaty], qids: QidMap, retrieved: date, variant: str | None = None) -> Plan:
    """The QuickStatements lines for `treaties`."""
    cfg = config()
    props, refs = cfg["properties"], cfg["references"]
    lang = LANGUAGES[variant]
    plan = Plan()
    for t in treaties:
        r = t.record
        item = qids.first([r["title"], *(r.get("aliases") or [])])
        subject = item or "LAST"
        if item is None:
            plan.lines.append("CREATE")
            plan.lines.append(f"LAST\tL{lang}\t{qs_string(r['title'])}")
            if r.get("signed"):
                desc = cfg["description_zh"].format(year=int(r["signed"]["value"][:4]))
                desc = convert(desc, variant) if variant else desc
                plan.lines.append(f"LAST\tD{lang}\t{qs_string(desc)}")
            plan.created += 1
        else:
            plan.completed += 1
        for alias in dict.fromkeys(r.get("aliases") or []):
            if alias != r["title"]:
                plan.lines.append(f"{subject}\tA{lang}\t{qs_string(alias)}")
        source = "\t".join(
            [
                refs["stated_in"],
                cfg["stated_in"],
                refs["reference_url"],
                qs_string(article_url(r)),
                refs["retrieved"],
                qs_time(retrieved.isoformat(), "day"),
            ]
        )

        statements: list[tuple[str, str]] = []
        if item is None:
            statements.append((props["instance_of"], cfg["treaty_class"]))
        for key in ("signed", "effective", "ended"):
            if r.get(key):
                statements.append((props[key], qs_time(r[key]["value"], r[key]["precision"])))
        if r.get("place"):
            q = qids.first([r["place"]["name"], *(r["place"].get("other_names") or [])])
            if q:
                statements.append((props["place"], q))
            else:
                plan.unmatched.setdefault("place", set()).add(r["place"]["name"])
        for kind, facts in (("party", r.get("parties") or []), ("signatory", r.get("signatories") or [])):
            for f in facts:
                q = qids.get(f["name"])
                if q is None:
                    plan.unmatched.setdefault(kind, set()).add(f["name"])
                elif (props[kind], q) not in statements:
                    statements.append((props[kind], q))
        plan.lines.extend(f"{subject}\t{prop}\t{value}\t{source}" for prop, value in statements)
    return plan


def write_quickstatements(
    treaties: list[Treaty],
    output: Path,
    qid_map: dict[str, str] | None = None,
    variant: str | None = None,
    retrieved: date | None = None,
) -> Plan:
    plan = commands(treaties, QidMap(qid_map), retrieved or datetime.now(UTC).date(), variant)
    with open(output, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(line + "\n" for line in plan.lines)
    return plan
