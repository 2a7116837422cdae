"""Building the agent from settings: the entry points' job, never the nodes'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from agent.context import AgentContext
from agent.drafters.base import Drafter
from agent.drafters.template import TemplateDrafter
from agent.risk import LedgerRiskEstimator, RiskEstimator, RulesRiskEstimator
from agent.service import AgentService
from cli.runtime import Runtime
from tools.db import plain_libpq_url
from tools.mailer import EmlFolderTransport, SmtpTransport, Transport
from tools.models import utcnow
from tools.settings import Settings


def make_drafter(settings: Settings) -> Drafter:
    """The LLM drafter when an endpoint is configured (falling back to templates), else templates."""
    template = TemplateDrafter()
    if not settings.llm_base_url:
        return template
    from agent.drafters.llm import LLMDrafter, make_openai_client

    client = make_openai_client(settings.llm_base_url, settings.llm_api_key.get_secret_value(),
                                settings.llm_timeout_seconds)
    return LLMDrafter(client, settings.llm_model, timeout=settings.llm_timeout_seconds,
                      max_retries=settings.llm_max_retries, fallback=template)


def make_transport(settings: Settings) -> Transport:
    """SMTP when a host is configured, else .eml files in the outbox folder."""
    if settings.smtp_host:
        return SmtpTransport(
            host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            starttls=settings.smtp_starttls,
        )
    return EmlFolderTransport(settings.outbox_dir, sender=settings.mail_from)


def make_risk_estimator(runtime: Runtime) -> RiskEstimator:
    """The model trained on the ledger when one is stored (`arcopilot model train`), else the rules fallback."""
    from sqlalchemy import func, select

    from tools.models import RiskModel

    with runtime.session_factory() as session:
        trained = bool(session.scalar(select(func.count()).select_from(RiskModel)))
    return LedgerRiskEstimator() if trained else RulesRiskEstimator()


def make_agent(
    runtime: Runtime, *, drafter: Drafter | None = None, clock: Callable[[], dt.datetime] | None = None,
    transport: Transport | None = None, with_embeddings: bool = True,
) -> AgentService:
    """The agent service over the runtime's database, with the configured drafter and transport."""
    settings = runtime.settings
    ctx = AgentContext(
        session_factory=runtime.session_factory,
        drafter=drafter or make_drafter(settings),
        embedder=runtime.embedder if with_embeddings else None,
        risk=make_risk_estimator(runtime),
        transport=transport or make_transport(settings),
        clock=clock or utcnow,
        company_name=settings.company_name,
        payment_instructions=settings.payment_instructions,
    )
    concurrency = settings.llm_concurrency if settings.llm_base_url else 2
    return AgentService(ctx, conninfo=plain_libpq_url(runtime.database_url), pool_size=max(4, concurrency + 1),
                        concurrency=concurrency)
