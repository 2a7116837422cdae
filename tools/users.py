"""People who sign in: accounts, roles and argon2 password hashes."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tools.audit import record_event
from tools.models import AppUser

Role = Literal["collector", "manager", "admin", "auditor"]
ROLES: tuple[str, ...] = get_args(Role)
MIN_PASSWORD_LENGTH = 8

# Hashing lives here, not in api/: the CLI's `users add` and the API's login both need it,
# and tools/ is the layer both may import.
_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("arcopilot-timing-equaliser")


class UserOut(BaseModel):
    """A user as the API shows it (never the hash)."""

    id: int
    email: str
    name: str
    role: Role
    active: bool
    timezone: str
    created_at: dt.datetime


class UserExistsError(ValueError):
    """A user with that email already exists."""


class UserNotFoundError(LookupError):
    """No user with that id."""


class UserInputError(ValueError):
    """A user that cannot be created as asked (bad role, short password)."""


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding blanks."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def _out(user: AppUser) -> UserOut:
    return UserOut(id=user.id, email=user.email, name=user.name, role=user.role,
                   active=user.active, timezone=user.timezone, created_at=user.created_at)


def create_user(
    session: Session, *, email: str, name: str, role: str, password: str, timezone: str = "UTC",
    actor: str = "system",
) -> UserOut:
    """Add a user with an argon2-hashed password; audited."""
    email = normalise_email(email)
    if role not in ROLES:
        raise UserInputError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserInputError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if "@" not in email:
        raise UserInputError("email must contain @")
    if session.scalar(select(func.count()).where(AppUser.email == email)):
        raise UserExistsError(f"a user with email {email} already exists")
    user = AppUser(email=email, name=name.strip() or email, role=role, password_hash=hash_password(password),
                   active=True, timezone=timezone)
    session.add(user)
    session.flush()
    record_event(session, actor=actor, action="user.created", entity_type="app_user", entity_id=str(user.id),
                 detail={"email": email, "role": role})
    return _out(user)


def authenticate(session: Session, *, email: str, password: str) -> UserOut | None:
    """The active user with this email and password, or None; upgrades an outdated hash in place."""
    user = session.scalars(select(AppUser).where(AppUser.email == normalise_email(email))).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return _out(user)


def get_user(session: Session, *, user_id: int) -> UserOut:
    """One user by id."""
    user = session.get(AppUser, user_id)
    if user is None:
        raise UserNotFoundError(f"no user with id {user_id}")
    return _out(user)


def find_user(session: Session, *, email: str) -> UserOut | None:
    """The user with this email, if any."""
    user = session.scalars(select(AppUser).where(AppUser.email == normalise_email(email))).first()
    return _out(user) if user else None


def list_users(session: Session, *, include_inactive: bool = True) -> list[UserOut]:
    """Users by email."""
    query = select(AppUser).order_by(AppUser.email)
    if not include_inactive:
        query = query.where(AppUser.active.is_(True))
    return [_out(u) for u in session.scalars(query)]


def deactivate_user(session: Session, *, user_id: int, actor: str) -> UserOut:
    """Stop a user from signing in (their history stays); audited."""
    user = session.get(AppUser, user_id)
    if user is None:
        raise UserNotFoundError(f"no user with id {user_id}")
    if user.active:
        user.active = False
        record_event(session, actor=actor, action="user.deactivated", entity_type="app_user",
                     entity_id=str(user.id), detail={"email": user.email})
        session.flush()
    return _out(user)
