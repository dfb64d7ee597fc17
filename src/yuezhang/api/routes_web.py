"""The web page: its static files, the npm front-end libraries it uses, and its labels in either script."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from yuezhang.api.deps import VariantParam, in_variant

WEB = Path(__file__).resolve().parents[1] / "web"
STATIC = WEB / "static"
NODE_MODULES = WEB / "node_modules"

#: The only files served from node_modules (installed by `npm ci` in src/yuezhang/web).
VENDOR = {
    "d3.min.js": "d3/dist/d3.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-favicon.png": "swagger-ui-dist/favicon-32x32.png",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@router.get("/docs")
def docs() -> HTMLResponse:
    """The interactive API docs, with Swagger UI from node_modules instead of a CDN."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="yuezhang API",
        swagger_js_url="/vendor/swagger-ui-bundle.js",
        swagger_css_url="/vendor/swagger-ui.css",
        swagger_favicon_url="/vendor/swagger-favicon.png",
    )


@router.get("/vendor/{name}")
def vendor(name: str) -> FileResponse:
    """A front-end library file from node_modules; 503 when the web setup has not been run."""
    if name not in VENDOR:
        raise HTTPException(404, f"no vendor file {name!r}")
    path = NODE_MODULES / VENDOR[name]
    if not path.is_file():
        raise HTTPException(503, f"{name} is missing: run `make setup-web` (npm ci in src/yuezhang/web)")
    return FileResponse(path, headers={"Cache-Control": "max-age=3600"})


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return json.loads((STATIC / "labels.json").read_text(encoding="utf-8"))


@router.get("/api/labels", include_in_schema=True, tags=["web"])
def labels(variant: VariantParam = None) -> JSONResponse:
    """The page's own words (buttons, headings), converted like everything else."""
    return JSONResponse(in_variant(_labels(), variant))
