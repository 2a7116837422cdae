"""The accounts list and one account's page: balances, aging, and a timeline of everything that happened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tools.accounts import AccountSnapshot, load_account
from tools.drafts import DraftOut, QueueFilter, list_queue
from tools.ledger import open_balance_expression
from tools.metrics import AgingBuckets, aging_of
from tools.models import Customer, Dispute, Draft, Invoice

ALL_STATUSES = ["pending_review", "approved", "rejected", "snoozed", "superseded", "sent", "send_failed",
                "skipped", "blocked"]


class AccountSummary(BaseModel):
    """One row of the accounts list."""

    id: int
    external_id: str
    name: str
    segment: str
    owner_email: str | None
    open_balance: Decimal
    open_invoices: int
    oldest_days_past_due: int | None
    open_disputes: int
    pending_drafts: int


class TimelineEntry(BaseModel):
    """One thing that happened on an account."""

    at: dt.datetime
    kind: Literal["communication", "payment", "promise", "dispute_opened", "dispute_resolved", "draft"]
    ref_id: int
    title: str
    detail: str = ""


class AccountDetail(BaseModel):
    """An account's ledger, aging, drafts and timeline."""

    account: AccountSnapshot
    open_balance: Decimal
    aging: AgingBuckets
    drafts: list[DraftOut]
    timeline: list[TimelineEntry]


def list_accounts(
    session: Session, *, on: dt.date, search: str | None = None, segment: str | None = None,
    owner: str | None = None, limit: int = 50, offset: int = 0,
) -> tuple[list[AccountSummary], int]:
    """Customers with their open balance and oldest overdue days, largest balance first; with the total."""
    invoices = (select(Invoice.customer_id.label("customer_id"), open_balance_expression(),
                       Invoice.due_date.label("due_date")).subquery())
    open_rows = invoices.c.balance > 0
    balances = (select(invoices.c.customer_id,
                       func.coalesce(func.sum(invoices.c.balance).filter(open_rows), 0).label("open_balance"),
                       func.count().filter(open_rows).label("open_invoices"),
                       func.min(invoices.c.due_date).filter(open_rows).label("oldest_due"))
                .group_by(invoices.c.customer_id).subquery())
    disputes = (select(Invoice.customer_id, func.count().label("n")).join(Dispute, Dispute.invoice_id == Invoice.id)
                .where(Dispute.status == "open").group_by(Invoice.customer_id).subquery())
    pending = (select(Draft.customer_id, func.count().label("n")).where(Draft.status == "pending_review")
               .group_by(Draft.customer_id).subquery())
    open_balance = func.coalesce(balances.c.open_balance, 0)
    query = (select(Customer, open_balance, func.coalesce(balances.c.open_invoices, 0), balances.c.oldest_due,
                    func.coalesce(disputes.c.n, 0), func.coalesce(pending.c.n, 0))
             .outerjoin(balances, balances.c.customer_id == Customer.id)
             .outerjoin(disputes, disputes.c.customer_id == Customer.id)
             .outerjoin(pending, pending.c.customer_id == Customer.id))
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Customer.name.ilike(pattern) | Customer.external_id.ilike(pattern))
    if segment:
        query = query.where(Customer.segment == segment)
    if owner:
        query = query.where(Customer.owner_email == owner)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(open_balance.desc(), Customer.name, Customer.id).limit(limit).offset(offset))
    return [
        AccountSummary(id=c.id, external_id=c.external_id, name=c.name, segment=c.segment,
                       owner_email=c.owner_email, open_balance=Decimal(bal).quantize(Decimal("0.01")),
                       open_invoices=int(n_open), oldest_days_past_due=(on - oldest).days if oldest else None,
                       open_disputes=int(n_disputes), pending_drafts=int(n_pending))
        for c, bal, n_open, oldest, n_disputes, n_pending in rows
    ], int(total)


def _midday(day: dt.date) -> dt.datetime:
    # Ledger events carry a date only; noon UTC places them on the right day in any nearby time zone.
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def timeline(account: AccountSnapshot, drafts: list[DraftOut]) -> list[TimelineEntry]:
    """Communications, payments, promises, disputes and drafts, newest first."""
    entries = [
        TimelineEntry(at=c.at, kind="communication", ref_id=c.id,
                      title=f"{c.direction} {c.channel}: {c.subject or ''}".strip(), detail=c.body[:280])
        for c in account.communications
    ]
    entries += [
        TimelineEntry(at=_midday(p.received_on), kind="payment", ref_id=p.id,
                      title=f"payment {p.amount} {p.currency}",
                      detail=", ".join(f"{n}: {a}" for n, a in p.allocations.items()))
        for p in account.payments
    ]
    entries += [
        TimelineEntry(at=_midday(p.recorded_on), kind="promise", ref_id=p.id,
                      title=f"promise to pay {p.amount} by {p.promised_date} ({p.status})",
                      detail=", ".join(p.invoice_numbers))
        for p in account.promises
    ]
    for d in account.disputes:
        entries.append(TimelineEntry(at=_midday(d.opened_on), kind="dispute_opened", ref_id=d.id,
                                     title=f"dispute opened on {d.invoice}", detail=d.reason))
        if d.resolved_on:
            entries.append(TimelineEntry(at=_midday(d.resolved_on), kind="dispute_resolved", ref_id=d.id,
                                         title=f"dispute on {d.invoice} resolved"))
    entries += [
        TimelineEntry(at=d.created_at, kind="draft", ref_id=d.id,
                      title=f"draft {d.action} {d.tier or ''} ({d.status})".replace("  ", " "),
                      detail=d.skip_reason or d.subject)
        for d in drafts
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def account_detail(session: Session, *, customer_id: int, on: dt.date) -> AccountDetail:
    """One account: its ledger, aging on `on`, its latest drafts and its timeline."""
    account = load_account(session, customer_id=customer_id)
    drafts, _ = list_queue(session, filters=QueueFilter(status=ALL_STATUSES, customer_id=customer_id,
                                                        sort="created", limit=100))
    return AccountDetail(
        account=account, open_balance=account.total_open_balance(),
        aging=aging_of(((i.due_date, i.balance) for i in account.invoices), on=on),
        drafts=drafts, timeline=timeline(account, drafts),
    )


def unknown_customer_ids(session: Session, *, customer_ids: list[int]) -> list[int]:
    """Which of these ids name no customer."""
    known = set(session.scalars(select(Customer.id).where(Customer.id.in_(customer_ids))))
    return sorted(set(customer_ids) - known)
