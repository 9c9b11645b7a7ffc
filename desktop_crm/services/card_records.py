"""Plain data behind a customer card's tabs: care events, occasions, gifts, purchases, complaints,
the change log. No ORM objects leave a session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .records import JsonMixin


@dataclass(frozen=True)
class CareRecord(JsonMixin):
    id: int
    customer_id: int
    kind: str
    happened_at: dt.datetime
    channel: str | None
    summary: str | None
    outcome: str | None
    next_step: str | None
    next_due: dt.date | None
    next_done_at: dt.datetime | None
    manager_login: str | None
    manager_name: str | None
    contact_id: int | None
    contact_name: str | None
    source: str


@dataclass(frozen=True)
class OccasionRecord(JsonMixin):
    id: int
    customer_id: int | None
    contact_id: int | None
    contact_name: str | None  # set when the occasion belongs to one of the customer's contact persons
    kind: str
    title: str | None
    calendar: str
    year: int | None
    month: int
    day: int
    leap_month: bool
    yearly: bool
    lead_days: int
    notes: str | None


@dataclass(frozen=True)
class GiftRecord(JsonMixin):
    id: int
    customer_id: int
    contact_id: int | None
    contact_name: str | None
    occasion_id: int | None
    occasion_label: str | None
    item: str
    story: str | None
    cost: Decimal | None
    status: str
    planned_for: dt.date | None
    given_on: dt.date | None
    manager_name: str | None


@dataclass(frozen=True)
class PurchaseRecord(JsonMixin):
    id: int
    purchased_on: dt.date
    product_code: str | None
    product_name: str | None
    quantity: float
    amount: Decimal
    currency: str
    reference: str | None
    line_ref: str | None


@dataclass(frozen=True)
class CurrencyTotal(JsonMixin):
    """Amounts in one currency (different currencies are never added together)."""

    currency: str
    last_12_months: Decimal
    all_time: Decimal
    lines: int


@dataclass(frozen=True)
class PurchaseSummary(JsonMixin):
    customer_id: int
    today: dt.date
    since: dt.date  # "last 12 months" is since < purchased_on <= today
    lines: int  # invoice lines
    purchases: int  # invoices (a line without an invoice number counts as one purchase)
    first_on: dt.date | None
    last_on: dt.date | None
    totals: tuple[CurrencyTotal, ...]  # largest all-time total first
    rows: tuple[PurchaseRecord, ...]  # newest first, at most ``limit``
    more: bool  # there are more lines than ``rows`` holds


@dataclass(frozen=True)
class ComplaintRecord(JsonMixin):
    id: int
    customer_id: int
    contact_id: int | None
    contact_name: str | None
    manager_name: str | None
    received_at: dt.datetime
    channel: str | None
    category: str | None
    severity: str
    description: str
    status: str
    target_at: dt.datetime | None
    resolution: str | None
    resolved_at: dt.datetime | None
    feedback: str | None
    satisfaction: int | None
    version: int


@dataclass(frozen=True)
class AuditEntry(JsonMixin):
    """One changed field of the customer, one of its contact persons or one of its complaints.

    For ``manager_id``, ``tier_id`` and ``contact_id`` the values are the manager's name, the tier's
    code and the contact person's name (the raw ids are in ``old_raw``/``new_raw``).
    """

    id: int
    at: dt.datetime
    actor: str | None
    actor_name: str | None  # the manager whose login is ``actor``, when there is one
    entity: str  # customers / contact_persons / complaints
    entity_id: int
    subject: str  # the contact person's name, or the complaint's category and date; the customer's name
    action: str
    field: str | None
    old_value: str | None
    new_value: str | None
    old_raw: str | None
    new_raw: str | None
