"""Care events, occasions worth remembering, and gifts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Money, TimestampMixin, utcnow
from .enums import Calendar, CareKind, GiftStatus, OccasionKind, RecordSource, enum_column


class CareEvent(Base):
    """Something a manager did for a customer: a call, a visit, a greeting, a gift, help…"""

    __tablename__ = "care_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    contact_id: Mapped[Optional[int]] = mapped_column(ForeignKey("contact_persons.id", ondelete="SET NULL"))
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"))
    kind: Mapped[CareKind] = mapped_column(enum_column(CareKind, "care_kind"))
    happened_at: Mapped[dt.datetime] = mapped_column(DateTime)
    channel: Mapped[Optional[str]] = mapped_column(String(32))
    summary: Mapped[Optional[str]] = mapped_column(Text)
    outcome: Mapped[Optional[str]] = mapped_column(Text)
    next_step: Mapped[Optional[str]] = mapped_column(Text)
    next_due: Mapped[Optional[dt.date]] = mapped_column(Date)
    next_done_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    source: Mapped[RecordSource] = mapped_column(enum_column(RecordSource, "record_source"), default=RecordSource.MANUAL)
    import_batch_id: Mapped[Optional[int]] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"))
    # Where an imported event came from (a field sheet row, an activity log line): importing the
    # same file again finds it and adds nothing (migration 0005).
    external_ref: Mapped[Optional[str]] = mapped_column(String(100))
    # Kept by database triggers (migration 0006), never by hand: for an event with a next step,
    # the customer's manager id (0: none) while the customer is live and not lost, else NULL.
    # The agenda counts due follow-ups from one partial index on it, without visiting customers.
    follow_up_owner: Mapped[Optional[int]] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        Index("ix_care_events_external_ref", "external_ref", unique=True),
        Index("ix_care_events_customer", "customer_id", "happened_at"),
        Index("ix_care_events_manager", "manager_id", "happened_at"),
        Index("ix_care_events_next_due", "next_due"),
    )


class Occasion(Base):
    """A date worth a greeting: a birthday in the family, a company anniversary, a store opening…"""

    __tablename__ = "occasions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[Optional[int]] = mapped_column(ForeignKey("contact_persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OccasionKind] = mapped_column(enum_column(OccasionKind, "occasion_kind"))
    title: Mapped[Optional[str]] = mapped_column(String(200))
    calendar: Mapped[Calendar] = mapped_column(enum_column(Calendar, "calendar"), default=Calendar.SOLAR)
    year: Mapped[Optional[int]] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger)
    day: Mapped[int] = mapped_column(SmallInteger)
    leap_month: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    yearly: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    lead_days: Mapped[int] = mapped_column(SmallInteger, default=7, server_default=text("7"))
    notes: Mapped[Optional[str]] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("customer_id IS NOT NULL OR contact_id IS NOT NULL", name="owner"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint("day BETWEEN 1 AND 31", name="day"),
        # Looked up by month and day through ix_agenda_occasions (migration 0006, services/agenda_sql.py).
    )


class Gift(TimestampMixin, Base):
    __tablename__ = "gifts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[Optional[int]] = mapped_column(ForeignKey("contact_persons.id", ondelete="SET NULL"))
    occasion_id: Mapped[Optional[int]] = mapped_column(ForeignKey("occasions.id", ondelete="SET NULL"))
    occasion_label: Mapped[Optional[str]] = mapped_column(String(200))  # e.g. "Spring Festival 2027"
    item: Mapped[str] = mapped_column(String(200))
    story: Mapped[Optional[str]] = mapped_column(Text)  # why this gift, where it comes from
    cost: Mapped[Optional[Decimal]] = mapped_column(Money)
    status: Mapped[GiftStatus] = mapped_column(enum_column(GiftStatus, "gift_status"), default=GiftStatus.IDEA)
    planned_for: Mapped[Optional[dt.date]] = mapped_column(Date)
    given_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"))

    __table_args__ = (Index("ix_gifts_status", "status", "planned_for"),)
