"""Who may be contacted and how often."""

from __future__ import annotations

import datetime as dt

from agent.checks.base import ContactInfo
from agent.checks.contact import check_max_per_week, check_min_days, check_recipient
from tests.agent.checks.builders import AS_OF, RECIPIENT, check_input, harbor_request
from tools.rules import Rules

INTERNAL_REQUEST = harbor_request(action="call_task", recipient_email=None)


def days_ago(days: float) -> dt.datetime:
    return AS_OF - dt.timedelta(days=days)


# ---- recipient_valid -------------------------------------------------------------------------------------


def test_recipient_valid_passes_a_known_contact_in_any_case() -> None:
    result = check_recipient(check_input(recipient="Payables@HarborLog.example"))
    assert (result.rule, result.severity, result.passed) == ("recipient_valid", "hard", True)


def test_recipient_valid_fails_an_address_that_is_not_a_contact() -> None:
    result = check_recipient(check_input(recipient="ceo@harborlog.example"))
    assert not result.passed and result.detail == "ceo@harborlog.example is not a contact of this customer"


def test_recipient_valid_fails_an_opted_out_contact() -> None:
    contacts = [ContactInfo(name="Jo Kim", email=RECIPIENT, opted_out=True)]
    result = check_recipient(check_input(contacts=contacts))
    assert not result.passed and "opted out" in result.detail


def test_recipient_valid_fails_a_customer_message_without_a_recipient() -> None:
    assert not check_recipient(check_input(recipient=None)).passed


def test_recipient_valid_passes_an_internal_note_without_a_recipient() -> None:
    result = check_recipient(check_input(INTERNAL_REQUEST, recipient=None))
    assert result.passed and result.detail == "internal action"


def test_recipient_valid_fails_an_internal_note_addressed_to_the_customer() -> None:
    assert not check_recipient(check_input(INTERNAL_REQUEST, recipient=RECIPIENT)).passed


# ---- min_days_between_contacts ---------------------------------------------------------------------------


def test_min_days_between_contacts_fails_a_contact_three_days_ago() -> None:
    result = check_min_days(check_input(outbound_contact_times=[days_ago(30), days_ago(3)]))
    assert (result.rule, result.severity, result.passed) == ("min_days_between_contacts", "hard", False)
    assert "3.0 days" in result.detail and "minimum gap is 5 days" in result.detail


def test_min_days_between_contacts_passes_exactly_the_minimum_gap() -> None:
    assert check_min_days(check_input(outbound_contact_times=[days_ago(5)])).passed
    assert not check_min_days(check_input(outbound_contact_times=[days_ago(4.99)])).passed


def test_min_days_between_contacts_counts_an_already_scheduled_contact() -> None:
    assert not check_min_days(check_input(outbound_contact_times=[AS_OF + dt.timedelta(days=1)])).passed


def test_min_days_between_contacts_passes_with_no_history_and_for_internal_notes() -> None:
    assert check_min_days(check_input(outbound_contact_times=[])).passed
    result = check_min_days(check_input(INTERNAL_REQUEST, recipient=None, outbound_contact_times=[days_ago(1)]))
    assert result.passed and result.detail == "internal action"


# ---- max_contacts_per_week -------------------------------------------------------------------------------


def test_max_contacts_per_week_fails_when_the_week_is_full() -> None:
    rules = Rules(min_days_between_contacts=0)
    result = check_max_per_week(check_input(rules=rules, outbound_contact_times=[days_ago(6), days_ago(2)]))
    assert (result.rule, result.severity, result.passed) == ("max_contacts_per_week", "hard", False)
    assert result.detail == "2 contacts in the last 7 days already; the limit is 2 a week"


def test_max_contacts_per_week_passes_below_the_limit() -> None:
    rules = Rules(min_days_between_contacts=0)
    assert check_max_per_week(check_input(rules=rules, outbound_contact_times=[days_ago(8), days_ago(2)])).passed


def test_max_contacts_per_week_skips_internal_notes() -> None:
    times = [days_ago(1), days_ago(2), days_ago(3)]
    result = check_max_per_week(check_input(INTERNAL_REQUEST, recipient=None, outbound_contact_times=times))
    assert result.passed and result.detail == "internal action"
