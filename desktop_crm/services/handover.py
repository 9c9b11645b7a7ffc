"""When a manager leaves: the dossier of what they hand over, the handover, the introduction calls.

``plan`` gathers, for the leaving manager's live customers (or a chosen few of them), every open
promise the successor inherits:

- follow-ups: care events with a next step due and not done;
- care tasks not done (a regional-care call, an earlier introduction call…);
- complaints still open or under investigation;
- gifts planned or bought and not yet given.

and the introduction call planned for each customer. The calls are spread over ``within_days``
days from tomorrow, the most valuable tiers first (tier rank, then name), so that the successor
meets the A customers in the first days and no day is crowded.

``execute`` does the handover (``ManagerService.handover_in``: assignments end and start today, the
history is kept), gives the successor the leaver's open care tasks of those customers, and writes
one introduction-call task per customer; all in one transaction. Follow-ups need no moving: the
agenda files them under the customer's current manager. Running ``execute`` again for the same
pair finds no customers left with the leaver and refuses in words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from desktop_crm.errors import CrmError, ValidationError
from desktop_crm.models import (
    CareEvent,
    CareKind,
    CareTask,
    Complaint,
    ComplaintStatus,
    Customer,
    Gift,
    GiftStatus,
    Tier,
    utcnow,
)

from .changes import Changes
from .records import JsonMixin

if TYPE_CHECKING:
    from .crm import Crm

CHUNK = 900
MAX_WITHIN_DAYS = 366
OPEN_COMPLAINTS = (ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)
PROMISED_GIFTS = (GiftStatus.PLANNED, GiftStatus.BOUGHT)
ITEM_KINDS = ("follow_up", "task", "complaint", "gift")


@dataclass(frozen=True)
class OpenItem(JsonMixin):
    """One open promise of a customer: what, by when, since when."""

    customer_id: int
    kind: str  # one of ITEM_KINDS
    text: str
    due_on: dt.date | None
    since: dt.date | None


@dataclass(frozen=True)
class IntroCall(JsonMixin):
    customer_id: int
    code: str
    name: str
    tier: str | None
    due_on: dt.date


@dataclass(frozen=True)
class HandoverPlan(JsonMixin):
    from_login: str
    from_name: str
    to_login: str | None
    to_name: str | None
    today: dt.date
    customer_ids: tuple[int, ...]  # the order of the dossier: tier rank, then name
    by_tier: tuple[tuple[str | None, int], ...]  # (tier code or None, customers), best tier first
    items: tuple[OpenItem, ...]  # by customer in the dossier's order, then due date
    intro_calls: tuple[IntroCall, ...]

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    def items_of(self, customer_id: int) -> list[OpenItem]:
        return [item for item in self.items if item.customer_id == customer_id]


@dataclass(frozen=True)
class HandoverOutcome(JsonMixin):
    from_login: str
    to_login: str
    moved: int
    tasks_moved: int
    intro_calls: int
    campaign: str


class HandoverService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def plan(self, from_login: str, to_login: str | None = None, *, customer_ids: list[int] | None = None,
             today: dt.date | None = None, within_days: int = 14) -> HandoverPlan:
        """What ``from_login`` hands over (see the module); ``to_login`` is checked when given."""
        today = today or dt.date.today()
        _check_days(within_days)
        with self._crm.session() as s:
            return self._plan(s, from_login, to_login, customer_ids, today, within_days)

    def execute(self, from_login: str, to_login: str, *, customer_ids: list[int] | None = None,
                today: dt.date | None = None, within_days: int = 14) -> tuple[HandoverOutcome, Changes]:
        """Hand the customers over and plan the introduction calls, in one transaction."""
        today = today or dt.date.today()
        _check_days(within_days)
        with self._crm.session() as s:
            plan = self._plan(s, from_login, to_login, customer_ids, today, within_days)
            if not plan.customer_ids:
                raise CrmError(f"{plan.from_name} ({plan.from_login}) has no customers to hand over.")
            source = self._crm.managers.get_in(s, from_login)
            result = self._crm.managers.handover_in(s, from_login, to_login, customer_ids=list(plan.customer_ids),
                                                    today=today)
            target = self._crm.managers.get_in(s, to_login)
            tasks_moved = 0
            for chunk in _chunks(list(plan.customer_ids)):
                tasks_moved += s.execute(
                    update(CareTask).where(CareTask.customer_id.in_(chunk), CareTask.manager_id == source.id,
                                           CareTask.done_at.is_(None))
                    .values(manager_id=target.id, updated_at=utcnow())).rowcount or 0
            campaign = f"Handover {source.login} → {target.login} {today.isoformat()}"
            title = f"Introduction call: {target.name} takes over from {source.name}"
            now = utcnow()
            if plan.intro_calls:
                s.execute(insert(CareTask), [
                    {"customer_id": call.customer_id, "manager_id": target.id, "kind": CareKind.CALL,
                     "title": title[:200], "campaign": campaign[:200], "due_on": call.due_on,
                     "created_by": self._crm.actor, "created_at": now, "updated_at": now}
                    for call in plan.intro_calls])
            s.commit()
        outcome = HandoverOutcome(from_login=result.from_login, to_login=result.to_login, moved=result.moved,
                                  tasks_moved=tasks_moved, intro_calls=len(plan.intro_calls), campaign=campaign)
        return outcome, Changes(customers=frozenset(plan.customer_ids), customer_list=True, agenda=True)

    # ----- internals ---------------------------------------------------------------------------

    def _plan(self, s: Session, from_login: str, to_login: str | None, customer_ids: list[int] | None,
              today: dt.date, within_days: int) -> HandoverPlan:
        source = self._crm.managers.get_in(s, from_login)
        target = None
        if to_login:
            target = self._crm.managers.get_in(s, to_login)
            if target.id == source.id:
                raise CrmError("A manager cannot hand customers over to themselves.")
        ids = self._crm.managers.current_customers(s, source, customer_ids)
        rows = self._customers(s, ids)
        order = [row.id for row in rows]
        by_tier: dict[str | None, int] = {}
        for row in rows:
            by_tier[row.tier] = by_tier.get(row.tier, 0) + 1
        n = len(rows)
        calls = tuple(IntroCall(customer_id=row.id, code=row.code, name=row.name, tier=row.tier,
                                due_on=today + dt.timedelta(days=1 + i * within_days // max(n, 1)))
                      for i, row in enumerate(rows))
        position = {cid: i for i, cid in enumerate(order)}
        items = sorted(self._open_items(s, order),
                       key=lambda it: (position[it.customer_id], it.due_on or dt.date.max, ITEM_KINDS.index(it.kind)))
        return HandoverPlan(from_login=source.login, from_name=source.name,
                            to_login=target.login if target else None, to_name=target.name if target else None,
                            today=today, customer_ids=tuple(order), by_tier=tuple(by_tier.items()),
                            items=tuple(items), intro_calls=calls)

    @staticmethod
    def _customers(s: Session, ids: list[int]):
        rows = []
        for chunk in _chunks(ids):
            rows += s.execute(
                select(Customer.id, Customer.code, Customer.name, Customer.sort_name, Tier.code.label("tier"),
                       func.coalesce(Tier.rank, 1_000_000).label("rank"))
                .outerjoin(Tier, Tier.id == Customer.tier_id)
                .where(Customer.id.in_(chunk), Customer.deleted_at.is_(None))).all()
        rows.sort(key=lambda r: (r.rank, r.sort_name, r.id))
        return rows

    @staticmethod
    def _open_items(s: Session, ids: list[int]) -> list[OpenItem]:
        items: list[OpenItem] = []
        for chunk in _chunks(ids):
            for cid, step, summary, due, happened in s.execute(
                    select(CareEvent.customer_id, CareEvent.next_step, CareEvent.summary, CareEvent.next_due,
                           CareEvent.happened_at)
                    .where(CareEvent.customer_id.in_(chunk), CareEvent.next_due.is_not(None),
                           CareEvent.next_done_at.is_(None))):
                items.append(OpenItem(cid, "follow_up", step or summary or "", due, happened.date()))
            for cid, title, due, created in s.execute(
                    select(CareTask.customer_id, CareTask.title, CareTask.due_on, CareTask.created_at)
                    .where(CareTask.customer_id.in_(chunk), CareTask.done_at.is_(None))):
                items.append(OpenItem(cid, "task", title, due, created.date() if created else None))
            for cid, category, description, target, received in s.execute(
                    select(Complaint.customer_id, Complaint.category, Complaint.description, Complaint.target_at,
                           Complaint.received_at)
                    .where(Complaint.customer_id.in_(chunk), Complaint.status.in_(OPEN_COMPLAINTS))):
                text = f"{category}: {description}" if category else description
                items.append(OpenItem(cid, "complaint", text, target.date() if target else None, received.date()))
            for cid, item, label, planned, created in s.execute(
                    select(Gift.customer_id, Gift.item, Gift.occasion_label, Gift.planned_for, Gift.created_at)
                    .where(Gift.customer_id.in_(chunk), Gift.status.in_(PROMISED_GIFTS))):
                text = f"{item} ({label})" if label else item
                items.append(OpenItem(cid, "gift", text, planned, created.date() if created else None))
        return items


def _check_days(within_days: int) -> None:
    if not isinstance(within_days, int) or isinstance(within_days, bool) or not 1 <= within_days <= MAX_WITHIN_DAYS:
        raise ValidationError({"within_days": f"spread the introduction calls over 1 to {MAX_WITHIN_DAYS} days "
                                              f"(not {within_days!r})"})


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]

