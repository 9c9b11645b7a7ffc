"""What the agenda keeps besides the customers' own records: care tasks, snoozes and company days."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin, utcnow
from .enums import Calendar, CareKind, enum_column

OPEN_TASK = text("done_at IS NULL")


class CareTask(TimestampMixin, Base):
    """Something to do for a customer by a date: "call to ask how they are after the storm".

    Made in one step for many customers (regional care), or one at a time. Logging the care
    event from the agenda finishes it (``done_event_id``).
    """

    __tablename__ = "care_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"))
    kind: Mapped[CareKind] = mapped_column(enum_column(CareKind, "care_kind"), default=CareKind.CALL)
    title: Mapped[str] = mapped_column(String(200))
    campaign: Mapped[Optional[str]] = mapped_column(String(200))  # the event behind a batch of tasks
    due_on: Mapped[dt.date] = mapped_column(Date)
    done_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    done_event_id: Mapped[Optional[int]] = mapped_column(ForeignKey("care_events.id", ondelete="SET NULL"))
    created_by: Mapped[Optional[str]] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_care_tasks_open_due", "due_on", sqlite_where=OPEN_TASK, postgresql_where=OPEN_TASK),
        Index("ix_care_tasks_campaign", "campaign"),
    )


class AgendaMark(Base):
    """A snoozed or finished agenda row: hidden while ``until`` is after today.

    ``key`` names the row (``call:42``, ``occasion:7:2026-12-01``…); ``section`` and
    ``customer_id`` let the agenda subtract snoozed rows from its counts in one join.
    """

    __tablename__ = "agenda_marks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    section: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    until: Mapped[dt.date] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    actor: Mapped[Optional[str]] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_agenda_marks_section", "section", "customer_id", "until"),)


class CompanyDay(Base):
    """A day the company marks for its customers (its own anniversary, a customer-appreciation day).

    ``country`` empty: every customer; otherwise the customers of that country.
    """

    __tablename__ = "company_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    calendar: Mapped[Calendar] = mapped_column(enum_column(Calendar, "calendar"), default=Calendar.SOLAR)
    year: Mapped[Optional[int]] = mapped_column(SmallInteger)  # the year of a one-off day
    month: Mapped[int] = mapped_column(SmallInteger)
    day: Mapped[int] = mapped_column(SmallInteger)
    leap_month: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    yearly: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    country: Mapped[Optional[str]] = mapped_column(String(2))
    lead_days: Mapped[int] = mapped_column(SmallInteger, default=14, server_default=text("14"))
    notes: Mapped[Optional[str]] = mapped_column(Text)
