"""Tiers and their service policy; moving customers between tiers with history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_crm.errors import NotFoundError
from desktop_crm.models import Customer, Tier, TierChange, TierChangeReason, utcnow

from .changes import Changes
from .records import TierRecord

if TYPE_CHECKING:
    from .crm import Crm


def _record(t: Tier) -> TierRecord:
    return TierRecord(id=t.id, code=t.code, name=t.name, rank=t.rank, colour=t.colour,
                      call_cadence_days=t.call_cadence_days, visit_cadence_days=t.visit_cadence_days,
                      gift_budget=t.gift_budget, revenue_share=t.revenue_share)


class TierService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def list(self) -> list[TierRecord]:
        with self._crm.session() as s:
            return [_record(t) for t in s.scalars(select(Tier).order_by(Tier.rank, Tier.code))]

    def record_change(self, s: Session, customer: Customer, new_tier_id: int | None, *, manual: bool,
                      note: str | None = None) -> None:
        """Move one customer inside an open session and write the TierChange history."""
        s.add(TierChange(customer_id=customer.id, from_tier_id=customer.tier_id, to_tier_id=new_tier_id,
                         changed_at=utcnow(), reason=TierChangeReason.MANUAL if manual else TierChangeReason.AUTOMATIC,
                         actor=s.info.get("actor"), note=note))
        customer.tier_id = new_tier_id
        if manual:
            customer.tier_pinned = True

    def set_tier(self, customer_ids: list[int], code: str | None, *, note: str | None = None) -> Changes:
        """Set a manual tier for these customers (pinned, so automatic ABC keeps it)."""
        with self._crm.session() as s:
            tier_id = None
            if code:
                tier_id = s.scalar(select(Tier.id).where(Tier.code == code))
                if tier_id is None:
                    raise NotFoundError(f"There is no tier {code!r}.")
            for customer in s.scalars(select(Customer).where(Customer.id.in_(customer_ids))):
                if customer.tier_id != tier_id:
                    self.record_change(s, customer, tier_id, manual=True, note=note)
                else:
                    customer.tier_pinned = True
            s.commit()
        return Changes(customers=frozenset(customer_ids), customer_list=True)

    def history(self, customer_id: int) -> list[dict]:
        with self._crm.session() as s:
            codes = dict(s.execute(select(Tier.id, Tier.code)).all())
            rows = s.scalars(select(TierChange).where(TierChange.customer_id == customer_id)
                             .order_by(TierChange.changed_at.desc(), TierChange.id.desc()))
            return [{"from": codes.get(r.from_tier_id), "to": codes.get(r.to_tier_id), "at": r.changed_at,
                     "reason": r.reason.value, "actor": r.actor, "note": r.note} for r in rows]
