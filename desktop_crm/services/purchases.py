"""What a customer bought: the lines newest first, and totals counted by the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Date, and_, bindparam, case, distinct, func, select, text

from desktop_crm.models import Purchase

from .card_common import alive_customer
from .card_records import CurrencyTotal, PurchaseRecord, PurchaseSummary

if TYPE_CHECKING:
    from .crm import Crm

ROW_LIMIT = 500
ZERO = Decimal("0.00")
INDEX_SHARE = 50  # SQLite: the date index only for periods holding under 1/50 of all lines


def year_before(day: dt.date) -> dt.date:
    """The same date a year earlier (February 29 becomes February 28)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def period_table(conn, since: dt.date, until: dt.date) -> str:
    """How a statement should name the purchases table to read the lines of since..until.

    On SQLite the date index looks lines up one by one, which only pays for a short period; for
    more than a small share of all lines a plain scan (``purchases NOT INDEXED``) is several times
    faster. PostgreSQL's planner knows this itself. ``conn`` is a Connection or a Session.
    """
    bind = conn.get_bind() if hasattr(conn, "get_bind") else conn
    if bind.dialect.name != "sqlite":
        return "purchases"
    everything = conn.execute(text("SELECT MAX(id) FROM purchases")).scalar() or 0
    cap = everything // INDEX_SHARE
    count = text("SELECT COUNT(*) FROM (SELECT 1 FROM purchases WHERE purchased_on >= :since "
                 "AND purchased_on <= :until LIMIT :cap) AS p").bindparams(
        bindparam("since", type_=Date), bindparam("until", type_=Date))
    in_period = conn.execute(count, {"since": since, "until": until, "cap": cap + 1}).scalar()
    return "purchases" if in_period <= cap else "purchases NOT INDEXED"


class PurchaseService:
    def __init__(self, crm: "Crm", *, today: Callable[[], dt.date] | None = None):
        self._crm = crm
        self.today = today or dt.date.today  # replaceable, so that "the last 12 months" can be pinned in tests

    def summary(self, customer_id: int, today: dt.date | None = None, limit: int = ROW_LIMIT) -> PurchaseSummary:
        """Totals (per currency; all time and the last 12 months), first and last purchase, and the
        ``limit`` newest lines. "The last 12 months" are the days after the same date a year before
        ``today``, up to and including ``today``."""
        today = today or self.today()
        since = year_before(today)
        mine = Purchase.customer_id == customer_id
        recent = and_(Purchase.purchased_on > since, Purchase.purchased_on <= today)
        with self._crm.session() as s:
            alive_customer(s, customer_id)
            per_currency = s.execute(
                select(Purchase.currency, func.sum(Purchase.amount),
                       func.sum(case((recent, Purchase.amount), else_=0)), func.count())
                .where(mine).group_by(Purchase.currency)
            ).all()
            lines, first_on, last_on, invoices, loose = s.execute(
                select(func.count(), func.min(Purchase.purchased_on), func.max(Purchase.purchased_on),
                       func.count(distinct(Purchase.reference)),
                       func.coalesce(func.sum(case((Purchase.reference.is_(None), 1), else_=0)), 0))
                .where(mine)
            ).one()
            rows = s.scalars(select(Purchase).where(mine)
                             .order_by(Purchase.purchased_on.desc(), Purchase.id.desc()).limit(limit + 1)).all()
            records = tuple(
                PurchaseRecord(id=p.id, purchased_on=p.purchased_on, product_code=p.product_code,
                               product_name=p.product_name, quantity=p.quantity, amount=p.amount,
                               currency=p.currency, reference=p.reference, line_ref=p.line_ref)
                for p in rows[:limit]
            )
        totals = sorted(
            (CurrencyTotal(currency=cur, all_time=_money(total), last_12_months=_money(last_year), lines=int(n))
             for cur, total, last_year, n in per_currency),
            key=lambda t: (-t.all_time, t.currency),
        )
        return PurchaseSummary(
            customer_id=customer_id, today=today, since=since, lines=int(lines),
            purchases=int(invoices) + int(loose), first_on=first_on, last_on=last_on, totals=tuple(totals),
            rows=records, more=len(rows) > limit,
        )


def _money(value) -> Decimal:
    if value is None:
        return ZERO
    return Decimal(value).quantize(Decimal("0.01"))


__all__ = ["PurchaseService", "year_before"]
