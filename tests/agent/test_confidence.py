"""The confidence score: a documented formula whose ordering properties hold for every input."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.checks.base import CheckResult
from agent.confidence import DEFAULT_WEIGHTS, ConfidenceInput, ConfidenceWeights, score_confidence

DOC = Path(__file__).resolve().parents[2] / "docs" / "confidence.md"
FALLBACK = "template (fallback from llm)"
UNSUPPORTED = CheckResult(
    rule="claims_supported_by_facts", severity="hard", passed=False, detail="amount 150.00 not in any fact"
)
APPROVAL_PENDING = CheckResult(
    rule="manager_approval", severity="hard", passed=False,
    detail="waiting for manager approval: final_notice always needs manager approval",
)  # fmt: skip
QUIET = CheckResult(rule="quiet_hours", severity="soft", passed=False, detail="will be scheduled for Monday")
WRONG_COUNT = CheckResult(
    rule="counts_supported_by_facts", severity="soft", passed=False, detail="count '7 days' not in any fact"
)


def passing(*rules: str) -> list[CheckResult]:
    return [CheckResult(rule=r, severity="hard", passed=True) for r in rules or ("forbidden_phrases",)]


def clean(**overrides: Any) -> ConfidenceInput:
    """An LLM reminder that passed every check, with fresh, complete data (the docs' example)."""
    values: dict[str, Any] = {
        "checks": passing("claims_supported_by_facts", "forbidden_phrases"), "drafter": "llm", "drafter_notes": [],
        "model_confidence": 0.9, "completeness": {"contact_name": True, "contact_email": True, "payment_history": True,
                                            "po_numbers": True, "contract_terms": True},
        "data_age_days": 3, "novelty": 0.2, "action": "send_reminder", "tier": "T2", "has_untrusted_inbound": False,
    }  # fmt: skip
    values.update(overrides)
    return ConfidenceInput(**values)


def score(inp: ConfidenceInput) -> float:
    return score_confidence(inp)[0]


def test_score_confidence_matches_the_documented_example() -> None:
    assert score(clean()) == 0.79
    value, reasons = score_confidence(clean(checks=[UNSUPPORTED]))
    assert value == 0.30
    assert reasons[0] == "−0.30: hard check failed: claims_supported_by_facts (amount 150.00 not in any fact)"
    assert reasons[-1].startswith("capped at 0.30")


def test_score_confidence_names_each_factor_and_its_effect() -> None:
    value, reasons = score_confidence(
        clean(
            drafter=FALLBACK,
            drafter_notes=["LLM drafter failed: timeout; used the template drafter"],
            model_confidence=None,
            novelty=None,
            data_age_days=120,
            completeness={"contact_name": False},
            action="final_notice",
            has_untrusted_inbound=True,
            checks=[WRONG_COUNT],
        )  # fmt: skip
    )
    assert reasons == [
        "0.80: base score",
        "−0.15: LLM drafter failed, a fallback drafted it (LLM drafter failed: timeout; used the template drafter)",
        "−0.05: soft check failed: counts_supported_by_facts (count '7 days' not in any fact)",
        "−0.05: no approved drafts yet to compare with",
        "−0.10: stale data: newest ledger event 120 days old",
        "−0.03: missing contact name",
        "−0.05: final_notice carries more weight, so it is reviewed more closely",
        "−0.05: inbound customer text is in the context (untrusted)",
    ]
    assert value == 0.32


def test_score_confidence_template_drafts_score_above_the_same_llm_draft_without_self_assessment() -> None:
    assert score(clean(drafter="template", model_confidence=None)) > score(clean(model_confidence=None))


def test_score_confidence_ignores_pending_approval_and_quiet_hours() -> None:
    base = score(clean())
    routed, reasons = score_confidence(clean(checks=[*clean().checks, APPROVAL_PENDING, QUIET]))
    assert routed == base
    assert any("manager_approval" in r and "routing step" in r for r in reasons)
    assert any(r.startswith("0.00: quiet_hours") for r in reasons)


def test_score_confidence_each_penalty_lowers_the_score() -> None:
    base = score(clean())
    assert score(clean(checks=[*clean().checks, WRONG_COUNT])) < base
    assert score(clean(novelty=0.9)) < base
    assert score(clean(data_age_days=45)) < base
    assert score(clean(data_age_days=None)) < base
    assert score(clean(completeness={**clean().completeness, "payment_history": False})) < base
    assert score(clean(action="write_off_review", tier="T5")) < base
    assert score(clean(has_untrusted_inbound=True)) < base
    assert score(clean(model_confidence=0.2)) < base


def test_score_confidence_caps_soft_failures_and_missing_fields() -> None:
    many_soft = [WRONG_COUNT.model_copy(update={"rule": f"soft_{i}"}) for i in range(10)]
    assert score(clean(checks=many_soft)) == score(clean(checks=many_soft[:3]))
    missing = {f"field_{i}": False for i in range(20)}
    assert round(score(clean()) - score(clean(completeness=missing)), 2) <= DEFAULT_WEIGHTS.missing_fields_max


def test_score_confidence_weights_can_be_recalibrated() -> None:
    strict = ConfidenceWeights(base=0.6, hard_failure_cap=0.1)
    assert score_confidence(clean(), strict)[0] < score(clean())
    assert score_confidence(clean(checks=[UNSUPPORTED]), strict)[0] <= 0.1


def test_docs_list_every_constant_with_its_default() -> None:
    doc = DOC.read_text()
    for item in dataclasses.fields(ConfidenceWeights):
        row = re.search(rf"^\| `{item.name}` \| (.+?) \|$", doc, re.MULTILINE)
        assert row, f"docs/confidence.md does not list {item.name}"
        default = getattr(DEFAULT_WEIGHTS, item.name)
        if isinstance(default, float):
            assert row.group(1) == f"{default:.2f}", item.name
        elif isinstance(default, int):
            assert row.group(1) == str(default), item.name
        else:
            names = default if isinstance(default, frozenset) else list(default)
            assert all(name in row.group(1) for name in names), item.name


# ---- properties ------------------------------------------------------------------------------------------

soft_checks = st.lists(
    st.builds(CheckResult, rule=st.sampled_from(["counts_supported_by_facts", "quiet_hours", "tone"]),
              severity=st.just("soft"), passed=st.booleans(), detail=st.text(max_size=20)),
    max_size=6,
)  # fmt: skip
hard_checks = st.lists(
    st.builds(CheckResult, rule=st.sampled_from(["claims_supported_by_facts", "forbidden_phrases",
                                                 "required_footer", "manager_approval"]),
              severity=st.just("hard"), passed=st.just(True)),
    max_size=4,
)  # fmt: skip
inputs = st.builds(
    ConfidenceInput,
    checks=st.builds(lambda s, h: [*s, *h], soft_checks, hard_checks),
    drafter=st.sampled_from(["llm", "template", FALLBACK]),
    drafter_notes=st.lists(st.text(max_size=30), max_size=2),
    model_confidence=st.none() | st.floats(0, 1),
    completeness=st.dictionaries(
        st.sampled_from(["contact_name", "contact_email", "payment_history", "po_numbers", "contract_terms", "x"]),
        st.booleans(),
    ),
    data_age_days=st.none() | st.integers(0, 400),
    novelty=st.none() | st.floats(0, 1),
    action=st.sampled_from(["send_reminder", "offer_payment_plan", "final_notice", "write_off_review", "call_task"]),
    tier=st.sampled_from([None, "pre_due", "T1", "T2", "T3", "T4", "T5"]),
    has_untrusted_inbound=st.booleans(),
)
failure = st.builds(
    CheckResult, rule=st.sampled_from(["claims_supported_by_facts", "no_disputed_invoice_demanded", "recipient_valid"]),
    severity=st.just("hard"), passed=st.just(False), detail=st.text(max_size=40),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(inputs)
def test_property_score_is_in_range_with_reasons(inp: ConfidenceInput) -> None:
    value, reasons = score_confidence(inp)
    assert 0.0 <= value <= 1.0 and value == round(value, 2)
    assert reasons and all(re.match(r"^([+−]?\d\.\d\d|capped at \d\.\d\d): \S", r) for r in reasons), reasons


@settings(max_examples=300, deadline=None)
@given(inputs, st.lists(failure, min_size=1, max_size=3))
def test_property_a_hard_failure_always_scores_lower(inp: ConfidenceInput, failures: list[CheckResult]) -> None:
    failing = inp.model_copy(update={"checks": [*inp.checks, *failures]})
    assert score(failing) < score(inp)
    assert score(failing) <= DEFAULT_WEIGHTS.hard_failure_cap
    assert any(r.startswith("−0.30: hard check failed") for r in score_confidence(failing)[1])


@settings(max_examples=300, deadline=None)
@given(inputs)
def test_property_a_fallback_never_scores_higher_than_the_llm_draft(inp: ConfidenceInput) -> None:
    as_llm = inp.model_copy(update={"drafter": "llm", "model_confidence": None})
    as_fallback = inp.model_copy(update={"drafter": FALLBACK, "model_confidence": None})
    assert score(as_fallback) <= score(as_llm)
    if score(as_llm) > DEFAULT_WEIGHTS.floor + DEFAULT_WEIGHTS.fallback_penalty and not any(
        c.severity == "hard" and not c.passed and c.rule != "manager_approval" for c in inp.checks
    ):
        assert score(as_fallback) < score(as_llm)


@settings(max_examples=200, deadline=None)
@given(inputs, st.floats(0, 1), st.floats(0, 1))
def test_property_more_novel_never_scores_higher(inp: ConfidenceInput, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert score(inp.model_copy(update={"novelty": high})) <= score(inp.model_copy(update={"novelty": low}))
