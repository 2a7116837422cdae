"""The demo portfolio: deterministic, realistic in shape, and every account a valid scenario."""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
import time
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tools.demo.inbound_wording import INBOUND, inbound_categories
from tools.demo_portfolio import account_tier, aging_bucket, generate_portfolio, portfolio_summary
from tools.rules import DEFAULT_LEGAL_PHRASES
from tools.scenario_format import Scenario, parse_scenario

AS_OF = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
PLAN_WORDS = ("instalment", "split", "spread", "monthly payments", "payment plan")


@pytest.fixture(scope="module")
def book() -> list[Scenario]:
    return generate_portfolio(as_of=AS_OF)


@pytest.fixture(scope="module")
def summary(book: list[Scenario]) -> dict[str, Any]:
    return portfolio_summary(book)


def _today(s: Scenario) -> dt.date:
    return s.as_of.astimezone(ZoneInfo(s.customer.timezone)).date()


def test_generate_portfolio_same_seed_gives_the_same_book() -> None:
    first = [s.model_dump_json() for s in generate_portfolio(seed=11, as_of=AS_OF)]
    second = [s.model_dump_json() for s in generate_portfolio(seed=11, as_of=AS_OF)]
    assert first == second
    # another seed is another book, not the same accounts under other ids
    content = [s.model_dump_json(exclude={"id"}) for s in generate_portfolio(seed=11, as_of=AS_OF)]
    other = [s.model_dump_json(exclude={"id"}) for s in generate_portfolio(seed=12, as_of=AS_OF)]
    assert sum(a != b for a, b in zip(content, other, strict=False)) > len(content) * 0.9


def test_generate_portfolio_default_size(book: list[Scenario]) -> None:
    assert len(book) >= 200
    assert 2_700 <= sum(len(s.invoices) for s in book) <= 3_300
    assert len({s.id for s in book}) == len(book)
    assert len({s.customer.id for s in book}) == len(book)
    assert all(s.expect is None for s in book)


def test_generate_portfolio_scales_to_an_invoice_target() -> None:
    book = generate_portfolio(seed=3, as_of=AS_OF, invoices_target=10_000)
    invoices = sum(len(s.invoices) for s in book)
    assert 9_000 <= invoices <= 11_000
    assert 600 <= len(book) <= 733  # about 15 invoices per customer
    numbers = [i.number for s in book for i in s.invoices]
    assert len(set(numbers)) == len(numbers)


@pytest.mark.slow
def test_generate_portfolio_100k_invoices_well_under_a_minute() -> None:
    started = time.process_time()
    book = generate_portfolio(as_of=AS_OF, invoices_target=100_000)
    elapsed = time.process_time() - started
    assert 90_000 <= sum(len(s.invoices) for s in book) <= 110_000
    assert elapsed < 45, f"took {elapsed:.1f}s of CPU"


def test_every_scenario_survives_a_round_trip_through_json(book: list[Scenario]) -> None:
    for scenario in book:
        again = parse_scenario(json.loads(scenario.model_dump_json()), source=scenario.id)
        assert again == scenario


def test_ledger_balances_are_explained_by_payments_and_credit_notes(book: list[Scenario]) -> None:
    for s in book:
        settled: dict[str, Decimal] = defaultdict(Decimal)
        last: dict[str, dt.date] = {}
        for number, amount, day in [(p.invoice, p.amount, p.date) for p in s.payments] + [
            (c.invoice, c.amount, c.date) for c in s.credit_notes
        ]:
            settled[number] += amount
            last[number] = max(last.get(number, day), day)
            assert day < _today(s), f"{s.id}: {number} settled in the future"
        for inv in s.invoices:
            assert inv.balance == inv.amount - settled[inv.number], f"{s.id}: {inv.number}"
            assert (inv.balance == 0) == (inv.paid_date is not None), f"{s.id}: {inv.number}"
            if inv.paid_date is not None:
                assert inv.paid_date == last[inv.number]
            assert inv.issue_date < _today(s)


def test_every_segment_region_and_currency_is_present(book: list[Scenario], summary: dict[str, Any]) -> None:
    segments = Counter(s.customer.segment for s in book)
    assert set(segments) == {"standard", "small_business", "high_risk", "strategic", "government"}
    assert segments.most_common(1)[0][0] == "standard"
    areas = {s.customer.timezone.split("/")[0] for s in book}
    assert {"America", "Europe"} <= areas and areas & {"Asia", "Australia", "Pacific"}
    currencies = Counter(i.currency for s in book for i in s.invoices)
    assert currencies.most_common(1)[0][0] == "USD"
    assert {"EUR", "GBP", "CAD", "AUD"} <= set(currencies)
    region_of = {
        "EUR": ("Europe/",),
        "GBP": ("Europe/London",),
        "CAD": ("America/Toronto", "America/Vancouver"),
        "AUD": ("Australia/",),
    }
    for s in book:
        for inv in s.invoices:
            if inv.currency in region_of:
                assert s.customer.timezone.startswith(region_of[inv.currency]), (s.id, inv.currency)
    assert summary["by_segment"] == {k: segments[k] for k in summary["by_segment"]}


