"""Review outcomes from the database: how often collectors approve drafts untouched, how much they edit,
why they reject, how long a decision takes, and whether the agent's confidence predicts approve-without-edit.

A draft is *approved without edit* when it has an `approve` review and no `edit` review. Calibration is
measured over decided drafts (approved or rejected); pending and snoozed drafts have no outcome yet.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.confidence import DEFAULT_WEIGHTS, ConfidenceWeights
from evals.calibration import (
    IsotonicStep,
    Pair,
    PlattMap,
    ReliabilityBin,
    brier_score,
    cross_validated_brier,
    expected_calibration_error,
    fit_isotonic,
    fit_platt,
    reliability_table,
)
from tools.models import Draft, Review

# Below this many decided drafts a recalibration is noise; the suggestion says so and changes nothing.
MIN_DECISIONS = 30
DECIDING = ("approve", "reject")


class DraftOutcome(BaseModel):
    """One draft and what people did with it."""

    draft_id: int
    action: str
    tier: str | None
    confidence: float
    created_at: dt.datetime
    decided_at: dt.datetime | None  # the first approve or reject review
    approved: bool
    rejected: bool
    edited: bool
    edit_distance: int | None  # of the last edit (edits are measured from the original text)
    reject_reason: str | None

    @property
    def decided(self) -> bool:
        """Approved or rejected (the outcome calibration is measured on)."""
        return self.approved or self.rejected

    @property
    def approved_without_edit(self) -> bool:
        """Approved and never edited."""
        return self.approved and not self.edited


class RejectReason(BaseModel):
    """How often drafts of one tier and action were rejected for one reason."""

    tier: str
    action: str
    reason: str
    count: int


class Distribution(BaseModel):
    """Mean, median and 90th percentile of a quantity, with how many values it is over."""

    count: int
    mean: float | None = None
    median: float | None = None
    p90: float | None = None


class Recalibration(BaseModel):
    """A suggested correction of the confidence score, and the evidence for it."""

    decisions: int
    enough_data: bool
    mean_confidence: float | None
    observed_rate: float | None
    base_shift: float | None  # add to ConfidenceWeights.base to centre the score on the observed rate
    suggested_base: float | None
    isotonic: list[IsotonicStep] = Field(default_factory=list)
    platt: PlattMap | None = None
    brier_raw: float | None = None
    brier_isotonic_cv: float | None = None  # cross-validated: fitted on 4/5, scored on the other 1/5
    brier_platt_cv: float | None = None
    recommendation: str = ""


class OutcomeReport(BaseModel):
    """Everything `arcopilot eval outcomes` prints."""

    drafts: int
    decided: int
    approved: int
    rejected: int
    approved_without_edit: int
    approve_without_edit_rate: float | None  # of approved drafts (as the manager metrics count it)
    approve_without_edit_share_of_decided: float | None  # the calibration target's base rate
    edit_distance: Distribution
    time_to_decision_hours: Distribution
    reject_reasons: list[RejectReason]
    reliability: list[ReliabilityBin]
    brier: float | None
    expected_calibration_error: float | None
    recalibration: Recalibration


def load_outcomes(session: Session) -> list[DraftOutcome]:
    """Every draft with its reviews folded into one outcome, oldest draft first."""
    reviews: dict[int, list[Review]] = defaultdict(list)
    for review in session.scalars(select(Review).order_by(Review.at, Review.id)):
        reviews[review.draft_id].append(review)
    outcomes = []
    for draft in session.scalars(select(Draft).order_by(Draft.id)):
        own = reviews.get(draft.id, [])
        decisions = [r for r in own if r.decision in DECIDING]
        edits = [r for r in own if r.decision == "edit"]
        rejects = [r for r in own if r.decision == "reject"]
        outcomes.append(DraftOutcome(
            draft_id=draft.id, action=draft.action, tier=draft.tier, confidence=float(draft.confidence),
            created_at=draft.created_at, decided_at=decisions[0].at if decisions else None,
            approved=any(r.decision == "approve" for r in own), rejected=bool(rejects), edited=bool(edits),
            edit_distance=next((r.edit_distance for r in reversed(edits) if r.edit_distance is not None), None),
            reject_reason=(rejects[-1].reason_code or "unspecified") if rejects else None,
        ))
    return outcomes


def _distribution(values: Sequence[float]) -> Distribution:
    if not values:
        return Distribution(count=0)
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)]
    return Distribution(count=len(values), mean=round(statistics.fmean(values), 2),
                        median=round(statistics.median(values), 2), p90=round(p90, 2))


def suggest_recalibration(pairs: Sequence[Pair], weights: ConfidenceWeights = DEFAULT_WEIGHTS) -> Recalibration:
    """Fit isotonic and Platt maps from raw confidence to observed approve-without-edit, and the `base` shift
    that would centre the formula on the observed rate; recommend the map with the lower cross-validated Brier."""
    n = len(pairs)
    if not n:
        return Recalibration(decisions=0, enough_data=False, mean_confidence=None, observed_rate=None,
                             base_shift=None, suggested_base=None,
                             recommendation="no decided drafts yet; keep the constants")
    mean_conf = sum(c for c, _ in pairs) / n
    observed = sum(y for _, y in pairs) / n
    shift = observed - mean_conf
    result = Recalibration(
        decisions=n, enough_data=n >= MIN_DECISIONS, mean_confidence=round(mean_conf, 4),
        observed_rate=round(observed, 4), base_shift=round(shift, 4),
        suggested_base=round(min(1.0, max(0.0, weights.base + shift)), 2),
        isotonic=fit_isotonic(pairs), platt=fit_platt(pairs), brier_raw=brier_score(pairs),
        brier_isotonic_cv=cross_validated_brier(pairs, "isotonic"),
        brier_platt_cv=cross_validated_brier(pairs, "platt"),
    )
    result.recommendation = _recommend(result)
    return result


def _recommend(r: Recalibration) -> str:
    if not r.enough_data:
        return (f"only {r.decisions} decided drafts (need {MIN_DECISIONS}); keep the constants and look again later")
    candidates = {"isotonic": r.brier_isotonic_cv, "platt": r.brier_platt_cv}
    best = min((m for m in candidates if candidates[m] is not None), key=lambda m: candidates[m] or 1.0,
               default=None)
    if best is None or r.brier_raw is None or (candidates[best] or 1.0) >= r.brier_raw:
        return (f"the raw score is as good as either map (Brier {r.brier_raw}); at most move `base` by "
                f"{r.base_shift:+.2f} to {r.suggested_base}")
    return (f"apply the {best} map (cross-validated Brier {candidates[best]} vs raw {r.brier_raw}); "
            f"or, for a one-constant change, set `base` to {r.suggested_base} ({r.base_shift:+.2f})")


def outcome_report(outcomes: Sequence[DraftOutcome], weights: ConfidenceWeights = DEFAULT_WEIGHTS) -> OutcomeReport:
    """Aggregate draft outcomes into the review-quality and calibration report."""
    decided = [o for o in outcomes if o.decided]
    approved = [o for o in outcomes if o.approved]
    clean = [o for o in approved if not o.edited]
    reasons = Counter((o.tier or "none", o.action, o.reject_reason or "unspecified") for o in outcomes if o.rejected)
    hours = [(o.decided_at - o.created_at).total_seconds() / 3600 for o in decided if o.decided_at is not None]
    pairs: list[Pair] = [(o.confidence, o.approved_without_edit) for o in decided]
    return OutcomeReport(
        drafts=len(outcomes), decided=len(decided), approved=len(approved),
        rejected=sum(o.rejected for o in outcomes), approved_without_edit=len(clean),
        approve_without_edit_rate=round(len(clean) / len(approved), 4) if approved else None,
        approve_without_edit_share_of_decided=round(sum(y for _, y in pairs) / len(pairs), 4) if pairs else None,
        edit_distance=_distribution([float(o.edit_distance) for o in outcomes if o.edit_distance is not None]),
        time_to_decision_hours=_distribution(hours),
        reject_reasons=[RejectReason(tier=t, action=a, reason=r, count=n)
                        for (t, a, r), n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))],
        reliability=reliability_table(pairs), brier=brier_score(pairs),
        expected_calibration_error=expected_calibration_error(pairs),
        recalibration=suggest_recalibration(pairs, weights),
    )
