"""Purchase rhythms: how often a customer usually buys, when the next order is expected,
and when a silence has lasted long enough to call the customer at risk.

The rules (tests/test_rhythms.py):

* A *purchase day* is a day with at least one line of positive amount; several invoices on one
  day are one purchase, and a day of returns only is none.
* With at least 3 purchase days (2 gaps), the **usual gap** is the median gap in days (rounded
  half up), the **long gap** the 90th percentile (nearest rank: the smallest gap with at least
  90% of the gaps at or below it).
* The **next purchase** is expected ``usual gap`` days after the last one; a **re-order is due**
  from ``lead`` days before that, where lead is a fifth of the usual gap, at least 1 day and at
  most 7.
* The customer is **at risk** once the silence since the last purchase is longer than both the
  long gap and twice the usual gap: from ``last + max(long, 2 × usual) + 1`` days. Until then a
  due re-order is a reminder; after it, the customer is losing its rhythm.

The results live on the customer row (``usual_gap_days``… ``at_risk_from``) so the agenda finds
due re-orders with one indexed range. ``refresh`` recomputes them from the purchases, for some
customers (after an import) or all (a migration, the demo generator).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
import datetime as dt

from sqlalchemy import Date, Integer, bindparam, column, func, select, table, update
from sqlalchemy.engine import Connection

MIN_PURCHASES = 3
MAX_LEAD = 7
CHUNK = 20_000
RHYTHM_COLUMNS = ("purchase_days", "last_purchase_on", "usual_gap_days", "long_gap_days", "next_purchase_on",
                  "reorder_from", "at_risk_from")

# Light tables, so the same code runs inside a migration, whatever the models become later.
_customers = table("customers", column("id", Integer), column("purchase_days", Integer),
                   column("last_purchase_on", Date), column("usual_gap_days", Integer),
                   column("long_gap_days", Integer), column("next_purchase_on", Date),
                   column("reorder_from", Date), column("at_risk_from", Date))
_purchases = table("purchases", column("customer_id", Integer), column("purchased_on", Date),
                   column("amount", Integer))


@dataclass(frozen=True)
class Rhythm:
    purchase_days: int
    last_purchase_on: dt.date | None
    usual_gap_days: int | None = None
    long_gap_days: int | None = None
    next_purchase_on: dt.date | None = None
    reorder_from: dt.date | None = None
    at_risk_from: dt.date | None = None

    @property
    def lead_days(self) -> int | None:
        return None if self.usual_gap_days is None else _lead(self.usual_gap_days)


def _lead(usual: int) -> int:
    return max(1, min(MAX_LEAD, usual // 5))


def compute(days: Sequence[dt.date]) -> Rhythm:
    """The rhythm of a customer who bought on ``days`` (sorted, distinct)."""
    n, last, usual, long, expected, reorder, risk = compute_ordinals([d.toordinal() for d in days])
    day = lambda x: None if x is None else dt.date.fromordinal(x)  # noqa: E731
    return Rhythm(n, day(last), usual, long, day(expected), day(reorder), day(risk))


def compute_ordinals(days: Sequence[int]) -> tuple:
    """``compute`` on day numbers (any origin): (purchase days, last, usual gap, long gap, next
    expected, re-order due from, at risk from), the day fields in the same numbering."""
    if not days:
        return 0, None, None, None, None, None, None
    last = days[-1]
    if len(days) < MIN_PURCHASES:
        return len(days), last, None, None, None, None, None
    gaps = sorted(b - a for a, b in zip(days, days[1:]))
    n = len(gaps)
    mid = n // 2
    usual = gaps[mid] if n % 2 else math.floor((gaps[mid - 1] + gaps[mid]) / 2 + 0.5)
    long = gaps[math.ceil(0.9 * n) - 1]
    expected = last + usual
    return len(days), last, usual, long, expected, expected - _lead(usual), last + max(long, 2 * usual) + 1


def refresh(conn: Connection, customer_ids: Iterable[int] | None = None,
            progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the rhythms of the given customers (all when None); returns how many rows it wrote.

    Runs inside the caller's transaction, a range of customers at a time, and never changes a
    customer's version.
    """
    if customer_ids is None:
        conn.execute(update(_customers).where(_customers.c.purchase_days.is_not(None))
                     .values(purchase_days=None, last_purchase_on=None, usual_gap_days=None, long_gap_days=None,
                             next_purchase_on=None, reorder_from=None, at_risk_from=None))
        low, high = conn.execute(select(func.min(_purchases.c.customer_id), func.max(_purchases.c.customer_id))).one()
        if low is None:
            return 0
        written = 0
        for start in range(low, high + 1, CHUNK):
            span = (_purchases.c.customer_id >= start) & (_purchases.c.customer_id < start + CHUNK)
            written += _write(conn, [_row(cid, compute(days)) for cid, days in _days(conn, span)])
            if progress is not None:
                progress(min(start + CHUNK, high + 1) - low, high + 1 - low)
        return written
    ids = sorted(set(customer_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found = dict(_days(conn, _purchases.c.customer_id.in_(chunk)))
        written += _write(conn, [_row(cid, compute(found.get(cid, ()))) for cid in chunk])
    return written


def _days(conn: Connection, where) -> list[tuple[int, list[dt.date]]]:
    """(customer id, its purchase days in order) for the customers ``where`` selects."""
    stmt = (select(_purchases.c.customer_id, _purchases.c.purchased_on)
            .where(where, _purchases.c.amount > 0)
            .group_by(_purchases.c.customer_id, _purchases.c.purchased_on)
            .order_by(_purchases.c.customer_id, _purchases.c.purchased_on))
    out: list[tuple[int, list[dt.date]]] = []
    current = None
    for cid, day in conn.execute(stmt):
        if cid != current:
            current = cid
            out.append((cid, []))
        out[-1][1].append(day)
    return out


def _row(cid: int, r: Rhythm) -> dict:
    return {"cid": cid, "purchase_days": r.purchase_days or None, "last_purchase_on": r.last_purchase_on,
            "usual_gap_days": r.usual_gap_days, "long_gap_days": r.long_gap_days,
            "next_purchase_on": r.next_purchase_on, "reorder_from": r.reorder_from, "at_risk_from": r.at_risk_from}


def _write(conn: Connection, rows: list[dict]) -> int:
    if rows:
        stmt = (update(_customers).where(_customers.c.id == bindparam("cid"))
                .values({name: bindparam(name) for name in RHYTHM_COLUMNS}))
        conn.execute(stmt, rows)
    return len(rows)
