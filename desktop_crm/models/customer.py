"""Customers and the people who work at company customers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import (
    JSON,
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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Money, TimestampMixin
from .enums import Calendar, CustomerKind, CustomerStatus, Loyalty, enum_column

if TYPE_CHECKING:
    from .manager import Manager
    from .tier import Tier

ALIVE = text("deleted_at IS NULL")


class BirthdayMixin:
    """A birthday on the solar or the lunar calendar; the year may be unknown.

    For a lunar birthday, month/day are lunar and ``birth_leap_month`` says whether it fell
    in the leap (intercalary) month of that year.
    """

    birth_calendar: Mapped[Optional[Calendar]] = mapped_column(enum_column(Calendar, "calendar"), nullable=True)
    birth_year: Mapped[Optional[int]] = mapped_column(SmallInteger)
    birth_month: Mapped[Optional[int]] = mapped_column(SmallInteger)
    birth_day: Mapped[Optional[int]] = mapped_column(SmallInteger)
    birth_leap_month: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class Customer(TimestampMixin, BirthdayMixin, Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # 64: UUIDs of other programs (0005)
    kind: Mapped[CustomerKind] = mapped_column(enum_column(CustomerKind, "customer_kind"), default=CustomerKind.PERSON)
    name: Mapped[str] = mapped_column(String(200))
    # Case- and accent-folded name, kept by the service layer; the big table sorts on it.
    sort_name: Mapped[str] = mapped_column(String(200))
    company: Mapped[Optional[str]] = mapped_column(String(200))
    title: Mapped[Optional[str]] = mapped_column(String(100))

    phone: Mapped[Optional[str]] = mapped_column(String(64))
    phone_e164: Mapped[Optional[str]] = mapped_column(String(20), index=True)
    mobile: Mapped[Optional[str]] = mapped_column(String(64))
    mobile_e164: Mapped[Optional[str]] = mapped_column(String(20), index=True)
    email: Mapped[Optional[str]] = mapped_column(String(254), index=True)
    address: Mapped[Optional[str]] = mapped_column(String(300))
    city: Mapped[Optional[str]] = mapped_column(String(100))
    region: Mapped[Optional[str]] = mapped_column(String(100))
    country: Mapped[Optional[str]] = mapped_column(String(2))  # ISO 3166-1 alpha-2

    status: Mapped[CustomerStatus] = mapped_column(
        enum_column(CustomerStatus, "customer_status"), default=CustomerStatus.ACTIVE
    )
    tier_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tiers.id", ondelete="SET NULL"))
    tier_pinned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    loyalty: Mapped[Optional[Loyalty]] = mapped_column(enum_column(Loyalty, "loyalty"))
    industry: Mapped[Optional[str]] = mapped_column(String(100))
    purpose: Mapped[Optional[str]] = mapped_column(String(200))  # what the customer uses our products for
    source: Mapped[Optional[str]] = mapped_column(String(100))  # how the customer came to us
    credit_rating: Mapped[Optional[str]] = mapped_column(String(16))
    credit_limit: Mapped[Optional[Decimal]] = mapped_column(Money)

    hobbies: Mapped[Optional[str]] = mapped_column(Text)
    personality: Mapped[Optional[str]] = mapped_column(Text)
    family_notes: Mapped[Optional[str]] = mapped_column(Text)
    notes: Mapped[Optional[str]] = mapped_column(Text)
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    # The current primary manager (history lives in customer_assignments).
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"))
    # Last touches, kept by the care service so that "due for a call" is one indexed comparison.
    last_call_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    last_visit_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    # When the current primary manager took the customer: a never-contacted customer is due for
    # a call from the later of this and its creation (migration 0006).
    assigned_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    # The purchase rhythm, kept by services/rhythms.py from the purchases (migration 0006): the
    # days the customer bought on, the usual (median) and long (90th-percentile) gap between them,
    # the expected next purchase, and from when a re-order is due and the customer is at risk.
    purchase_days: Mapped[Optional[int]] = mapped_column(Integer)
    last_purchase_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    usual_gap_days: Mapped[Optional[int]] = mapped_column(Integer)
    long_gap_days: Mapped[Optional[int]] = mapped_column(Integer)
    next_purchase_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    reorder_from: Mapped[Optional[dt.date]] = mapped_column(Date)
    at_risk_from: Mapped[Optional[dt.date]] = mapped_column(Date)

    import_batch_id: Mapped[Optional[int]] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"))
    deleted_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    tier: Mapped[Optional["Tier"]] = relationship(lazy="joined")
    manager: Mapped[Optional["Manager"]] = relationship(lazy="joined")
    contacts: Mapped[list["ContactPerson"]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="ContactPerson.id"
    )

    __mapper_args__ = {"version_id_col": version}
    # The customer table's sort orders have partial indexes of their own, made by migration
    # 0004 (ix_customers_order_*: company, city, region with blanks last; tier and status with
    # the name inside; last contact as an expression). services/customer_order.py uses them.
    __table_args__ = (
        CheckConstraint("birth_month IS NULL OR (birth_month BETWEEN 1 AND 12)", name="birth_month"),
        CheckConstraint("birth_day IS NULL OR (birth_day BETWEEN 1 AND 31)", name="birth_day"),
        Index("ix_customers_sort_name", "sort_name", "id", sqlite_where=ALIVE, postgresql_where=ALIVE),
        Index("ix_customers_manager", "manager_id", "sort_name", sqlite_where=ALIVE, postgresql_where=ALIVE),
        Index("ix_customers_status", "status"),
        Index("ix_customers_region", "region"),
        Index("ix_customers_birthday", "birth_month", "birth_day"),
        Index("ix_customers_last_call", "last_call_at"),
        Index("ix_customers_import_batch", "import_batch_id"),
    )

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Customer {self.code} {self.name!r}>"


class ContactPerson(TimestampMixin, BirthdayMixin, Base):
    __tablename__ = "contact_persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Optional[str]] = mapped_column(String(100))
    phone: Mapped[Optional[str]] = mapped_column(String(64))
    phone_e164: Mapped[Optional[str]] = mapped_column(String(20), index=True)
    mobile: Mapped[Optional[str]] = mapped_column(String(64))
    mobile_e164: Mapped[Optional[str]] = mapped_column(String(20))
    email: Mapped[Optional[str]] = mapped_column(String(254))
    decision_maker: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    joined_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    left_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    notes: Mapped[Optional[str]] = mapped_column(Text)
    import_batch_id: Mapped[Optional[int]] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    customer: Mapped[Customer] = relationship(back_populates="contacts")

    __mapper_args__ = {"version_id_col": version}


class CustomerSearch(Base):
    """The text the search index is built from: one row per customer, tokens joined by spaces.

    On SQLite an FTS5 table (customer_fts) indexes ``doc``; on PostgreSQL a generated
    tsvector column with a GIN index does. Both are created by the migrations.
    """

    __tablename__ = "customer_search"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    doc: Mapped[str] = mapped_column(Text)
