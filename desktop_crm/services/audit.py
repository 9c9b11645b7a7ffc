"""The change log of one customer: its own fields, its contact persons' and its complaints'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop_crm.models import AuditLog, Complaint, ContactPerson, Customer, Manager, Tier

from .card_records import AuditEntry

if TYPE_CHECKING:
    from .crm import Crm

LIMIT = 1000
# Fields holding an id, and what is shown instead of the id.
REFERENCES = {"manager_id": "manager", "tier_id": "tier", "contact_id": "contact"}


class AuditService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def for_customer(self, customer_id: int, limit: int = LIMIT) -> list[AuditEntry]:
        """Who changed what and when, newest first; manager and tier ids shown as names and codes."""
        with self._crm.session() as s:
            customer_name = s.scalar(select(Customer.name).where(Customer.id == customer_id))
            contacts = dict(s.execute(select(ContactPerson.id, ContactPerson.name)
                                      .where(ContactPerson.customer_id == customer_id)).all())
            complaints = {cid: (received, category) for cid, received, category in s.execute(
                select(Complaint.id, Complaint.received_at, Complaint.category)
                .where(Complaint.customer_id == customer_id))}
            stmt = (
                select(AuditLog)
                .where(or_(
                    and_(AuditLog.entity == "customers", AuditLog.entity_id == customer_id),
                    and_(AuditLog.entity == "contact_persons",
                         AuditLog.entity_id.in_(select(ContactPerson.id)
                                                .where(ContactPerson.customer_id == customer_id))),
                    and_(AuditLog.entity == "complaints",
                         AuditLog.entity_id.in_(select(Complaint.id).where(Complaint.customer_id == customer_id))),
                ))
                .order_by(AuditLog.at.desc(), AuditLog.id.desc())
                .limit(limit)
            )
            rows = s.scalars(stmt).all()
            names = self._names(s, rows, contacts)
        out = []
        for r in rows:
            if r.entity == "contact_persons":
                subject = contacts.get(r.entity_id, f"#{r.entity_id}")
            elif r.entity == "complaints":
                received, category = complaints.get(r.entity_id, (None, None))
                subject = " ".join(x for x in (category, f"{received:%Y-%m-%d}" if received else None) if x) \
                    or f"#{r.entity_id}"
            else:
                subject = customer_name or f"#{r.entity_id}"
            kind = REFERENCES.get(r.field or "")
            out.append(AuditEntry(
                id=r.id, at=r.at, actor=r.actor, actor_name=names["actor"].get(r.actor), entity=r.entity,
                entity_id=r.entity_id, subject=subject, action=r.action.value, field=r.field,
                old_value=_shown(r.old_value, names.get(kind)), new_value=_shown(r.new_value, names.get(kind)),
                old_raw=r.old_value, new_raw=r.new_value,
            ))
        return out

    @staticmethod
    def _names(s: Session, rows: list[AuditLog], contacts: dict[int, str]) -> dict[str, dict]:
        """Lookup tables for the ids that occur in ``rows``: manager names, tier codes, contact names."""
        wanted: dict[str, set[int]] = {"manager": set(), "tier": set(), "contact": set()}
        for r in rows:
            kind = REFERENCES.get(r.field or "")
            if kind:
                for value in (r.old_value, r.new_value):
                    if value is not None and value.isdigit():
                        wanted[kind].add(int(value))
        managers = dict(s.execute(select(Manager.id, Manager.name).where(Manager.id.in_(wanted["manager"]))).all()) \
            if wanted["manager"] else {}
        tiers = dict(s.execute(select(Tier.id, Tier.code).where(Tier.id.in_(wanted["tier"]))).all()) \
            if wanted["tier"] else {}
        missing = wanted["contact"] - set(contacts)
        people = dict(contacts)
        if missing:
            people.update(s.execute(select(ContactPerson.id, ContactPerson.name)
                                    .where(ContactPerson.id.in_(missing))).all())
        actors = {r.actor for r in rows if r.actor}
        by_login = dict(s.execute(select(Manager.login, Manager.name).where(Manager.login.in_(actors))).all()) \
            if actors else {}
        return {"manager": {str(k): v for k, v in managers.items()}, "tier": {str(k): v for k, v in tiers.items()},
                "contact": {str(k): v for k, v in people.items()}, "actor": by_login}


def _shown(value: str | None, names: dict[str, str] | None) -> str | None:
    if value is None or names is None:
        return value
    return names.get(value, f"#{value}")


__all__ = ["AuditService"]
