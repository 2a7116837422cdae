"""Users: argon2 hashes, sign-in, deactivation."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.models import AppUser, AuditEvent
from tools.users import (
    UserExistsError,
    UserInputError,
    authenticate,
    create_user,
    deactivate_user,
    list_users,
)


def test_passwords_are_stored_as_argon2_hashes_and_checked(session: Session) -> None:
    user = create_user(session, email=" Pat@OurCo.example", name="Pat", role="collector", password="long-enough",
                       actor="admin@ourco.example")
    stored = session.scalars(select(AppUser.password_hash).where(AppUser.id == user.id)).one()
    assert stored.startswith("$argon2id$") and "long-enough" not in stored
    assert user.email == "pat@ourco.example"
    assert authenticate(session, email="PAT@ourco.example", password="long-enough") == user
    assert authenticate(session, email="pat@ourco.example", password="wrong-one") is None
    assert authenticate(session, email="nobody@ourco.example", password="long-enough") is None
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.created")).one()
    assert event.actor == "admin@ourco.example" and event.entity_id == str(user.id)


def test_bad_users_are_refused(session: Session) -> None:
    create_user(session, email="a@ourco.example", name="A", role="manager", password="long-enough")
    with pytest.raises(UserExistsError):
        create_user(session, email="A@ourco.example", name="A2", role="manager", password="long-enough")
    with pytest.raises(UserInputError, match="role"):
        create_user(session, email="b@ourco.example", name="B", role="owner", password="long-enough")
    with pytest.raises(UserInputError, match="at least 8"):
        create_user(session, email="c@ourco.example", name="C", role="auditor", password="short")


def test_deactivated_users_cannot_sign_in_but_stay_listed(session: Session) -> None:
    user = create_user(session, email="d@ourco.example", name="D", role="collector", password="long-enough")
    deactivate_user(session, user_id=user.id, actor="admin@ourco.example")
    assert authenticate(session, email="d@ourco.example", password="long-enough") is None
    assert [u.active for u in list_users(session) if u.id == user.id] == [False]
    assert user.id not in [u.id for u in list_users(session, include_inactive=False)]
