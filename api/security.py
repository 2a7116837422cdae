"""Bearer tokens: short-lived HS256 JWTs naming the user. Password hashing is tools.users' (argon2)."""

from __future__ import annotations

import datetime as dt

import jwt

from tools.users import UserOut

ALGORITHM = "HS256"
ISSUER = "arcopilot"


class InvalidToken(Exception):
    """A token that is malformed, forged or expired."""


def create_access_token(user: UserOut, *, secret: str, ttl_minutes: int, now: dt.datetime | None = None) -> str:
    """A signed token for this user, valid for `ttl_minutes`."""
    issued = now or dt.datetime.now(dt.UTC)
    claims = {"sub": str(user.id), "email": user.email, "role": user.role, "iss": ISSUER,
              "iat": issued, "exp": issued + dt.timedelta(minutes=ttl_minutes)}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def user_id_from_token(token: str, *, secret: str) -> int:
    """The user id a valid token names."""
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER,
                            options={"require": ["sub", "exp", "iss"]})
        return int(claims["sub"])
    except (jwt.PyJWTError, ValueError) as exc:
        raise InvalidToken(str(exc)) from exc
