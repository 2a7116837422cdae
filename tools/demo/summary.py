"""Counts that describe a book of scenarios: what it holds and how its open items are aged."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from tools.demo.inbound_wording import INBOUND, inbound_category
from tools.scenario_format import Scenario

AGING_BUCKETS = ("not_yet_due", "1-7", "8-30", "31-60", "61-90", "90+")
TIERS = ("T1", "T2", "T3", "T4", "T5")
SEGMENTS = ("standard", "small_business", "high_risk", "strategic", "government")


def aging_bucket(days_past_due: int) -> str:
    """The aging bucket of an open invoice this many days past due."""
    if days_past_due <= 0:
        return "not_yet_due"
    for bucket, last in (("1-7", 7), ("8-30", 30), ("31-60", 60), ("61-90", 90)):
        if days_past_due <= last:
            return bucket
    return "90+"


def local_today(scenario: Scenario) -> dt.date:
    """`as_of` as a date in the customer's time zone (the policy counts days there)."""
    return scenario.as_of.astimezone(ZoneInfo(scenario.customer.timezone)).date()


def account_tier(scenario: Scenario) -> str | None:
    """The cadence tier of the oldest open, overdue invoice without an open dispute (None if none)."""
    today = local_today(scenario)
    disputed = {d.invoice for d in scenario.disputes if d.status == "open"}
    overdue = [
        (today - inv.due_date).days
        for inv in scenario.invoices
        if inv.balance > 0 and inv.due_date < today and inv.number not in disputed
    ]
    if not overdue:
        return None
    oldest = max(overdue)
    return next(t for t, last in zip(TIERS, (7, 30, 60, 90, 10**9), strict=True) if oldest <= last)


def portfolio_summary(scenarios: Iterable[Scenario]) -> dict[str, Any]:
    """Customers, invoices, payments, disputes, promises and communications, by segment and aging bucket."""
    counts: Counter[str] = Counter()
    by_segment: Counter[str] = Counter()
    by_region: Counter[str] = Counter()
    currencies: Counter[str] = Counter()
    aging: Counter[str] = Counter()
    tiers: Counter[str] = Counter()
    disputes: Counter[str] = Counter()
    promises: Counter[str] = Counter()
    communications: Counter[str] = Counter()
    inbound: Counter[str] = Counter()
    open_per_customer: Counter[int] = Counter()
    for scenario in scenarios:
        today = local_today(scenario)
        counts["customers"] += 1
        counts["contacts"] += len(scenario.contacts)
        counts["opted_out_contacts"] += sum(c.opted_out for c in scenario.contacts)
        counts["automation_excluded"] += scenario.customer.automation_excluded
        counts["invoices"] += len(scenario.invoices)
        counts["payments"] += len(scenario.payments)
        counts["credit_notes"] += len(scenario.credit_notes)
        by_segment[scenario.customer.segment] += 1
        area = scenario.customer.timezone.split("/")[0]
        by_region[{"America": "americas", "Europe": "europe"}.get(area, "asia_pacific")] += 1
        open_invoices = [inv for inv in scenario.invoices if inv.balance > 0]
        open_per_customer[min(len(open_invoices), 4)] += 1
        for inv in scenario.invoices:
            currencies[inv.currency] += 1
        for inv in open_invoices:
            aging[aging_bucket((today - inv.due_date).days)] += 1
        tiers[account_tier(scenario) or "none"] += 1
        disputes.update(d.status for d in scenario.disputes)
        promises.update(p.status for p in scenario.promises)
        for c in scenario.communications:
            communications[f"{c.direction}_{c.channel}"] += 1
            if c.direction == "inbound":
                inbound[inbound_category(c.body) or "other"] += 1
    counts["open_invoices"] = sum(aging.values())
    return {
        **{
            k: counts[k]
            for k in (
                "customers",
                "contacts",
                "opted_out_contacts",
                "automation_excluded",
                "invoices",
                "open_invoices",
                "payments",
                "credit_notes",
            )
        },
        "disputes": {s: disputes[s] for s in ("open", "resolved")},
        "promises": {s: promises[s] for s in ("pending", "kept", "broken")},
        "communications": dict(sorted(communications.items())),
        "inbound_by_category": {c: inbound[c] for c in (*INBOUND, "other") if inbound[c] or c != "other"},
        "by_segment": {s: by_segment[s] for s in SEGMENTS},
        "by_region": dict(sorted(by_region.items())),
        "invoices_by_currency": dict(currencies.most_common()),
        "open_invoices_by_aging_bucket": {b: aging[b] for b in AGING_BUCKETS},
        "accounts_by_tier": {t: tiers[t] for t in (*TIERS, "none")},
        "customers_by_open_invoices": {("4+" if n == 4 else str(n)): open_per_customer[n] for n in range(5)},
    }
