"""A customer's dates worth a greeting (occasions) and the gifts prepared or given.

No reminders here: the agenda reads these tables on its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.models import ContactPerson, Gift, GiftStatus, Manager, Occasion, OccasionKind

from . import validation
from .card_common import alive_customer, as_date, check_range, contact_of, manager_id_for, refuse_unknown
from .card_records import GiftRecord, OccasionRecord
from .changes import Changes

if TYPE_CHECKING:
    from .crm import Crm

OCCASION_FIELDS = {"kind", "title", "calendar", "year", "month", "day", "leap_month", "yearly", "lead_days",
                   "notes", "contact_id"}
GIFT_FIELDS = {"item", "story", "cost", "status", "planned_for", "given_on", "occasion_id", "occasion_label",
               "contact_id", "manager"}
DATE_FIELDS = ("calendar", "year", "month", "day", "leap_month")
MAX_LEAD_DAYS = 365


calendar_date = validation.calendar_date  # one rule for the dates of birthdays and occasions


def _occasion(o: Occasion, contact_name: str | None) -> OccasionRecord:
    return OccasionRecord(
        id=o.id, customer_id=o.customer_id, contact_id=o.contact_id, contact_name=contact_name, kind=o.kind.value,
        title=o.title, calendar=o.calendar.value, year=o.year, month=o.month, day=o.day, leap_month=o.leap_month,
        yearly=o.yearly, lead_days=o.lead_days, notes=o.notes,
    )


def _gift(g: Gift, contact_name: str | None, manager_name: str | None) -> GiftRecord:
    return GiftRecord(
        id=g.id, customer_id=g.customer_id, contact_id=g.contact_id, contact_name=contact_name,
        occasion_id=g.occasion_id, occasion_label=g.occasion_label, item=g.item, story=g.story, cost=g.cost,
        status=g.status.value, planned_for=g.planned_for, given_on=g.given_on, manager_name=manager_name,
    )


class OccasionService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def for_customer(self, customer_id: int) -> list[OccasionRecord]:
        """The customer's occasions and those of its contact persons, in calendar order."""
        with self._crm.session() as s:
            alive_customer(s, customer_id)
            contact = aliased(ContactPerson)
            stmt = (
                select(Occasion, contact.name)
                .outerjoin(contact, contact.id == Occasion.contact_id)
                .where(or_(Occasion.customer_id == customer_id, contact.customer_id == customer_id))
                .order_by(Occasion.month, Occasion.day, Occasion.id)
            )
            return [_occasion(o, name) for o, name in s.execute(stmt)]

    def add(self, customer_id: int, data: dict[str, Any]) -> tuple[OccasionRecord, Changes]:
        refuse_unknown(data, OCCASION_FIELDS, "occasion")
        with self._crm.session() as s:
            alive_customer(s, customer_id)
            values = self._clean(s, customer_id, data, creating=True)
            obj = Occasion(customer_id=customer_id, **values)
            s.add(obj)
            s.commit()
            return self._one(s, obj.id), Changes(occasions=frozenset({customer_id}))

    def update(self, occasion_id: int, data: dict[str, Any]) -> tuple[OccasionRecord, Changes]:
        refuse_unknown(data, OCCASION_FIELDS, "occasion")
        with self._crm.session() as s:
            obj, customer_id = self._load(s, occasion_id)
            if any(k in data for k in DATE_FIELDS):  # the date is checked as a whole
                data = {**{k: getattr(obj, k) for k in DATE_FIELDS}, **data}
            for name, value in self._clean(s, customer_id, data, creating=False).items():
                setattr(obj, name, value)
            s.commit()
            return self._one(s, occasion_id), Changes(occasions=frozenset({customer_id}))

    def delete(self, occasion_id: int) -> Changes:
        """Remove an occasion; gifts tied to it keep their own label."""
        with self._crm.session() as s:
            obj, customer_id = self._load(s, occasion_id)
            s.delete(obj)
            s.commit()
        return Changes(occasions=frozenset({customer_id}), gifts=frozenset({customer_id}))

    # ----- internals -----------------------------------------------------------------------

    def _load(self, s: Session, occasion_id: int) -> tuple[Occasion, int]:
        obj = s.get(Occasion, occasion_id)
        if obj is None:
            raise NotFoundError(f"Occasion #{occasion_id} does not exist (it may have been deleted).")
        customer_id = obj.customer_id
        if customer_id is None:
            customer_id = s.scalar(select(ContactPerson.customer_id).where(ContactPerson.id == obj.contact_id))
        alive_customer(s, customer_id)
        return obj, customer_id

    @staticmethod
    def _one(s: Session, occasion_id: int) -> OccasionRecord:
        obj = s.get(Occasion, occasion_id)
        name = s.scalar(select(ContactPerson.name).where(ContactPerson.id == obj.contact_id)) if obj.contact_id else None
        return _occasion(obj, name)

    @staticmethod
    def _clean(s: Session, customer_id: int, data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        problems = validation.Problems()
        values: dict[str, Any] = {}
        if "kind" in data or creating:
            values["kind"] = validation.enum_value(OccasionKind, data.get("kind"), "kind", problems)
            if values["kind"] is None and "kind" not in problems:
                problems["kind"] = "say what kind of occasion this is (birthday, company anniversary…)"
        if "title" in data:
            values["title"] = validation.clean_text(data["title"], 200)
        if "notes" in data:
            values["notes"] = validation.clean_text(data["notes"])
        if any(k in data for k in DATE_FIELDS) or creating:
            if data.get("month") in (None, "") or data.get("day") in (None, ""):
                problems["date"] = "an occasion needs a month and a day"
            else:
                values.update(calendar_date(data.get("calendar"), data.get("year"), data.get("month"),
                                            data.get("day"), data.get("leap_month"), problems))
        if "yearly" in data:
            values["yearly"] = bool(data["yearly"])
        if "lead_days" in data:
            values["lead_days"] = check_range(data["lead_days"], "lead_days", 0, MAX_LEAD_DAYS, problems,
                                              "the days of warning") or 0
        if "contact_id" in data:
            values["contact_id"] = contact_of(s, customer_id, data["contact_id"], "contact_id", problems)
        if problems:
            raise ValidationError(problems)
        return values


class GiftService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def for_customer(self, customer_id: int) -> list[GiftRecord]:
        """The customer's gifts: planned ones (soonest first), then those given (latest first)."""
        with self._crm.session() as s:
            alive_customer(s, customer_id)
            return self._records(s, Gift.customer_id == customer_id)

    def add(self, customer_id: int, data: dict[str, Any]) -> tuple[GiftRecord, Changes]:
        refuse_unknown(data, GIFT_FIELDS, "gift")
        with self._crm.session() as s:
            customer = alive_customer(s, customer_id)
            values = self._clean(s, customer_id, data, creating=True)
            obj = Gift(customer_id=customer_id, manager_id=manager_id_for(s, customer, data.get("manager")),
                       **values)
            s.add(obj)
            s.commit()
            return self._records(s, Gift.id == obj.id)[0], Changes(gifts=frozenset({customer_id}))

    def update(self, gift_id: int, data: dict[str, Any]) -> tuple[GiftRecord, Changes]:
        refuse_unknown(data, GIFT_FIELDS, "gift")
        with self._crm.session() as s:
            obj = s.get(Gift, gift_id)
            if obj is None:
                raise NotFoundError(f"Gift #{gift_id} does not exist (it may have been deleted).")
            customer = alive_customer(s, obj.customer_id)
            values = self._clean(s, obj.customer_id, data, creating=False)
            if "manager" in data:
                values["manager_id"] = manager_id_for(s, customer, data["manager"])
            for name, value in values.items():
                setattr(obj, name, value)
            if obj.status == GiftStatus.GIVEN and obj.given_on is None:
                obj.given_on = dt.date.today()
            s.commit()
            return self._records(s, Gift.id == gift_id)[0], Changes(gifts=frozenset({obj.customer_id}))

    # ----- internals -----------------------------------------------------------------------

    @staticmethod
    def _records(s: Session, where) -> list[GiftRecord]:
        contact = aliased(ContactPerson)
        given_last = Gift.status == GiftStatus.GIVEN
        stmt = (
            select(Gift, contact.name, Manager.name)
            .outerjoin(contact, contact.id == Gift.contact_id)
            .outerjoin(Manager, Manager.id == Gift.manager_id)
            .where(where)
            .order_by(given_last, Gift.planned_for.asc().nulls_last(), Gift.given_on.desc().nulls_last(),
                      Gift.id.desc())
        )
        return [_gift(g, contact_name, manager_name) for g, contact_name, manager_name in s.execute(stmt)]

    @staticmethod
    def _clean(s: Session, customer_id: int, data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        problems = validation.Problems()
        values: dict[str, Any] = {}
        if "item" in data or creating:
            values["item"] = validation.clean_text(data.get("item"), 200)
            if values["item"] is None:
                problems["item"] = "say what the gift is"
        for name, limit in (("story", None), ("occasion_label", 200)):
            if name in data:
                values[name] = validation.clean_text(data[name], limit)
        if "cost" in data:
            values["cost"] = validation.money(data["cost"], "cost", problems)
            if isinstance(values["cost"], Decimal) and values["cost"] >= Decimal("1e13"):
                problems["cost"] = "that cost is too large"
        if "status" in data or creating:
            values["status"] = validation.enum_value(GiftStatus, data.get("status") or "idea", "status", problems)
        for name in ("planned_for", "given_on"):
            if name in data:
                values[name] = as_date(data[name], name, problems)
        if "occasion_id" in data:
            values["occasion_id"] = _occasion_of(s, customer_id, data["occasion_id"], problems)
        if "contact_id" in data:
            values["contact_id"] = contact_of(s, customer_id, data["contact_id"], "contact_id", problems)
        if creating and values.get("status") == GiftStatus.GIVEN and not values.get("given_on"):
            values["given_on"] = dt.date.today()
        if problems:
            raise ValidationError(problems)
        return values


def _occasion_of(s: Session, customer_id: int, occasion_id: Any, problems: validation.Problems) -> int | None:
    if occasion_id in (None, ""):
        return None
    try:
        wanted = int(occasion_id)
    except (TypeError, ValueError):
        problems["occasion_id"] = f"'{occasion_id}' is not an occasion"
        return None
    contact = aliased(ContactPerson)
    found = s.scalar(
        select(Occasion.id).outerjoin(contact, contact.id == Occasion.contact_id)
        .where(Occasion.id == wanted,
               or_(Occasion.customer_id == customer_id, contact.customer_id == customer_id)))
    if found is None:
        problems["occasion_id"] = "that occasion is not one of this customer's"
    return found


__all__ = ["GiftService", "OccasionService", "calendar_date"]
