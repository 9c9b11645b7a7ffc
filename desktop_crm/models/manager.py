"""Account managers and the history of who looked after which customer."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, TimestampMixin
from .enums import AssignmentRole, ManagerRole, enum_column


class Manager(TimestampMixin, Base):
    __tablename__ = "managers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    login: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[Optional[str]] = mapped_column(String(254))
    role: Mapped[ManagerRole] = mapped_column(enum_column(ManagerRole, "manager_role"), default=ManagerRole.MANAGER)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))


class CustomerAssignment(Base):
    """One manager responsible for one customer over a span of dates; ``ended_on`` NULL = current."""

    __tablename__ = "customer_assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id", ondelete="RESTRICT"))
    role: Mapped[AssignmentRole] = mapped_column(
        enum_column(AssignmentRole, "assignment_role"), default=AssignmentRole.PRIMARY
    )
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    note: Mapped[Optional[str]] = mapped_column(Text)

    __table_args__ = (
        Index("ix_customer_assignments_customer", "customer_id", "ended_on"),
        Index("ix_customer_assignments_manager", "manager_id", "ended_on"),
    )
