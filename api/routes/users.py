"""Users (admins only)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from api.deps import Admin, RowId, SessionDep
from api.schemas.users import UserCreateIn
from tools.users import UserOut, create_user, deactivate_user, list_users

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=list[UserOut])
def users(user: Admin, session: SessionDep, include_inactive: bool = True) -> list[UserOut]:
    """Every user, by email."""
    return list_users(session, include_inactive=include_inactive)


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def add_user(body: UserCreateIn, user: Admin, session: SessionDep) -> UserOut:
    """Create a user with a role and a password."""
    return create_user(session, email=body.email, name=body.name, role=body.role, password=body.password,
                       timezone=body.timezone, actor=user.email)


@router.post("/{user_id}/deactivate", response_model=UserOut)
def deactivate(user_id: RowId, user: Admin, session: SessionDep) -> UserOut:
    """Stop a user from signing in; their tokens stop working at once."""
    if user_id == user.id:
        raise HTTPException(status.HTTP_409_CONFLICT, "you cannot deactivate yourself")
    return deactivate_user(session, user_id=user_id, actor=user.email)
