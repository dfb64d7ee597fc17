"""The `yuezhang` command line: build the knowledge base, then look into it.

A flat list of small commands over the store; other modules add theirs with
`main.add_command(...)` at the end of this file.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

import yuezhang
from yuezhang.document import Document
from yuezhang.store import db as dbm

DB_HELP = "the knowledge base (SQLite file) [env YUEZHANG_DB; default ./yuezhang.db]"
db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default="yuezhang.db",
    envvar="YUEZHANG_DB",
    help=DB_HELP,
)
json_option = click.option("--json", "as_json", is_flag=True, help="print JSON instead of text")


def _open(db_path: Path) -> sqlite3.Connection:
    try:
        return dbm.connect(db_path, readonly=True)
    except dbm.StoreError as e:
        raise click.ClickException(str(e)) from e


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _width(text: str) -> int:
    """Terminal columns of `text` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else str(value)
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 40) -> str:
    """Rows as aligned columns under their headers."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [min(max_width, max([_width(h)] + [_width(r[i]) for r in cells])) for i, h in enumerate(headers)]
    lines = ["  ".join(_cell(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(_cell(v, w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(yuezhang.__version__, prog_name="yuezhang")
def main() -> None:
    """yuezhang (约章): a treaty knowledge base built from Chinese-language wiki articles."""


class _Bar:
    """A progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int | None, label: str) -> None:
        if total is None:  # a dump's status line: "…% N pages (n/s) MB/s T treaties ETA …"
            click.echo(f"\r{label[-120:]}\033[K", nl=False, err=True)
            return
        if self.bar is None or self.bar.length != total:
            self.close()
            self.bar = click.progressbar(length=total, label="building", file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--strict", is_flag=True, help="stop at the first input that cannot be read, leaving the db as it was"
)
@click.option("--workers", type=int, help="parallel workers for XML dumps")
@click.option("--scheduler", help="a dask scheduler address for XML dumps (default: local processes)")
@json_option
def build(
    sources: tuple[Path, ...],
    db_path: Path,
    strict: bool,
    workers: int | None,
    scheduler: str | None,
    as_json: bool,
) -> None:
    """Read SOURCES (files, folders, XML dumps) into the knowledge base.

    The build is atomic: it works in DB.partial and replaces DB only when done, so a
    killed build leaves the old database intact; running it again resumes it.
    Exits with status 1 if any input could not be read.
    """
    from yuezhang.store.build import BuildFailed, build_paths

    bar = _Bar() if sys.stderr.isatty() else None
    try:
        report = build_paths(
            sources, db_path, strict=strict, progress=bar, workers=workers, scheduler=scheduler
        )
    except BuildFailed as e:
        raise click.ClickException(f"stopped (--strict); {db_path} left as it was") from e
    except dbm.StoreError as e:
        raise click.ClickException(str(e)) from e
    finally:
        if bar:
            bar.close()
    if as_json:
        _echo_json(report.to_json())
    else:
        click.echo(f"{report.documents} documents, {report.treaties} treaties, {len(report.errors)} errors")
        if report.resumed:
            click.echo(
                f"(resumed an interrupted build; {report.read} of {report.inputs} inputs read in this run)"
            )
        rows = [(t["title"], t["signed"] or "", "、".join(t["parties"])) for t in report.treaty_rows]
        if rows:
            click.echo(_table(("title", "signed", "parties"), rows[:30]))
            if len(rows) > 30:
                click.echo(f"… and {len(rows) - 30} more (yuezhang list)")
    if report.errors:
        sys.exit(1)


@main.command("list")
@db_option
@click.option("--all", "show_all", is_flag=True, help="every document, not only treaties")
@json_option
def list_(db_path: Path, show_all: bool, as_json: bool) -> None:
    """List the treaties (or, with --all, every document) in the knowledge base."""
    conn = _open(db_path)
    where = "" if show_all else "WHERE r.is_treaty = 1"
    rows = conn.execute(
        "SELECT d.id, d.title, d.format, d.path, r.is_treaty, r.signed, r.record FROM documents d "
        f"JOIN records r ON r.doc_id = d.id {where} ORDER BY r.signed IS NULL, r.signed, d.folded_title"
    ).fetchall()
    items = [
        {
            "id": r["id"],
            "title": r["title"],
            "format": r["format"],
            "path": r["path"],
            "is_treaty": bool(r["is_treaty"]),
            "signed": r["signed"],
            "parties": [p["name"] for p in json.loads(r["record"])["parties"]],
        }
        for r in rows
    ]
    if as_json:
        _echo_json(items)
        return
    headers = ("id", "title", "signed", "parties") + (("treaty", "format") if show_all else ())
    table = [
        (i["id"], i["title"], i["signed"], "、".join(i["parties"]))
        + (("yes" if i["is_treaty"] else "", i["format"]) if show_all else ())
        for i in items
    ]
    click.echo(_table(headers, table))


