"""Customer tiers with their service policy, and the history of tier moves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Money, TimestampMixin, utcnow
from .enums import TierChangeReason, enum_column


class Tier(TimestampMixin, Base):
    __tablename__ = "tiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    rank: Mapped[int] = mapped_column(Integer)  # 1 = the most valuable
    colour: Mapped[str] = mapped_column(String(9), default="#808080")
    call_cadence_days: Mapped[Optional[int]] = mapped_column(Integer)
    visit_cadence_days: Mapped[Optional[int]] = mapped_column(Integer)
    gift_budget: Mapped[Optional[Decimal]] = mapped_column(Money)  # per customer and year
    revenue_share: Mapped[Optional[float]] = mapped_column(Float)  # share of revenue for automatic ABC


class TierChange(Base):
    __tablename__ = "tier_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    from_tier_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tiers.id", ondelete="SET NULL"))
    to_tier_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tiers.id", ondelete="SET NULL"))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[TierChangeReason] = mapped_column(enum_column(TierChangeReason, "tier_change_reason"))
    actor: Mapped[Optional[str]] = mapped_column(String(64))
    note: Mapped[Optional[str]] = mapped_column(Text)

    __table_args__ = (Index("ix_tier_changes_customer", "customer_id", "changed_at"),)
