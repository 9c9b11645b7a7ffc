"""Complaints: listing a customer's, receiving a new one, working on it (with optimistic locking)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from desktop_crm.errors import ConflictError, NotFoundError, ValidationError
from desktop_crm.models import Complaint, ComplaintStatus, ContactPerson, Manager, Severity

from . import validation
from .card_common import alive_customer, as_datetime, check_range, contact_of, manager_id_for, refuse_unknown
from .card_records import ComplaintRecord
from .changes import Changes

if TYPE_CHECKING:
    from .crm import Crm

EDITABLE = {"received_at", "channel", "category", "severity", "description", "status", "target_at", "resolution",
            "resolved_at", "feedback", "satisfaction", "contact_id", "manager"}
DONE = (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED)


def _plain(value):
    return value.value if isinstance(value, enum.Enum) else value


class ComplaintService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def for_customer(self, customer_id: int) -> list[ComplaintRecord]:
        """The customer's complaints, latest received first."""
        with self._crm.session() as s:
            alive_customer(s, customer_id)
            return self._records(s, Complaint.customer_id == customer_id)

    def add(self, customer_id: int, data: dict[str, Any]) -> tuple[ComplaintRecord, Changes]:
        """Receive a complaint (``received_at`` defaults to now; ``manager`` to the customer's manager)."""
        refuse_unknown(data, EDITABLE, "complaint")
        with self._crm.session() as s:
            customer = alive_customer(s, customer_id)
            values = self._clean(s, customer_id, data, creating=True)
            obj = Complaint(customer_id=customer_id, manager_id=manager_id_for(s, customer, data.get("manager")),
                            **values)
            s.add(obj)
            s.commit()
            return self._records(s, Complaint.id == obj.id)[0], Changes(complaints=frozenset({customer_id}))

    def update(self, complaint_id: int, data: dict[str, Any], expected_version: int
               ) -> tuple[ComplaintRecord, Changes]:
        """Save edits made on a copy of version ``expected_version``; ConflictError if someone saved meanwhile."""
        refuse_unknown(data, EDITABLE, "complaint")
        with self._crm.session() as s:
            obj = s.get(Complaint, complaint_id)
            if obj is None:
                raise NotFoundError(f"Complaint #{complaint_id} does not exist (it may have been deleted).")
            customer = alive_customer(s, obj.customer_id)
            label = f"The complaint of {obj.received_at:%Y-%m-%d} from {customer.name}"
            if obj.version != expected_version:
                theirs = {k: _plain(getattr(obj, "manager_id" if k == "manager" else k)) for k in data}
                raise ConflictError(label, expected_version=expected_version, current_version=obj.version,
                                    theirs=theirs)
            values = self._clean(s, obj.customer_id, data, creating=False, received_at=obj.received_at)
            if "manager" in data:
                values["manager_id"] = manager_id_for(s, customer, data["manager"])
            for name, value in values.items():
                setattr(obj, name, value)
            if obj.status in DONE and obj.resolved_at is None:
                obj.resolved_at = dt.datetime.now().replace(microsecond=0)
            customer_id = obj.customer_id
            try:
                s.flush()
                s.commit()
            except StaleDataError:
                s.rollback()
                current = s.get(Complaint, complaint_id, populate_existing=True)
                raise ConflictError(label, expected_version=expected_version,
                                    current_version=current.version if current else None) from None
            return self._records(s, Complaint.id == complaint_id)[0], Changes(complaints=frozenset({customer_id}))

    # ----- internals -----------------------------------------------------------------------

    @staticmethod
    def _records(s: Session, where) -> list[ComplaintRecord]:
        contact = aliased(ContactPerson)
        stmt = (
            select(Complaint, contact.name, Manager.name)
            .outerjoin(contact, contact.id == Complaint.contact_id)
            .outerjoin(Manager, Manager.id == Complaint.manager_id)
            .where(where)
            .order_by(Complaint.received_at.desc(), Complaint.id.desc())
        )
        return [
            ComplaintRecord(
                id=c.id, customer_id=c.customer_id, contact_id=c.contact_id, contact_name=contact_name,
                manager_name=manager_name, received_at=c.received_at, channel=c.channel, category=c.category,
                severity=c.severity.value, description=c.description, status=c.status.value, target_at=c.target_at,
                resolution=c.resolution, resolved_at=c.resolved_at, feedback=c.feedback,
                satisfaction=c.satisfaction, version=c.version,
            )
            for c, contact_name, manager_name in s.execute(stmt)
        ]

    @staticmethod
    def _clean(s: Session, customer_id: int, data: dict[str, Any], *, creating: bool,
               received_at: dt.datetime | None = None) -> dict[str, Any]:
        problems = validation.Problems()
        values: dict[str, Any] = {}
        if "description" in data or creating:
            values["description"] = validation.clean_text(data.get("description"))
            if values["description"] is None:
                problems["description"] = "say what the customer complains about"
        for name, limit in (("channel", 32), ("category", 64), ("resolution", None), ("feedback", None)):
            if name in data:
                values[name] = validation.clean_text(data[name], limit)
        if "severity" in data or creating:
            values["severity"] = validation.enum_value(Severity, data.get("severity") or "medium", "severity",
                                                       problems)
        if "status" in data or creating:
            values["status"] = validation.enum_value(ComplaintStatus, data.get("status") or "open", "status",
                                                     problems)
        if "received_at" in data or creating:
            values["received_at"] = (as_datetime(data.get("received_at"), "received_at", problems)
                                     or dt.datetime.now().replace(microsecond=0))
        for name in ("target_at", "resolved_at"):
            if name in data:
                values[name] = as_datetime(data[name], name, problems)
        received = values.get("received_at", received_at)
        for name in ("target_at", "resolved_at"):
            when = values.get(name)
            if when is not None and received is not None and when.date() < received.date() and name not in problems:
                problems[name] = f"this cannot be before the complaint was received ({received:%Y-%m-%d})"
        if "satisfaction" in data:
            values["satisfaction"] = check_range(data["satisfaction"], "satisfaction", 1, 5, problems,
                                                 "satisfaction")
        if "contact_id" in data:
            values["contact_id"] = contact_of(s, customer_id, data["contact_id"], "contact_id", problems)
        if problems:
            raise ValidationError(problems)
        return values


__all__ = ["ComplaintService"]
