"""Managing users (admins only)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, StringConstraints

from api.schemas.common import NO_NUL, Email, Name
from tools.users import MIN_PASSWORD_LENGTH, Role


class UserCreateIn(BaseModel):
    email: Email
    name: Name
    role: Role
    password: Annotated[str, StringConstraints(min_length=MIN_PASSWORD_LENGTH, max_length=200, pattern=NO_NUL)]
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_+\-/]+$")] = "UTC"
