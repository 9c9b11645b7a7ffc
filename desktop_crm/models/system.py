"""Bookkeeping: import batches, the audit log, application settings."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .enums import AuditAction, enum_column


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(400))
    file_hash: Mapped[Optional[str]] = mapped_column(String(64), index=True)  # sha256 hex
    kind: Mapped[str] = mapped_column(String(32))  # customers / purchases / care / field_sheet
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    actor: Mapped[Optional[str]] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running / done / undone
    undone_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)


class AuditLog(Base):
    """One changed field of one record: who, when, before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[Optional[str]] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))  # table name
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"))
    field: Mapped[Optional[str]] = mapped_column(String(64))
    old_value: Mapped[Optional[str]] = mapped_column(Text)
    new_value: Mapped[Optional[str]] = mapped_column(Text)
    import_batch_id: Mapped[Optional[int]] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"))

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id", "at"),)


class AppSetting(Base):
    """Team-wide settings kept in the database (default phone region, holiday countries…)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class CustomerCount(Base):
    """Live customers per tier, manager and status, kept by database triggers.

    ``key`` is the tier or manager id as text ('' for none) or the status value. The
    triggers (migration 0003) update it in the same transaction as the customer row, for
    every writer, so "how many customers in tier C" is one lookup instead of a scan.
    """

    __tablename__ = "customer_counts"

    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)
