"""Past versions of the guardrail rules, for the rules page and the audit trail."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.models import RuleSet
from tools.rules import Rules, default_rules


class RuleVersion(BaseModel):
    """One stored rule set; version 0 stands for the built-in defaults before any change."""

    version: int
    created_by: str
    created_at: dt.datetime | None
    note: str | None
    rules: Rules


def current_rule_version(session: Session) -> RuleVersion:
    """The rule set in force, with who saved it and when."""
    row = session.scalars(select(RuleSet).order_by(RuleSet.version.desc()).limit(1)).first()
    if row is None:
        return RuleVersion(version=0, created_by="system", created_at=None, note="built-in defaults",
                           rules=default_rules())
    return RuleVersion(version=row.version, created_by=row.created_by, created_at=row.created_at, note=row.note,
                       rules=Rules.model_validate(row.rules))


def list_rule_versions(session: Session, *, limit: int = 50) -> list[RuleVersion]:
    """Stored rule sets, newest first."""
    rows = session.scalars(select(RuleSet).order_by(RuleSet.version.desc()).limit(limit))
    return [RuleVersion(version=r.version, created_by=r.created_by, created_at=r.created_at, note=r.note,
                        rules=Rules.model_validate(r.rules)) for r in rows]
