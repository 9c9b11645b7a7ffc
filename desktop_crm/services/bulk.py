"""Actions on many customers at once, each with the value that undoes it.

A bulk action returns ``BulkResult``: what changed, and an ``Undo`` holding each customer's
previous value. ``undo(result.undo)`` puts those values back (as a new, logged change: the
history shows both the action and its undoing).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.models import (
    AssignmentRole,
    AuditAction,
    AuditLog,
    Customer,
    CustomerAssignment,
    CustomerStatus,
    Manager,
    utcnow,
)

from .changes import Changes

if TYPE_CHECKING:
    from .crm import Crm

CHUNK = 900
ACTIONS = ("manager", "tier", "status", "delete")


@dataclass(frozen=True)
class Undo:
    """What to put back: ``before`` maps a customer id to its previous value(s) for ``action``."""

    action: str  # one of ACTIONS
    before: dict[int, object] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.before)


@dataclass(frozen=True)
class BulkResult:
    changes: Changes
    undo: Undo
    changed: int  # customers whose value actually changed


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


class BulkService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    # ----- actions -------------------------------------------------------------------------

    def assign_manager(self, customer_ids: list[int], login: str, *, today: dt.date | None = None) -> BulkResult:
        """Make ``login`` the primary manager of these customers (assignment history is kept)."""
        ids = self._live_ids(customer_ids)
        with self._crm.session() as s:
            target = s.scalar(select(Manager).where(Manager.login == (login or "").strip()))
            if target is None:
                raise NotFoundError(f"No manager with login {login!r}.")
            before: dict[int, object] = {}
            for chunk in _chunks(ids):
                before.update(s.execute(select(Customer.id, Customer.manager_id).where(Customer.id.in_(chunk))).all())
            moving = [cid for cid in ids if before.get(cid) != target.id]
            if moving:
                self._crm.managers.assign_in(s, moving, target.login, today=today, note="bulk assignment")
            s.commit()
        return BulkResult(Changes(customers=frozenset(ids), customer_list=True),
                          Undo("manager", {cid: before[cid] for cid in moving}), len(moving))

    def set_tier(self, customer_ids: list[int], code: str | None) -> BulkResult:
        """A manual tier (pinned, so automatic ABC keeps it); ``None`` removes the tier."""
        ids = self._live_ids(customer_ids)
        with self._crm.session() as s:
            tier_id = self._crm.tiers.id_of(s, code)
            before: dict[int, object] = {}
            for chunk in _chunks(ids):
                for customer in s.scalars(select(Customer).where(Customer.id.in_(chunk))):
                    if customer.tier_id == tier_id and customer.tier_pinned:
                        continue
                    before[customer.id] = (customer.tier_id, customer.tier_pinned)
                    if customer.tier_id != tier_id:
                        self._crm.tiers.record_change(s, customer, tier_id, manual=True, note="bulk change")
                    customer.tier_pinned = True
            s.commit()
        return BulkResult(Changes(customers=frozenset(ids), customer_list=True), Undo("tier", before), len(before))

    def set_status(self, customer_ids: list[int], status: str) -> BulkResult:
        ids = self._live_ids(customer_ids)
        try:
            value = CustomerStatus(status)
        except ValueError:
            allowed = ", ".join(m.value for m in CustomerStatus)
            raise ValidationError({"status": f"'{status}' is not one of: {allowed}"}) from None
        with self._crm.session() as s:
            before: dict[int, object] = {}
            for chunk in _chunks(ids):
                for customer in s.scalars(select(Customer).where(Customer.id.in_(chunk))):
                    if customer.status != value:
                        before[customer.id] = customer.status.value
                        customer.status = value
            s.commit()
        return BulkResult(Changes(customers=frozenset(ids), customer_list=True), Undo("status", before), len(before))

    def delete(self, customer_ids: list[int]) -> BulkResult:
        """Move customers to the bin; they leave lists and search until undone."""
        ids = self._live_ids(customer_ids)
        changes = self._crm.customers.delete(ids)
        return BulkResult(changes, Undo("delete", dict.fromkeys(ids)), len(ids))

    # ----- undo ----------------------------------------------------------------------------

    def undo(self, undo: Undo, *, today: dt.date | None = None) -> Changes:
        if undo.action not in ACTIONS:
            raise CrmError(f"Cannot undo {undo.action!r}.")
        ids = list(undo.before)
        if not ids:
            return Changes()
        if undo.action == "delete":
            return self._crm.customers.restore(ids)
        with self._crm.session() as s:
            if undo.action == "status":
                for chunk in _chunks(ids):
                    for customer in s.scalars(select(Customer).where(Customer.id.in_(chunk))):
                        customer.status = CustomerStatus(undo.before[customer.id])
            elif undo.action == "tier":
                for chunk in _chunks(ids):
                    for customer in s.scalars(select(Customer).where(Customer.id.in_(chunk))):
                        tier_id, pinned = undo.before[customer.id]
                        if customer.tier_id != tier_id:
                            self._crm.tiers.record_change(s, customer, tier_id, manual=True, note="undo")
                        customer.tier_pinned = bool(pinned)
            else:
                self._restore_managers(s, undo.before, today or dt.date.today())
            s.commit()
        return Changes(customers=frozenset(ids), customer_list=True)

    # ----- internals -----------------------------------------------------------------------

    def _live_ids(self, customer_ids: list[int]) -> list[int]:
        ids = list(dict.fromkeys(int(i) for i in customer_ids))
        if not ids:
            raise CrmError("No customers are selected.")
        return ids

    def _restore_managers(self, s, before: dict[int, object], today: dt.date) -> None:
        by_manager: dict[object, list[int]] = defaultdict(list)
        for cid, manager_id in before.items():
            by_manager[manager_id].append(cid)
        logins = dict(s.execute(select(Manager.id, Manager.login)).all())
        for manager_id, ids in by_manager.items():
            if manager_id is None:
                self._unassign(s, ids, today)
            else:
                self._crm.managers.assign_in(s, ids, logins[manager_id], today=today, note="undo")

    @staticmethod
    def _unassign(s, ids: list[int], today: dt.date) -> None:
        """These customers go back to having no primary manager."""
        now = utcnow()
        actor = s.info.get("actor")
        for chunk in _chunks(ids):
            old = dict(s.execute(select(Customer.id, Customer.manager_id).where(Customer.id.in_(chunk))).all())
            s.execute(update(CustomerAssignment).where(
                CustomerAssignment.customer_id.in_(chunk), CustomerAssignment.ended_on.is_(None),
                CustomerAssignment.role == AssignmentRole.PRIMARY).values(ended_on=today))
            s.execute(update(Customer).where(Customer.id.in_(chunk))
                      .values(manager_id=None, version=Customer.version + 1, updated_at=now)
                      .execution_options(synchronize_session=False))
            rows = [{"at": now, "actor": actor, "entity": "customers", "entity_id": cid, "action": AuditAction.UPDATE,
                     "field": "manager_id", "old_value": str(old[cid]), "new_value": None}
                    for cid in chunk if old.get(cid) is not None]
            if rows:
                s.execute(AuditLog.__table__.insert(), rows)
