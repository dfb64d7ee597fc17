"""Error answers that say which parameter was wrong and why, as JSON."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException


class ParamError(Exception):
    """A request parameter that passed type checks but makes no sense (a bad date, span ...)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


def _body(status: int, error: str, parameters: list[dict[str, str]] | None = None) -> JSONResponse:
    content: dict[str, object] = {"error": error}
    if parameters is not None:
        content["parameters"] = parameters
    return JSONResponse(content, status_code=status)


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    params = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ())]
        params.append(
            {"parameter": loc[-1] if loc else "", "in": loc[0] if loc else "", "message": e.get("msg", "")}
        )
    return _body(422, "invalid parameter", params)


async def _param(_: Request, exc: ParamError) -> JSONResponse:
    return _body(
        422, "invalid parameter", [{"parameter": exc.parameter, "in": "query", "message": exc.message}]
    )


async def _http(_: Request, exc: HTTPException) -> JSONResponse:
    return _body(exc.status_code, str(exc.detail))


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ParamError, _param)
    app.add_exception_handler(HTTPException, _http)
