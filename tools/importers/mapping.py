"""Column mappings: which source column feeds which canonical field, and how to read values.

A mapping is a preset (`generic`, `aging`, `ibm_ar`: JSON files in `mappings/`, plus the
computed `generic`) or a user's mapping .json file (docs/importing.md). Column names match
ignoring case, spaces and punctuation, so "Invoice #", "invoice #" and "INVOICE#" are one column.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tools.importers.errors import ImportFileError

Kind = Literal["customers", "invoices", "payments", "history"]
KINDS: tuple[Kind, ...] = ("customers", "invoices", "payments", "history")
PRESETS_DIR = Path(__file__).parent / "mappings"

FIELDS: dict[Kind, tuple[str, ...]] = {
    "customers": (
        "customer_id", "name", "segment", "timezone", "language", "owner_email", "automation_excluded",
        "contact_name", "contact_email", "contact_phone", "contact_role", "contact_primary", "contact_opted_out",
        "payment_terms_days", "late_fee_type", "late_fee_value", "payment_plans_allowed",
    ),
    "invoices": (
        "customer_id", "customer_name", "invoice_number", "issue_date", "due_date", "amount", "balance",
        "paid_date", "currency", "po_number",
    ),
    "payments": (
        "payment_id", "reference", "customer_id", "customer_name", "invoice_number", "amount", "date",
        "method", "currency",
    ),
    "history": (
        "customer_id", "customer_name", "invoice_number", "issue_date", "due_date", "amount", "settled_date",
        "disputed", "currency", "po_number",
    ),
}
ALL_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(f for kind in KINDS for f in FIELDS[kind]))

# Each entry is a set of alternatives, at least one of which must be mapped (or given a default).
REQUIRED: dict[Kind, tuple[tuple[str, ...], ...]] = {
    "customers": (("customer_id",), ("name",)),
    "invoices": (("customer_id", "customer_name"), ("invoice_number",), ("issue_date",), ("due_date",), ("amount",)),
    "payments": (("payment_id", "reference"), ("customer_id", "customer_name", "invoice_number"), ("amount",),
                 ("date",)),
    "history": (("customer_id", "customer_name"), ("invoice_number",), ("issue_date",), ("due_date",), ("amount",)),
}


def column_key(name: str) -> str:
    """How column names are compared: case-, space- and punctuation-insensitive ('#' kept)."""
    return re.sub(r"[^0-9a-z#]", "", name.casefold())


class Mapping(BaseModel):
    """A column mapping and the conventions of one export format."""

    model_config = ConfigDict(extra="forbid")

    name: str = "custom"
    description: str | None = None
    kind: Kind | None = None
    columns: dict[str, str] = Field(description="source column name → canonical field")
    date_format: str | list[str] = "%Y-%m-%d"
    decimal_separator: Literal[".", ","] = "."
    thousands_separator: Literal["", ",", ".", " ", "'"] | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    defaults: dict[str, str] = Field(default_factory=dict)
    create_customers: bool = False

    @property
    def date_formats(self) -> list[str]:
        return [self.date_format] if isinstance(self.date_format, str) else list(self.date_format)

    @property
    def thousands(self) -> str:
        if self.thousands_separator is not None:
            return self.thousands_separator
        return "," if self.decimal_separator == "." else "."

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, str]) -> dict[str, str]:
        if not columns:
            raise ValueError("maps no columns")
        seen: dict[str, str] = {}
        for source, target in columns.items():
            if not column_key(source):
                raise ValueError(f"source column name {source!r} has no letters or digits")
            if column_key(source) in seen:
                raise ValueError(f"source columns {seen[column_key(source)]!r} and {source!r} are the same column")
            seen[column_key(source)] = source
            if target not in ALL_FIELDS:
                raise ValueError(f"{source!r} maps to unknown field {target!r}; fields are {', '.join(ALL_FIELDS)}")
        return columns

    @field_validator("date_format")
    @classmethod
    def _usable_date_format(cls, value: str | list[str]) -> str | list[str]:
        for fmt in [value] if isinstance(value, str) else value:
            sample = dt.date(2031, 12, 28)
            try:
                parsed = dt.datetime.strptime(sample.strftime(fmt), fmt).date()  # noqa: DTZ007 - a date
            except ValueError:
                parsed = None
            if parsed != sample:
                raise ValueError(
                    f"{fmt!r} is not a usable date format: use strptime codes with a day, month and "
                    "year, for example '%d.%m.%Y' or '%m/%d/%Y'"
                )
        if not value:
            raise ValueError("needs at least one format")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                codecs.lookup(value)
            except LookupError:
                raise ValueError(f"unknown encoding {value!r} (for example utf-8, cp1252, latin-1)") from None
        return value

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value is not None and len(value) != 1:
            raise ValueError(f"must be one character, got {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Mapping:
        if self.thousands == self.decimal_separator:
            raise ValueError("thousands_separator must differ from decimal_separator")
        allowed = FIELDS[self.kind] if self.kind else ALL_FIELDS
        wrong = [f"{s!r} → {f!r}" for s, f in self.columns.items() if f not in allowed]
        wrong += [f"defaults.{f}" for f in self.defaults if f not in allowed]
        if wrong:
            raise ValueError(
                f"fields not used for {self.kind or 'any kind'}: {', '.join(wrong)}; "
                f"fields are {', '.join(allowed)}"
            )
        return self

    def sources_for(self, field: str) -> list[str]:
        """The source column names that feed `field`."""
        return [s for s, f in self.columns.items() if f == field]


def generic_mapping() -> Mapping:
    """Our own canonical column names, for every kind."""
    return Mapping(
        name="generic",
        description="Canonical column names (docs/importing.md), matched ignoring case and spaces.",
        columns={f: f for f in ALL_FIELDS},
    )


def preset_names() -> list[str]:
    return ["generic", *sorted(p.stem for p in PRESETS_DIR.glob("*.json"))]


def load_mapping(spec: str) -> Mapping:
    """A preset by name, or a mapping .json file by path; a bad mapping file names its problems."""
    if spec == "generic":
        return generic_mapping()
    preset = PRESETS_DIR / f"{spec}.json"
    if "/" not in spec and "\\" not in spec and not spec.endswith(".json") and preset.exists():
        return _load_mapping_file(preset)
    path = Path(spec)
    if not path.exists():
        raise ImportFileError(
            spec, f"no such mapping: use a preset ({', '.join(preset_names())}) or the path of a mapping .json file"
        )
    return _load_mapping_file(path)


def _load_mapping_file(path: Path) -> Mapping:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(str(path), f"cannot read the mapping file: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ImportFileError(str(path), f"is not valid JSON: {exc.msg}", row=exc.lineno) from exc
    if not isinstance(data, dict):
        raise ImportFileError(str(path), "a mapping file must be a JSON object with a \"columns\" object")
    data.setdefault("name", path.stem)
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'mapping'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise ImportFileError(str(path), f"invalid mapping file: {problems}") from exc


def resolve_columns(mapping: Mapping, kind: Kind, headers: list[str], file: str) -> dict[str, int]:
    """Which header index feeds each field; refuses missing required columns, listing those found."""
    by_key = {column_key(s): f for s, f in mapping.columns.items() if f in FIELDS[kind]}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        target = by_key.get(column_key(header)) if header else None
        if target is None:
            continue
        if target in found:
            raise ImportFileError(
                file,
                f"columns {headers[found[target]]!r} and {header!r} both map to {target}; keep one, or use a "
                "mapping file that names the one to use",
            )
        found[target] = index
    missing = [alts for alts in REQUIRED[kind] if not any(a in found or a in mapping.defaults for a in alts)]
    if missing:
        wanted = "; ".join(
            " or ".join(f"{a} (as {', '.join(repr(s) for s in mapping.sources_for(a)) or 'nothing'})" for a in alts)
            for alts in missing
        )
        raise ImportFileError(
            file,
            f"missing required column{'s' if len(missing) > 1 else ''} for {kind} with mapping "
            f"{mapping.name!r}: {wanted}. Columns found: {', '.join(repr(h) for h in headers if h)}",
        )
    return found
