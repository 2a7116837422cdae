"""A realistic demo book of customer accounts, one validated `Scenario` per account, same seed same book."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

from tools.demo.accounts import INVOICES_PER_CUSTOMER, AccountPlan, payment_methods, plan_accounts
from tools.demo.behaviours import LABELS
from tools.demo.correspondence import policy_recipient
from tools.demo.disputes import DISPUTE_KINDS
from tools.demo.ledger_story import CreditNumbers, InvoiceStory, invoice_story
from tools.demo.threads import build_communications
from tools.scenario_format import Scenario

GRACE = dt.timedelta(days=1)  # the policy gives bank transfers a day before a promise counts as broken


def generate_portfolio(
    *, seed: int = 7, customers: int = 200, as_of: dt.datetime, invoices_target: int | None = None
) -> list[Scenario]:
    """One scenario per customer account as of `as_of`, about 15 invoices per customer over 18 months.

    `invoices_target`, when given, sets the size instead of `customers`: the book then has about
    that many invoices, over `invoices_target / 15` customers.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of needs a time zone")
    if invoices_target is not None:
        if invoices_target < 1:
            raise ValueError("invoices_target must be positive")
        customers = max(1, round(invoices_target / INVOICES_PER_CUSTOMER))
        invoices = invoices_target
    else:
        if customers < 1:
            raise ValueError("customers must be positive")
        invoices = customers * INVOICES_PER_CUSTOMER
    # String seeds are hashed with SHA-512, so the stream is the same in every process.
    rng = Random(f"arcopilot-demo:{seed}")
    plans = plan_accounts(rng, customers=customers, invoices=invoices, as_of=as_of.astimezone(dt.UTC).date())
    return [Scenario.model_validate(_scenario(plan, seed=seed, as_of=as_of)) for plan in plans]


def _scenario(account: AccountPlan, *, seed: int, as_of: dt.datetime) -> dict[str, Any]:
    rng = Random(f"arcopilot-demo:{seed}:{account.customer_id}")
    today = as_of.astimezone(ZoneInfo(account.locale.timezone)).date()
    numbers = CreditNumbers(account)
    stories = [invoice_story(rng, account, inv, account.invoices, numbers, today) for inv in account.invoices]
    communications = build_communications(account, stories, rng, as_of, today)
    invoices: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    credit_notes: list[dict[str, Any]] = []
    disputes: list[dict[str, Any]] = []
    promises: list[dict[str, Any]] = []
    currency = account.currency
    methods = payment_methods(account)
    for story in stories:
        inv = story.plan
        known_payments = [(d, c) for d, c in story.payments if d < today]
        known_credits = [c for c in story.credits if c.day < today]
        settled = sum(c for _, c in known_payments) + sum(c.cents for c in known_credits)
        balance = inv.cents - settled
        last = max([d for d, _ in known_payments] + [c.day for c in known_credits], default=None)
        po = inv.po
        dispute = story.dispute
        if dispute is not None and dispute.po_added and dispute.resolved < today:
            po = dispute.po_added
        invoices.append(
            {
                "number": inv.number,
                "issue_date": inv.issue,
                "due_date": inv.due,
                "amount": _dec(inv.cents),
                "currency": currency,
                "balance": _dec(balance),
                "paid_date": last if balance == 0 else None,
                "po_number": po,
            }
        )
        for day, cents in known_payments:
            payments.append(
                {
                    "invoice": inv.number,
                    "amount": _dec(cents),
                    "date": day,
                    "method": account.method if rng.random() < 0.85 else rng.choice(methods),
                }
            )
        for credit in known_credits:
            credit_notes.append(
                {
                    "number": credit.number,
                    "invoice": inv.number,
                    "amount": _dec(credit.cents),
                    "date": credit.day,
                    "reason": credit.reason,
                }
            )
        if dispute is not None and dispute.opened < today:
            disputes.append(
                {
                    "invoice": inv.number,
                    "opened": dispute.opened,
                    "reason": dispute.reason,
                    "status": "resolved" if dispute.resolved < today else "open",
                    "owner": DISPUTE_KINDS[dispute.kind].owner,
                }
            )
        promises += _promises(story, account, today)
    payments.sort(key=lambda p: (p["date"], p["invoice"]))
    credit_notes.sort(key=lambda c: (c["date"], c["number"]))
    disputes.sort(key=lambda d: (d["opened"], d["invoice"]))
    promises = _distinct_promises(sorted(promises, key=lambda p: (p["recorded"], p["invoices"])))
    late_fee = None
    if account.late_fee:
        late_fee = {"type": account.late_fee[0], "value": account.late_fee[1]}
    first_issue = account.invoices[0].issue if account.invoices else today
    return {
        "id": f"demo-{seed}-{account.customer_id}",
        "description": (
            f"Demo account: {account.company.name} ({account.segment}, {account.locale.timezone}), "
            f"{len(invoices)} invoices since {first_issue:%B %Y}, {LABELS[account.habit.behaviour]}."
        ),
        "as_of": as_of,
        "customer": {
            "id": account.customer_id,
            "name": account.company.name,
            "segment": account.segment,
            "timezone": account.locale.timezone,
            "language": "en",
            "owner": account.owner,
            "automation_excluded": account.automation_excluded,
        },
        "contacts": [
            {
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "role": c.role,
                "primary": c.primary,
                "opted_out": c.opted_out,
            }
            for c in account.contacts
        ],
        "contract": {
            "payment_terms_days": account.terms,
            "late_fee": late_fee,
            "payment_plans_allowed": account.plans_allowed,
        },
        "invoices": invoices,
        "payments": payments,
        "credit_notes": credit_notes,
        "disputes": disputes,
        "promises": promises,
        "communications": communications,
        "rules": dict(account.rules),
        "expect": None,
    }


def _dec(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _promises(story: InvoiceStory, account: AccountPlan, today: dt.date) -> list[dict[str, Any]]:
    """The invoice's promises known today: kept once the amount arrived by the date, broken a day after."""
    contact = policy_recipient(account.contacts) or next((c for c in account.contacts if c.primary), None)
    made_by = contact.name if contact else None
    result = []
    for promise in story.promises:
        if promise.recorded >= today:
            continue
        if story.paid_between(promise.recorded, promise.promised, today) >= promise.cents:
            status = "kept"
        elif promise.promised + GRACE < today:
            status = "broken"
        else:
            status = "pending"
        result.append(
            {
                "invoices": [story.plan.number],
                "amount": _dec(promise.cents),
                "promised_date": promise.promised,
                "made_by": made_by,
                "recorded": promise.recorded,
                "status": status,
            }
        )
    return result


def _distinct_promises(promises: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge promises made the same day for the same day and amount (the importer keys promises so)."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    result = []
    for promise in promises:
        key = (promise["recorded"], promise["promised_date"], promise["amount"])
        if key in seen:  # one promise covering both invoices: kept only if both were
            first = seen[key]
            first["invoices"] += promise["invoices"]
            first["amount"] += promise["amount"]
            first["status"] = min(first["status"], promise["status"], key=("broken", "pending", "kept").index)
            continue
        seen[key] = promise
        result.append(promise)
    return result
