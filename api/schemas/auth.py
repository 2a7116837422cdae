"""Signing in."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from api.schemas.common import NO_NUL, Email
from tools.users import UserOut

Password = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NO_NUL)]


class LoginIn(BaseModel):
    """Email and password (also accepted as a form with `username` or `email`)."""

    email: Email
    password: Password


class TokenOut(BaseModel):
    """A bearer token for the Authorization header, and who it belongs to."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int  # seconds
    user: UserOut
