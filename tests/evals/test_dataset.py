"""The eval dataset (evals/datasets/scenarios): every file valid, ids sane, coverage complete, and each
expectation consistent with its own scenario and with docs/collections-policy.md."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tools.scenario_format import Scenario, load_scenario

REPO = Path(__file__).resolve().parents[2]
DATASET = REPO / "evals" / "datasets"
SCENARIO_DIR = DATASET / "scenarios"
FILES = sorted(SCENARIO_DIR.glob("*.json"))

ACTIONS = {
    "send_reminder",
    "offer_payment_plan",
    "call_task",
    "route_dispute",
    "final_notice",
    "write_off_review",
    "escalate_to_manager",
    "no_action",
}
TIERS = {"pre_due", "T1", "T2", "T3", "T4", "T5"}
SEGMENTS = {"standard", "strategic", "small_business", "high_risk", "government"}
CUSTOMER_FACING = {"send_reminder", "offer_payment_plan", "final_notice"}
INTERNAL = {"call_task", "route_dispute", "escalate_to_manager", "write_off_review"}
TIER_DAYS = {"T1": (1, 7), "T2": (8, 30), "T3": (31, 60), "T4": (61, 90), "T5": (91, 10**6)}
TIER_TONE = {
    "pre_due": "friendly",
    "T1": "friendly",
    "T2": "neutral",
    "T3": "firm",
    "T4": "formal",
    "T5": "formal",
}
TIER_RANK = {"pre_due": 0, "T1": 1, "T2": 2, "T3": 3, "T4": 4, "T5": 5}
CONTACT_CHANNELS = {"email", "phone", "letter", "sms"}
AMOUNT_LIKE = re.compile(r"^\d[\d,]*\.\d{2}$")
MONEY_KEYS = {"amount", "balance"}


def _load_all() -> list[tuple[Path, Scenario]]:
    return [(path, load_scenario(path)) for path in FILES]


SCENARIOS = _load_all()


def _ids() -> list[str]:
    return [path.stem for path, _ in SCENARIOS]


# -- policy facts derived from a scenario -------------------------------------------------------------


def _today(s: Scenario) -> dt.date:
    return s.as_of.astimezone(ZoneInfo(s.customer.timezone)).date()


def _open(s: Scenario) -> list:
    return [inv for inv in s.invoices if inv.balance > 0]


def _dpd(s: Scenario, inv) -> int:
    return (_today(s) - inv.due_date).days


def _open_disputed(s: Scenario) -> set[str]:
    return {d.invoice for d in s.disputes if d.status == "open"}


def _overdue(s: Scenario) -> list:
    return [inv for inv in _open(s) if _dpd(s, inv) >= 1]


def _undisputed_overdue(s: Scenario) -> list:
    disputed = _open_disputed(s)
    return sorted((inv for inv in _overdue(s) if inv.number not in disputed), key=lambda inv: inv.due_date)


def _rule(s: Scenario, key: str, default):
    return s.rules.get(key, default)


def _fmt(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _predicted_late(s: Scenario) -> bool:
    """Dataset convention for 'predicted late': 8+ paid invoices, 75%+ of them paid 10+ days late."""
    paid = [inv for inv in s.invoices if inv.paid_date is not None]
    late = [inv for inv in paid if (inv.paid_date - inv.due_date).days >= 10]
    return len(paid) >= 8 and len(late) >= 0.75 * len(paid)


def _in_pre_due_window(s: Scenario) -> list:
    earliest, latest = _rule(s, "pre_due_window_days", [7, 3])
    return [inv for inv in _open(s) if latest <= -_dpd(s, inv) <= earliest]


def _pending_promise(s: Scenario) -> bool:
    overdue = {inv.number for inv in _undisputed_overdue(s)}
    for p in s.promises:
        if p.status == "pending" and p.promised_date >= _today(s):
            if not p.invoices or overdue <= set(p.invoices):
                return True
    return False


def _broken_promises(s: Scenario) -> int:
    return sum(
        1
        for p in s.promises
        if p.status == "broken" or (p.status == "pending" and p.promised_date < _today(s))
    )


def _contacted_too_recently(s: Scenario) -> bool:
    outbound = [c.at for c in s.communications if c.direction == "outbound" and c.channel in CONTACT_CHANNELS]
    if not outbound:
        return False
    min_gap = dt.timedelta(days=_rule(s, "min_days_between_contacts", 5))
    per_week = _rule(s, "max_contacts_per_week", 2)
    if s.as_of - max(outbound) < min_gap:
        return True
    return sum(1 for at in outbound if s.as_of - at < dt.timedelta(days=7)) >= per_week


def _reachable(s: Scenario) -> list:
    return [c for c in s.contacts if c.email and not c.opted_out]


def _policy_recipient(s: Scenario) -> str | None:
    reachable = _reachable(s)
    for pick in (
        lambda c: c.primary,
        lambda c: c.role == "billing",
        lambda c: c.role == "ap",
        lambda c: True,
    ):
        for c in reachable:
            if pick(c):
                return c.email
    return None


def _skip_conditions(s: Scenario) -> dict[str, bool]:
    """The policy's no_action steps (1, 2, 3, 5, 6, 7) as booleans."""
    return {
        "excluded": s.customer.automation_excluded,
        "nothing_open": not _open(s),
        "nothing_overdue": bool(_open(s)) and not _overdue(s),
        "promise_pending": _pending_promise(s),
        "contacted_too_recently": _contacted_too_recently(s),
        "no_reachable_contact": not _reachable(s),
    }


