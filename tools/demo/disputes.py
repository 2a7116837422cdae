"""Why customers dispute invoices, who on our side owns each kind, and the credit notes that follow."""

from __future__ import annotations

from dataclasses import dataclass

GOODS_DISPUTES = ("short_shipment", "damaged_goods", "pricing_mismatch", "duplicate_billing", "missing_po")
SERVICE_DISPUTES = ("service_not_rendered", "pricing_mismatch", "duplicate_billing", "missing_po")


@dataclass(frozen=True, slots=True)
class DisputeKind:
    owner: str  # the internal mailbox that works the dispute
    team: str  # how we name that team to a customer
    reasons: tuple[str, ...]  # the dispute record's reason, with slots
    credit_reason: str  # the credit note's reason when the customer is right
    outcomes: tuple[tuple[str, int], ...]  # (outcome, weight)


DISPUTE_KINDS: dict[str, DisputeKind] = {
    "short_shipment": DisputeKind(
        owner="ops.claims@ourco.example",
        team="claims",
        reasons=(
            "Short shipment: PO {po} ordered {ordered} units, {received} received",
            "Customer reports {missing} of {ordered} units missing from the delivery",
            "Short delivery on PO {po}: {missing} units not received",
        ),
        credit_reason="Short shipment: {missing} units not delivered{po_ref}",
        outcomes=(("credit", 8), ("rejected", 2)),
    ),
    "damaged_goods": DisputeKind(
        owner="ops.claims@ourco.example",
        team="claims",
        reasons=(
            "Customer says {damaged} of {ordered} cases arrived damaged",
            "Damaged in transit: {damaged} units unusable, carrier claim opened",
            "Goods damaged on arrival ({damaged} of {ordered}); photos received",
        ),
        credit_reason="Return of {damaged} damaged units, RMA {rma}",
        outcomes=(("credit", 7), ("replacement", 3)),
    ),
    "pricing_mismatch": DisputeKind(
        owner="billing.ops@ourco.example",
        team="billing operations",
        reasons=(
            "Pricing mismatch vs PO {po}: invoiced {price_invoiced}/unit, PO says {price_po}",
            "Billed at list price instead of the contract rate",
            "Unit price does not match PO {po}; AP rejected the invoice",
        ),
        credit_reason="Pricing correction: contract rate applied{po_ref}",
        outcomes=(("credit", 17), ("rejected", 3)),
    ),
    "duplicate_billing": DisputeKind(
        owner="billing.ops@ourco.example",
        team="billing operations",
        reasons=(
            "Duplicate billing: same order as {other_invoice}",
            "Customer says this duplicates {other_invoice}, which was paid",
        ),
        credit_reason="Duplicate invoice cancelled (duplicate of {other_invoice})",
        outcomes=(("full_credit", 1),),
    ),
    "service_not_rendered": DisputeKind(
        owner="service.desk@ourco.example",
        team="service desk",
        reasons=(
            "Service not rendered: {month} maintenance visit did not take place",
            "Customer says the billed work was never carried out",
            "Onsite session billed but cancelled by us in {month}",
        ),
        credit_reason="Service not performed in {month}",
        outcomes=(("full_credit", 5), ("credit", 3), ("rejected", 2)),
    ),
    "missing_po": DisputeKind(
        owner="billing.ops@ourco.example",
        team="billing operations",
        reasons=(
            "Missing PO number: customer's AP cannot process the invoice without one",
            "Invoice rejected by AP: no PO number quoted",
        ),
        credit_reason="",
        outcomes=(("po_added", 1),),
    ),
}

# Credit notes that are not the end of a dispute: (reason, smallest and largest share of the invoice,
# whether only a company selling goods would issue it).
ROUTINE_CREDITS: tuple[tuple[str, float, float, bool], ...] = (
    ("Pricing correction: volume tier rate applied", 0.03, 0.12, False),
    ("Pricing correction: promotional discount missed on invoice", 0.05, 0.15, False),
    ("Return of {returned} unsold units, RMA {rma}", 0.08, 0.35, True),
    ("Customer return: wrong item shipped, RMA {rma}", 0.10, 0.40, True),
    ("Quarterly volume rebate", 0.02, 0.05, False),
    ("Goodwill credit for late delivery", 0.03, 0.08, True),
    ("Goodwill credit: service level missed", 0.03, 0.08, False),
)
