"""Where a fact came from: the ledger row behind a fact's source reference ("invoice:INV-1042")."""

from __future__ import annotations

from typing import Any

from review_ui.models import AccountDetail

# source kind → (the account's list of rows, the row field the reference names)
ROW_LISTS = {
    "invoice": ("invoices", "number"), "payment": ("payments", "external_id"), "dispute": ("disputes", "id"),
    "communication": ("communications", "id"), "contact": ("contacts", "id"), "promise": ("promises", "id"),
    "credit_note": ("credit_notes", "number"),
}


def source_row(ref: str | None, account: AccountDetail, rules: dict[str, Any]) -> dict[str, Any] | None:
    """The row a source reference points at, or None when this account has no such row."""
    if not ref or ":" not in ref:
        return None
    kind, key = ref.split(":", 1)
    snapshot = account.account
    if kind == "customer":
        return snapshot.customer
    if kind == "contract":
        return snapshot.contract
    if kind == "rule_set":
        return {k: v for k, v in rules.items() if k.startswith(key)} or None
    if kind not in ROW_LISTS:
        return None
    rows_name, field = ROW_LISTS[kind]
    rows: list[dict[str, Any]] = getattr(snapshot, rows_name)
    return next((row for row in rows if str(row.get(field)) == key), None)
