"""What customers wrote to us, by category, and a classifier that recognises the category again.

Each category has many templates with slots (invoice numbers, amounts, dates, names) so two
replies rarely read alike. A reply is a greeting, one template, a sign-off and a signature; the
template is what `inbound_category` looks for.
"""

from __future__ import annotations

import re
import string
from functools import cache

DISPUTE_INBOUND: dict[str, tuple[str, ...]] = {
    "short_shipment": (
        "We cannot pay {invoice} as invoiced. PO {po} was for {ordered} units and only {received} were "
        "delivered. Please send a credit note for the missing {missing}.",
        "The delivery against {invoice} was short: our receiving team counted {received} of {ordered}. We "
        "will hold payment until this is corrected.",
        "Only {received} of the {ordered} units we ordered turned up, but {invoice} bills for all of them. "
        "Please adjust.",
    ),
    "damaged_goods": (
        "{damaged} of the {ordered} cases on {invoice} arrived damaged; photos attached. We are not paying for "
        "goods we cannot sell.",
        "Several items on this order were broken on arrival ({damaged} of {ordered}). The carrier has the "
        "claim reference. Please hold {invoice} until you have credited the damaged goods.",
        "The pallet for {invoice} was crushed in transit and {damaged} units are unusable. How do you want "
        "us to return them?",
    ),
    "pricing_mismatch": (
        "The unit price on {invoice} ({price_invoiced}) does not match our PO {po} ({price_po}). Please "
        "reissue at the agreed price.",
        "{invoice} has been billed at list price, not at the contract rate we negotiated. Our AP system "
        "rejected it because it does not match PO {po}.",
        "There is a price discrepancy on {invoice}: we agreed {price_po} per unit and you charged "
        "{price_invoiced}. We will pay once it is corrected.",
    ),
    "duplicate_billing": (
        "{invoice} looks like a duplicate of {other_invoice}: same order, same amount. We paid the first "
        "one, so please cancel this.",
        "We have been billed twice for the same delivery ({other_invoice} and {invoice}). Can you void the duplicate?",
        "Our system flagged {invoice} as a duplicate of {other_invoice}, so it has been blocked. Please "
        "confirm it is an error.",
    ),
    "service_not_rendered": (
        "{invoice} charges for the {month} service visit, but nobody came out. Please remove it.",
        "We were invoiced on {invoice} for work that was never carried out; the engineer cancelled twice "
        "and the job is still open.",
        "The training session billed on {invoice} was cancelled by your team in {month} and never "
        "rescheduled. We will not pay for it.",
    ),
    "missing_po": (
        "Our AP team rejected {invoice} because it has no PO number. We cannot process any invoice without "
        "a valid PO, please reissue.",
        "{invoice} came in without a purchase order reference, so it is stuck in our approval workflow. "
        "Please resend it quoting the PO.",
        "Invoice {invoice} is on hold: company policy is no PO, no pay. Please send a corrected copy with "
        "the PO number.",
    ),
}

ALREADY_PAID_REPLIES: tuple[str, ...] = (
    "We paid {invoice} on {date} by {method}, reference {ref}. Please check your bank statement.",
    "This was settled already. Payment of {amount} left our account on {date}; remittance attached.",
    "I think our payments crossed: {invoice} was included in our {date} payment run, {amount} by {method}.",
    "Our records show {invoice} as paid on {date}. If you still cannot see it, send me your bank "
    "details and I will ask our bank to trace it (ref {ref}).",
    "Not sure why we are getting this, {invoice} went out on {date} ({method}). Can you check it has "
    "not been applied to another account?",
    "We sent {amount} for {invoice} on {date}. It can take a few days to clear from our side.",
)
REMITTANCE_ADVICES: tuple[str, ...] = (
    "Remittance advice: {company} has paid {amount} to OurCo on {date} ({method}, ref {ref}) covering {invoice}.",
    "Please find attached the remittance for {invoice}. The funds were sent on {date} under reference {ref}.",
    "Payment notification: {amount} sent {date} via {method}. Invoices paid: {invoice}. Reference: {ref}.",
    "Please be advised that payment of {amount} for invoice {invoice} was released on {date} by {method}.",
)

