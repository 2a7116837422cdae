"""Guardrail rules: read, change (then re-check the queue), versions, dry run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AgentDep, Everyone, Manager, SessionDep, SessionFactoryDep, need_agent
from api.schemas.rules import DryRunChangeOut, DryRunIn, DryRunOut, RulesIn, RulesSavedOut
from tools.rule_history import RuleVersion, current_rule_version, list_rule_versions
from tools.rules import save_rule_set

router = APIRouter(prefix="/rules", tags=["rules"])


@router.get("", response_model=RuleVersion)
def current(user: Everyone, session: SessionDep) -> RuleVersion:
    """The rules in force and their version."""
    return current_rule_version(session)


@router.put("", response_model=RulesSavedOut)
def change(body: RulesIn, user: Manager, factory: SessionFactoryDep, agent: AgentDep) -> RulesSavedOut:
    """Save a new rule-set version (audited), then re-check the drafts waiting for review against it."""
    running = need_agent(agent)  # before saving: a change that cannot re-check the queue is not made
    # Committed before the re-check: the agent reads the rules through its own connections.
    with factory.begin() as session:
        version = save_rule_set(session, rules=body.rules.model_dump(mode="json"), actor=user.email, note=body.note)
    return RulesSavedOut(version=version, rechecked_drafts=running.refresh_queue(actor=user.email))


@router.get("/versions", response_model=list[RuleVersion])
def versions(user: Everyone, session: SessionDep,
             limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[RuleVersion]:
    """Stored rule sets, newest first."""
    return list_rule_versions(session, limit=limit)


@router.post("/dry-run", response_model=DryRunOut)
def dry_run(body: DryRunIn, user: Manager, agent: AgentDep) -> DryRunOut:
    """Which waiting drafts would change action, tier, checks or approval under these rules (nothing is saved)."""
    changes = need_agent(agent).dry_run(body.rules.model_dump(mode="json"), limit=body.limit)
    changed = [DryRunChangeOut(**c.model_dump(), changed=c.changed) for c in changes if c.changed]
    return DryRunOut(checked=len(changes), changed=len(changed), changes=changed)
