"""Import customers, with their contacts and contract terms (through the ORM: a few thousand rows at most)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String, any_, literal, select
from sqlalchemy.dialects.postgresql import ARRAY

from tools.importers.readers import parse_flag
from tools.importers.tabular import parsers
from tools.importers.tabular.job import TableImportSummary, TableJob
from tools.importers.tabular.parsers import CONTACT_ROLES, LATE_FEE_TYPES, SEGMENTS
from tools.models import Contact, Contract, Customer, utcnow

_CUSTOMER_FIELDS = ("name", "segment", "timezone", "language", "owner_email", "automation_excluded")
_CONTRACT_FIELDS = ("payment_terms_days", "late_fee_type", "late_fee_value", "payment_plans_allowed")
_CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "contact_role", "contact_primary",
                   "contact_opted_out")


def import_customers(job: TableJob, summary: TableImportSummary) -> None:
    """Upsert each customer of the file with its contract terms and contacts."""
    ids = job.parse("customer_id", parsers.text(64), required=True)
    values: dict[str, list[Any]] = {
        "name": job.parse("name", parsers.text(200)),
        "segment": job.parse("segment", parsers.choice(SEGMENTS)),
        "timezone": job.parse("timezone", parsers.timezone),
        "language": job.parse("language", parsers.text(16)),
        "owner_email": job.parse("owner_email", parsers.email),
        "automation_excluded": job.parse("automation_excluded", parsers.optional(parse_flag)),
        "payment_terms_days": job.parse("payment_terms_days", parsers.terms_days),
        "late_fee_type": job.parse("late_fee_type", parsers.choice(LATE_FEE_TYPES)),
        "late_fee_value": job.parse("late_fee_value", parsers.fee_value),
        "payment_plans_allowed": job.parse("payment_plans_allowed", parsers.optional(parse_flag)),
        "contact_name": job.parse("contact_name", parsers.text(200)),
        "contact_email": job.parse("contact_email", parsers.email),
        "contact_phone": job.parse("contact_phone", parsers.text(64)),
        "contact_role": job.parse("contact_role", parsers.choice(CONTACT_ROLES)),
        "contact_primary": job.parse("contact_primary", parsers.optional(parse_flag)),
        "contact_opted_out": job.parse("contact_opted_out", parsers.optional(parse_flag)),
    }
    accounts, contacts = _group_customer_rows(job, ids, values)
    existing = {c.external_id: c for c in job.session.scalars(
        select(Customer).where(Customer.external_id == any_(literal(list(accounts), ARRAY(String))))
    )}
    for external_id, account in accounts.items():
        if external_id not in existing and "name" not in account:
            job.problems.add(account["_row"], job.column("name"), f"new customer {external_id} needs a name")
    job.problems.raise_if_any()

    for external_id, account in accounts.items():
        fields = {f: account[f] for f in _CUSTOMER_FIELDS if f in account}
        customer = existing.get(external_id)
        if customer is None:
            customer = Customer(external_id=external_id, segment="standard", timezone="UTC", language="en",
                                automation_excluded=False, rule_overrides={})
            _assign(customer, fields)
            job.session.add(customer)
            existing[external_id] = customer
            summary.customers_created += 1
        elif _assign(customer, fields):
            summary.customers_updated += 1
    job.session.flush()
    by_id = {e: c.id for e, c in existing.items()}
    _write_contracts(job, accounts, by_id)
    _write_contacts(job, contacts, by_id, summary)


def _group_customer_rows(
    job: TableJob, ids: list[str | None], values: dict[str, list[Any]]
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """One record per customer (its fields must agree across rows) and one per contact row."""
    accounts: dict[str, dict[str, Any]] = {}
    contacts: list[dict[str, Any]] = []
    contact_rows: dict[tuple[str, str], int] = {}
    primary_rows: dict[str, int] = {}
    for index, (row, external_id) in enumerate(zip(job.rows, ids, strict=True)):
        if external_id is None:
            continue
        account = accounts.setdefault(external_id, {"_row": row, "_rows": {}})
        for field in (*_CUSTOMER_FIELDS, *_CONTRACT_FIELDS):
            value = values[field][index]
            if value is None:
                continue
            if field not in account:
                account[field], account["_rows"][field] = value, row
            elif account[field] != value:
                job.problems.add(row, job.column(field), f"customer {external_id}: {value!r} differs from "
                                                         f"{account[field]!r} on row {account['_rows'][field]}")
        fee_type, fee_value = values["late_fee_type"][index], values["late_fee_value"][index]
        if (fee_type is None) != (fee_value is None):
            job.problems.add(row, job.column("late_fee_type" if fee_type is None else "late_fee_value"),
                             "a late fee needs both its type and its value")
        contact = {f.removeprefix("contact_"): values[f][index] for f in _CONTACT_FIELDS}
        if not any(v is not None for v in contact.values()):
            continue
        key = (contact["email"] or "").casefold() or f"name:{contact['name'] or contact['phone'] or ''}"
        if (external_id, key) in contact_rows:
            job.problems.add(row, job.column("contact_email", "contact_name"),
                             f"the same contact of customer {external_id} is on row {contact_rows[(external_id, key)]}")
        contact_rows.setdefault((external_id, key), row)
        if contact["primary"] and primary_rows.setdefault(external_id, row) != row:
            job.problems.add(row, job.column("contact_primary"), f"customer {external_id} already has its "
                                                                 f"primary contact on row {primary_rows[external_id]}")
        contacts.append({"customer": external_id, "key": key, **contact})
    return accounts, contacts


def _assign(row: object, values: dict[str, Any]) -> bool:
    changed = False
    for field, value in values.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed = True
    return changed


def _write_contracts(job: TableJob, accounts: dict[str, dict[str, Any]], by_id: dict[str, int]) -> None:
    if not any(job.has(f) for f in _CONTRACT_FIELDS):
        return
    contracts = {c.customer_id: c for c in job.session.scalars(
        select(Contract).where(Contract.customer_id == any_(literal(list(by_id.values()), ARRAY(Integer))))
    )}
    for external_id, account in accounts.items():
        terms = {f: account[f] for f in _CONTRACT_FIELDS if f in account}
        if not terms:
            continue
        contract = contracts.get(by_id[external_id])
        if contract is None:
            contract = Contract(customer_id=by_id[external_id], payment_terms_days=30, payment_plans_allowed=True)
            job.session.add(contract)
        _assign(contract, terms)


def _write_contacts(
    job: TableJob, contacts: list[dict[str, Any]], by_id: dict[str, int], summary: TableImportSummary
) -> None:
    if not contacts:
        return
    known: dict[tuple[int, str], Contact] = {}
    has_primary: set[int] = set()
    for stored in job.session.scalars(select(Contact).where(
        Contact.customer_id == any_(literal(list(by_id.values()), ARRAY(Integer)))
    )):
        key = (stored.email or "").casefold() or f"name:{stored.name or stored.phone or ''}"
        known[(stored.customer_id, key)] = stored
        if stored.is_primary:
            has_primary.add(stored.customer_id)
    now = utcnow()
    for data in contacts:
        customer_id = by_id[data["customer"]]
        contact = known.get((customer_id, data["key"]))
        values = {"name": data["name"], "email": data["email"], "phone": data["phone"], "role": data["role"],
                  "is_primary": data["primary"]}
        values = {k: v for k, v in values.items() if v is not None}
        if data["opted_out"] is not None:
            values["opted_out"] = data["opted_out"]
        if contact is None:
            primary = data["primary"] if data["primary"] is not None else customer_id not in has_primary
            contact = Contact(customer_id=customer_id, **{"role": "billing", "opted_out": False, **values})
            contact.is_primary = primary
            job.session.add(contact)
            known[(customer_id, data["key"])] = contact
            summary.contacts_created += 1
            if primary:
                has_primary.add(customer_id)
        elif _assign(contact, values):
            summary.contacts_updated += 1
        if contact.opted_out and contact.opted_out_at is None:
            contact.opted_out_at = now
        elif not contact.opted_out:
            contact.opted_out_at = None
    # One primary contact per customer: the file's choice demotes the others.
    chosen = {by_id[d["customer"]]: d["key"] for d in contacts if d["primary"]}
    for (customer_id, key), contact in known.items():
        if customer_id in chosen and key != chosen[customer_id] and contact.is_primary:
            contact.is_primary = False
