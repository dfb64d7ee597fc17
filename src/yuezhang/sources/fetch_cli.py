"""`yuezhang fetch`: download articles from a live wiki into files `build` reads."""

from __future__ import annotations

from pathlib import Path

import click

from yuezhang.sources.fetch import ApiClient, FetchError
from yuezhang.sources.fetch import fetch as fetch_into


@click.command("fetch")
@click.option("--api", required=True, help="The wiki's Action API, e.g. https://zh.wikipedia.org/w/api.php")
@click.option("--title", "titles", multiple=True, help="A page title (repeatable).")
@click.option(
    "--category", "categories", multiple=True, help="A category whose articles to fetch (repeatable)."
)
@click.option("--depth", default=0, show_default=True, help="How many levels of subcategories to descend.")
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache of API answers [default: OUTPUT/.cache].",
)
@click.option("--cache-ttl", default=86400.0, show_default=True, help="Seconds a cached answer stays fresh.")
@click.option("--contact", envvar="YUEZHANG_CONTACT", help="Your e-mail or URL, sent in the User-Agent.")
@click.option(
    "--maxlag", default=5, show_default=True, help="Seconds of replication lag at which to back off."
)
def fetch(
    api: str,
    titles: tuple[str, ...],
    categories: tuple[str, ...],
    depth: int,
    out_dir: Path,
    cache_dir: Path | None,
    cache_ttl: float,
    contact: str | None,
    maxlag: int,
) -> None:
    """Fetch articles' current wikitext (with page and revision ids) through the MediaWiki Action API."""
    if not titles and not categories:
        raise click.UsageError("give at least one --title or --category")
    cache = cache_dir if cache_dir is not None else out_dir / ".cache"
    try:
        with ApiClient(api, cache_dir=cache, cache_ttl=cache_ttl, contact=contact, maxlag=maxlag) as client:
            result = fetch_into(client, out_dir, titles=titles, categories=categories, depth=depth)
    except FetchError as exc:
        raise click.ClickException(str(exc)) from exc
    for source, target in sorted(result.redirects.items()):
        click.echo(f"redirect: {source} -> {target}", err=True)
    for title in result.missing:
        click.echo(f"missing: {title}", err=True)
    click.echo(f"wrote {len(result.written)} articles to {out_dir} ({client.requests} requests)")
