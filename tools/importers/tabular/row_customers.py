"""The customers of invoice and payment rows: found by ID or name, or created when the mapping allows."""

from __future__ import annotations

from tools.importers.tabular import parsers
from tools.importers.tabular.job import TableJob


def customer_refs(job: TableJob, *, create: bool, needed: list[bool]) -> tuple[list[str | None], dict[str, str]]:
    """Each row's customer external id, and the customers to create (external id → name)."""
    ids = job.parse("customer_id", parsers.text(64))
    names = job.parse("customer_name", parsers.text(200))
    known = set(job.sql(
        "SELECT external_id FROM customer WHERE external_id = ANY(:ids)", ids=list({i for i in ids if i})
    ).scalars())
    by_name: dict[str, list[str]] = {}
    lookup = list({n.lower() for i, n in zip(ids, names, strict=True) if n and not i})
    for lowered, external_id in job.sql(
        "SELECT lower(name), external_id FROM customer WHERE lower(name) = ANY(:names)", names=lookup
    ):
        by_name.setdefault(lowered, []).append(external_id)
    id_column, name_column = job.column("customer_id"), job.column("customer_name")
    hint = 'import a customers file first, or use a mapping with "create_customers": true'
    refs: list[str | None] = []
    new: dict[str, str] = {}
    for row, customer_id, name, need in zip(job.rows, ids, names, needed, strict=True):
        ref: str | None = None
        if customer_id:
            ref = customer_id
            if customer_id not in known and create:
                new.setdefault(customer_id, name or customer_id)
            elif customer_id not in known:
                job.problems.add(row, id_column, f"unknown customer {customer_id!r}: not in the ledger ({hint})")
        elif name:
            matches = by_name.get(name.lower(), [])
            if len(matches) == 1:
                ref = matches[0]
            elif matches:
                job.problems.add(row, name_column, f"{len(matches)} customers are named {name!r}; add a customer ID")
            elif create and len(name) <= 64:
                ref = name
                new.setdefault(name, name)
            else:
                job.problems.add(row, name_column, f"unknown customer {name!r}: no customer has this name ({hint})")
        elif need:
            job.problems.add(row, id_column if job.has("customer_id") else name_column,
                             "no customer: the customer ID and name are both empty")
        refs.append(ref)
    return refs, new


def create_customers(job: TableJob, new: dict[str, str]) -> int:
    """Insert the customers rows named but the ledger lacks (external id → name); returns how many."""
    if not new:
        return 0
    result = job.sql(
        "INSERT INTO customer (external_id, name, segment, timezone, language, automation_excluded,"
        " rule_overrides, created_at)"
        " SELECT e, n, 'standard', 'UTC', 'en', false, '{}'::jsonb, now()"
        " FROM unnest(CAST(:ids AS text[]), CAST(:names AS text[])) AS t(e, n)"
        " ON CONFLICT (external_id) DO NOTHING",
        ids=list(new), names=[n[:200] for n in new.values()],
    )
    return int(result.rowcount)
