"""The FastAPI application: JSON API under /api, the web page at /, served from one SQLite store."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from yuezhang.api import errors, reconcile, routes_browse, routes_treaties, routes_web
from yuezhang.api.cache import ResponseCache
from yuezhang.api.timing import ServerTiming

#: Worker threads for the plain-`def` handlers. They hold the GIL for most of their work, so
#: many threads on two cores only take turns; a few keep the pool busy with less switching.
THREADS = int(os.environ.get("YUEZHANG_THREADS", "4"))


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


def create_app(db_path: str | Path, cache: bool | None = None) -> FastAPI:
    """An app serving the store at `db_path`, read-only; `cache` answers repeated requests from memory.

    `cache=None` reads $YUEZHANG_CACHE ("0" turns it off), so `yuezhang serve` can tell its workers.
    """
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"no knowledge base at {path}: run `yuezhang build` first")
    app = FastAPI(
        lifespan=_lifespan,
        title="yuezhang 约章",
        summary="A treaty knowledge base: every fact with its evidence.",
        version="0.1.0",
        docs_url=None,  # served by routes_web with local assets
        redoc_url=None,
    )
    app.state.db_path = str(path.resolve())
    errors.install(app)
    app.include_router(routes_treaties.router)
    app.include_router(routes_browse.router)
    app.include_router(routes_web.router)
    app.include_router(reconcile.router)
    app.mount("/static", StaticFiles(directory=routes_web.STATIC), name="static")
    if cache if cache is not None else os.environ.get("YUEZHANG_CACHE", "1") != "0":
        app.add_middleware(ResponseCache, db_path=app.state.db_path)
    app.add_middleware(ServerTiming)  # outermost: cache hits are timed too
    return app


def app_from_env() -> FastAPI:
    """The app for the store named by $YUEZHANG_DB (how `yuezhang serve` hands it to its workers)."""
    return create_app(os.environ["YUEZHANG_DB"])
