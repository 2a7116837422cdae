"""Accounts: the list, one account's ledger and timeline, and what collectors record on it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, status

from api.deps import Everyone, Reviewer, RowId, SessionDep
from api.schemas.accounts import AccountListOut, CallIn, DisputeIn, DisputeResolveIn, PromiseIn
from api.schemas.common import NO_NUL, Day
from api.schemas.drafts import Segment
from tools.accounts import CommunicationValue, DisputeValue, PromiseValue
from tools.activities import log_call, open_dispute, record_promise, resolve_dispute
from tools.portfolio import AccountDetail, account_detail, list_accounts

router = APIRouter(tags=["accounts"])


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@router.get("/accounts", response_model=AccountListOut)
def accounts(
    user: Everyone, session: SessionDep,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="name or id contains")] = None,
    segment: Segment | None = None,
    owner: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    as_of: Annotated[Day | None, Query(description="date for days past due (default: today)")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> AccountListOut:
    """Customers with open balance, oldest days past due, segment and owner; largest balance first."""
    items, total = list_accounts(session, on=as_of or _today(), search=q, segment=segment, owner=owner,
                                 limit=limit, offset=offset)
    return AccountListOut(items=items, total=total)


@router.get("/accounts/{customer_id}", response_model=AccountDetail)
def account(customer_id: RowId, user: Everyone, session: SessionDep,
            as_of: Annotated[Day | None, Query(description="date for aging (default: today)")] = None,
            ) -> AccountDetail:
    """One account: invoices with balances, payments, credit notes, disputes, promises, contacts, contract,
    aging, drafts and a timeline."""
    return account_detail(session, customer_id=customer_id, on=as_of or _today())


@router.post("/accounts/{customer_id}/calls", response_model=CommunicationValue,
             status_code=status.HTTP_201_CREATED)
def add_call(customer_id: RowId, body: CallIn, user: Reviewer, session: SessionDep) -> CommunicationValue:
    """Log a call made or an inbound call taken."""
    return log_call(session, customer_id=customer_id, actor=user.email, direction=body.direction,
                    at=body.at or dt.datetime.now(dt.UTC), summary=body.summary, subject=body.subject,
                    contact=body.contact)


@router.post("/accounts/{customer_id}/promises", response_model=PromiseValue, status_code=status.HTTP_201_CREATED)
def add_promise(customer_id: RowId, body: PromiseIn, user: Reviewer, session: SessionDep) -> PromiseValue:
    """Record a promise to pay."""
    return record_promise(session, customer_id=customer_id, actor=user.email, amount=body.amount,
                          promised_date=body.promised_date, on=_today(), invoice_numbers=body.invoice_numbers,
                          made_by=body.made_by)


@router.post("/accounts/{customer_id}/disputes", response_model=DisputeValue, status_code=status.HTTP_201_CREATED)
def add_dispute(customer_id: RowId, body: DisputeIn, user: Reviewer, session: SessionDep) -> DisputeValue:
    """Open a dispute on one of the customer's invoices."""
    return open_dispute(session, customer_id=customer_id, actor=user.email, invoice_number=body.invoice_number,
                        reason=body.reason, on=_today(), owner_email=body.owner_email)


@router.patch("/disputes/{dispute_id}", response_model=DisputeValue)
def settle_dispute(dispute_id: RowId, body: DisputeResolveIn, user: Reviewer, session: SessionDep) -> DisputeValue:
    """Resolve an open dispute."""
    return resolve_dispute(session, dispute_id=dispute_id, actor=user.email, resolution=body.resolution,
                           on=body.resolved_on or _today())
