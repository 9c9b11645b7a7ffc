"""Care events: the timeline of what managers did for a customer, and logging a new one.

Logging a call or a visit moves the customer's ``last_call_at`` / ``last_visit_at`` (the later
of old and new) with one set-based UPDATE that leaves the customer's version alone: a call
logged from one window must not make a card open in another window conflict.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session, aliased

from desktop_crm.errors import ValidationError
from desktop_crm.models import CareEvent, CareKind, ContactPerson, Customer, Manager

from . import validation
from .card_common import alive_customer, as_date, as_datetime, contact_of, manager_id_for
from .card_records import CareRecord
from .changes import Changes

if TYPE_CHECKING:
    from .crm import Crm

HISTORY_LIMIT = 500
CHANNEL_LIMIT = 32
# The customer column each kind of care event keeps up to date.
LAST_TOUCH = {CareKind.CALL: "last_call_at", CareKind.VISIT: "last_visit_at"}


class CareService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def history(self, customer_id: int, limit: int = HISTORY_LIMIT) -> list[CareRecord]:
        """The customer's care events, newest first."""
        with self._crm.session() as s:
            alive_customer(s, customer_id)
            return self._records(s, CareEvent.customer_id == customer_id, limit)

    def log(self, customer_id: int, kind: str, *, summary: str | None = None, outcome: str | None = None,
            next_step: str | None = None, next_due: dt.date | str | None = None,
            happened_at: dt.datetime | str | None = None, channel: str | None = None,
            contact_id: int | None = None, manager: str | None = None) -> tuple[CareRecord, Changes]:
        """Record a care event (``manager``: a login; default the customer's current manager).

        ``happened_at`` is the local wall-clock time of the event (default now).
        """
        problems = validation.Problems()
        kind_value = validation.enum_value(CareKind, kind, "kind", problems)
        if kind_value is None and "kind" not in problems:
            problems["kind"] = "say what kind of care event this is (call, visit, greeting…)"
        summary_text = validation.clean_text(summary)
        if summary_text is None:
            problems["summary"] = "say in a few words what happened"
        when = as_datetime(happened_at, "happened_at", problems) or dt.datetime.now().replace(microsecond=0)
        due = as_date(next_due, "next_due", problems)
        if due is not None and "happened_at" not in problems and due < when.date():
            problems["next_due"] = f"the next step cannot be due ({due.isoformat()}) before the event itself"
        with self._crm.session() as s:
            customer = alive_customer(s, customer_id)
            contact = contact_of(s, customer_id, contact_id, "contact_id", problems)
            if problems:
                raise ValidationError(problems)
            event = CareEvent(
                customer_id=customer_id, contact_id=contact, manager_id=manager_id_for(s, customer, manager),
                kind=kind_value, happened_at=when, channel=validation.clean_text(channel, CHANNEL_LIMIT),
                summary=summary_text, outcome=validation.clean_text(outcome),
                next_step=validation.clean_text(next_step), next_due=due,
            )
            s.add(event)
            s.flush()
            touched = LAST_TOUCH.get(kind_value)
            if touched is not None:
                self._touch(s, customer_id, touched, when)
            s.commit()
            record = self._records(s, CareEvent.id == event.id, 1)[0]
        moved = touched is not None  # "last contact" and "overdue" may now sort and filter differently
        return record, Changes(customers=frozenset({customer_id}), customer_list=moved, care=True)

    # ----- internals -----------------------------------------------------------------------

    @staticmethod
    def _touch(s: Session, customer_id: int, column: str, when: dt.datetime) -> None:
        """Keep the later of the old and the new time, without bumping the customer's version."""
        col = getattr(Customer, column)
        s.execute(
            update(Customer)
            .where(Customer.id == customer_id)
            .values({col: case((or_(col.is_(None), col < when), when), else_=col),
                     Customer.updated_at: Customer.updated_at})  # not an edit of the card: no onupdate
            .execution_options(synchronize_session=False)
        )

    @staticmethod
    def _records(s: Session, where, limit: int) -> list[CareRecord]:
        contact = aliased(ContactPerson)
        stmt = (
            select(CareEvent, Manager.login, Manager.name, contact.name)
            .outerjoin(Manager, Manager.id == CareEvent.manager_id)
            .outerjoin(contact, contact.id == CareEvent.contact_id)
            .where(where)
            .order_by(CareEvent.happened_at.desc(), CareEvent.id.desc())
            .limit(limit)
        )
        return [
            CareRecord(
                id=e.id, customer_id=e.customer_id, kind=e.kind.value, happened_at=e.happened_at,
                channel=e.channel, summary=e.summary, outcome=e.outcome, next_step=e.next_step,
                next_due=e.next_due, next_done_at=e.next_done_at, manager_login=login, manager_name=name,
                contact_id=e.contact_id, contact_name=contact_name, source=e.source.value,
            )
            for e, login, name, contact_name in s.execute(stmt)
        ]


__all__ = ["CareService"]
