"""Domain errors to HTTP: every error answers JSON {"detail": "..."}; bad input is 4xx, never 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, IntegrityError

from tools.accounts import UnknownCustomerError
from tools.activities import ActivityConflict, ActivityError, DisputeNotFoundError
from tools.agent_port import DecisionRefused
from tools.drafts import DraftNotFoundError
from tools.review_queue import ReassignError, ReassignRefused
from tools.rules import RuleValidationError
from tools.runs import RunNotFoundError
from tools.users import UserExistsError, UserInputError, UserNotFoundError

log = logging.getLogger(__name__)


class ErrorOut(BaseModel):
    """Every error answer."""

    detail: str


class FieldError(BaseModel):
    field: str  # where: "body.rules.cadence.0.tone", "query.limit", "path.draft_id"
    message: str


class ValidationErrorOut(BaseModel):
    """A 422: the summary in `detail`, one entry per bad field in `errors`."""

    detail: str
    errors: list[FieldError] = []


# Documented on every route, so clients (and schemathesis) know each answer's shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "the body is not parseable (not JSON, not UTF-8)"},
    401: {"model": ErrorOut, "description": "not signed in, or the token is invalid or expired"},
    403: {"model": ErrorOut, "description": "the caller's role may not do this"},
    404: {"model": ErrorOut, "description": "no such row"},
    409: {"model": ErrorOut, "description": "conflicts with the current state"},
    422: {"model": ValidationErrorOut, "description": "invalid input, with field paths"},
    503: {"model": ErrorOut, "description": "the agent (or the database) is not available"},
}

STATUS_FOR: dict[type[Exception], int] = {
    DraftNotFoundError: 404,
    UnknownCustomerError: 404,
    DisputeNotFoundError: 404,
    UserNotFoundError: 404,
    RunNotFoundError: 404,
    ActivityError: 422,
    UserInputError: 422,
    ActivityConflict: 409,
    UserExistsError: 409,
    ReassignError: 409,
    ReassignRefused: 403,
}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    # "body"/"query"/"path" say where; the rest is the field path a form can highlight.
    return ".".join(str(part) for part in loc)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": _field(e.get("loc", ())), "message": str(e.get("msg", "invalid"))} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
    return JSONResponse({"detail": detail, "errors": errors}, status_code=422)


async def _rules(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RuleValidationError)
    errors = [{"field": "body.rules." + p.split(":", 1)[0], "message": p.split(":", 1)[-1].strip()}
              for p in exc.problems]
    return JSONResponse({"detail": str(exc), "errors": errors}, status_code=422)


async def _refused(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DecisionRefused)
    return JSONResponse({"detail": str(exc)}, status_code=exc.status_code)


def _mapped(status_code: int) -> Any:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status_code)

    return handler


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    # A value the schema let through but Postgres refuses (a NUL byte, an out-of-range number).
    log.info("database refused a value on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"detail": "a value is malformed or out of range"}, status_code=422)


async def _integrity(request: Request, exc: Exception) -> JSONResponse:
    log.info("integrity error on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"detail": "this conflicts with existing data"}, status_code=409)


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping of domain and input errors to HTTP answers."""
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(RuleValidationError, _rules)
    app.add_exception_handler(DecisionRefused, _refused)
    for error, status_code in STATUS_FOR.items():
        app.add_exception_handler(error, _mapped(status_code))
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(IntegrityError, _integrity)
