"""Plain data the services hand out: no ORM objects leave a session."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


def to_jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "value") and isinstance(getattr(value, "value"), str):
        return value.value
    return value


class JsonMixin:
    def to_json(self) -> dict[str, Any]:
        return to_jsonable(asdict(self))


@dataclass(frozen=True)
class ContactRecord(JsonMixin):
    id: int
    name: str
    role: str | None
    phone: str | None
    phone_e164: str | None
    mobile: str | None
    email: str | None
    decision_maker: bool
    joined_on: dt.date | None
    left_on: dt.date | None
    birth_calendar: str | None
    birth_month: int | None
    birth_day: int | None
    notes: str | None
    version: int


@dataclass(frozen=True)
class AssignmentRecord(JsonMixin):
    manager_login: str
    manager_name: str
    role: str
    started_on: dt.date
    ended_on: dt.date | None
    note: str | None


@dataclass(frozen=True)
class CustomerRecord(JsonMixin):
    """Everything on a customer's file card."""

    id: int
    code: str
    kind: str
    name: str
    company: str | None
    title: str | None
    phone: str | None
    phone_e164: str | None
    mobile: str | None
    mobile_e164: str | None
    email: str | None
    address: str | None
    city: str | None
    region: str | None
    country: str | None
    birth_calendar: str | None
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    birth_leap_month: bool
    status: str
    tier: str | None
    tier_pinned: bool
    loyalty: str | None
    industry: str | None
    purpose: str | None
    source: str | None
    credit_rating: str | None
    credit_limit: Decimal | None
    hobbies: str | None
    personality: str | None
    family_notes: str | None
    notes: str | None
    custom_fields: dict
    manager_login: str | None
    manager_name: str | None
    last_call_at: dt.datetime | None
    last_visit_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    contacts: tuple[ContactRecord, ...] = ()
    assignments: tuple[AssignmentRecord, ...] = ()


@dataclass(frozen=True)
class CustomerRow(JsonMixin):
    """One line of the customer table or of a search result."""

    id: int
    code: str
    name: str
    company: str | None
    phone: str | None
    mobile: str | None
    email: str | None
    city: str | None
    region: str | None
    country: str | None
    status: str
    tier: str | None
    tier_colour: str | None
    manager_name: str | None
    last_contact_at: dt.datetime | None


@dataclass(frozen=True)
class SearchResult(JsonMixin):
    text: str
    rows: list[CustomerRow] = field(default_factory=list)
    more: bool = False  # more customers match than were returned


@dataclass(frozen=True)
class ManagerRecord(JsonMixin):
    id: int
    login: str
    name: str
    email: str | None
    role: str
    active: bool


@dataclass(frozen=True)
class TierRecord(JsonMixin):
    id: int
    code: str
    name: str
    rank: int
    colour: str
    call_cadence_days: int | None
    visit_cadence_days: int | None
    gift_budget: Decimal | None
    revenue_share: float | None


@dataclass(frozen=True)
class HandoverResult(JsonMixin):
    from_login: str
    to_login: str
    moved: int
    customer_ids: list[int]