INBOUND: dict[str, tuple[str, ...]] = {
    "promise_to_pay": (
        "Apologies for the delay on {invoice}. It has been approved and will go out in our payment run on {date}.",
        "Thanks for the reminder. We will pay {amount} against {invoice} by {date}.",
        "Sorry, this one slipped through. I have scheduled {invoice} for payment on {date}; you should see "
        "{amount} arrive shortly after.",
        "Our controller signed off on {invoice} this morning. Expect the transfer of {amount} no later than {date}.",
        "We are waiting on a customer payment ourselves, but {invoice} will be settled by {date} at the latest.",
        "I can confirm {invoice} ({amount}) is in the queue for our next check run on {date}.",
        "Payment for {invoice} has been set up and will leave our account on {date}. I will send the "
        "remittance once it is processed.",
        "Just to let you know we are aware of {invoice}. Funds for {amount} will be released on {date}.",
    ),
    "dispute": tuple(t for templates in DISPUTE_INBOUND.values() for t in templates),
    "already_paid": ALREADY_PAID_REPLIES + REMITTANCE_ADVICES,
    "payment_plan_request": (
        "We are going through a tight cash-flow period. Could we pay {invoice} ({amount}) in {n} monthly "
        "instalments instead of one payment?",
        "Is it possible to split the balance of {amount} into smaller payments? We could do {first_amount} "
        "now and the rest over the next couple of months.",
        "Would you accept a payment plan for {invoice}? A big customer of ours has paid late and we need to "
        "spread this over {n} months.",
        "We want to clear {invoice} but cannot pay {amount} in one go right now. Can we agree on monthly payments?",
        "Could we arrange instalments for the open balance? I can commit to {first_amount} this month and "
        "the remainder spread over {n} payments.",
        "Our bank line is under review until next quarter. Would you allow us to spread {amount} over {n} payments?",
    ),
    "angry": (
        "This is the third email this month about {invoice}. I already told your colleague we are dealing "
        "with it. Please stop chasing.",
        "Frankly this is ridiculous. We have been a customer for years and you send us automated demands "
        "over {amount}?",
        "I am getting really tired of these reminders. {invoice} is with our AP team and will be paid when "
        "it is approved, not before.",
        "Why am I still getting these? Nobody ever answers when we call about {invoice}, and now you want "
        "payment in full?",
        "Stop sending me reminders every few days. If you want to be paid, fix the problems with your invoices first.",
        "I am very disappointed with how this account is being handled. {invoice} has been {days} days in "
        "dispute on our side and all we get is more emails.",
        "Your reminders are not helping. Escalate this to someone who can actually look at {invoice}.",
    ),
    "out_of_office": (
        "I am out of the office until {return_date} with limited access to email. For urgent accounts "
        "payable matters please contact {alt_name} at {alt_email}.",
        "Thank you for your email. I am currently on annual leave and will return on {return_date}. Your "
        "message will not be forwarded.",
        "Automatic reply: I am away until {return_date}. For invoice queries please write to {alt_email}.",
        "I'm out travelling this week and back on {return_date}. I will reply as soon as I can.",
        "Thanks for your message. I am on parental leave until {return_date}; {alt_name} ({alt_email}) is "
        "covering accounts payable.",
        "This mailbox is not monitored between {leave_start} and {return_date}. Please resend invoices and "
        "statements to {alt_email}.",
        "I am attending a conference and will have limited access to email until {return_date}.",
    ),
    "invoice_copy_request": (
        "We cannot find {invoice} in our system. Could you send us a copy?",
        "Can you resend {invoice}? It seems it never reached our AP inbox.",
        "Please send a PDF copy of {invoice} together with a statement of account.",
        "I have been asked by our auditors for copies of all invoices this year, starting with {invoice}. "
        "Could you email them over?",
        "Could you send {invoice} again to our new invoices address? The old one is no longer monitored.",
        "The copy of {invoice} we received is unreadable (the scan is cut off). Please resend.",
    ),
    "po_number_question": (
        "Which PO number does {invoice} relate to? Our system will not release payment without one.",
        "Can you confirm the purchase order for {invoice}? I cannot match it to anything on our side.",
        "We need the PO reference on {invoice} before we can approve it. Who placed this order?",
        "Our new AP process requires a PO on every invoice. Could you tell me the PO for {invoice} ({amount})?",
        "Is {invoice} covered by the blanket PO or by a separate order? Please advise.",
        "Could you add our PO number to {invoice}? Without it, it sits in the exceptions queue.",
    ),
    "bank_details_question": (
        "We received an email saying your bank details have changed. Can you confirm before we pay {invoice}?",
        "Please confirm your remittance details for {invoice}. Our treasury team requires call-back "
        "verification for new suppliers.",
        "Has your bank account changed? A letter arrived with new details and I want to check before paying {amount}.",
        "Before we release {amount} for {invoice}, can you confirm the IBAN and SWIFT code we should use?",
        "Someone claiming to be from your finance team asked us to update your bank details. Is that genuine?",
        "Could you send us a signed letter on company letterhead with your bank details? Our vendor "
        "onboarding needs it before we can pay {invoice}.",
    ),
    "opt_out": (
        "Please remove me from these emails. I no longer handle payables; write to {alt_email} instead.",
        "I have left the finance team. Kindly stop sending reminders to this address.",
        "Unsubscribe. I am not the right contact for invoices, please use {alt_email}.",
        "Please do not contact me about invoices any more. Our accounts payable team is at {alt_email}.",
        "I'm leaving {company} at the end of the month, so please take me off your mailing list.",
        "Can you stop emailing me directly? All billing correspondence should go to {alt_email}.",
    ),
}

GREETINGS = (
    "Hi {to},",
    "Hello {to},",
    "Hi,",
    "Hello,",
    "Good morning,",
    "Dear {to},",
    "Hi there,",
    "Morning {to},",
    "Good afternoon,",
)
SIGN_OFFS = ("Thanks,", "Best regards,", "Kind regards,", "Regards,", "Cheers,", "Many thanks,", "Thank you,", "Best,")


def compose_inbound(core: str, *, greeting: str, sign_off: str, signature: str) -> str:
    """A full email: greeting, the template text, sign-off and signature."""
    return f"{greeting}\n\n{core}\n\n{sign_off}\n{signature}"


def _pattern(template: str) -> str:
    parts = []
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(r".+?")
    return "".join(parts)


@cache
def _classifier() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (category, re.compile(_pattern(template), re.DOTALL))
        for category, templates in INBOUND.items()
        for template in templates
    )


def inbound_categories(body: str) -> list[str]:
    """Every category whose template text `body` contains (one, for a generated reply)."""
    found: list[str] = []
    for category, pattern in _classifier():
        if category not in found and pattern.search(body):
            found.append(category)
    return found


def inbound_category(body: str) -> str | None:
    """The category of a generated inbound email, or None if no template matches."""
    found = inbound_categories(body)
    return found[0] if found else None