def test_open_book_spans_every_aging_bucket_and_tier(book: list[Scenario], summary: dict[str, Any]) -> None:
    buckets = Counter(
        aging_bucket((_today(s) - inv.due_date).days) for s in book for inv in s.invoices if inv.balance > 0
    )
    assert set(buckets) == {"not_yet_due", "1-7", "8-30", "31-60", "61-90", "90+"}
    assert summary["open_invoices_by_aging_bucket"] == {b: buckets[b] for b in summary["open_invoices_by_aging_bucket"]}
    tiers = Counter(account_tier(s) for s in book)
    assert {"T1", "T2", "T3", "T4", "T5"} <= set(tiers)
    pre_due = [s for s in book if any(-7 <= (_today(s) - i.due_date).days <= -3 for i in s.invoices if i.balance > 0)]
    assert len(pre_due) >= 10


def test_most_customers_have_zero_to_three_open_invoices(book: list[Scenario]) -> None:
    open_counts = [sum(i.balance > 0 for i in s.invoices) for s in book]
    assert sum(n <= 3 for n in open_counts) >= 0.8 * len(book)
    assert sum(n == 0 for n in open_counts) >= 0.1 * len(book)


def test_payment_behaviour_differs_between_customers(book: list[Scenario]) -> None:
    late_share = []
    deteriorating = 0
    for s in book:
        due = {i.number: i.due_date for i in s.invoices}
        paid = sorted(
            (i for i in s.invoices if i.paid_date and i.number in {p.invoice for p in s.payments}),
            key=lambda i: i.issue_date,
        )
        if len(paid) < 6:
            continue
        delays = [(i.paid_date - due[i.number]).days for i in paid if i.paid_date]
        late_share.append(sum(d > 0 for d in delays) / len(delays))
        third = len(delays) // 3
        if statistics.median(delays[:third]) <= 5 and statistics.median(delays[-third:]) >= 25:
            deteriorating += 1
    assert sum(x <= 0.1 for x in late_share) >= 0.15 * len(late_share)  # early and on-time payers
    assert sum(x >= 0.7 for x in late_share) >= 0.08 * len(late_share)  # chronically late payers
    assert statistics.pstdev(late_share) >= 0.3
    assert deteriorating >= 2
    partial = [i for s in book for i in s.invoices if 0 < i.balance < i.amount]
    assert len(partial) >= 10
    instalments = Counter((s.id, p.invoice) for s in book for p in s.payments)
    assert sum(n >= 2 for n in instalments.values()) >= 20


def test_inbound_replies_cover_every_category_in_varied_wording(book: list[Scenario]) -> None:
    bodies: dict[str, set[str]] = defaultdict(set)
    for s in book:
        for c in s.communications:
            if c.direction == "inbound" and c.channel == "email":
                found = inbound_categories(c.body)
                assert len(found) == 1, f"{s.id}: {found} for {c.body!r}"
                bodies[found[0]].add(c.body)
    assert set(bodies) == set(INBOUND)
    for category, texts in bodies.items():
        assert len(INBOUND[category]) >= 6, category
        assert len(texts) >= 10, category


def test_only_payment_plan_requests_use_the_words_the_policy_looks_for() -> None:
    for category, templates in INBOUND.items():
        for template in templates:
            asks = any(w in template.lower() for w in PLAN_WORDS)
            assert asks == (category == "payment_plan_request"), (category, template)


def test_contacts_are_realistic(book: list[Scenario]) -> None:
    names = [s.customer.name.lower() for s in book]
    assert len(set(names)) == len(names)
    domains = []
    for s in book:
        emails = [c.email for c in s.contacts if c.email]
        assert emails and len(set(emails)) == len(emails)
        own = {e.split("@")[1] for e in emails}
        assert len(own) == 1 and own.pop().endswith(".example")
        domains.append(emails[0].split("@")[1])
        assert sum(c.primary for c in s.contacts) == 1
    assert len(set(domains)) == len(domains)
    roles = Counter(c.role for s in book for c in s.contacts)
    assert {"billing", "ap", "owner"} <= set(roles)
    assert sum(len(s.contacts) for s in book) >= 1.8 * len(book)
    assert any(c.opted_out for s in book for c in s.contacts)
    unreachable = [s for s in book if not any(c.email and not c.opted_out for c in s.contacts)]
    assert 1 <= len(unreachable) <= 0.05 * len(book)
    owners = {s.customer.owner for s in book}
    assert 3 <= len(owners) <= 6 and all(o and o.endswith("@ourco.example") for o in owners)
    assert 1 <= sum(s.customer.automation_excluded for s in book) <= 0.05 * len(book)


