"""`yuezhang serve`: the API and web page over a built knowledge base."""

from __future__ import annotations

import os
from pathlib import Path

import click

DEFAULT_DB = "yuezhang.db"


@click.command()
@click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    envvar="YUEZHANG_DB",
    help="the knowledge base built by `yuezhang build` [env YUEZHANG_DB]",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="server processes")
@click.option(
    "--cache/--no-cache", default=True, show_default=True, help="answer repeated API requests from memory"
)
def serve(db_path: str, host: str, port: int, workers: int, cache: bool) -> None:
    """Serve the knowledge base read-only: JSON API under /api, web page at /."""
    import uvicorn

    from yuezhang.store import db

    if not Path(db_path).is_file():
        raise click.ClickException(f"no knowledge base at {db_path}: run `yuezhang build` first")
    try:  # refuse now, not on every request, a store of another schema version
        db.connect(db_path, readonly=True).close()
    except db.StoreError as e:
        raise click.ClickException(str(e)) from None
    # Workers are separate processes: they find the store through the environment.
    os.environ["YUEZHANG_DB"] = str(Path(db_path).resolve())
    os.environ["YUEZHANG_CACHE"] = "1" if cache else "0"
    click.echo(f"serving {db_path} at http://{host}:{port}/", err=True)
    uvicorn.run(
        "yuezhang.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
