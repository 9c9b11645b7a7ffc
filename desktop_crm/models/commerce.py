"""What customers bought, and what they complained about."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Money, TimestampMixin, utcnow
from .enums import ComplaintStatus, Severity, enum_column


class Purchase(Base):
    """One invoice line. ``(reference, line_ref)`` identifies it, so importing it again adds nothing."""

    __tablename__ = "purchases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    purchased_on: Mapped[dt.date] = mapped_column(Date)
    product_code: Mapped[Optional[str]] = mapped_column(String(64))
    product_name: Mapped[Optional[str]] = mapped_column(String(200))
    quantity: Mapped[float] = mapped_column(Float, default=1.0)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    reference: Mapped[Optional[str]] = mapped_column(String(64))  # invoice number
    line_ref: Mapped[Optional[str]] = mapped_column(String(64))  # the line within the invoice
    import_batch_id: Mapped[Optional[int]] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("reference", "line_ref"),
        Index("ix_purchases_customer", "customer_id", "purchased_on"),
        Index("ix_purchases_date", "purchased_on"),
    )


class Complaint(TimestampMixin, Base):
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[Optional[int]] = mapped_column(ForeignKey("contact_persons.id", ondelete="SET NULL"))
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    channel: Mapped[Optional[str]] = mapped_column(String(32))
    category: Mapped[Optional[str]] = mapped_column(String(64))
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "severity"), default=Severity.MEDIUM)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[ComplaintStatus] = mapped_column(
        enum_column(ComplaintStatus, "complaint_status"), default=ComplaintStatus.OPEN
    )
    target_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)  # answer promised by
    resolution: Mapped[Optional[str]] = mapped_column(Text)
    resolved_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    feedback: Mapped[Optional[str]] = mapped_column(Text)
    satisfaction: Mapped[Optional[int]] = mapped_column(SmallInteger)  # 1..5
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("satisfaction IS NULL OR (satisfaction BETWEEN 1 AND 5)", name="satisfaction"),
        Index("ix_complaints_status", "status", "target_at"),
    )
