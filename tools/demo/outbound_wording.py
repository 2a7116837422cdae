"""What our AR team wrote: reminders by tier, replies to customers, call notes and internal notes.

The history follows the collections policy (docs/collections-policy.md): late fees only when the
contract has one and only from T3, legal or agency wording only from T4, disputed invoices are
never demanded. Slots are filled with `str.format`; every slot a template may use is always given.
"""

from __future__ import annotations

REMINDER_SUBJECTS: dict[str, tuple[str, ...]] = {
    "pre_due": (
        "Upcoming payment: invoice {first_invoice} due {first_due}",
        "Friendly heads-up: {first_invoice} is due on {first_due}",
        "Courtesy reminder - invoice {first_invoice}",
        "{company}: invoice {first_invoice} coming due",
    ),
    "T1": (
        "Reminder: invoice {first_invoice} is now past due",
        "Payment reminder - {invoice_list}",
        "{company}: overdue invoice {first_invoice}",
        "Quick reminder about {first_invoice}",
        "Invoice {first_invoice} - payment not yet received",
    ),
    "T2": (
        "Second reminder: {total} overdue",
        "Overdue balance of {total} on account {customer_id}",
        "Action needed: invoice {first_invoice} is {days} days past due",
        "Following up: {invoice_list} still open",
        "Past-due invoices for {company}",
    ),
    "T3": (
        "Formal demand for payment - account {customer_id}",
        "Urgent: overdue balance of {total}",
        "Past-due notice: {invoice_list}",
        "Immediate attention required: {days} days overdue",
    ),
    "T4": (
        "FINAL NOTICE: account {customer_id} - {total} overdue",
        "Final notice before further action - {company}",
        "Final notice: payment of {total} required by {deadline}",
    ),
    "broken_promise": (
        "Payment not received as promised - {first_invoice}",
        "Following up on your payment promise for {first_invoice}",
        "We have not yet received the payment promised for {promised_date}",
    ),
}

