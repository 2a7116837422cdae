"""Plan the demo book: who the customers are, their contracts and contacts, and when they were billed.

Planning is one pass over all accounts with one random stream; invoice numbers are then given out
in issue-date order across the whole book, as a billing system would.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from random import Random
from typing import Any

from tools.demo.behaviours import Habit, draw_habit
from tools.demo.identities import (
    BILLING_TITLES,
    OTHER_TITLES,
    OWNER_TITLES,
    OWNERS,
    Company,
    Locale,
    company_identity,
    person,
    person_email,
    phone_number,
    pick_currency,
    pick_locale,
)

HISTORY_DAYS = 548  # eighteen months
INVOICES_PER_CUSTOMER = 15

SEGMENT_SHARES = (("strategic", 0.05), ("government", 0.03), ("high_risk", 0.10), ("small_business", 0.20))
TERMS: dict[str, tuple[tuple[int, int], ...]] = {
    "standard": ((30, 60), (15, 10), (45, 20), (60, 10)),
    "small_business": ((15, 35), (30, 65)),
    "high_risk": ((15, 50), (30, 50)),
    "strategic": ((45, 40), (60, 60)),
    "government": ((30, 30), (45, 30), (60, 40)),
}
TICKET_RANGE: dict[str, tuple[int, int]] = {  # typical invoice, whole currency units
    "small_business": (150, 2_500),
    "standard": (600, 12_000),
    "high_risk": (300, 6_000),
    "strategic": (8_000, 90_000),
    "government": (3_000, 45_000),
}
REQUIRES_PO = {"government": 1.0, "strategic": 0.8, "standard": 0.3, "small_business": 0.05, "high_risk": 0.15}
# Invoices per month: (rate, weight); weekly billing only on short terms.
FREQUENCIES = ((1.0, 45), (2.0, 10), (3.5, 3), (0.7, 20), (0.33, 10), (0.9, 12))
METHODS: dict[str, tuple[str, ...]] = {
    "US": ("ACH", "ACH", "check", "wire", "card"),
    "CAD": ("EFT", "EFT", "cheque", "wire"),
    "GBP": ("BACS", "Faster Payments", "BACS", "card"),
    "EUR": ("SEPA transfer", "SEPA transfer", "wire"),
    "AUD": ("EFT", "BPAY", "EFT"),
    "USD": ("wire", "wire", "card"),
}


@dataclass(slots=True, eq=False)
class InvoicePlan:
    issue: dt.date
    due: dt.date
    cents: int
    po: str | None
    progress: float  # 0..1 through this customer's history
    number: str = ""
    duplicate_of: int | None = None  # index of the invoice this one bills again


@dataclass(frozen=True, slots=True)
class ContactPlan:
    name: str | None
    email: str | None
    phone: str | None
    role: str
    primary: bool
    opted_out: bool
    title: str


@dataclass(slots=True)
class AccountPlan:
    index: int
    customer_id: str
    company: Company
    segment: str
    locale: Locale
    currency: str
    owner: str
    habit: Habit
    terms: int
    late_fee: tuple[str, str] | None
    plans_allowed: bool
    automation_excluded: bool
    requires_po: bool
    contacts: list[ContactPlan]
    rules: dict[str, Any]
    method: str  # how this customer's payments usually arrive
    invoices: list[InvoicePlan] = field(default_factory=list)


def payment_methods(account: AccountPlan) -> tuple[str, ...]:
    """The payment methods usual for the account's country and currency."""
    if account.currency == "USD" and account.locale.country == "US":
        return METHODS["US"]
    return METHODS[account.currency]


def segment_labels(rng: Random, customers: int) -> list[str]:
    """Segments for `customers` accounts: mostly standard, every segment present from five accounts."""
    labels: list[str] = []
    for segment, share in SEGMENT_SHARES:
        labels += [segment] * max(1, round(share * customers))
    labels = labels[: max(0, customers - 1)]
    labels += ["standard"] * (customers - len(labels))
    rng.shuffle(labels)
    return labels


