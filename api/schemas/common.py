"""Constrained field types shared by the request schemas."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints

# Postgres text cannot hold NUL; refusing it in the schema keeps such input a 422, not a database error.
NO_NUL = r"^[^\x00]*$"

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)]
Text = Annotated[str, StringConstraints(max_length=20_000, pattern=NO_NUL)]
Note = Annotated[str, StringConstraints(max_length=2_000, pattern=NO_NUL)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200,
                                         pattern=r"^[^@\s\x00]+@[^@\s\x00]+$")]
Id = Annotated[int, Field(ge=1, le=2_147_483_647, strict=True)]  # strict: true is not draft 1
# Dates and times a ledger can mean; outside them date arithmetic (month-ends, windows) would overflow.
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))]
Moment = Annotated[AwareDatetime, Field(ge=dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
                                        le=dt.datetime(2999, 12, 31, tzinfo=dt.UTC))]
