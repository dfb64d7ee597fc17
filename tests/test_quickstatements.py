"""QuickStatements export, checked line by line against the v1 syntax (Help:QuickStatements).

The validator below follows the documented v1 command forms: `CREATE` alone on a
line; otherwise tab-separated `ITEM PROPERTY VALUE [QUAL VALUE]... [SOURCE VALUE]...`
where ITEM is a Qid or LAST (after a CREATE), PROPERTY is Pnnn or a term command
(Lxx label, Dxx description, Axx alias), values are items, "strings", lang:"text",
times `+YYYY-MM-DDT00:00:00Z/precision`, @lat/lon or numbers, and sources (Snnn)
come after qualifiers (Pnnn).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from yuezhang.export import run_export
from yuezhang.export.quickstatements import commands, qs_string, qs_time
from yuezhang.export.select import Filters, select
from yuezhang.export.wikidata import QidMap, read_qid_map
from yuezhang.store import db as dbm

ITEM = re.compile(r"^Q[1-9]\d*$")
PROP = re.compile(r"^P[1-9]\d*$")
SOURCE = re.compile(r"^S[1-9]\d*$")
TERM = re.compile(r"^[LDA][a-z]{2,3}(-[a-z]+)?$")
STRING = re.compile(r'^"[^"\t\n]*"$')
MONO = re.compile(r'^[a-z]{2,3}(-[a-z]+)?:"[^"\t\n]*"$')
TIME = re.compile(r"^[+-]\d{4,}-(\d\d)-(\d\d)T00:00:00Z/(9|10|11)$")
COORD = re.compile(r"^@-?\d+(\.\d+)?/-?\d+(\.\d+)?$")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?(U\d+)?$")


def valid_value(v: str) -> bool:
    m = TIME.match(v)
    if m:
        month, day, precision = int(m.group(1)), int(m.group(2)), int(m.group(3))
        # a finer precision needs the finer parts; a coarser one leaves them 00
        return {9: month == day == 0, 10: month >= 1 and day == 0, 11: month >= 1 and day >= 1}[precision]
    return any(p.match(v) for p in (ITEM, STRING, MONO, COORD, NUMBER)) or v in ("somevalue", "novalue")


def validate(text: str) -> list[str]:
    """Every syntax error in a QuickStatements v1 text, as 'line N: why'."""
    errors = []
    created = False
    for n, line in enumerate(text.split("\n"), 1):
        if line == "":
            if n != len(text.split("\n")):
                errors.append(f"line {n}: empty line")
            continue
        cols = line.split("\t")
        if cols[0] == "CREATE":
            created = True
            if len(cols) != 1:
                errors.append(f"line {n}: CREATE stands alone")
            continue
        if cols[0] == "LAST" and not created:
            errors.append(f"line {n}: LAST before any CREATE")
        elif cols[0] != "LAST" and not ITEM.match(cols[0]):
            errors.append(f"line {n}: bad item {cols[0]!r}")
        if len(cols) < 3:
            errors.append(f"line {n}: needs item, property and value")
            continue
        if TERM.match(cols[1]):
            if len(cols) != 3 or not STRING.match(cols[2]):
                errors.append(f"line {n}: a term command takes one quoted string")
            continue
        if not PROP.match(cols[1]) or not valid_value(cols[2]):
            errors.append(f"line {n}: bad statement {cols[1]!r} {cols[2]!r}")
        rest = cols[3:]
        if len(rest) % 2:
            errors.append(f"line {n}: qualifier or source without a value")
        seen_source = False
        for key, value in zip(rest[::2], rest[1::2], strict=False):
            if SOURCE.match(key):
                seen_source = True
            elif PROP.match(key):
                if seen_source:
                    errors.append(f"line {n}: qualifier {key} after a source")
            else:
                errors.append(f"line {n}: bad qualifier/source {key!r}")
            if not valid_value(value):
                errors.append(f"line {n}: bad value {value!r} for {key}")
    return errors


def test_validator_rejects_broken_lines() -> None:
    assert validate('CREATE\nLAST\tLzh\t"甲"\nLAST\tP585\t+1864-10-07T00:00:00Z/11\tS248\tQ30239\n') == []
    bad = [
        'LAST\tLzh\t"甲"',  # LAST before CREATE
        "Q1\tP585\t1864-10-07",  # a date without the time syntax
        "Q1\tP585\t+1864-10-00T00:00:00Z/11",  # day precision without a day
        "Q1\tP31\tQ5\tS248",  # source without value
        "Q1\tP31\tQ5\tS248\tQ1\tP580\t+1864-00-00T00:00:00Z/9",  # qualifier after source
        "Q1\tLzh\t甲",  # unquoted label
        "CREATE\tQ1",
    ]
    for line in bad:
        assert validate(line + "\n"), line


@pytest.fixture(scope="module")
def treaties(corpus_db: Path) -> list:
    conn = dbm.connect(corpus_db, readonly=True)
    return select(conn, Filters())


def test_corpus_export_is_valid_and_states_each_fact(corpus_db: Path, treaties: list, tmp_path: Path) -> None:
    out = tmp_path / "treaties.qs"
    n = run_export(corpus_db, "quickstatements", out)
    text = out.read_text("utf-8")
    assert validate(text) == []
    assert n == len(treaties) == text.count("CREATE\n")
    blocks = text.split("CREATE\n")[1:]
    for t, block in zip(treaties, blocks, strict=True):
        r = t.record
        lines = block.splitlines()
        assert lines[0] == f"LAST\tLzh\t{qs_string(r['title'])}"
        for alias in r["aliases"]:
            assert f"LAST\tAzh\t{qs_string(alias)}" in lines
        statements = [line.split("\t") for line in lines if line.split("\t")[1].startswith("P")]
        assert ["LAST", "P31", "Q131569"] == statements[0][:3]
        for s in statements:  # every statement has its three references
            assert s[3:5] == ["S248", "Q30239"] and s[5] == "S854" and s[7] == "S813"
            assert s[6].startswith('"https://zh.wikipedia.org/wiki/') or s[6] == qs_string(r["source"]["url"])
        dates = {s[1]: s[2] for s in statements if s[1] in ("P585", "P7588", "P582")}
        for key, prop in (("signed", "P585"), ("effective", "P7588"), ("ended", "P582")):
            if r[key]:
                assert dates.pop(prop) == qs_time(r[key]["value"], r[key]["precision"])
        assert dates == {}
    assert any("\tP585\t" in b for b in blocks), "no signing date stated at all"


def test_qid_map_completes_existing_items_and_states_parties(tmp_path: Path, treaties: list) -> None:
    first = next(t for t in treaties if t.record["aliases"])
    qmap = tmp_path / "qids.csv"
    qmap.write_text(
        f"name,qid\n{first.record['aliases'][0]},Q999001\n清朝,Q8733\n苏联,Q15180\n", encoding="utf-8"
    )
    plan = commands(treaties, QidMap(read_qid_map(qmap)), date(2024, 5, 1))
    assert validate("\n".join(plan.lines) + "\n") == []
    mine = [line for line in plan.lines if line.startswith("Q999001\t")]
    assert mine and not any("\tLzh\t" in line or "\tP31\t" in line for line in mine)
    assert plan.created == len(treaties) - 1 and plan.completed == 1
    assert all(line.endswith("S813\t+2024-05-01T00:00:00Z/11") for line in plan.lines if "\tP" in line)
    parties = {p["name"] for t in treaties for p in t.record["parties"]}
    if parties & {"清朝", "苏联"}:
        assert any("\tP1891\tQ8733\t" in line or "\tP1891\tQ15180\t" in line for line in plan.lines)
    stated = {p for t in treaties for p in (x["name"] for x in t.record["parties"]) if p in ("清朝", "苏联")}
    assert plan.unmatched.get("party", set()).isdisjoint(stated)


def test_bad_qid_map_is_refused(tmp_path: Path) -> None:
    qmap = tmp_path / "qids.csv"
    qmap.write_text("name,qid\n南京条约,Q1\n马关条约,P31\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a Wikidata item id"):
        read_qid_map(qmap)


def test_times_and_strings() -> None:
    assert qs_time("1864-10-07", "day") == "+1864-10-07T00:00:00Z/11"
    assert qs_time("1979-02", "month") == "+1979-02-00T00:00:00Z/10"
    assert qs_time("1860", "year") == "+1860-00-00T00:00:00Z/9"
    assert qs_string('甲\t"乙"\n丙') == '"甲 ＂乙＂ 丙"'


def test_variant_labels_use_the_variant_language(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "hant.qs"
    run_export(corpus_db, "quickstatements", out, variant="zh-hant", year_from=1842, year_to=1842)
    lines = out.read_text("utf-8").splitlines()
    assert validate("\n".join(lines) + "\n") == []
    labels = [line for line in lines if "\tLzh-hant\t" in line]
    assert labels and all(json.loads(line.split("\t")[2]) for line in labels)
