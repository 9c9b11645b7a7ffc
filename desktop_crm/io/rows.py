"""One spreadsheet row at a time: mapped cells become the values a customer, a purchase line or a
care event will be stored with, plus the row's issues.

Policy, the same for every kind:

* A row is rejected (an error) when it cannot become a record at all: no name for a new
  customer, no date for a purchase or a care event, a date whose day/month order is ambiguous,
  a tier word that names no tier.
* An optional field that cannot be understood is left out of that row with a warning (an
  e-mail that is not one, an unknown country); a phone number that cannot be normalised is kept
  as written, without its international form, with a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop_crm.models import Calendar
from desktop_crm.services.customers import TEXT_FIELDS

from . import values
from .plan import ERROR, WARNING, Issue

CONTACT_FIELDS = ("contact_name", "contact_role", "contact_phone", "contact_email")


@dataclass
class Context:
    """What interpreting a row needs to know besides the row."""

    headers: list[str]
    mapping: list[str | None]
    region: str
    date_order: str | None
    tiers: Sequence[tuple[str, str, int]]
    currency: str
    this_year: int

    def __post_init__(self):
        self.columns: dict[str, int] = {}
        self.custom: list[int] = []
        for index, key in enumerate(self.mapping):
            if key == "custom":
                self.custom.append(index)
            elif key and key not in self.columns:
                self.columns[key] = index

    def label(self, key: str) -> str:
        index = self.columns[key]
        return self.headers[index] or f"column {index + 1}"


@dataclass
class RowResult:
    row: int
    issues: list[Issue] = field(default_factory=list)
    rejected: bool = False

    def error(self, ctx: Context, key: str | None, message: str) -> None:
        self.issues.append(Issue(self.row, ctx.label(key) if key else None, message, ERROR))
        self.rejected = True

    def warn(self, ctx: Context, key: str | None, message: str) -> None:
        self.issues.append(Issue(self.row, ctx.label(key) if key else None, message, WARNING))


@dataclass
class CustomerRow(RowResult):
    values: dict[str, Any] = field(default_factory=dict)  # customer columns (code, name, phone_e164, …)
    tier_code: str | None = None
    tier_given: bool = False
    manager: str | None = None
    contact: dict[str, Any] | None = None


@dataclass
class PurchaseRow(RowResult):
    customer_code: str | None = None
    customer_name: str | None = None
    country: str | None = None
    manager: str | None = None
    purchased_on: dt.date | None = None
    product_code: str | None = None
    product_name: str | None = None
    quantity: float = 1.0
    amount: Decimal | None = None
    currency: str = "CNY"
    reference: str | None = None
    line_ref: str | None = None
    cancellation: bool = False


@dataclass
class CareRow(RowResult):
    customer_code: str | None = None
    customer_email: str | None = None
    customer_phone: str | None = None
    customer_name: str | None = None
    happened_at: dt.datetime | None = None
    kind: str = "other"
    summary: str | None = None
    outcome: str | None = None
    next_step: str | None = None
    next_due: dt.date | None = None
    manager: str | None = None
    channel: str | None = None
    reference: str | None = None


def _cell(ctx: Context, cells: Sequence[Any], key: str) -> Any:
    index = ctx.columns.get(key)
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _text(ctx: Context, out: RowResult, cells, key: str, limit: int | None = None) -> str | None:
    raw = _cell(ctx, cells, key)
    if raw is None:
        return None
    parsed = values.text(raw, limit)
    if parsed.warning:
        out.warn(ctx, key, parsed.warning)
    return parsed.value


def _phone(ctx: Context, out: RowResult, cells, key: str) -> tuple[str | None, str | None]:
    raw = _cell(ctx, cells, key)
    if raw is None:
        return None, None
    parsed = values.phone(raw, ctx.region)
    if parsed.error:
        text = values.text(raw, 64).value
        out.warn(ctx, key, f"{parsed.error}; kept as written, without its international form")
        return text, None
    if parsed.warning:
        out.warn(ctx, key, parsed.warning)
    if parsed.value is None:
        return None, None
    number, e164 = parsed.value
    return (number[:64] if number else None), e164


def _email(ctx: Context, out: RowResult, cells, key: str) -> str | None:
    raw = _cell(ctx, cells, key)
    if raw is None:
        return None
    parsed = values.email(raw)
    if parsed.error:
        out.warn(ctx, key, f"{parsed.error}; left out")
        return None
    return parsed.value


def _date(ctx: Context, out: RowResult, cells, key: str, *, required: bool = False):
    raw = _cell(ctx, cells, key)
    if raw is None:
        if required:
            out.error(ctx, key, "the date is missing")
        return None
    parsed = values.date(raw, order=ctx.date_order)
    if parsed.error:
        if required or parsed.ambiguous:
            out.error(ctx, key, parsed.error)
        else:
            out.warn(ctx, key, f"{parsed.error}; left out")
        return None
    if parsed.warning:
        out.warn(ctx, key, parsed.warning)
    return parsed.value


def customer_row(ctx: Context, row: int, cells: Sequence[Any]) -> CustomerRow:
    out = CustomerRow(row)
    v = out.values
    cols = ctx.columns
    if "code" in cols:
        parsed = values.code(_cell(ctx, cells, "code"))
        if parsed.value and len(parsed.value) > 64:
            out.error(ctx, "code", f"'{parsed.value[:70]}…' is longer than 64 characters and cannot be a customer code")
        elif parsed.value:
            v["code"] = parsed.value
    for key, limit in TEXT_FIELDS.items():
        if key in cols:
            text = _text(ctx, out, cells, key, limit)
            if text is not None:
                v[key] = text
    if "name" not in v and ("surname" in cols or "given_name" in cols):
        name = values.full_name(_text(ctx, out, cells, "surname"), _text(ctx, out, cells, "given_name"))
        if name:
            v["name"] = name[:200]
    if "customer_kind" in cols:
        parsed = values.customer_kind(_cell(ctx, cells, "customer_kind"))
        if parsed.value:
            v["kind"] = parsed.value
        elif parsed.warning:
            out.warn(ctx, "customer_kind", parsed.warning)
    if "name" not in v and v.get("company"):
        v["name"] = v["company"]
        v.setdefault("kind", "company")
    for key in ("phone", "mobile"):
        if key in cols:
            number, e164 = _phone(ctx, out, cells, key)
            if number:
                v[key], v[f"{key}_e164"] = number, e164
    if "email" in cols:
        email = _email(ctx, out, cells, "email")
        if email:
            v["email"] = email[:254]
    if "country" in cols:
        raw = _cell(ctx, cells, "country")
        if raw is not None:
            parsed = values.country(raw)
            if parsed.error:
                out.warn(ctx, "country", f"{parsed.error}; left out")
            elif parsed.value:
                v["country"] = parsed.value
    if "status" in cols:
        raw = _cell(ctx, cells, "status")
        if raw is not None:
            parsed = values.status(raw)
            if parsed.value:
                v["status"] = parsed.value
            elif parsed.warning or parsed.error:
                out.warn(ctx, "status", parsed.warning or parsed.error)
    if "credit_limit" in cols:
        raw = _cell(ctx, cells, "credit_limit")
        if raw is not None:
            parsed = values.amount(raw)
            if parsed.error or parsed.value is None or parsed.value[0] < 0:
                out.warn(ctx, "credit_limit", f"{parsed.error or 'a credit limit cannot be negative'}; left out")
            else:
                v["credit_limit"] = parsed.value[0].quantize(Decimal("0.01"))
    if "birthday" in cols:
        _birthday(ctx, out, _date(ctx, out, cells, "birthday"))
    if "tier" in cols:
        raw = _cell(ctx, cells, "tier")
        if raw is not None:
            parsed = values.tier(raw, ctx.tiers)
            if parsed.error:
                out.error(ctx, "tier", parsed.error)
            else:
                out.tier_code, out.tier_given = parsed.value, True
    if "manager" in cols:
        out.manager = _text(ctx, out, cells, "manager", 200)
    custom = {}
    for index in ctx.custom:
        if index < len(cells) and cells[index] is not None:
            text = values.text(cells[index]).value
            if text is not None:
                custom[ctx.headers[index] or f"column {index + 1}"] = text
    if custom:
        v["custom_fields"] = custom
    if any(k in cols for k in CONTACT_FIELDS):
        contact = {"name": _text(ctx, out, cells, "contact_name", 200),
                   "role": _text(ctx, out, cells, "contact_role", 100)}
        if "contact_phone" in cols:
            contact["phone"], contact["phone_e164"] = _phone(ctx, out, cells, "contact_phone")
        if "contact_email" in cols:
            contact["email"] = _email(ctx, out, cells, "contact_email")
        if contact["name"]:
            out.contact = contact
        elif any(contact.get(k) for k in ("phone", "email")):
            out.warn(ctx, "contact_name" if "contact_name" in cols else None,
                     "the contact person has no name; left out")
    return out


def _birthday(ctx: Context, out: CustomerRow, value) -> None:
    if value is None:
        return
    v = out.values
    if isinstance(value, values.LunarDate):
        v.update(birth_calendar=Calendar.LUNAR.value, birth_year=value.year, birth_month=value.month,
                 birth_day=value.day, birth_leap_month=value.leap)
    elif isinstance(value, values.MonthDay):
        v.update(birth_calendar=Calendar.SOLAR.value, birth_year=None, birth_month=value.month,
                 birth_day=value.day, birth_leap_month=False)
    elif isinstance(value, dt.date):
        if not 1900 <= value.year <= ctx.this_year:
            out.warn(ctx, "birthday", f"a birth year of {value.year} is not plausible; left out")
            return
        v.update(birth_calendar=Calendar.SOLAR.value, birth_year=value.year, birth_month=value.month,
                 birth_day=value.day, birth_leap_month=False)
    year = v.get("birth_year")
    if year is not None and not 1900 <= year <= ctx.this_year:
        out.warn(ctx, "birthday", f"a birth year of {year} is not plausible; the year was left out")
        v["birth_year"] = None


def purchase_row(ctx: Context, row: int, cells: Sequence[Any]) -> PurchaseRow:
    out = PurchaseRow(row, currency=ctx.currency)
    out.customer_code = values.code(_cell(ctx, cells, "customer_code")).value if "customer_code" in ctx.columns else None
    out.customer_name = _text(ctx, out, cells, "customer_name", 200)
    if out.customer_code and len(out.customer_code) > 64:
        out.error(ctx, "customer_code", "a customer code is at most 64 characters")
    if "country" in ctx.columns:
        raw = _cell(ctx, cells, "country")
        if raw is not None:
            parsed = values.country(raw)
            if parsed.value:
                out.country = parsed.value
    out.manager = _text(ctx, out, cells, "manager", 200)
    when = _date(ctx, out, cells, "purchased_on", required=True) if "purchased_on" in ctx.columns else None
    if "purchased_on" not in ctx.columns:
        out.error(ctx, None, "no column is mapped to the purchase date")
    elif when is not None and not isinstance(when, dt.date):
        out.error(ctx, "purchased_on", "a purchase date needs a year on the solar calendar")
    elif when is not None:
        out.purchased_on = when.date() if isinstance(when, dt.datetime) else when
    out.product_code = values.code(_cell(ctx, cells, "product_code")).value if "product_code" in ctx.columns else None
    if out.product_code:
        out.product_code = out.product_code[:64]
    out.product_name = _text(ctx, out, cells, "product_name", 200)
    if "quantity" in ctx.columns and _cell(ctx, cells, "quantity") is not None:
        parsed = values.number(_cell(ctx, cells, "quantity"))
        if parsed.error:
            out.error(ctx, "quantity", parsed.error)
        elif parsed.value is not None:
            out.quantity = float(parsed.value)
    out.reference = values.code(_cell(ctx, cells, "reference")).value if "reference" in ctx.columns else None
    if out.reference:
        out.reference = out.reference[:64]
    out.line_ref = values.code(_cell(ctx, cells, "line_ref")).value if "line_ref" in ctx.columns else None
    amount = None
    for key in ("amount", "unit_price"):
        if key in ctx.columns and _cell(ctx, cells, key) is not None:
            parsed = values.amount(_cell(ctx, cells, key))
            if parsed.error:
                out.error(ctx, key, parsed.error)
                return out
            number, currency = parsed.value
            if currency:
                out.currency = currency
            amount = number if key == "amount" else (number * Decimal(repr(out.quantity))).quantize(Decimal("0.01"))
            break
    if amount is None and not out.rejected:
        out.error(ctx, "amount" if "amount" in ctx.columns else ("unit_price" if "unit_price" in ctx.columns else None),
                  "the amount is missing")
    # A cancellation (an invoice number starting with C, or a negative quantity) is kept as a
    # negative line, so that a customer's totals are net of what was returned.
    out.cancellation = bool(out.reference and out.reference[:1] in "Cc" and out.reference[1:2].isdigit()) \
        or out.quantity < 0
    if amount is not None:
        out.amount = -abs(amount) if out.cancellation else amount
        if out.cancellation and out.quantity > 0:
            out.quantity = -out.quantity
    return out


def care_row(ctx: Context, row: int, cells: Sequence[Any]) -> CareRow:
    out = CareRow(row)
    cols = ctx.columns
    if "customer_code" in cols:
        out.customer_code = values.code(_cell(ctx, cells, "customer_code")).value
    if "customer_email" in cols:
        out.customer_email = _email(ctx, out, cells, "customer_email")
    if "customer_phone" in cols:
        out.customer_phone = _phone(ctx, out, cells, "customer_phone")[1]
    out.customer_name = _text(ctx, out, cells, "customer_name", 200)
    if not any((out.customer_code, out.customer_email, out.customer_phone, out.customer_name)):
        out.error(ctx, None, "the row does not say which customer it is about")
    if "happened_at" not in cols:
        out.error(ctx, None, "no column is mapped to the date of the contact")
    else:
        raw = _cell(ctx, cells, "happened_at")
        parsed = values.datetime_(raw, order=ctx.date_order) if raw is not None else None
        if parsed is None or parsed.value is None:
            out.error(ctx, "happened_at", parsed.error if parsed and parsed.error else "the date is missing")
        else:
            out.happened_at = parsed.value
    if "care_kind" in cols and _cell(ctx, cells, "care_kind") is not None:
        parsed = values.care_kind(_cell(ctx, cells, "care_kind"))
        out.kind = parsed.value or "other"
        if out.kind == "other":
            word = values.text(_cell(ctx, cells, "care_kind"), 32).value
            out.channel = word
    out.summary = _text(ctx, out, cells, "summary")
    out.outcome = _text(ctx, out, cells, "outcome")
    out.next_step = _text(ctx, out, cells, "next_step")
    if "next_due" in cols:
        due = _date(ctx, out, cells, "next_due")
        out.next_due = due if isinstance(due, dt.date) and not isinstance(due, dt.datetime) else \
            (due.date() if isinstance(due, dt.datetime) else None)
    out.manager = _text(ctx, out, cells, "manager", 200)
    channel = _text(ctx, out, cells, "channel", 32)
    if channel:
        out.channel = channel
    if "reference" in cols:
        out.reference = values.code(_cell(ctx, cells, "reference")).value
    return out
