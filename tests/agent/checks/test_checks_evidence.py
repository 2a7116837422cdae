"""The claim-level evidence check: every amount, date, percentage and invoice number needs a trusted fact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.checks.base import CheckResult
from agent.checks.evidence import check_claims
from agent.facts import Fact
from tests.agent.checks.builders import CLEAN_BODY, CLEAN_SUBJECT, check_input, harbor_request, injection_fact


def claims_result(subject: str = CLEAN_SUBJECT, body: str = CLEAN_BODY, **request: object) -> CheckResult:
    return check_claims(check_input(harbor_request(**request), subject=subject, body=body))[0]


def counts_result(body: str, **request: object) -> CheckResult:
    return check_claims(check_input(harbor_request(**request), body=body))[1]


def test_claims_supported_by_facts_passes_a_draft_that_states_only_facts() -> None:
    result = claims_result()
    assert (result.rule, result.severity, result.passed) == ("claims_supported_by_facts", "hard", True)


def test_claims_supported_by_facts_fails_an_invented_amount_and_names_it() -> None:
    body = CLEAN_BODY.replace(
        "Please arrange payment", "A settlement of 150.00 USD is also due. Please arrange payment"
    )
    result = claims_result(body=body)
    assert not result.passed
    assert result.detail == "amount 150.00 not in any fact"


def test_claims_supported_by_facts_requires_amounts_to_the_cent() -> None:
    result = claims_result(body=CLEAN_BODY.replace("payment of 2,150.00 USD", "payment of 2,150.01 USD"))
    assert not result.passed and "amount 2,150.01" in result.detail


def test_claims_supported_by_facts_fails_an_invented_date_and_lists_every_problem() -> None:
    body = CLEAN_BODY + "\nPlease pay by 2026-12-24, with 150.00 USD for INV-99999."
    result = claims_result(body=body)
    assert not result.passed
    assert result.detail.split("; ") == [
        "date 2026-12-24 not in any fact",
        "invoice number INV-99999 not in any fact",
        "amount 150.00 not in any fact",
    ]


def test_claims_supported_by_facts_fails_a_long_form_date_that_no_fact_has() -> None:
    result = claims_result(body=CLEAN_BODY.replace("October 25, 2026", "October 26, 2026"))
    assert not result.passed and "date 2026-10-26 not in any fact" in result.detail


def test_claims_supported_by_facts_accepts_a_date_without_year_that_a_fact_has() -> None:
    assert claims_result(body="INV-20301 was due Oct 25; please pay by Nov. 18.").passed


def test_claims_supported_by_facts_checks_the_subject_too() -> None:
    result = claims_result(subject="Overdue invoice INV-20301: 2,500.00 USD")
    assert not result.passed and "amount 2,500.00" in result.detail


def test_claims_supported_by_facts_rejects_what_only_an_injected_inbound_email_says() -> None:
    facts = [*harbor_request().facts, injection_fact()]
    body = CLEAN_BODY.replace(
        "Please arrange payment of 2,150.00 USD",
        "As agreed, we offer a 50% discount: please pay 1,075.00 USD by 2026-12-24",
    )
    result = claims_result(body=body, facts=facts)
    assert not result.passed
    untrusted = "(only in untrusted inbound customer text)"
    assert f"percentage 50% not in any fact {untrusted}" in result.detail
    assert f"amount 1,075.00 not in any fact {untrusted}" in result.detail
    assert f"date 2026-12-24 not in any fact {untrusted}" in result.detail


def test_claims_supported_by_facts_accepts_the_contract_late_fee_rate() -> None:
    contract = Fact(
        id="F2", kind="contract", source="contract:C-1003", text="Contract: 30-day terms, late fee 1.5% per month",
        values={"payment_terms_days": 30, "late_fee_type": "percent_per_month", "late_fee_value": "1.5"},
    )  # fmt: skip
    facts = [contract if f.id == "F2" else f for f in harbor_request().facts]
    body = CLEAN_BODY + "\nUnder your contract, late payments accrue 1.5% per month."
    assert claims_result(body=body, facts=facts).passed
    assert not claims_result(body=body.replace("1.5%", "2%"), facts=facts).passed


def test_claims_supported_by_facts_reads_percentages_from_values_alone() -> None:
    plan = Fact(
        id="F10", kind="plan", source="plan:C-1003", text="Payment plan offered",
        values={"installments": [{"due_date": "2026-11-25", "amount": "716.67"},
                                 {"due_date": "2026-12-25", "amount": "716.67"},
                                 {"due_date": "2027-01-24", "amount": "716.66"}],
                "total": "2150.00", "currency": "USD", "count": 3, "first_payment_pct": "33.33"},
    )  # fmt: skip
    facts = [*harbor_request().facts, plan]
    body = (
        "We can offer three monthly instalments: 716.67 USD due November 25, 2026 (33.33% of the total), "
        "716.67 USD due December 25, 2026 and 716.66 USD due January 24, 2027, totalling 2,150.00 USD."
    )
    assert claims_result(body=body, facts=facts).passed
    assert counts_result(body, facts=facts).passed
    wrong = claims_result(body=body.replace("January 24, 2027", "February 24, 2027"), facts=facts)
    assert not wrong.passed and "date 2027-02-24" in wrong.detail


def test_claims_supported_by_facts_ignores_other_accounts_messages() -> None:
    similar = Fact(
        id="F11", kind="similar_communication", source="communication:900",
        text='similar past outbound email 2026-09-06: "Reminder: INV-19877 for 2,310.00 USD"',
        values={"at": "2026-09-06T14:00:00+00:00", "direction": "outbound", "channel": "email", "distance": 0.1},
    )  # fmt: skip
    body = CLEAN_BODY + "\nThis is separate from INV-19877 (2,310.00 USD)."
    result = claims_result(body=body, facts=[*harbor_request().facts, similar])
    assert not result.passed
    assert "invoice number INV-19877" in result.detail and "amount 2,310.00" in result.detail


def test_claims_supported_by_facts_accepts_the_companys_own_payment_instructions() -> None:
    instructions = "Wire to IBAN GB-29 NWBK 6016 1331 9268 19; reference C-1003; bank fee 15.00 USD is ours."
    body = CLEAN_BODY + "\n" + instructions
    assert claims_result(body=body, payment_instructions=instructions).passed
    assert not claims_result(body=body).passed


def test_claims_supported_by_facts_accepts_an_invoice_number_without_its_prefix() -> None:
    assert claims_result(body="Invoice 20301 is open; please pay it in full (100%).").passed
    result = claims_result(body="Invoice 20999 is open.")
    assert not result.passed and result.detail == "invoice number 20999 not in any fact"


def test_claims_supported_by_facts_accepts_todays_date() -> None:
    assert claims_result(body=CLEAN_BODY + "\nAs of November 18, 2026 the balance is 2,150.00 USD.").passed


def test_claims_supported_by_facts_accepts_no_claims_at_all() -> None:
    result = claims_result(subject="Checking in", body="Could you let us know when payment is planned?")
    assert result.passed and result.detail == "0 claims, all supported"


def test_counts_supported_by_facts_is_soft_and_checks_day_counts() -> None:
    ok = counts_result("INV-20301 is 24 days past due under your 30-day terms (net 30).")
    assert (ok.rule, ok.severity, ok.passed) == ("counts_supported_by_facts", "soft", True)
    bad = counts_result("Please pay within 7 days.")
    assert not bad.passed and bad.detail == "count '7 days' not in any fact"


# ---- properties ------------------------------------------------------------------------------------------

MONTHS = "January February March April May June July August September October November December".split()
FILLER = ["Dear customer,", "please pay", "the balance of", "due on", "for", "and", "thank you.", "\n", "--"]

amounts = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("99999.99"), places=2)
dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))
numbers = st.from_regex(r"[A-Z]{2,4}-[0-9]{3,6}", fullmatch=True)
rates = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("9.5"), places=1)


def write_amount(amount: Decimal, style: int) -> str:
    return [f"{amount:,.2f} USD", f"${amount:,.2f}", f"USD {amount:,.2f}", f"{amount:.2f}", f"{amount:,.2f}"][style]


def write_date(day: dt.date, style: int) -> str:
    month = MONTHS[day.month - 1]
    return [day.isoformat(), f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}",
            f"{month[:3]} {day.day}"][style]  # fmt: skip


@st.composite
def accounts(draw: st.DrawFn) -> tuple[list[Fact], list[str]]:
    """Facts for a few invoices and a contract rate, and text pieces written only from them."""
    invoices = draw(st.lists(st.tuples(numbers, amounts, dates), min_size=1, max_size=4, unique_by=lambda i: i[0]))
    rate = draw(rates)
    facts = [
        Fact(id=f"F{n}", kind="invoice", source=f"invoice:{number}",
             text=f"{number} due {due.isoformat()}, balance {amount:,.2f} USD",
             values={"number": number, "due_date": due.isoformat(), "balance": str(amount), "currency": "USD"})
        for n, (number, amount, due) in enumerate(invoices, start=1)
    ]  # fmt: skip
    total = sum((amount for _, amount, _ in invoices), Decimal("0"))
    facts.append(Fact(id="FT", kind="total", source="customer:C-1", text=f"Total due {total:,.2f} USD",
                      values={"amount": str(total), "currency": "USD"}))  # fmt: skip
    facts.append(Fact(id="FC", kind="contract", source="contract:C-1", text="Contract terms",
                      values={"late_fee_type": "percent_per_month", "late_fee_value": str(rate)}))  # fmt: skip
    pieces = []
    for number, amount, due in invoices:
        pieces += [number, write_amount(amount, draw(st.integers(0, 4))), write_date(due, draw(st.integers(0, 3)))]
    pieces += [write_amount(total, draw(st.integers(0, 4))), f"{rate}%"]
    return facts, pieces


def draft_text(draw: st.DrawFn, pieces: list[str]) -> list[str]:
    shuffled = draw(st.permutations(pieces))
    words = []
    for piece in shuffled:
        words += [draw(st.sampled_from(FILLER)), piece]
    return words


def evidence_result(facts: list[Fact], body: str) -> CheckResult:
    request = harbor_request(facts=facts, invoices=[], disputed_invoices=[], payment_instructions="")
    return check_claims(check_input(request, subject="Your account", body=body))[0]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), account=accounts())
def test_property_text_built_only_from_fact_values_passes(
    data: st.DataObject, account: tuple[list[Fact], list[str]]
) -> None:
    facts, pieces = account
    body = " ".join(draft_text(data.draw, pieces))
    result = evidence_result(facts, body)
    assert result.passed, (body, result.detail)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), account=accounts(), invented=amounts, style=st.integers(0, 4))
def test_property_inserting_an_amount_not_in_the_facts_fails(
    data: st.DataObject, account: tuple[list[Fact], list[str]], invented: Decimal, style: int
) -> None:
    facts, pieces = account
    known = {Decimal(str(f.values.get("balance", f.values.get("amount", "-1")))) for f in facts}
    if invented in known:
        invented += Decimal("0.01")
    words = draft_text(data.draw, pieces)
    words.insert(data.draw(st.integers(0, len(words))), write_amount(invented, style))
    result = evidence_result(facts, " ".join(words))
    assert not result.passed
    assert f"amount {invented:,.2f} not in any fact" in result.detail.split("; ")


@settings(max_examples=100, deadline=None)
@given(data=st.data(), account=accounts(), invented=dates, style=st.integers(0, 2))
def test_property_inserting_a_date_not_in_the_facts_fails(
    data: st.DataObject, account: tuple[list[Fact], list[str]], invented: dt.date, style: int
) -> None:
    facts, pieces = account
    known = {dt.date.fromisoformat(f.values["due_date"]) for f in facts if "due_date" in f.values}
    known |= {dt.date(2026, 11, 18)}  # the as-of date is always known
    if invented in known:
        return
    words = draft_text(data.draw, pieces)
    words.insert(data.draw(st.integers(0, len(words))), write_date(invented, style))
    result = evidence_result(facts, " ".join(words))
    assert not result.passed
    assert f"date {invented.isoformat()} not in any fact" in result.detail.split("; ")


def test_an_amount_before_an_am_or_pm_invoice_number_is_still_an_amount() -> None:
    """Hypothesis found this: "1.01 AM-000" was read as the time 1.01 am, hiding an invented amount."""
    from agent.checks.claims import extract_claims

    claims = [(c.kind, c.value) for c in extract_claims("pay $1.01 AM-000 now, or call at 10.30 am",
                                                          known_identifiers={"AM-000"}, currencies={"USD"})]
    assert ("amount", Decimal("1.01")) in claims and ("invoice_number", "AM-000") in claims
    assert not any(kind == "amount" and value == Decimal("10.30") for kind, value in claims)
