"""The FastAPI application: routers under /api, error mapping, and the handles it is given."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from api.errors import ERROR_RESPONSES, install_error_handlers
from api.routes import accounts, approvals, audit, auth, drafts, evals, health, metrics, outbox, rules, runs, users
from tools.agent_port import AgentPort
from tools.settings import Settings

ROUTERS = (auth, users, drafts, approvals, accounts, rules, metrics, audit, runs, outbox, evals, health)


def create_app(*, session_factory: sessionmaker[Session], agent: AgentPort | None, settings: Settings) -> FastAPI:
    """The API over this database and agent; the caller owns (and closes) both."""
    app = FastAPI(
        title="AR Copilot API",
        version="0.1.0",
        description="Review queue, accounts, guardrail rules, approvals, metrics and audit for AR collections. "
        "Sign in at POST /api/auth/login and send the token as `Authorization: Bearer …`.",
    )
    app.state.session_factory = session_factory
    app.state.agent = agent
    app.state.settings = settings
    install_error_handlers(app)
    for module in ROUTERS:
        app.include_router(module.router, prefix="/api", responses=ERROR_RESPONSES)
    return app