def _in_sentence(doc: Document, start: int, end: int, context: int = 30) -> str:
    """The evidence 【marked】 in its sentence, cut to `context` characters either side."""
    sent = doc.sentence_span(start, end)
    lo, hi = max(sent.start, start - context), min(max(sent.end, end), end + context)
    text = (
        ("…" if lo > sent.start else "")
        + f"{doc.plain[lo:start]}【{doc.plain[start:end]}】{doc.plain[end:hi]}"
        + ("…" if hi < sent.end else "")
    )
    return " ".join(text.split())


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _section_tree(doc: Document) -> list[str]:
    return [f"{'  ' * max(0, s.level - 2)}{s.title or '(lead)'}" for s in doc.sections if s.level > 1]


@main.command()
@click.argument("title")
@db_option
@json_option
def show(title: str, db_path: Path, as_json: bool) -> None:
    """Show one document: where it came from, its structure, and each fact with its evidence.

    TITLE is the document's title or one of its aliases, in either script. The text output
    marks each fact's evidence in its sentence; --json gives the whole sentence.
    """
    conn = _open(db_path)
    doc_id = dbm.find_document(conn, title)
    if doc_id is None:
        raise click.ClickException(f"no document titled {title!r} (try: yuezhang search {title})")
    doc = dbm.load_document(conn, doc_id)
    record = dbm.load_record(conn, doc_id)
    facts = [
        {
            "field": r["field"],
            "value": r["value"],
            "sentence": r["sentence"],
            "start": r["start"],
            "end": r["end"],
        }
        for r in conn.execute("SELECT * FROM facts WHERE doc_id = ? ORDER BY id", (doc_id,))
    ]
    counts = {
        "characters": len(doc.plain),
        "sections": len(doc.sections),
        "paragraphs": len(doc.paragraphs),
        "links": len(doc.links),
        "bolds": len(doc.bolds),
        "list_items": len(doc.list_items),
        "templates": len(doc.templates),
        "categories": len(doc.categories),
        "references": len(doc.references),
    }
    if as_json:
        _echo_json(
            {
                "id": doc_id,
                "title": doc.title,
                "format": doc.format,
                "path": doc.path,
                "is_treaty": record["is_treaty"],
                "sections": [
                    {"title": s.title, "level": s.level, "start": s.start, "end": s.end} for s in doc.sections
                ],
                "counts": counts,
                "categories": doc.categories,
                "facts": facts,
            }
        )
        return
    click.echo(f"{doc.title}  [{doc.format}{', treaty' if record['is_treaty'] else ''}]")
    click.echo(f"path: {doc.path}")
    click.echo(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
    if doc.categories:
        click.echo("categories: " + "、".join(doc.categories))
    tree = _section_tree(doc)
    if tree:
        click.echo("sections:")
        click.echo("\n".join("  " + line for line in tree))
    if facts:
        click.echo("facts:")
        for f in facts:
            click.echo(f"  {f['field']}: {f['value']}")
            if f["start"] is not None and f["end"] > f["start"]:
                click.echo(f"      {_in_sentence(doc, f['start'], f['end'])}")
            elif f["sentence"]:  # no span of text (an infobox field, say): what the extractor quotes
                click.echo(f"      {_clip(f['sentence'], 70)}")


@main.command("search")
@click.argument("query")
@db_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0))
@json_option
def search_(query: str, db_path: Path, limit: int, offset: int, as_json: bool) -> None:
    """Full-text search; traditional and simplified script find each other (條約 = 条约)."""
    from yuezhang.store import search

    conn = _open(db_path)
    try:
        total = search.count(conn, query)
        hits = search.search(conn, query, limit, offset)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="QUERY") from e
    if as_json:
        items = [
            {
                "id": h.doc_id,
                "title": h.title,
                "path": h.path,
                "score": h.score,
                "snippet": h.snippet,
                "marks": h.marks,
                "highlighted": h.highlighted(),
            }
            for h in hits
        ]
        _echo_json({"query": query, "total": total, "hits": items})
        return
    click.echo(f"{total} documents match {query!r}")
    for h in hits:
        click.echo(f"{h.title}  (id {h.doc_id})\n    {h.highlighted()}")