def _weighted(rng: Random, options: tuple[tuple[int, int], ...]) -> int:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _contacts(rng: Random, segment: str, company: Company, locale: Locale, all_opted_out: bool) -> list[ContactPlan]:
    domain = company.domain
    style = rng.randrange(4)
    people: list[ContactPlan] = []
    used: set[str] = set()

    def add_person(role: str, title: str, *, with_email: bool = True) -> None:
        for _ in range(20):
            first, last = person(rng)
            email = person_email(first, last, domain, style) if with_email else None
            if f"{first} {last}" not in used and (email is None or email not in used):
                break
        used.update({f"{first} {last}", email or ""})
        people.append(ContactPlan(f"{first} {last}", email, phone_number(rng, locale), role, False, False, title))

    def add_mailbox(local: str, name: str) -> None:
        people.append(ContactPlan(name, f"{local}@{domain}", None, "ap", False, False, "Accounts Payable"))
        used.add(f"{local}@{domain}")

    mailbox = rng.choice(
        (
            ("ap", "Accounts Payable"),
            ("accounts.payable", "Accounts Payable"),
            ("invoices", "Invoices Team"),
            ("payables", "Payables"),
        )
    )
    if segment == "small_business":
        add_person("owner", "Owner")
        if rng.random() < 0.5:
            add_person("billing", "Bookkeeper")
    elif segment == "government":
        add_mailbox(*mailbox)
        add_person("billing", "Finance Officer")
        add_person("other", "Procurement Officer", with_email=rng.random() < 0.7)
    elif segment == "strategic":
        add_mailbox(*mailbox)
        add_person("billing", rng.choice(BILLING_TITLES))
        add_person("owner", rng.choice(OWNER_TITLES[2:]))
        if rng.random() < 0.6:
            add_person("other", rng.choice(OTHER_TITLES))
    else:
        add_person("billing", rng.choice(BILLING_TITLES))
        if rng.random() < 0.65:
            add_mailbox(*mailbox)
        if rng.random() < 0.4:
            add_person("owner", rng.choice(OWNER_TITLES))
        if rng.random() < 0.12:
            add_person("other", rng.choice(OTHER_TITLES), with_email=rng.random() < 0.5)
    primary = next((i for i, c in enumerate(people) if c.role in ("billing", "ap")), 0)
    if rng.random() < 0.25 and people[primary].role == "billing":
        primary = next((i for i, c in enumerate(people) if c.role == "ap"), primary)
    result = []
    for i, c in enumerate(people):
        opted_out = c.email is not None and (
            all_opted_out or (c.role in ("billing", "owner", "other") and rng.random() < 0.07)
        )
        result.append(ContactPlan(c.name, c.email, c.phone, c.role, i == primary, opted_out, c.title))
    return result


def _late_fee(rng: Random, segment: str) -> tuple[str, str] | None:
    chance = {"government": 0.0, "high_risk": 0.3, "strategic": 0.05}.get(segment, 0.12)
    if rng.random() >= chance:
        return None
    if rng.random() < 0.7:
        return ("percent_per_month", rng.choice(("1.0", "1.5", "1.5", "2.0")))
    return ("flat", rng.choice(("25.00", "40.00", "50.00")))


def _rules(rng: Random, segment: str) -> dict[str, Any]:
    if segment == "strategic" and rng.random() < 0.4:
        return {"manager_approval_balance_over": "150000.00"}
    if segment == "government" and rng.random() < 0.5:
        return {"min_days_between_contacts": 7, "max_contacts_per_week": 1}
    if segment == "high_risk" and rng.random() < 0.2:
        return {"payment_plan_max_installments": 2, "payment_plan_min_first_payment_pct": "40"}
    return {}


def plan_accounts(rng: Random, *, customers: int, invoices: int, as_of: dt.date) -> list[AccountPlan]:
    """All accounts with their invoice schedule, `invoices` invoices in total, numbered by issue date."""
    segments = segment_labels(rng, customers)
    excluded = set(rng.sample(range(customers), max(1, round(0.02 * customers)) if customers >= 20 else 0))
    unreachable = set(rng.sample(range(customers), max(1, round(0.01 * customers)) if customers >= 20 else 0))
    taken: set[str] = set()
    accounts: list[AccountPlan] = []
    for index, segment in enumerate(segments):
        locale = pick_locale(rng)
        company = company_identity(rng, segment=segment, locale=locale, taken=taken)
        requires_po = rng.random() < REQUIRES_PO[segment]
        accounts.append(
            AccountPlan(
                index=index,
                customer_id=f"C-{10001 + index}",
                company=company,
                segment=segment,
                locale=locale,
                currency=pick_currency(rng, locale),
                owner=rng.choice(OWNERS[locale.region]),
                habit=draw_habit(rng, segment),
                terms=_weighted(rng, TERMS[segment]),
                late_fee=_late_fee(rng, segment),
                plans_allowed=segment != "government" and rng.random() < (0.7 if segment == "high_risk" else 0.92),
                automation_excluded=index in excluded,
                requires_po=requires_po,
                contacts=_contacts(rng, segment, company, locale, index in unreachable),
                rules=_rules(rng, segment),
                method="",
            )
        )
        accounts[-1].method = rng.choice(payment_methods(accounts[-1]))
    _schedule_invoices(rng, accounts, invoices=invoices, as_of=as_of)
    _number_invoices(accounts)
    return accounts


