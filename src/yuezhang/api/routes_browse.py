"""Entities (polities, people, places) and the treaties they appear in; timeline, graph and map data.

Handlers that only look rows up by key are `async` (run on the event loop, no hop to a
thread); those that may scan (text filters, aggregates, search) are plain `def`, run on
the thread pool, so they never hold the loop up.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from yuezhang.api import schemas
from yuezhang.api.deps import VariantParam, get_conn, in_variant
from yuezhang.api.errors import ParamError
from yuezhang.api.filters import TreatyFilters, treaty_filters
from yuezhang.store import queries, search

router = APIRouter(prefix="/api")
Filters = Annotated[TreatyFilters, Depends(treaty_filters)]
ERRORS = {422: {"model": schemas.ErrorBody}, 404: {"model": schemas.ErrorBody}}


@router.get("/entities", tags=["entities"], responses={200: {"model": schemas.EntityList}, **ERRORS})
def list_entities(
    request: Request,
    kind: Literal["polity", "person", "place"] | None = None,
    q: Annotated[str | None, Query(max_length=queries.MAX_Q)] = None,
    limit: Annotated[int, Query(ge=0, le=queries.MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    variant: VariantParam = None,
) -> JSONResponse:
    """Entities whose name holds `q` (either script), those in most treaties first."""
    conn = get_conn(request)
    total, rows = queries.list_entities(conn, kind, q, limit, offset)
    return JSONResponse(
        in_variant({"total": total, "limit": limit, "offset": offset, "items": rows}, variant)
    )


@router.get("/entities/{entity_id}", tags=["entities"], responses={200: {"model": schemas.Entity}, **ERRORS})
async def get_entity(
    request: Request, entity_id: Annotated[int, Path(ge=1)], variant: VariantParam = None
) -> JSONResponse:
    """One entity and the treaties it appears in, with its role in each."""
    conn = get_conn(request)
    e = queries.get_entity(conn, entity_id)
    if e is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return JSONResponse(in_variant(e, variant))


@router.get("/timeline", tags=["views"], responses={200: {"model": schemas.Timeline}, **ERRORS})
def timeline(
    request: Request,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=5000)] = 2000,
    variant: VariantParam = None,
) -> JSONResponse:
    """Dated treaties in order of signing, with parties, for the timeline."""
    conn = get_conn(request)
    return JSONResponse(
        in_variant({"items": queries.timeline(conn, limit=limit, **filters.kwargs())}, variant)
    )


@router.get("/graph", tags=["views"], responses={200: {"model": schemas.Graph}, **ERRORS})
def graph(
    request: Request,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=2000, description="at most this many treaties")] = 500,
    variant: VariantParam = None,
) -> JSONResponse:
    """Treaties, parties and named agreements as nodes; party and relation edges between them."""
    conn = get_conn(request)
    return JSONResponse(in_variant(queries.graph(conn, limit=limit, **filters.kwargs()), variant))


@router.get("/places.geojson", tags=["views"], responses={422: {"model": schemas.ErrorBody}})
def places(request: Request, filters: Filters, variant: VariantParam = None) -> JSONResponse:
    """Signing places as GeoJSON points, each with the treaties signed there."""
    conn = get_conn(request)
    body = in_variant(queries.places_geojson(conn, **filters.kwargs()), variant)
    return JSONResponse(body, media_type="application/geo+json")


@router.get("/search", tags=["search"], responses={200: {"model": schemas.SearchResults}, **ERRORS})
def search_documents(
    request: Request,
    q: Annotated[
        str, Query(min_length=1, max_length=search.MAX_QUERY, description="words, in either script")
    ],
    limit: Annotated[int, Query(ge=0, le=queries.MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    variant: VariantParam = None,
) -> JSONResponse:
    """Documents whose title, aliases or text hold every word of `q` (條約 finds 条约), best first."""
    conn = get_conn(request)
    try:
        total = search.count(conn, q)
        hits = search.search(conn, q, limit, offset)
    except ValueError as e:
        raise ParamError("q", str(e)) from None
    items = [
        {
            "id": h.doc_id,
            "title": h.title,
            "path": h.path,
            "parts": _parts(h.snippet, h.marks),
            "start": h.start,
            "end": h.end,
        }
        for h in hits
    ]
    queries.annotate_records(conn, items)
    return JSONResponse(
        in_variant({"total": total, "limit": limit, "offset": offset, "items": items}, variant)
    )


def _parts(snippet: str, marks: list[tuple[int, int]]) -> list[dict[str, object]]:
    """The snippet as pieces, matched or not, so highlights survive conversion to another script."""
    out: list[dict[str, object]] = []
    pos = 0
    for s, e in marks:
        if s > pos:
            out.append({"text": snippet[pos:s], "mark": False})
        out.append({"text": snippet[s:e], "mark": True})
        pos = e
    if pos < len(snippet):
        out.append({"text": snippet[pos:], "mark": False})
    return out
