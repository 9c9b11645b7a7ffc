"""Managers, who is responsible for which customer, and handing customers over."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.models import (
    AssignmentRole,
    AuditAction,
    AuditLog,
    Customer,
    CustomerAssignment,
    CustomerCount,
    Manager,
    ManagerRole,
    utcnow,
)

from . import validation
from .changes import Changes
from .records import HandoverResult, ManagerRecord

if TYPE_CHECKING:
    from .crm import Crm

CHUNK = 900


def _record(m: Manager) -> ManagerRecord:
    return ManagerRecord(id=m.id, login=m.login, name=m.name, email=m.email, role=m.role.value, active=m.active)


class ManagerService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def list(self, *, include_inactive: bool = False) -> list[ManagerRecord]:
        with self._crm.session() as s:
            stmt = select(Manager).order_by(Manager.name)
            if not include_inactive:
                stmt = stmt.where(Manager.active.is_(True))
            return [_record(m) for m in s.scalars(stmt)]

    def by_login(self, login: str) -> ManagerRecord:
        with self._crm.session() as s:
            return _record(self._get(s, login))

    def create(self, login: str, name: str, *, role: str = "manager", email: str | None = None) -> ManagerRecord:
        problems = validation.Problems()
        login = (login or "").strip()
        name = (name or "").strip()
        if not login:
            problems["login"] = "a manager needs a login"
        if not name:
            problems["name"] = "a manager needs a name"
        role_value = validation.enum_value(ManagerRole, role, "role", problems)
        if email:
            email = validation.email(email, "email", problems)
        if problems:
            raise ValidationError(problems)
        with self._crm.session() as s:
            manager = Manager(login=login, name=name, role=role_value, email=email, active=True)
            s.add(manager)
            try:
                s.commit()
            except IntegrityError:
                raise ValidationError({"login": f"login {login!r} is already taken"}) from None
            return _record(manager)

    def primary_customer_count(self, login: str) -> int:
        """How many live customers have this manager as their primary manager (before deactivating them)."""
        with self._crm.session() as s:
            manager = self._get(s, login)
            n = s.scalar(select(CustomerCount.n).where(CustomerCount.dim == "manager",
                                                       CustomerCount.key == str(manager.id)))
            return int(n or 0)

    def set_active(self, login: str, active: bool) -> ManagerRecord:
        with self._crm.session() as s:
            manager = self._get(s, login)
            manager.active = active
            s.commit()
            return _record(manager)

    def assign_in(self, s: Session, customer_ids: list[int], login: str, *,
                  role: AssignmentRole = AssignmentRole.PRIMARY, today: dt.date | None = None,
                  note: str | None = None) -> int:
        """Make ``login`` a manager of these customers inside an open session; history is kept."""
        manager = self._get(s, login)
        if not manager.active:
            raise CrmError(f"{manager.name} ({manager.login}) is no longer active and cannot take customers.")
        return self._move(s, customer_ids, None, manager, role, today or dt.date.today(), note)

    def assign(self, customer_ids: list[int], login: str, *, role: str = "primary") -> Changes:
        with self._crm.session() as s:
            self.assign_in(s, customer_ids, login, role=AssignmentRole(role))
            s.commit()
        return Changes(customers=frozenset(customer_ids), customer_list=True)

    def handover(self, from_login: str, to_login: str, *, customer_ids: list[int] | None = None,
                 today: dt.date | None = None, note: str | None = None) -> HandoverResult:
        """Hand all (or the given) current customers of one manager to another.

        The old assignments end today and new ones start today, so the history shows who
        looked after each customer when; care events and notes stay with the customer.
        """
        with self._crm.session() as s:
            result = self.handover_in(s, from_login, to_login, customer_ids=customer_ids, today=today, note=note)
            s.commit()
            return result

    def handover_in(self, s: Session, from_login: str, to_login: str, *, customer_ids: list[int] | None = None,
                    today: dt.date | None = None, note: str | None = None) -> HandoverResult:
        """``handover`` inside an open session, so that more can be written in the same transaction."""
        today = today or dt.date.today()
        source = self._get(s, from_login)
        target = self._get(s, to_login)
        if source.id == target.id:
            raise CrmError("A manager cannot hand customers over to themselves.")
        if not target.active:
            raise CrmError(f"{target.name} ({target.login}) is no longer active and cannot take customers.")
        ids = self.current_customers(s, source, customer_ids)
        note = note or f"handed over from {source.name} ({source.login})"
        self._move(s, ids, source, target, None, today, note)
        return HandoverResult(from_login=source.login, to_login=target.login, moved=len(ids), customer_ids=ids)

    def current_customers(self, s: Session, source: Manager, customer_ids: list[int] | None = None) -> list[int]:
        """The ids of the customers ``source`` looks after now (open assignments or primary manager).

        With ``customer_ids``, those, after checking that each is one of them.
        """
        stmt = select(CustomerAssignment.customer_id).where(
            CustomerAssignment.manager_id == source.id, CustomerAssignment.ended_on.is_(None))
        current = set(s.scalars(stmt))
        current |= set(s.scalars(select(Customer.id).where(Customer.manager_id == source.id)))
        if customer_ids is not None:
            missing = set(customer_ids) - current
            if missing:
                raise CrmError(f"{len(missing)} of the chosen customers are not {source.name}'s.")
            current = set(customer_ids)
        return sorted(current)

    def get_in(self, s: Session, login: str) -> Manager:
        """The manager with this login inside an open session; NotFoundError names the known logins."""
        return self._get(s, login)

    # ----- internals -----------------------------------------------------------------------

    def _get(self, s: Session, login: str) -> Manager:
        manager = s.scalar(select(Manager).where(Manager.login == (login or "").strip()))
        if manager is None:
            known = ", ".join(s.scalars(select(Manager.login).order_by(Manager.login).limit(10)))
            raise NotFoundError(f"No manager with login {login!r}" + (f" (known: {known}…)." if known else "."))
        return manager

    def _move(self, s: Session, customer_ids: list[int], source: Manager | None, target: Manager,
              role: AssignmentRole | None, today: dt.date, note: str | None) -> int:
        """End current assignments (of ``source``, or of ``role`` when no source) and start ``target``'s.

        Set-based, so that handing over tens of thousands of customers is a few statements.
        """
        actor = s.info.get("actor")
        now = utcnow()
        for start in range(0, len(customer_ids), CHUNK):
            chunk = customer_ids[start : start + CHUNK]
            ending = select(CustomerAssignment.id, CustomerAssignment.customer_id, CustomerAssignment.role).where(
                CustomerAssignment.customer_id.in_(chunk), CustomerAssignment.ended_on.is_(None))
            if source is not None:
                ending = ending.where(CustomerAssignment.manager_id == source.id)
            else:
                ending = ending.where(CustomerAssignment.role == role)
            ended = s.execute(ending).all()
            roles = {cid: r for _, cid, r in ended}
            if ended:
                s.execute(update(CustomerAssignment).where(CustomerAssignment.id.in_([e[0] for e in ended]))
                          .values(ended_on=today))
            new_rows = [{"customer_id": cid, "manager_id": target.id, "role": roles.get(cid, role or AssignmentRole.PRIMARY),
                         "started_on": today, "note": note} for cid in chunk]
            s.execute(insert(CustomerAssignment), new_rows)
            primary = [cid for cid in chunk if roles.get(cid, role) == AssignmentRole.PRIMARY]
            if primary:
                old = dict(s.execute(select(Customer.id, Customer.manager_id).where(Customer.id.in_(primary))).all())
                s.execute(update(Customer).where(Customer.id.in_(primary))
                          .values(manager_id=target.id, assigned_at=now, version=Customer.version + 1, updated_at=now)
                          .execution_options(synchronize_session=False))
                s.execute(insert(AuditLog), [
                    {"at": now, "actor": actor, "entity": "customers", "entity_id": cid,
                     "action": AuditAction.UPDATE, "field": "manager_id",
                     "old_value": None if old.get(cid) is None else str(old[cid]), "new_value": str(target.id)}
                    for cid in primary if old.get(cid) != target.id
                ])
        return len(customer_ids)