REMINDER_BODIES: dict[str, tuple[str, ...]] = {
    "pre_due": (
        "Hi {first},\n\nA quick heads-up that the invoice below falls due on {first_due}:\n\n{lines}\n\n"
        "If payment is already scheduled, thank you and please ignore this note. If you need a copy of the "
        "invoice or anything else to get it approved, just reply here.\n\n{signature}",
        "Hello {first},\n\nWe like to give our customers a little notice before an invoice falls due. The "
        "following is due on {first_due}:\n\n{lines}\n\nNothing to do if it is already in your payment run."
        "\n\n{signature}",
        "Hi {first},\n\nJust a courtesy reminder that {first_invoice} for {first_amount} is due on "
        "{first_due}. Let us know if anything is holding it up on your side.\n\n{signature}",
    ),
    "T1": (
        "Hi {first},\n\nI hope all is well. Our records show the following invoice is now past due:\n\n"
        "{lines}\n\nIt may simply have crossed in the post; if so, please disregard this email. Otherwise we "
        "would be grateful if you could arrange payment at your earliest convenience.\n\n{signature}",
        "Hello {first},\n\nThis is a friendly reminder that we have not yet received payment for:\n\n"
        "{lines}\n\nIf you have already sent it, thank you, and could you share the payment date and "
        "reference so we can match it?\n\n{signature}",
        "Hi {first},\n\nJust checking in on {invoice_list}, which fell due on {first_due} ({total} in "
        "total). Is there anything you need from us to process it?\n\n{signature}",
        "Dear {first},\n\nA gentle reminder that the invoice below is a few days past its due date:\n\n"
        "{lines}\n\nPayment details are on the invoice. Thanks in advance for your help.\n\n{signature}",
    ),
    "T2": (
        "Hello {first},\n\nWe wrote recently about the invoice(s) below, which remain unpaid:\n\n{lines}\n\n"
        "Total overdue: {total}. Please let us know when we can expect payment, or reply if there is a "
        "problem with any of these invoices so we can sort it out.\n\n{signature}",
        "Hi {first},\n\nOur records show {total} overdue on account {customer_id}; the oldest item is now "
        "{days} days past due:\n\n{lines}\n\nCould you confirm a payment date? If cash flow is a concern, "
        "talk to us and we will look at options.\n\n{signature}",
        "Dear {first},\n\nThis is our second reminder regarding the following past-due balance:\n\n{lines}"
        "\n\nWe would appreciate payment or an update by return email.\n\n{signature}",
        "Hello {first},\n\nFollowing up on our earlier email: {invoice_list} ({total}) is still open on our "
        "side. If it has been paid, please send the remittance so we can apply it.\n\n{signature}",
    ),
    "T3": (
        "Dear {first},\n\nDespite our previous reminders, the following invoices remain unpaid:\n\n{lines}\n\n"
        "Total overdue: {total}, the oldest now {days} days past due. Please arrange payment in full or "
        "contact us within seven days to agree how this balance will be settled.{late_fee}\n\n{signature}",
        "Dear {first},\n\nFormal demand for payment\n\nOur account {customer_id} shows an overdue balance of "
        "{total}:\n\n{lines}\n\nWe ask that this be paid without further delay. If there is a reason the "
        "invoices cannot be paid, reply to this email so that we can resolve it.{late_fee}\n\n{signature}",
        "Dear {first},\n\nWe have written several times about the overdue balance below and have not yet "
        "received payment or a reply:\n\n{lines}\n\nPlease treat this as urgent and confirm a payment date "
        "this week.{late_fee}\n\n{signature}",
    ),
    "T4": (
        "Dear {first},\n\nFINAL NOTICE\n\nThe balance below is now {days} days overdue and remains unpaid "
        "after repeated reminders:\n\n{lines}\n\nTotal due: {total}. Unless payment is received by "
        "{deadline}, we will place the account on credit hold and may refer the debt to a collection "
        "agency. If you believe this notice is in error, contact us before that date.{late_fee}\n\n"
        "{signature}",
        "Dear {first},\n\nThis is our final notice regarding account {customer_id}.\n\n{lines}\n\nPayment of "
        "{total} must reach us by {deadline}. After that date the matter will be passed to our legal "
        "team for further action, which we would much rather avoid. Please call or email us today.{late_fee}"
        "\n\n{signature}",
        "Dear {first},\n\nWe have not received payment or a response to our previous letters concerning "
        "the invoices below:\n\n{lines}\n\nPlease pay {total} by {deadline}. If we do not hear from you by "
        "then, the account will be referred for collection.{late_fee}\n\n{signature}",
    ),
    "broken_promise": (
        "Hi {first},\n\nOn {promise_recorded} you let us know that {first_invoice} ({first_amount}) would be "
        "paid by {promised_date}. We have not received it yet. Could you check with your payments team and "
        "send us the remittance or a new date?\n\n{signature}",
        "Hello {first},\n\nFollowing up on the payment you promised for {promised_date}: it has not arrived "
        "on our side.\n\n{lines}\n\nPlease let us know what happened and when we can expect it.\n\n{signature}",
        "Dear {first},\n\nThe payment of {first_amount} for {first_invoice} that was promised for "
        "{promised_date} has not been received. Please arrange it today or reply with an update.\n\n"
        "{signature}",
    ),
}

LATE_FEE_SENTENCE = " Under the terms of your agreement, overdue balances accrue a late fee of {fee}."

CALL_NOTES: tuple[str, ...] = (
    "Called {phone} about {invoice_list} ({total}, {days} days past due). Left a voicemail asking for "
    "a call back with a payment date.",
    "Called {contact_name} at {company}. They will check with AP and come back to us about "
    "{invoice_list}; {total} overdue.",
    "Spoke to reception at {company}; {contact_name} out today. Left message about {total} overdue ({invoice_list}).",
    "Call to {phone}: no answer, no voicemail. {total} overdue on {invoice_list}. Will try again next week.",
    "Account review call with {contact_name}: walked through the open items ({invoice_list}, {total}). "
    "They asked for a statement; sent after the call.",
)