def test_contracts_vary_and_late_fees_are_the_exception(book: list[Scenario]) -> None:
    assert {s.contract.payment_terms_days for s in book} == {15, 30, 45, 60}
    with_fee = sum(s.contract.late_fee is not None for s in book)
    assert 1 <= with_fee <= 0.3 * len(book)
    assert any(not s.contract.payment_plans_allowed for s in book)


def test_disputes_promises_and_credit_notes(book: list[Scenario], summary: dict[str, Any]) -> None:
    disputes = [d for s in book for d in s.disputes]
    assert {d.status for d in disputes} == {"open", "resolved"}
    assert {d.owner for d in disputes} >= {"ops.claims@ourco.example", "billing.ops@ourco.example"}
    reasons = " | ".join(d.reason.lower() for d in disputes)
    for kind in ("short", "damaged", "pricing", "duplicate", "po number", "service"):
        assert kind in reasons, kind
    assert {p.status for s in book for p in s.promises} == {"pending", "kept", "broken"}
    credit_reasons = " | ".join((c.reason or "").lower() for s in book for c in s.credit_notes)
    assert "pricing correction" in credit_reasons and "return" in credit_reasons
    assert summary["disputes"] == dict(Counter(d.status for d in disputes))


def test_promise_status_matches_the_payments(book: list[Scenario]) -> None:
    for s in book:
        today = _today(s)
        for p in s.promises:
            assert p.recorded < today and p.recorded <= p.promised_date
            paid = sum(
                x.amount for x in s.payments if x.invoice in p.invoices and p.recorded < x.date <= p.promised_date
            )
            if p.status == "kept":
                assert paid >= p.amount, (s.id, p)
            elif p.status == "pending":
                assert p.promised_date >= today - dt.timedelta(days=1), (s.id, p)
            else:
                assert p.promised_date < today - dt.timedelta(days=1) and paid < p.amount, (s.id, p)


def test_history_follows_the_collections_policy(book: list[Scenario]) -> None:
    legal = re.compile(r"\b(" + "|".join(re.escape(p) for p in DEFAULT_LEGAL_PHRASES) + r")\b", re.IGNORECASE)
    for s in book:
        open_disputes = {d.invoice: d.opened for d in s.disputes if d.status == "open"}
        for c in s.communications:
            assert c.at < s.as_of
            if c.direction != "outbound" or c.channel != "email":
                continue
            local = c.at.astimezone(ZoneInfo(s.customer.timezone))
            assert local.weekday() < 5 and 8 <= local.hour < 20, (s.id, c.at)
            if legal.search(c.body):
                assert "final notice" in (c.subject or "").lower(), (s.id, c.subject)
            if "late fee" in c.body.lower() and "agreement" in c.body.lower():
                assert s.contract.late_fee is not None, s.id
            if not (c.subject or "").startswith("RE:"):  # a reminder, not a reply to the customer
                for invoice, opened in open_disputes.items():
                    assert not (invoice in c.body and local.date() >= opened), (s.id, invoice, c.subject)


def test_portfolio_summary_counts(book: list[Scenario], summary: dict[str, Any]) -> None:
    assert summary["customers"] == len(book)
    assert summary["invoices"] == sum(len(s.invoices) for s in book)
    assert summary["payments"] == sum(len(s.payments) for s in book)
    assert sum(summary["by_segment"].values()) == len(book)
    assert sum(summary["accounts_by_tier"].values()) == len(book)
    assert summary["open_invoices"] == sum(i.balance > 0 for s in book for i in s.invoices)
    comms = summary["communications"]
    assert sum(comms.values()) == sum(len(s.communications) for s in book)
    assert sum(summary["inbound_by_category"].values()) == sum(
        c.direction == "inbound" for s in book for c in s.communications
    )
    json.dumps(summary)  # the CLI prints it


def test_generate_portfolio_rejects_naive_as_of() -> None:
    with pytest.raises(ValueError, match="time zone"):
        generate_portfolio(as_of=dt.datetime(2026, 11, 18, 15, 0))  # noqa: DTZ001