def _allocate(raw: list[float], total: int) -> list[int]:
    """Integer counts proportional to `raw`, at least one each, summing to `total` (largest remainder)."""
    n = len(raw)
    spare = max(0, total - n)
    scale = spare / (sum(raw) or 1.0)
    shares = [r * scale for r in raw]
    counts = [1 + int(s) for s in shares]
    left = total - sum(counts)
    by_remainder = sorted(range(n), key=lambda i: (shares[i] - int(shares[i]), -i), reverse=True)
    for i in by_remainder[: max(0, left)]:
        counts[i] += 1
    return counts


def _schedule_invoices(rng: Random, accounts: list[AccountPlan], *, invoices: int, as_of: dt.date) -> None:
    window_start = as_of - dt.timedelta(days=HISTORY_DAYS)
    last_issue = as_of - dt.timedelta(days=2)
    spans: list[tuple[dt.date, dt.date]] = []
    raw: list[float] = []
    for account in accounts:
        start = window_start
        if rng.random() < 0.25:
            start += dt.timedelta(days=rng.randint(30, HISTORY_DAYS - 90))
        end = last_issue - dt.timedelta(days=rng.randint(0, 6))
        if rng.random() < 0.07:  # stopped ordering some months ago
            end = max(start + dt.timedelta(days=45), as_of - dt.timedelta(days=rng.randint(100, 360)))
        rate, _ = rng.choices(FREQUENCIES, weights=[w for _, w in FREQUENCIES])[0]
        if rate > 3 and account.terms > 30:
            rate = 2.0
        spans.append((start, end))
        raw.append(rate * max(1.0, (end - start).days / 30.4))
    for account, (start, end), count in zip(accounts, spans, _allocate(raw, invoices), strict=True):
        account.invoices = _invoice_dates_and_amounts(rng, account, start, end, count)


def _po_format(rng: Random) -> str:
    return rng.choice(("4500{n:06d}", "PO-{year}-{n4:04d}", "{n:06d}", "P{n:07d}"))


def _invoice_dates_and_amounts(
    rng: Random, account: AccountPlan, start: dt.date, end: dt.date, count: int
) -> list[InvoicePlan]:
    span = max(1, (end - start).days)
    if rng.random() < 0.7:
        step = span / count
        jitter = max(0, min(3, int(step / 4)))
        offsets = [min(span, max(0, int(step * (k + 0.5)) + rng.randint(-jitter, jitter))) for k in range(count)]
    else:
        offsets = sorted(rng.randint(0, span) for _ in range(count))
    lo, hi = TICKET_RANGE[account.segment]
    base = math.exp(rng.uniform(math.log(lo), math.log(hi)))
    recurring = rng.random() < 0.35
    increase_at = rng.randint(0, span)
    rounding = rng.choice((100, 100, 500, 1))  # whole units, fives, or exact cents
    po_format = _po_format(rng)
    po_seed = rng.randint(1000, 90000)
    result: list[InvoicePlan] = []
    first = start + dt.timedelta(days=offsets[0])
    for offset in offsets:
        issue = start + dt.timedelta(days=offset)
        if recurring:
            units = base * (1.04 if offset >= increase_at else 1.0)
        else:
            units = base * math.exp(rng.gauss(0, 0.45))
        cents = max(rounding, round(units * 100 / rounding) * rounding)
        po: str | None = None
        if rng.random() > 0.03 if account.requires_po else rng.random() < 0.25:
            po_seed += rng.randint(1, 40)
            po = po_format.format(n=po_seed, n4=po_seed % 10000, year=issue.year)
        progress = (issue - first).days / max(1, (end - first).days) if end > first else 1.0
        result.append(InvoicePlan(issue, issue + dt.timedelta(days=account.terms), cents, po, progress))
    for k in range(1, len(result)):
        if rng.random() < 0.006:  # billed the same order twice
            original = result[k - 1]
            duplicate = result[k]
            duplicate.issue = original.issue + dt.timedelta(days=rng.randint(0, 4))
            duplicate.due = original.due + (duplicate.issue - original.issue)
            duplicate.cents, duplicate.po, duplicate.duplicate_of = original.cents, original.po, k - 1
    return result


def _number_invoices(accounts: list[AccountPlan]) -> None:
    order = sorted((inv.issue, account.index, k) for account in accounts for k, inv in enumerate(account.invoices))
    for rank, (_issue, index, k) in enumerate(order):
        accounts[index].invoices[k].number = f"INV-{100001 + rank}"
