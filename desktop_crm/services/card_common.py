"""Small helpers the customer card's services share: finding the customer, reading dates, refusing
unknown fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.models import ContactPerson, Customer, Manager

from .validation import Problems


def alive_customer(s: Session, customer_id: int) -> Customer:
    obj = s.get(Customer, customer_id)
    if obj is None or obj.deleted_at is not None:
        raise NotFoundError(f"Customer #{customer_id} does not exist (it may have been deleted).")
    return obj


def refuse_unknown(data: dict[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: f"is not a field of a {what}" for name in sorted(unknown)})


def as_date(value: Any, field: str, problems: Problems) -> dt.date | None:
    """A date from a date, a datetime or ISO text (``2024-05-31``); empty means none."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems[field] = f"'{value}' is not a date (write it as 2024-05-31)"
        return None


def as_datetime(value: Any, field: str, problems: Problems) -> dt.datetime | None:
    """A date and time (seconds dropped) from a datetime, a date (midnight) or ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    try:
        return dt.datetime.fromisoformat(str(value).strip()).replace(microsecond=0, tzinfo=None)
    except ValueError:
        problems[field] = f"'{value}' is not a date and time (write it as 2024-05-31 14:30)"
        return None


def contact_of(s: Session, customer_id: int, contact_id: Any, field: str, problems: Problems) -> int | None:
    """``contact_id`` when it is one of this customer's contact persons; else a problem."""
    if contact_id in (None, ""):
        return None
    try:
        wanted = int(contact_id)
    except (TypeError, ValueError):
        problems[field] = f"'{contact_id}' is not a contact person"
        return None
    owner = s.scalar(select(ContactPerson.customer_id).where(ContactPerson.id == wanted))
    if owner != customer_id:
        problems[field] = "that contact person does not work at this customer"
        return None
    return wanted


def manager_id_for(s: Session, customer: Customer, login: str | None) -> int | None:
    """The manager with ``login``; without a login, the customer's current manager."""
    if not login:
        return customer.manager_id
    found = s.scalar(select(Manager.id).where(Manager.login == login.strip()))
    if found is None:
        raise NotFoundError(f"No manager with login {login!r}.")
    return found


def check_range(value: Any, field: str, low: int, high: int, problems: Problems, what: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        problems[field] = f"'{value}' is not a whole number"
        return None
    if not low <= number <= high:
        problems[field] = f"{what} must be between {low} and {high}"
        return None
    return number
