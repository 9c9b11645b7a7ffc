"""The people who work at company customers: adding, editing, marking them as left.

The search index and the audit log follow by themselves (session_hooks); edits are checked
against the version the caller loaded, like customers.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_crm.errors import ConflictError, CrmError, NotFoundError, ValidationError
from desktop_crm.models import ContactPerson, CustomerKind

from . import validation
from .card_common import alive_customer, as_date, refuse_unknown
from .changes import Changes
from .records import ContactRecord

if TYPE_CHECKING:
    from .crm import Crm

TEXT_FIELDS = {"name": 200, "role": 100, "notes": None}
BIRTHDAY_FIELDS = ("birth_calendar", "birth_year", "birth_month", "birth_day", "birth_leap_month")
EDITABLE = set(TEXT_FIELDS) | set(BIRTHDAY_FIELDS) | {
    "phone", "mobile", "email", "decision_maker", "joined_on", "left_on"}


def contact_record(c: ContactPerson) -> ContactRecord:
    return ContactRecord(
        id=c.id, name=c.name, role=c.role, phone=c.phone, phone_e164=c.phone_e164, mobile=c.mobile,
        email=c.email, decision_maker=c.decision_maker, joined_on=c.joined_on, left_on=c.left_on,
        birth_calendar=c.birth_calendar.value if c.birth_calendar else None, birth_month=c.birth_month,
        birth_day=c.birth_day, notes=c.notes, version=c.version,
    )


def _plain(value):
    return value.value if isinstance(value, enum.Enum) else value


class ContactService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def for_customer(self, customer_id: int) -> list[ContactRecord]:
        """The customer's contact persons: those still there first, then those who left (latest first)."""
        with self._crm.session() as s:
            alive_customer(s, customer_id)
            rows = s.scalars(select(ContactPerson).where(ContactPerson.customer_id == customer_id)
                             .order_by(ContactPerson.left_on.is_not(None), ContactPerson.left_on.desc(),
                                       ContactPerson.decision_maker.desc(), ContactPerson.id))
            return [contact_record(c) for c in rows]

    def get(self, contact_id: int) -> ContactRecord:
        with self._crm.session() as s:
            return contact_record(self._load(s, contact_id))

    def add(self, customer_id: int, data: dict[str, Any]) -> tuple[ContactRecord, Changes]:
        refuse_unknown(data, EDITABLE, "contact person")
        with self._crm.session() as s:
            customer = alive_customer(s, customer_id)
            if customer.kind != CustomerKind.COMPANY:
                raise CrmError(f"{customer.name} is a person, not a company; contact persons are kept for "
                               "company customers.")
            values = self._clean(s, data, creating=True)
            obj = ContactPerson(customer_id=customer_id, **values)
            s.add(obj)
            s.commit()
            return contact_record(obj), self._changes(customer_id)

    def update(self, contact_id: int, data: dict[str, Any], expected_version: int) -> tuple[ContactRecord, Changes]:
        """Save edits made on a copy of version ``expected_version``; ConflictError if someone saved meanwhile."""
        refuse_unknown(data, EDITABLE, "contact person")
        with self._crm.session() as s:
            obj = self._load(s, contact_id)
            self._check_version(obj, data, expected_version)
            values = self._clean(s, data, creating=False, joined_on=obj.joined_on, left_on=obj.left_on)
            for name, value in values.items():
                setattr(obj, name, value)
            return self._commit(s, obj, expected_version)

    def mark_left(self, contact_id: int, left_on: dt.date | str | None, expected_version: int
                  ) -> tuple[ContactRecord, Changes]:
        """The person no longer works at the customer (from ``left_on``, default today); they stay listed."""
        return self.update(contact_id, {"left_on": left_on or dt.date.today()}, expected_version)

    # ----- internals -----------------------------------------------------------------------

    def _load(self, s: Session, contact_id: int) -> ContactPerson:
        obj = s.get(ContactPerson, contact_id)
        if obj is None:
            raise NotFoundError(f"Contact person #{contact_id} does not exist (it may have been deleted).")
        alive_customer(s, obj.customer_id)
        return obj

    @staticmethod
    def _label(obj: ContactPerson) -> str:
        return f"Contact person {obj.name}"

    def _check_version(self, obj: ContactPerson, data: dict[str, Any], expected_version: int) -> None:
        if obj.version != expected_version:
            raise ConflictError(self._label(obj), expected_version=expected_version, current_version=obj.version,
                                theirs={k: _plain(getattr(obj, k)) for k in data})

    def _commit(self, s: Session, obj: ContactPerson, expected_version: int) -> tuple[ContactRecord, Changes]:
        contact_id, customer_id, label = obj.id, obj.customer_id, self._label(obj)
        try:
            s.flush()
            s.commit()
        except StaleDataError:
            s.rollback()
            current = s.get(ContactPerson, contact_id, populate_existing=True)
            raise ConflictError(label, expected_version=expected_version,
                                current_version=current.version if current else None) from None
        return contact_record(obj), self._changes(customer_id)

    @staticmethod
    def _changes(customer_id: int) -> Changes:
        # The customer's search document and its card's contact list changed; its table row did too
        # (search finds customers by their contact persons).
        return Changes(customers=frozenset({customer_id}), contacts=frozenset({customer_id}))

    def _clean(self, s: Session, data: dict[str, Any], *, creating: bool, joined_on: dt.date | None = None,
               left_on: dt.date | None = None) -> dict[str, Any]:
        problems = validation.Problems()
        values: dict[str, Any] = {}
        for name, limit in TEXT_FIELDS.items():
            if name in data:
                values[name] = validation.clean_text(data[name], limit)
        if (creating or "name" in data) and not values.get("name"):
            problems["name"] = "a contact person needs a name"
        region = self._crm.settings.phone_region(s)
        for name in ("phone", "mobile"):
            if name in data:
                values[name], values[f"{name}_e164"] = validation.phone(data[name], name, region, problems)
        if "email" in data:
            values["email"] = validation.email(data["email"], "email", problems)
        if "decision_maker" in data:
            values["decision_maker"] = bool(data["decision_maker"])
        for name in ("joined_on", "left_on"):
            if name in data:
                values[name] = as_date(data[name], name, problems)
        joined = values.get("joined_on", joined_on)
        left = values.get("left_on", left_on)
        if joined and left and left < joined and "left_on" not in problems and "joined_on" not in problems:
            problems["left_on" if "left_on" in data else "joined_on"] = (
                f"the person cannot leave ({left.isoformat()}) before joining ({joined.isoformat()})")
        if any(k in data for k in BIRTHDAY_FIELDS):
            values.update(validation.birthday(
                data.get("birth_calendar"), data.get("birth_year"), data.get("birth_month"),
                data.get("birth_day"), data.get("birth_leap_month"), problems,
            ))
        if problems:
            raise ValidationError(problems)
        return values


__all__ = ["ContactService", "contact_record"]