# -- loading and ids ----------------------------------------------------------------------------------


def test_dataset_is_large_enough() -> None:
    assert len(FILES) >= 60


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_loads(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.expect is not None, "every eval scenario states what a good collector expects"


def test_ids_unique_and_match_file_names() -> None:
    ids = [s.id for _, s in SCENARIOS]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for path, s in SCENARIOS:
        assert s.id == path.stem, f"{path.name}: id {s.id!r} does not match the file name"
        assert s.id.startswith("ev-"), s.id
        assert s.description.strip(), f"{s.id}: needs a one-line description"
        assert "\n" not in s.description


def test_readme_lists_every_scenario() -> None:
    text = (SCENARIO_DIR / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^- `(ev-[a-z0-9-]+)`", text, flags=re.MULTILINE))
    assert listed == {s.id for _, s in SCENARIOS}


def test_generated_files_are_current() -> None:
    """The JSON files are what evals/datasets/build_scenarios.py produces (nobody hand-edited one)."""
    spec = importlib.util.spec_from_file_location("_ev_build_scenarios", DATASET / "build_scenarios.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_all()
    assert set(built) == {s.id for _, s in SCENARIOS}
    for sid, data in built.items():
        on_disk = (SCENARIO_DIR / f"{sid}.json").read_text(encoding="utf-8")
        assert on_disk == module.render(data), f"{sid}.json is stale: rerun build_scenarios.py"


# -- coverage -----------------------------------------------------------------------------------------


def test_every_action_tier_and_segment_is_covered() -> None:
    actions = Counter(s.expect.action for _, s in SCENARIOS)
    tiers = Counter(s.expect.tier for _, s in SCENARIOS if s.expect.tier)
    segments = Counter(s.customer.segment for _, s in SCENARIOS)
    assert set(actions) == ACTIONS, ACTIONS - set(actions)
    assert set(tiers) == TIERS, TIERS - set(tiers)
    assert set(segments) == SEGMENTS, SEGMENTS - set(segments)
    for name, counts in (("action", actions), ("tier", tiers), ("segment", segments)):
        thin = {key: n for key, n in counts.items() if n < 2}
        assert not thin, f"want at least two scenarios per {name}: {thin}"


def test_currencies_and_time_zones_vary() -> None:
    currencies = {inv.currency for _, s in SCENARIOS for inv in s.invoices}
    assert len(currencies) >= 4, currencies
    regions = {s.customer.timezone.split("/")[0] for _, s in SCENARIOS}
    assert {"America", "Europe", "Asia", "Australia"} <= regions, regions


def test_special_cases_are_present() -> None:
    """The situations the policy singles out each appear at least once."""
    found = Counter()
    for _, s in SCENARIOS:
        e = s.expect
        found["credit_notes"] += bool(s.credit_notes)
        found["partial_payment"] += any(
            inv.balance > 0 for inv in s.invoices if any(p.invoice == inv.number for p in s.payments)
        )
        found["several_overdue"] += len(_undisputed_overdue(s)) > 1 and e.action in CUSTOMER_FACING
        found["resolved_dispute"] += any(d.status == "resolved" for d in s.disputes)
        found["opted_out"] += any(c.opted_out for c in s.contacts)
        found["late_fee_clause"] += s.contract.late_fee is not None
        found["plans_forbidden"] += not s.contract.payment_plans_allowed
        found["excluded"] += s.customer.automation_excluded
        found["inbound"] += any(c.direction == "inbound" for c in s.communications)
        found["rule_overrides"] += bool(s.rules)
        found["kept_promise"] += any(p.status == "kept" for p in s.promises)
        found["escalate_broken_promises"] += e.action == "escalate_to_manager" and _broken_promises(s) >= 2
    missing = [k for k, n in found.items() if n == 0]
    assert not missing, missing


# -- each scenario is consistent with itself and with the policy --------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_money_is_written_with_two_decimals(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    for key in ("invoices", "payments", "credit_notes", "promises"):
        for row in raw[key]:
            for field in MONEY_KEYS & row.keys():
                assert isinstance(row[field], str) and re.fullmatch(r"\d+\.\d{2}", row[field]), (key, row)
    e = raw["expect"]
    for text in e["must_mention"] + e["must_not_mention"]:
        if re.fullmatch(r"[\d,.]+", text) and "." in text:
            assert AMOUNT_LIKE.fullmatch(text) and f"{Decimal(text.replace(',', '')):,.2f}" == text, text


@pytest.mark.parametrize(("path", "s"), SCENARIOS, ids=_ids())
def test_balance_equals_amount_less_payments_and_credits(path: Path, s: Scenario) -> None:
    """Stricter than the format (which only bounds them): the ledger derives balances from these rows."""
    settled: dict[str, Decimal] = {}
    for row in [*s.payments, *s.credit_notes]:
        settled[row.invoice] = settled.get(row.invoice, Decimal(0)) + row.amount
    for inv in s.invoices:
        assert inv.balance == inv.amount - settled.get(inv.number, Decimal(0)), f"{s.id}: {inv.number}"
        if inv.paid_date is not None:
            assert inv.balance == 0, f"{s.id}: {inv.number} has a paid_date but an open balance"


@pytest.mark.parametrize(("path", "s"), SCENARIOS, ids=_ids())
def test_recipient(path: Path, s: Scenario) -> None:
    e = s.expect
    if e.recipient is not None:
        emails = {c.email for c in s.contacts if c.email and not c.opted_out}
        assert e.recipient in emails, f"{s.id}: {e.recipient} is not a reachable contact"
    if e.action in CUSTOMER_FACING:
        assert e.recipient == _policy_recipient(s), f"{s.id}: the Recipient rule picks {_policy_recipient(s)}"
    else:
        assert e.recipient is None, f"{s.id}: {e.action} has no recipient"


@pytest.mark.parametrize(("path", "s"), SCENARIOS, ids=_ids())
def test_tier_matches_the_invoices(path: Path, s: Scenario) -> None:
    e = s.expect
    assert (e.tier is None) == (e.action in {"no_action", "route_dispute"}), s.id
    if e.tier == "pre_due":
        assert not _overdue(s), f"{s.id}: pre_due with an overdue invoice"
        assert _in_pre_due_window(s), f"{s.id}: no invoice inside the pre-due window"
        assert _predicted_late(s), f"{s.id}: pre_due needs a customer with a late-payment history"
    elif e.tier is not None:
        oldest = _undisputed_overdue(s)
        assert oldest, f"{s.id}: tier {e.tier} without an undisputed overdue invoice"
        low, high = TIER_DAYS[e.tier]
        days = _dpd(s, oldest[0])
        assert low <= days <= high, f"{s.id}: oldest undisputed invoice is {days} days past due, not {e.tier}"
    if e.action == "route_dispute":
        disputed = _open_disputed(s)
        assert _overdue(s) and all(inv.number in disputed for inv in _overdue(s)), s.id
    if e.action == "no_action" and _open(s) and not _overdue(s) and _in_pre_due_window(s):
        assert not _predicted_late(s), (
            f"{s.id}: a late payer inside the pre-due window gets a courtesy reminder"
        )


@pytest.mark.parametrize(("path", "s"), SCENARIOS, ids=_ids())
def test_action_is_consistent_with_the_decision_order(path: Path, s: Scenario) -> None:
    e = s.expect
    skips = _skip_conditions(s)
    if e.action == "no_action":
        assert any(skips.values()), f"{s.id}: no_action but no skip condition of the policy applies"
        return
    assert not skips["excluded"] and not skips["nothing_open"], s.id
    if e.tier == "pre_due":
        return
    assert not skips["nothing_overdue"], s.id
    if e.action == "route_dispute":
        return
    live = [k for k, v in skips.items() if v]
    if e.action in {"write_off_review", "escalate_to_manager"}:
        # Internal steps come before the contact rules (nobody outside is contacted).
        live = [k for k in live if k not in ("contacted_too_recently", "no_reachable_contact")]
    elif e.action == "call_task":
        live = [k for k in live if k != "no_reachable_contact"]  # the owner phones; email opt-outs do not apply
    assert not live, f"{s.id}: {e.action} although an earlier step applies: {live}"
    tier, segment = e.tier, s.customer.segment
    if tier == "T5":
        assert e.action == "write_off_review", s.id
    elif tier == "T4":
        assert e.action == ("escalate_to_manager" if segment == "strategic" else "final_notice"), s.id
    elif tier in {"T2", "T3"} and segment == "strategic":
        assert e.action == "call_task", s.id
    elif tier == "T3" and _broken_promises(s) >= 2:
        assert e.action == "escalate_to_manager", s.id
    else:
        assert e.action in {"send_reminder", "offer_payment_plan"}, s.id
    if e.action == "offer_payment_plan":
        assert s.contract.payment_plans_allowed and tier in {"T2", "T3"}, s.id


@pytest.mark.parametrize(("path", "s"), SCENARIOS, ids=_ids())
def test_tone_and_manager_approval(path: Path, s: Scenario) -> None:
    e = s.expect
    internal_tone = {"offer_payment_plan": "neutral", "call_task": "neutral", "route_dispute": "neutral",
                     "escalate_to_manager": "formal", "write_off_review": "formal"}
    if e.action in internal_tone:
        assert e.tone == internal_tone[e.action], s.id
    elif e.tier is None:
        assert e.tone == "neutral", s.id
    else:
        assert e.tone == TIER_TONE[e.tier], s.id
    total_open = sum((inv.balance for inv in _open(s)), Decimal(0))
    threshold = Decimal(str(_rule(s, "manager_approval_balance_over", "50000.00")))
    facing = e.action in CUSTOMER_FACING
    expected = (
        e.action in {"final_notice", "write_off_review", "escalate_to_manager"}
        or (facing and total_open > threshold)
        or e.tier in {"T4", "T5"}
        or (facing and s.customer.segment == "government")
    )
    assert e.needs_manager_approval == expected, f"{s.id}: needs_manager_approval should be {expected}"


@pytest.mark.parametrize(("path", "s"), SCENARIOS, ids=_ids())
def test_mentions(path: Path, s: Scenario) -> None:
    e = s.expect
    mention = [m.lower() for m in e.must_mention]
    banned = [m.lower() for m in e.must_not_mention]
    for bad in banned:
        assert not any(bad in good or good in bad for good in mention), (
            f"{s.id}: {bad!r} clashes with must_mention"
        )
    if e.action in {"no_action"}:
        assert not e.must_mention, s.id
        return
    if e.action == "route_dispute":
        return
    demanded = _in_pre_due_window(s) if e.tier == "pre_due" else _undisputed_overdue(s)
    for inv in demanded:
        assert inv.number.lower() in mention, f"{s.id}: must_mention lacks {inv.number}"
        assert _fmt(inv.balance) in e.must_mention, f"{s.id}: must_mention lacks {inv.number}'s balance"
    if len(demanded) > 1:
        total = _fmt(sum((inv.balance for inv in demanded), Decimal(0)))
        assert total in e.must_mention, f"{s.id}: must_mention lacks the total {total}"
    if e.action in CUSTOMER_FACING | {"call_task"}:
        disputed = _open_disputed(s)
        for inv in _open(s):
            if inv.number in disputed:
                assert inv.number.lower() not in mention, s.id
                if e.action in CUSTOMER_FACING:
                    assert inv.number.lower() in banned, (
                        f"{s.id}: disputed {inv.number} must be in must_not_mention"
                    )
        if TIER_RANK[e.tier] < 4:
            assert {"legal action", "collection agency"} <= set(banned), f"{s.id}: legal wording before T4"
        if s.contract.late_fee is None or TIER_RANK[e.tier] < 3:
            assert {"late fee", "interest", "penalty"} <= set(banned), f"{s.id}: fee wording without a clause"
