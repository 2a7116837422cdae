"""Signing in, and who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.deps import Everyone, SessionDep, SettingsDep
from api.errors import ErrorOut
from api.schemas.auth import LoginIn, TokenOut
from api.security import create_access_token
from tools.users import UserOut, authenticate

router = APIRouter(tags=["auth"])

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The body is parsed by hand (JSON or form), so it is described here for the OpenAPI document.
LOGIN_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": LoginIn.model_json_schema()},
    "application/x-www-form-urlencoded": {"schema": {
        "type": "object", "required": ["username", "password"],
        "properties": {"username": {"type": "string", "description": "the email"},
                       "password": {"type": "string"}},
    }},
}}}


async def login_credentials(request: Request) -> LoginIn:
    """Email and password from a JSON body, or from an OAuth2 password form (`username` is the email)."""
    content_type = request.headers.get("content-type", "")
    raw: Any
    if content_type.startswith(FORM_TYPES):
        form = await request.form()
        email, password = form.get("username") or form.get("email"), form.get("password")
        raw = {k: v for k, v in (("email", email), ("password", password)) if isinstance(v, str)}
    else:
        try:
            raw = await request.json()
        except ValueError as exc:
            raise HTTPException(422,
                                "send JSON {email, password} or a form with username and password") from exc
    try:
        return LoginIn.model_validate(raw)
    except ValidationError as exc:
        raise RequestValidationError(
            [{"loc": ("body", *e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        ) from exc


@router.post("/auth/login", response_model=TokenOut, openapi_extra=LOGIN_BODY,
             responses={401: {"model": ErrorOut, "description": "wrong email or password, or a deactivated user"}})
def login(credentials: Annotated[LoginIn, Depends(login_credentials)], session: SessionDep,
          settings: SettingsDep) -> TokenOut:
    """Exchange an email and password for a bearer token."""
    user = authenticate(session, email=credentials.email, password=credentials.password)
    if user is None:
        # One message for unknown email, wrong password and deactivated user: nothing to probe.
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "incorrect email or password",
                            headers={"WWW-Authenticate": "Bearer"})
    token = create_access_token(user, secret=settings.jwt_secret.get_secret_value(),
                                ttl_minutes=settings.token_ttl_minutes)
    return TokenOut(access_token=token, expires_in=settings.token_ttl_minutes * 60, user=user)


@router.get("/me", response_model=UserOut)
def me(user: Everyone) -> UserOut:
    """The signed-in user."""
    return user