LETTER_BODY = (
    "Letter sent by post to the billing address on file: final notice for {invoice_list}, {total} "
    "overdue, payment required by {deadline}."
)

WRITE_OFF_NOTES: tuple[str, ...] = (
    "{first_invoice} is {days} days past due ({total}). No payment or reply since the final notice. "
    "Write-off review package prepared for approval.",
    "Escalated {invoice_list} for write-off review: {days} days past due, {total} outstanding, contact "
    "attempts exhausted.",
    "Write-off review: {company}, {total} open on {invoice_list}. Final notice unanswered; recommend "
    "provisioning pending manager decision.",
)

DISPUTE_ACKS: tuple[str, ...] = (
    "Hi {first},\n\nThank you for letting us know about {invoice}. I have opened a case with our "
    "{team} team and put reminders for this invoice on hold while they look into it. We will come back "
    "to you with an answer as soon as we have one.\n\n{signature}",
    "Hello {first},\n\nSorry to hear about the problem with {invoice}. I have logged it as a dispute and "
    "passed it to {team}; you will not receive payment reminders for this invoice in the meantime.\n\n"
    "{signature}",
    "Dear {first},\n\nThanks for the details on {invoice}. The query is now with our {team} team, who will "
    "review it and confirm next steps. Any other open invoices are unaffected.\n\n{signature}",
)

DISPUTE_NOTES = "Dispute logged on {invoice}: {reason}. Routed to {owner}; dunning paused on this invoice."

RESOLUTIONS: dict[str, tuple[str, ...]] = {
    "credit": (
        "Hi {first},\n\nWe have reviewed your query on {invoice} and issued credit note {credit_note} for "
        "{credit_amount}. The remaining balance on the invoice is {remaining}.\n\n{signature}",
        "Hello {first},\n\nGood news on {invoice}: {team} confirmed the issue and we have raised credit note "
        "{credit_note} ({credit_amount}) against it. Please pay the adjusted balance of {remaining}.\n\n"
        "{signature}",
    ),
    "full_credit": (
        "Hi {first},\n\nYou were right about {invoice}. We have cancelled it in full with credit note "
        "{credit_note}; there is nothing to pay on it. Apologies for the trouble.\n\n{signature}",
        "Hello {first},\n\nCredit note {credit_note} has been issued for the full amount of {invoice} "
        "({credit_amount}). Sorry for the inconvenience.\n\n{signature}",
    ),
    "rejected": (
        "Hi {first},\n\n{team} has looked into {invoice}. The signed proof of delivery and the order "
        "confirmation match the invoice, so the full amount of {remaining} remains due. Copies are attached; "
        "let me know if you would like to go through them together.\n\n{signature}",
        "Hello {first},\n\nWe have checked {invoice} against the order and the contract, and the invoice is "
        "correct as issued. Could you please arrange payment of {remaining}? The supporting documents are "
        "attached.\n\n{signature}",
    ),
    "po_added": (
        "Hi {first},\n\nPlease find attached {invoice} reissued with your PO number {po}. The amount of "
        "{remaining} and the due date are unchanged.\n\n{signature}",
        "Hello {first},\n\nWe have added PO {po} to {invoice} and re-sent it to your AP mailbox. Let me know "
        "if anything else is needed for it to be approved.\n\n{signature}",
    ),
    "replacement": (
        "Hi {first},\n\nReplacement goods for the damaged items on {invoice} were delivered on {date}, so the "
        "invoice stands at {remaining}. Thanks for your patience.\n\n{signature}",
    ),
}

