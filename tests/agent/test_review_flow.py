"""Decisions resume the thread: approve sends once, edits are re-checked, changes supersede."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from agent.drafters.llm import LLMDrafter, make_openai_client
from agent.drafters.template import TemplateDrafter
from tests.agent.conftest import AS_OF
from tests.support.fake_llm_server import invented_late_fee_answer
from tools.agent_port import DecisionRefused
from tools.drafts import get_draft
from tools.ledger import record_payment
from tools.models import Communication, Contact, Dispute, Invoice, OutboxMessage, Review

COLLECTOR = {"actor": "casey@ourco.example", "role": "collector"}
MANAGER = {"actor": "morgan@ourco.example", "role": "manager"}


def test_approve_sends_exactly_once_and_logs_it(world):
    agent = world.make()
    result = agent.run_account(world.customer_id("C-1001"), as_of=AS_OF)
    assert result.outcome == "queued"
    outcome = agent.decide(result.draft_id, {"kind": "approve", **COLLECTOR})
    assert outcome.outcome == "sent"
    files = list(world.outbox.glob("*.eml"))
    assert len(files) == 1
    assert "INV-20417" in files[0].read_text()
    with pytest.raises(DecisionRefused, match="not waiting for review"):
        agent.decide(result.draft_id, {"kind": "approve", **COLLECTOR})
    with world.factory() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        logged = session.scalars(select(Communication).where(Communication.draft_id == result.draft_id)).one()
        assert logged.direction == "outbound" and logged.recipient == "ap@northwind.example"
        assert get_draft(session, draft_id=result.draft_id).status == "sent"
    assert len(list(world.outbox.glob("*.eml"))) == 1


def test_final_notice_needs_a_manager(world):
    agent = world.make()
    result = agent.run_account(world.customer_id("C-1007"), as_of=AS_OF)
    with pytest.raises(DecisionRefused, match="manager"):
        agent.decide(result.draft_id, {"kind": "approve", **COLLECTOR})
    assert agent.decide(result.draft_id, {"kind": "approve", **MANAGER}).outcome == "sent"
    with world.factory() as session:
        assert get_draft(session, draft_id=result.draft_id).manager_approved_by == MANAGER["actor"]


def _record_payment(world, customer_external_id):
    with world.factory.begin() as session:
        customer_id = world.customer_id(customer_external_id)
        invoice = session.scalars(select(Invoice).where(Invoice.number == "INV-20417")).one()
        record_payment(session, customer_id=customer_id, external_id="late-payment-1", amount=Decimal("1200.00"),
                       received_on=dt.date(2026, 11, 18), allocations={invoice.number: Decimal("1200.00")})


def _open_dispute(world, customer_external_id):
    with world.factory.begin() as session:
        invoice = session.scalars(select(Invoice).where(Invoice.number == "INV-20417")).one()
        session.add(Dispute(external_id="d-after", invoice_id=invoice.id, opened_on=dt.date(2026, 11, 18),
                            reason="price differs from PO", status="open", owner_email="claims@ourco.example"))


def _opt_out(world, customer_external_id):
    with world.factory.begin() as session:
        contact = session.scalars(select(Contact).where(Contact.email == "ap@northwind.example")).one()
        contact.opted_out = True


@pytest.mark.parametrize(("change", "next_action"), [
    (_record_payment, "no_action"), (_open_dispute, "route_dispute"), (_opt_out, "no_action"),
], ids=["payment", "dispute", "opt-out"])
def test_change_after_drafting_supersedes_at_send_time(world, change, next_action):
    agent = world.make()
    result = agent.run_account(world.customer_id("C-1001"), as_of=AS_OF)
    change(world, "C-1001")
    outcome = agent.decide(result.draft_id, {"kind": "approve", **COLLECTOR})
    assert outcome.outcome == "superseded"
    assert list(world.outbox.glob("*.eml")) == []
    with world.factory() as session:
        assert get_draft(session, draft_id=result.draft_id).status == "superseded"
        assert outcome.new_draft_id is not None
        assert get_draft(session, draft_id=outcome.new_draft_id).action == next_action


def test_edit_is_rechecked_and_a_hard_failure_blocks_until_a_manager_overrides(world):
    agent = world.make()
    result = agent.run_account(world.customer_id("C-1001"), as_of=AS_OF)
    with world.factory() as session:
        draft = get_draft(session, draft_id=result.draft_id)
    bad_body = draft.body.replace("1,200.00 USD", "1,275.00 USD including a late fee of 75.00 USD")
    blocked = agent.decide(result.draft_id, {"kind": "approve", "body": bad_body, **COLLECTOR})
    assert blocked.outcome == "blocked"
    assert {"claims_supported_by_facts", "no_fee_without_clause"} <= {c["rule"] for c in blocked.failing_checks}
    assert list(world.outbox.glob("*.eml")) == []
    with pytest.raises(DecisionRefused, match="hard checks fail"):
        agent.decide(result.draft_id, {"kind": "approve", **COLLECTOR})
    with pytest.raises(DecisionRefused):
        agent.decide(result.draft_id, {"kind": "approve", "override_reason": "customer agreed by phone", **COLLECTOR})
    sent = agent.decide(result.draft_id, {"kind": "approve", "override_reason": "fee agreed in writing on 2026-11-17",
                                          **MANAGER})
    assert sent.outcome == "sent"
    with world.factory() as session:
        reviews = session.scalars(select(Review).where(Review.draft_id == result.draft_id).order_by(Review.id)).all()
        assert [r.decision for r in reviews] == ["edit", "approve"]
        assert "late fee" in reviews[0].diff and reviews[0].edit_distance > 0


def test_good_edit_is_kept_as_a_diff_and_sent(world):
    agent = world.make()
    result = agent.run_account(world.customer_id("C-1001"), as_of=AS_OF)
    with world.factory() as session:
        draft = get_draft(session, draft_id=result.draft_id)
    body = draft.body.replace("I hope all is well.", "I hope the quarter-end is going smoothly.")
    assert body != draft.body
    assert agent.decide(result.draft_id, {"kind": "approve", "body": body, **COLLECTOR}).outcome == "sent"
    [eml] = world.outbox.glob("*.eml")
    assert "quarter-end" in eml.read_text()
    with world.factory() as session:
        assert get_draft(session, draft_id=result.draft_id).original_body == draft.body


def test_reject_and_snooze_close_the_thread_without_sending(world):
    agent = world.make()
    first = agent.run_account(world.customer_id("C-1001"), as_of=AS_OF)
    with pytest.raises(DecisionRefused, match="reason_code"):
        agent.decide(first.draft_id, {"kind": "reject", **COLLECTOR})
    assert agent.decide(first.draft_id, {"kind": "reject", "reason_code": "tone", **COLLECTOR}).outcome == "rejected"
    second = agent.run_account(world.customer_id("C-1009"), as_of=AS_OF)
    until = (AS_OF + dt.timedelta(days=3)).isoformat()
    assert agent.decide(second.draft_id, {"kind": "snooze", "snooze_until": until, **COLLECTOR}).outcome == "snoozed"
    assert agent.run_account(world.customer_id("C-1009"), as_of=AS_OF).outcome == "waiting"
    assert list(world.outbox.glob("*.eml")) == []


def test_llm_draft_with_invented_fee_is_caught_and_cannot_be_sent(world, fake_llm):
    fake_llm.respond_with(invented_late_fee_answer(invoice_number="INV-20150", true_balance="4,125.50",
                                                   cited_facts=["F4"]))
    client = make_openai_client(fake_llm.base_url, "k", 5.0)
    agent = world.make(drafter=LLMDrafter(client, "m", timeout=5.0, max_retries=0, fallback=TemplateDrafter()))
    result = agent.run_account(world.customer_id("C-1003"), as_of=AS_OF)
    with world.factory() as session:
        draft = get_draft(session, draft_id=result.draft_id)
    assert draft.drafter == "llm"
    failed = {c["rule"] for c in draft.hard_failures}
    assert {"claims_supported_by_facts", "no_fee_without_clause"} <= failed
    assert draft.confidence <= 0.3
    with pytest.raises(DecisionRefused, match="hard checks fail"):
        agent.decide(result.draft_id, {"kind": "approve", **COLLECTOR})
    assert list(world.outbox.glob("*.eml")) == []
