"""Request dependencies: one transaction per request, the signed-in user, role guards, the agent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session, sessionmaker

from api.security import InvalidToken, user_id_from_token
from tools.agent_port import AgentPort
from tools.settings import Settings
from tools.users import UserNotFoundError, UserOut, get_user

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/login", auto_error=False)

# Role groups, so each route names who may call it in one word.
EVERYONE = ("collector", "manager", "admin", "auditor")
REVIEWERS = ("collector", "manager", "admin")
MANAGERS = ("manager", "admin")
AUDITORS = ("auditor", "admin")
ADMINS = ("admin",)
OVERSEERS = ("manager", "admin", "auditor")

# Postgres integer ids: larger values would be a database error, not a 404.
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def get_session_factory(request: Request) -> sessionmaker[Session]:
    return request.app.state.session_factory  # type: ignore[no-any-return]


def get_session(request: Request) -> Iterator[Session]:
    """The request's transaction: committed when the route returns, rolled back if it raises."""
    with get_session_factory(request).begin() as session:
        yield session


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


# scope="function": commit before the response is sent, so a client never reads ahead of its own write.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]


def _unauthorised(message: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"})


def current_user(session: SessionDep, settings: SettingsDep,
                 token: Annotated[str | None, Depends(oauth2)]) -> UserOut:
    """The active user the bearer token names; the role is read from the database, not the token."""
    if not token:
        raise _unauthorised("not signed in: send a bearer token from POST /api/auth/login")
    try:
        user = get_user(session, user_id=user_id_from_token(token, secret=settings.jwt_secret.get_secret_value()))
    except (InvalidToken, UserNotFoundError) as exc:
        raise _unauthorised("invalid or expired token") from exc
    if not user.active:
        raise _unauthorised("this user is deactivated")
    return user


def require(*roles: str) -> Callable[..., UserOut]:
    """A dependency that lets only these roles through (403 for the others)."""

    def guard(user: Annotated[UserOut, Depends(current_user)]) -> UserOut:
        if user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                f"role {user.role} may not do this (allowed: {', '.join(roles)})")
        return user

    return guard


def optional_agent(request: Request) -> AgentPort | None:
    return request.app.state.agent  # type: ignore[no-any-return]


def need_agent(agent: AgentPort | None) -> AgentPort:
    """The agent, or 503 when this server runs without one. Called inside routes, after the body is
    validated, so bad input is a 422 whether or not the agent runs."""
    if agent is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                            "the agent is not running in this server; start it with `arcopilot serve-api`")
    return agent


AgentDep = Annotated[AgentPort | None, Depends(optional_agent)]
Everyone = Annotated[UserOut, Depends(require(*EVERYONE))]
Reviewer = Annotated[UserOut, Depends(require(*REVIEWERS))]
Manager = Annotated[UserOut, Depends(require(*MANAGERS))]
Auditor = Annotated[UserOut, Depends(require(*AUDITORS))]
Admin = Annotated[UserOut, Depends(require(*ADMINS))]
Overseer = Annotated[UserOut, Depends(require(*OVERSEERS))]
