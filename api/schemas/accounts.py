"""Accounts and what collectors record on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import NO_NUL, Day, Email, Moment, Note
from tools.portfolio import AccountSummary

InvoiceNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=NO_NUL)]
Money = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]


class AccountListOut(BaseModel):
    items: list[AccountSummary]
    total: int


class CallIn(BaseModel):
    """An outbound call made, or an inbound call taken, with what was said."""

    direction: Literal["outbound", "inbound"] = "outbound"
    summary: Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=NO_NUL)]
    subject: Note | None = None
    contact: Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)] | None = None
    at: Moment | None = None  # default: now


class PromiseIn(BaseModel):
    amount: Money
    promised_date: dt.date
    invoice_numbers: list[InvoiceNumber] = Field(default_factory=list, max_length=200)
    made_by: Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)] | None = None


class DisputeIn(BaseModel):
    invoice_number: InvoiceNumber
    reason: Annotated[str, StringConstraints(min_length=1, max_length=5_000, pattern=NO_NUL)]
    owner_email: Email | None = None


class DisputeResolveIn(BaseModel):
    status: Literal["resolved"] = "resolved"
    resolution: Annotated[str, StringConstraints(min_length=1, max_length=5_000, pattern=NO_NUL)]
    resolved_on: Day | None = None  # default: today