QUESTION_ANSWERS: dict[str, tuple[str, ...]] = {
    "invoice_copy": (
        "Hi {first},\n\nOf course, a copy of {invoice} is attached. It is for {amount} and was due on "
        "{due}.\n\n{signature}",
        "Hello {first},\n\nAttached is {invoice} again, together with a statement of your account. Let me "
        "know if it needs to go to a different mailbox in future.\n\n{signature}",
        "Hi {first},\n\nI have re-sent {invoice} to you and to your AP inbox. Shout if it doesn't arrive."
        "\n\n{signature}",
    ),
    "po_question": (
        "Hi {first},\n\n{invoice} relates to PO {po}. I have attached the invoice again with the PO "
        "reference highlighted.\n\n{signature}",
        "Hello {first},\n\nThe order behind {invoice} was placed without a PO on your side. If your AP team "
        "needs one, please send it over and we will reissue the invoice with it.\n\n{signature}",
        "Hi {first},\n\nThe PO for {invoice} is {po}, issued by your purchasing team. Happy to help if AP "
        "needs anything else.\n\n{signature}",
    ),
    "bank_details": (
        "Hi {first},\n\nThank you for checking. Our bank details have NOT changed, and we will never ask you "
        "to change them by email. Please pay only to the account printed on the invoice, and forward the "
        "email you received to security@ourco.example.\n\n{signature}",
        "Hello {first},\n\nGood catch. We have not changed banks. The details on {invoice} are correct; if "
        "you want to confirm them by phone, call our finance team on the number on our website.\n\n"
        "{signature}",
        "Hi {first},\n\nOur remittance details are the same as on every invoice we have sent you. Please "
        "ignore any request to pay a different account and let us know if you receive another one.\n\n"
        "{signature}",
    ),
    "angry": (
        "Hi {first},\n\nI am sorry for the frustration, and thank you for telling us. I have checked the "
        "account and will make sure you only hear from me from now on. Could you let me know what is "
        "needed to get {invoice} paid?\n\n{signature}",
        "Hello {first},\n\nApologies, that is not the experience we want you to have. I have reviewed "
        "{invoice} and paused further automated reminders while we sort this out together.\n\n{signature}",
    ),
    "payment_plan": (
        "Hi {first},\n\nThanks for being upfront with us. I am checking what we can offer on {invoice} and "
        "will come back to you with a proposed schedule within two working days.\n\n{signature}",
        "Hello {first},\n\nWe can usually help with a short instalment plan. I will send a proposal for "
        "{amount} shortly; please keep any payments you can make coming in the meantime.\n\n{signature}",
    ),
    "payment_plan_refused": (
        "Hi {first},\n\nThanks for asking. Unfortunately your agreement with us does not allow instalment "
        "plans, so we do need {invoice} paid in full. If there is a problem with the invoice itself, please "
        "let me know.\n\n{signature}",
    ),
}

PLAN_CONFIRMATIONS: tuple[str, ...] = (
    "Hi {first},\n\nConfirming the payment plan we agreed for {invoice}:\n\n{schedule}\n\nPlease let me "
    "know straight away if any instalment is going to be late.\n\n{signature}",
    "Hello {first},\n\nAs discussed, we are happy to accept {invoice} in instalments:\n\n{schedule}\n\n"
    "Thank you for working with us on this.\n\n{signature}",
)

PROMISE_CALL_NOTES: tuple[str, ...] = (
    "Spoke with {contact_name}: confirmed {amount} for {invoice} will be paid by {promised_date}.",
    "Call with {contact_name} at {company}. Payment of {amount} ({invoice}) promised for {promised_date}.",
    "{contact_name} called back: {invoice} approved, {amount} going out in the run on {promised_date}.",
)

PROMISE_CONFIRMATIONS: tuple[str, ...] = (
    "Hi {first},\n\nThanks for confirming that {amount} for {invoice} will be paid by {promised_date}. "
    "We will hold off on further reminders until then.\n\n{signature}",
    "Hello {first},\n\nNoted: payment of {amount} ({invoice}) by {promised_date}. Much appreciated.\n\n{signature}",
)

SIGNATURES = (
    "Kind regards,\n{sender_name}\nAccounts Receivable | OurCo\n{sender_email}",
    "Best regards,\n{sender_name}\nCredit & Collections, OurCo",
    "Thanks,\n{sender_name}\nOurCo Finance",
)