@main.command()
@db_option
@json_option
def stats(db_path: Path, as_json: bool) -> None:
    """Counts: documents by format, treaties, facts by field, entities, errors."""
    conn = _open(db_path)

    def pairs(sql: str) -> dict[str, int]:
        return {k: v for k, v in conn.execute(sql).fetchall()}

    out = {
        "database": str(db_path),
        "schema_version": conn.execute("PRAGMA user_version").fetchone()[0],
        "documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
        "by_format": pairs("SELECT format, count(*) FROM documents GROUP BY format ORDER BY format"),
        "treaties": conn.execute("SELECT count(*) FROM records WHERE is_treaty = 1").fetchone()[0],
        "facts": pairs("SELECT field, count(*) FROM facts GROUP BY field ORDER BY field"),
        "entities": pairs("SELECT kind, count(*) FROM entities GROUP BY kind ORDER BY kind"),
        "relations": conn.execute("SELECT count(*) FROM relations").fetchone()[0],
        "resolved_relations": conn.execute(
            "SELECT count(*) FROM relations WHERE target_doc_id IS NOT NULL"
        ).fetchone()[0],
        "errors": conn.execute("SELECT count(*) FROM errors").fetchone()[0],
    }
    if as_json:
        _echo_json(out)
        return
    for key, value in out.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
        click.echo(f"{key.replace('_', ' ')}: {value}")


@main.command()
@db_option
@json_option
def errors(db_path: Path, as_json: bool) -> None:
    """The inputs the builds could not read, and why."""
    conn = _open(db_path)
    rows = [
        dict(r)
        for r in conn.execute("SELECT path, position, kind, message FROM errors ORDER BY path, position")
    ]
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        where = f" (byte {r['position']})" if r["position"] is not None else ""
        click.echo(f"{r['path']}{where}: {r['kind']}: {r['message']}")
    if not rows:
        click.echo("no errors")


@main.command()
@db_option
@click.option(
    "--format",
    "fmt",
    required=True,
    help="jsonl, csv, jsonld, quickstatements, geojson, graphml or datasette-metadata",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="file to write (a folder for csv)"
)
@click.option(
    "--variant", type=click.Choice(["zh-hans", "zh-hant", "zh-tw", "zh-hk"]), help="script to write text in"
)
@click.option("--party", help="only treaties with this party")
@click.option("--year-from", type=int, help="only treaties signed in or after this year")
@click.option("--year-to", type=int, help="only treaties signed in or before this year")
@click.option("--in-force-on", help="only treaties in force on this date (YYYY[-MM[-DD]])")
@click.option("--bom", is_flag=True, help="start the file with a UTF-8 byte order mark (for spreadsheets)")
@click.option(
    "--qid-map",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="quickstatements: CSV of name,Qid for treaties, parties, people and places already on Wikidata",
)
def export(
    db_path: Path,
    fmt: str,
    output: Path,
    variant: str | None,
    party: str | None,
    year_from: int | None,
    year_to: int | None,
    in_force_on: str | None,
    bom: bool,
    qid_map: Path | None,
) -> None:
    """Write the knowledge base (or a filtered part of it) to a file."""
    from yuezhang.export import run_export

    if not db_path.is_file():
        raise click.ClickException(
            f"no database at {db_path} (build one with: yuezhang build SOURCES --db {db_path})"
        )
    try:
        n = run_export(
            db_path,
            fmt,
            output,
            variant=variant,
            party=party,
            year_from=year_from,
            year_to=year_to,
            in_force_on=in_force_on,
            bom=bom,
            qid_map=qid_map,
        )
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"wrote {n} records to {output}", err=True)


@main.command("eval")
@click.option(
    "--gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="gold JSONL"
)
@db_option
@json_option
def eval_(gold: Path, db_path: Path, as_json: bool) -> None:
    """Score the stored records against gold annotations (per-field P/R/F1 and micro F1)."""
    from yuezhang import evaluate

    conn = _open(db_path)
    preds = [json.loads(r[0]) for r in conn.execute("SELECT record FROM records ORDER BY doc_id")]
    result = evaluate.score(evaluate.read_jsonl(gold), preds)
    if as_json:
        _echo_json(result)
    else:
        click.echo(evaluate.format_table(result))


from yuezhang.api.cli import serve  # noqa: E402

main.add_command(serve)

from yuezhang.sources.fetch_cli import fetch  # noqa: E402

main.add_command(fetch)
